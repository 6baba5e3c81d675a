"""Demo data of hanvisning (a DEMO_STEPS step): the demo catalogue (our own words, NOT medically reviewed)
imported and published once; the demo vårdcentraler, BVC and midwife clinics in the referral structure with
their hours; a few emergency units of their own (närakuter, barnakut, akutmottagningar, psykiatrisk akut …);
holiday exceptions for the coming weeks, computed from the calendar; and some weeks of unidentified callers'
referrals for the follow-up chart. Idempotent: units are upserted, the catalogue and the referrals are
written once. Its cost does not depend on the number of citizens."""
from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hanvisning import kalender, klocka, services
from hanvisning.katalog.demo import demokatalog
from hanvisning.models import Enhetsuppdrag, Hanvisning, Innehallsversion, Oppettid, OppettidUndantag, Symptom, Vardform
from hanvisning.selectors import hanvisning_berakna
from invanare.models import Postnummer
from invanare.demodata.units import hsa_id_for
from vardportalen.models import Vardenhet

H = 60
VARDAGAR = {d: [(8 * H, 17 * H)] for d in range(5)}
ALLA_8_22 = {d: [(8 * H, 22 * H)] for d in range(7)}
DYGNET_RUNT = {d: [(0, 24 * H)] for d in range(7)}
ALLA_8_21 = {d: [(8 * H, 21 * H)] for d in range(7)}
UNGDOM = {d: [(12 * H, 16 * H)] for d in range(5)}

# The demo units of vardportalen's roster: key prefix → care form and hours.
BEFINTLIGA = {"VC_": ("vardcentral", VARDAGAR), "BVC_": ("bvc", VARDAGAR), "BMM_": ("barnmorskemottagning", VARDAGAR)}
# Referred patients may be booked on the vårdcentraler's nurse visits (bokning's demo time type).
TIDSTYP = {"VC_": "mottagning-sjukskoterska"}
# Units of the emergency structure (names invented; phone numbers from PTS's range for fiction).
EGNA = [
    ("Närakut Demo City", "narakut", ALLA_8_22, "Sveavägen 1", "11157", "08-465 004 81"),
    ("Närakut Demo Haninge", "narakut", ALLA_8_22, "Rudsjöterrassen 2", "13640", "08-465 004 82"),
    ("Närakut Demo Sollentuna", "narakut", ALLA_8_22, "Tingsvägen 3", "19161", "08-465 004 83"),
    ("Barnakut Demo Solna", "barnakut", DYGNET_RUNT, "Eugeniavägen 23", "17164", "08-465 004 84"),
    ("Barnakut Demo Söder", "barnakut", DYGNET_RUNT, "Sjukhusbacken 8", "11883", "08-465 004 85"),
    ("Akutmottagning Demo Huddinge", "akutmottagning", DYGNET_RUNT, "Hälsovägen 5", "14186", "08-465 004 86"),
    ("Akutmottagning Demo Danderyd", "akutmottagning", DYGNET_RUNT, "Mörbygårdsvägen 2", "18288", "08-465 004 87"),
    ("Psykiatrisk akutmottagning Demo", "psykiatrisk_akut", DYGNET_RUNT, "Vårdvägen 4", "11281", "08-465 004 88"),
    ("BUP akut Demo", "bup_akut", DYGNET_RUNT, "Sachsgatan 6", "11891", "08-465 004 89"),
    ("Gynakut Demo", "gynakut", DYGNET_RUNT, "Sjukhusbacken 12", "11883", "08-465 004 90"),
    ("Ögonakut Demo", "ogonakut", ALLA_8_21, "Polhemsgatan 50", "11282", "08-465 004 91"),
    ("Akut tandvård Demo", "akut_tandvard", ALLA_8_21, "Tomtebodavägen 7", "17165", "08-465 004 92"),
    ("Ungdomsmottagning Demo Centrum", "ungdomsmottagning", UNGDOM, "Drottninggatan 9", "11151", "08-465 004 93"),
]
DAGAR_FRAMAT = 60
ANTAL_HANVISNINGAR = 160


def _katalog() -> Innehallsversion:
    version = Innehallsversion.objects.filter(demo=True, status=Innehallsversion.Status.PUBLICERAD).first()
    if version is None:
        version = services.innehall_importera(data=demokatalog(), importerad_av="demo_load")
        version = services.version_granska(version=version, granskare_hsa_id="demo", godkand=True,
                                           kommentar="Demoinnehåll: inte medicinskt granskat.")
        version = services.version_publicera(version=version, hsa_id="demo")
    return version


