"""README, "Drift": the application role owns no table, so the access log cannot be truncated or dropped.

Runs the real postgres init script of docker-compose.yml (devtools/docker/postgres-init.sh) against a fresh
database, migrates it as the owner (as the compose `migrate` service does), then acts as the app role.
"""
import json
import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from devtools.embedded import database_url_from_settings

BASE_DIR = Path(__file__).resolve().parents[2]
INIT_SCRIPT = BASE_DIR / "devtools" / "docker" / "postgres-init.sh"

AS_APP_ROLE = r"""
import json, django
django.setup()
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.utils import timezone
from vardportalen.models import Atkomstlogg

results = {}
Atkomstlogg.objects.create(medarbetare_hsa_id="SE2321000016-DRFT", handelse="lasning", utfall="tillaten", vad="drift")
results["insert"] = Atkomstlogg.objects.filter(vad="drift").count()
Session.objects.create(session_key="drift" + "x" * 30, session_data="", expire_date=timezone.now())
results["other_tables"] = Session.objects.count()
for name, statement in [("update", "UPDATE vardportalen_atkomstlogg SET vad = 'x'"),
                        ("delete", "DELETE FROM vardportalen_atkomstlogg"),
                        ("truncate", "TRUNCATE vardportalen_atkomstlogg"),
                        ("drop", "DROP TABLE vardportalen_atkomstlogg"),
                        ("alter", "ALTER TABLE vardportalen_atkomstlogg DISABLE TRIGGER atkomstlogg_append_only")]:
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)
        results[name] = "allowed"
    except DatabaseError as exc:
        results[name] = [getattr(exc.__cause__, "sqlstate", None), str(exc).splitlines()[0]]
results["rows_left"] = Atkomstlogg.objects.filter(vad="drift").count()
print(json.dumps(results))
"""


def _psql_dir() -> str:
    psql = shutil.which("psql")
    if psql:
        return str(Path(psql).parent)
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin")


@pytest.fixture
def fresh_database():
    settings_dict = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("needs a PostgreSQL superuser (as the postgres image's POSTGRES_USER is)")
    suffix = secrets.token_hex(4)
    names = {"db": f"vp_drift_{suffix}", "app": f"vp_drift_app_{suffix}", "password": secrets.token_urlsafe(16)}
    admin = {"host": settings_dict["HOST"] or None, "port": settings_dict["PORT"] or None,
             "user": settings_dict["USER"] or None, "password": settings_dict["PASSWORD"] or None}
    admin = {k: v for k, v in admin.items() if v}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{names["db"]}"')
    try:
        yield names, settings_dict
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{names["app"]}"')


def test_app_role_cannot_truncate_drop_or_change_the_access_log(fresh_database):
    names, settings_dict = fresh_database
    base_env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}

    pg_env = {**base_env, "PATH": _psql_dir() + os.pathsep + os.environ.get("PATH", ""),
              "POSTGRES_USER": settings_dict["USER"] or "postgres", "POSTGRES_DB": names["db"],
              "POSTGRES_APP_USER": names["app"], "POSTGRES_APP_PASSWORD": names["password"]}
    if settings_dict["HOST"]:
        pg_env["PGHOST"] = settings_dict["HOST"]
    if settings_dict["PORT"]:
        pg_env["PGPORT"] = str(settings_dict["PORT"])
    if settings_dict["PASSWORD"]:
        pg_env["PGPASSWORD"] = settings_dict["PASSWORD"]
    init = subprocess.run(["bash", str(INIT_SCRIPT)], env=pg_env, capture_output=True, text=True, timeout=60)
    assert init.returncode == 0, init.stderr

    django_env = {**base_env, "PYTHONPATH": str(BASE_DIR), "DJANGO_SETTINGS_MODULE": "vardportalen.settings.test",
                  "DATABASE_POOL": "false", "REDIS_URL": "redis://127.0.0.1:1/0"}
    owner_url = database_url_from_settings(settings_dict, name=names["db"])
    migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR,
                             env={**django_env, "DATABASE_URL": owner_url}, capture_output=True, text=True,
                             timeout=300)
    assert migrate.returncode == 0, migrate.stderr[-3000:]

    app_url = database_url_from_settings({**settings_dict, "USER": names["app"], "PASSWORD": names["password"]},
                                         name=names["db"])
    run = subprocess.run([sys.executable, "-c", AS_APP_ROLE], cwd=BASE_DIR,
                         env={**django_env, "DATABASE_URL": app_url}, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(run.stdout.strip().splitlines()[-1])

    assert results["insert"] == 1 and results["other_tables"] == 1  # an ordinary role for everything else
    trigger_says = "Åtkomstloggen får inte ändras"
    for refused in ("update", "delete", "truncate", "drop", "alter"):
        assert results[refused] != "allowed", refused
        assert results[refused][0] == "42501", results[refused]  # insufficient_privilege
    assert trigger_says in results["update"][1] and trigger_says in results["delete"][1]  # by the trigger
    for by_privileges in ("truncate", "drop", "alter"):  # by privileges: the role owns nothing
        assert trigger_says not in results[by_privileges][1], results[by_privileges]
    assert results["rows_left"] == 1
