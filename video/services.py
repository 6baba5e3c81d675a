"""Writes of video/: meetings, seats, join tokens, guest links, the waiting room, host actions, the audit.

Rules kept here (seed "Videomöte", issue 20):
- Five kinds: 1:1 (one citizen), group (several citizens), team visit (one citizen, several staff), between
  professions (staff only), and extra participants by guest link (e.g. an interpreter or a relative).
- A citizen joins herself, or a proxy joins for her, under the one "may act" check (invanare.behorighet,
  Syfte.VIDEO), asked again at every step: token, redemption, admission and every status request.
- A join token is random, stored hashed, valid for VIDEO_ANSLUTNING_SEKUNDER, single-use, and for exactly one
  meeting and one seat. Redeeming it puts the participant in the waiting room; only staff of the meeting admit.
- Only an admitted participant gets Janus credentials: her own Janus token (added through the admin API and
  removed when she leaves or is removed) that is also on the room's access list, and the room pin.
- Guest links: random, one meeting, usable once, expire at the meeting's end, revocable; a guest sees only
  display names, never an identity number.
- Every step writes a Motehandelse (who, when, role); staff actions about a citizen write access-log rows.
  No media is recorded.
"""
from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from bokning.models import Bokning
from invanare.behorighet import Syfte, far_agera
from invanare.models import Invanare
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera
from vardportalen.models import Medarbetare, Medarbetaruppdrag
from vardportalen.idempotens import token_knyt, token_ta
from video import janus
from video.models import (
    Anslutningstoken,
    Deltagare,
    Deltagarroll,
    Gastlank,
    Motehandelse,
    Motestyp,
    Videomote,
)

TIDIGAST_FORE_START = datetime.timedelta(minutes=30)  # citizens may come to the waiting room this early
MAX_LANGD = datetime.timedelta(hours=8)
MAX_GRUPP = 12


def svensk_tid(tid: datetime.datetime) -> str:
    """"mån 7 dec 2026 09:00" (DESIGN.md, Swedish formats)."""
    with translation.override("sv"):
        return formats.date_format(timezone.localtime(tid), "D j M Y H:i").lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _handelse(mote: Videomote, typ: str, *, deltagare: Deltagare | None = None, aktor: Aktor | None = None,
              invanare: Invanare | None = None, detalj: str = "") -> None:
    Motehandelse.objects.create(
        mote=mote, typ=typ, deltagare=deltagare, roll=deltagare.roll if deltagare else "",
        utford_av_hsa_id=aktor.medarbetare_hsa_id if aktor else "", utford_av_invanare=invanare, detalj=detalj[:300],
    )


def _logga_invanare(aktor: Aktor, mote: Videomote, vad: str, *, handelse=Handelse.ANDRING, detalj: str = "") -> None:
    """One access-log row per citizen of the meeting (none for a meeting between professions)."""
    invanare = [d.invanare for d in mote.deltagare.filter(invanare__isnull=False).select_related("invanare")]
    if invanare:
        atkomst_logga_flera(aktor=aktor, invanare_lista=invanare, handelse=handelse, utfall=Utfall.TILLATEN,
                            vad=vad, detalj=detalj)


# --- creating meetings ---


def _kontrollera_sammansattning(typ: str, invanare: list[Invanare], personal: list[Medarbetare]) -> None:
    if typ not in Motestyp.values:
        raise ValidationError(_("Välj typ av videomöte."))
    if typ == Motestyp.ENSKILT and len(invanare) != 1:
        raise ValidationError(_("Ett videomöte 1:1 har exakt en invånare."))
    if typ == Motestyp.ENSKILT and personal:
        raise ValidationError(_("Ett videomöte 1:1 har bara en personal. Välj flerpartsmöte för fler."))
    if typ == Motestyp.GRUPP and not 2 <= len(invanare) <= MAX_GRUPP:
        raise ValidationError(_("Ett gruppmöte har 2–%(max)s invånare.") % {"max": MAX_GRUPP})
    if typ == Motestyp.TEAM and (len(invanare) != 1 or not personal):
        raise ValidationError(_("Ett flerpartsmöte (teambesök) har en invånare och minst en personal till."))
    if typ == Motestyp.PROFESSIONER and (invanare or not personal):
        raise ValidationError(_("Ett möte mellan professioner har bara personal: lägg till minst en kollega."))


