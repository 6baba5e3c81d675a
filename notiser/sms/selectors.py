"""SMS that could not be sent, for the staff of a unit: only citizens the unit may see (care relation)."""
from invanare.models import Invanare
from notiser.models import SmsUtgaende
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga_flera


def misslyckade_for_enhet(*, vardenhet_id: int):
    synliga = Invanare.objects.synliga_for_enhet(vardenhet_id)
    return SmsUtgaende.objects.filter(status=SmsUtgaende.Status.MISSLYCKAD, invanare__in=synliga)


def misslyckade_lista(*, aktor: Aktor, antal: int = 200) -> list[SmsUtgaende]:
    rader = list(misslyckade_for_enhet(vardenhet_id=aktor.vardenhet_id).select_related("invanare")
                 .order_by("-skapad")[:antal])
    atkomst_logga_flera(aktor=aktor, invanare_lista=[r.invanare for r in rader], handelse=Handelse.LASNING,
                        utfall=Utfall.TILLATEN, vad="SMS som inte kunde skickas")
    return rader
