"""Request and response schemas of the citizen app's booking API (bokning.app_views)."""
from __future__ import annotations

from ninja import Schema
from pydantic import Field

from invanare.app_api.typer import Bool, Id, Text


class Tidstyp(Schema):
    id: int = Field(examples=[3])
    kod: str = Field(examples=["covid19"])
    namn: str = Field(examples=["Vaccination covid-19"])
    langd_minuter: int = Field(examples=[10])
    video: bool
    kraver_halsodeklaration: bool
    vaccination: bool
    avbokningsbar_i_appen: bool
    avboka_senast_timmar: int = Field(examples=[24])


class Tidstyper(Schema):
    tidstyper: list[Tidstyp]


class Enhet(Schema):
    id: int = Field(examples=[12])
    namn: str = Field(examples=["Vaccinationsmottagning Kista"])
    adress: str = Field(examples=["Kistagången 4"])
    postnummer: str = Field(examples=["164 40"])
    ort: str = Field(examples=["Kista"])
    yttre_fardvag: str
    inre_fardvag: str
    om_oss: str


class Tid(Schema):
    id: int = Field(examples=[4711])
    start: str = Field(examples=["2026-12-07T09:00:00+01:00"])
    slut: str = Field(examples=["2026-12-07T09:10:00+01:00"])
    tidstyp: str = Field(examples=["Vaccination covid-19"])
    lediga_platser: int = Field(examples=[2])
    enhet: int = Field(examples=[12])


class LedigaTider(Schema):
    tider: list[Tid]
    enheter: dict[str, Enhet] = Field(description="Varje enhet i tider, en gång, med id som nyckel.")


class Bokning(Schema):
    id: int = Field(examples=[815])
    status: str = Field(examples=["bokad"])
    status_text: str = Field(examples=["Bokad"])
    start: str
    slut: str
    tidstyp: str
    video: bool
    plats: str
    enhet: Enhet
    kan_avbokas: bool
    halsodeklaration_ifylld: bool
    bussbiljett: str


class Bokningar(Schema):
    bokningar: list[Bokning]


class HalsodeklarationIn(Schema):
    feber_idag: Bool
    allvarlig_allergisk_reaktion: Bool
    gravid: Bool
    blodfortunnande: Bool
    fritext: Text(1000, example="Jag är allergisk mot ägg.") | None = None


class BokaIn(Schema):
    tid: Id = Field(description="Den lediga tidens id (från lediga-tider).")
    halsodeklaration: HalsodeklarationIn | None = Field(
        None, description="Krävs när tidstypen har kraver_halsodeklaration.")


class Bokad(Schema):
    id: int = Field(examples=[815])
    status: str = Field(examples=["bokad"])
    bussbiljett: str
    meddelande: str | None = None


class Avbokad(Schema):
    id: int
    status: str = Field(examples=["avbokad"])
    meddelande: str = Field(examples=["Tiden är avbokad."])


class DeklarationSparad(Schema):
    id: int
    meddelande: str = Field(examples=["Hälsodeklarationen är sparad."])
