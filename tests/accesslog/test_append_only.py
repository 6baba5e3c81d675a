"""The database itself refuses to change or delete access-log rows (trigger from migration 0002)."""
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from tests.fixtures.staff import aktor_for
from vardportalen.accesslog.services import atkomst_logga
from vardportalen.models import Atkomstlogg

REFUSED = "Åtkomstloggen får inte ändras eller raderas"


@pytest.fixture
def row(uppdrag):
    return atkomst_logga(aktor=aktor_for(uppdrag), handelse="lasning", utfall="tillaten", vad="original")


def _refused(action):
    with pytest.raises(DatabaseError, match=REFUSED):
        with transaction.atomic():
            action()


def test_orm_update_refused(row):
    _refused(lambda: Atkomstlogg.objects.filter(pk=row.pk).update(vad="ändrad"))
    row.refresh_from_db()
    assert row.vad == "original"


def test_save_of_existing_row_refused(row):
    row.utfall = "nekad"
    _refused(row.save)
    assert Atkomstlogg.objects.get(pk=row.pk).utfall == "tillaten"


def test_orm_delete_refused(row):
    _refused(row.delete)
    _refused(lambda: Atkomstlogg.objects.all().delete())
    assert Atkomstlogg.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE vardportalen_atkomstlogg SET medarbetare_hsa_id = 'SE2321000016-X' WHERE id = %s",
        "UPDATE vardportalen_atkomstlogg SET tidpunkt = tidpunkt - interval '1 day' WHERE id = %s",
        "DELETE FROM vardportalen_atkomstlogg WHERE id = %s",
    ],
)
def test_raw_sql_refused(row, sql):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])

    _refused(run)
    assert Atkomstlogg.objects.get(pk=row.pk).vad == "original"


def test_insert_still_allowed(row, uppdrag):
    atkomst_logga(aktor=aktor_for(uppdrag), handelse="export", utfall="tillaten", vad="ny rad")
    assert Atkomstlogg.objects.count() == 2
