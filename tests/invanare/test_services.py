"""vardrelation_create and invanare_set_adress: own transaction, validation, one change row each."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from invanare.models import Vardrelation
from invanare.selectors import invanare_get_for_uppdrag, postnummer_get
from invanare.services import invanare_set_adress, vardrelation_create
from tests.fixtures.staff import InvanareFactory, VardrelationFactory
from vardportalen.models import Atkomstlogg


class TestVardrelationCreate:
    def test_creates_logs_the_reason_and_opens_access(self, aktor, uppdrag):
        inv = InvanareFactory()
        rel = vardrelation_create(aktor=aktor, invanare=inv, anledning="  Telefonkontakt   med invånaren ")
        assert rel.vardenhet == uppdrag.vardenhet and rel.till is None
        assert rel.anledning == "Telefonkontakt med invånaren"
        assert rel.skapad_av_hsa_id == uppdrag.medarbetare.hsa_id
        row = Atkomstlogg.objects.get()
        assert (row.handelse, row.utfall, row.vad) == ("andring", "tillaten", "vårdrelation")
        assert "Telefonkontakt med invånaren" in row.detalj
        assert row.invanare_identitet == inv.id_nummer
        assert invanare_get_for_uppdrag(aktor=aktor, invanare_id=inv.pk, vad="x") == inv

    @pytest.mark.parametrize("anledning", ["", "   ", None])
    def test_reason_required(self, aktor, anledning):
        inv = InvanareFactory()
        with pytest.raises(ValidationError) as exc:
            vardrelation_create(aktor=aktor, invanare=inv, anledning=anledning)
        assert "anledning" in exc.value.message_dict
        assert not Vardrelation.objects.exists() and not Atkomstlogg.objects.exists()

    def test_reason_too_long(self, aktor):
        with pytest.raises(ValidationError, match="högst 200 tecken"):
            vardrelation_create(aktor=aktor, invanare=InvanareFactory(), anledning="x" * 201)

    def test_reason_must_not_contain_contact_details(self, aktor):
        inv = InvanareFactory(gatuadress="Lönngången 3")
        with pytest.raises(ValidationError, match="adress eller telefonnummer"):
            vardrelation_create(aktor=aktor, invanare=inv, anledning="Brev till Lönngången 3")
        assert not Atkomstlogg.objects.exists()

    def test_idempotent_when_already_active(self, aktor, invanare_med_vardrelation):
        before = Vardrelation.objects.get()
        again = vardrelation_create(aktor=aktor, invanare=invanare_med_vardrelation, anledning="Igen")
        assert again == before and Vardrelation.objects.count() == 1
        assert not Atkomstlogg.objects.exists()

    def test_future_open_relation_is_brought_forward(self, aktor, uppdrag):
        future = VardrelationFactory(vardenhet=uppdrag.vardenhet, fran=timezone.now() + datetime.timedelta(days=3))
        rel = vardrelation_create(aktor=aktor, invanare=future.invanare, anledning="Akut besök")
        assert rel.pk == future.pk and rel.fran <= timezone.now()
        assert Vardrelation.objects.count() == 1
        assert Atkomstlogg.objects.get().handelse == "andring"

    def test_ended_relation_gives_a_new_one(self, aktor, uppdrag):
        old = VardrelationFactory(
            vardenhet=uppdrag.vardenhet,
            fran=timezone.now() - datetime.timedelta(days=100),
            till=timezone.now() - datetime.timedelta(days=50),
        )
        rel = vardrelation_create(aktor=aktor, invanare=old.invanare, anledning="Nytt besök")
        assert rel.pk != old.pk and Vardrelation.objects.count() == 2


class TestSetAdress:
    def test_locality_municipality_and_coordinates_from_postnummer(self, aktor):
        inv = InvanareFactory()
        inv = invanare_set_adress(aktor=aktor, invanare=inv, gatuadress="Kyrkvägen  4", postnummer="181 30")
        inv.refresh_from_db()
        assert (inv.gatuadress, inv.postnummer, inv.ort) == ("Kyrkvägen 4", "18130", "Lidingö")
        assert (inv.kommunkod, inv.kommun) == ("0186", "Lidingö kommun")
        assert inv.lat == pytest.approx(59.36667) and inv.lon == pytest.approx(18.13333)
        row = Atkomstlogg.objects.get()
        assert (row.handelse, row.vad) == ("andring", "folkbokföringsadress")
        assert "Kyrkvägen" not in row.detalj and "18130" not in row.detalj and "Lidingö" not in row.detalj

    def test_unknown_postnummer(self, aktor):
        inv = InvanareFactory(postnummer="11520", ort="Stockholm")
        with pytest.raises(ValidationError) as exc:
            invanare_set_adress(aktor=aktor, invanare=inv, gatuadress="Gatan 1", postnummer="99999")
        assert exc.value.message_dict["postnummer"] == [
            "Postnumret 999 99 finns inte i postnummerregistret. Kontrollera numret, "
            "eller be systemförvaltningen läsa in en nyare postnummerfil."
        ]
        inv.refresh_from_db()
        assert inv.postnummer == "11520" and not Atkomstlogg.objects.exists()

    @pytest.mark.parametrize("pn", ["1152", "115200", "abcde", ""])
    def test_malformed_postnummer(self, aktor, pn):
        with pytest.raises(ValidationError, match="fem siffror"):
            invanare_set_adress(aktor=aktor, invanare=InvanareFactory(), gatuadress="Gatan 1", postnummer=pn)

    def test_street_required(self, aktor):
        with pytest.raises(ValidationError, match="gatuadress"):
            invanare_set_adress(aktor=aktor, invanare=InvanareFactory(), gatuadress=" ", postnummer="11520")

    def test_postnummer_get_accepts_space(self):
        assert postnummer_get(postnummer="115 20").ort == "Stockholm"


# serialized_rollback: the flush after a transactional test would otherwise also empty the postal-code
# table that migration 0003 loaded, for every transactional test that runs after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_registering_at_once_give_one_relation(uppdrag):
    """select_for_update on the citizen serialises the two; the second finds the first's relation."""
    import threading

    from django.db import connection

    from tests.fixtures.staff import MedarbetaruppdragFactory, aktor_for

    inv = InvanareFactory()
    colleague = MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet)
    barrier, results, errors = threading.Barrier(2), [], []

    def register(u):
        try:
            barrier.wait()
            results.append(vardrelation_create(aktor=aktor_for(u), invanare=inv, anledning="Samtidigt").pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(u,)) for u in (uppdrag, colleague)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(set(results)) == 1
    assert Vardrelation.objects.count() == 1
    assert Atkomstlogg.objects.filter(handelse="andring").count() == 1
