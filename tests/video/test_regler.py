"""The rules of video meetings, against a real Janus: tokens, proxies, locks, unit scope, guest links."""
from __future__ import annotations

import datetime
import json
import urllib.request

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from invanare.models import Kontosparr, OmbudBlockering
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
    aktor_for,
    logged_in_client,
)
from vardportalen.models import Atkomstlogg
from video import janus as janus_api
from video import services
from video.models import Deltagare, Motehandelse, Motestyp


def _mote(uppdrag, invanare, typ=Motestyp.ENSKILT, **kwargs):
    nu = timezone.now()
    return services.mote_create(aktor=aktor_for(uppdrag), typ=typ, rubrik="Uppföljning", start=nu,
                                slut=nu + datetime.timedelta(minutes=30), invanare=invanare, **kwargs)


@pytest.fixture
def barn_och_vardnadshavare(uppdrag):
    idag = timezone.localdate()
    barn = InvanareFactory(fodelsedatum=idag.replace(year=idag.year - 8) if idag.month != 2 or idag.day != 29
                           else datetime.date(idag.year - 8, 2, 28), med_konto=True)
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    vardnadshavare = InvanareFactory(med_konto=True)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=vardnadshavare)
    return barn, vardnadshavare


def _blockera(barn, vardnadshavare):
    OmbudBlockering.objects.create(huvudman=barn, ombud=vardnadshavare, blankett="BLA-46557", anledning="Fara",
                                   beslutsdatum=timezone.localdate(), beslutsfattare_hsa_id="SE2321000016-P9",
                                   beslutsfattare_namn="Chef")


def test_token_of_meeting_a_cannot_join_meeting_b(janus, uppdrag, invanare_med_vardrelation):
    a = _mote(uppdrag, [invanare_med_vardrelation])
    b = _mote(uppdrag, [invanare_med_vardrelation])
    _rad, token = services.anslutningstoken_create(aktor=invanare_med_vardrelation, invanare=invanare_med_vardrelation,
                                                   mote_id=a.pk)
    with pytest.raises(ValidationError) as fel:
        services.token_losa_in(mote_id=b.pk, token=token)
    assert fel.value.code == "ogiltig"
    assert not Deltagare.objects.filter(mote=b, status=Deltagare.Status.VANTAR).exists()
    deltagare, _hemlighet = services.token_losa_in(mote_id=a.pk, token=token)  # still good for its own meeting
    assert deltagare.mote_id == a.pk and deltagare.status == Deltagare.Status.VANTAR


def test_a_token_cannot_be_used_twice(janus, uppdrag, invanare_med_vardrelation):
    mote = _mote(uppdrag, [invanare_med_vardrelation])
    _rad, token = services.anslutningstoken_create(aktor=invanare_med_vardrelation, invanare=invanare_med_vardrelation,
                                                   mote_id=mote.pk)
    services.token_losa_in(mote_id=mote.pk, token=token)
    with pytest.raises(ValidationError) as fel:
        services.token_losa_in(mote_id=mote.pk, token=token)
    assert fel.value.code == "anvand"


def test_an_expired_token_is_refused(janus, uppdrag, invanare_med_vardrelation, settings):
    settings.VIDEO_ANSLUTNING_SEKUNDER = 0
    mote = _mote(uppdrag, [invanare_med_vardrelation])
    _rad, token = services.anslutningstoken_create(aktor=invanare_med_vardrelation, invanare=invanare_med_vardrelation,
                                                   mote_id=mote.pk)
    with pytest.raises(ValidationError) as fel:
        services.token_losa_in(mote_id=mote.pk, token=token)
    assert fel.value.code == "utgangen"


