"""URLs for manage.py bench_meddelanden: the project's URLs plus the poll's baseline, a minimal view with the
poll's own session handling (the session row read in one indexed query, never written)."""
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import path

from vardportalen.middleware import utan_sessionsfornyelse
from vardportalen.middleware import checks_in_view, public
from vardportalen.urls import urlpatterns as project_urlpatterns


@public
@checks_in_view
def minimal_session(request):
    utan_sessionsfornyelse(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM django_session WHERE session_key = %s AND expire_date > now()",
                       [request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")])
        cursor.fetchone()
    return HttpResponse(status=204)


urlpatterns = [path("bench/minimal-session/", minimal_session), *project_urlpatterns]
