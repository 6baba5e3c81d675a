"""Hypothesis walks every staff page of the URL map (issue 14) with generated garbage in every GET parameter
and form field the code reads, under several roles, and fails on any 500.

The URL list is the one tests/test_authorization.py walks (every view any domain adds is covered the day it
lands); the parameter names are read from the code: every ``request.GET``/``request.POST`` key in the apps'
views and every field of every Django form of the project. Each request carries one to three of them (so one
refused parameter does not hide the next), filled with values of the kinds that answered 500 before: NUL bytes, Unicode digits (², １２３, ٣), numbers past
PostgreSQL's column ranges, years 0001 and 9999, ISO weeks like 9999-W52, Infinity, and random text.

Seeded and bounded for CI: VP_FUZZ_EXEMPEL requests per URL and method (default 5). The full run:
``VP_FUZZ_EXEMPEL=200 make test-fuzz``.
"""
from __future__ import annotations

import datetime
import importlib
import os
import pathlib
import re

import pytest
from django import forms as django_forms
from django.apps import apps
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from django.utils import timezone
from hypothesis import strategies as st

from bokning import services as bokning_services
from meddelanden import services as meddelanden_services
from tests.fixtures.bokning import TidbokFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.forlossning import gravid
from tests.fixtures.staff import MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from tests.test_authorization import ALL, _url_with
from vardportalen.models import Roll

FUZZ_EXEMPEL = int(os.environ.get("VP_FUZZ_EXEMPEL", "5"))
APPAR = ("vardportalen", "invanare", "forlossning", "edokument", "meddelanden", "bokning", "notiser", "video",
         "hanvisning", "erbjudanden", "alltidoppet")
ROLLER = (Roll.SJUKSKOTERSKA, Roll.BARNMORSKA, Roll.SCHEMALAGGARE, Roll.SYSTEMFORVALTARE, Roll.VERKSAMHETSCHEF,
          Roll.REGIONAL_PLANERARE)
# Django's own admin and the card login (its nonce and certificate fields have their own tests) are left out.
UTELAMNADE = ("admin:", "siths:")
# POSTs that end the session would log the fuzzing client out of every later request.
UTLOGGNING = {"siths:logout"}

ELAKA = [
    "", " ", "0", "-1", "1.5", "1e400", "Infinity", "NaN", "99999999999999999999", "2147483648", "-2147483649",
    "²", "１２３", "٣", "x\x00y", "\x00", "9999-12-31", "0001-01-01", "9999-W52", "0000-W00", "2026-W99",
    "9999-12-31T23:59", "0001-01-01T00:00", "31/12/9999", "true", "on", "[]", "{}", "a" * 5000,
    "19121212-1212", "\u202e", "' OR 1=1 --", "<script>", "../../etc/passwd",
]
# The deterministic sweep: each of these in every parameter of the page at once, GET and POST.
SVEP = ["9999-12-31", "0001-01-01", "²", "１２３", "99999999999999999999", "-1", "x\x00y", "9999-W52",
        "9999-12-31T23:59", "Infinity", "a" * 5000]
VARDE = st.one_of(st.sampled_from(ELAKA), st.sampled_from(ELAKA), st.text(max_size=40),
                  st.integers(min_value=-(2**70), max_value=2**70).map(str))


def _parameternamn() -> dict[str, list[str]]:
    """{app: the GET/POST keys its code reads and the fields of its forms}."""
    namn: dict[str, set[str]] = {app: set() for app in APPAR}
    monster = re.compile(r"request\.(?:GET|POST)(?:\.get|\.getlist)?\(?\[?[\"']([A-Za-z_0-9]+)[\"']")
    for app in APPAR:
        katalog = pathlib.Path(django_settings.BASE_DIR) / app
        for fil in katalog.rglob("*.py") if katalog.exists() else ():
            namn[app].update(monster.findall(fil.read_text(encoding="utf-8")))
            if fil.name == "forms.py" or fil.parent.name == "forms" or fil.name.endswith("_forms.py"):
                modul = ".".join(fil.relative_to(django_settings.BASE_DIR).with_suffix("").parts)
                importlib.import_module(modul)
    stack = [django_forms.Form, django_forms.ModelForm]
    while stack:
        klass = stack.pop()
        stack.extend(klass.__subclasses__())
        app = klass.__module__.split(".")[0]
        if app in namn:
            namn[app].update(getattr(klass, "base_fields", {}))
    return {app: sorted(n) for app, n in namn.items() if n}


