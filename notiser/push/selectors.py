"""Push notices that could not be sent, for the staff of a unit: the same scope as the failed SMS (issue 13,
notiser.sms.selectors): only what the unit itself sent, and only to citizens the unit may still see."""
from django.utils.translation import gettext as _

from invanare.models import Invanare
from notiser.models import PushUtgaende
from notiser.services import Notistyp
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera
from vardportalen.granser import PG_BIGINT_MAX, heltal_param


def misslyckade_push_for_enhet(*, vardenhet_id: int, vardenhet_hsa_id: str):
    synliga = Invanare.objects.synliga_for_enhet(vardenhet_id)
    return PushUtgaende.objects.filter(status=PushUtgaende.Status.MISSLYCKAD, vardenhet_hsa_id=vardenhet_hsa_id,
                                       invanare__in=synliga)


def misslyckade_push_lista(*, aktor: Aktor, antal: int = 200) -> list[PushUtgaende]:
    """One page of the unit's failed push notices, newest first; one access-log row per citizen shown."""
    rader = list(misslyckade_push_for_enhet(vardenhet_id=aktor.vardenhet_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id)
                 .select_related("invanare", "enhet").order_by("-skapad")[:antal])
    atkomst_logga_flera(aktor=aktor, invanare_lista=[r.invanare for r in rader], handelse=Handelse.LASNING,
                        utfall=Utfall.TILLATEN, vad="Pushnotiser som inte kunde skickas")
    typer = dict(Notistyp.choices)
    for r in rader:
        r.syfte_text = typer.get(r.syfte, r.syfte)
    return rader


def misslyckad_push_for_aterforsok(*, aktor: Aktor, push_id) -> PushUtgaende | None:
    """The unit's own failed push notice with this id, or None; an id of another unit's notice is a refused access
    to that citizen's data and is logged as denied."""
    pk = heltal_param(push_id, minst=1, hogst=PG_BIGINT_MAX)
    rad = (misslyckade_push_for_enhet(vardenhet_id=aktor.vardenhet_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id)
           .select_related("invanare").filter(pk=pk).first()) if pk else None
    if rad is None and pk:
        annans = PushUtgaende.objects.select_related("invanare").filter(pk=pk).first()
        if annans is not None:
            atkomst_logga(aktor=aktor, invanare=annans.invanare, handelse=Handelse.ANDRING, utfall=Utfall.NEKAD,
                          vad="Pushnotis: skicka igen", detalj=_("Pushnotisen skickades inte av enheten."))
    return rad
