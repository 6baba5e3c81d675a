"""Gestational age from the expected delivery date (BF = 40+0): 22+0 is 126 days before BF."""
import datetime
import re
from typing import NamedTuple

from vardportalen.granser import SOK_AR

BF_DAGAR = 280  # BF is the first day of week 40+0


class Gestationsalder(NamedTuple):
    veckor: int
    dagar: int

    def __str__(self):
        return f"{self.veckor}+{self.dagar}"


def gestationsalder(bf: datetime.date, dag: datetime.date) -> Gestationsalder:
    return Gestationsalder(*divmod(BF_DAGAR - (bf - dag).days, 7))


def dag_for(bf: datetime.date, veckor: int, dagar: int = 0) -> datetime.date:
    """The date on which a pregnancy with this BF reaches ``veckor+dagar``."""
    return bf - datetime.timedelta(days=BF_DAGAR - (veckor * 7 + dagar))


def beslutsdag(bf: datetime.date) -> datetime.date:
    """22+0: the clinic is decided."""
    return dag_for(bf, 22, 0)


def sista_valdag(bf: datetime.date) -> datetime.date:
    """21+6: the last day the wishes may change."""
    return dag_for(bf, 21, 6)


def bf_for_beslutsdag(dag: datetime.date) -> datetime.date:
    return dag + datetime.timedelta(days=BF_DAGAR - 22 * 7)


def vecka_start(dag: datetime.date) -> datetime.date:
    return dag - datetime.timedelta(days=dag.weekday())


def vecka_text(mandag: datetime.date) -> str:
    ar, vecka, _d = mandag.isocalendar()
    return f"{ar} v. {vecka:02d}"


def vecka_slug(mandag: datetime.date) -> str:
    ar, vecka, _d = mandag.isocalendar()
    return f"{ar}-W{vecka:02d}"


def vecka_fran_slug(slug: str) -> datetime.date | None:
    """The Monday of an ISO week "2027-W05" (years 2000–2100: the pages step weeks from it), else None."""
    if not re.fullmatch(r"[0-9]{4}-W[0-9]{2}", slug or "") or not (SOK_AR[0] <= int(slug[:4]) <= SOK_AR[1]):
        return None
    try:
        return datetime.datetime.strptime(slug + "-1", "%G-W%V-%u").date()
    except ValueError:
        return None
