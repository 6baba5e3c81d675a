"""Plain records for the synthetic population, independent of the ORM so that 200,000 of them stay cheap."""
import datetime
from dataclasses import dataclass, field


@dataclass(slots=True)
class Adress:
    gatuadress: str
    postnummer: str
    ort: str
    kommunkod: str
    kommun: str
    lat: float
    lon: float


@dataclass(slots=True)
class Household:
    adress: Adress | None
    efternamn: str = ""
    skydd: str = ""
    vardcentral: str | None = None  # unit key the household lists at


@dataclass(slots=True)
class Relation:
    unit: str  # unit key
    fran: datetime.datetime
    anledning: str


@dataclass(slots=True)
class Person:
    idx: int
    fodelsedatum: datetime.date
    kon: str  # "K" or "M"
    alder: int
    household: Household | None = None
    id_typ: str = "personnummer"
    id_nummer: str = ""
    fornamn: str = ""
    efternamn: str = ""
    mobilnummer: str = ""
    skydd: str = ""
    konto: str = "inget"
    digital_brevlada: str = ""
    listad: str | None = None  # unit key
    relations: list[Relation] = field(default_factory=list)
    guardians: list[int] = field(default_factory=list)  # idx of Vardnadshavare
    label: str = ""  # named demo citizens: what they demonstrate

    def has_relation(self, unit: str) -> bool:
        return any(r.unit == unit for r in self.relations)

    def add_relation(self, unit: str, fran: datetime.datetime, anledning: str) -> None:
        if not self.has_relation(unit):
            self.relations.append(Relation(unit, fran, anledning))


def age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
