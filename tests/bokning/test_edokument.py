"""With edokument's real kallelse backend (registered by its AppConfig): a staff booking sends an e-kallelse,
the citizen's cancel in the app sends the cancellation notice."""
import pytest

from bokning import services
from bokning.kallelse import kallelse_backend
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory

edokument = pytest.importorskip("edokument.kallelse")


def test_kallelse_and_cancellation_notice_through_edokument(aktor, vardenhet):
    from edokument.models import Dokument

    assert isinstance(kallelse_backend(), edokument.EdokumentKallelse)
    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(namn="Hälsosamtal"), start=om(dagar=3))
    bokning = services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk, skicka_kallelse=True)
    kallelse = Dokument.objects.get(pk=bokning.kallelse_id)
    assert "Hälsosamtal" in kallelse.rubrik and kallelse.invanare_id == inv.pk
    svar = AppKlient.logga_in(inv).post(f"bokning/{bokning.pk}/avboka/")
    assert svar.status_code == 200, svar.content
    bokning.refresh_from_db()
    assert bokning.kallelse_avbokad
    assert Dokument.objects.filter(idempotensnyckel=f"bokning:{bokning.pk}:avbokning").exists()


def _app_tid(vardenhet, **typ):
    return skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet),
                     tidstyp=TidstypFactory(namn="Hälsosamtal", bokningsbar_i_app=True, **typ), start=om(dagar=3))


def test_a_booking_the_citizen_makes_in_the_app_gets_an_ekallelse_with_the_bus_ticket_text(vardenhet):
    """Seed 001: citizens with an Alltid öppet account get an e-kallelse, also for times they book themselves."""
    from edokument.models import Dokument, Dokumenttyp

    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    svar = AppKlient.logga_in(inv).post("bokning/", {"tid": _app_tid(vardenhet).pk})
    assert svar.status_code in (200, 201), svar.content
    bokning = services.Bokning.objects.get(invanare=inv)
    kallelse = Dokument.objects.get(pk=bokning.kallelse_id)
    assert kallelse.typ == Dokumenttyp.EKALLELSE and kallelse.status == Dokument.Status.SKICKAT
    assert "bussbiljett" in kallelse.text and kallelse.leveranser.filter(kanal="app", mottagare=inv).exists()


def test_no_ekallelse_from_an_app_booking_where_the_unit_does_not_send_them_or_she_is_protected(vardenhet):
    from edokument.models import Dokument

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    assert AppKlient.logga_in(inv).post("bokning/", {"tid": _app_tid(vardenhet).pk}).status_code in (200, 201)
    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    skyddad = InvanareFactory(med_konto=True, skyddad=True, listad_vardcentral=vardenhet)
    assert AppKlient.logga_in(skyddad).post("bokning/", {"tid": _app_tid(vardenhet).pk}).status_code in (200, 201)
    assert services.Bokning.objects.count() == 2 and not Dokument.objects.exists()
