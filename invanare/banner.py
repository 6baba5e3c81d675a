"""What the patient banner (vardportalen.komponenter) says about a citizen: protection, threat, reserve number,
a locked Alltid öppet account. One query (the lock)."""
from django.utils.translation import gettext as _

from invanare.models import Kontosparr
from vardportalen.komponenter import Markering


def patientbanner_markeringar(invanare) -> list[Markering]:
    m = []
    if invanare.ar_skyddad:
        m.append(Markering(_("Skyddade personuppgifter"), "skyddad"))
    if invanare.kand_hotbild:
        m.append(Markering(_("Känd hotbild"), "skyddad"))
    if invanare.har_reservnummer:
        m.append(Markering(_("Reservnummer: kan inte använda Alltid öppet"), "reservnummer"))
    if invanare.pk and Kontosparr.objects.aktiva().filter(invanare_id=invanare.pk).exists():
        m.append(Markering(_("Kontot i Alltid öppet är spärrat"), "sparrad"))
    return m