def _enhet(vardenhet: Vardenhet, vardform: str, timmar: dict, tidstyp_kod: str = "") -> Enhetsuppdrag:
    eu, _ = Enhetsuppdrag.objects.update_or_create(vardenhet=vardenhet, defaults={"tidstyp_kod": tidstyp_kod})
    eu.vardformer.set([Vardform.objects.get(kod=vardform)])
    eu.oppettider.all().delete()
    Oppettid.objects.bulk_create([Oppettid(enhet=eu, veckodag=d, fran_minut=f, till_minut=t)
                                  for d, lista in timmar.items() for f, t in lista])
    if timmar is VARDAGAR:  # weekday units are closed on public holidays and eves
        idag = timezone.localdate()
        for n in range(DAGAR_FRAMAT):
            dag = idag + datetime.timedelta(days=n)
            namn = kalender.dagens_namn(dag)
            if namn and dag.weekday() < 5:
                OppettidUndantag.objects.get_or_create(enhet=eu, datum=dag, defaults={"stangt": True, "notering": namn})
    return eu


def _egen_enhet(namn, gata, postnummer, telefon) -> Vardenhet:
    pn = Postnummer.objects.filter(postnummer=postnummer).first() or Postnummer.objects.order_by("postnummer").first()
    enhet, _ = Vardenhet.objects.update_or_create(hsa_id=hsa_id_for(f"hanvisning-{namn}"), defaults=dict(
        namn=namn, typ=Vardenhet.Typ.SPECIALISTMOTTAGNING, gatuadress=gata, postnummer=pn.postnummer, ort=pn.ort,
        telefon=telefon, lat=pn.lat, lon=pn.lon, aktiv=True))
    return enhet


def _hanvisningar(version: Innehallsversion, units: dict[str, Vardenhet]) -> int:
    """Unidentified callers' referrals over the last eight weeks, made by the demo vårdcentraler."""
    if Hanvisning.objects.exists():
        return 0
    rnd = random.Random(19)
    symptom = list(Symptom.objects.filter(version=version).prefetch_related("nivaer"))
    enheter = [u for k, u in sorted(units.items()) if k.startswith("VC_")]
    nu = klocka.nu()
    postnummer = list(Postnummer.objects.order_by("postnummer").values_list("postnummer", flat=True)[:200])
    rader = []
    for _ in range(ANTAL_HANVISNINGAR):
        s = rnd.choice(symptom)
        niva = rnd.choice(list(s.nivaer.all()))
        alder = rnd.randint(max(s.alder_fran, 0), min((s.alder_till or 90) - 1, 90))
        tid = nu - datetime.timedelta(minutes=rnd.randint(60, 56 * 24 * 60))
        res = hanvisning_berakna(symptom=s, bradskegrad=niva.bradskegrad, alder=alder, tid=tid)
        forslag = res.forst if res else None
        if forslag is None:
            continue
        vald, orsak = forslag.vardform, ""
        if rnd.random() < 0.12:
            vald = Vardform.objects.exclude(pk=vald.pk).order_by("?").first()
            orsak = rnd.choice(["Patienten vill hellre dit", "Lång resväg till föreslagen enhet",
                                "Egen bedömning: mer brådskande"])
        rader.append(Hanvisning(
            tidpunkt=tid, version=version, symptom=s, bradskegrad=niva.bradskegrad, regel=forslag.regel,
            motivering=forslag.varfor[:500], foreslagen_vardform=forslag.vardform, vald_vardform=vald,
            avvikelse_orsak=orsak, alder=alder, postnummer=rnd.choice(postnummer), vardenhet=rnd.choice(enheter),
            medarbetare_hsa_id="SE2321000016-DEMO", medarbetare_namn="Demo Sjuksköterska", yrke="sjukskoterska"))
    Hanvisning.objects.bulk_create(rader)
    return len(rader)


@transaction.atomic
def hanvisning_demo(result) -> None:
    version = _katalog()
    for key, enhet in result.units.items():
        for prefix, (vardform, timmar) in BEFINTLIGA.items():
            if key.startswith(prefix):
                _enhet(enhet, vardform, timmar, TIDSTYP.get(prefix, ""))
    for namn, vardform, timmar, gata, postnummer, telefon in EGNA:
        _enhet(_egen_enhet(namn, gata, postnummer, telefon), vardform, timmar)
    n = _hanvisningar(version, result.units)
    result.counts["hänvisningsstöd: symtom"] = version.symptom.count()
    result.counts["hänvisningsstöd: hänvisningar"] = n
