"""Issue 13, finding 4: every admin page that shows a citizen's data logs the read like the portal does.

The admin of every model that refers to a citizen is walked (the models are found from the admin registry, so
a new one is covered without anyone remembering it): its change and history pages, opened by a region
administrator, write one allowed row for each citizen the object concerns, and the same pages refused to an
admin without permission write a denied row.
"""
from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from invanare.models import Invanare
from tests.fixtures.staff import login_session
from tests.fixtures.varld import bygg_varld
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin
from vardportalen.models import Atkomstlogg


def _medborgarmodeller():
    """Admin-registered models that are, or refer to, a citizen."""
    ut = []
    for model, model_admin in admin.site._registry.items():
        falt = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is Invanare]
        if model is Invanare or falt:
            ut.append((model, model_admin, falt))
    return sorted(ut, key=lambda t: t[0]._meta.label)


MODELLER = _medborgarmodeller()


def test_the_walk_finds_the_citizen_models():
    labels = {m._meta.label for m, _a, _f in MODELLER}
    assert {"invanare.Invanare", "invanarkriterier.Diagnos", "bokning.Bokning", "bokning.Vaccination",
            "forlossning.Graviditet", "notiser.SmsUtgaende"} <= labels


@pytest.mark.parametrize("model,model_admin,falt", MODELLER, ids=lambda x: getattr(x, "__name__", ""))
def test_admin_of_a_citizen_model_uses_the_logging_mixin(model, model_admin, falt):
    assert isinstance(model_admin, AtkomstloggAdminMixin), (
        f"{type(model_admin).__name__} shows a citizen's data without logging it: use AtkomstloggAdminMixin")


def _medborgare_i(obj) -> set[str]:
    if isinstance(obj, Invanare):
        return {obj.id_nummer}
    return {getattr(obj, f.name).id_nummer for f in obj._meta.concrete_fields
            if f.is_relation and f.related_model is Invanare and getattr(obj, f.name) is not None}


def test_change_and_history_pages_of_every_citizen_model_log_the_read():
    varld = bygg_varld()
    superuser = next(a for a in varld.aktorer if a.namn == "superuser@A")
    utan = next(a for a in varld.aktorer if a.namn == "admin-utan-behorighet@A")
    klient = login_session(Client(), superuser.uppdrag)
    obehorig = login_session(Client(), utan.uppdrag)
    saknas = []
    for model, _admin, _falt in MODELLER:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            saknas.append(model._meta.label)
            continue
        medborgare = _medborgare_i(obj)
        info = (model._meta.app_label, model._meta.model_name)
        for sida in ("change", "history"):
            url = reverse(f"admin:{info[0]}_{info[1]}_{sida}", args=[obj.pk])
            senaste = Atkomstlogg.objects.order_by("-id").values_list("id", flat=True).first() or 0
            assert klient.get(url).status_code == 200, url
            lasta = set(Atkomstlogg.objects.filter(id__gt=senaste, utfall="tillaten", handelse="lasning")
                        .values_list("invanare_identitet", flat=True))
            assert medborgare <= lasta, (url, medborgare - lasta)

            senaste = Atkomstlogg.objects.order_by("-id").values_list("id", flat=True).first() or 0
            assert obehorig.get(url).status_code == 403, url
            nekade = set(Atkomstlogg.objects.filter(id__gt=senaste, utfall="nekad")
                         .values_list("invanare_identitet", flat=True))
            assert medborgare <= nekade, (url, medborgare - nekade)
            assert not Atkomstlogg.objects.filter(id__gt=senaste, utfall="tillaten").exists(), url
    assert not saknas, f"tests/fixtures/varld.py has no object of {saknas}: add one so its admin is walked"


def test_a_post_to_the_history_page_is_a_read_too():
    """The history page answers POST like GET; what it shows is logged whatever the method."""
    varld = bygg_varld()
    superuser = next(a for a in varld.aktorer if a.namn == "superuser@A")
    inv = varld.medborgare["B"].invanare
    klient = login_session(Client(), superuser.uppdrag)
    svar = klient.post(reverse("admin:invanare_invanare_history", args=[inv.pk]))
    assert svar.status_code == 200
    assert Atkomstlogg.objects.filter(invanare_identitet=inv.id_nummer, utfall="tillaten").count() == 1
