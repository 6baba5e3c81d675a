"""Reads of hanvisning: the published version, a computed referral, nearby open units, referrals, follow-up."""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from hanvisning import motor
from hanvisning.models import (
    BRADSKEGRAD_ORDNING,
    Bradskegrad,
    Enhetsuppdrag,
    Hanvisning,
    Hanvisningsregel,
    Innehallsversion,
    Oppettid,
    OppettidUndantag,
    Symptom,
    Symptomniva,
    Vardform,
    Vardupdrag,
)
from hanvisning.oppettider import HORISONT_DAGAR, Oppetlage, Timmar, oppetlage
from invanare.geo import haversine_km
from invanare.models import Postnummer

ANTAL_ENHETER = 3


def aktuell_version() -> Innehallsversion | None:
    return (Innehallsversion.objects.filter(status=Innehallsversion.Status.PUBLICERAD)
            .order_by("-publicerad", "-nummer").first())


def symptom_i_version(*, version: Innehallsversion, symptom_id) -> Symptom | None:
    try:
        pk = int(symptom_id)
    except (TypeError, ValueError):
        return None
    if not 0 < pk < 2**63:
        return None
    return (Symptom.objects.filter(version=version, pk=pk)
            .prefetch_related("nivaer", "synonymer").first())


def plats_for_postnummer(postnummer: str) -> Postnummer | None:
    siffror = "".join(ch for ch in postnummer or "" if ch.isdigit())
    if len(siffror) != 5:
        return None
    return Postnummer.objects.filter(postnummer=siffror).first()


@dataclass(frozen=True)
class EnhetForslag:
    enhet_id: int
    namn: str
    gatuadress: str
    postnummer: str
    ort: str
    telefon: str
    avstand_km: float | None
    lage: Oppetlage
    tidstyp_kod: str
    yttre_fardvag: str = ""
    inre_fardvag: str = ""


@dataclass
class Forslag:
    vardupdrag: str
    vardupdrag_namn: str
    regel: Hanvisningsregel | None
    vardform: Vardform | None
    varfor: str
    enheter: list[EnhetForslag] = field(default_factory=list)


@dataclass
class Resultat:
    symptom: Symptom
    niva: Symptomniva
    alder: int
    tid: datetime.datetime
    ogonblick: motor.Ogonblick
    forslag: list[Forslag]

    @property
    def forst(self) -> Forslag | None:
        return next((f for f in self.forslag if f.vardform is not None), None)


def _enhet_rader(vardform_id: int) -> list[tuple]:
    return list(
        Enhetsuppdrag.objects.filter(vardformer=vardform_id, vardenhet__aktiv=True)
        .values_list("pk", "vardenhet_id", "vardenhet__namn", "vardenhet__gatuadress", "vardenhet__postnummer",
                     "vardenhet__ort", "vardenhet__telefon", "vardenhet__lat", "vardenhet__lon", "tidstyp_kod",
                     "vardenhet__yttre_fardvag", "vardenhet__inre_fardvag")
    )


def enheter_nara(*, vardform_id: int, tid: datetime.datetime, lat: float | None, lon: float | None,
                 antal: int = ANTAL_ENHETER) -> list[EnhetForslag]:
    """The units of this care form open now, nearest first; then those that open soonest (three queries)."""
    dag = timezone.localdate(tid)
    rader = _enhet_rader(vardform_id)
    if not rader:
        return []
    ids = [r[0] for r in rader]
    veckodagar: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for enhet, veckodag, fran, till in Oppettid.objects.filter(enhet__in=ids).values_list(
            "enhet_id", "veckodag", "fran_minut", "till_minut"):
        veckodagar[enhet][veckodag].append((fran, till))
    undantag: dict[int, dict[datetime.date, list]] = defaultdict(lambda: defaultdict(list))
    for enhet, datum, stangt, fran, till in OppettidUndantag.objects.filter(
            enhet__in=ids, datum__gte=dag - datetime.timedelta(days=1),
            datum__lte=dag + datetime.timedelta(days=HORISONT_DAGAR)).values_list(
            "enhet_id", "datum", "stangt", "fran_minut", "till_minut"):
        lista = undantag[enhet][datum]
        if not stangt:
            lista.append((fran, till))
    forslag = []
    for pk, enhet_id, namn, gata, postnr, ort, tel, elat, elon, tidstyp, yttre, inre in rader:
        lage = oppetlage(Timmar(veckodagar.get(pk, {}), undantag.get(pk, {})), tid)
        avstand = haversine_km(lat, lon, elat, elon) if None not in (lat, lon, elat, elon) else None
        forslag.append(EnhetForslag(enhet_id, namn, gata, postnr, ort, tel, avstand, lage, tidstyp, yttre, inre))
    langt_bort = float("inf")
    framtid = tid + datetime.timedelta(days=365)

    def ordning(e: EnhetForslag):
        return (not e.lage.oppet_nu, e.lage.oppnar or framtid if not e.lage.oppet_nu else tid,
                e.avstand_km if e.avstand_km is not None else langt_bort, e.namn)

    oppna = sorted((e for e in forslag if e.lage.oppet_nu),
                   key=lambda e: (e.avstand_km if e.avstand_km is not None else langt_bort, e.namn))
    if oppna:
        return oppna[:antal]
    return sorted((e for e in forslag if e.lage.oppnar), key=ordning)[:antal]


