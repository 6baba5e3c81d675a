"""Production settings: `manage.py check --deploy` is clean, the connection pool is on, secrets have no default.

Each check runs in a subprocess with only the production environment (the test process runs on test settings).
No database or Redis is contacted: the URLs point at hosts that do not exist.
"""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "vardportalen.settings.production",
    "DJANGO_ALLOWED_HOSTS": "vardportalen.example.se",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://vardportalen.example.se",
    "DATABASE_URL": "postgres://vardportalen_app:not-a-password@db.example.invalid:5432/vardportalen",
    "REDIS_URL": "redis://redis.example.invalid:6379/0",
}


def run_production(args, *, without=(), **extra):
    env = {key: value for key, value in os.environ.items()
           if key in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    env.update(PRODUCTION_ENV, DJANGO_SECRET_KEY=secrets.token_urlsafe(64), PYTHONPATH=str(BASE_DIR), **extra)
    for key in without:
        env.pop(key, None)
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_check_deploy_reports_no_issues():
    result = run_production(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"])
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"debug": settings.DEBUG, "engine": db["ENGINE"], "conn_max_age": db["CONN_MAX_AGE"],
                  "pool": db.get("OPTIONS", {}).get("pool"), "host": db["HOST"], "name": db["NAME"]}))
"""


def test_production_database_uses_the_psycopg_pool():
    result = run_production(["-c", SHOW_SETTINGS])
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["debug"] is False
    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["host"], shown["name"]) == ("db.example.invalid", "vardportalen")
    assert shown["pool"], "production must use Django's psycopg connection pool (OPTIONS['pool'])"
    assert shown["pool"]["min_size"] >= 1 and shown["pool"]["max_size"] >= shown["pool"]["min_size"]
    assert shown["conn_max_age"] == 0  # the pool requires persistent connections to be off


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing):
    dotenv = BASE_DIR / ".env"  # base.py reads it: a developer's own .env may supply the value
    if dotenv.exists() and any(line.strip().startswith(missing + "=") for line in dotenv.read_text().splitlines()):
        pytest.skip(f"{missing} is set in {dotenv}")
    result = run_production(["-c", SHOW_SETTINGS], without=[missing])
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and missing in result.stderr
