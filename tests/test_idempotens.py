"""Idempotency tokens on the staff forms that create something (vardportalen.idempotens, issue 14): the same
form sent twice creates one thing, and the second answer is the first one's (redirect to what was created).
A refusal rolls the token back with everything else, so the corrected form goes through with it. The
concurrent cases run over real HTTP in tests/test_kapplopp_http.py."""
from __future__ import annotations

import datetime
import re
import uuid

from django.urls import reverse
from django.utils import timezone

from bokning.models import Bokning
from forlossning.models import Graviditet
from meddelanden.models import Konversation, Meddelande
from tests.fixtures.bokning import TidbokFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import logged_in_client
from vardportalen.models import Formulartoken


def _token(html: str) -> str:
    return re.search(r'name="token" value="([0-9a-f-]{36})"', html).group(1)


def test_a_double_submitted_staff_booking_books_once_and_shows_the_booking(staff_client, vardenhet,
                                                                           invanare_med_vardrelation):
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=vaccinationstyp(), start=om(dagar=3), kapacitet=5)
    url = reverse("bokning:boka", args=[invanare_med_vardrelation.pk])
    token = _token(staff_client.get(url).content.decode())
    forsta = staff_client.post(url, {"tid": tid.pk, "token": token})
    andra = staff_client.post(url, {"tid": tid.pk, "token": token})
    bokning = Bokning.objects.get(invanare=invanare_med_vardrelation)
    assert forsta.status_code == andra.status_code == 302
    assert forsta["Location"] == andra["Location"] == reverse("bokning:bokning", args=[bokning.pk])
    # A new drawing of the page is a new token: booking the same slot again is refused as before, with a message.
    ny = staff_client.post(url, {"tid": tid.pk, "token": str(uuid.uuid4())})
    assert ny.status_code == 400 and Bokning.objects.filter(invanare=invanare_med_vardrelation).count() == 1


def test_a_refused_form_leaves_its_token_unused(staff_client, vardenhet, invanare_med_vardrelation):
    url = reverse("bokning:boka", args=[invanare_med_vardrelation.pk])
    token = str(uuid.uuid4())
    assert staff_client.post(url, {"tid": 2_000_000_000, "token": token}).status_code == 400  # no such slot
    assert not Formulartoken.objects.filter(nyckel=token).exists()
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=vaccinationstyp(), start=om(dagar=3))
    assert staff_client.post(url, {"tid": tid.pk, "token": token}).status_code == 302
    assert Formulartoken.objects.get(nyckel=token).objekt_id == Bokning.objects.get(invanare=invanare_med_vardrelation).pk


def test_a_double_submitted_pregnancy_registration_registers_one(barnmorska, patient, kliniker):
    klient = logged_in_client(barnmorska)
    url = reverse("forlossning:registrera", args=[patient.pk])
    token = _token(klient.get(reverse("forlossning:kvinna", args=[patient.pk])).content.decode())
    data = {"mhv1_datum": timezone.localdate().isoformat(),
            "bf": (timezone.localdate() + datetime.timedelta(weeks=30)).isoformat(), "token": token}
    forsta, andra = klient.post(url, data), klient.post(url, data)
    assert forsta.status_code == andra.status_code == 302 and forsta["Location"] == andra["Location"]
    assert Graviditet.objects.filter(invanare=patient).count() == 1
    # Without the token (another drawing of the form) the rule answers as before: already registered.
    igen = klient.post(url, {**data, "token": str(uuid.uuid4())})
    assert igen.status_code == 400 and "redan en registrerad graviditet" in igen.content.decode()


def test_a_double_submitted_new_conversation_sends_one_message(staff_client, invanare_med_vardrelation):
    url = reverse("meddelanden:ny", args=[invanare_med_vardrelation.pk])
    token = _token(staff_client.get(url).content.decode())
    data = {"amne": "Provsvar", "text": "Dina prover är bra.", "token": token}
    forsta, andra = staff_client.post(url, data), staff_client.post(url, data)
    k = Konversation.objects.get(invanare=invanare_med_vardrelation)
    assert forsta.status_code == andra.status_code == 302 and forsta["Location"] == andra["Location"]
    assert Meddelande.objects.filter(konversation=k, text="Dina prover är bra.").count() == 1


def test_a_token_of_another_form_is_not_an_answer(staff_client, vardenhet, invanare_med_vardrelation):
    """A token already used by another kind of form counts as none (never a redirect to the wrong kind of thing)."""
    url = reverse("meddelanden:ny", args=[invanare_med_vardrelation.pk])
    token = _token(staff_client.get(url).content.decode())
    assert staff_client.post(url, {"amne": "A", "text": "B", "token": token}).status_code == 302
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=vaccinationstyp(), start=om(dagar=3))
    svar = staff_client.post(reverse("bokning:boka", args=[invanare_med_vardrelation.pk]), {"tid": tid.pk, "token": token})
    assert svar.status_code == 302 and Bokning.objects.filter(invanare=invanare_med_vardrelation).count() == 1


def test_a_double_submitted_offer_saves_one_draft(staff_client):
    from erbjudanden.models import Erbjudande

    token = _token(staff_client.get(reverse("erbjudanden:ny")).content.decode())
    idag = timezone.localdate()
    data = {"titel": "Hälsosamtal", "text": "Välkommen", "atgard": "konversation", "giltig_fran": idag.isoformat(),
            "giltig_till": (idag + datetime.timedelta(days=5)).isoformat(), "alder_min": "65", "token": token}
    forsta, andra = staff_client.post(reverse("erbjudanden:ny"), data), staff_client.post(reverse("erbjudanden:ny"), data)
    assert forsta.status_code == andra.status_code == 302 and forsta["Location"] == andra["Location"]
    assert Erbjudande.objects.count() == 1


def test_a_double_submitted_video_meeting_creates_one(staff_client, invanare_med_vardrelation, janus):
    from video.models import Videomote

    url = f"{reverse('video:nytt')}?invanare={invanare_med_vardrelation.pk}"
    token = _token(staff_client.get(url).content.decode())
    # Tomorrow at 10:00 exists every day; now + 1 h fell in the hour Stockholm skips (2029-03-25 01:30 → 02:30).
    start = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT10:00")
    data = {"typ": "enskilt", "rubrik": "Uppföljning", "start": start, "langd": "30", "token": token}
    forsta, andra = staff_client.post(url, data), staff_client.post(url, data)
    assert forsta.status_code == andra.status_code == 302 and forsta["Location"] == andra["Location"]
    assert Videomote.objects.count() == 1
