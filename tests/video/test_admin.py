import datetime

from django.utils import timezone

from tests.fixtures.staff import aktor_for
from video import services


def test_admin_shows_meetings_and_audit_read_only_without_citizens_or_tokens(janus, admin_client, uppdrag,
                                                                            invanare_med_vardrelation):
    nu = timezone.now()
    mote = services.mote_create(aktor=aktor_for(uppdrag), typ="enskilt", rubrik="Kontroll", start=nu,
                                slut=nu + datetime.timedelta(minutes=20), invanare=[invanare_med_vardrelation])
    ny = services.gastlank_create(aktor=aktor_for(uppdrag), mote_id=mote.pk, beskrivning="Tolk")
    assert admin_client.get("/admin/video/videomote/").status_code == 200
    sida = admin_client.get(f"/admin/video/videomote/{mote.pk}/change/")
    text = sida.content.decode()
    assert sida.status_code == 200 and "Mötet skapades" in text and "Tolk" in text
    assert invanare_med_vardrelation.id_nummer[:8] not in text and ny.token not in text
    assert admin_client.post(f"/admin/video/videomote/{mote.pk}/delete/").status_code == 403
