"""The demo step: named families get their proxies, one guardian is blocked, accounts are locked; twice = once."""
from invanare.behorighet import Syfte, far_agera
from invanare.models import Invanare, Kontohistorik, Kontosparr, Ombud, OmbudBlockering
from invanare.demo import ombud_demo
from tests.demo.conftest import run_demo_load


def _antal():
    return (Ombud.objects.count(), OmbudBlockering.objects.count(), Kontosparr.objects.count(),
            Kontohistorik.objects.count())


def test_demo_step_adds_proxies_a_block_and_locks_idempotently(monkeypatch):
    from vardportalen.demo import loader

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
