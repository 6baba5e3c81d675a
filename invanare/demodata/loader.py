"""Load the demo region in phases, timing each: units, staff, (removal), generation, and one COPY per table."""
import datetime
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from invanare.models import Invanare, Postnummer, Vardnadshavarskap, Vardrelation
from invanare.demodata import citizens, families, named, relations, writer
from invanare.demodata.dice import Dice
from invanare.demodata.people import Person
from invanare.demodata.staff import StaffRow, staff_upsert
from vardportalen.demo.steps import DEMO_STEPS
from invanare.demodata.units import UNITS, units_upsert
from vardportalen.models import Vardenhet

INVANARE_FIELDS = (
    "id", "id_typ", "id_nummer", "fornamn", "efternamn", "fodelsedatum", "kon", "gatuadress", "postnummer", "ort",
    "kommunkod", "kommun", "lat", "lon", "mobilnummer", "skydd", "konto", "digital_brevlada",
    "listad_vardcentral_id", "skapad", "uppdaterad",
)
RELATION_FIELDS = ("invanare_id", "vardenhet_id", "fran", "till", "anledning", "skapad_av_hsa_id")
GUARDIAN_FIELDS = ("barn_id", "vardnadshavare_id", "fran", "till")


@dataclass
class LoadResult:
    staff: list[StaffRow] = field(default_factory=list)
    named: list[Person] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)
    units: dict[str, Vardenhet] = field(default_factory=dict)
    named_pks: dict[str, int] = field(default_factory=dict)
    seed: int = 1
    reset: bool = False
    citizens_skipped: int = 0  # demo citizens already present and kept (no --reset)


class _Clock:
    def __init__(self, result: LoadResult, report: Callable[[str], None]):
        self.result, self.report = result, report

    @contextmanager
    def phase(self, name: str):
        start = time.perf_counter()
        yield
        seconds = time.perf_counter() - start
        self.result.timings.append((name, seconds))
        self.report(f"  {name:<28} {seconds:7.2f} s")


def demo_load(*, invanare: int = 2000, seed: int = 1, reset: bool = False, writer_name: str = "copy",
              idag: datetime.date | None = None, report: Callable[[str], None] = lambda _line: None) -> LoadResult:
    idag = idag or timezone.localdate()
    result = LoadResult(seed=seed, reset=reset)
    clock = _Clock(result, report)
    started = time.perf_counter()
    with clock.phase("Vårdenheter"):
        units = units_upsert()
    with clock.phase("Medarbetare och uppdrag"):
        result.staff = staff_upsert(units=units, prune=reset)
    result.units = units
    result.unit_ids = [u.pk for u in units.values()]
    existing = writer.demo_citizen_ids(result.unit_ids)
    if existing and not reset:
        result.citizens_skipped = len(existing)
    else:
        if existing:
            with clock.phase("Rensning av demoinvånare"):
                writer.delete_citizens(existing)
        with clock.phase("Generering"):
            people = generate(invanare, seed=seed, idag=idag, units=units)
        _write(people, units=units, writer_name=writer_name, result=result, clock=clock)
        result.named = [p for p in people if p.label]
    result.named_pks = _named_pks()
    for name, step in DEMO_STEPS:
        with clock.phase(name):
            step(result)
    result.timings.append(("Totalt", time.perf_counter() - started))
    return result


def slumpkallor(seed: int) -> tuple[Dice, citizens.NamePool, list[tuple]]:
    """The dice, the name pool and the postal-code rows (postnummer, ort, kommunkod, kommun, lat, lon) that a
    seed's generation draws from."""
    fake = Faker("sv_SE")
    fake.seed_instance(seed)
    rng = Dice(fake.random)
    names = citizens.NamePool(fake, seed)
    pn_rows = list(Postnummer.objects.order_by("postnummer").values_list(
        "postnummer", "ort", "kommunkod", "kommun", "lat", "lon"))
    return rng, names, pn_rows


def generate(n: int, *, seed: int, idag: datetime.date, units: dict) -> list[Person]:
    """The whole population as Person records: the named citizens first, then n minus those, generated
    (--invanare 0 gives no citizens at all)."""
    if n <= 0:
        return []
    rng, names, pn_rows = slumpkallor(seed)
    people = named.named_people(idag=idag, postnummer={r[0]: r for r in pn_rows})
    taken = {p.id_nummer for p in people} | set(Invanare.objects.values_list("id_nummer", flat=True))
    generated = citizens.base_people(max(n - len(people), 0), rng=rng, idag=idag, start_idx=len(people))
    residential = citizens.residential_postnummer(pn_rows)
    families.build_families(generated, rng=rng, names=names, postnummer=residential)
    citizens.assign_identity_kinds(generated, rng=rng, n_total=len(generated))
    citizens.assign_households(generated, rng=rng, names=names, postnummer=residential)
    citizens.assign_numbers(generated, rng=rng, idag=idag, taken=taken)
    citizens.assign_names(generated, names)
    citizens.assign_contact(generated, rng=rng)
    people.extend(generated)
    positions = [relations.UnitPos(s.key, s.typ, units[s.key].lat, units[s.key].lon) for s in UNITS]
    relations.assign_relations(people, relations.Relations(positions, rng=rng, idag=idag))
    return people


def _write(people: list[Person], *, units: dict, writer_name: str, result: LoadResult, clock: _Clock) -> None:
    unit_pk = {key: u.pk for key, u in units.items()}
    now = timezone.now()
    with clock.phase("Invånare"):
        ids = writer.allocate_ids(Invanare, len(people))
        pk = {p.idx: ids[i] for i, p in enumerate(people)}
        result.counts["invanare"] = writer.write_rows(
            Invanare, INVANARE_FIELDS, (invanare_row(p, pk[p.idx], unit_pk, now) for p in people),
            writer=writer_name)
    with clock.phase("Vårdrelationer"):
        rows = ((pk[p.idx], unit_pk[r.unit], r.fran, None, r.anledning, "") for p in people for r in p.relations)
        result.counts["vardrelationer"] = writer.write_rows(Vardrelation, RELATION_FIELDS, rows, writer=writer_name)
    with clock.phase("Vårdnadshavarskap"):
        rows = ((pk[p.idx], pk[g], p.fodelsedatum, None) for p in people for g in p.guardians)
        result.counts["vardnadshavarskap"] = writer.write_rows(
            Vardnadshavarskap, GUARDIAN_FIELDS, rows, writer=writer_name)
    with clock.phase("ANALYZE"):
        writer.analyze(Invanare, Vardrelation, Vardnadshavarskap)


def _named_pks() -> dict[str, int]:
    by_number = {named.identity_number(n): n.key for n in named.NAMED}
    rows = Invanare.objects.filter(id_nummer__in=by_number).values_list("id_nummer", "pk")
    return {by_number[nummer]: pk for nummer, pk in rows}


def invanare_row(p: Person, pk: int, unit_pk: dict[str, int], now) -> tuple:
    a = p.household.adress if p.household else None
    return (
        pk, p.id_typ, p.id_nummer, p.fornamn, p.efternamn, p.fodelsedatum, p.kon,
        a.gatuadress if a else "", a.postnummer if a else "", a.ort if a else "", a.kommunkod if a else "",
        a.kommun if a else "", a.lat if a else None, a.lon if a else None,
        p.mobilnummer, p.skydd, p.konto, p.digital_brevlada, unit_pk[p.listad] if p.listad else None, now, now,
    )
