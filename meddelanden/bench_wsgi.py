"""gunicorn entry point for manage.py bench_meddelanden: the project with meddelanden.bench_urls."""
import os

from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")
settings.ROOT_URLCONF = "meddelanden.bench_urls"

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
