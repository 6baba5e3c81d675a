"""INSERT … ON CONFLICT DO NOTHING for many rows at COPY speed: COPY into a temporary table, then one
INSERT … SELECT. Used by the SMS outbox and the allocation (100,000s of rows in one transaction)."""
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, connection, transaction

_NR = [0]


def copy_insert_ignore(model, names: Sequence[str], rows: Iterable[tuple], *, direkt: bool = False) -> None:
    """Insert rows (tuples in the order of ``names``, field attnames); rows that would break a unique
    constraint are skipped. Columns not named get their field's default. ``direkt=True``: the caller knows
    there are no conflicts; COPY straight into the table (a conflict then fails the transaction)."""
    falt = {f.attname: f for f in model._meta.concrete_fields}
    ovriga = [f for f in model._meta.concrete_fields if f.attname not in names and not f.primary_key]
    tillagg = tuple(f.get_db_prep_save(f.get_default(), connection) for f in ovriga)
    quote = connection.ops.quote_name
    kolumner = ", ".join(quote(c) for c in [*(falt[n].column for n in names), *(f.column for f in ovriga)])
    tabell = quote(model._meta.db_table)
    _NR[0] += 1
    tmp = f"pg_temp.inlasning_{_NR[0]}"
    if direkt:
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(f"COPY {tabell} ({kolumner}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(tuple(row) + tillagg)
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE {tmp.split('.')[1]} ON COMMIT DROP AS SELECT {kolumner} FROM {tabell} WITH NO DATA")
        with cursor.copy(f"COPY {tmp} ({kolumner}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(tuple(row) + tillagg)
        cursor.execute(f"INSERT INTO {tabell} ({kolumner}) SELECT {kolumner} FROM {tmp} ON CONFLICT DO NOTHING")
        cursor.execute(f"DROP TABLE {tmp}")


# what normalisera_mobilnummer removes: Python's re \s (str.isspace), the hyphen and brackets
_BORT = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "-()"


def sms_enqueue_sql(*, kalla: str, params: dict, nu, aktor=None, fore: str = "", fa_rader: bool = False) -> int:
    """Queue many SMS in ONE statement from a query, with the refusal rules of ``sms_enqueue`` done set-based:
    a locked account (active Kontosparr), a protected identity or a known threat without ``skyddad_bekraftad``, no valid
    Swedish mobile number → a ``nekad`` row with the reason and no number. Keys already in the outbox are
    left as they are (``infoga_utan_dubbletter``). ``kalla`` is a SELECT giving the columns
    ``invanare_id, text, idempotensnyckel, syfte, skicka_efter, skyddad_bekraftad`` (named %(…)s parameters
    from ``params``; a literal % written %%). ``fore``: ``WITH …`` data-modifying statements run in the same
    statement (one round trip for a caller's other inserts; see ``infoga_utan_dubbletter`` for the marker).
    Returns the number of SMS rows inserted."""
    from django.utils.translation import gettext as _

    from invanare.models import Invanare, Kontosparr
    from notiser.models import SmsUtgaende
    from notiser.regler import hotbild_text, skyddad_text, sparrad_text

    quote = connection.ops.quote_name
    sms, inv, sparr = (quote(m._meta.db_table) for m in (SmsUtgaende, Invanare, Kontosparr))
    namngivna = ["invanare_id", "mobilnummer", "text", "syfte", "idempotensnyckel", "status", "orsak",
                 "skyddad_bekraftad", "skapad", "skicka_efter", "nasta_forsok", "skapad_av_hsa_id", "skapad_av_namn",
                 "vardenhet_hsa_id"]
    falt = {f.attname: f for f in SmsUtgaende._meta.concrete_fields}
    ovriga = [f for f in SmsUtgaende._meta.concrete_fields if f.attname not in namngivna and not f.primary_key]
    kolumner = ", ".join(quote(c) for c in [*(falt[n].column for n in namngivna), *(f.column for f in ovriga)])
    # normalisera_mobilnummer and the refusal in layers; OFFSET 0 keeps PostgreSQL from inlining a layer into
    # the next, which would evaluate the same expressions many times per row. translate() and length, not regular
    # expressions (^07[0-9]{8}$ as a regex cost 0.2 s per 100,000 rows). The
    # citizen by primary key per row (LATERAL … OFFSET 0): as a plain join PostgreSQL hashed the whole citizen
    # table (2.4 million rows in the region: 1.2 s) to find 100,000 of them.
    standard = "".join(f", %(d{i})s" for i in range(len(ovriga)))
    sql = f"""{fore}
        INSERT INTO {sms} ({kolumner})
        SELECT r.invanare_id, CASE WHEN r.orsak IS NULL THEN r.nummer ELSE '' END, r.text, r.syfte,
               r.idempotensnyckel, CASE WHEN r.orsak IS NULL THEN %(vantande)s ELSE %(nekad)s END,
               coalesce(r.orsak, ''), r.skyddad_bekraftad, %(nu)s, coalesce(r.skicka_efter, %(nu)s),
               coalesce(r.skicka_efter, %(nu)s), %(hsa)s, %(namn)s, %(enhet)s{standard}
        FROM (SELECT l3.*, CASE WHEN l3.sparrad THEN %(sparrad)s
                                WHEN coalesce(l3.skydd, '') <> '' AND NOT l3.skyddad_bekraftad THEN %(skyddad)s
                                WHEN l3.kand_hotbild AND NOT l3.skyddad_bekraftad THEN %(hotbild)s
                                WHEN l3.nummer IS NULL THEN %(nummer_saknas)s END AS orsak
              FROM (SELECT l2.*, CASE WHEN length(l2.sv) = 10 AND left(l2.sv, 2) = '07'
                                                 AND translate(l2.sv, '0123456789', '') = ''
                                            THEN '+46' || substr(l2.sv, 2) END AS nummer
                    FROM (SELECT l1.*, CASE WHEN l1.ren LIKE '+46%%' THEN '0' || substr(l1.ren, 4)
                                            WHEN l1.ren LIKE '0046%%' THEN '0' || substr(l1.ren, 5)
                                            ELSE l1.ren END AS sv
                          FROM (SELECT q.*, i.skydd, i.kand_hotbild, sp.invanare_id IS NOT NULL AS sparrad,
                                       translate(coalesce(i.mobilnummer, ''), %(bort)s, '') AS ren
                                FROM ({kalla}) q
                                CROSS JOIN LATERAL (SELECT i.skydd, i.kand_hotbild, i.mobilnummer FROM {inv} i
                                                    WHERE i.id = q.invanare_id OFFSET 0) i
                                LEFT JOIN (SELECT DISTINCT invanare_id FROM {sparr} WHERE havd IS NULL) sp
                                       ON sp.invanare_id = q.invanare_id
                                OFFSET 0) l1 OFFSET 0) l2 OFFSET 0) l3 OFFSET 0) r
        """
    varden = {
        "sparrad": sparrad_text(), "skyddad": skyddad_text(), "hotbild": hotbild_text(),
        "nummer_saknas": _("Invånaren har inget giltigt svenskt mobilnummer."),
        "vantande": SmsUtgaende.Status.VANTANDE, "nekad": SmsUtgaende.Status.NEKAD, "nu": nu,
        "hsa": getattr(aktor, "medarbetare_hsa_id", ""), "namn": getattr(aktor, "medarbetare_namn", ""),
        "enhet": getattr(aktor, "vardenhet_hsa_id", ""), "bort": _BORT,
        **{f"d{i}": f.get_db_prep_save(f.get_default(), connection) for i, f in enumerate(ovriga)},
    }
    return infoga_utan_dubbletter(sql, {**varden, **params}, fa_rader=fa_rader)


KONFLIKT = "/*pa_konflikt*/"


def infoga_utan_dubbletter(sql: str, params: dict, *, fa_rader: bool = False) -> int:
    """Run ``INSERT … SELECT …`` without ON CONFLICT (the cheap path: ON CONFLICT's speculative insertion costs
    about as much again per row; measured 2.2 s against 1.1 s for 200,000 keys) in a savepoint; if a row breaks a
    unique constraint after all (a key already there, or written by a concurrent transaction), roll back to the
    savepoint and run it again with ON CONFLICT DO NOTHING. Other errors are raised. Returns the rows inserted.

    ``fa_rader``: the caller inserts a few hundred rows at most; ON CONFLICT DO NOTHING at once (one round trip
    instead of three: the savepoint costs more than the speculative insertion then; same rows in the end).
    ``ON CONFLICT DO NOTHING`` goes at the end and wherever the SQL has the marker ``KONFLIKT`` (inserts in a
    WITH); an INSERT in a WITH without the marker stays without it (a duplicate there is an error)."""
    def med(klausul: str) -> str:
        return sql.replace(KONFLIKT, klausul) + klausul

    with connection.cursor() as cursor:
        if fa_rader:
            cursor.execute(med(" ON CONFLICT DO NOTHING"), params)
            return cursor.rowcount
        try:
            with transaction.atomic():
                cursor.execute(med(""), params)
        except IntegrityError as err:
            if getattr(err.__cause__, "sqlstate", None) != "23505":  # unique_violation
                raise
            cursor.execute(med(" ON CONFLICT DO NOTHING"), params)
        return cursor.rowcount