def _kontrollera_tid(start: datetime.datetime, slut: datetime.datetime) -> None:
    if slut <= start:
        raise ValidationError(_("Mötet måste sluta efter att det börjar."))
    if slut - start > MAX_LANGD:
        raise ValidationError(_("Ett videomöte kan vara högst 8 timmar."))
    if slut <= timezone.now():
        raise ValidationError(_("Mötet har redan passerat. Välj en tid framåt i tiden."))


def personal_for_hsa_ider(hsa_ider: list[str]) -> list[Medarbetare]:
    """Active staff by HSA-ID (any unit: a consultation between units is allowed); a clear error for an unknown."""
    personal = []
    for hsa in dict.fromkeys(h.strip() for h in hsa_ider if h.strip()):
        medarbetare = Medarbetare.objects.filter(hsa_id=hsa, is_active=True).first()
        if medarbetare is None or not Medarbetaruppdrag.objects.aktiva().filter(medarbetare=medarbetare).exists():
            raise ValidationError(_("Det finns ingen aktiv medarbetare med HSA-id %(hsa)s.") % {"hsa": hsa[:48]})
        personal.append(medarbetare)
    return personal


def mote_create(*, aktor: Aktor, typ: str, rubrik: str, start: datetime.datetime, slut: datetime.datetime,
                invanare: list[Invanare] = (), personal: list[Medarbetare] = (), bokning=None,
                idempotensnyckel=None) -> Videomote:
    """Create a meeting with the acting staff member as host. Citizens must be ones the unit may see. With
    ``idempotensnyckel`` (the form's token) a repeat of the same form returns the meeting it created."""
    with transaction.atomic():
        if (redan := token_ta(idempotensnyckel, vad="video.videomote")) is not None:
            return Videomote.objects.get(pk=redan)
        mote = _mote_create(aktor=aktor, typ=typ, rubrik=rubrik, start=start, slut=slut, invanare=invanare,
                            personal=personal, bokning=bokning)
        token_knyt(idempotensnyckel, mote)
    return mote


def _mote_create(*, aktor, typ, rubrik, start, slut, invanare, personal, bokning) -> Videomote:
    invanare, personal = list(dict.fromkeys(invanare)), [p for p in dict.fromkeys(personal) if p.pk != aktor.medarbetare_id]
    _kontrollera_sammansattning(typ, invanare, personal)
    _kontrollera_tid(start, slut)
    synliga = set(Invanare.objects.synliga_for_enhet(aktor.vardenhet_id).filter(pk__in=[i.pk for i in invanare])
                  .values_list("pk", flat=True))
    if any(i.pk not in synliga for i in invanare):
        raise ValidationError(_("Enheten har ingen aktiv vårdrelation med alla invånare i mötet."))
    rubrik = (rubrik or "").strip() or str(Motestyp(typ).label)
    rum = janus.nytt_rumsnummer()
    with transaction.atomic():
        mote = Videomote(typ=typ, rubrik=rubrik[:200], vardenhet_id=aktor.vardenhet_id, vard_id=aktor.medarbetare_id,
                         start=start, slut=slut, bokning=bokning, janus_rum=rum)
        mote.full_clean(exclude=["bokning", "vardenhet", "vard"])
        try:
            mote.save()
        except IntegrityError as err:
            raise ValidationError(_("Det finns redan ett videomöte för bokningen."), code="finns") from err
        Deltagare.objects.create(mote=mote, roll=Deltagarroll.VARD, medarbetare_id=aktor.medarbetare_id)
        for medarbetare in personal:
            Deltagare.objects.create(mote=mote, roll=Deltagarroll.PERSONAL, medarbetare=medarbetare)
        for person in invanare:
            Deltagare.objects.create(mote=mote, roll=Deltagarroll.INVANARE, invanare=person)
        _handelse(mote, Motehandelse.Typ.SKAPAT, aktor=aktor, detalj=mote.get_typ_display())
        _logga_invanare(aktor, mote, "videomöte: skapa", detalj=mote.get_typ_display())
        # The room exists before anyone can be admitted; if Janus refuses, nothing is saved.
        try:
            janus.rum_skapa(rum, beskrivning=f"mote-{mote.pk}", max_deltagare=len(invanare) + len(personal) + 6)
        except janus.JanusFel as err:
            raise ValidationError(_("Videotjänsten svarar inte just nu. Försök igen om en stund."), code="janus") from err
    return mote


