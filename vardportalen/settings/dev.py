"""Local development and the demo: the only place besides test.py where secrets have defaults."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vardportalen")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

from .base import *  # noqa: E402,F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)  # noqa: F405
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Static files straight from the source folders, so the demo works with DJANGO_DEBUG=false too.
WHITENOISE_USE_FINDERS = True
EID_BACKENDS = {"oidc": "invanare.app_api.eid.OidcEid", "test": "invanare.app_api.eid.TestEid"}
EID_TESTBACKEND_TILLATEN = True  # trusts the identity number sent: never in production
