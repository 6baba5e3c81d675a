"""Letter templates in admin: only the unit's systemförvaltare, only her unit's templates."""
from edokument.models import Brevmall
from tests.fixtures.edokument import BrevmallFactory
from tests.fixtures.staff import MedarbetareFactory, MedarbetaruppdragFactory, logged_in_client
from vardportalen.models import Roll

URL = "/admin/edokument/brevmall/"


def _admin(vardenhet, roll):
    return logged_in_client(MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(is_staff=True), vardenhet=vardenhet, roll=roll))


def test_systemforvaltare_sees_and_adds_only_own_units_templates(vardenhet):
    egen = BrevmallFactory(vardenhet=vardenhet, namn="Egen mall")
    BrevmallFactory(namn="Annans mall")
    client = _admin(vardenhet, Roll.SYSTEMFORVALTARE)
    html = client.get(URL).content.decode()
    assert "Egen mall" in html and "Annans mall" not in html
    svar = client.post(URL + "add/", {"namn": "Ny mall", "typ": "ebrev", "styrkod": "", "rubrik": "R", "text": "T",
                                      "aktiv": "on"})
    assert svar.status_code == 302, svar.content.decode()[:2000]
    assert Brevmall.objects.get(namn="Ny mall").vardenhet_id == vardenhet.pk
    annans = Brevmall.objects.get(namn="Annans mall")
    assert client.get(f"{URL}{annans.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"{URL}{egen.pk}/change/").status_code == 200


def test_other_roles_cannot_manage_templates(vardenhet):
    BrevmallFactory(vardenhet=vardenhet)
    client = _admin(vardenhet, Roll.SJUKSKOTERSKA)
    assert client.get(URL).status_code == 403
    assert client.post(URL + "add/", {"namn": "X", "typ": "ebrev", "rubrik": "R", "text": "T"}).status_code == 403
    assert not Brevmall.objects.filter(namn="X").exists()