def mote_for_bokning(*, bokning) -> Videomote | None:
    """Registered with bokning.efter_bokning: a booking on a video time type gets its 1:1 meeting at once, in the
    booking's transaction (the citizen booked in the app, or staff booked for her), so the e-kallelse's join
    instructions always lead somewhere. The host is the slot's staff member (its resource); a slot without one
    is hosted by whoever of the unit's staff opens the room first. No Janus call here: the room is made when the
    first participant is let in (``_slapp_in``), so a booking never waits for, or fails on, the media server."""
    tid = bokning.tid
    if not tid.tidstyp.video or Videomote.objects.filter(bokning=bokning).exists():
        return None
    vard_id = tid.resurs.medarbetare_id if tid.resurs_id else None
    mote = Videomote.objects.create(typ=Motestyp.ENSKILT, rubrik=tid.tidstyp.namn[:200], vardenhet_id=bokning.vardenhet_id,
                                    vard_id=vard_id, start=tid.start, slut=tid.slut, bokning=bokning,
                                    janus_rum=janus.nytt_rumsnummer())
    if vard_id:
        Deltagare.objects.create(mote=mote, roll=Deltagarroll.VARD, medarbetare_id=vard_id)
    Deltagare.objects.create(mote=mote, roll=Deltagarroll.INVANARE, invanare=bokning.invanare)
    bokad_av_invanare = bokning.bokad_av_invanare or (bokning.invanare if not bokning.bokad_av_hsa_id else None)
    _handelse(mote, Motehandelse.Typ.SKAPAT, invanare=bokad_av_invanare, detalj=_("Från bokning"))
    return mote


def mote_fran_bokning(*, aktor: Aktor, bokning) -> Videomote:
    """The meeting of a booking on a video time type (one per booking: the existing one is returned)."""
    befintligt = Videomote.objects.filter(bokning=bokning).first()
    if befintligt is not None:
        return befintligt
    if not bokning.tid.tidstyp.video:
        raise ValidationError(_("Bokningen är inte på en tidstyp för videobesök."))
    if not bokning.ar_aktiv:
        raise ValidationError(_("Bokningen är inte aktiv."))
    if aktor.vardenhet_id != bokning.vardenhet_id:
        raise ValidationError(_("Bokningen hör inte till din enhet."))
    return mote_create(aktor=aktor, typ=Motestyp.ENSKILT, rubrik=bokning.tid.tidstyp.namn, start=bokning.tid.start,
                       slut=bokning.tid.slut, invanare=[bokning.invanare], bokning=bokning)


# --- who may open and manage a meeting ---


def personal_far_oppna(*, aktor: Aktor, mote: Videomote) -> bool:
    """Staff of the meeting's unit, or staff invited to it by name. Another unit's staff are not let in."""
    if aktor.vardenhet_id == mote.vardenhet_id:
        return True
    return mote.deltagare.filter(medarbetare_id=aktor.medarbetare_id).exists()


def _kraver_vard(aktor: Aktor, mote: Videomote) -> None:
    if aktor.medarbetare_id != mote.vard_id and aktor.vardenhet_id != mote.vardenhet_id:
        raise ValidationError(_("Bara värden och enhetens personal kan göra det här."), code="ej_vard")


def _las_mote(mote_id, *, for_update: bool = True) -> Videomote:
    qs = Videomote.objects.select_for_update() if for_update else Videomote.objects
    try:
        return qs.get(pk=int(mote_id))
    except (Videomote.DoesNotExist, TypeError, ValueError) as err:
        raise ValidationError(_("Mötet finns inte."), code="finns_inte") from err


def _kontrollera_oppet(mote: Videomote, nu: datetime.datetime) -> None:
    if mote.ar_avslutat or nu >= mote.slut:
        raise ValidationError(_("Mötet är avslutat."), code="avslutat")
    if mote.bokning_id and mote.bokning.status == Bokning.Status.AVBOKAD:
        raise ValidationError(_("Besöket är avbokat, så videomötet blir inte av."), code="avslutat")


def _las_oppet_mote_for_personal(*, aktor: Aktor, mote_id, nu) -> Videomote:
    mote = _las_mote(mote_id)
    if not personal_far_oppna(aktor=aktor, mote=mote):
        raise ValidationError(_("Mötet finns inte."), code="finns_inte")
    _kontrollera_oppet(mote, nu)
    return mote


