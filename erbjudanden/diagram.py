"""Geometry of the follow-up chart (sent, opened, booked, declined per day). Integers only: no decimal comma
can reach an SVG attribute."""
from dataclasses import dataclass

BREDD, HOJD, MARGINAL, GRUPP = 720, 220, 30, 4
SERIER = (("skickat", "#7aa7d8"), ("oppnat", "#1d3f6e"), ("bokat", "#2e7d32"), ("avbojt", "#b26a00"))


@dataclass(frozen=True)
class Stapel:
    x: int
    y: int
    h: int
    bredd: int
    farg: str
    text: str


def staplar(per_dag: list[dict]) -> tuple[list[Stapel], list[tuple[int, str]]]:
    if not per_dag:
        return [], []
    topp = max(max(d[s] for s, _f in SERIER) for d in per_dag) or 1
    steg = (BREDD - MARGINAL) // len(per_dag)
    bredd = max(2, (steg - 8) // GRUPP)
    yta = HOJD - MARGINAL
    ut, etiketter = [], []
    for i, d in enumerate(per_dag):
        x0 = MARGINAL + i * steg
        etiketter.append((x0, d["dag"].isoformat()))
        for j, (serie, farg) in enumerate(SERIER):
            h = yta * d[serie] // topp
            ut.append(Stapel(x=x0 + j * bredd, y=yta - h + 5, h=h, bredd=bredd, farg=farg,
                             text=f"{d['dag'].isoformat()} {serie}: {d[serie]}"))
    return ut, etiketter
