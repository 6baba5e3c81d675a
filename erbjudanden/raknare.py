"""The follow-up's counters per offer and day (``Dagsraknare``): one place that adds to them and one that
rebuilds them.

``rakna`` is called inside the transaction that writes the recipient rows it counts (a send's chunk, a citizen's
open / book / decline): if that transaction rolls back (a killed worker), so does the count, and a redone chunk
counts only the rows its ``ON CONFLICT DO NOTHING`` actually inserted. The add is one
``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``: concurrent adds to the same row queue on its row lock
and none is lost. Call it last in the transaction, so the row lock is held only until the commit.

``raknare_bygg`` replaces an offer's counters with a fresh aggregate of its recipient rows (after rows were
changed outside the services, or to check them). It locks the counter table against adds (SHARE ROW EXCLUSIVE
conflicts with the ROW EXCLUSIVE an add takes): a transaction that already added waits to be seen by the
aggregate, one that has not yet added waits for the rebuild and adds afterwards; neither is lost nor counted twice.
"""
from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from .models import Dagsraknare, Mottagare

HANDELSER = ("skickat", "oppnat", "bokat", "avbojt")
_TABELL = Dagsraknare._meta.db_table


def rakna(erbjudande_id: int, tidpunkt: datetime.datetime, **antal: int) -> None:
    """Add ``antal`` (skickat=…, oppnat=…, bokat=…, avbojt=…) to the offer's counters for the local day of
    ``tidpunkt``. Must run inside the transaction that wrote the counted rows."""
    if set(antal) - set(HANDELSER):
        raise ValueError(f"okänd händelse: {sorted(set(antal) - set(HANDELSER))}")
    if not any(antal.values()):
        return
    if not connection.in_atomic_block:
        raise RuntimeError("rakna hör hemma i samma transaktion som raderna den räknar")
    varden = [antal.get(h, 0) for h in HANDELSER]
    with connection.cursor() as c:
        c.execute(
            f"INSERT INTO {_TABELL} (erbjudande_id, dag, {', '.join(HANDELSER)}) VALUES (%s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT (erbjudande_id, dag) DO UPDATE SET "
            + ", ".join(f"{h} = {_TABELL}.{h} + excluded.{h}" for h in HANDELSER),
            [erbjudande_id, timezone.localdate(tidpunkt), *varden],
        )


def aggregat(erbjudande_id: int) -> dict[datetime.date, dict[str, int]]:
    """The counters computed from the recipient rows: four GROUP BYs over the offer's recipients (the cost the
    counters save on every view)."""
    dagar: dict[datetime.date, dict[str, int]] = {}
    for falt in HANDELSER:
        rader = (Mottagare.objects.filter(erbjudande_id=erbjudande_id, **{f"{falt}__isnull": False})
                 .annotate(dag=TruncDate(falt)).values("dag").annotate(n=Count("pk")))
        for r in rader:
            dagar.setdefault(r["dag"], dict.fromkeys(HANDELSER, 0))[falt] = r["n"]
    return dagar


def raknare_las(erbjudande_id: int) -> dict[datetime.date, dict[str, int]]:
    return {r.dag: {h: getattr(r, h) for h in HANDELSER}
            for r in Dagsraknare.objects.filter(erbjudande_id=erbjudande_id).order_by("dag")
            if any(getattr(r, h) for h in HANDELSER)}


def raknare_bygg(erbjudande_id: int) -> int:
    """Rebuild the offer's counters from its recipient rows. Returns the number of day rows written."""
    with transaction.atomic():
        with connection.cursor() as c:
            c.execute(f"LOCK TABLE {_TABELL} IN SHARE ROW EXCLUSIVE MODE")
        Dagsraknare.objects.filter(erbjudande_id=erbjudande_id).delete()
        rader = [Dagsraknare(erbjudande_id=erbjudande_id, dag=dag, **v) for dag, v in aggregat(erbjudande_id).items()]
        Dagsraknare.objects.bulk_create(rader)
    return len(rader)
