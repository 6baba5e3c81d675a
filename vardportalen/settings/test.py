import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vardportalen")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
# pytest-django creates and drops its test database; the pool is exercised by the deploy check instead.
os.environ.setdefault("DATABASE_POOL", "false")

from .base import *  # noqa: E402,F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EID_BACKENDS = {"oidc": "invanare.app_api.eid.OidcEid", "test": "invanare.app_api.eid.TestEid"}
EID_TESTBACKEND_TILLATEN = True  # trusts the identity number sent: never in production
