"""Named, memorable demo citizens for the README. Fixed on every run and every seed.

Their phone numbers are from PTS's range reserved for fiction (070-174 06 05 – 070-174 06 99).
"""
import datetime
from dataclasses import dataclass

from invanare.identitet import personnummer_for, reservnummer_for
from invanare.demodata.people import Adress, Household, Person, age_on
from invanare.demodata.relations import TZ


@dataclass(frozen=True)
class Named:
    key: str
    label: str
    fornamn: str
    efternamn: str
    kon: str
    fodd: datetime.date
    lop: int
    id_typ: str = "personnummer"
    reserv_ar: int = 0
    home: str | None = None
    skydd: str = ""
    konto: str = "registrerat"
    brevlada: str = ""
    listad: str | None = None
    relations: tuple[tuple[str, int, str], ...] = ()  # (unit key, days ago, reason)
    guardians: tuple[str, ...] = ()


D = datetime.date
HOMES = {
    "gubbangen": ("Gubbängsvägen 42 lgh 1203", "12245"),
    "berg": ("Hornsgatan 150 lgh 1302", "11728"),
    "nystrom": ("Majrovägen 8", "12263"),
    "holm": ("Råsundavägen 101 lgh 1104", "17147"),
    "ekstrom": ("Näsbydalsvägen 4 lgh 1001", "18357"),
    "nowak": ("Högmoravägen 23 lgh 1204", "14150"),
    "sjoberg": ("Skebokvarnsvägen 270", "12453"),
}
NAMED: tuple[Named, ...] = (
    Named("gravid", "Gravid, ska välja förlossningsklinik", "Sara", "Lindqvist", "K", D(1994, 5, 17), 482,
          home="gubbangen", brevlada="kivra", listad="VC_GUB",
          relations=(("VC_GUB", 2200, "Listning"), ("BMM_GUB", 95, "Mödrahälsovård"))),
    Named("vardnadshavare1", "Vårdnadshavare till Elsa och Liam", "Anna", "Berg", "K", D(1990, 11, 2), 186,
          home="berg", brevlada="kivra", listad="VC_HOR", relations=(("VC_HOR", 3000, "Listning"),)),
    Named("vardnadshavare2", "Vårdnadshavare till Elsa och Liam", "Johan", "Berg", "M", D(1988, 6, 21), 359,
          home="berg", listad="VC_HOR", relations=(("VC_HOR", 3000, "Listning"),)),
    Named("barn", "Barn under 13 år med två vårdnadshavare (ombud)", "Elsa", "Berg", "K", D(2022, 3, 8), 264,
          home="berg", konto="inget", listad="VC_HOR",
          relations=(("VC_HOR", 1500, "Listning"), ("BVC_HOR", 1500, "Barnhälsovård")),
          guardians=("vardnadshavare1", "vardnadshavare2")),
    Named("tonaring", "Barn 13–16 år med två vårdnadshavare", "Liam", "Berg", "M", D(2012, 9, 14), 471,
          home="berg", listad="VC_HOR", relations=(("VC_HOR", 4000, "Listning"),),
          guardians=("vardnadshavare1", "vardnadshavare2")),
    Named("skyddad", "Skyddad folkbokföring", "Maria", "Nyström", "K", D(1985, 1, 30), 228, home="nystrom",
          skydd="skyddad_folkbokforing", listad="VC_GUB",
          relations=(("VC_GUB", 1200, "Listning"), ("BMM_GUB", 60, "Mödrahälsovård"))),
    Named("sekretess", "Sekretessmarkering", "Erik", "Holm", "M", D(1979, 8, 12), 335, home="holm",
          skydd="sekretessmarkering", brevlada="kivra", listad="VC_SOL", relations=(("VC_SOL", 900, "Listning"),)),
    Named("reserv_gravid", "Reservnummer, gravid (barnmorskan skriver önskemålet)", "Fatima", "Haddad", "K",
          D(1997, 4, 3), 100042, id_typ="reservnummer", reserv_ar=2025, konto="inget",
          relations=(("BMM_GUB", 80, "Mödrahälsovård"),)),
    Named("reserv", "Reservnummer, utskriftslista i stället för e-dokument", "Oleksandr", "Kovalenko", "M",
          D(1971, 10, 25), 100013, id_typ="reservnummer", reserv_ar=2026, konto="inget",
          relations=(("VC_GUB", 20, "Besök"), ("SPEC_SAB", 10, "Remiss"))),
    Named("samordning", "Samordningsnummer", "Piotr", "Nowak", "M", D(1990, 2, 8), 157,
          id_typ="samordningsnummer", home="nowak", listad="VC_FLE", relations=(("VC_FLE", 700, "Listning"),)),
    Named("hundraar", "Över 100 år, utan konto och brevlåda (utskriftslista)", "Gunnel", "Ekström", "K",
          D(1924, 12, 1), 402, home="ekstrom", konto="inget", listad="VC_TBY",
          relations=(("VC_TBY", 5000, "Listning"), ("VAC_KIS", 200, "Vaccination"))),
    Named("avregistrerad", "Avregistrerat konto men Kivra", "Bengt", "Sjöberg", "M", D(1956, 3, 19), 213,
          home="sjoberg", konto="avregistrerat", brevlada="kivra", listad="VC_GUB",
          relations=(("VC_GUB", 4200, "Listning"),)),
)


def identity_number(n: Named) -> str:
    if n.id_typ == "reservnummer":
        return reservnummer_for(n.reserv_ar, n.lop)
    return personnummer_for(n.fodd, n.lop, samordning=n.id_typ == "samordningsnummer")


def named_people(*, idag: datetime.date, postnummer: dict[str, tuple]) -> list[Person]:
    """The named citizens as Person records with idx 0..len(NAMED)-1."""
    homes = {}
    for key, (street, pn) in HOMES.items():
        row = postnummer.get(pn) or next(r for code, r in sorted(postnummer.items()) if code[:3] == pn[:3])
        homes[key] = Household(Adress(street, row[0], row[1], row[2], row[3], row[4], row[5]))
    idx_of = {n.key: i for i, n in enumerate(NAMED)}
    people = []
    for i, n in enumerate(NAMED):
        p = Person(i, n.fodd, n.kon, age_on(n.fodd, idag), label=n.label)
        p.id_typ, p.id_nummer = n.id_typ, identity_number(n)
        p.fornamn, p.efternamn = n.fornamn, n.efternamn
        p.household = homes[n.home] if n.home else Household(None)
        p.skydd, p.konto, p.digital_brevlada, p.listad = n.skydd, n.konto, n.brevlada, n.listad
        if n.konto == "registrerat" or p.alder >= 18:
            p.mobilnummer = f"070-174 06 {5 + i:02d}"
        for unit, days, reason in n.relations:
            day = idag - datetime.timedelta(days=min(days, (idag - n.fodd).days))
            p.add_relation(unit, datetime.datetime(day.year, day.month, day.day, 10, tzinfo=TZ), reason)
        # Fixed birth dates age with the calendar: guardianship ends at 18 (Föräldrabalken 6 kap. 2 §).
        p.guardians = [idx_of[g] for g in n.guardians] if p.alder < 18 else []
        people.append(p)
    return people
