"""The demo step: named families get their proxies, one guardian is blocked, accounts are locked; twice = once."""
import datetime

from invanare.behorighet import Syfte, far_agera
from invanare.models import Invanare, Kontohistorik, Kontosparr, Ombud, OmbudBlockering
from invanare.demo import ombud_demo
from tests.demo.conftest import run_demo_load


def _antal():
    return (Ombud.objects.count(), OmbudBlockering.objects.count(), Kontosparr.objects.count(),
            Kontohistorik.objects.count())


def test_demo_step_adds_proxies_a_block_and_locks_idempotently(monkeypatch, klocka):
    from invanare.demodata import loader

    klocka.stall(datetime.datetime(2026, 12, 4, 10, 0))  # Liam Berg (born 2012-09-14) is 14, as the README says

    # Only this app's step: the other domains' steps have their own tests.
    monkeypatch.setattr(loader, "DEMO_STEPS", [s for s in loader.DEMO_STEPS if s[1] is ombud_demo])
    output = run_demo_load("--invanare", "3000", "--seed", "7")
    assert "Ombud, blockeringar och spärrar" in output
    namn = {f"{i.fornamn} {i.efternamn}": i for i in Invanare.objects.filter(
        efternamn__in=["Berg", "Ekström", "Nowak", "Sjöberg", "Lindqvist"])}
    liam, anna = namn["Liam Berg"], namn["Anna Berg"]
    assert far_agera(aktor=anna, for_invanare=liam, syfte=Syfte.MEDDELANDEN).relation == "vardnadshavare_sarskilt_behov"
    assert far_agera(aktor=namn["Johan Berg"], for_invanare=liam, syfte=Syfte.MEDDELANDEN).kod == "ingen_relation"
    assert far_agera(aktor=namn["Piotr Nowak"], for_invanare=namn["Gunnel Ekström"],
                     syfte=Syfte.BOKNING).relation == "legal_stallforetradare"
    bengt = namn["Bengt Sjöberg"]
    assert Ombud.objects.get(huvudman=bengt).typ == "fullmaktstagare"
    assert Kontosparr.objects.aktiva().get(invanare=bengt).sparrad_av_invanaren
    blockering = OmbudBlockering.objects.aktiva().get()
    assert blockering.blankett == "BLA-46557" and blockering.beslutsfattare_namn
    assert far_agera(aktor=blockering.ombud, for_invanare=blockering.huvudman, syfte=Syfte.DOKUMENT).kod == "blockerad"
    lvu = Kontosparr.objects.aktiva().get(orsak="lvu")
    assert lvu.vardenhet_namn == "Vårdcentral Gubbängen"
    fore = _antal()
    run_demo_load("--invanare", "3000", "--seed", "7")
    assert _antal() == fore


def test_demo_step_on_a_day_when_liam_is_grown_up(monkeypatch, klocka):
    """The named citizens keep their identity numbers, so they age: on a day when Liam is 19 the step gives him
    no proxy (special need ends at 17, guardianship at 18) and still does the rest."""
    from invanare.demodata import loader

    klocka.stall(datetime.datetime(2031, 12, 31, 23, 30))
    monkeypatch.setattr(loader, "DEMO_STEPS", [s for s in loader.DEMO_STEPS if s[1] is ombud_demo])
    run_demo_load("--invanare", "3000", "--seed", "7")
    liam = Invanare.objects.get(fornamn="Liam", efternamn="Berg")
    assert not Ombud.objects.filter(huvudman=liam).exists()
    for forald in Invanare.objects.filter(fornamn__in=["Anna", "Johan"], efternamn="Berg"):
        assert far_agera(aktor=forald, for_invanare=liam, syfte=Syfte.MEDDELANDEN).kod == "ingen_relation"
    assert OmbudBlockering.objects.aktiva().count() == 1
    assert Ombud.objects.get(huvudman__fornamn="Bengt").typ == "fullmaktstagare"


def test_demo_step_on_a_leap_day(monkeypatch, klocka):
    """29 February has no counterpart 13 years earlier: the step still finds the children under 13 (it raised
    ValueError on that day)."""
    from invanare.demodata import loader

    klocka.stall(datetime.datetime(2028, 2, 29, 12, 0))
    monkeypatch.setattr(loader, "DEMO_STEPS", [s for s in loader.DEMO_STEPS if s[1] is ombud_demo])
    run_demo_load("--invanare", "3000", "--seed", "7")
    blockering = OmbudBlockering.objects.aktiva().get()
    assert blockering.huvudman.fodelsedatum > datetime.date(2015, 2, 28)  # under 13 on 2028-02-29
    assert Kontosparr.objects.aktiva().filter(orsak="lvu").count() == 1
