"""The synthetic population: ages, sexes, identity numbers, names, addresses, phones, accounts, mailboxes.

Proportions (of the generated citizens):
- ages 0–100 following Stockholm county's age pyramid (a little over a fifth under 18);
- identity: about 1 % reservnummer (adults without a family here, no account, no mailbox), 2 % samordningsnummer,
  the rest personnummer; the number's second to last digit matches the sex;
- about 1 % protected identity, whole households: three quarters sekretessmarkering, a quarter skyddad
  folkbokföring;
- Alltid öppet account: about 80 % of those who can have one (13 years or older, not reservnummer), about
  5 % deregistered, children under 13 have none (their guardians act as proxies);
- digital mailbox: about 45 % of adults (Kivra 85 %, Min Myndighetspost 8 %, Billo 7 %).
"""
import datetime

from faker import Faker

from invanare.identitet import personnummer_for, reservnummer_for
from invanare.demodata.dice import Dice, Weighted
from invanare.demodata.people import Adress, Household, Person, age_on

# Share of the population per age band (Stockholm county, rounded).
AGE_BANDS = (
    (0, 4, 6.3), (5, 9, 6.4), (10, 14, 6.5), (15, 19, 6.0), (20, 24, 5.6), (25, 29, 6.9), (30, 34, 7.9),
    (35, 39, 7.8), (40, 44, 7.1), (45, 49, 6.6), (50, 54, 6.6), (55, 59, 6.1), (60, 64, 5.2), (65, 69, 4.5),
    (70, 74, 4.4), (75, 79, 3.8), (80, 84, 2.5), (85, 89, 1.2), (90, 94, 0.5), (95, 100, 0.13),
)
SHARE_RESERVNUMMER = 0.01
SHARE_SAMORDNINGSNUMMER = 0.02
SHARE_PROTECTED_HOUSEHOLDS = 0.01
SHARE_MAILBOX_ADULTS = 0.45
SHARE_DEREGISTERED = 0.06  # of those who can have an account: about 5 % of everyone
FOREIGN_LOCALES = ("pl_PL", "fi_FI", "es_ES", "it_IT", "de_DE", "en_GB")


class NamePool:
    """Swedish names with their real frequencies (Faker's sv_SE tables), drawn with one RNG."""

    def __init__(self, fake: Faker, seed: int):
        person = next(p for p in fake.providers if hasattr(p, "first_names_female"))
        self.dice = Dice(fake.random)
        self._tables = {
            "K": Weighted(person.first_names_female, person.first_names_female.values()),
            "M": Weighted(person.first_names_male, person.first_names_male.values()),
            "E": Weighted(person.last_names, person.last_names.values()),
        }
        streets = next(p for p in fake.providers if hasattr(p, "street_prefixes"))
        self.street_prefixes = sorted(set(streets.street_prefixes))
        self.street_suffixes = streets.street_suffixes
        self.foreign = Faker(list(FOREIGN_LOCALES))
        self.foreign.seed_instance(seed)

    def draw(self, kind: str) -> str:
        return self._tables[kind].draw(self.dice)

    def foreign_name(self, kon: str) -> tuple[str, str]:
        f = self.foreign
        return (f.first_name_female() if kon == "K" else f.first_name_male()), f.last_name()

    def street(self) -> str:
        return self.dice.pick(self.street_prefixes) + self.dice.pick(self.street_suffixes)


def base_people(n: int, *, rng: Dice, idag: datetime.date, start_idx: int = 0) -> list[Person]:
    """n people with birth date and sex, ages from AGE_BANDS."""
    bands = Weighted([(lo, hi) for lo, hi, _w in AGE_BANDS], [w for _lo, _hi, w in AGE_BANDS])
    people = []
    for i in range(n):
        lo, hi = bands.draw(rng)
        days = rng.between(max(1, int(lo * 365.25)), int((hi + 1) * 365.25) - 1)
        born = idag - datetime.timedelta(days=days)
        kon = "K" if rng.random() < 0.505 else "M"
        people.append(Person(start_idx + i, born, kon, age_on(born, idag)))
    return people


def assign_identity_kinds(people: list[Person], *, rng: Dice, n_total: int) -> None:
    """Reservnummer and samordningsnummer go to adults living alone (no family here to link them to)."""
    singles = [p for p in people if p.alder >= 18 and p.household is None and not p.label]
    rng.shuffle(singles)
    n_res = round(n_total * SHARE_RESERVNUMMER)
    n_sam = round(n_total * SHARE_SAMORDNINGSNUMMER)
    for p in singles[:n_res]:
        p.id_typ = "reservnummer"
    for p in [p for p in singles[n_res:] if p.alder <= 75][:n_sam]:
        p.id_typ = "samordningsnummer"


