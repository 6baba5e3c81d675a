"""Import guardian relations (Vardnadshavarskap) from a population-register extract in CSV.

Columns (header row, any order; comma, semicolon or tab): ``barn``, ``vardnadshavare`` (identity numbers,
10 or 12 digits, with or without -/+), optional ``fran`` and ``till`` (YYYY-MM-DD; ``fran`` defaults to
the child's birth date). Both people must already be citizens in the register.

Idempotent: rows are upserted on (barn, vardnadshavare), so importing the same file twice changes nothing.
Bad rows are reported in Swedish with their line number and skipped; ``allt_eller_inget`` stores nothing
when any row is bad. Lookups and writes are in batches (constant queries per batch).
"""
from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.identitet import Identitet, OgiltigtIdentitetsnummer, parse_identitetsnummer
from invanare.models import Invanare, Vardnadshavarskap

BATCH = 5000
KOLUMNER = ("barn", "vardnadshavare")


class ImportFel(ValueError):
    """The file itself can't be read (no header, missing columns); nothing was imported."""


@dataclass
class ImportResultat:
    lasta_rader: int = 0
    sparade: int = 0
    fel: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Rad:
    rad: int
    barn: Identitet
    vardnadshavare: Identitet
    fran: datetime.date | None
    till: datetime.date | None


def _datum(text: str, rad: int, falt: str, fel: list[str]) -> datetime.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        fel.append(_("Rad %(rad)d: %(falt)s \"%(v)s\" är inget datum (ÅÅÅÅ-MM-DD).") % {"rad": rad, "falt": falt, "v": text[:20]})
        return None


def _las(text: str, res: ImportResultat) -> list[_Rad]:
    prov = text[:4096]
    try:
        dialekt = csv.Sniffer().sniff(prov, delimiters=",;\t")
    except csv.Error:
        dialekt = csv.excel
    lasare = csv.DictReader(io.StringIO(text), dialect=dialekt)
    namn = {(f or "").strip().lower().lstrip("\ufeff"): f for f in (lasare.fieldnames or [])}
    saknas = [k for k in KOLUMNER if k not in namn]
    if saknas:
        raise ImportFel(_("Filen saknar kolumnerna %(k)s i rubrikraden.") % {"k": ", ".join(saknas)})
    rader = []
    idag = timezone.localdate()
    etiketter = {"barn": _("barnets nummer"), "vardnadshavare": _("vårdnadshavarens nummer")}
    tolkade: dict[str, Identitet | OgiltigtIdentitetsnummer] = {}  # a guardian appears once per child

    def tolka(text: str) -> Identitet:
        if text not in tolkade:
            try:
                tolkade[text] = parse_identitetsnummer(text, idag=idag)
            except OgiltigtIdentitetsnummer as exc:
                tolkade[text] = exc
        if isinstance(tolkade[text], OgiltigtIdentitetsnummer):
            raise tolkade[text]
        return tolkade[text]

    for nr, rad in enumerate(lasare, start=2):
        res.lasta_rader += 1
        varden = {k: (rad.get(namn[k]) or "").strip() for k in namn}
        fel: list[str] = []
        identiteter = {}
        for kolumn, text in (("barn", varden["barn"]), ("vardnadshavare", varden["vardnadshavare"])):
            try:
                identiteter[kolumn] = tolka(text)
            except OgiltigtIdentitetsnummer as exc:
                fel.append(_("Rad %(rad)d: %(etikett)s: %(fel)s") % {"rad": nr, "etikett": etiketter[kolumn], "fel": exc})
        fran = _datum(varden.get("fran", ""), nr, "fran", fel)
        till = _datum(varden.get("till", ""), nr, "till", fel)
        if fran and till and till <= fran:
            fel.append(_("Rad %(rad)d: till måste vara efter fran.") % {"rad": nr})
        if not fel and identiteter["barn"] == identiteter["vardnadshavare"]:
            fel.append(_("Rad %(rad)d: barnet och vårdnadshavaren är samma person.") % {"rad": nr})
        if fel:
            res.fel.extend(fel)
        else:
            rader.append(_Rad(nr, identiteter["barn"], identiteter["vardnadshavare"], fran, till))
    return rader


def _k(i: Identitet) -> tuple[str, str]:
    return str(i.typ), i.nummer


def _personer(identiteter) -> dict[tuple[str, str], Invanare]:
    nummer = {i.nummer for i in identiteter}
    return {
        (str(p.id_typ), p.id_nummer): p
        for p in Invanare.objects.filter(id_nummer__in=nummer).only("pk", "id_typ", "id_nummer", "fodelsedatum")
    }


def vardnadshavare_import(*, text: str, allt_eller_inget: bool = False, kontrollera: bool = False) -> ImportResultat:
    res = ImportResultat()
    rader = _las(text, res)
    nya: dict[tuple[int, int], Vardnadshavarskap] = {}
    for start in range(0, len(rader), BATCH):
        del_ = rader[start : start + BATCH]
        personer = _personer({r.barn for r in del_} | {r.vardnadshavare for r in del_})
        for r in del_:
            barn, vh = personer.get(_k(r.barn)), personer.get(_k(r.vardnadshavare))
            if barn is None:
                res.fel.append(_("Rad %(rad)d: ingen invånare med barnets nummer %(n)s.") % {"rad": r.rad, "n": r.barn.formaterad})
            if vh is None:
                res.fel.append(_("Rad %(rad)d: ingen invånare med vårdnadshavarens nummer %(n)s.") % {"rad": r.rad, "n": r.vardnadshavare.formaterad})
            if barn is None or vh is None:
                continue
            fran = r.fran or barn.fodelsedatum or timezone.localdate()
            if r.till and r.till <= fran:
                res.fel.append(_("Rad %(rad)d: till måste vara efter fran.") % {"rad": r.rad})
                continue
            # A later line for the same pair wins (the extract's latest state).
            nya[(barn.pk, vh.pk)] = Vardnadshavarskap(barn_id=barn.pk, vardnadshavare_id=vh.pk, fran=fran, till=r.till)
    if kontrollera or (allt_eller_inget and res.fel):
        return res
    objekt = list(nya.values())
    with transaction.atomic():
        for start in range(0, len(objekt), BATCH):
            Vardnadshavarskap.objects.bulk_create(
                objekt[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["barn", "vardnadshavare"],
                update_fields=["fran", "till"],
            )
    res.sparade = len(objekt)
    return res