# --- the participant's session (cookie) ---


def _ny_session(deltagare: Deltagare) -> str:
    hemlighet = secrets.token_urlsafe(32)
    deltagare.session_hash = hash_token(hemlighet)
    return hemlighet


def deltagare_for_session(*, mote_id, hemlighet: str) -> Deltagare | None:
    if not hemlighet:
        return None
    return (Deltagare.objects.select_related("mote", "invanare", "agerande", "medarbetare")
            .filter(mote_id=mote_id, session_hash=hash_token(hemlighet)).first())


# --- staff join ---


def personal_anslut(*, aktor: Aktor, mote_id) -> tuple[Deltagare, str]:
    """Staff open the room: the host and invited staff get their seat, other staff of the unit one as
    "personal" (a team visit can grow); staff skip the waiting room. Returns the seat and its session."""
    nu = timezone.now()
    with transaction.atomic():
        mote = _las_oppet_mote_for_personal(aktor=aktor, mote_id=mote_id, nu=nu)
        deltagare = Deltagare.objects.filter(mote=mote, medarbetare_id=aktor.medarbetare_id).first()
        if deltagare is None and mote.vard_id is None:
            # A meeting booked on a slot without a named staff member: the first of the unit's staff to open hosts.
            mote.vard_id = aktor.medarbetare_id
            mote.save(update_fields=["vard"])
            deltagare = Deltagare.objects.create(mote=mote, roll=Deltagarroll.VARD, medarbetare_id=aktor.medarbetare_id)
            _handelse(mote, Motehandelse.Typ.INBJUDEN, deltagare=deltagare, aktor=aktor)
        elif deltagare is None:
            if mote.typ == Motestyp.ENSKILT:
                mote.typ = Motestyp.TEAM  # a second staff member makes a 1:1 a team visit
            deltagare = Deltagare.objects.create(mote=mote, roll=Deltagarroll.PERSONAL, medarbetare_id=aktor.medarbetare_id)
            _handelse(mote, Motehandelse.Typ.INBJUDEN, deltagare=deltagare, aktor=aktor)
        hemlighet = _ny_session(deltagare)
        _slapp_in(mote, deltagare, aktor=aktor, nu=nu)
        if mote.status == Videomote.Status.PLANERAT:
            mote.status = Videomote.Status.PAGAR
        mote.save(update_fields=["status", "typ"])
        _logga_invanare(aktor, mote, "videomöte: ansluta", handelse=Handelse.LASNING)
    return deltagare, hemlighet


# --- citizen and proxy join tokens ---


def _invanarens_plats(*, mote_id, invanare: Invanare) -> tuple[Videomote, Deltagare]:
    deltagare = (Deltagare.objects.select_related("mote").filter(mote_id=mote_id, invanare=invanare)
                 .exclude(status=Deltagare.Status.BORTTAGEN).first())
    if deltagare is None:
        raise ValidationError(_("Mötet finns inte."), code="finns_inte")
    return deltagare.mote, deltagare


def anslutningstoken_create(*, aktor: Invanare, invanare: Invanare, mote_id) -> tuple[Anslutningstoken, str]:
    """The app (the citizen or her proxy) asks to join: a single-use token for this meeting and seat."""
    nu = timezone.now()
    beslut = far_agera(aktor=aktor, for_invanare=invanare, syfte=Syfte.VIDEO)
    if not beslut:
        raise ValidationError(beslut.skal, code=beslut.kod)
    mote, deltagare = _invanarens_plats(mote_id=mote_id, invanare=invanare)
    _kontrollera_oppet(mote, nu)
    if nu < mote.start - TIDIGAST_FORE_START:
        raise ValidationError(_("Väntrummet öppnar 30 minuter före mötet."), code="for_tidigt")
    token = secrets.token_urlsafe(32)
    rad = Anslutningstoken.objects.create(
        token_hash=hash_token(token), mote=mote, deltagare=deltagare, agerande=aktor, skapad=nu,
        giltig_till=nu + datetime.timedelta(seconds=settings.VIDEO_ANSLUTNING_SEKUNDER),
    )
    return rad, token


