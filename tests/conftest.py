import pytest

pytest_plugins = [
    "tests.fixtures.staff",
    "tests.fixtures.klocka",
    "tests.fixtures.celery_worker",
    "tests.fixtures.cards",
    "tests.fixtures.app",
    "tests.fixtures.browser",
    "tests.fixtures.forlossning",
    "tests.fixtures.edokument",
    "tests.fixtures.meddelanden",
    "tests.fixtures.bokning",
    "tests.fixtures.oidc_op",
    "tests.fixtures.janus",
]


@pytest.fixture(autouse=True)
def _db_access_for_all(db):
    """Most tests touch the database; browser and worker tests ask for transactional_db themselves."""


@pytest.fixture(autouse=True)
def _broker_pause_forgotten():
    """A test that froze the broker leaves no publishing pause behind for the next (vardportalen.ko)."""
    from vardportalen import ko

    ko.aterstall()
    yield
    ko.aterstall()


@pytest.fixture
def admin_uppdrag(vardenhet):
    """A system administrator with Django admin access (overrides pytest-django's password-based admin)."""
    from tests.fixtures.staff import MedarbetareFactory, MedarbetaruppdragFactory
    from vardportalen.models import Roll

    user = MedarbetareFactory(is_staff=True, is_superuser=True)
    return MedarbetaruppdragFactory(medarbetare=user, vardenhet=vardenhet, roll=Roll.SYSTEMFORVALTARE)


@pytest.fixture
def admin_client(admin_uppdrag):
    from tests.fixtures.staff import logged_in_client

    return logged_in_client(admin_uppdrag)


def pytest_collection_modifyitems(items):
    """Every transactional test restores the migrated data (serialized_rollback) unless it names available_apps.

    A transactional test without it flushes the database and re-creates content types with new ids; the next
    serialized test then fails on duplicate content types, and later tests miss the migrated postal codes.
    So the rule is applied here once instead of trusted to every marker.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        wants_transaction = "transactional_db" in getattr(item, "fixturenames", ()) or "live_server" in getattr(
            item, "fixturenames", ()
        )
        kwargs = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            kwargs.setdefault("transaction", marker.args[0])
        if not (kwargs.get("transaction") or wants_transaction):
            continue
        if kwargs.get("serialized_rollback") or kwargs.get("available_apps") is not None:
            continue
        item.add_marker(pytest.mark.django_db(**{**kwargs, "transaction": True, "serialized_rollback": True}), append=False)