def test_a_guardian_joins_for_a_child_but_not_once_blocked(janus, uppdrag, barn_och_vardnadshavare):
    barn, vardnadshavare = barn_och_vardnadshavare
    mote = _mote(uppdrag, [barn])
    _rad, token = services.anslutningstoken_create(aktor=vardnadshavare, invanare=barn, mote_id=mote.pk)
    deltagare, _h = services.token_losa_in(mote_id=mote.pk, token=token)
    assert deltagare.roll == "ombud" and deltagare.agerande == vardnadshavare
    assert "ombud" in deltagare.visningsnamn and barn.id_nummer not in deltagare.visningsnamn

    _blockera(barn, vardnadshavare)
    with pytest.raises(ValidationError) as fel:  # waiting when the block came: not let in
        services.deltagare_slapp_in(aktor=aktor_for(uppdrag), mote_id=mote.pk, deltagare_id=deltagare.pk)
    assert fel.value.code == "blockerad"
    deltagare.refresh_from_db()
    assert deltagare.status == Deltagare.Status.LAMNAT and not deltagare.janus_token
    assert Motehandelse.objects.filter(mote=mote, typ="nekad", deltagare=deltagare).exists()
    with pytest.raises(ValidationError) as fel:  # and no new token
        services.anslutningstoken_create(aktor=vardnadshavare, invanare=barn, mote_id=mote.pk)
    assert fel.value.code == "blockerad"


def test_a_guardian_blocked_between_token_and_redemption_is_refused(janus, uppdrag, barn_och_vardnadshavare):
    barn, vardnadshavare = barn_och_vardnadshavare
    mote = _mote(uppdrag, [barn])
    _rad, token = services.anslutningstoken_create(aktor=vardnadshavare, invanare=barn, mote_id=mote.pk)
    _blockera(barn, vardnadshavare)
    with pytest.raises(ValidationError) as fel:
        services.token_losa_in(mote_id=mote.pk, token=token)
    assert fel.value.code == "blockerad"
    assert not Deltagare.objects.filter(mote=mote, status=Deltagare.Status.VANTAR).exists()


def test_a_locked_account_cannot_join_and_loses_the_meeting_at_the_next_request(janus, uppdrag, invanare_med_vardrelation):
    inv = invanare_med_vardrelation
    mote = _mote(uppdrag, [inv])
    _rad, token = services.anslutningstoken_create(aktor=inv, invanare=inv, mote_id=mote.pk)
    deltagare, _h = services.token_losa_in(mote_id=mote.pk, token=token)
    deltagare = services.deltagare_slapp_in(aktor=aktor_for(uppdrag), mote_id=mote.pk, deltagare_id=deltagare.pk)
    assert services.janus_anslutning(deltagare) is not None
    Kontosparr.objects.create(invanare=inv, orsak="tvang")
    deltagare = services.deltagare_kontrollera(deltagare=deltagare)
    assert deltagare.status == Deltagare.Status.LAMNAT and services.janus_anslutning(deltagare) is None
    with pytest.raises(ValidationError) as fel:
        services.anslutningstoken_create(aktor=inv, invanare=inv, mote_id=mote.pk)
    assert fel.value.code == "aktor_sparrad"


def test_staff_of_another_unit_cannot_open_the_meeting(janus, uppdrag, invanare_med_vardrelation):
    mote = _mote(uppdrag, [invanare_med_vardrelation])
    annan = MedarbetaruppdragFactory()
    klient = logged_in_client(annan)
    assert klient.get(f"/video/{mote.pk}/").status_code == 404
    assert klient.post(f"/video/{mote.pk}/anslut/").status_code == 404
    assert klient.get(f"/video/{mote.pk}/panel/").status_code == 404
    nekad = Atkomstlogg.objects.filter(medarbetare_hsa_id=annan.medarbetare.hsa_id, utfall="nekad",
                                       invanare_identitet=invanare_med_vardrelation.id_nummer)
    assert nekad.exists()
    assert not Deltagare.objects.filter(mote=mote, medarbetare=annan.medarbetare).exists()
    # the own unit opens it, and the citizen's access-log row is written
    egen = logged_in_client(uppdrag)
    assert egen.get(f"/video/{mote.pk}/").status_code == 200
    assert Atkomstlogg.objects.filter(medarbetare_hsa_id=uppdrag.medarbetare.hsa_id, vad="videomöte: mötesrum",
                                      invanare_identitet=invanare_med_vardrelation.id_nummer).exists()


