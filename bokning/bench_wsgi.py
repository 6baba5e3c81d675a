"""gunicorn entry point for manage.py bench_bokning: the project with bokning.bench_urls (its minimal view)."""
import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")
settings.ROOT_URLCONF = "bokning.bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
