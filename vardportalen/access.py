"""Who may do what: the active commission and role checks used by views and selectors."""
import contextlib
import contextvars

from django.core.exceptions import PermissionDenied

from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll

# A staff member the request's middleware has already loaded together with the commission (see
# StaffAuthenticationMiddleware); the login backend's get_user hands it to Django's session checks instead of
# reading the same row again.
_forladdad_medarbetare: contextvars.ContextVar[Medarbetare | None] = contextvars.ContextVar(
    "forladdad_medarbetare", default=None)


def load_active_uppdrag(*, medarbetare_id, uppdrag_id) -> Medarbetaruppdrag | None:
    """The active commission with its (active) staff member and unit, in one query: every staff request asks
    this, so the user is taken from it instead of being read on its own."""
    if not uppdrag_id or not medarbetare_id:
        return None
    hittade = (
        Medarbetaruppdrag.objects.aktiva()
        .select_related("vardenhet", "medarbetare")
        .filter(pk=uppdrag_id, medarbetare_id=medarbetare_id)
        .order_by()[:1]
    )
    return hittade[0] if hittade else None


@contextlib.contextmanager
def forladdad_medarbetare(medarbetare: Medarbetare | None):
    token = _forladdad_medarbetare.set(medarbetare)
    try:
        yield
    finally:
        _forladdad_medarbetare.reset(token)


def forladdad_medarbetare_med_id(medarbetare_id) -> Medarbetare | None:
    medarbetare = _forladdad_medarbetare.get()
    if medarbetare is not None and medarbetare.pk == medarbetare_id:
        return medarbetare
    return None


def require_roll(request, *roller: Roll) -> Medarbetaruppdrag:
    """Raise PermissionDenied unless the active commission has one of the roles."""
    uppdrag = getattr(request, "uppdrag", None)
    if uppdrag is None or uppdrag.roll not in roller:
        raise PermissionDenied
    return uppdrag
