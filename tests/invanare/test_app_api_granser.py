"""The citizen API's boundaries (issue 14): every bad request is a JSON 4xx with a Swedish message, never a
500, and changes nothing. Each example here was seen answering 500 (or being silently accepted) before."""
from __future__ import annotations

import json

import pytest
from django.test import Client

from bokning.models import Bokning, Halsodeklaration
from meddelanden.models import Konversation, Meddelande
from tests.fixtures.app import API, AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, TidstypFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, VardenhetFactory

DJUP = "[" * 50_000 + "]" * 50_000
DJUPT_OBJEKT = '{"a":' * 50_000 + "1" + "}" * 50_000


def _fel(svar, status: int = 400) -> dict:
    assert svar.status_code == status, (svar.status_code, svar.content[:300])
    assert svar["Content-Type"].startswith("application/json")
    fel = svar.json()["fel"]
    assert fel["kod"] and fel["meddelande"]
    return fel


def _raw(klient: AppKlient | Client, path: str, body: str | bytes, content_type: str = "application/json"):
    client = klient.client if isinstance(klient, AppKlient) else klient
    headers = klient._headers() if isinstance(klient, AppKlient) else {}
    return client.post(API + path, data=body, content_type=content_type, **headers)


@pytest.fixture
def tid(regional_tidbok):
    enhet = regional_tidbok.deltagande_enheter.get(ort="Kista")
    return skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=2))


@pytest.fixture
def klient(db):
    return AppKlient.logga_in(InvanareFactory())


# --- JSON itself ---


@pytest.mark.parametrize("body", [DJUP, DJUPT_OBJEKT])
def test_deep_nesting_is_a_400_also_on_the_unauthenticated_login(db, body):
    fel = _fel(_raw(Client(), "inloggning/", body))
    assert fel["kod"] == "for_djup" and "nästlad" in fel["meddelande"]


def test_deep_nesting_on_authenticated_posts(klient):
    for path in ("agera-for/", "bokning/", "meddelanden/", "forlossning/onskemal/", "konto/avregistrera/"):
        assert _fel(_raw(klient, path, DJUP))["kod"] == "for_djup", path


@pytest.mark.parametrize("body", ['{"id": 1e400}', '{"id": Infinity}', '{"id": -Infinity}', '{"id": NaN}',
                                  '{"id": ' + "9" * 5000 + "}"])
def test_non_finite_and_huge_numbers(klient, body):
    fel = _fel(_raw(klient, "agera-for/", body))
    assert fel["kod"] == "ogiltigt_tal" and "tal" in fel["meddelande"].lower()


@pytest.mark.parametrize("body", ["{inte json", "[1, 2]", '"text"', "\xff\xfe", '{"id": 1'])
def test_malformed_json_is_a_swedish_400(klient, body):
    fel = _fel(_raw(klient, "agera-for/", body.encode("latin-1")))
    assert "JSON" in fel["meddelande"]


def test_another_content_type_is_415(klient):
    fel = _fel(_raw(klient, "agera-for/", "id=1", content_type="text/plain"), 415)
    assert "JSON" in fel["meddelande"]


