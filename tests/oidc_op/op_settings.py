"""A real OpenID Provider (django-oidc-provider) for the e-ID tests: a tiny Django project of its own,
started in a subprocess by tests/fixtures/oidc_op.py. Users: username = personal identity number,
first_name = the assurance level the provider asserts ("loa2" or "loa3")."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = "oidc-op-test-only-" + "y" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "op_urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                           "django.contrib.auth.context_processors.auth"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["OIDC_OP_DB"]}}
SESSION_COOKIE_NAME = "op_sessionid"  # not the relying party's cookie on the same host
CSRF_COOKIE_NAME = "op_csrftoken"
USE_TZ = True
LOGIN_URL = "/accounts/login/"
OIDC_LOGIN_URL = "/accounts/login/"
SITE_URL = os.environ["OIDC_OP_SITE_URL"]
OIDC_IDTOKEN_PROCESSING_HOOK = "op_hooks.eid_claims"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
