"""Search as you type over a version's symptom names, synonyms and lay words: Swedish-aware and forgiving.

No database extension is needed (the embedded PostgreSQL has no contrib, so no pg_trgm): a published
version never changes, so its words are indexed once per process in memory and searched in Python.

- Inflections: every word is reduced with the Snowball Swedish stemmer ("magsmärtor" → "magsmärt").
- Compounds and typing: a query word matches words that start with it ("mag" → "magknip", "magont").
- Typos: words whose character trigrams are similar enough ("huvudvärk" ← "huvdvärk").
Ranking: texts matching the most query words (at least half of them) win; exact stems score above prefixes above near misses, the symptom's own
name above its synonyms above lay words, and a text that begins with the whole query gets a bonus.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections import defaultdict
from dataclasses import dataclass

import snowballstemmer

from hanvisning.models import Symptom, Synonym

MAX_TRAFFAR = 15
MIN_LIKHET = 0.45
VIKT = {"namn": 1.0, Synonym.Typ.SYNONYM: 0.95, Synonym.Typ.VARDAGLIGT: 0.9}
_ORD = re.compile(r"[0-9a-zåäöéü]+")
_stemmer_lokal = threading.local()


def _stem(ord_: list[str]) -> list[str]:
    stemmer = getattr(_stemmer_lokal, "s", None)
    if stemmer is None:
        stemmer = _stemmer_lokal.s = snowballstemmer.stemmer("swedish")
    return stemmer.stemWords(ord_)


def ord_i(text: str) -> list[str]:
    return _ORD.findall(text.lower())


def _trigram(ord_: str) -> set[str]:
    s = f"  {ord_} "
    return {s[i:i + 3] for i in range(len(s) - 2)}


@dataclass(frozen=True)
class Traff:
    symptom_id: int
    namn: str
    kroppsomrade: str
    matchade: str  # the text that matched best (the name, or a synonym "magknip")
    poang: float


class Sokindex:
    def __init__(self, rader: list[tuple[int, str, str, str, str]],
                 aldrar: dict[int, tuple[int, int | None]] | None = None):
        """``rader``: (symptom_id, symptom name, body area, text, kind) with kind "namn" or a Synonym.Typ;
        ``aldrar``: symptom_id → the ages [from, to) the symptom is written for (missing: all ages)."""
        self.aldrar = aldrar or {}
        self.texter: list[tuple[int, str, float, str]] = []  # (symptom_id, text, weight, normalised text)
        self.symptom: dict[int, tuple[str, str]] = {}
        self.stam_till_texter: dict[str, list[int]] = defaultdict(list)
        self.ord_till_stam: dict[str, str] = {}
        for sid, namn, omrade, text, typ in rader:
            self.symptom[sid] = (namn, omrade)
            nr = len(self.texter)
            ord_ = ord_i(text)
            self.texter.append((sid, text, VIKT[typ], " ".join(ord_)))
            for o, s in zip(ord_, _stem(ord_)):
                self.ord_till_stam[o] = s
                lista = self.stam_till_texter[s]
                if not lista or lista[-1] != nr:
                    lista.append(nr)
        self.ordlista = sorted(self.ord_till_stam)
        self.stammar = sorted(self.stam_till_texter)
        self.trigram: dict[str, list[str]] = defaultdict(list)
        self.stam_trigram: dict[str, set[str]] = {}
        for s in self.stammar:
            t = _trigram(s)
            self.stam_trigram[s] = t
            for g in t:
                self.trigram[g].append(s)

    def _med_prefix(self, lista: list[str], prefix: str, grans: int = 400) -> list[str]:
        i = bisect.bisect_left(lista, prefix)
        ut = []
        while i < len(lista) and lista[i].startswith(prefix) and len(ut) < grans:
            ut.append(lista[i])
            i += 1
        return ut

    def _kandidater(self, ord_: str, stam: str) -> dict[str, float]:
        """Stems that this query word may mean, with how well they match (1.0 exact)."""
        kand: dict[str, float] = {}
        if stam in self.stam_till_texter:
            kand[stam] = 1.0
        if len(ord_) >= 2:
            for o in self._med_prefix(self.ordlista, ord_):
                s = self.ord_till_stam[o]
                kand[s] = max(kand.get(s, 0), 0.85)
        if len(stam) >= 3:
            for s in self._med_prefix(self.stammar, stam):
                kand[s] = max(kand.get(s, 0), 0.8)
        if len(stam) >= 4 and not any(v >= 0.85 for v in kand.values()):
            mina = _trigram(stam)
            raknare: dict[str, int] = defaultdict(int)
            for g in mina:
                for s in self.trigram.get(g, ()):
                    raknare[s] += 1
            for s, n in raknare.items():
                likhet = n / len(mina | self.stam_trigram[s])
                if likhet >= MIN_LIKHET:
                    kand[s] = max(kand.get(s, 0), 0.7 * likhet)
        return kand

    def _passar(self, sid: int, alder: int | None) -> bool:
        if alder is None or sid not in self.aldrar:
            return True
        fran, till = self.aldrar[sid]
        return fran <= alder and (till is None or alder < till)

    def sok(self, fraga: str, *, antal: int = MAX_TRAFFAR, alder: int | None = None) -> list[Traff]:
        """The best symptoms for the query; with ``alder``, only symptoms written for that age."""
        ord_ = ord_i(fraga)[:8]
        if not ord_ or len("".join(ord_)) < 2:
            return []
        stammar = _stem(ord_)
        summa: dict[int, float] = defaultdict(float)
        antal_ord: dict[int, int] = defaultdict(int)
        for o, s in zip(ord_, stammar):
            basta: dict[int, float] = {}
            for stam, p in self._kandidater(o, s).items():
                for t in self.stam_till_texter[stam]:
                    if p > basta.get(t, 0):
                        basta[t] = p
            for t, p in basta.items():
                summa[t] += p
                antal_ord[t] += 1
        if not antal_ord:
            return []
        # Texts that match the most query words; all of them, or at least half (words like "jag", "när").
        flest = max(antal_ord.values())
        if flest * 2 < len(ord_):
            return []
        per_text = {t: summa[t] for t, n in antal_ord.items() if n == flest}
        hel = " ".join(ord_)
        symptom: dict[int, tuple[float, str]] = {}
        for t, p in per_text.items():
            sid, text, vikt, norm = self.texter[t]
            if not self._passar(sid, alder):
                continue
            poang = p / len(ord_) * vikt + (0.15 if norm.startswith(hel) else 0) + (0.05 if norm == hel else 0)
            if poang > symptom.get(sid, (0, ""))[0]:
                symptom[sid] = (poang, text)
        basta_sym = sorted(symptom.items(), key=lambda kv: (-kv[1][0], len(self.symptom[kv[0]][0]), kv[0]))[:antal]
        return [Traff(sid, self.symptom[sid][0], self.symptom[sid][1], text, round(p, 3))
                for sid, (p, text) in basta_sym]


_INDEX: dict[int, Sokindex] = {}
_LAS = threading.Lock()


def index_bygg(version_id: int) -> Sokindex:
    symptom, aldrar = {}, {}
    for sid, namn, omrade, fran, till in Symptom.objects.filter(version_id=version_id).values_list(
            "pk", "namn", "kroppsomrade", "alder_fran", "alder_till"):
        symptom[sid] = (namn, omrade)
        aldrar[sid] = (fran, till)
    rader = [(sid, namn, omrade, namn, "namn") for sid, (namn, omrade) in symptom.items()]
    rader += [(sid, *symptom[sid], text, typ) for sid, text, typ in
              Synonym.objects.filter(symptom__version_id=version_id).values_list("symptom_id", "text", "typ")]
    return Sokindex(rader, aldrar)


def index_for(version) -> Sokindex:
    """The index of a version, built once per process. Only published versions are cached: their rows
    never change. A draft (preview by the reviewer) is indexed on every call."""
    if version.status != version.Status.PUBLICERAD:
        return index_bygg(version.pk)
    index = _INDEX.get(version.pk)
    if index is None:
        with _LAS:
            index = _INDEX.get(version.pk)
            if index is None:
                index = _INDEX[version.pk] = index_bygg(version.pk)
    return index


def symptom_sok(*, version, fraga: str, antal: int = MAX_TRAFFAR, alder: int | None = None) -> list[Traff]:
    return index_for(version).sok(fraga, antal=antal, alder=alder)
