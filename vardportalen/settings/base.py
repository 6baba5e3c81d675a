"""All settings, read from the environment. dev.py/test.py only add defaults for local use."""
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("VARDPORTALEN_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "vardportalen",
    "invanare",
    "invanare.kriterier",
    "forlossning",
    "edokument",
    "alltidoppet",
    "meddelanden",
    "bokning",
    "notiser",
    "hanvisning",
    "video",
    "erbjudanden",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "vardportalen.middleware.RequestIdMiddleware",
    "meddelanden.poll.PollGenvagMiddleware",  # the staff poll with a valid token answered here, in one query
    "invanare.app_api.middleware.AppApiFelMiddleware",  # every answer under /api/app/ is Swedish JSON
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "vardportalen.middleware.InmatningsgransMiddleware",  # no NUL/lone surrogates in any staff GET/POST
    "vardportalen.middleware.StaffAuthenticationMiddleware",  # Django's, reading the commission in the same query
    "django.contrib.messages.middleware.MessageMiddleware",  # before SessionLifetimeMiddleware, which adds a message
    "vardportalen.middleware.SessionLifetimeMiddleware",
    "vardportalen.middleware.ActiveCommissionMiddleware",
    "vardportalen.accesslog.nekad.AtkomstNekadMiddleware",  # a refusal of a citizen's data is logged (PDL)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "vardportalen.felsidor.csrf_fel"
WSGI_APPLICATION = "vardportalen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vardportalen.context_processors.staff_shell",
            ],
            # Swedish formats (vardportalen/format.py) in every template, without {% load %}.
            "builtins": ["vardportalen.templatetags.svenska", "vardportalen.templatetags.komponenter"],
        },
    }
]

DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if env.bool("DATABASE_POOL", default=True):
    # Django's own psycopg pool; it requires persistent connections to be off.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=10),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
    }
# A connection is checked before a request uses it (with the pool: psycopg's check_connection on every getconn).
# After a PostgreSQL restart the old connections are dead; without the check the first requests would get them.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "vardportalen.Medarbetare"
AUTHENTICATION_BACKENDS = ["vardportalen.siths.backends.SithsCertificateBackend"]
LOGIN_URL = "siths:login"
LOGIN_REDIRECT_URL = "bevakning"

# Sessions live in PostgreSQL so that a web request never depends on Redis.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60  # idle timeout; renewed on every request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))

REDIS_URL = env.str("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a task killed mid-run is delivered again
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A frozen or unreachable Redis must never hold a request (issue 14): what a request causes is in its outbox
# already (DESIGN.md), so publishing gives up after about a second, without retries, and the beat tasks
# pick the work up. The same bounds for the broker's connections in the worker and for any Redis result
# backend or cache configured later.
REDIS_TIMEOUT_SEKUNDER = env.float("REDIS_TIMEOUT_SEKUNDER", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": REDIS_TIMEOUT_SEKUNDER,
    "socket_timeout": REDIS_TIMEOUT_SEKUNDER,
    "retry_on_timeout": False,
}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT_SEKUNDER
CELERY_TASK_PUBLISH_RETRY = False
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT_SEKUNDER
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT_SEKUNDER
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": REDIS_TIMEOUT_SEKUNDER,
                                           "socket_timeout": REDIS_TIMEOUT_SEKUNDER}
CELERY_TIMEZONE = TIME_ZONE
# Each domain adds its periodic tasks here (one line each); tests/infra checks every name is a registered task.
CELERY_BEAT_SCHEDULE = {
    "erbjudande_aterupptag": {
        "task": "erbjudanden.tasks.erbjudande_aterupptag",
        "schedule": crontab(minute="*/5"),
    },
    "siths_nonce_purge": {
        "task": "vardportalen.tasks.siths_nonce_purge",
        "schedule": crontab(minute="*/15"),
    },
    "forlossning_fordelning": {
        "task": "forlossning.tasks.fordelning_kor",
        "schedule": crontab(hour=1, minute=30),
    },
    "forlossning_paminnelser": {
        "task": "forlossning.tasks.paminnelser_skapa",
        "schedule": crontab(minute="*/15"),
    },
    "sms_skicka_vantande": {
        "task": "notiser.tasks.sms_skicka_vantande",
        "schedule": crontab(),
    },
    "push_skicka_vantande": {
        "task": "notiser.tasks.push_skicka_vantande",
        "schedule": crontab(),
    },
    "bokning_paminnelser_skicka": {
        "task": "bokning.tasks.paminnelser_skicka",
        "schedule": crontab(hour=17, minute=0),
    },
    "edokument_utskriftslista_svep": {
        "task": "edokument.tasks.utskriftslista_svep",
        "schedule": crontab(minute="*/5"),
    },
    "edokument_brevlada_utkorg_skicka": {
        "task": "edokument.tasks.brevlada_utkorg_skicka",
        "schedule": crontab(minute="*"),
    },
    "ombud_13_ar_avsluta": {
        "task": "invanare.tasks.ombud_13_ar_avsluta",
        "schedule": crontab(hour=0, minute=5),
    },
}

