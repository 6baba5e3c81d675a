"""Geometry of the server-rendered SVG bar chart of capacity use (the template only draws it)."""
from dataclasses import dataclass

BREDD, HOJD, MARGINAL_V, MARGINAL_N, STAPEL = 720, 240, 40, 40, 30


@dataclass(frozen=True)
class Stapel:
    x: float
    kapacitet_y: float
    kapacitet_h: float
    beslut_y: float
    beslut_h: float
    overfull: bool
    vald: bool
    etikett: str
    text: str
    slug: str


def staplar(veckor, *, vald) -> tuple[list[Stapel], int]:
    """One bar per week: capacity as an outline, decided as a filled bar (red above capacity)."""
    skala_max = max([max(v.platser, v.beslutade) for v in veckor] + [1])
    hojd = HOJD - MARGINAL_N - 10
    steg = (BREDD - MARGINAL_V) / max(len(veckor), 1)
    res = []
    for i, v in enumerate(veckor):
        kh = hojd * v.platser / skala_max
        bh = hojd * v.beslutade / skala_max
        res.append(Stapel(
            x=round(MARGINAL_V + i * steg + (steg - STAPEL) / 2, 1),
            kapacitet_y=round(10 + hojd - kh, 1), kapacitet_h=round(kh, 1),
            beslut_y=round(10 + hojd - bh, 1), beslut_h=round(bh, 1),
            overfull=v.beslutade > v.platser, vald=v.vecka == vald,
            etikett=v.text.split("v. ")[-1], text=f"{v.text}: {v.beslutade} av {v.platser}", slug=v.slug,
        ))
    return res, skala_max