def test_oversized_body_is_a_json_413_not_djangos_html_page(klient, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    svar = _raw(klient, "bokning/", json.dumps({"tid": 1, "x": "a" * 20_000}))
    assert _fel(svar, 413)["kod"] == "for_stor" and len(svar.content) < 500


# --- ids and numbers ---


@pytest.mark.parametrize("varde", [True, False, 1.5, 1.0, "１２３", "123", "²", None, [1], {"id": 1}, 0, -1, 2**31])
def test_an_id_is_a_json_integer_in_range(klient, tid, varde):
    fore = Bokning.objects.count()
    fel = _fel(klient.post("bokning/", {"tid": varde}))
    assert "tid" in fel["falt"]
    assert Bokning.objects.count() == fore


def test_booking_slot_123_with_fullwidth_digits_books_nothing(klient, regional_tidbok):
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=2))
    siffror = "".join(chr(0xFF10 + int(c)) for c in str(tid.pk))
    _fel(klient.post("bokning/", {"tid": siffror}))
    assert not Bokning.objects.exists()
    svar = klient.post("bokning/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 201, svar.content  # the ASCII integer books it


@pytest.mark.parametrize("varde", [True, 1.5, "1"])
def test_agera_for_refuses_bools_floats_and_strings_as_ids(klient, varde):
    assert "id" in _fel(klient.post("agera-for/", {"id": varde}))["falt"]


@pytest.mark.parametrize("params", [
    {"tidstyp": "²"}, {"tidstyp": "１"}, {"tidstyp": " 1"}, {"tidstyp": "1.0"}, {"tidstyp": "99999999999999999999"},
    {"tidstyp": "1", "antal": "-1"}, {"tidstyp": "1", "antal": "0"}, {"tidstyp": "1", "antal": "101"},
    {"tidstyp": "1", "datum": "9999-12-31"}, {"tidstyp": "1", "datum": "0001-01-01"}, {"tidstyp": "1", "datum": "i morgon"},
    {"tidstyp": "1", "ort": "Kista\x00"}, {"tidstyp": "1", "enhet": "1e3"},
])
def test_free_slot_search_query_bounds(klient, params):
    fel = _fel(klient.get("bokning/lediga-tider/", **params))
    assert set(fel["falt"]) & set(params)


# --- text ---


@pytest.mark.parametrize("fritext", ["\ud800", "ok\x00", False, 12, "x" * 1001])
def test_declaration_free_text_is_text_without_nul_or_lone_surrogates(klient, regional_tidbok, fritext):
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=TidstypFactory(kraver_halsodeklaration=True),
                    start=om(dagar=3))
    svar = klient.post("bokning/", {"tid": tid.pk, "halsodeklaration": {**VALID_DEKLARATION, "fritext": fritext}})
    _fel(svar)
    assert not Bokning.objects.exists() and not Halsodeklaration.objects.exists()


@pytest.mark.parametrize("text", ["\ud800", "hej\x00", "\udfff tack"])
def test_message_text_with_nul_or_lone_surrogate(klient, text):
    enhet = VardenhetFactory()
    fel = _fel(klient.post("meddelanden/", {"enhet_id": enhet.pk, "amne": "Fråga", "text": text}))
    assert "tecken" in fel["meddelande"]
    assert not Konversation.objects.exists() and not Meddelande.objects.exists()


def test_lone_surrogate_in_a_key_or_the_login(db):
    _fel(_raw(Client(), "inloggning/", '{"metod": "test", "personnummer": "\\ud800"}'))
    _fel(_raw(Client(), "inloggning/", '{"\\ud800": 1, "metod": "test"}'))


# --- framing: 401, 404, 405 ---


def test_without_token_is_a_swedish_401(db):
    fel = _fel(Client().get(API + "jag/"), 401)
    assert fel["kod"] == "ej_inloggad" and "Logga in" in fel["meddelande"]


def test_unknown_path_and_wrong_method_are_json(klient):
    assert _fel(klient.get("finns-inte/"), 404)["kod"] == "finns_inte"
    svar = klient.get("utloggning/")
    assert _fel(svar, 405)["kod"] == "fel_metod" and "POST" in svar["Allow"]


def test_a_valid_request_still_works(klient, tid):
    svar = klient.post("bokning/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 201, svar.content
    assert Bokning.objects.get().tid_id == tid.pk


# --- the contract ---


def test_openapi_document_is_complete(db):
    doc = Client().get(API + "openapi.json").json()
    operationer = [(p, m, op) for p, metoder in doc["paths"].items() for m, op in metoder.items()]
    assert len(operationer) >= 20
    for path, metod, op in operationer:
        assert op.get("summary"), (path, metod)
        for status in ("400", "401", "403", "404", "405", "413", "415", "503"):
            assert status in op["responses"], (path, metod, status)
        if path != "/api/app/v1/inloggning/":
            assert op.get("security") == [{"AppAuth": []}], (path, metod)
    schemas = doc["components"]["schemas"]
    assert schemas["BokaIn"]["properties"]["tid"]["examples"] == [4711]
    assert schemas["BokaIn"]["properties"]["tid"]["maximum"] == 2_147_483_647
    assert "Fel" in schemas and doc["components"]["securitySchemes"]["AppAuth"]["scheme"] == "bearer"
