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