# --- SITHS card login (see DESIGN.md "SITHS login") ---
# PEM files of the SITHS root CAs we trust, and intermediates that may be needed to build a chain.
SITHS_TRUST_ANCHORS = env.list("SITHS_TRUST_ANCHORS", default=[])
SITHS_INTERMEDIATES = env.list("SITHS_INTERMEDIATES", default=[])
# DER or PEM CRL files (refreshed by the operator) checked for revocation when listed.
SITHS_CRL_FILES = env.list("SITHS_CRL_FILES", default=[])
SITHS_NONCE_SECONDS = 120
# certificatePolicies OIDs telling a person's authentication certificate from a function certificate. The
# defaults are TEST values under 2.999 (the ITU-T example arc), used by our test CA (vardportalen/siths/testpki.py);
# a region sets the real SITHS OIDs. A person policy list that is not empty is required on every login certificate.
SITHS_PERSON_AUTH_POLICY_OIDS = env.list("SITHS_PERSON_AUTH_POLICY_OIDS", default=["2.999.752.1.1"])
SITHS_FUNCTION_POLICY_OIDS = env.list("SITHS_FUNCTION_POLICY_OIDS", default=["2.999.752.2.1"])
# The card agent on the staff member's workstation; the login page's script talks to it.
CARD_AGENT_URL = env.str("CARD_AGENT_URL", default="http://127.0.0.1:8089")
# Reverse proxy that terminates TLS with client certificates: header and the addresses we trust it from.
SITHS_PROXY_HEADER = env.str("SITHS_PROXY_HEADER", default="HTTP_X_SSL_CLIENT_CERT")
SITHS_PROXY_TRUSTED_ADDRESSES = env.list("SITHS_PROXY_TRUSTED_ADDRESSES", default=[])
# PKCS#11 module used by the card agent (Net iD, OpenSC, or our SoftHSM2 card simulator).
PKCS11_MODULE = env.str("PKCS11_MODULE", default="")

# --- The citizen app's API (invanare/app_api) ---
# E-identification backends by name -> class. Production configures the region's real one; dev/test add "test".
EID_BACKENDS: dict[str, str] = {"oidc": "invanare.app_api.eid.OidcEid"}
# The test backend (trusts the number sent) is refused unless this is True; only dev/test settings set it.
EID_TESTBACKEND_TILLATEN = False
# The region's e-ID broker (OpenID Connect): Mobilt BankID / Freja eID Plus behind one OpenID Provider.
OIDC_EID_ISSUER = env.str("OIDC_EID_ISSUER", default="")
OIDC_EID_CLIENT_ID = env.str("OIDC_EID_CLIENT_ID", default="")
OIDC_EID_CLIENT_SECRET = env.str("OIDC_EID_CLIENT_SECRET", default="")
OIDC_EID_SCOPE = env.str("OIDC_EID_SCOPE", default="openid profile")
# The claim that carries the personal identity number (brokers differ: personal_number, personalIdentityNumber...).
OIDC_EID_PERSONNUMMER_CLAIM = env.str("OIDC_EID_PERSONNUMMER_CLAIM", default="personal_number")
# Accepted assurance levels (the acr claim): LoA 3 from the Swedish e-ID framework.
OIDC_EID_ACR = env.list("OIDC_EID_ACR", default=["http://id.elegnamnden.se/loa/1.0/loa3"])
OIDC_EID_TIMEOUT_SEKUNDER = env.int("OIDC_EID_TIMEOUT_SEKUNDER", default=10)
APP_SESSION_ABSOLUT_SEKUNDER = env.int("APP_SESSION_ABSOLUT_SEKUNDER", default=8 * 3600)
APP_SESSION_INAKTIV_SEKUNDER = env.int("APP_SESSION_INAKTIV_SEKUNDER", default=30 * 60)

# --- SMS (notiser/sms): console, file or http ---
SMS_BACKEND = env.str("SMS_BACKEND", default="console")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = env.str("SMS_GATEWAY_TOKEN", default="")
SMS_FILE_DIR = env.str("SMS_FILE_DIR", default=str(VAR_DIR / "sms"))
# --- Push notices (notiser/push): console, file or http (the region's push relay to APNs/FCM) ---
PUSH_BACKEND = env.str("PUSH_BACKEND", default="console")
PUSH_URL = env.str("PUSH_URL", default="")
PUSH_TOKEN = env.str("PUSH_TOKEN", default="")
PUSH_FILE_DIR = env.str("PUSH_FILE_DIR", default=str(VAR_DIR / "push"))
# The Celery queue the notice drains are sent to right after a commit (empty: the default queue).
NOTISER_KO = env.str("NOTISER_KO", default="")

# --- Digital mailbox operators (edokument): console or http ---
BREVLADA_BACKEND = env.str("BREVLADA_BACKEND", default="console")
BREVLADA_URL = env.str("BREVLADA_URL", default="")
BREVLADA_TOKEN = env.str("BREVLADA_TOKEN", default="")

# --- Video meetings (video/): Janus, the media server; Django only holds meetings, tokens and the audit ---
# The Janus API as the participants' browsers reach it (behind the reverse proxy in production: https://.../janus).
VIDEO_JANUS_URL = env.str("VIDEO_JANUS_URL", default="")
# The admin API (only Django reaches it), its secret, and the VideoRoom plugin's admin_key (room creation).
VIDEO_JANUS_ADMIN_URL = env.str("VIDEO_JANUS_ADMIN_URL", default="")
VIDEO_JANUS_ADMIN_SECRET = env.str("VIDEO_JANUS_ADMIN_SECRET", default="")
VIDEO_JANUS_ROOM_ADMIN_KEY = env.str("VIDEO_JANUS_ROOM_ADMIN_KEY", default="")
# STUN/TURN servers for the browsers (coturn in production), as JSON: [{"urls": "turn:...", "username": ...}].
VIDEO_ICE_SERVERS = env.json("VIDEO_ICE_SERVERS", default=[])
# How long a join token may wait before it is used (seconds); it is single-use either way.
VIDEO_ANSLUTNING_SEKUNDER = env.int("VIDEO_ANSLUTNING_SEKUNDER", default=120)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