def token_losa_in(*, mote_id, token: str) -> tuple[Deltagare, str]:
    """Redeem a join token (once) into the waiting room of its meeting. A token for another meeting, a used or
    expired one, or an actor who may no longer act for the citizen: refused, nothing changes."""
    nu = timezone.now()
    with transaction.atomic():
        rad = (Anslutningstoken.objects.select_for_update(of=("self",)).select_related("deltagare__invanare", "agerande")
               .filter(token_hash=hash_token(token or "")).first())
        if rad is None or str(rad.mote_id) != str(mote_id):
            raise ValidationError(_("Länken till mötet är inte giltig."), code="ogiltig")
        if rad.anvand is not None:
            raise ValidationError(_("Länken till mötet har redan använts. Anslut på nytt från appen."), code="anvand")
        if nu >= rad.giltig_till:
            raise ValidationError(_("Länken till mötet har gått ut. Anslut på nytt från appen."), code="utgangen")
        mote = _las_mote(rad.mote_id)
        _kontrollera_oppet(mote, nu)
        deltagare = Deltagare.objects.select_for_update().get(pk=rad.deltagare_id)
        if deltagare.status == Deltagare.Status.BORTTAGEN:
            raise ValidationError(_("Värden har tagit bort dig från mötet."), code="borttagen")
        beslut = far_agera(aktor=rad.agerande, for_invanare=deltagare.invanare, syfte=Syfte.VIDEO)
        rad.anvand = nu
        rad.save(update_fields=["anvand"])
        if not beslut:  # recorded (the token is spent), then refused after the commit
            _handelse(mote, Motehandelse.Typ.NEKAD, deltagare=deltagare, invanare=rad.agerande, detalj=beslut.kod)
    if not beslut:
        raise ValidationError(beslut.skal, code=beslut.kod)
    with transaction.atomic():
        mote = _las_mote(rad.mote_id)
        deltagare = Deltagare.objects.select_for_update().get(pk=rad.deltagare_id)
        if deltagare.status == Deltagare.Status.INSLAPPT:
            _lamna_janus(mote, deltagare)  # a new device replaces the old one
        deltagare.agerande = rad.agerande
        deltagare.roll = Deltagarroll.INVANARE if rad.agerande_id == deltagare.invanare_id else Deltagarroll.OMBUD
        hemlighet = _ny_session(deltagare)
        deltagare.status, deltagare.vantar_sedan = Deltagare.Status.VANTAR, nu
        deltagare.save()
        _handelse(mote, Motehandelse.Typ.VANTAR, deltagare=deltagare, invanare=rad.agerande)
    return deltagare, hemlighet


# --- guest links ---


@dataclass(frozen=True)
class NyGastlank:
    gastlank: Gastlank
    token: str  # shown once (or sent by SMS); only its hash is stored


def gastlank_create(*, aktor: Aktor, mote_id, beskrivning: str, mobilnummer: str = "", lank_for=None) -> NyGastlank:
    """A link for one guest. ``lank_for(token) -> absolute URL`` builds the SMS text's link."""
    from notiser.sms.services import sms_enqueue_till_nummer

    nu = timezone.now()
    beskrivning = (beskrivning or "").strip()
    if not beskrivning:
        raise ValidationError(_("Skriv vem länken är till, till exempel Tolk eller Anhörig."))
    with transaction.atomic():
        mote = _las_mote(mote_id)
        _kraver_vard(aktor, mote)
        _kontrollera_oppet(mote, nu)
        token = secrets.token_urlsafe(32)
        lank = Gastlank.objects.create(mote=mote, token_hash=hash_token(token), beskrivning=beskrivning[:100],
                                       skapad_av_id=aktor.medarbetare_id, giltig_till=mote.slut)
        if mobilnummer.strip():
            try:
                sms_enqueue_till_nummer(
                    mobilnummer=mobilnummer, syfte="video_gastlank", aktor=aktor,
                    idempotensnyckel=f"video:gastlank:{lank.pk}",
                    text=_("Du är inbjuden till ett videomöte med %(enhet)s %(tid)s. Öppna länken i mobilen eller "
                           "datorn: %(lank)s Länken gäller en gång.") % {
                        "enhet": aktor.vardenhet_namn, "tid": svensk_tid(mote.start),
                        "lank": lank_for(token) if lank_for else token},
                )
            except ValueError as err:
                raise ValidationError(str(err)) from err
            lank.mobilnummer = mobilnummer.strip()[:32]
            lank.save(update_fields=["mobilnummer"])
        _handelse(mote, Motehandelse.Typ.GASTLANK, aktor=aktor, detalj=lank.beskrivning)
        _logga_invanare(aktor, mote, "videomöte: gästlänk", detalj=lank.beskrivning)
    return NyGastlank(lank, token)