def test_staff_invited_from_another_unit_may_join_a_meeting_between_professions(janus, uppdrag):
    kollega = MedarbetaruppdragFactory()
    mote = _mote(uppdrag, [], typ=Motestyp.PROFESSIONER, personal=[kollega.medarbetare])
    svar = logged_in_client(kollega).post(f"/video/{mote.pk}/anslut/")
    assert svar.status_code == 200 and svar.json()["janus"]["rum"] == mote.janus_rum


def _janus_api(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def _janus_join(server, conf, rum, pin, acl_token):
    """Create a Janus session with conf's token and try to join ``rum`` as publisher; the plugin's answer."""
    token = conf["token"]
    session = _janus_api(server, {"janus": "create", "transaction": "t1", "token": token})
    assert session["janus"] == "success", session
    sid = session["data"]["id"]
    handle = _janus_api(f"{server}/{sid}", {"janus": "attach", "plugin": "janus.plugin.videoroom", "transaction": "t2",
                                            "token": token})
    hid = handle["data"]["id"]
    _janus_api(f"{server}/{sid}/{hid}", {"janus": "message", "transaction": "t3", "token": token, "body": {
        "request": "join", "ptype": "publisher", "room": rum, "pin": pin, "token": acl_token, "display": "x"}})
    with urllib.request.urlopen(f"{server}/{sid}?token={token}&maxev=1", timeout=10) as response:
        event = json.loads(response.read())
    return event.get("plugindata", {}).get("data", {})


def test_janus_itself_refuses_a_participant_of_room_a_in_room_b(janus, uppdrag, invanare_med_vardrelation):
    a = _mote(uppdrag, [invanare_med_vardrelation])
    b = _mote(uppdrag, [invanare_med_vardrelation])
    deltagare, _h = services.personal_anslut(aktor=aktor_for(uppdrag), mote_id=a.pk)
    conf = services.janus_anslutning(deltagare)
    server = conf["server"]
    svar_b = _janus_join(server, conf, b.janus_rum, janus_api.rum_pin(b.janus_rum), conf["token"])
    assert svar_b.get("error_code") == 433, svar_b  # unauthorized: not on room B's access list
    svar_a = _janus_join(server, conf, a.janus_rum, conf["pin"], conf["token"])
    assert svar_a.get("videoroom") == "joined", svar_a
    # removed: her Janus token no longer opens a session at all
    services.deltagare_leave(deltagare=deltagare)
    session = _janus_api(server, {"janus": "create", "transaction": "t9", "token": conf["token"]})
    assert session["janus"] == "error" and session["error"]["code"] == 403


def test_guest_link_once_not_after_revocation_or_expiry(janus, uppdrag, invanare_med_vardrelation):
    mote = _mote(uppdrag, [invanare_med_vardrelation])
    aktor = aktor_for(uppdrag)
    ny = services.gastlank_create(aktor=aktor, mote_id=mote.pk, beskrivning="Tolk")
    gast, _h = services.gastlank_anvand(token=ny.token, namn="Tolk Tina")
    assert gast.roll == "gast" and gast.visningsnamn == "Tolk Tina (gäst)"
    with pytest.raises(ValidationError) as fel:
        services.gastlank_anvand(token=ny.token, namn="Någon annan")
    assert fel.value.code == "anvand"
    andra = services.gastlank_create(aktor=aktor, mote_id=mote.pk, beskrivning="Anhörig")
    services.gastlank_revoke(aktor=aktor, gastlank_id=andra.gastlank.pk)
    with pytest.raises(ValidationError) as fel:
        services.gastlank_anvand(token=andra.token, namn="Anna")
    assert fel.value.code == "aterkallad"
    tredje = services.gastlank_create(aktor=aktor, mote_id=mote.pk, beskrivning="Anhörig")
    type(mote).objects.filter(pk=mote.pk).update(start=timezone.now() - datetime.timedelta(hours=1),
                                                 slut=timezone.now() - datetime.timedelta(seconds=1))
    type(tredje.gastlank).objects.filter(pk=tredje.gastlank.pk).update(giltig_till=timezone.now())
    with pytest.raises(ValidationError) as fel:
        services.gastlank_anvand(token=tredje.token, namn="Anna")
    assert fel.value.code == "utgangen"


def test_guest_page_never_shows_the_citizens_identity(janus, uppdrag, invanare_med_vardrelation, client):
    mote = _mote(uppdrag, [invanare_med_vardrelation])
    ny = services.gastlank_create(aktor=aktor_for(uppdrag), mote_id=mote.pk, beskrivning="Tolk")
    sida = client.get(f"/video/gast/{ny.token}/").content.decode()
    assert invanare_med_vardrelation.id_nummer[:8] not in sida and invanare_med_vardrelation.efternamn not in sida
    svar = client.post(f"/video/gast/{ny.token}/", {"namn": "Tina"})
    assert svar.status_code == 302
    status = client.get(f"/video/delta/{mote.pk}/status/").json()
    assert status["status"] == "vantar"
    assert invanare_med_vardrelation.id_nummer[:8] not in json.dumps(status)


def test_guest_link_by_sms_goes_through_the_outbox(janus, uppdrag, invanare_med_vardrelation):
    from notiser.models import SmsUtgaende

    mote = _mote(uppdrag, [invanare_med_vardrelation])
    ny = services.gastlank_create(aktor=aktor_for(uppdrag), mote_id=mote.pk, beskrivning="Tolk",
                                  mobilnummer="070-111 22 33", lank_for=lambda t: f"https://x/video/gast/{t}/")
    sms = SmsUtgaende.objects.get(idempotensnyckel=f"video:gastlank:{ny.gastlank.pk}")
    assert sms.mobilnummer == "+46701112233" and ny.token in sms.text and sms.status == "vantande"
    assert services.svensk_tid(mote.start) in sms.text and services.svensk_tid(mote.start)[:3] in (
        "mån", "tis", "ons", "tor", "fre", "lör", "sön")
    with pytest.raises(ValidationError):
        services.gastlank_create(aktor=aktor_for(uppdrag), mote_id=mote.pk, beskrivning="Tolk", mobilnummer="12")


def test_app_api_creates_the_join_token_for_citizen_and_proxy(janus, uppdrag, barn_och_vardnadshavare, app_klient):
    barn, vardnadshavare = barn_och_vardnadshavare
    mote = _mote(uppdrag, [barn])
    klient = app_klient(vardnadshavare)
    assert klient.get("video/").json()["moten"] == []
    klient.agera_for(barn)
    assert [m["id"] for m in klient.get("video/").json()["moten"]] == [mote.pk]
    svar = klient.post(f"video/{mote.pk}/anslut/")
    assert svar.status_code == 200, svar.content
    data = svar.json()
    assert data["url"].endswith(f"/video/delta/{mote.pk}/#token={data['token']}")
    assert klient.post("video/999999/anslut/").status_code == 404


def test_meeting_kinds_are_checked(janus, uppdrag, invanare_med_vardrelation):
    with pytest.raises(ValidationError):
        _mote(uppdrag, [invanare_med_vardrelation], typ=Motestyp.GRUPP)
    with pytest.raises(ValidationError):
        _mote(uppdrag, [], typ=Motestyp.ENSKILT)
    with pytest.raises(ValidationError):
        _mote(uppdrag, [invanare_med_vardrelation], typ=Motestyp.TEAM)
    okand = InvanareFactory()  # no care relation with the unit
    with pytest.raises(ValidationError):
        _mote(uppdrag, [okand])
