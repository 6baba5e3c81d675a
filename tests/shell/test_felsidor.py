"""Issue 18: error pages (400, 403, 404, 500) in the portal's layout with a way back, and a favicon."""
from pathlib import Path

from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from tests.fixtures.staff import MedarbetaruppdragFactory, logged_in_client
from vardportalen import felsidor
from vardportalen.models import Roll


def _i_layouten(html: str) -> None:
    assert 'class="topbar"' in html and 'href="/"' in html and "portal.css" in html and 'rel="icon"' in html


def test_404_is_in_the_layout_with_a_way_back(staff_client):
    svar = staff_client.get("/finns-inte/alls/")
    html = svar.content.decode()
    assert svar.status_code == 404 and "Sidan finns inte" in html and "Till startsidan" in html
    _i_layouten(html)
    assert 'class="mainnav"' in html  # the logged-in staff member keeps her menu


def test_403_is_in_the_layout_and_offers_another_commission(db):
    skoterska = MedarbetaruppdragFactory(roll=Roll.SJUKSKOTERSKA)
    svar = logged_in_client(skoterska).get(reverse("bokning:administration"))
    html = svar.content.decode()
    assert svar.status_code == 403 and "Du har inte behörighet" in html and reverse("siths:valj_uppdrag") in html
    _i_layouten(html)


def test_400_and_500_pages_need_neither_session_nor_database(db):
    request = RequestFactory().get("/")
    for svar, status in ((felsidor.handler500(request), 500), (felsidor.handler400(request), 400)):
        html = svar.content.decode()
        assert svar.status_code == status and 'href="/"' in html and "portal.css" in html


def test_the_urlconf_names_the_handlers():
    from portal import urls

    for kod in (400, 403, 404, 500):
        assert getattr(urls, f"handler{kod}") == f"vardportalen.felsidor.handler{kod}"


def test_favicon_is_our_own_static_file(client, db):
    assert Path(settings.BASE_DIR, "static", "vardportalen", "favicon.svg").read_text().startswith("<svg")
    svar = client.get("/favicon.ico")
    assert svar.status_code == 301 and svar["Location"].endswith("vardportalen/favicon.svg")


def test_the_demo_runs_with_debug_off():
    text = Path(settings.BASE_DIR, "devtools", "demo.py").read_text(encoding="utf-8")
    assert '"DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "false")' in text
    dev = Path(settings.BASE_DIR, "vardportalen", "settings", "dev.py").read_text(encoding="utf-8")
    assert "WHITENOISE_USE_FINDERS = True" in dev  # static files served by the app itself with DEBUG off
