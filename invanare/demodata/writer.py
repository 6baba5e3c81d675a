"""Bulk writes for the demo: PostgreSQL COPY through psycopg 3 (the default, measured fastest) or bulk_create,
one transaction per table, and the removal of demo citizens with everything that points at them."""
from collections.abc import Iterable, Sequence

from django.db import connection, models, transaction
from django.db.models.expressions import RawSQL

from invanare.models import Invanare, Vardnadshavarskap, Vardrelation

WRITERS = ("copy", "bulk_create")


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Reserve primary keys from the table's sequence so that child rows can be written without RETURNING."""
    if count == 0:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _defaults(model, names: Sequence[str]) -> list[tuple[str, object]]:
    """Columns the caller did not give: their Python default (fields another domain may add later)."""
    extra = []
    for f in model._meta.concrete_fields:
        if f.attname in names or f.primary_key:
            continue  # a primary key not given comes from the table's identity sequence
        value = f.pre_save(model(), add=True) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) \
            else f.get_default()
        extra.append((f.attname, f.get_db_prep_save(value, connection)))
    return extra


def write_rows(model, names: Sequence[str], rows: Iterable[tuple], *, writer: str = "copy") -> int:
    """Insert rows (tuples in the order of names, field attnames) in one transaction. Returns the row count."""
    if writer == "bulk_create":
        return _bulk_create(model, names, rows)
    extra = _defaults(model, names)
    fields = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    columns = ", ".join(quote(fields[n].column) for n in [*names, *(n for n, _v in extra)])
    tail = tuple(v for _n, v in extra)
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        with cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row + tail)
                count += 1
    return count


def _bulk_create(model, names, rows, batch_size: int = 5000) -> int:
    objs = [model(**dict(zip(names, row, strict=True))) for row in rows]
    with transaction.atomic():
        model.objects.bulk_create(objs, batch_size=batch_size)
    return len(objs)


def demo_citizen_ids(unit_ids: list[int]) -> list[int]:
    """Citizens listed at, or with a care relation to, a demo unit: every generated citizen is one."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Invanare._meta.db_table} WHERE listad_vardcentral_id = ANY(%s) "
            f"UNION SELECT invanare_id FROM {Vardrelation._meta.db_table} WHERE vardenhet_id = ANY(%s)",
            [unit_ids, unit_ids],
        )
        return [row[0] for row in cursor.fetchall()]


@transaction.atomic
def delete_citizens(ids: list[int]) -> None:
    """Delete citizens and what points at them. Rows of other domains go through the ORM (their own cascades,
    SET_NULL honoured); the two big tables of this loader go by plain SQL. The access log has no foreign keys
    and is never touched."""
    if not ids:
        return
    subquery = RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    # include_hidden: relations with related_name="+" too (video's participant seats), or their rows would be left
    # pointing at deleted citizens.
    for rel in [f for f in Invanare._meta.get_fields(include_hidden=True) if f.auto_created and not f.concrete]:
        related = rel.related_model
        if related in (Vardrelation, Vardnadshavarskap):
            continue
        if rel.many_to_many:
            through = rel.through
            for f in through._meta.concrete_fields:
                if f.is_relation and f.related_model is Invanare:
                    through._base_manager.filter(**{f"{f.name}__in": subquery}).delete()
            continue
        queryset = related._base_manager.filter(**{f"{rel.field.name}__in": subquery})
        if rel.on_delete is models.SET_NULL:
            queryset.update(**{rel.field.name: None})
        else:
            queryset.delete()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Vardrelation._meta.db_table} WHERE invanare_id = ANY(%s)", [ids])
        for column in ("barn_id", "vardnadshavare_id"):  # two statements: an OR of two ANYs scans slowly
            cursor.execute(f"DELETE FROM {Vardnadshavarskap._meta.db_table} WHERE {column} = ANY(%s)", [ids])
        cursor.execute(f"DELETE FROM {Invanare._meta.db_table} WHERE id = ANY(%s)", [ids])


def analyze(*models_: type[models.Model]) -> None:
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
