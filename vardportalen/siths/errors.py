"""Why a login failed: one code per reason (logged in Inloggningshandelse.orsak) and the Swedish message staff see.

The codes are stable identifiers (they are searched in the login log); the messages are UI text.
"""
from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# Reported by the card agent (through the browser)
FEL_PIN = "fel_pin"
PIN_LAST = "pin_last"
INGET_KORT = "inget_kort"
INGEN_KORTAGENT = "ingen_kortagent"
KORTAGENT_FEL = "kortagent_fel"
# The challenge
FELAKTIG_BEGARAN = "felaktig_begäran"
NONCE_OKAND = "nonce_okänd"
NONCE_ANVAND = "nonce_använd"
NONCE_UTGANGEN = "nonce_utgången"
NONCE_FEL_SESSION = "nonce_fel_session"
FEL_SIGNATUR = "fel_signatur"
# The certificate
OGILTIGT_CERTIFIKAT = "ogiltigt_certifikat"
OKAND_UTFARDARE = "okänd_utfärdare"
CERTIFIKAT_UTGANGET = "certifikat_utgånget"
CERTIFIKAT_EJ_GILTIGT_AN = "certifikat_ej_giltigt_än"
SIGNERINGSCERTIFIKAT = "signeringscertifikat"
EJ_LEGITIMERINGSCERTIFIKAT = "ej_legitimeringscertifikat"
FUNKTIONSCERTIFIKAT = "funktionscertifikat"
SPARRAT_CERTIFIKAT = "spärrat_certifikat"
SPARRKONTROLL_MISSLYCKADES = "spärrkontroll_misslyckades"
# The person
OKANT_HSA_ID = "okänt_hsa_id"
INAKTIV_MEDARBETARE = "inaktiv_medarbetare"
INGET_AKTIVT_UPPDRAG = "inget_aktivt_uppdrag"
# The reverse proxy
PROXY_EJ_BETRODD = "proxy_ej_betrodd"
INGET_CERTIFIKAT = "inget_certifikat"

# Codes the browser may report from the agent; anything else is logged as kortagent_fel.
AGENT_CODES = frozenset({FEL_PIN, PIN_LAST, INGET_KORT, INGEN_KORTAGENT, KORTAGENT_FEL})

_RELOAD = _("Försök logga in igen.")

MESSAGES = {
    FEL_PIN: _("Fel PIN-kod. Försök igen – efter tre felaktiga försök spärras kortet."),
    PIN_LAST: _("PIN-koden är spärrad. Kontakta din SITHS-administratör för att låsa upp kortet."),
    INGET_KORT: _("Inget SITHS-kort hittades i kortläsaren. Sätt i kortet och försök igen."),
    INGEN_KORTAGENT: _(
        "Ingen kortläsare eller kortagent svarar. Kontrollera att kortet sitter i läsaren och att kortagenten är startad."
    ),
    KORTAGENT_FEL: _("Kortagenten kunde inte läsa kortet. Ta ut kortet, sätt i det igen och försök på nytt."),
    FELAKTIG_BEGARAN: format_lazy("{} {}", _("Inloggningen kunde inte genomföras."), _RELOAD),
    NONCE_OKAND: format_lazy("{} {}", _("Inloggningsförsöket känns inte igen."), _RELOAD),
    NONCE_ANVAND: format_lazy("{} {}", _("Inloggningsförsöket har redan använts."), _RELOAD),
    NONCE_UTGANGEN: format_lazy("{} {}", _("Inloggningen tog för lång tid (mer än två minuter)."), _RELOAD),
    NONCE_FEL_SESSION: format_lazy("{} {}", _("Inloggningsförsöket hör till ett annat webbläsarfönster."), _RELOAD),
    FEL_SIGNATUR: format_lazy("{} {}", _("Kortets underskrift stämmer inte med inloggningsförsöket."), _RELOAD),
    OGILTIGT_CERTIFIKAT: _("Certifikatet från kortet kunde inte läsas. Kontakta IT-supporten om felet kvarstår."),
    OKAND_UTFARDARE: _(
        "Kortets certifikat är inte utfärdat av en betrodd SITHS-utfärdare. Logga in med ditt SITHS-kort (eTjänstekort)."
    ),
    CERTIFIKAT_UTGANGET: _("Kortets certifikat har gått ut. Kontakta din SITHS-administratör för att få ett nytt kort."),
    CERTIFIKAT_EJ_GILTIGT_AN: _("Kortets certifikat gäller inte ännu. Kontakta din SITHS-administratör."),
    SIGNERINGSCERTIFIKAT: _(
        "Kortet använde sitt underskriftscertifikat. Inloggning kräver kortets legitimeringscertifikat – "
        "kontakta din SITHS-administratör om kortet saknar det."
    ),
    EJ_LEGITIMERINGSCERTIFIKAT: _("Kortets certifikat är inte ett legitimeringscertifikat för personer och kan inte användas för inloggning."),
    FUNKTIONSCERTIFIKAT: _(
        "Funktionscertifikat kan inte användas för att logga in i Vårdportalen. Logga in med ditt personliga SITHS-kort."
    ),
    SPARRAT_CERTIFIKAT: _("Kortets certifikat är spärrat. Kontakta din SITHS-administratör."),
    SPARRKONTROLL_MISSLYCKADES: _(
        "Det gick inte att kontrollera om kortet är spärrat. Försök igen om en stund eller kontakta IT-supporten."
    ),
    OKANT_HSA_ID: _("Ditt HSA-id %(hsa_id)s har ingen behörighet till Vårdportalen. Kontakta din verksamhetschef."),
    INAKTIV_MEDARBETARE: _("Din behörighet till Vårdportalen är avslutad. Kontakta din verksamhetschef."),
    INGET_AKTIVT_UPPDRAG: _("Du har inget aktivt medarbetaruppdrag i Vårdportalen. Kontakta din verksamhetschef."),
    PROXY_EJ_BETRODD: _("Inloggning med klientcertifikat är inte tillåten härifrån. Logga in med kortläsaren nedan."),
    INGET_CERTIFIKAT: _("Inget klientcertifikat togs emot. Sätt i kortet och försök igen."),
}

FINAL_TRY_MESSAGE = _("Fel PIN-kod. Du har ett försök kvar – nästa felaktiga försök spärrar kortet.")


class SithsFel(Exception):
    """A login refused for a reason with a code. Carries what is known about the card for the login log."""

    def __init__(self, code: str, detail: str = "", *, hsa_id: str = "", certificate=None, tries_left: int | None = None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.hsa_id = hsa_id
        self.certificate = certificate
        self.tries_left = tries_left

    @property
    def message(self) -> str:
        if self.code == FEL_PIN and self.tries_left == 1:
            return str(FINAL_TRY_MESSAGE)
        text = str(MESSAGES.get(self.code, MESSAGES[FELAKTIG_BEGARAN]))
        return text % {"hsa_id": self.hsa_id or "?"} if "%(hsa_id)s" in text else text