def gastlank_for_token(token: str) -> Gastlank | None:
    return Gastlank.objects.select_related("mote__vardenhet").filter(token_hash=hash_token(token or "")).first()


def _kontrollera_gastlank(lank: Gastlank | None, nu) -> Gastlank:
    if lank is None:
        raise ValidationError(_("Länken är inte giltig."), code="ogiltig")
    if lank.aterkallad:
        raise ValidationError(_("Länken har återkallats av vårdpersonalen."), code="aterkallad")
    if lank.anvand:
        raise ValidationError(_("Länken har redan använts. Be vårdpersonalen om en ny länk."), code="anvand")
    if nu >= lank.giltig_till or lank.mote.ar_avslutat:
        raise ValidationError(_("Länken har gått ut."), code="utgangen")
    return lank


def gastlank_kontrollera(token: str) -> Gastlank:
    return _kontrollera_gastlank(gastlank_for_token(token), timezone.now())


def gastlank_anvand(*, token: str, namn: str) -> tuple[Deltagare, str]:
    """The guest types her name and goes to the waiting room; the link is used up."""
    namn = " ".join((namn or "").split())
    if not namn:
        raise ValidationError(_("Skriv ditt namn, så att vårdpersonalen vet vem som väntar."))
    if len(namn) > 100:
        raise ValidationError(_("Namnet får vara högst 100 tecken."))
    nu = timezone.now()
    with transaction.atomic():
        lank = (Gastlank.objects.select_for_update(of=("self",)).select_related("mote")
                .filter(token_hash=hash_token(token or "")).first())
        lank = _kontrollera_gastlank(lank, nu)
        deltagare = Deltagare(mote=lank.mote, roll=Deltagarroll.GAST, gastnamn=namn, status=Deltagare.Status.VANTAR,
                              vantar_sedan=nu)
        hemlighet = _ny_session(deltagare)
        deltagare.save()
        lank.anvand, lank.deltagare = nu, deltagare
        lank.save(update_fields=["anvand", "deltagare"])
        _handelse(lank.mote, Motehandelse.Typ.VANTAR, deltagare=deltagare, detalj=lank.beskrivning)
    return deltagare, hemlighet


def gastlank_revoke(*, aktor: Aktor, gastlank_id) -> Gastlank:
    """Revoke a link; a guest who came in with it is removed from the meeting too."""
    with transaction.atomic():
        lank = Gastlank.objects.select_for_update(of=("self",)).select_related("mote").filter(pk=gastlank_id).first()
        if lank is None or not personal_far_oppna(aktor=aktor, mote=lank.mote):
            raise ValidationError(_("Länken finns inte."), code="finns_inte")
        _kraver_vard(aktor, lank.mote)
        if lank.aterkallad is None:
            lank.aterkallad = timezone.now()
            lank.save(update_fields=["aterkallad"])
            _handelse(lank.mote, Motehandelse.Typ.GASTLANK_ATERKALLAD, aktor=aktor, detalj=lank.beskrivning)
        if lank.deltagare_id:
            gast = Deltagare.objects.select_for_update().get(pk=lank.deltagare_id)
            if gast.status in (Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT):
                _ta_bort(lank.mote, gast, aktor=aktor)
    return lank


# --- the waiting room and the host's actions ---


def _slapp_in(mote: Videomote, deltagare: Deltagare, *, aktor: Aktor | None, nu) -> None:
    if deltagare.janus_token:
        _lamna_janus(mote, deltagare)
    deltagare.janus_token = secrets.token_urlsafe(24)
    deltagare.janus_id = janus.nytt_rumsnummer()
    try:
        if not janus.rum_finns(mote.janus_rum):  # Janus restarted since the meeting was created
            janus.rum_skapa(mote.janus_rum, beskrivning=f"mote-{mote.pk}", max_deltagare=mote.deltagare.count() + 6)
        janus.token_lagg_till(deltagare.janus_token)
        janus.rum_tillat(mote.janus_rum, deltagare.janus_token)
    except janus.JanusFel as err:
        raise ValidationError(_("Videotjänsten svarar inte just nu. Försök igen om en stund."), code="janus") from err
    deltagare.status, deltagare.inslappt, deltagare.ljud_avstangt = Deltagare.Status.INSLAPPT, nu, False
    deltagare.save()
    _handelse(mote, Motehandelse.Typ.INSLAPPT, deltagare=deltagare, aktor=aktor)


