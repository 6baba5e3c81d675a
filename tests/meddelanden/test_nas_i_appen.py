"""Issue 15 item 3 (messages). Seed 000: the app »hanterar inte reservnummer«. Staff cannot start a conversation
that nobody can read (reservnummer, no account and no proxy with one, a locked account); the page says why."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from invanare.behorighet import nas_i_appen
from invanare.models import Kontosparr
from meddelanden import services
from meddelanden.models import Konversation
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory
from invanare.behorighet import senaste_fodelsedag


def _inv(uppdrag, **kw):
    return VardrelationFactory(vardenhet=uppdrag.vardenhet, **{f"invanare__{k}": v for k, v in kw.items()}).invanare


@pytest.mark.parametrize("falt, kod", [({"reservnummer": True}, "reservnummer"), ({"konto": "inget"}, "inget_konto"),
                                       ({"konto": "avregistrerat"}, "inget_konto")])
def test_staff_cannot_start_a_conversation_nobody_can_read(aktor, uppdrag, falt, kod):
    inv = _inv(uppdrag, **falt)
    assert nas_i_appen(invanare=inv).kod == kod
    with pytest.raises(ValidationError) as info:
        services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Hej")
    assert info.value.code == kod
    assert not Konversation.objects.exists()


def test_locked_account_cannot_be_written_to(aktor, uppdrag):
    inv = _inv(uppdrag, konto="registrerat")
    Kontosparr.objects.create(invanare=inv, orsak=Kontosparr.Orsak.TVANG)
    with pytest.raises(ValidationError, match="spärrat"):
        services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Hej")


def test_a_child_without_account_is_reached_through_a_guardian_with_one(aktor, uppdrag):
    idag = timezone.localdate()
    barn = _inv(uppdrag, fodelsedatum=senaste_fodelsedag(idag, 4) - datetime.timedelta(days=10))
    assert not nas_i_appen(invanare=barn)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=InvanareFactory(konto="registrerat"))
    assert nas_i_appen(invanare=barn).kod == "ombud"
    assert services.konversation_start(aktor=aktor, invanare=barn, amne="Vaccination", text="Hej").pk


def test_pages_say_why_and_offer_no_form(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="inget")
    html = staff_client.get(f"/meddelanden/ny/{inv.pk}/").content.decode()
    assert "inget konto i Alltid öppet" in html and 'name="text"' not in html
    svar = staff_client.post(f"/meddelanden/ny/{inv.pk}/", {"amne": "Hej", "text": "Hej"})
    assert svar.status_code == 400 and not Konversation.objects.exists()
    profil = staff_client.get(f"/invanare/{inv.pk}/").content.decode()
    assert "inget konto i Alltid öppet" in profil and f"/meddelanden/ny/{inv.pk}/" not in profil
