"""`make demo` runs on the embedded PostgreSQL (pgserver), which ships no contrib extensions (btree_gist,
pg_trgm, …): a migration that creates one breaks the demo on a fresh machine, so none may."""
from django.contrib.postgres.operations import CreateExtension
from django.db.migrations.loader import MigrationLoader


def test_no_migration_creates_a_postgres_extension():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    offenders = [
        f"{app}.{name}: {op.name}"
        for (app, name), migration in loader.disk_migrations.items()
        for op in migration.operations
        if isinstance(op, CreateExtension)
    ]
    assert offenders == []
