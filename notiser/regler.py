"""The refusal rules every outbox (SMS, push) keeps, in one place:
- nothing to a locked (spärrat) Alltid öppet account (seed 001, "Spärra konto");
- nothing to a protected identity *or a known threat* unless staff explicitly chose it (``skyddad_bekraftad``):
  seed 001, "Invånare med skyddade personuppgifter/känd hotbild": »Innan kallelse skickas till en invånare med
  skyddade personuppgifter/känd hotbild ska vårdpersonalen haft en dialog med invånaren och gjort en
  överenskommelse om hur hen vill bli kallad« (``kraver_personalens_val``, i.e. ``Invanare.skydd_eller_hotbild``).
Checked when a row is written and again just before it is sent. The set-based SMS writer (notiser.sms.bulk)
repeats the same rule in SQL; a test compares the two row by row."""
from __future__ import annotations

from django.utils.translation import gettext as _

from invanare.models import Kontosparr


def sparrad_text() -> str:
    return _("Invånarens konto i Alltid öppet är spärrat.")


def skyddad_text() -> str:
    return _("Skyddad identitet: SMS skickas bara när personalen uttryckligen valt det.")


def hotbild_text() -> str:
    return _("Känd hotbild: SMS skickas bara när personalen uttryckligen valt det.")


def kraver_personalens_val(invanare) -> bool:
    """Protected identity or a known threat: nothing reaches her phone unless staff agreed it with her."""
    return invanare.skydd_eller_hotbild


def nekande_orsak(invanare, *, sparrad: bool, skyddad_bekraftad: bool) -> str | None:
    if sparrad:
        return sparrad_text()
    if kraver_personalens_val(invanare) and not skyddad_bekraftad:
        return skyddad_text() if invanare.ar_skyddad else hotbild_text()
    return None


def orsak_fore_sandning(invanare, *, skyddad_bekraftad: bool) -> str | None:
    """Things may have changed since the row was written: a lock, a new protected identity, a known threat."""
    if invanare is None:
        # A number outside the register (a video guest link, notiser.sms.services.sms_enqueue_till_nummer):
        # a citizen's own rows are deleted with her, so no row loses its citizen.
        return None
    sparrad = Kontosparr.objects.aktiva().filter(invanare=invanare).exists()
    return nekande_orsak(invanare, sparrad=sparrad, skyddad_bekraftad=skyddad_bekraftad)
