"""SMS that could not be sent, for the staff of a unit: only the SMS the unit itself sent (issue 13, finding 1),
and only to citizens the unit may still see (care relation). Another unit's SMS (a birth clinic's invitation
says she is pregnant) are never shown: a unit sees its own outgoing SMS only."""
import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare
from notiser.models import SmsUtgaende
from vardportalen.granser import PG_BIGINT_MAX, heltal_param
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera


def misslyckade_for_enhet(*, vardenhet_id: int, vardenhet_hsa_id: str):
    synliga = Invanare.objects.synliga_for_enhet(vardenhet_id)
    return SmsUtgaende.objects.filter(status=SmsUtgaende.Status.MISSLYCKAD, vardenhet_hsa_id=vardenhet_hsa_id,
                                      invanare__in=synliga)


def misslyckade_lista(*, aktor: Aktor, antal: int = 200) -> list[SmsUtgaende]:
    rader = list(misslyckade_for_enhet(vardenhet_id=aktor.vardenhet_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id)
                 .select_related("invanare").order_by("-skapad")[:antal])
    atkomst_logga_flera(aktor=aktor, invanare_lista=[r.invanare for r in rader], handelse=Handelse.LASNING,
                        utfall=Utfall.TILLATEN, vad="SMS som inte kunde skickas")
    return rader


NEKADE_VISAS = datetime.timedelta(days=30)


def nekade_for_medarbetare(*, medarbetare_hsa_id: str, vardenhet_id: int, vardenhet_hsa_id: str):
    """SMS this staff member's actions caused at this unit in the last 30 days that were withheld (protected
    identity, locked account, no mobile number): she must reach the citizen another way, so she is told."""
    synliga = Invanare.objects.synliga_for_enhet(vardenhet_id)
    return SmsUtgaende.objects.filter(status=SmsUtgaende.Status.NEKAD, skapad_av_hsa_id=medarbetare_hsa_id,
                                      vardenhet_hsa_id=vardenhet_hsa_id, invanare__in=synliga,
                                      skapad__gte=timezone.now() - NEKADE_VISAS)


def nekade_lista(*, aktor: Aktor, antal: int = 100) -> list[SmsUtgaende]:
    rader = list(nekade_for_medarbetare(medarbetare_hsa_id=aktor.medarbetare_hsa_id, vardenhet_id=aktor.vardenhet_id,
                                        vardenhet_hsa_id=aktor.vardenhet_hsa_id)
                 .select_related("invanare").order_by("-skapad")[:antal])
    atkomst_logga_flera(aktor=aktor, invanare_lista=[r.invanare for r in rader], handelse=Handelse.LASNING,
                        utfall=Utfall.TILLATEN, vad="SMS som inte skickades")
    return rader


def misslyckad_for_aterforsok(*, aktor: Aktor, sms_id) -> SmsUtgaende | None:
    """The unit's own failed SMS with this id, or None; an id of another unit's SMS is a refused access to
    that citizen's data and is logged as denied."""
    pk = heltal_param(sms_id, minst=1, hogst=PG_BIGINT_MAX)  # ASCII digits only: "²".isdigit() is True
    rad = (misslyckade_for_enhet(vardenhet_id=aktor.vardenhet_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id)
           .select_related("invanare").filter(pk=pk).first()) if pk else None
    if rad is None and pk:
        annans = SmsUtgaende.objects.select_related("invanare").filter(pk=pk).first()
        if annans is not None and annans.invanare is not None:
            atkomst_logga(aktor=aktor, invanare=annans.invanare, handelse=Handelse.ANDRING, utfall=Utfall.NEKAD,
                          vad="SMS: skicka igen", detalj=_("SMS:et skickades inte av enheten."))
    return rad