_REGLER: dict[int, tuple[list[Hanvisningsregel], dict[str, str]]] = {}


def _regler(version_id: int) -> tuple[list[Hanvisningsregel], dict[str, str]]:
    """A version's rules and the care missions' names, read once per process: a version's content rows are
    written by its import and never changed afterwards (the admin shows them read-only)."""
    if version_id not in _REGLER:
        regler = list(Hanvisningsregel.objects.filter(version_id=version_id).select_related("vardform"))
        _REGLER[version_id] = (regler, dict(Vardupdrag.objects.values_list("kod", "namn")))
    return _REGLER[version_id]


def hanvisning_berakna(*, symptom: Symptom, bradskegrad: str, alder: int, tid: datetime.datetime,
                       lat: float | None = None, lon: float | None = None) -> Resultat | None:
    """The care form for this urgency of the symptom, this age and moment; per care mission the rule that
    applied and the nearest units open now (or opening next). None when the symptom has no such level."""
    niva = next((n for n in symptom.nivaer.all() if n.bradskegrad == bradskegrad), None)
    if niva is None:
        return None
    ogonblick = motor.Ogonblick.av(tid)
    regler, namn = _regler(symptom.version_id)
    forslag = []
    for kod in niva.vardupdrag:
        regel = motor.regel_valj(regler, vardupdrag=kod, alder=alder, ogonblick=ogonblick)
        if regel is None:
            forslag.append(Forslag(kod, namn.get(kod, kod), None, None, ""))
            continue
        f = Forslag(kod, namn.get(kod, kod), regel, regel.vardform,
                    motor.varfor(regel, vardupdrag_namn=namn.get(kod, kod), ogonblick=ogonblick))
        if not regel.vardform.ar_radgivning:
            f.enheter = enheter_nara(vardform_id=regel.vardform_id, tid=tid, lat=lat, lon=lon)
        forslag.append(f)
    return Resultat(symptom, niva, alder, tid, ogonblick, forslag)


def nivaer_i_ordning(symptom: Symptom) -> list[Symptomniva]:
    return sorted(symptom.nivaer.all(), key=lambda n: BRADSKEGRAD_ORDNING[n.bradskegrad])


def hanvisningar_for_invanare(*, invanare, antal: int = 10) -> list[Hanvisning]:
    return list(Hanvisning.objects.filter(invanare=invanare)
                .select_related("symptom", "foreslagen_vardform", "vald_vardform", "version", "foreslagen_enhet")
                [:antal])


# --- follow-up for the region ---

PERIODER = {"vecka": TruncWeek, "manad": TruncMonth}


@dataclass
class Uppfoljning:
    per_vardform: list[tuple[str, int, int]]  # (care form, referrals, of which deviations)
    per_bradskegrad: list[tuple[str, int]]
    per_enhet: list[tuple[str, int, int]]
    per_period: list[tuple[datetime.date, int, int]]
    totalt: int
    avvikelser: int

    @property
    def avvikelse_procent(self) -> float:
        return 100 * self.avvikelser / self.totalt if self.totalt else 0.0


def uppfoljning(*, fran: datetime.date, till: datetime.date, period: str = "vecka",
                vardenhet_id: int | None = None) -> Uppfoljning:
    """Referrals per care form, urgency, referring unit and period, with deviations (fixed number of queries)."""
    start = timezone.make_aware(datetime.datetime.combine(fran, datetime.time()))
    slut = timezone.make_aware(datetime.datetime.combine(till + datetime.timedelta(days=1), datetime.time()))
    qs = Hanvisning.objects.filter(tidpunkt__gte=start, tidpunkt__lt=slut)
    if vardenhet_id:
        qs = qs.filter(vardenhet_id=vardenhet_id)
    avviker = Count("pk", filter=~Q(vald_vardform=F("foreslagen_vardform")))
    per_vardform = [(r["foreslagen_vardform__namn"], r["n"], r["a"]) for r in
                    qs.values("foreslagen_vardform__namn").annotate(n=Count("pk"), a=avviker).order_by("-n")]
    etiketter = dict(Bradskegrad.choices)
    per_bradskegrad = sorted(((etiketter[r["bradskegrad"]], r["n"], BRADSKEGRAD_ORDNING[r["bradskegrad"]]) for r in
                              qs.values("bradskegrad").annotate(n=Count("pk"))), key=lambda t: t[2])
    per_enhet = [(r["vardenhet__namn"], r["n"], r["a"]) for r in
                 qs.values("vardenhet__namn").annotate(n=Count("pk"), a=avviker).order_by("-n", "vardenhet__namn")]
    trunc = PERIODER.get(period, TruncWeek)
    per_period = [(timezone.localtime(r["p"]).date() if isinstance(r["p"], datetime.datetime) else r["p"], r["n"], r["a"])
                  for r in qs.annotate(p=trunc("tidpunkt")).values("p").annotate(n=Count("pk"), a=avviker).order_by("p")]
    totalt = sum(n for _, n, _ in per_vardform)
    return Uppfoljning(per_vardform, [(e, n) for e, n, _ in per_bradskegrad], per_enhet, per_period, totalt,
                       sum(a for _, _, a in per_vardform))



