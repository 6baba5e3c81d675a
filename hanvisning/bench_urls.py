"""URLs for manage.py bench_hanvisning: the project's URLs plus bokning's minimal view as the baseline."""
from bokning.bench_urls import urlpatterns  # noqa: F401  (the same baseline: one SELECT 1, JSON reply)
