"""Schemas shared by every part of the citizen API: the error shape and a person."""
from __future__ import annotations

from ninja import Schema
from pydantic import Field

from invanare.app_api.typer import Id, Text


class FelDetalj(Schema):
    kod: str = Field(description="Stabil maskinläsbar kod, t.ex. ogiltig_begaran, ej_inloggad, finns_inte.",
                     examples=["ogiltig_begaran"])
    meddelande: str = Field(description="Text på svenska att visa för användaren.",
                            examples=["Begäran innehåller fel. tid: Ska vara ett heltal (siffrorna 0–9)."])
    falt: dict[str, list[str]] | None = Field(None, description="Fel per fält, när begäran hade fel i fält.",
                                              examples=[{"tid": ["Ska vara ett heltal (siffrorna 0–9)."]}])
    detaljer: object | None = Field(None, description="Ytterligare förklaring (bara vissa koder).")
    skal: str | None = None
    konversation_id: int | None = Field(None, description="finns_oppen: den öppna konversationen att skriva i.")


class Fel(Schema):
    fel: FelDetalj


_FEL_BESKRIVNING = {
    400: "Begäran har fel (ogiltig JSON, fel typ, för djup, otillåtna tecken, fält utanför gränserna).",
    401: "Ingen eller ogiltig token: logga in igen.",
    403: "Du får inte göra detta (spärrat konto, blockerat ombud, ingen behörighet).",
    404: "Finns inte (eller syns inte för dig).",
    405: "Metoden stöds inte på adressen.",
    409: "Krock: någon annan (eller en tidigare begäran) hann före.",
    413: "Begäran är för stor.",
    415: "Fel Content-Type: skicka JSON.",
    503: "Tillfälligt fel (t.ex. databasen startar om): försök igen.",
}

# Every operation may answer these (documented in the OpenAPI contract with the Fel shape).
FEL = {kod: Fel for kod in _FEL_BESKRIVNING}


class Person(Schema):
    id: int = Field(examples=[17])
    namn: str = Field(examples=["Anna Andersson"])
    fornamn: str = Field(examples=["Anna"])


class PersonMedRelation(Person):
    relation: str = Field(examples=["vardnadshavare"])


class Meddelande(Schema):
    meddelande: str


__all__ = ["FEL", "Fel", "Id", "Person", "PersonMedRelation", "Text"]

# A file answer (a PDF or an attachment as stored): declared for the OpenAPI document with openapi_extra.
PDF = {"responses": {200: {"description": "Filen.", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}}
FIL = {"responses": {200: {"description": "Filen, med sin egen Content-Type.",
                           "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}}
