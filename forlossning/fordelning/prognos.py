"""The planner's warning: delivery weeks not yet being decided whose known women (and the late registrations
expected from the run history) the week's places cannot take, with the projected overfull women per clinic — the
same whole-week allocation the runs make (``snabb.vecka_besluta``), over the women known today, nobody committed."""
from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

import numpy as np

from forlossning import graviditetsvecka as gv
from forlossning.fordelning import korning, snabb
from forlossning.models import Fordelningskorning

logger = logging.getLogger("forlossning")

ANTAL_VECKOR = 12


@dataclass
class Veckoprognos:
    vecka: datetime.date
    platser: int
    kanda: int  # undecided women registered for the week
    vantade_sena: int  # late registrations expected (the margin)
    overfulla: dict[int, int]  # clinic id -> projected overfull women
    forsta_beslutsdag: datetime.date

    @property
    def antal_overfulla(self) -> int:
        return sum(self.overfulla.values())

    @property
    def text(self) -> str:
        return gv.vecka_text(self.vecka)

    @property
    def slug(self) -> str:
        return gv.vecka_slug(self.vecka)


def veckor_framat(idag: datetime.date, antal: int = ANTAL_VECKOR) -> list[datetime.date]:
    """The delivery weeks whose first decision day is after ``idag``: from the week after the one decided now."""
    forsta = gv.vecka_start(gv.bf_for_beslutsdag(idag))
    if gv.beslutsdag(forsta) <= idag:
        forsta += datetime.timedelta(weeks=1)
    return [forsta + datetime.timedelta(weeks=i) for i in range(antal)]


def prognos(*, idag: datetime.date, veckor: list[datetime.date] | None = None) -> list[Veckoprognos]:
    """Every week of ``veckor`` (default: the next ANTAL_VECKOR not yet being decided) with its forecast; weeks
    already being decided are left out (their shortfall is on the run page)."""
    veckor = [v for v in (veckor or veckor_framat(idag)) if gv.beslutsdag(v) > idag]
    kliniker = korning.kliniker_aktiva()
    if not veckor or not kliniker:
        return []
    kohort = korning.kohort_las(idag=idag, kliniker=kliniker, veckor=veckor)
    per_vecka = korning.veckor_i(kohort)
    lagen, _andel = korning.veckolage_las(veckor=veckor, kliniker=kliniker,
                                          okanda={v: len(i) for v, i in per_vecka.items()}, sena_nu={})
    seed = f"prognos-{idag.isoformat()}"
    f = snabb.forbered(kohort, seed)
    resultat = []
    for v in veckor:
        index = per_vecka.get(v, np.zeros(0, dtype=np.int64))
        lage = lagen[v]
        vb = snabb.vecka_besluta(f, index, np.zeros(len(index), dtype=bool), lage, seed)
        resultat.append(Veckoprognos(
            vecka=v, platser=sum(lage.platser), kanda=len(index), vantade_sena=lage.marginal,
            overfulla={k.pk: n for k, n in zip(kliniker, vb.prognos_overfulla, strict=True) if n},
            forsta_beslutsdag=gv.beslutsdag(v)))
    return resultat


def som_json(prognoser: list[Veckoprognos]) -> list[dict]:
    """The short weeks, as the daily run stores them (the dashboard reads the latest)."""
    return [{"vecka": p.slug, "platser": p.platser, "kanda": p.kanda, "vantade_sena": p.vantade_sena,
             "overfulla": {str(k): n for k, n in p.overfulla.items()}} for p in prognoser if p.antal_overfulla]


def spara_i_korning(korning_post: Fordelningskorning, idag: datetime.date) -> None:
    """After the daily run: the weeks not yet being decided that are projected short, kept in its record (the
    planner's dashboard panel reads the latest). A failure leaves the run as it is; the capacity page computes the
    forecast live anyway."""
    start = time.perf_counter()
    try:
        korta = som_json(prognos(idag=idag))
    except Exception:
        logger.exception("Prognosen efter fördelningskörningen %s kunde inte räknas", korning_post.idempotensnyckel)
        return
    sekunder = {**korning_post.resultat.get("sekunder", {}), "prognos": round(time.perf_counter() - start, 4)}
    korning_post.resultat = {**korning_post.resultat, "prognos": korta, "sekunder": sekunder}
    korning_post.save(update_fields=["resultat"])


def senaste_korta() -> tuple[Fordelningskorning | None, list[dict]]:
    """The latest daily run's stored short weeks."""
    senaste = (Fordelningskorning.objects.filter(typ=Fordelningskorning.Typ.DAGLIG,
                                                 status=Fordelningskorning.Status.KLAR)
               .order_by("-datum", "-pk").first())
    return senaste, (senaste.resultat.get("prognos") or []) if senaste else []
