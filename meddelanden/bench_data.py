"""Benchmark data for meddelanden, written with INSERT … SELECT generate_series (seconds, not minutes).

Bench rows are recognisable: units "Bench-enhet NN" (HSA-id SE2321000016-BENCHNN), citizens with identity
numbers starting 18 (born in the 1800s: no real or demo citizen), conversations with subject "Bench …".
"""
from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from invanare.models import Invanare
from meddelanden.models import Konversation
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet

HSA_PREFIX = "SE2321000016-BENCH"
ID_PREFIX = "18"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def bench_units(n: int) -> list[int]:
    ids = []
    for i in range(n):
        enhet, _ = Vardenhet.objects.get_or_create(
            hsa_id=f"{HSA_PREFIX}{i:02d}",
            defaults={"namn": f"Bench-enhet {i:02d}", "typ": Vardenhet.Typ.SPECIALISTMOTTAGNING, "skickar_ekallelser": True},
        )
        ids.append(enhet.pk)
    return ids


def bench_staff(vardenhet_id: int) -> Medarbetaruppdrag:
    m = Medarbetare.objects.filter(hsa_id=f"{HSA_PREFIX}P1").first() or Medarbetare.objects.create_user(
        f"{HSA_PREFIX}P1", fornamn="Bench", efternamn="Personal")
    uppdrag = Medarbetaruppdrag.objects.filter(medarbetare=m, vardenhet_id=vardenhet_id).first()
    return uppdrag or Medarbetaruppdrag.objects.create(
        medarbetare=m, vardenhet_id=vardenhet_id, roll=Roll.SJUKSKOTERSKA,
        giltig_fran=timezone.localdate() - datetime.timedelta(days=1))


def bench_citizens(n: int) -> int:
    """Insert the missing bench citizens. Columns are read from the model, so a column added later by another
    domain gets its Python default instead of breaking the benchmark."""
    have = Invanare.objects.filter(id_nummer__startswith=ID_PREFIX).count()
    if have >= n:
        return 0
    sql_values = {
        "id_typ": "'personnummer'",
        "id_nummer": f"'{ID_PREFIX}' || lpad(g::text, 10, '0')",
        "fornamn": "(ARRAY['Anna','Erik','Sara','Lars','Maria','Karl','Eva','Johan'])[1 + g %% 8]",
        "efternamn": "'Benchsson'",
        "fodelsedatum": "DATE '1950-01-01' + (g %% 20000)",
        "kommunkod": "'0180'",
        "konto": "'registrerat'",
        "skapad": "now()",
        "uppdaterad": "now()",
    }
    cols, exprs, params = [], [], []
    for f in Invanare._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(_q(f.column))
        if f.name in sql_values:
            exprs.append(sql_values[f.name])
        else:
            default = f.get_default()
            exprs.append("%s")
            params.append(None if default is None and f.null else (default if default is not None else ""))
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO invanare_invanare ({', '.join(cols)}) SELECT {', '.join(exprs)} "
            f"FROM generate_series(%s, %s) g ON CONFLICT DO NOTHING",
            [*params, have + 1, n],
        )
        return cur.rowcount


def bench_conversations(*, unit_ids: list[int], invanare: int, konversationer: int, meddelanden: int, oppna_enhet0: int,
                        medarbetare_id: int) -> tuple[int, int]:
    """``konversationer`` conversations spread evenly over the units and ``meddelanden`` messages in them.
    Unit 0 gets exactly ``oppna_enhet0`` open conversations; other units about a third open."""
    if Konversation.objects.filter(amne__startswith="Bench ").count() >= konversationer:
        return 0, 0
    bench_conversations_delete()
    n_units = len(unit_ids)
    per_konv, extra = divmod(meddelanden, konversationer)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_enheter (nr int, id bigint) ON COMMIT DROP")
        cur.executemany("INSERT INTO bench_enheter VALUES (%s, %s)", list(enumerate(unit_ids)))
        cur.execute(
            """
            INSERT INTO meddelanden_konversation (vardenhet_id, invanare_id, amne, startad_av_personal, startad_av_id,
                skapad, senaste_meddelande, olasta_inkommande, forsta_olasta, tilldelad_id, hanterad, stangd)
            SELECT e.id, inv.id, 'Bench ' || g, true, %(m)s,
                   now() - (g %% 1000) * interval '1 hour' - interval '2 days',
                   now() - (g %% 1000) * interval '1 hour',
                   CASE WHEN oppen AND g %% 4 = 0 THEN 1 ELSE 0 END,
                   CASE WHEN oppen AND g %% 4 = 0 THEN now() - (g %% 1000) * interval '1 hour' END,
                   CASE WHEN g %% 5 = 0 THEN %(m)s END,
                   NULL,
                   CASE WHEN oppen THEN NULL ELSE now() - (g %% 1000) * interval '1 hour' END
            FROM (
                SELECT g, g %% %(units)s AS nr,
                       CASE WHEN g %% %(units)s = 0 THEN g / %(units)s <= %(oppna0)s
                            ELSE g %% 3 = 0 AND g <= %(inv)s END AS oppen
                FROM generate_series(1, %(n)s) g
            ) s
            JOIN bench_enheter e ON e.nr = s.nr
            JOIN invanare_invanare inv ON inv.id_nummer = '18' || lpad((1 + (g::bigint * 7919) %% %(inv)s)::text, 10, '0')
            """,
            {"m": medarbetare_id, "units": n_units, "oppna0": oppna_enhet0, "n": konversationer, "inv": invanare},
        )
        n_konv = cur.rowcount
        cur.execute(
            """
            INSERT INTO meddelanden_meddelande (konversation_id, forfattare, medarbetare_id, text, skickad, last)
            SELECT k.id,
                   CASE WHEN s %% 2 = 1 THEN 'personal' ELSE 'invanare' END,
                   CASE WHEN s %% 2 = 1 THEN k.startad_av_id END,
                   'Bench-meddelande ' || s || ': Hej! Här kommer svar på din fråga om provsvaren och nästa besök.',
                   k.skapad + s * interval '1 hour',
                   k.skapad + s * interval '1 hour' + interval '10 minutes'
            FROM meddelanden_konversation k
            CROSS JOIN LATERAL generate_series(1, %(per)s + CASE WHEN k.id %% %(n)s < %(extra)s THEN 1 ELSE 0 END) s
            WHERE k.amne LIKE 'Bench %%'
            """,
            {"per": per_konv, "n": konversationer, "extra": extra},
        )
        n_medd = cur.rowcount
        cur.execute(
            "INSERT INTO meddelanden_inkorgsversion (vardenhet_id, version) SELECT id, 1 FROM bench_enheter "
            "ON CONFLICT (vardenhet_id) DO UPDATE SET version = meddelanden_inkorgsversion.version + 1")
    with connection.cursor() as cur:
        cur.execute("ANALYZE meddelanden_konversation; ANALYZE meddelanden_meddelande; ANALYZE invanare_invanare")
    return n_konv, n_medd


def bench_conversations_delete() -> None:
    bench = "SELECT id FROM meddelanden_konversation WHERE amne LIKE 'Bench %'"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM meddelanden_bilaga WHERE meddelande_id IN "
                    f"(SELECT id FROM meddelanden_meddelande WHERE konversation_id IN ({bench}))")
        cur.execute(f"DELETE FROM meddelanden_meddelande WHERE konversation_id IN ({bench})")
        cur.execute(f"DELETE FROM meddelanden_konversation WHERE id IN ({bench})")
