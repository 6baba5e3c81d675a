"""The booking hook: bokning.kallelse's backend, with a simple stand-in for a booking."""
import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bokning.kallelse import kallelse_backend
from edokument.kallelse import EdokumentKallelse
from edokument.models import Dokument, Kanal
from tests.fixtures.staff import InvanareFactory, VardenhetFactory


@dataclass
class Bokning:
    pk: int
    invanare: object
    vardenhet: object
    start: datetime.datetime
    tidstyp_namn: str = "Vaccination"
    plats_text: str = ""


def _bokning(**kw):
    falt = {"pk": 501, "invanare": InvanareFactory(med_konto=True, fodelsedatum=datetime.date(1980, 1, 1)),
            "vardenhet": VardenhetFactory(namn="Vaccinationsmottagning Kista"),
            "start": timezone.make_aware(datetime.datetime(2026, 12, 7, 14, 15))}
    falt.update(kw)
    return Bokning(**falt)


def test_registered_in_ready():
    assert isinstance(kallelse_backend(), EdokumentKallelse)


def test_kallelse_for_a_booking_is_sent_from_the_booking_unit(aktor):
    bokning = _bokning(plats_text="Kista torg 1, plan 3")
    dok = kallelse_backend().skicka(bokning=bokning, aktor=aktor, skyddad_bekraftad=False)
    assert dok.vardenhet_id == bokning.vardenhet.pk  # not the aktor's unit
    assert dok.besokstid == bokning.start and dok.plats == "Kista torg 1, plan 3"
    assert "bussbiljett" in dok.text and "måndag 7 december 2026 kl. 14:15" in dok.text
    assert [l.kanal for l in dok.leveranser.all()] == [Kanal.APP]
    again = kallelse_backend().skicka(bokning=bokning, aktor=aktor, skyddad_bekraftad=False)
    assert again.pk == dok.pk and Dokument.objects.count() == 1


def test_protected_without_confirmation_raises_and_stores_nothing(aktor):
    bokning = _bokning(invanare=InvanareFactory(skyddad=True, med_konto=True))
    with pytest.raises(ValidationError):
        kallelse_backend().skicka(bokning=bokning, aktor=aktor, skyddad_bekraftad=False)
    assert not Dokument.objects.exists()


def test_cancellation_notice_after_a_kallelse_and_only_then(aktor):
    bokning = _bokning()
    assert kallelse_backend().avboka(bokning=bokning, aktor=aktor) is None
    kallelse_backend().skicka(bokning=bokning, aktor=aktor, skyddad_bekraftad=False)
    avbokning = kallelse_backend().avboka(bokning=bokning, aktor=aktor)
    assert avbokning.ar_avbokning and "avbokad" in avbokning.text
    assert Dokument.objects.count() == 2
    kallelse_backend().avboka(bokning=bokning, aktor=aktor)
    assert Dokument.objects.count() == 2


def test_aktor_may_be_a_commission(uppdrag):
    dok = kallelse_backend().skicka(bokning=_bokning(pk=9), aktor=uppdrag, skyddad_bekraftad=False)
    assert dok.skapad_av_hsa_id == uppdrag.medarbetare.hsa_id
