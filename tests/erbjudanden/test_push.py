"""Push notices for offers (notiser.services.notis_push_grupp): to the app recipients' devices, or a child's
guardians'; never about or to a locked account; a protected citizen's only with the staff's choice; her own
choice of no push is kept; the text carries no clinical content; a rerun writes nothing more."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from erbjudanden import services
from erbjudanden.models import Erbjudande, Mottagare
from invanare.behorighet import senaste_fodelsedag
from invanare.models import Kontosparr, OmbudBlockering
from notiser.models import Notisval, PushUtgaende
from notiser.push.services import push_enhet_registrera
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory


def _enhet(inv, n=1):
    for i in range(n):
        push_enhet_registrera(invanare=inv, token=f"tok-{inv.pk}-{i}", plattform="android")


def _skicka(aktor, **extra) -> Erbjudande:
    idag = timezone.localdate()
    e = services.erbjudande_skapa(aktor=aktor, titel="Hälsosamtal om diabetes", text="Välkommen", atgard="konversation",
                                  giltig_fran=idag, giltig_till=idag + datetime.timedelta(days=7), **extra)
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)
    assert services.erbjudande_skicka(erbjudande_id=e.pk, chunk=2)
    return e


def _push(inv, om=None) -> list[PushUtgaende]:
    """Push rows to ``inv`` about ``om`` (default: about herself)."""
    om = om or inv
    return [r for r in PushUtgaende.objects.filter(invanare=inv, syfte="erbjudande")
            if r.idempotensnyckel.split(":")[3:5] == [str(om.pk), str(inv.pk)]]


@pytest.fixture
def folk():
    idag = timezone.localdate()
    f = {
        "vuxen": InvanareFactory(med_konto=True),
        "nej_till_push": InvanareFactory(med_konto=True),
        "sparrad": InvanareFactory(med_konto=True),
        "skyddad": InvanareFactory(med_konto=True, skyddad=True),
        "bara_sms": InvanareFactory(),
        "barn": InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 5), mobilnummer=""),
        "vh": InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 35)),
        "vh_blockerad": InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 36)),
        "vh_sparrad": InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 37)),
    }
    for namn in ("vuxen", "nej_till_push", "sparrad", "skyddad", "bara_sms", "vh", "vh_blockerad", "vh_sparrad"):
        _enhet(f[namn])
    _enhet(f["vuxen"], 2)  # two phones: one row each
    Notisval.objects.create(invanare=f["nej_till_push"], sms=True, push=False)
    Kontosparr.objects.create(invanare=f["sparrad"], orsak=Kontosparr.Orsak.EGEN_BEGARAN)
    Kontosparr.objects.create(invanare=f["vh_sparrad"], orsak=Kontosparr.Orsak.ANNAN, orsak_text="Test")
    for vh in ("vh", "vh_blockerad", "vh_sparrad"):
        VardnadshavarskapFactory(barn=f["barn"], vardnadshavare=f[vh])
    OmbudBlockering.objects.create(huvudman=f["barn"], ombud=f["vh_blockerad"], blankett="BLA-46557", anledning="Test",
                                   beslutsdatum=timezone.localdate())
    return f


def test_push_to_app_recipients_and_guardians_under_the_rules(aktor, folk):
    e = _skicka(aktor)
    kanal = dict(Mottagare.objects.filter(erbjudande=e).values_list("invanare_id", "kanal"))
    assert kanal[folk["skyddad"].pk] == "app" and kanal[folk["barn"].pk] == "app" and kanal[folk["bara_sms"].pk] == "sms"

    assert len(_push(folk["vuxen"])) == 2
    (rad, _andra) = _push(folk["vuxen"])
    assert rad.status == "vantande" and rad.text == "Du har fått ett erbjudande från vården. Se det i Alltid öppet."
    assert "diabetes" not in rad.text and "Hälsosamtal" not in rad.titel
    assert _push(folk["nej_till_push"]) == []          # her own choice
    assert _push(folk["sparrad"]) == []                # locked: nothing
    assert _push(folk["skyddad"]) == []                # protected: the offer in the app, no notice without the choice
    assert _push(folk["bara_sms"]) == []               # the SMS channel is used instead
    (vh_rad,) = _push(folk["vh"], om=folk["barn"])     # the child's guardian, as proxy, not naming the child
    assert "någon du är ombud för" in vh_rad.text and folk["barn"].fornamn not in vh_rad.text
    assert vh_rad.idempotensnyckel.startswith(f"notis:erbjudande:{e.pk}:{folk['barn'].pk}:{folk['vh'].pk}:push:")
    assert len(_push(folk["vh"])) == 1                 # and about her own offer (she is in the group too)
    assert _push(folk["vh_blockerad"], om=folk["barn"]) == [] and _push(folk["vh_sparrad"], om=folk["barn"]) == []
    assert len(_push(folk["vh_blockerad"])) == 1 and _push(folk["vh_sparrad"]) == []
    antal = PushUtgaende.objects.count()
    assert antal == 5

    # Resumed from the start (a redelivered task): the keys keep it at one notice per device.
    Erbjudande.objects.filter(pk=e.pk).update(status="skickas", senaste_pk=0)
    services.erbjudande_skicka(erbjudande_id=e.pk, chunk=3)
    assert PushUtgaende.objects.count() == antal


def test_protected_citizen_gets_the_push_when_staff_chose_it(aktor, folk):
    _skicka(aktor, sms_till_skyddade=True)
    (rad,) = _push(folk["skyddad"])
    assert rad.skyddad_bekraftad and rad.status == "vantande"