def _lamna_janus(mote: Videomote, deltagare: Deltagare) -> None:
    """Take her Janus credentials away: kicked from the room, off its access list, her token removed."""
    token, janus_id = deltagare.janus_token, deltagare.janus_id
    deltagare.janus_token, deltagare.janus_id = "", None
    if not token:
        return
    try:
        if janus_id:
            janus.rum_kicka(mote.janus_rum, janus_id)
        janus.rum_neka(mote.janus_rum, token)
    except janus.JanusFel:
        pass  # the room is gone (Janus restarted): the token below is what matters
    janus.token_ta_bort(token)


def deltagare_slapp_in(*, aktor: Aktor, mote_id, deltagare_id) -> Deltagare:
    nu = timezone.now()
    with transaction.atomic():
        mote = _las_oppet_mote_for_personal(aktor=aktor, mote_id=mote_id, nu=nu)
        deltagare = Deltagare.objects.select_for_update().filter(mote=mote, pk=deltagare_id).first()
        if deltagare is None or deltagare.status != Deltagare.Status.VANTAR:
            raise ValidationError(_("Personen väntar inte längre i väntrummet."), code="vantar_inte")
        beslut = None
        if deltagare.invanare_id:
            beslut = far_agera(aktor=deltagare.agerande, for_invanare=deltagare.invanare, syfte=Syfte.VIDEO)
        if beslut is not None and not beslut:  # recorded, then refused after the commit
            deltagare.status, deltagare.lamnat = Deltagare.Status.LAMNAT, nu
            deltagare.save(update_fields=["status", "lamnat"])
            _handelse(mote, Motehandelse.Typ.NEKAD, deltagare=deltagare, aktor=aktor, detalj=beslut.kod)
            atkomst_logga(aktor=aktor, invanare=deltagare.invanare, handelse=Handelse.ANDRING, utfall=Utfall.NEKAD,
                          vad="videomöte: släppa in", detalj=beslut.kod)
        else:
            _slapp_in(mote, deltagare, aktor=aktor, nu=nu)
        if deltagare.invanare_id and beslut:
            atkomst_logga(aktor=aktor, invanare=deltagare.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                          vad="videomöte: släppa in", detalj=deltagare.get_roll_display())
    if beslut is not None and not beslut:
        raise ValidationError(_("Personen kan inte släppas in: %(skal)s") % {"skal": beslut.skal}, code=beslut.kod)
    return deltagare


def _ta_bort(mote: Videomote, deltagare: Deltagare, *, aktor: Aktor | None) -> None:
    _lamna_janus(mote, deltagare)
    deltagare.status, deltagare.lamnat = Deltagare.Status.BORTTAGEN, timezone.now()
    deltagare.save()
    _handelse(mote, Motehandelse.Typ.BORTTAGEN, deltagare=deltagare, aktor=aktor)


def deltagare_remove(*, aktor: Aktor, mote_id, deltagare_id) -> Deltagare:
    """The host removes a participant (or turns someone away from the waiting room)."""
    with transaction.atomic():
        mote = _las_mote(mote_id)
        _kraver_vard(aktor, mote)
        deltagare = Deltagare.objects.select_for_update().filter(mote=mote, pk=deltagare_id).first()
        if deltagare is None or deltagare.roll == Deltagarroll.VARD:
            raise ValidationError(_("Deltagaren finns inte."), code="finns_inte")
        if deltagare.status not in (Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT):
            raise ValidationError(_("Deltagaren är inte i mötet."), code="ej_i_motet")
        _ta_bort(mote, deltagare, aktor=aktor)
        if deltagare.invanare_id:
            atkomst_logga(aktor=aktor, invanare=deltagare.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                          vad="videomöte: ta bort deltagare")
    return deltagare


