"""Families: children under 18 get one or two guardians (Vardnadshavarskap) among the adults, siblings share
them, and adults are paired into couples. Guardians are at least 18 years older than their oldest child."""
from collections import defaultdict

from invanare.demodata.citizens import NamePool, new_adress
from invanare.demodata.dice import Dice, Weighted
from invanare.demodata.people import Household, Person

SHARE_TWO_GUARDIANS = 0.78
SHARE_SEPARATED = 0.18  # two guardians at different addresses
SHARE_COUPLES = 0.45  # of the women left after the families, living with a partner
SIBLINGS = Weighted((1, 2, 3), (42, 42, 16))


class AdultPool:
    """Adults not yet placed in a family, by (sex, age), in random order."""

    def __init__(self, adults: list[Person], rng: Dice):
        self.rng = rng
        self.buckets: dict[tuple[str, int], list[Person]] = defaultdict(list)
        shuffled = list(adults)
        rng.shuffle(shuffled)
        for p in shuffled:
            self.buckets[(p.kon, p.alder)].append(p)

    def take(self, kon: str, target: int, lo: int, hi: int) -> Person | None:
        target = min(max(target, lo), hi)
        for d in range(0, hi - lo + 1):
            for age in (target - d, target + d) if d else (target,):
                if lo <= age <= hi:
                    bucket = self.buckets.get((kon, age))
                    if bucket:
                        return bucket.pop()
        return None

    def remaining(self, kon: str) -> list[Person]:
        return [p for (k, _a), bucket in self.buckets.items() if k == kon for p in bucket]


def build_families(people: list[Person], *, rng: Dice, names: NamePool, postnummer: list[tuple]) -> None:
    pool = AdultPool([p for p in people if p.alder >= 18 and not p.label], rng)
    children = [p for p in people if p.alder < 18 and not p.label]
    by_age: dict[int, list[Person]] = defaultdict(list)
    for c in children:
        by_age[c.alder].append(c)
    for bucket in by_age.values():
        rng.shuffle(bucket)
    rng.shuffle(children)
    placed: set[int] = set()
    for child in children:
        if child.idx in placed:
            continue
        group = _siblings(child, rng=rng, by_age=by_age, placed=placed)
        _family(group, rng=rng, pool=pool, names=names, postnummer=postnummer)
    _couples(pool, rng=rng, names=names, postnummer=postnummer)


def _siblings(child: Person, *, rng: Dice, by_age, placed: set[int]) -> list[Person]:
    group = [child]
    placed.add(child.idx)
    size = SIBLINGS.draw(rng)
    for _ in range(size - 1):
        age = child.alder + rng.pick((-1, 1)) * rng.between(1, 6)
        bucket = by_age.get(age, [])
        while bucket and bucket[-1].idx in placed:
            bucket.pop()
        if bucket and 0 <= age < 18:
            sibling = bucket.pop()
            placed.add(sibling.idx)
            group.append(sibling)
    return group


def _family(group: list[Person], *, rng: Dice, pool: AdultPool, names: NamePool, postnummer) -> None:
    oldest = max(c.alder for c in group)
    youngest = min(c.alder for c in group)
    two = rng.random() < SHARE_TWO_GUARDIANS
    first_kon = "K" if two or rng.random() < 0.85 else "M"
    at_first_birth = min(max(round(rng.gauss(31, 5)), 19), 44)
    g1 = pool.take(first_kon, oldest + at_first_birth, oldest + 18, youngest + (46 if first_kon == "K" else 55))
    if g1 is None:
        return  # very rare: a child without guardians in the register (e.g. unaccompanied minor)
    g2 = None
    if two:
        second_kon = "K" if rng.random() < 0.02 else "M"
        g2 = pool.take(second_kon, g1.alder + round(rng.gauss(2, 3)), oldest + 18, youngest + 60)
    family_name = names.draw("E")
    home = Household(new_adress(rng=rng, names=names, postnummer=postnummer), efternamn=family_name)
    g1.household = home
    for c in group:
        c.household = home
        c.guardians = [g1.idx] + ([g2.idx] if g2 else [])
    if g2 is None:
        return
    if rng.random() < SHARE_SEPARATED:
        g2.household = Household(new_adress(rng=rng, names=names, postnummer=postnummer), efternamn=family_name)
        own_name_chance = 0.5
    else:
        g2.household = home
        own_name_chance = 0.35
    # One partner sometimes keeps a surname of their own; the children carry the family name.
    if rng.random() < own_name_chance:
        g1.efternamn = names.draw("E")


def _couples(pool: AdultPool, *, rng: Dice, names: NamePool, postnummer) -> None:
    women = pool.remaining("K")
    rng.shuffle(women)
    for woman in women:
        if woman.household is not None or woman.alder < 22 or rng.random() >= SHARE_COUPLES:
            continue
        partner = pool.take("M", woman.alder + round(rng.gauss(2, 4)), 20, 100)
        if partner is None or partner.household is not None:
            continue
        home = Household(new_adress(rng=rng, names=names, postnummer=postnummer), efternamn=names.draw("E"))
        woman.household = partner.household = home
        if rng.random() < 0.4:
            woman.efternamn = names.draw("E")
