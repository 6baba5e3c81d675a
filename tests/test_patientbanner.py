"""The patient banner is the one place a staff page shows the citizen's identity number (issue 18): a page under
the banner does not repeat it (the birth-clinic page for a pregnancy showed it twice, in the banner and under the
heading).

Every page of the URL map that draws the banner is asked, as the first staff role of the seeded world that gets
it (the pages and their filling as in the accessibility walk, tests/test_a11y_walk.py)."""
from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures.forlossning import bf_for_22_0, gravid
from tests.fixtures.staff import logged_in_client, login_session
from tests.fixtures.varld import bygg_varld
from tests.test_a11y_walk import PORTAL, _egen_path, _videomote

BANNER = re.compile(r'<section class="patientbanner[^"]*"[^>]*>.*?<span class="pb-identitet">([^<]+)</span>', re.S)
# Pages that must draw the banner (a page silently losing it would pass the count below).
MASTE_HA_BANNER = {"invanare:profil", "forlossning:kvinna", "bokning:bokning", "bokning:boka",
                   "edokument:skicka", "video:nytt", "meddelanden:konversation"}


def identitet_i_banner(html: str) -> str | None:
    m = BANNER.search(html)
    return m.group(1).strip() if m else None


def sidor_med_banner(varld) -> dict[str, tuple[str, str]]:
    """Pattern name -> (path, html) of every staff page that draws the banner, asked once."""
    mote = _videomote(varld)
    klienter = [(a, login_session(Client(raise_request_exception=False), a.uppdrag))
                for a in varld.aktorer if a.aktiv and a.invanare is None]
    sidor = {}
    for url in sorted(PORTAL, key=lambda u: u.name):
        for aktor, klient in klienter:
            path = _egen_path(varld, url, aktor.hemma, mote)
            if url.name == "video:nytt":  # the new-meeting page for a citizen (?invanare=)
                path = f"{path}?invanare={varld.medborgare['A'].invanare.pk}"
            svar = None if path is None else klient.get(path)
            if svar is None or svar.status_code != 200 or not svar.get("Content-Type", "").startswith("text/html"):
                continue
            html = svar.content.decode()
            if identitet_i_banner(html):
                sidor[url.name] = (path, html)
            break
    return sidor


@pytest.mark.django_db
def test_a_citizen_page_shows_the_identity_number_once_in_the_banner():
    sidor = sidor_med_banner(bygg_varld())
    assert MASTE_HA_BANNER <= set(sidor), sorted(MASTE_HA_BANNER - set(sidor))
    upprepade = {namn: (path, html.count(identitet_i_banner(html))) for namn, (path, html) in sidor.items()
                 if html.count(identitet_i_banner(html)) != 1}
    assert not upprepade, "\n".join(f"{namn} {path}: {n} gånger" for namn, (path, n) in sorted(upprepade.items()))


def test_the_birth_clinic_page_of_a_pregnancy_shows_the_number_once(barnmorska, patient, kliniker):
    gravid(invanare=patient, bf=bf_for_22_0(timezone.localdate()), onskemal=[kliniker["F_SG"]])
    html = logged_in_client(barnmorska).get(reverse("forlossning:kvinna", kwargs={"invanare_id": patient.pk}))
    html = html.content.decode()
    assert "Graviditet" in html and identitet_i_banner(html) == patient.identitet_formaterad
    assert html.count(patient.identitet_formaterad) == 1


def test_the_count_finds_a_repeated_number():
    sida = ('<section class="patientbanner" aria-label="Invånare"><span class="pb-identitet">19121212-1212</span>'
            '</section><h1>Tolvan</h1><p>19121212-1212</p>')
    assert identitet_i_banner(sida) == "19121212-1212" and sida.count("19121212-1212") == 2
