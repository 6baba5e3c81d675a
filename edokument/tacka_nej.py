"""The mailbox operators' "tacka nej" refusal file (seed 001: "Om invånaren även har digital brevlåda kan
invånaren tacka nej till att få e-dokumentet dit via tacka nej-webben").

File *(design, agreed format)*: UTF-8 CSV separated by ``;`` with a header line

    personnummer;avsandare;handelse;tidpunkt
    19800101-1234;SE2321000016-VC01;avbojd;2026-11-30T10:15:00+01:00
    19800101-1234;SE2321000016-VC01;aterkallad;2026-12-02T08:00:00+01:00

``avsandare`` is the sending unit's HSA-id, ``handelse`` ``avbojd`` (she declined) or ``aterkallad`` (she
withdrew it), ``tidpunkt`` ISO 8601 with offset. Events are applied in time order; an import is idempotent
(the unique (citizen, unit) pair) and all or nothing: one bad line and nothing is changed, every bad line is
reported in Swedish. Lines for people who are not our citizens, or for senders that are not our units, are
counted and skipped (the operators' file covers every sender).
"""
from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from edokument.models import BrevladaAvbojd
from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer
from invanare.models import Invanare
from vardportalen.models import Vardenhet

KOLUMNER = ("personnummer", "avsandare", "handelse", "tidpunkt")
AVBOJD, ATERKALLAD = "avbojd", "aterkallad"


class OgiltigFil(ValueError):
    def __init__(self, fel: list[str]):
        super().__init__("\n".join(fel))
        self.fel = fel


@dataclass(frozen=True)
class Rad:
    radnr: int
    identitet: object
    hsa_id: str
    handelse: str
    tidpunkt: datetime.datetime


@dataclass
class Resultat:
    avbojda: int = 0
    aterkallade: int = 0
    redan_kanda: int = 0
    okanda_invanare: int = 0
    okanda_avsandare: int = 0
    fel: list[str] = field(default_factory=list)


def tolka(text: str) -> list[Rad]:
    """Parse and check every line; OgiltigFil lists all problems (line numbers as in the file)."""
    text = text.lstrip("\ufeff")
    lasare = csv.reader(io.StringIO(text), delimiter=";")
    rubrik = next(lasare, None)
    if rubrik is None or [k.strip().lower() for k in rubrik] != list(KOLUMNER):
        raise OgiltigFil([_("Första raden ska vara rubrikerna %(k)s.") % {"k": ";".join(KOLUMNER)}])
    rader, fel = [], []
    for radnr, falt in enumerate(lasare, start=2):
        if not any(f.strip() for f in falt):
            continue
        if len(falt) != len(KOLUMNER):
            fel.append(_("Rad %(n)d: ska ha %(k)d fält separerade med semikolon, har %(h)d.")
                       % {"n": radnr, "k": len(KOLUMNER), "h": len(falt)})
            continue
        nummer, hsa_id, handelse, tid = (f.strip() for f in falt)
        try:
            identitet = parse_identitetsnummer(nummer)
        except OgiltigtIdentitetsnummer as err:
            fel.append(_("Rad %(n)d: %(fel)s") % {"n": radnr, "fel": err})
            continue
        if handelse.lower() not in (AVBOJD, ATERKALLAD):
            fel.append(_("Rad %(n)d: händelsen ska vara avbojd eller aterkallad, inte %(h)r.") % {"n": radnr, "h": handelse})
            continue
        try:
            tidpunkt = parse_datetime(tid)
        except ValueError:
            tidpunkt = None
        if tidpunkt is None or timezone.is_naive(tidpunkt):
            fel.append(_("Rad %(n)d: tidpunkten %(t)r är inte en tid med tidszon (ÅÅÅÅ-MM-DDTtt:mm:ss+01:00).")
                       % {"n": radnr, "t": tid})
            continue
        if not hsa_id:
            fel.append(_("Rad %(n)d: avsändarens HSA-id saknas.") % {"n": radnr})
            continue
        rader.append(Rad(radnr, identitet, hsa_id, handelse.lower(), tidpunkt))
    if fel:
        raise OgiltigFil(fel)
    return rader


def tacka_nej_importera(*, text: str, filnamn: str, nu: datetime.datetime | None = None) -> Resultat:
    """Apply a refusal file in one transaction (OgiltigFil: nothing changed)."""
    nu = nu or timezone.now()
    rader = sorted(tolka(text), key=lambda r: (r.tidpunkt, r.radnr))
    resultat = Resultat()
    enheter = dict(Vardenhet.objects.filter(hsa_id__in={r.hsa_id for r in rader}).values_list("hsa_id", "pk"))
    invanare = {
        (typ, nummer): pk
        for pk, typ, nummer in Invanare.objects.filter(id_nummer__in={r.identitet.nummer for r in rader})
        .values_list("pk", "id_typ", "id_nummer")
    }
    with transaction.atomic():
        for rad in rader:
            inv_id = invanare.get((rad.identitet.typ, rad.identitet.nummer))
            enhet_id = enheter.get(rad.hsa_id)
            if inv_id is None:
                resultat.okanda_invanare += 1
                continue
            if enhet_id is None:
                resultat.okanda_avsandare += 1
                continue
            befintlig = BrevladaAvbojd.objects.select_for_update().filter(invanare_id=inv_id, vardenhet_id=enhet_id).first()
            if rad.handelse == AVBOJD:
                if befintlig is not None:
                    resultat.redan_kanda += 1
                    continue
                BrevladaAvbojd.objects.create(invanare_id=inv_id, vardenhet_id=enhet_id, skapad=rad.tidpunkt,
                                              kalla=f"{filnamn[:180]} rad {rad.radnr}", importerad=nu)
                resultat.avbojda += 1
            elif befintlig is not None and befintlig.skapad <= rad.tidpunkt:
                befintlig.delete()
                resultat.aterkallade += 1
            else:
                resultat.redan_kanda += 1
    return resultat
