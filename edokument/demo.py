"""Demo data: letter templates and documents in every state for Vårdcentral Gubbängen, and a print list.

Idempotent: every document has an idempotency key ``demo:...``; templates are upserted by name. Small and
fixed-size whatever the population (a few dozen documents), so it is quick at 200,000 citizens too.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from django.utils import timezone

from edokument.models import Brevmall, Dokumenttyp, LokaltUndantag
from edokument.services import dokument_markera_last, dokument_skapa_och_skicka
from edokument.svep import utskriftslista_svep
from invanare.models import Invanare
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

    def skicka(nyckel, invanare, *, dagar_sedan=0, **falt):
        if invanare is None:
            return None
        skickat = nu - datetime.timedelta(days=dagar_sedan)
        if falt.get("typ", Dokumenttyp.EKALLELSE) == Dokumenttyp.EKALLELSE:
            falt = {"typ": Dokumenttyp.EKALLELSE, "rubrik": "Kallelse till distriktssköterska",
                    "text": "Välkommen till distriktssköterskan. Ta med legitimation.",
                    "besokstid": skickat + datetime.timedelta(days=10), "plats": f"{enhet.namn}, {enhet.gatuadress}",
                    **falt}
        try:
            return dokument_skapa_och_skicka(aktor=aktor, invanare=invanare, nu=skickat, skyddad_bekraftad=True,
                                             idempotensnyckel=f"demo:{nyckel}", **falt)
        except ValidationError:
            return None  # e.g. a reservnummer without an address: refused, as staff would be told

    named = {k: Invanare.objects.filter(pk=pk).first() for k, pk in result.named_pks.items()}
    skicka("gravid", named.get("gravid"), dagar_sedan=1)  # app + Kivra: never on the print list
    skicka("skyddad", named.get("skyddad"), dagar_sedan=3)  # protected, app only, unread: listed without address
    skicka("avregistrerad", named.get("avregistrerad"))  # Kivra only
    skicka("reserv", named.get("reserv"))  # reservnummer without an address: listed, held as "Adress saknas"
    skicka("gravid:utan_styrkod", named.get("gravid"), typ=Dokumenttyp.EBREV, skickas_som_ebrev=True,
           brevmall_id=mallar["Kallelse till hälsosamtal (utan styrkod)"].pk)  # no styrkod: paper at once
    # Generated adults of the unit: app-only ones sent three days ago (every other one read in time, the rest
    # end up on the print list), others with whatever channel they have, two under the local exception.
    vuxna = list(
        Invanare.objects.filter(vardrelationer__vardenhet=enhet, skydd="", kand_hotbild=False, id_typ="personnummer",
                                fodelsedatum__lte=timezone.localdate(nu) - datetime.timedelta(days=20 * 365))
        .exclude(gatuadress="").exclude(pk__in=list(result.named_pks.values())).distinct().order_by("pk")[:200]
    )
    # a print list of a few dozen letters: half of the app-only ones unread after 48 hours, and the rest by paper
    bara_app = [i for i in vuxna if i.konto == Invanare.Konto.REGISTRERAT and not i.digital_brevlada][:24]
    ovriga = [i for i in vuxna if i not in bara_app][:40]
    for n, invanare in enumerate(bara_app):
        dokument = skicka(f"vc_gub:{invanare.pk}", invanare, dagar_sedan=3)
        if dokument is not None and n % 2 == 0:
            dokument_markera_last(dokument=dokument, lasare=invanare, nu=dokument.skickat + datetime.timedelta(hours=5))
    for n, invanare in enumerate(ovriga):
        if n < 2:
            skicka(f"vc_gub:provsvar:{invanare.pk}", invanare, typ=Dokumenttyp.EBREV,
                   brevmall_id=mallar["Provsvar normala"].pk)  # local exception: paper
        else:
            skicka(f"vc_gub:{invanare.pk}", invanare, dagar_sedan=n % 5)
    utskriftslista_svep(nu=nu)
