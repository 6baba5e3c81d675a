"""The refusal rules every outbox (SMS, push) keeps, in one place:
- nothing to a locked (spärrat) Alltid öppet account (seed 001, "Spärra konto");
- nothing to a protected identity unless staff explicitly chose it (``skyddad_bekraftad``).
Checked when a row is written and again just before it is sent."""
from __future__ import annotations

from django.utils.translation import gettext as _

from invanare.models import Kontosparr


def sparrad_text() -> str:
    return _("Invånarens konto i Alltid öppet är spärrat.")


def skyddad_text() -> str:
    return _("Skyddad identitet: SMS skickas bara när personalen uttryckligen valt det.")


def nekande_orsak(invanare, *, sparrad: bool, skyddad_bekraftad: bool) -> str | None:
    if sparrad:
        return sparrad_text()
    if invanare.ar_skyddad and not skyddad_bekraftad:
        return skyddad_text()
    return None


def orsak_fore_sandning(invanare, *, skyddad_bekraftad: bool) -> str | None:
    """Things may have changed since the row was written: a lock, a new protected identity."""
    if invanare is None:
        # A number outside the register (a video guest link, notiser.sms.services.sms_enqueue_till_nummer):
        # a citizen's own rows are deleted with her, so no row loses its citizen.
        return None
    sparrad = Kontosparr.objects.aktiva().filter(invanare=invanare).exists()
    return nekande_orsak(invanare, sparrad=sparrad, skyddad_bekraftad=skyddad_bekraftad)
