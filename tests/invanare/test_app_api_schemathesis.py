"""Schemathesis against the live citizen API (issue 14): every operation of /api/app/v1/openapi.json is called
over real HTTP (pytest-django's live server, a threaded WSGI server on the test database) with generated
valid *and* invalid data, as a citizen and as a guardian acting for her child. Any 500, any status code not in
the document, any body that does not match its schema, and any invalid request that is accepted fails.

Seeded and bounded for CI: FUZZ_EXEMPEL cases per operation and mode (default 6; 24 operations × 2 modes ×
2 tokens ≈ 576 cases). A full run: ``VP_FUZZ_EXEMPEL=200 make test-fuzz`` (docs/api.md).
"""
from __future__ import annotations

import datetime
import os

import pytest
import requests
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

from bokning import services as bokning_services
from meddelanden import services as meddelanden_services
from tests.fixtures.bokning import VALID_DEKLARATION, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory

FUZZ_EXEMPEL = int(os.environ.get("VP_FUZZ_EXEMPEL", "6"))
# Logging out ends the token every other case uses: its own short run at the end.
SIST = {("POST", "/api/app/v1/utloggning/")}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = pytest.mark.django_db(transaction=True)


def _token(bas: str, invanare) -> str:
    svar = requests.post(f"{bas}/api/app/v1/inloggning/", json={"metod": "test", "personnummer": invanare.id_nummer},
                         timeout=10)
    assert svar.status_code == 200, svar.text
    return svar.json()["token"]


@pytest.fixture
def fuzz_data(regional_tidbok, aktor):
    """A mother with a booking and a conversation, and her eight-year-old she acts for."""
    mor = InvanareFactory(konto="registrerat")
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=8 * 365))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mor)
    enhet = regional_tidbok.deltagande_enheter.first()
    for vem, dagar in ((mor, 3), (barn, 4)):
        tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=dagar))
        bokning_services.bokning_create_app(aktor=mor, invanare=vem, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    VardrelationFactory(vardenhet_id=aktor.vardenhet_id, invanare=mor)
    meddelanden_services.konversation_start(aktor=aktor, invanare=mor, amne="Provsvar", text="Hej, ring oss.")
    return mor, barn


def _kor(schema, bas: str, token: str, *, mode: GenerationMode, raknare: list[int], uteslut=SIST, bara=None):
    headers = {"Authorization": f"Bearer {token}"}
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    for resultat in schema.get_all_operations():
        op = resultat.ok()
        nyckel = (op.method.upper(), op.path)
        if nyckel in uteslut or (bara is not None and nyckel not in bara):
            continue

        @settings(max_examples=FUZZ_EXEMPEL, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy(generation_mode=mode, headers=headers))
        def fall(case):
            raknare[0] += 1
            case.call_and_validate(base_url=bas, headers=headers, checks=checks, timeout=30)

        try:
            fall()
        except Unsatisfiable:
            # Nothing to make invalid (no parameters, no body, the token fixed): only the positive run.
            assert mode is GenerationMode.NEGATIVE, nyckel


def test_schemathesis_on_the_live_api_as_citizen_and_as_proxy(live_server, fuzz_data):
    mor, barn = fuzz_data
    bas = live_server.url
    schema = schemathesis.openapi.from_url(f"{bas}/api/app/v1/openapi.json")
    assert len(list(schema.get_all_operations())) >= 20
    raknare = [0]
    som_ombud = _token(bas, mor)
    assert requests.post(f"{bas}/api/app/v1/agera-for/", json={"id": barn.pk},
                         headers={"Authorization": f"Bearer {som_ombud}"}, timeout=10).status_code == 200
    for token in (_token(bas, mor), som_ombud):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _kor(schema, bas, token, mode=mode, raknare=raknare)
    _kor(schema, bas, som_ombud, mode=GenerationMode.POSITIVE, raknare=raknare, uteslut=set(), bara=SIST)
    print(f"schemathesis: {raknare[0]} cases")  # noqa: T201 (the count the report quotes, with -s)
    assert raknare[0] >= 20 * FUZZ_EXEMPEL


def test_every_schema_of_the_api_has_its_own_name():
    """django-ninja files the OpenAPI schemas by class name: two classes of one name (two apps' `AvregistreraIn`,
    `Enhet`) silently document one operation with the other's body, and Schemathesis then fuzzes the wrong one."""
    import importlib

    from django.conf import settings
    from ninja import Schema

    for app in settings.INSTALLED_APPS:
        for modul in ("app_views", "app_schemas", "app_api.schemas", "app_api.konto", "app_api.villkor"):
            try:
                importlib.import_module(f"{app}.{modul}")
            except ModuleNotFoundError:
                pass

    def alla(klass):
        for sub in klass.__subclasses__():
            yield sub
            yield from alla(sub)

    egna = [k for k in alla(Schema) if k.__module__.split(".")[0] in {a.split(".")[0] for a in settings.INSTALLED_APPS}
            and not k.__module__.startswith(("django", "ninja"))]
    namn = {}
    for k in egna:
        namn.setdefault(k.__name__, set()).add(k.__module__)
    assert {n: m for n, m in namn.items() if len(m) > 1} == {}
