"""The staff shell: header with person, unit and role, navigation, skip link, dashboard panels."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.fixtures.staff import MedarbetaruppdragFactory, logged_in_client
from vardportalen import selectors
from vardportalen.models import Roll
from vardportalen.selectors import BevakningPanel


@pytest.fixture
def barnmorska():
    return MedarbetaruppdragFactory(
        roll=Roll.BARNMORSKA, vardenhet__namn="Barnmorskemottagning Gubbängen",
        medarbetare__fornamn="Eva", medarbetare__efternamn="Frank",
    )


def test_dashboard_header_shows_person_unit_role_and_switch_link(barnmorska):
    response = logged_in_client(barnmorska).get(reverse("bevakning"))
    assert response.status_code == 200
    html = response.content.decode()
    header = html[html.index('<header class="topbar">'):html.index("</header>")]
    assert "Eva Frank" in header
    assert "Barnmorskemottagning Gubbängen" in header
    assert "Barnmorska" in header
    assert f'<a href="{reverse("siths:valj_uppdrag")}">Byt uppdrag</a>' in header
    assert 'action="/inloggning/logga-ut/"' in header


def test_layout_is_accessible_and_keeps_htmx_and_csrf(barnmorska):
    html = logged_in_client(barnmorska).get("/").content.decode()
    assert '<html lang="sv">' in html
    assert html.index('class="skip-link" href="#innehall"') < html.index("<header")
    assert '<main id="innehall" tabindex="-1">' in html
    assert '<nav class="mainnav" aria-label="Huvudmeny">' in html
    assert '<a href="/" aria-current="page">Bevakning</a>' in html
    assert '<a href="/invanare/">Invånare</a>' in html
    assert "hx-headers='{\"X-CSRFToken\": \"" in html
    assert 'src="/static/vardportalen/htmx.min.js"' in html
    assert "cdn" not in html.lower()


def test_dashboard_shows_placeholders_until_a_domain_provides_the_panel(barnmorska, monkeypatch):
    client = logged_in_client(barnmorska)
    monkeypatch.setattr(selectors, "BEVAKNING_PROVIDERS", [])  # as before any domain registered its panel
    html = client.get("/").content.decode()
    assert "Inkomna meddelanden" in html and "Utskriftslista" in html
    assert html.count('class="panel placeholder"') == 2

    def utskriftslista(uppdrag):
        return BevakningPanel(rubrik="Utskriftslista", antal=3, beskrivning="Att skriva ut", url="/utskrift/")

    monkeypatch.setattr(selectors, "BEVAKNING_PROVIDERS", [utskriftslista])
    html = client.get("/").content.decode()
    assert html.count('class="panel placeholder"') == 1
    assert '<p class="count has-items">3</p>' in html
    assert '<a href="/utskrift/">Visa<span class="visually-hidden"> utskriftslista</span></a>' in html


@pytest.fixture
def utan_paneler(monkeypatch):
    """The domains' dashboard panels link to their own pages, which these URL configurations leave out."""
    monkeypatch.setattr(selectors, "BEVAKNING_PROVIDERS", [])


@pytest.mark.urls("tests.shell.urls_without_domains")
def test_domain_entries_only_when_their_url_exists(barnmorska, utan_paneler):
    html = logged_in_client(barnmorska).get("/").content.decode()
    for label in ("Förlossning", "e-dokument", "Meddelanden", "Bokning"):
        assert f">{label}</a>" not in html


@pytest.mark.urls("tests.shell.urls_with_domains")
def test_domain_entries_appear_when_the_app_lands(barnmorska, utan_paneler):
    html = logged_in_client(barnmorska).get("/").content.decode()
    assert '<a href="/meddelanden/">Meddelanden</a>' in html
    assert '<a href="/forlossning/">Förlossning</a>' in html
    assert ">Bokning</a>" not in html


def test_role_bound_entries(barnmorska):
    assert ">Loggkontroll</a>" not in logged_in_client(barnmorska).get("/").content.decode()
    chef = MedarbetaruppdragFactory(verksamhetschef=True, medarbetare__is_staff=True)
    html = logged_in_client(chef).get("/").content.decode()
    assert '<a href="/atkomstlogg/">Loggkontroll</a>' in html
    assert '<a href="/admin/">Administration</a>' in html


def test_anonymous_visitor_is_sent_tologged_in_client():
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("siths:login"))


def test_before_a_commission_is_chosen_the_header_asks_to_choose_one(barnmorska, rf):
    from django.template.loader import render_to_string

    request = rf.get("/inloggning/valj-uppdrag/")
    request.user = barnmorska.medarbetare
    request.uppdrag = None
    html = render_to_string("base.html", {"uppdrag": None}, request=request)
    assert "Eva Frank" in html and ">Välj uppdrag</a>" in html
    assert "mainnav" not in html
