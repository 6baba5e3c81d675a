from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from vardportalen.middleware import public
from vardportalen.selectors import bevakning_for_uppdrag


def bevakning(request):
    """Dashboard 'Bevakning': what the unit must keep an eye on. Later domains add panels."""
    panels = bevakning_for_uppdrag(uppdrag=request.uppdrag)
    return render(request, "vardportalen/bevakning.html", {"panels": panels})


@public
@require_GET
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the one in our static files."""
    return redirect(static("vardportalen/favicon.svg"), permanent=True)


@public
@require_GET
def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@public
def admin_login(request, extra_context=None):
    next_url = request.GET.get("next", reverse("admin:index"))
    return redirect(f"{reverse(settings.LOGIN_URL)}?next={next_url}")
