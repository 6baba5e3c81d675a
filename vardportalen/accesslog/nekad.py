"""Every refused access to a citizen's data is logged as denied, whatever the path to the refusal.

Views refuse in many ways: ``invanare_get_for_uppdrag`` logs its own denial, but a queryset scoped to the
unit answers 404 before any care-relation check, a role check answers 403, an admin permission check
answers 403. So the rule is kept in one place, after the view: ``AtkomstNekadMiddleware`` looks at every
403/404 answered to a staff member under an active commission, and when the URL names a citizen's data
and the request wrote no "nekad" row itself, it writes one per citizen the URL names (or one without a
citizen when the id names nothing: denied and non-existent are logged alike, as they are answered alike).

Which URL kwargs name a citizen's data is said by the domain that owns the URL, in its ``AppConfig.ready``
(the ground floor imports no domain app)::

    nekad_kalla_register(namnrymd="bokning", kwarg="bokning_id",
                         invanare_for=lambda pk: Invanare.objects.filter(bokningar__pk=pk))

``invanare_id`` in any namespace names the citizen herself. The admin's pages of citizen data log their
refusals in ``AtkomstloggAdminMixin`` (same rule, same row).
"""
from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable

from django.utils.translation import gettext as _

NekadKalla = Callable[[int], "object"]  # pk -> QuerySet (or list) of Invanare

_KALLOR: dict[tuple[str, str], NekadKalla] = {}
ALLA_NAMNRYMDER = "*"

# Denial rows written during the current request (None outside one): the middleware adds none if the view did.
_nekade_i_begaran: contextvars.ContextVar[list | None] = contextvars.ContextVar("nekade_i_begaran", default=None)


def nekad_kalla_register(*, namnrymd: str, kwarg: str, invanare_for: NekadKalla) -> None:
    """Say that ``kwarg`` in URLs of namespace ``namnrymd`` names the data of the citizens ``invanare_for(pk)``."""
    _KALLOR[(namnrymd, kwarg)] = invanare_for


def nekad_noterad() -> None:
    """Called by the access log for every denial row it writes."""
    rader = _nekade_i_begaran.get()
    if rader is not None:
        rader.append(True)


@contextlib.contextmanager
def begaran():
    token = _nekade_i_begaran.set([])
    try:
        yield _nekade_i_begaran.get()
    finally:
        _nekade_i_begaran.reset(token)


def _kalla(namnrymd: str, kwarg: str) -> NekadKalla | None:
    for nyckel in ((namnrymd, kwarg), (namnrymd.split(":")[0], kwarg), (ALLA_NAMNRYMDER, kwarg)):
        if nyckel in _KALLOR:
            return _KALLOR[nyckel]
    return None


def _pk(value) -> int | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if 0 < pk < 2**63 else None


def namngivna_invanare(*, namnrymd: str, kwargs: dict) -> tuple[bool, list]:
    """(does the URL name a citizen's data?, the citizens it names)."""
    namner, invanare = False, {}
    for kwarg, value in kwargs.items():
        kalla = _kalla(namnrymd, kwarg)
        if kalla is None:
            continue
        namner = True
        pk = _pk(value)
        if pk is not None:
            for inv in kalla(pk):
                invanare[inv.pk] = inv
    return namner, list(invanare.values())


def logga_nekad(*, request, status: int) -> None:
    """Write the denial rows for a refused request, unless the view wrote its own."""
    from vardportalen.accesslog.services import Handelse, Utfall, atkomst_logga, atkomst_logga_flera

    match = getattr(request, "resolver_match", None)
    if match is None or not match.kwargs:
        return
    namner, invanare = namngivna_invanare(namnrymd=match.namespace or "", kwargs=match.kwargs)
    if not namner:
        return
    handelse = Handelse.LASNING if request.method in ("GET", "HEAD") else Handelse.ANDRING
    vad = match.view_name[:60]
    detalj = _("Nekad (HTTP %(status)s).") % {"status": status}
    if invanare:
        atkomst_logga_flera(aktor=request, invanare_lista=invanare, handelse=handelse, utfall=Utfall.NEKAD, vad=vad,
                            detalj=detalj)
    else:
        atkomst_logga(aktor=request, handelse=handelse, utfall=Utfall.NEKAD, vad=vad,
                      detalj=_("Nekad (HTTP %(status)s): okänt id.") % {"status": status})


class AtkomstNekadMiddleware:
    """After the view: a refusal (403/404) of a URL naming a citizen's data that wrote no denial row gets one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with begaran() as nekade:
            response = self.get_response(request)
            if response.status_code in (403, 404) and not nekade and getattr(request, "uppdrag", None) is not None:
                logga_nekad(request=request, status=response.status_code)
        return response
