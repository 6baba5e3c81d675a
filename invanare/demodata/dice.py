"""Fast draws on Faker's seeded random.Random: randrange/choices cost microseconds each, which adds up over
200,000 citizens; these use random() only."""
from bisect import bisect
from itertools import accumulate


class Dice:
    def __init__(self, rng):
        self.rng = rng
        self.random = rng.random
        self.gauss = rng.gauss
        self.shuffle = rng.shuffle

    def below(self, n: int) -> int:
        """0 <= k < n."""
        return int(self.random() * n)

    def between(self, lo: int, hi: int) -> int:
        """lo <= k < hi."""
        return lo + int(self.random() * (hi - lo))

    def pick(self, seq):
        return seq[int(self.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.random() < p


class Weighted:
    """Items with weights, drawn in O(log n)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, dice: Dice):
        return self.items[min(bisect(self.cum, dice.random() * self.total), len(self.items) - 1)]
