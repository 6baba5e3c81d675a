"""The demo step: a video visit booked for the named Sara at the vårdcentral's doctor, its meeting made by the
booking (no Janus at load time), the e-kallelse with join instructions; a rerun adds nothing."""
from types import SimpleNamespace

from bokning.models import Bokning
from edokument.models import Dokument
from tests.fixtures.bokning import TidbokFactory, TidstypFactory
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory
from vardportalen.models import Roll
from video.demo import video_demo
from video.models import Deltagarroll, Videomote


def test_demo_books_a_video_visit_and_its_meeting_once(vardenhet):
    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    TidstypFactory(kod="video-lakare", namn="Videobesök läkare", video=True)
    TidbokFactory(vardenhet=vardenhet)
    lakare = MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.LAKARE)
    sara = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    for _ in range(2):
        result = SimpleNamespace(units={"VC_GUB": vardenhet}, named_pks={"gravid": sara.pk}, counts={})
        video_demo(result)
    bokning = Bokning.objects.get(invanare=sara)
    mote = Videomote.objects.get()
    assert mote.bokning == bokning and mote.vard_id == lakare.medarbetare_id and mote.typ == "enskilt"
    assert set(mote.deltagare.values_list("roll", flat=True)) == {Deltagarroll.VARD, Deltagarroll.INVANARE}
    assert "väntrum" in Dokument.objects.get(pk=bokning.kallelse_id).text
    assert result.counts["videomöten från bokning"] == 1
