"""The citizen overview names her guardians and children: each one named is a read of that citizen's data and
writes an allowed row (found by the authorization walk, issue 13); a protected relative is not named, and
not logged as read."""
from django.urls import reverse

from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Atkomstlogg


def test_the_relatives_named_on_the_overview_are_logged(uppdrag):
    mamma = VardrelationFactory(vardenhet=uppdrag.vardenhet).invanare
    barn = InvanareFactory(efternamn="Barnsdotter")
    skyddat_barn = InvanareFactory(skyddad=True, efternamn="Skyddadsdotter")
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    VardnadshavarskapFactory(barn=skyddat_barn, vardnadshavare=mamma)
    html = logged_in_client(uppdrag).get(reverse("invanare:profil", args=[mamma.pk])).content.decode()
    assert "Barnsdotter" in html and "Skyddadsdotter" not in html
    lasta = sorted(Atkomstlogg.objects.filter(utfall="tillaten").values_list("invanare_identitet", "vad"))
    assert lasta == sorted([(mamma.id_nummer, "invånarprofil"), (barn.id_nummer, "invånarprofil: anhörig")])
