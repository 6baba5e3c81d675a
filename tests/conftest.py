import pytest

pytest_plugins = ["tests.fixtures.staff", "tests.fixtures.celery_worker", "tests.fixtures.cards"]


@pytest.fixture(autouse=True)
def _db_access_for_all(db):
    """Most tests touch the database; browser and worker tests ask for transactional_db themselves."""
