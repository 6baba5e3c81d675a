import pytest

pytest_plugins = [
    "tests.fixtures.staff",
    "tests.fixtures.celery_worker",
    "tests.fixtures.cards",
    "tests.fixtures.app",
    "tests.fixtures.forlossning",
    "tests.fixtures.edokument",
    "tests.fixtures.meddelanden",
    "tests.fixtures.bokning",
]


@pytest.fixture(autouse=True)
def _db_access_for_all(db):
    """Most tests touch the database; browser and worker tests ask for transactional_db themselves."""


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