# --- the difference between two versions ---

@dataclass
class Andring:
    kod: str
    namn: str
    vad: list[str]


@dataclass
class Versionsskillnad:
    fran: Innehallsversion
    till: Innehallsversion
    nya_symptom: list[tuple[str, str]]
    borttagna_symptom: list[tuple[str, str]]
    andrade_symptom: list[Andring]
    nya_regler: list[str]
    borttagna_regler: list[str]
    andrade_regler: list[Andring]

    @property
    def tom(self) -> bool:
        return not (self.nya_symptom or self.borttagna_symptom or self.andrade_symptom or self.nya_regler
                    or self.borttagna_regler or self.andrade_regler)


def _symptom_bild(version) -> dict[str, dict]:
    bild: dict[str, dict] = {}
    for s in Symptom.objects.filter(version=version).prefetch_related("synonymer", "nivaer"):
        bild[s.kod] = {
            "namn": s.namn, "beskrivning": s.beskrivning, "kroppsomrade": s.kroppsomrade,
            "alder": (s.alder_fran, s.alder_till),
            "synonymer": sorted((x.typ, x.text) for x in s.synonymer.all()),
            "nivaer": {n.bradskegrad: (n.text, list(n.vardupdrag)) for n in s.nivaer.all()},
        }
    return bild


def _regel_bild(version) -> dict[str, tuple]:
    return {r.kod: (r.vardupdrag, r.alder_fran, r.alder_till, sorted(r.dagtyper), r.fran_minut, r.till_minut,
                    r.vardform.kod, r.prioritet, r.motivering)
            for r in Hanvisningsregel.objects.filter(version=version).select_related("vardform")}


SYMPTOM_FALT = {"namn": "namn", "beskrivning": "beskrivning", "kroppsomrade": "kroppsområde", "alder": "åldrar",
                "synonymer": "synonymer"}


def version_diff(*, fran: Innehallsversion, till: Innehallsversion) -> Versionsskillnad:
    """What changed from one version to another, by the symptoms' and rules' stable codes."""
    a, b = _symptom_bild(fran), _symptom_bild(till)
    andrade = []
    for kod in sorted(a.keys() & b.keys()):
        vad = [etikett for falt, etikett in SYMPTOM_FALT.items() if a[kod][falt] != b[kod][falt]]
        na, nb = a[kod]["nivaer"], b[kod]["nivaer"]
        for grad in sorted(na.keys() | nb.keys(), key=BRADSKEGRAD_ORDNING.get):
            etikett = str(Bradskegrad(grad).label).lower()
            if grad not in nb:
                vad.append(f"brådskegrad borttagen: {etikett}")
            elif grad not in na:
                vad.append(f"ny brådskegrad: {etikett}")
            elif na[grad][0] != nb[grad][0]:
                vad.append(f"text för {etikett}")
            if grad in na and grad in nb and na[grad][1] != nb[grad][1]:
                vad.append(f"vårduppdrag för {etikett}: {', '.join(na[grad][1])} → {', '.join(nb[grad][1])}")
        if vad:
            andrade.append(Andring(kod, b[kod]["namn"], vad))
    ra, rb = _regel_bild(fran), _regel_bild(till)
    falt = ["vårduppdrag", "ålder från", "ålder till", "dagtyper", "från", "till", "vårdform", "prioritet", "motivering"]
    andrade_regler = [Andring(kod, kod, [f"{f}: {x} → {y}" for f, x, y in zip(falt, ra[kod], rb[kod]) if x != y])
                      for kod in sorted(ra.keys() & rb.keys()) if ra[kod] != rb[kod]]
    return Versionsskillnad(
        fran, till,
        nya_symptom=sorted((k, b[k]["namn"]) for k in b.keys() - a.keys()),
        borttagna_symptom=sorted((k, a[k]["namn"]) for k in a.keys() - b.keys()),
        andrade_symptom=andrade,
        nya_regler=sorted(rb.keys() - ra.keys()), borttagna_regler=sorted(ra.keys() - rb.keys()),
        andrade_regler=andrade_regler)


def versioner() -> list[Innehallsversion]:
    return list(Innehallsversion.objects.order_by("-nummer"))
