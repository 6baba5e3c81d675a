"""Listing at a demo vårdcentral and care relations (Vardrelation) to the units the person's data fits.

Every generated citizen ends up with at least one care relation to a demo unit; that is also how the
loader recognises demo citizens when it removes them again.
"""
import datetime
import zoneinfo
from dataclasses import dataclass

from invanare.geo import haversine_km
from invanare.demodata.dice import Dice, Weighted
from invanare.demodata.people import Person

TZ = zoneinfo.ZoneInfo("Europe/Stockholm")
SHARE_LISTED = 0.95


@dataclass(frozen=True)
class UnitPos:
    key: str
    typ: str
    lat: float
    lon: float


class Relations:
    def __init__(self, units: list[UnitPos], *, rng: Dice, idag: datetime.date):
        self.rng = rng
        self.idag = idag
        self.by_typ: dict[str, list[UnitPos]] = {}
        for u in units:
            self.by_typ.setdefault(u.typ, []).append(u)
        self._near_cache: dict[tuple, Weighted] = {}

    def near(self, typ: str, lat: float | None, lon: float | None, *, sharpness: float = 2.0) -> str:
        """A unit of the type, the nearer the likelier (weights 1/(km+3)^sharpness)."""
        units = self.by_typ[typ]
        if lat is None:
            return self.rng.pick(units).key
        cache_key = (typ, lat, lon, sharpness)
        table = self._near_cache.get(cache_key)
        if table is None:
            weights = [1 / (haversine_km(lat, lon, u.lat, u.lon) + 3) ** sharpness for u in units]
            table = self._near_cache[cache_key] = Weighted([u.key for u in units], weights)
        return table.draw(self.rng)

    def moment(self, earliest: datetime.date, latest: datetime.date | None = None) -> datetime.datetime:
        latest = latest or self.idag - datetime.timedelta(days=1)
        earliest = min(earliest, latest)
        day = earliest + datetime.timedelta(days=self.rng.below((latest - earliest).days + 1))
        return datetime.datetime(day.year, day.month, day.day, self.rng.between(8, 17),
                                 self.rng.below(60), tzinfo=TZ)

    def years_ago(self, years: float) -> datetime.date:
        return self.idag - datetime.timedelta(days=int(years * 365.25))


def assign_relations(people: list[Person], rels: Relations) -> None:
    rng = rels.rng
    by_idx = {p.idx: p for p in people}
    for p in people:
        if p.label:
            continue
        adress = p.household.adress if p.household else None
        lat, lon = (adress.lat, adress.lon) if adress else (None, None)
        born = p.fodelsedatum
        if adress and p.id_typ != "reservnummer":
            home = p.household
            if home.vardcentral is None:
                home.vardcentral = rels.near("vardcentral", lat, lon)
            if rng.random() < SHARE_LISTED:
                p.listad = home.vardcentral
                p.add_relation(p.listad, rels.moment(max(born, rels.years_ago(12))), "Listning")
        if p.alder < 6 and rng.random() < 0.5:
            p.add_relation(_one(rels, "barnavardscentral"), rels.moment(born), "Barnhälsovård")
        if p.kon == "K" and 20 <= p.alder <= 45 and rng.random() < 0.25:
            p.add_relation(rels.near("barnmorskemottagning", lat, lon), rels.moment(rels.years_ago(0.6)),
                           "Mödrahälsovård")
            if rng.random() < 0.7:
                p.add_relation(rels.near("forlossningsklinik", lat, lon, sharpness=3),
                               rels.moment(rels.years_ago(0.3)), "Val av förlossningsklinik")
        if p.alder >= 30 and rng.random() < 0.04:
            p.add_relation(_one(rels, "specialistmottagning"), rels.moment(rels.years_ago(2)), "Remiss")
        if p.alder >= 18 and rng.random() < (0.2 if p.alder >= 65 else 0.03):
            p.add_relation(rels.near("vaccinationsmottagning", lat, lon), rels.moment(rels.years_ago(1)),
                           "Vaccination")
        if p.alder >= 18 and rng.random() < 0.04:
            p.add_relation(_one(rels, "regional"), rels.moment(rels.years_ago(1)), "Bokning i regional tidbok")
        if p.id_typ == "reservnummer":
            _reservnummer_contact(p, rels)
        for g in p.guardians:  # the mother (or father) of a baby was cared for at a birth clinic
            guardian = by_idx[g]
            if p.alder < 3 and guardian.kon == "K":
                at = datetime.datetime(born.year, born.month, born.day, 12, tzinfo=TZ)
                ga = guardian.household.adress if guardian.household else None
                guardian.add_relation(
                    rels.near("forlossningsklinik", ga.lat if ga else None, ga.lon if ga else None, sharpness=3),
                    at, "Förlossning")
    for p in people:  # nobody is left outside the demo units: some are seen only by a specialist or vaccinator
        if not p.relations and not p.label:
            typ = rng.pick(("specialistmottagning", "vaccinationsmottagning"))
            p.add_relation(_one(rels, typ), rels.moment(rels.years_ago(1)), "Remiss" if typ[0] == "s" else
                           "Vaccination")


def _one(rels: Relations, typ: str) -> str:
    return rels.rng.pick(rels.by_typ[typ]).key


def _reservnummer_contact(p: Person, rels: Relations) -> None:
    """Reservnummer patients reach the units directly (emergency visits, maternity care)."""
    if p.kon == "K" and 18 <= p.alder <= 45 and rels.rng.random() < 0.5:
        p.add_relation(_one(rels, "barnmorskemottagning"), rels.moment(rels.years_ago(0.5)), "Mödrahälsovård")
    else:
        typ = rels.rng.pick(("vardcentral", "specialistmottagning", "forlossningsklinik"
                               if p.kon == "K" and p.alder <= 45 else "vardcentral"))
        p.add_relation(_one(rels, typ), rels.moment(rels.years_ago(1)), "Besök")
