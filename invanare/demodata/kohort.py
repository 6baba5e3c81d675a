"""Extra cohorts: synthetic citizens that a domain's demo step adds beside the population, at a scale of their
own (forlossning's pregnant women at the region's real yearly number of births). Made by the population's
generator (names, valid unique identity numbers, Stockholm county addresses, protected households, phones,
accounts) and written with COPY, but outside the population's proportions: each has a care relation whose
``skapad_av_hsa_id`` is KOHORT_HSA_ID, by which she is told apart (``kohort_invanare_ids``). They are demo
citizens like the others: ``demo_load --reset`` removes them with everything that points at them."""
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from invanare.demodata import citizens, writer
from invanare.demodata.loader import INVANARE_FIELDS, RELATION_FIELDS, invanare_row, slumpkallor
from invanare.demodata.named import NAMED
from invanare.demodata.people import Person, age_on
from invanare.geo import haversine_km
from invanare.models import Invanare, Vardrelation

KOHORT_HSA_ID = "SE2321000016-DEMOKOHORT"


@dataclass(frozen=True)
class Kohortperson:
    pk: int
    enhet: object  # the Vardenhet of her care relation
    lat: float | None
    lon: float | None
    reservnummer: bool


def kohort_invanare_ids():
    """The extra cohorts' citizens (a subquery of ids)."""
    return Vardrelation.objects.filter(skapad_av_hsa_id=KOHORT_HSA_ID).values("invanare_id")


def kohort_finns() -> bool:
    return Vardrelation.objects.filter(skapad_av_hsa_id=KOHORT_HSA_ID).exists()


def kvinnor_skapa(rader: Sequence[tuple[datetime.date, datetime.datetime]], *, seed: int, idag: datetime.date,
                  nu: datetime.datetime, enheter: list, anledning: str) -> list[Kohortperson]:
    """One woman per (birth date, care relation from) in ``rader``, in that order, each with a care relation at
    the nearest of ``enheter`` (Vardenhet with a position)."""
    if not rader:
        return []
    rng, names, pn_rows = slumpkallor(seed)
    people = [Person(i, fodd, "K", age_on(fodd, idag)) for i, (fodd, _fran) in enumerate(rader)]
    citizens.assign_identity_kinds(people, rng=rng, n_total=len(people))
    citizens.assign_households(people, rng=rng, names=names, postnummer=citizens.residential_postnummer(pn_rows))
    citizens.assign_numbers(people, rng=rng, idag=idag, taken=set(Invanare.objects.values_list("id_nummer", flat=True)))
    citizens.assign_names(people, names)
    upptagna = {(n.fornamn, n.efternamn) for n in NAMED}  # the named demo citizens stay the only ones of their name
    for p in people:
        while (p.fornamn, p.efternamn) in upptagna:
            p.fornamn = names.draw("K")
    citizens.assign_contact(people, rng=rng)

    def narmast(p: Person):
        a = p.household.adress
        if a is None or a.lat is None:
            return enheter[0]
        return min(enheter, key=lambda e: haversine_km(a.lat, a.lon, e.lat, e.lon))

    ids = writer.allocate_ids(Invanare, len(people))
    writer.write_rows(Invanare, INVANARE_FIELDS, (invanare_row(p, pk, {}, nu) for p, pk in zip(people, ids)))
    enhet = [narmast(p) for p in people]
    writer.write_rows(Vardrelation, RELATION_FIELDS,
                      ((pk, e.pk, fran, None, anledning, KOHORT_HSA_ID)
                       for pk, e, (_f, fran) in zip(ids, enhet, rader, strict=True)))
    writer.analyze(Invanare, Vardrelation)
    return [Kohortperson(pk, e, p.household.adress.lat if p.household.adress else None,
                         p.household.adress.lon if p.household.adress else None, p.id_typ == "reservnummer")
            for pk, e, p in zip(ids, enhet, people, strict=True)]
