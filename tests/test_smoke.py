import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from vardportalen.models import Atkomstlogg


def test_health_is_public(client):
    assert client.get("/halsa/").json() == {"status": "ok"}


def test_dashboard_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggning/")


@pytest.mark.parametrize("statement", ["UPDATE vardportalen_atkomstlogg SET vad = 'x'", "DELETE FROM vardportalen_atkomstlogg"])
def test_access_log_refuses_update_and_delete(statement):
    Atkomstlogg.objects.create(medarbetare_hsa_id="SE2321000016-A1", handelse="lasning", utfall="tillaten", vad="t")
    with pytest.raises(DatabaseError, match="Åtkomstloggen får inte ändras"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
    assert Atkomstlogg.objects.filter(vad="t").count() == 1
