"""The content file as CSV (docs/hanvisning.md, "CSV"): one file, one row per record, the record type in the
first column. It is read into the same structure as the JSON format (``hanvisning/1``), so ``innehall.validera``
checks both the same way, and the import is whole or nothing. What only CSV can get wrong (an unknown record
type, a number that is not a number, a level of a symptom that is not in the file) is refused here, in Swedish,
with the row number.

Columns (header row required, ``;`` or ``,`` as separator, UTF-8 with or without BOM); lists inside a cell are
separated by ``|``; an empty cell is "not given":

    typ;kod;namn;text;kroppsomrade;alder_fran;alder_till;synonymer;vardagliga;bradskegrad;vardupdrag;vardform;dagar;tid_fran;tid_till;prioritet;radgivning;demo

- ``version``: namn = the version's designation, text = source, demo = ja/nej (exactly one row)
- ``vardupdrag``: kod, namn, text = description
- ``vardform``: kod, namn, text = description, radgivning = ja/nej
- ``symptom``: kod, namn, text = staff description, kroppsomrade, alder_fran, alder_till, synonymer, vardagliga
- ``niva``: kod = the symptom's code, bradskegrad, text, vardupdrag (one or more)
- ``regel``: kod, vardupdrag, alder_fran, alder_till, dagar, tid_fran, tid_till, vardform, prioritet,
  text = why (motivering)
"""
from __future__ import annotations

import csv
import io

from hanvisning.innehall import FORMAT, MAX_FEL

KOLUMNER = ["typ", "kod", "namn", "text", "kroppsomrade", "alder_fran", "alder_till", "synonymer", "vardagliga",
            "bradskegrad", "vardupdrag", "vardform", "dagar", "tid_fran", "tid_till", "prioritet", "radgivning", "demo"]
TYPER = ("version", "vardupdrag", "vardform", "symptom", "niva", "regel")
JA, NEJ = {"ja", "j", "1", "true", "sant"}, {"nej", "n", "0", "false", "falskt", ""}


class CsvFel(Exception):
    def __init__(self, fel: list[str]):
        super().__init__("; ".join(fel))
        self.fel = fel


def _lista(cell: str) -> list[str]:
    return [d.strip() for d in cell.split("|") if d.strip()]


def las_csv(text: str) -> dict:
    """The CSV text as the ``hanvisning/1`` structure. Raises CsvFel (Swedish messages with row numbers)."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise CsvFel(["Filen är tom."])
    forsta = text.splitlines()[0]
    ska = ";" if forsta.count(";") >= forsta.count(",") else ","
    lasare = csv.DictReader(io.StringIO(text, newline=""), delimiter=ska)
    rubriker = [r.strip() for r in (lasare.fieldnames or [])]
    saknas = [k for k in ("typ", "kod", "namn") if k not in rubriker]
    okanda = [k for k in rubriker if k not in KOLUMNER]
    if saknas or okanda:
        fel = []
        if saknas:
            fel.append(f"Rubrikraden saknar kolumnerna {', '.join(saknas)}.")
        if okanda:
            fel.append(f"Okända kolumner i rubrikraden: {', '.join(okanda)} (tillåtna: {', '.join(KOLUMNER)}).")
        raise CsvFel(fel)
    lasare.fieldnames = rubriker

    fel: list[str] = []
    data: dict = {"format": FORMAT, "vardupdrag": [], "vardformer": [], "symptom": [], "regler": []}
    symptom: dict[str, dict] = {}
    nivaer: list[tuple[int, dict]] = []
    versioner = 0

    def tal(rad: dict, nyckel: str, nr: int, *, tom=None):
        cell = (rad.get(nyckel) or "").strip()
        if not cell:
            return tom
        try:
            return int(cell)
        except ValueError:
            fel.append(f"Rad {nr}: {nyckel} {cell!r} är inte ett heltal.")
            return tom

    def ja_nej(rad: dict, nyckel: str, nr: int) -> bool:
        cell = (rad.get(nyckel) or "").strip().lower()
        if cell not in JA | NEJ:
            fel.append(f"Rad {nr}: {nyckel} ska vara ja eller nej, inte {cell!r}.")
        return cell in JA

    for nr, rad in enumerate(lasare, 2):
        if None in rad:
            fel.append(f"Rad {nr}: fler fält än rubrikraden har kolumner.")
            continue
        rad = {k: (v or "").strip() for k, v in rad.items()}
        typ = rad.get("typ", "").lower()
        if not any(rad.values()):
            continue
        if typ == "version":
            versioner += 1
            data.update(beteckning=rad["namn"], kalla=rad.get("text", ""), demo=ja_nej(rad, "demo", nr))
        elif typ == "vardupdrag":
            data["vardupdrag"].append({"kod": rad["kod"], "namn": rad["namn"], "beskrivning": rad.get("text", "")})
        elif typ == "vardform":
            data["vardformer"].append({"kod": rad["kod"], "namn": rad["namn"], "beskrivning": rad.get("text", ""),
                                       "radgivning": ja_nej(rad, "radgivning", nr)})
        elif typ == "symptom":
            s = {"kod": rad["kod"], "namn": rad["namn"], "beskrivning": rad.get("text", ""),
                 "kroppsomrade": rad.get("kroppsomrade", ""), "alder_fran": tal(rad, "alder_fran", nr, tom=0),
                 "alder_till": tal(rad, "alder_till", nr), "synonymer": _lista(rad.get("synonymer", "")),
                 "vardagliga": _lista(rad.get("vardagliga", "")), "nivaer": []}
            data["symptom"].append(s)
            symptom.setdefault(s["kod"], s)
        elif typ == "niva":
            nivaer.append((nr, rad))
        elif typ == "regel":
            regel = {"kod": rad["kod"], "vardupdrag": rad.get("vardupdrag", ""), "vardform": rad.get("vardform", ""),
                     "alder": [tal(rad, "alder_fran", nr, tom=0), tal(rad, "alder_till", nr)],
                     "dagar": _lista(rad.get("dagar", "")) or ["alla"],
                     "tid": [rad.get("tid_fran") or "00:00", rad.get("tid_till") or "24:00"],
                     "prioritet": tal(rad, "prioritet", nr, tom=100), "motivering": rad.get("text", "")}
            data["regler"].append(regel)
        else:
            fel.append(f"Rad {nr}: okänd radtyp {typ!r} (en av {', '.join(TYPER)}).")
        if len(fel) >= MAX_FEL:
            break
    for nr, rad in nivaer:
        s = symptom.get(rad["kod"])
        if s is None:
            fel.append(f"Rad {nr}: nivån hör till symtomet {rad['kod']!r}, som inte finns i filen.")
            continue
        s["nivaer"].append({"bradskegrad": rad.get("bradskegrad", ""), "text": rad.get("text", ""),
                            "vardupdrag": _lista(rad.get("vardupdrag", ""))})
    if versioner != 1:
        fel.append(f"Filen ska ha exakt en rad av typen version (den har {versioner}).")
    if fel:
        raise CsvFel(fel[:MAX_FEL])
    return data