def assign_numbers(people: list[Person], *, rng: Dice, idag: datetime.date, taken: set[str]) -> None:
    """Valid synthetic numbers: Luhn for personnummer/samordningsnummer, sex in the second to last digit."""
    for p in people:
        if p.id_nummer:
            continue
        parity = (1, 3, 5, 7, 9) if p.kon == "M" else (0, 2, 4, 6, 8)
        while True:
            if p.id_typ == "reservnummer":
                issued = rng.between(max(2005, p.fodelsedatum.year), idag.year + 1)
                lop = rng.below(10000) * 100 + rng.pick(parity) * 10 + rng.below(10)
                number = reservnummer_for(issued, lop)
            else:
                lop = rng.between(1, 100) * 10 + rng.pick(parity)
                number = personnummer_for(p.fodelsedatum, lop, samordning=p.id_typ == "samordningsnummer")
            if number not in taken:
                taken.add(number)
                p.id_nummer = number
                break


def assign_names(people: list[Person], names: NamePool) -> None:
    for p in people:
        if p.fornamn:
            continue
        if p.id_typ != "personnummer":
            p.fornamn, p.efternamn = names.foreign_name(p.kon)
            continue
        p.fornamn = names.draw(p.kon)
        if not p.efternamn:
            p.efternamn = (p.household.efternamn if p.household and p.household.efternamn else "") or names.draw("E")


def residential_postnummer(rows: list[tuple]) -> list[tuple]:
    """Drop box codes (10x xx) and large-recipient codes (last two digits 80–99): nobody lives at those."""
    return [r for r in rows if not r[0].startswith("10") and int(r[0][3:]) < 80] or rows


def new_adress(*, rng: Dice, names: NamePool, postnummer: list[tuple]) -> Adress:
    pn, ort, kommunkod, kommun, lat, lon = rng.pick(postnummer)
    street = f"{names.street()} {rng.between(1, 120)}"
    if rng.random() < 0.55:  # flats carry their national apartment number in the registered address
        street += f" lgh {rng.between(10, 16)}{rng.between(1, 9):02d}"
    return Adress(street, pn, ort, kommunkod, kommun, lat, lon)


def assign_households(people: list[Person], *, rng: Dice, names: NamePool, postnummer: list[tuple]) -> None:
    """Everyone without a household gets one of their own; reservnummer patients often have no address."""
    for p in people:
        if p.household is None:
            no_address = p.id_typ == "reservnummer" and rng.random() < 0.4
            adress = None if no_address else new_adress(rng=rng, names=names, postnummer=postnummer)
            p.household = Household(adress)
    seen = set()
    for p in people:
        h = p.household
        if id(h) in seen:
            continue
        seen.add(id(h))
        if h.adress and rng.random() < SHARE_PROTECTED_HOUSEHOLDS:
            h.skydd = "sekretessmarkering" if rng.random() < 0.75 else "skyddad_folkbokforing"


def _mobile(rng: Dice, used: set[str]) -> str:
    while True:
        number = (f"07{rng.pick('02369')}-{rng.between(100, 1000)} "
                  f"{rng.below(100):02d} {rng.below(100):02d}")
        if number not in used:
            used.add(number)
            return number


def _account_rate(alder: int) -> float:
    if alder < 18:
        return 0.75
    if alder < 70:
        return 0.92
    if alder < 80:
        return 0.8
    return 0.5


def assign_contact(people: list[Person], *, rng: Dice) -> None:
    """Protection, phone, Alltid öppet account and digital mailbox."""
    used: set[str] = set()
    for p in people:
        if p.label:  # named citizens are fully specified
            continue
        p.skydd = p.household.skydd if p.household else ""
        if p.id_typ == "reservnummer" or p.alder < 13:
            p.konto = "inget"
        elif rng.random() < SHARE_DEREGISTERED:
            p.konto = "avregistrerat"
        elif rng.random() < _account_rate(p.alder):
            p.konto = "registrerat"
        if p.alder >= 13 and (p.konto == "registrerat" or rng.random() < 0.8):
            p.mobilnummer = _mobile(rng, used)
        if p.alder >= 18 and p.id_typ != "reservnummer" and rng.random() < SHARE_MAILBOX_ADULTS:
            r = rng.random()
            p.digital_brevlada = "kivra" if r < 0.85 else ("min_myndighetspost" if r < 0.93 else "billo")