def deltagare_mute(*, aktor: Aktor, mote_id, deltagare_id) -> Deltagare:
    """The host turns a participant's sound off (she may turn it on again herself when the host asks)."""
    with transaction.atomic():
        mote = _las_mote(mote_id)
        _kraver_vard(aktor, mote)
        deltagare = Deltagare.objects.select_for_update().filter(mote=mote, pk=deltagare_id).first()
        if deltagare is None or deltagare.status != Deltagare.Status.INSLAPPT or deltagare.roll == Deltagarroll.VARD:
            raise ValidationError(_("Deltagaren är inte i mötet."), code="ej_i_motet")
        if deltagare.janus_id:
            try:
                janus.rum_stang_av_ljud(mote.janus_rum, deltagare.janus_id, mids=["0"])
            except janus.JanusFel:
                pass  # not publishing yet: her page mutes itself on the next status request
        deltagare.ljud_avstangt = True
        deltagare.save(update_fields=["ljud_avstangt"])
        _handelse(mote, Motehandelse.Typ.LJUD_AV, deltagare=deltagare, aktor=aktor)
    return deltagare


def deltagare_leave(*, deltagare: Deltagare) -> None:
    with transaction.atomic():
        deltagare = Deltagare.objects.select_for_update(of=("self",)).select_related("mote").get(pk=deltagare.pk)
        if deltagare.status not in (Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT):
            return
        _lamna_janus(deltagare.mote, deltagare)
        deltagare.status, deltagare.lamnat = Deltagare.Status.LAMNAT, timezone.now()
        deltagare.save()
        _handelse(deltagare.mote, Motehandelse.Typ.LAMNADE, deltagare=deltagare,
                  invanare=deltagare.agerande if deltagare.invanare_id else None)


def deltagare_kontrollera(*, deltagare: Deltagare) -> Deltagare:
    """Asked on every status request of a citizen or proxy: when she may no longer act (a block, a lock),
    she is taken out of the meeting at once."""
    if not deltagare.invanare_id or deltagare.status not in (Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT):
        return deltagare
    beslut = far_agera(aktor=deltagare.agerande, for_invanare=deltagare.invanare, syfte=Syfte.VIDEO)
    if beslut:
        return deltagare
    with transaction.atomic():
        deltagare = Deltagare.objects.select_for_update(of=("self",)).select_related("mote").get(pk=deltagare.pk)
        _lamna_janus(deltagare.mote, deltagare)
        deltagare.status, deltagare.lamnat = Deltagare.Status.LAMNAT, timezone.now()
        deltagare.save()
        _handelse(deltagare.mote, Motehandelse.Typ.NEKAD, deltagare=deltagare, invanare=deltagare.agerande,
                  detalj=beslut.kod)
    return deltagare


def mote_avsluta(*, aktor: Aktor, mote_id) -> Videomote:
    """End the meeting: everyone out, every Janus token removed, the room destroyed, guest links dead."""
    nu = timezone.now()
    with transaction.atomic():
        mote = _las_mote(mote_id)
        _kraver_vard(aktor, mote)
        if mote.ar_avslutat:
            return mote
        for deltagare in mote.deltagare.select_for_update().filter(
                status__in=(Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT)):
            _lamna_janus(mote, deltagare)
            deltagare.status, deltagare.lamnat = Deltagare.Status.LAMNAT, nu
            deltagare.save()
        mote.gastlankar.filter(anvand__isnull=True, aterkallad__isnull=True).update(aterkallad=nu)
        mote.status, mote.avslutad = Videomote.Status.AVSLUTAT, nu
        mote.save(update_fields=["status", "avslutad"])
        _handelse(mote, Motehandelse.Typ.AVSLUTAT, aktor=aktor)
        _logga_invanare(aktor, mote, "videomöte: avsluta")
        try:
            janus.rum_ta_bort(mote.janus_rum)
        except janus.JanusFel:
            pass  # nobody holds a token for it any more
    return mote


# --- what an admitted participant's browser gets ---


def janus_anslutning(deltagare: Deltagare) -> dict | None:
    """The Janus credentials of an admitted participant (None otherwise)."""
    if deltagare.status != Deltagare.Status.INSLAPPT or not deltagare.janus_token:
        return None
    rum = deltagare.mote.janus_rum
    return {
        "server": settings.VIDEO_JANUS_URL, "token": deltagare.janus_token, "rum": rum, "pin": janus.rum_pin(rum),
        "id": deltagare.janus_id, "namn": deltagare.visningsnamn, "iceServers": settings.VIDEO_ICE_SERVERS,
    }