URLS = [u for u in ALL if not u.name.startswith(UTELAMNADE) and not u.path.startswith("/admin/")
        and u.name not in UTLOGGNING]


@pytest.fixture(scope="module")
def parameternamn():
    return _parameternamn()


@pytest.fixture
def objekt(db, vardenhet, aktor):
    """Real rows for the URL kwargs, so the walk gets past "finns inte" into the parsing: a citizen of the unit
    with a pregnancy, a booking in the unit's timebook and a conversation."""
    invanare = VardrelationFactory(vardenhet=vardenhet, invanare__kon="K", invanare__konto="registrerat").invanare
    gravid(bf=timezone.localdate() + datetime.timedelta(days=120), invanare=invanare, registrerad_vid=vardenhet)
    tidbok = TidbokFactory(vardenhet=vardenhet)
    tid = skapa_tid(tidbok=tidbok, tidstyp=vaccinationstyp(), start=om(dagar=3), kapacitet=5)
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=invanare, tid_id=tid.pk)
    konversation = meddelanden_services.konversation_start(aktor=aktor, invanare=invanare, amne="Fråga", text="Hej")
    return {"invanare_id": invanare.pk, "bokning_id": bokning.pk, "konversation_id": konversation.pk,
            "tidstyp_id": tid.tidstyp_id, "vardenhet_id": vardenhet.pk, "klinik_id": vardenhet.pk}


@pytest.fixture
def klienter(db, vardenhet):
    return [logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=roll)) for roll in ROLLER]


def test_the_walk_covers_pages_and_parameters(parameternamn):
    assert len(URLS) > 40
    alla = {n for lista in parameternamn.values() for n in lista}
    assert {"datum", "tidbok", "fran", "q", "sida", "sms_id", "identitetsnummer", "start", "tidstyp"} <= alla
    assert "datum" in parameternamn["bokning"] and "fran" in parameternamn["forlossning"]


@pytest.mark.parametrize("url", URLS, ids=str)
def test_garbage_in_every_parameter_is_never_a_500(url, klienter, parameternamn, objekt):
    path = _url_with(url, **{k: v for k, v in objekt.items() if k in url.kwargs})
    app = url.callback.__module__.split(".")[0]
    namn = parameternamn.get(app, []) + parameternamn["vardportalen"] if app != "vardportalen" else parameternamn[app]

    def anropa(klient, metod, data):
        try:
            svar = getattr(klient, metod)(path, data=data)
        except Exception as err:  # noqa: BLE001 (the test client re-raises a view's exception: that is the 500)
            raise AssertionError(f"{metod.upper()} {path} {data!r:.200} raised {type(err).__name__}: {err}") from err
        assert svar.status_code < 500, (metod, path, data, svar.status_code)

    # The sweep runs as the first role the page lets in (a 403 would hide the parsing).
    klient = next((k for k in klienter if k.get(path).status_code < 400), klienter[0])
    for varde in SVEP:
        for metod in ("get", "post"):
            anropa(klient, metod, {n: varde for n in namn})

    @settings(max_examples=FUZZ_EXEMPEL, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.dictionaries(st.sampled_from(sorted(set(namn))), VARDE, min_size=1, max_size=3),
           roll=st.integers(0, len(ROLLER) - 1), metod=st.sampled_from(["get", "post"]))
    def fall(data, roll, metod):
        anropa(klienter[roll], metod, data)

    fall()
