"""URLs for the bench commands (bench_bokning, bench_hanvisning, bench_erbjudanden, bench_meddelanden): the
project's URLs plus the two baselines the figures are measured against."""
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path

from portal.urls import urlpatterns as project_urlpatterns
from vardportalen.middleware import checks_in_view, public, utan_sessionsfornyelse


@public
def minimal(request):
    """The baseline: the same middleware stack, one trivial query, a JSON reply."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return JsonResponse({"ok": True})


@public
@checks_in_view
def minimal_session(request):
    """The poll's baseline: its own session handling (the session row read in one indexed query, never written)."""
    utan_sessionsfornyelse(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_session WHERE session_key = %s AND expire_date > now()",
                       [request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")])
        cursor.fetchone()
    return HttpResponse(status=204)


urlpatterns = [path("bench/minimal/", minimal), path("bench/minimal-session/", minimal_session),
               *project_urlpatterns]
