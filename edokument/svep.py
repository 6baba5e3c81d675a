"""The 48-hour sweep: unread app deliveries of documents without a mailbox delivery go on the print list.

Set-based: one statement per batch ends the watch on up to ``batch`` due deliveries (the partial index
``leverans_bevakning_idx`` holds exactly the watched rows, ordered by ``skickad``) and inserts their
documents into the print list (``= ANY(ARRAY(...))`` keeps both steps on primary-key lookups, so a batch
costs the same whatever the size of the tables), ``ON CONFLICT DO NOTHING`` on the unique document column, so a sweep that
runs twice, or overlaps a staff send, makes one entry. A session advisory lock keeps two sweeps from
working at once; each batch commits on its own, so a crash loses at most the batch in flight (which is
rolled back and found again next time).
"""
from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from edokument.models import Dokument, Leverans, Orsak, Utskriftslistepost

SVEP_LAS = 0x4544_4F4B  # "EDOK": the advisory-lock key of the sweep
OLAST_GRANS = datetime.timedelta(hours=48)

_SQL = f"""
WITH slut AS (
    UPDATE {Leverans._meta.db_table} SET bevakas = false
    WHERE id = ANY(ARRAY(
        SELECT id FROM {Leverans._meta.db_table}
        WHERE bevakas AND skickad <= %(grans)s
        ORDER BY skickad
        LIMIT %(batch)s
        FOR UPDATE SKIP LOCKED
    ))
    RETURNING dokument_id
), ny AS (
    INSERT INTO {Utskriftslistepost._meta.db_table} (dokument_id, vardenhet_id, dokumenttyp, orsak, skapad,
        utskriven_av_hsa_id, utskriven_av_namn)
    SELECT d.id, d.vardenhet_id, d.typ, %(orsak)s, %(nu)s, '', ''
    FROM {Dokument._meta.db_table} d
    WHERE d.id = ANY(ARRAY(SELECT DISTINCT dokument_id FROM slut))
    ON CONFLICT (dokument_id) DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM slut), (SELECT count(*) FROM ny)
"""


@dataclass(frozen=True)
class SvepResultat:
    lasta: bool  # False when another sweep held the lock
    avslutade: int = 0  # deliveries whose watch ended
    nya_poster: int = 0
    batcher: int = 0
    sekunder: float = 0.0


def utskriftslista_svep(*, nu: datetime.datetime | None = None, batch: int = 5000) -> SvepResultat:
    nu = nu or timezone.now()
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_try_advisory_lock(%s)", [SVEP_LAS])
        if not cur.fetchone()[0]:
            return SvepResultat(lasta=False)
        try:
            avslutade = nya = batcher = 0
            while True:
                with transaction.atomic():
                    cur.execute(_SQL, {"grans": nu - OLAST_GRANS, "batch": batch, "orsak": Orsak.OLAST_48H, "nu": nu})
                    n_slut, n_ny = cur.fetchone()
                batcher += 1
                avslutade += n_slut
                nya += n_ny
                if n_slut < batch:
                    break
        finally:
            cur.execute("SELECT pg_advisory_unlock(%s)", [SVEP_LAS])
    return SvepResultat(lasta=True, avslutade=avslutade, nya_poster=nya, batcher=batcher,
                        sekunder=time.perf_counter() - start)
