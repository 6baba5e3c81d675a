"""Geometry of the follow-up's horizontal bar chart (referrals per period, deviations inside); the template
only draws it. Numbers in SVG attributes are plain floats (never a decimal comma)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

BREDD, ETIKETT, RAD, STAPEL = 600, 100, 22, 14
MAX_STAPEL = BREDD - ETIKETT - 50


@dataclass(frozen=True)
class Rad:
    y: float
    text_y: float
    period: datetime.date
    antal: int
    avvikelser: int
    bredd: float
    avvikelse_bredd: float
    varde_x: float


def rader(per_period: list[tuple[datetime.date, int, int]]) -> tuple[list[Rad], int]:
    """One row per period; returns the rows and the chart's height."""
    storst = max([n for _p, n, _a in per_period] + [1])
    ut = []
    for i, (period, n, a) in enumerate(per_period):
        bredd = round(MAX_STAPEL * n / storst, 1)
        ut.append(Rad(y=i * RAD + 4, text_y=i * RAD + 15, period=period, antal=n, avvikelser=a, bredd=bredd,
                      avvikelse_bredd=round(MAX_STAPEL * a / storst, 1), varde_x=ETIKETT + bredd + 6))
    return ut, max(len(ut), 1) * RAD + 8
