"""URLs for manage.py bench_bokning: the project's URLs plus a minimal Django view as the baseline."""
from django.db import connection
from django.http import JsonResponse
from django.urls import path

from vardportalen.middleware import public
from vardportalen.urls import urlpatterns as project_urlpatterns


@public
def minimal(request):
    """The baseline: the same middleware stack, one trivial query, a JSON reply."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
