"""gunicorn entry point for the bench commands: the project with portal.bench_urls (the baseline views)."""
import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")
settings.ROOT_URLCONF = "portal.bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
