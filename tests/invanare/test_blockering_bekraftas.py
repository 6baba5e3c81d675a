"""Issue 15 item 6. Seed 001, "Blockera ombud": "Verksamhetschef fattar beslut om blockering". A block recorded
by other staff waits for the named verksamhetschef, who confirms it herself under her own login; until then
the proxy still works and the page says it is waiting."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from invanare.behorighet import senaste_fodelsedag
from invanare.behorighet import Syfte, far_agera, ombud_for
from invanare.models import Kontohistorik, OmbudBlockering
from invanare.services import ombud_block, ombud_block_bekrafta
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
    aktor_for,
    logged_in_client,
)
from vardportalen.models import Atkomstlogg


@pytest.fixture
def familj():
    idag = timezone.localdate()
    barn = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 6) - datetime.timedelta(days=40))
    mamma = InvanareFactory(fodelsedatum=datetime.date(1985, 1, 1), med_konto=True)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma, fran=barn.fodelsedatum)
    return barn, mamma


def _registrera(aktor, barn, mamma, chef_hsa):
    return ombud_block(aktor=aktor, huvudman=barn, ombud=mamma, beslutsfattare_hsa_id=chef_hsa, blankett="BLA-46557",
                       anledning="Risk för barnet", beslutsdatum=timezone.localdate())


def test_block_recorded_by_a_nurse_waits_and_the_proxy_still_works(aktor, chef_uppdrag, familj):
    barn, mamma = familj
    b = _registrera(aktor, barn, mamma, chef_uppdrag.medarbetare.hsa_id)
    assert b.bekraftad is None
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten
    assert [r.ombud.pk for r in ombud_for(invanare=barn, syfte=Syfte.DOKUMENT)] == [mamma.pk]
    assert Kontohistorik.objects.get().handelse == Kontohistorik.Handelse.BLOCKERING_VANTAR


def test_the_named_chief_confirms_herself_and_the_block_takes_effect(aktor, chef_uppdrag, familj):
    barn, mamma = familj
    b = _registrera(aktor, barn, mamma, chef_uppdrag.medarbetare.hsa_id)
    chef = aktor_for(chef_uppdrag)
    ombud_block_bekrafta(aktor=chef, huvudman=barn, blockering_id=b.pk)
    b.refresh_from_db()
    assert b.bekraftad is not None and b.bekraftad_av_hsa_id == chef.medarbetare_hsa_id
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).kod == "blockerad"
    assert ombud_for(invanare=barn, syfte=Syfte.DOKUMENT) == []
    assert Atkomstlogg.objects.filter(medarbetare_hsa_id=chef.medarbetare_hsa_id, vad="blockering av ombud").count() == 1


def test_nobody_but_the_named_chief_can_confirm(aktor, uppdrag, chef_uppdrag, familj):
    barn, mamma = familj
    b = _registrera(aktor, barn, mamma, chef_uppdrag.medarbetare.hsa_id)
    annan_chef = aktor_for(MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, verksamhetschef=True))
    # the chief herself, but acting under another commission (not as verksamhetschef)
    chef_som_lakare = aktor_for(MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, medarbetare=chef_uppdrag.medarbetare))
    for fel_aktor in (aktor, annan_chef, chef_som_lakare):
        with pytest.raises(ValidationError, match="Bara verksamhetschefen"):
            ombud_block_bekrafta(aktor=fel_aktor, huvudman=barn, blockering_id=b.pk)
    b.refresh_from_db()
    assert b.bekraftad is None


def test_pages_say_the_block_is_waiting_and_the_chief_confirms_on_the_page(uppdrag, chef_uppdrag, familj):
    barn, mamma = familj
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    url = f"/invanare/{barn.pk}/ombud/blockering/"
    syster = logged_in_client(uppdrag)
    svar = syster.post(url, {"atgard": "blockera", "ombud": mamma.pk, "beslutsfattare": chef_uppdrag.medarbetare.hsa_id,
                             "blankett": "BLA-46557", "anledning": "Risk för barnet",
                             "beslutsdatum": timezone.localdate().isoformat()}, follow=True)
    assert "väntar på att verksamhetschefen bekräftar" in svar.content.decode()
    html = syster.get(url).content.decode()
    assert "Blockering väntar på verksamhetschefens beslut" in html and "Bekräfta blockeringen" not in html
    b = OmbudBlockering.objects.get()
    assert syster.post(url, {"atgard": "bekrafta", "blockering": b.pk}).status_code in (200, 302)
    b.refresh_from_db()
    assert b.bekraftad is None  # a nurse's POST changes nothing
    chef = logged_in_client(chef_uppdrag)
    assert "Bekräfta blockeringen" in chef.get(url).content.decode()
    chef.post(url, {"atgard": "bekrafta", "blockering": b.pk})
    b.refresh_from_db()
    assert b.bekraftad is not None
    assert not far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten


def test_migration_keeps_existing_blocks_in_effect():
    """Rows written before this change (and rows written outside the service) are decisions already taken."""
    import importlib

    migration = importlib.import_module("invanare.migrations.0008_blockering_bekraftas")
    assert "SET bekraftad = blockerad" in migration.BEKRAFTA_BEFINTLIGA
    assert OmbudBlockering._meta.get_field("bekraftad").default is timezone.now


# --- lifting a block is the chief's decision too ---


def _hav(aktor, barn, b, chef_hsa):
    from invanare.services import ombud_unblock

    return ombud_unblock(aktor=aktor, huvudman=barn, blockering_id=b.pk, beslutsfattare_hsa_id=chef_hsa,
                         anledning="Ny bedömning", beslutsdatum=timezone.localdate())


def test_a_lift_recorded_by_a_nurse_waits_and_the_block_stays_in_force(aktor, uppdrag, chef_uppdrag, familj):
    from invanare.services import ombud_unblock_bekrafta

    barn, mamma = familj
    chef = aktor_for(chef_uppdrag)
    b = _registrera(chef, barn, mamma, chef.medarbetare_hsa_id)
    assert b.bekraftad is not None
    b = _hav(aktor, barn, b, chef.medarbetare_hsa_id)
    b.refresh_from_db()
    assert b.havd is None and b.havning_begard is not None and b.havning_begard_av_hsa_id == aktor.medarbetare_hsa_id
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).kod == "blockerad"
    assert ombud_for(invanare=barn, syfte=Syfte.DOKUMENT) == []
    assert Kontohistorik.objects.order_by("-pk").first().handelse == Kontohistorik.Handelse.HAVNING_VANTAR
    with pytest.raises(ValidationError, match="väntar redan"):
        _hav(aktor, barn, b, chef.medarbetare_hsa_id)
    # nobody but the named chief, under her verksamhetschef commission, confirms it
    annan_chef = aktor_for(MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, verksamhetschef=True))
    chef_som_lakare = aktor_for(MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, medarbetare=chef_uppdrag.medarbetare))
    for fel_aktor in (aktor, annan_chef, chef_som_lakare):
        with pytest.raises(ValidationError, match="Bara verksamhetschefen"):
            ombud_unblock_bekrafta(aktor=fel_aktor, huvudman=barn, blockering_id=b.pk)
    b.refresh_from_db()
    assert b.havd is None and not far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten
    ombud_unblock_bekrafta(aktor=chef, huvudman=barn, blockering_id=b.pk)
    b.refresh_from_db()
    assert b.havd is not None
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten
    assert Atkomstlogg.objects.filter(medarbetare_hsa_id=chef.medarbetare_hsa_id, vad="blockering av ombud",
                                      detalj__startswith="Bekräftade hävning").count() == 1
    assert Kontohistorik.objects.order_by("-pk").first().handelse == Kontohistorik.Handelse.BLOCKERING_HAVD


def test_the_chief_lifts_at_once_and_a_pending_block_is_withdrawn_at_once(aktor, chef_uppdrag, familj):
    barn, mamma = familj
    chef = aktor_for(chef_uppdrag)
    b = _registrera(chef, barn, mamma, chef.medarbetare_hsa_id)
    _hav(chef, barn, b, chef.medarbetare_hsa_id)
    b.refresh_from_db()
    assert b.havd is not None and b.havning_begard is None
    vantande = _registrera(aktor, barn, mamma, chef.medarbetare_hsa_id)  # never in force: withdrawn by anyone
    _hav(aktor, barn, vantande, chef.medarbetare_hsa_id)
    vantande.refresh_from_db()
    assert vantande.havd is not None


def test_the_page_says_the_lift_is_waiting_and_the_chief_confirms_it_there(uppdrag, chef_uppdrag, familj):
    barn, mamma = familj
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    chef_hsa = chef_uppdrag.medarbetare.hsa_id
    b = _registrera(aktor_for(chef_uppdrag), barn, mamma, chef_hsa)
    url = f"/invanare/{barn.pk}/ombud/blockering/"
    syster = logged_in_client(uppdrag)
    svar = syster.post(url, {"atgard": "hava", "blockering": b.pk, "beslutsfattare": chef_hsa,
                             "anledning": "Ny bedömning", "beslutsdatum": timezone.localdate().isoformat()}, follow=True)
    assert "väntar på att verksamhetschefen bekräftar den. Till dess gäller blockeringen." in svar.content.decode()
    html = syster.get(url).content.decode()
    assert "Hävning väntar på verksamhetschefens beslut" in html and "Till dess gäller blockeringen" in html
    assert "Bekräfta hävningen" not in html and "Häv blockeringen</button>" not in html
    syster.post(url, {"atgard": "bekrafta_havning", "blockering": b.pk})
    b.refresh_from_db()
    assert b.havd is None  # a nurse's POST changes nothing
    chef = logged_in_client(chef_uppdrag)
    assert "Bekräfta hävningen" in chef.get(url).content.decode()
    svar = chef.post(url, {"atgard": "bekrafta_havning", "blockering": b.pk}, follow=True)
    assert "blockeringen gäller inte längre" in svar.content.decode()
    b.refresh_from_db()
    assert b.havd is not None and far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten
