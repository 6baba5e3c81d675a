"""Demo data: letter templates and documents in every state for Vårdcentral Gubbängen, and a print list.

Idempotent: every document has an idempotency key ``demo:...``; templates are upserted by name. Small and
fixed-size whatever the population (a few dozen documents), so it is quick at 200,000 citizens too.
"""
from __future__ import annotations

import datetime

from django.utils import timezone

from edokument.models import Brevmall, Dokumenttyp, LokaltUndantag
from edokument.services import dokument_markera_last, dokument_skapa_och_skicka
from edokument.svep import utskriftslista_svep
from invanare.models import Invanare, Vardrelation
from vardportalen.accesslog.aktor import Aktor

ENHET = "VC_GUB"
MALLAR = [
    ("Remissbekräftelse", Dokumenttyp.EREMISSBEKRAFTELSE, "RB01", "Din remiss har tagits emot",
     "Vi har tagit emot remissen och hör av oss när vi har en tid till dig."),
    ("Provsvar normala", Dokumenttyp.EBREV, "PS01", "Dina provsvar",
     "Dina provsvar visar normala värden. Du behöver inte göra något."),
    ("Kallelse till hälsosamtal (utan styrkod)", Dokumenttyp.EBREV, "", "Välkommen till hälsosamtal",
     "Du är välkommen till ett hälsosamtal. Ring oss för att boka en tid."),
]


def _aktor(result, enhet) -> Aktor:
    for row in result.staff:
        for uppdrag in row.uppdrag:
            if uppdrag.vardenhet_id == enhet.pk:
                return Aktor.from_uppdrag(uppdrag, request_id="demo_load")
    return Aktor(0, "SE2321000016-DEMO", "Demo", 0, enhet.pk, enhet.hsa_id, enhet.namn, "administrator", "demo_load")


def edokument_demo(result) -> None:
    enhet = result.units.get(ENHET)
    if enhet is None:
        return
    mallar = {}
    for namn, typ, styrkod, rubrik, text in MALLAR:
        mallar[namn], _ = Brevmall.objects.update_or_create(
            vardenhet=enhet, namn=namn, defaults={"typ": typ, "styrkod": styrkod, "rubrik": rubrik, "text": text})
    LokaltUndantag.objects.get_or_create(vardenhet=enhet, brevmall=mallar["Provsvar normala"], dokumenttyp="",
                                         defaults={"anledning": "Demo: provsvar skickas alltid på papper"})
    aktor = _aktor(result, enhet)
    nu = timezone.now()
    named = {k: Invanare.objects.filter(pk=pk).first() for k, pk in result.named_pks.items()}

    def kallelse(key, invanare, dagar_sedan, **extra):
        if invanare is None:
            return None
        skickat = nu - datetime.timedelta(days=dagar_sedan)
        return dokument_skapa_och_skicka(
            aktor=aktor, invanare=invanare, nu=skickat, typ=Dokumenttyp.EKALLELSE, rubrik="Kallelse till distriktssköterska",
            text="Välkommen till distriktssköterskan. Ta med legitimation.", besokstid=skickat + datetime.timedelta(days=10),
            plats=f"{enhet.namn}, {enhet.gatuadress}", idempotensnyckel=f"demo:{key}", skyddad_bekraftad=True, **extra)

    kallelse("gravid", named.get("gravid"), 1)  # app + Kivra: never on the print list
    kallelse("reserv", named.get("reserv"), 0)  # reservnummer: print list at once
    kallelse("skyddad", named.get("skyddad"), 3)  # protected, app only, unread: on the list without address
    kallelse("avregistrerad", named.get("avregistrerad"), 0)  # Kivra only
    if named.get("gravid"):
        dokument_skapa_och_skicka(aktor=aktor, invanare=named["gravid"], typ=Dokumenttyp.EBREV,
                                  brevmall_id=mallar["Kallelse till hälsosamtal (utan styrkod)"].pk,
                                  skickas_som_ebrev=True, idempotensnyckel="demo:gravid:utan_styrkod")
    # Generated citizens of the unit: some read in time, some not, some without any electronic channel.
    ovriga = list(
        Invanare.objects.filter(vardrelationer__in=Vardrelation.objects.filter(vardenhet=enhet), skydd="",
                                id_typ="personnummer", fodelsedatum__lte=nu.date() - datetime.timedelta(days=20 * 365))
        .exclude(pk__in=[p for p in result.named_pks.values()]).order_by("pk")[:24]
    )
    for i, invanare in enumerate(ovriga):
        dokument = kallelse(f"vc_gub:{invanare.pk}", invanare, dagar_sedan=1 + i % 5)
        if dokument is not None and i % 3 == 0:
            dokument_markera_last(dokument=dokument, lasare=invanare, nu=dokument.skickat + datetime.timedelta(hours=5))
    utskriftslista_svep(nu=nu)
