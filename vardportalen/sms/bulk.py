"""INSERT … ON CONFLICT DO NOTHING for many rows at COPY speed: COPY into a temporary table, then one
INSERT … SELECT. Used by the SMS outbox and the allocation (100,000s of rows in one transaction)."""
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

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
