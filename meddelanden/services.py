"""Writes of meddelanden. Each service owns its transaction, locks the conversation row it changes, bumps
the unit's inbox version in the same transaction, and (for staff) writes its access-log row there too."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.behorighet import nas_i_appen
from invanare.models import Vardrelation
from meddelanden.bilagor import InlastBilaga
from meddelanden.models import AMNE_MAX, TEXT_MAX, Bilaga, Konversation, Meddelande, Svarsmall
from meddelanden.regler import far_skriva, far_starta
from vardportalen.granser import otillatna_tecken
from notiser.services import Notistyp, notis_skicka
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga
from vardportalen.idempotens import token_knyt, token_ta
from vardportalen.models import Medarbetaruppdrag, Roll


class Nekad(Exception):
    """The actor may not do this (closed conversation, criteria not met...). ``skal`` is Swedish."""

    def __init__(self, kod: str, skal: str, detaljer: list[str] | None = None, status: int = 403, **extra):
        super().__init__(skal)
        self.kod, self.skal, self.detaljer, self.status, self.extra = kod, skal, detaljer or [], status, extra


def _rensa_text(text: str, *, falt: str = "text") -> str:
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({falt: _("Skriv ett meddelande.")})
    if otillatna_tecken(text):
        raise ValidationError({falt: _("Texten innehåller otillåtna tecken.")})
    if len(text) > TEXT_MAX:
        raise ValidationError({falt: _("Meddelandet får vara högst %(max)d tecken (nu %(n)d).") % {"max": TEXT_MAX, "n": len(text)}})
    return text


def _rensa_amne(amne: str) -> str:
    amne = " ".join((amne or "").split())
    if not amne:
        raise ValidationError({"amne": _("Skriv ett ämne.")})
    if otillatna_tecken(amne):
        raise ValidationError({"amne": _("Ämnet innehåller otillåtna tecken.")})
    if len(amne) > AMNE_MAX:
        raise ValidationError({"amne": _("Ämnet får vara högst %(max)d tecken.") % {"max": AMNE_MAX}})
    return amne


def inkorg_bump(*, vardenhet_id: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO meddelanden_inkorgsversion (vardenhet_id, version) VALUES (%s, 1) "
            "ON CONFLICT (vardenhet_id) DO UPDATE SET version = meddelanden_inkorgsversion.version + 1",
            [vardenhet_id],
        )


def _spara_bilagor(meddelande: Meddelande, bilagor: list[InlastBilaga]) -> None:
    Bilaga.objects.bulk_create(
        Bilaga(meddelande=meddelande, filnamn=b.filnamn, typ=b.typ, storlek=len(b.data), sha256=b.sha256, data=b.data)
        for b in bilagor
    )


def _las_for_andring(konversation_id: int, vardenhet_id: int) -> Konversation:
    try:
        return (
            Konversation.objects.select_for_update(of=("self",))
            .select_related("invanare", "vardenhet")
            .get(pk=konversation_id, vardenhet_id=vardenhet_id)
        )
    except Konversation.DoesNotExist:
        raise Nekad("finns_inte", _("Konversationen finns inte."), status=404) from None


# --- staff ---


def konversation_start(*, aktor: Aktor, invanare, amne: str, text: str, bilagor: list[InlastBilaga] = (),
                       idempotensnyckel=None) -> Konversation:
    """Staff start a conversation with a citizen the unit may see (the caller loaded her with
    ``invanare_get_for_uppdrag``). When one is already open with her, the message goes there instead.
    Never to someone nobody can read it for (invanare.behorighet.nas_i_appen: reservnummer, no account)."""
    amne, text = _rensa_amne(amne), _rensa_text(text)
    nas = nas_i_appen(invanare=invanare)
    if not nas:
        raise ValidationError(nas.skal, code=nas.kod)
    with transaction.atomic():
        if (redan := token_ta(idempotensnyckel, vad="meddelanden.konversation")) is not None:
            return Konversation.objects.get(pk=redan)  # the same form sent again: its conversation, no second message
        nu = timezone.now()
        # Two staff starting at once: the second waits on the citizen row, then finds the first one's conversation.
        type(invanare).objects.select_for_update().filter(pk=invanare.pk).values_list("pk", flat=True).get()
        befintlig = (
            Konversation.objects.select_for_update()
            .filter(vardenhet_id=aktor.vardenhet_id, invanare=invanare, stangd__isnull=True)
            .first()
        )
        konversation = befintlig or Konversation.objects.create(
            vardenhet_id=aktor.vardenhet_id,
            invanare=invanare,
            amne=amne,
            startad_av_personal=True,
            startad_av_id=aktor.medarbetare_id,
            skapad=nu,
            senaste_meddelande=nu,
        )
        _personal_skriv(aktor=aktor, konversation=konversation, text=text, bilagor=bilagor, nu=nu)
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="meddelanden: ny konversation" if befintlig is None else "meddelanden: skickat meddelande")
        token_knyt(idempotensnyckel, konversation)
    return konversation


def _personal_skriv(*, aktor: Aktor, konversation: Konversation, text: str, bilagor, nu,
                    idempotensnyckel=None) -> Meddelande:
    meddelande = Meddelande.objects.create(
        konversation=konversation, forfattare=Meddelande.Forfattare.PERSONAL, medarbetare_id=aktor.medarbetare_id,
        text=text, skickad=nu, idempotensnyckel=idempotensnyckel,
    )
    _spara_bilagor(meddelande, list(bilagor))
    # Answering means the unit has seen what came in.
    Meddelande.objects.filter(konversation=konversation, last__isnull=True).exclude(
        forfattare=Meddelande.Forfattare.PERSONAL
    ).update(last=nu, last_av_id=aktor.medarbetare_id)
    konversation.senaste_meddelande = nu
    konversation.olasta_inkommande = 0
    konversation.forsta_olasta = None
    konversation.save(update_fields=["senaste_meddelande", "olasta_inkommande", "forsta_olasta"])
    inkorg_bump(vardenhet_id=konversation.vardenhet_id)
    # One notice per conversation and hour: a chat of ten quick replies is one SMS, not ten.
    notis_skicka(invanare=konversation.invanare, typ=Notistyp.NYTT_MEDDELANDE, aktor=aktor, nu=nu,
                 nyckel=f"meddelande:{konversation.pk}:{timezone.localtime(nu):%Y%m%d%H}")
    return meddelande


def meddelande_skicka_personal(*, aktor: Aktor, konversation_id: int, text: str, bilagor: list[InlastBilaga] = (),
                               idempotensnyckel=None) -> Meddelande:
    """Staff reply. With ``idempotensnyckel`` (the form's token, vardportalen.idempotens) a repeat of the same form
    returns the message already sent; the message's own unique key (migration 0002) backs it up."""
    text = _rensa_text(text)
    with transaction.atomic():
        konversation = _las_for_andring(konversation_id, aktor.vardenhet_id)
        if (redan := token_ta(idempotensnyckel, vad="meddelanden.meddelande")) is not None:
            return Meddelande.objects.get(pk=redan)
        if konversation.ar_stangd:
            raise Nekad("stangd", _("Konversationen är avslutad. Starta en ny för att skriva till invånaren."), status=409)
        meddelande = _personal_skriv(aktor=aktor, konversation=konversation, text=text, bilagor=bilagor, nu=timezone.now(),
                                     idempotensnyckel=idempotensnyckel)
        token_knyt(idempotensnyckel, meddelande)
        atkomst_logga(aktor=aktor, invanare=konversation.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="meddelanden: skickat meddelande")
    return meddelande


def konversation_las_personal(*, aktor: Aktor, konversation: Konversation) -> None:
    """Mark the citizen's messages read by the unit (called when staff open the conversation)."""
    if konversation.olasta_inkommande == 0:
        return
    with transaction.atomic():
        nu = timezone.now()
        Meddelande.objects.filter(konversation=konversation, last__isnull=True).exclude(
            forfattare=Meddelande.Forfattare.PERSONAL
        ).update(last=nu, last_av_id=aktor.medarbetare_id)
        Konversation.objects.filter(pk=konversation.pk).update(olasta_inkommande=0, forsta_olasta=None)
        inkorg_bump(vardenhet_id=konversation.vardenhet_id)
    konversation.olasta_inkommande, konversation.forsta_olasta = 0, None


def _logga_andring(aktor, konversation, vad):
    atkomst_logga(aktor=aktor, invanare=konversation.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN, vad=vad)


def konversation_tilldela(*, aktor: Aktor, konversation_id: int, medarbetare_id: int | None) -> Konversation:
    """Assign to a colleague with an active commission at the unit (or to nobody with None)."""
    if medarbetare_id is not None and not Medarbetaruppdrag.objects.aktiva().filter(
        vardenhet_id=aktor.vardenhet_id, medarbetare_id=medarbetare_id
    ).exists():
        raise ValidationError({"medarbetare": _("Välj en medarbetare med aktivt uppdrag på enheten.")})
    with transaction.atomic():
        konversation = _las_for_andring(konversation_id, aktor.vardenhet_id)
        konversation.tilldelad_id = medarbetare_id
        konversation.save(update_fields=["tilldelad"])
        inkorg_bump(vardenhet_id=konversation.vardenhet_id)
        _logga_andring(aktor, konversation, "meddelanden: tilldelad")
    return konversation


def konversation_markera_hanterad(*, aktor: Aktor, konversation_id: int, hanterad: bool = True) -> Konversation:
    with transaction.atomic():
        konversation = _las_for_andring(konversation_id, aktor.vardenhet_id)
        konversation.hanterad = timezone.now() if hanterad else None
        konversation.hanterad_av_id = aktor.medarbetare_id if hanterad else None
        konversation.save(update_fields=["hanterad", "hanterad_av"])
        inkorg_bump(vardenhet_id=konversation.vardenhet_id)
        _logga_andring(aktor, konversation, "meddelanden: markerad hanterad" if hanterad else "meddelanden: ej hanterad")
    return konversation


def konversation_stang(*, aktor: Aktor, konversation_id: int) -> Konversation:
    with transaction.atomic():
        konversation = _las_for_andring(konversation_id, aktor.vardenhet_id)
        if konversation.ar_stangd:
            return konversation
        nu = timezone.now()
        konversation.stangd, konversation.stangd_av_id = nu, aktor.medarbetare_id
        konversation.olasta_inkommande, konversation.forsta_olasta = 0, None
        konversation.save(update_fields=["stangd", "stangd_av", "olasta_inkommande", "forsta_olasta"])
        inkorg_bump(vardenhet_id=konversation.vardenhet_id)
        _logga_andring(aktor, konversation, "meddelanden: avslutad")
    return konversation


# --- the citizen's side ---


def _forfattare(aktor_invanare, invanare) -> str:
    return Meddelande.Forfattare.INVANARE if aktor_invanare.pk == invanare.pk else Meddelande.Forfattare.OMBUD


def _invanare_skriv(*, konversation, aktor_invanare, text, bilagor, nu) -> Meddelande:
    meddelande = Meddelande.objects.create(
        konversation=konversation, forfattare=_forfattare(aktor_invanare, konversation.invanare),
        skriven_av_invanare=aktor_invanare, text=text, skickad=nu,
    )
    _spara_bilagor(meddelande, list(bilagor))
    konversation.senaste_meddelande = nu
    konversation.olasta_inkommande += 1
    konversation.forsta_olasta = konversation.forsta_olasta or nu
    konversation.hanterad = None  # something new to handle
    konversation.hanterad_av = None
    konversation.save(update_fields=["senaste_meddelande", "olasta_inkommande", "forsta_olasta", "hanterad", "hanterad_av"])
    inkorg_bump(vardenhet_id=konversation.vardenhet_id)
    return meddelande


def meddelande_skicka_invanare(*, aktor_invanare, invanare, konversation_id: int, text: str,
                               bilagor: list[InlastBilaga] = ()) -> Meddelande:
    text = _rensa_text(text)
    with transaction.atomic():
        konversation = (
            Konversation.objects.select_for_update(of=("self",)).select_related("invanare", "vardenhet")
            .filter(pk=konversation_id, invanare=invanare).first()
        )
        if konversation is None:
            raise Nekad("finns_inte", _("Konversationen finns inte."), status=404)
        beslut = far_skriva(konversation=konversation)
        if not beslut:
            raise Nekad(beslut.kod, beslut.skal, beslut.skal_lista, status=409 if beslut.kod == "stangd" else 403)
        return _invanare_skriv(konversation=konversation, aktor_invanare=aktor_invanare, text=text, bilagor=bilagor,
                               nu=timezone.now())


def konversation_start_invanare(*, aktor_invanare, invanare, vardenhet, amne: str, text: str,
                                bilagor: list[InlastBilaga] = ()) -> Konversation:
    amne, text = _rensa_amne(amne), _rensa_text(text)
    beslut = far_starta(invanare=invanare, vardenhet=vardenhet)
    if not beslut:
        raise Nekad(beslut.kod, beslut.skal, beslut.skal_lista)
    try:
        with transaction.atomic():
            nu = timezone.now()
            konversation = Konversation.objects.create(
                vardenhet=vardenhet, invanare=invanare, amne=amne, startad_av_personal=False, skapad=nu,
                senaste_meddelande=nu,
            )
            _invanare_skriv(konversation=konversation, aktor_invanare=aktor_invanare, text=text, bilagor=bilagor, nu=nu)
            _vardrelation_vid_kontakt(invanare=invanare, vardenhet=vardenhet, nu=nu)
    except IntegrityError:
        # The partial unique constraint: one open conversation per unit and citizen (also under a race).
        befintlig = Konversation.objects.filter(vardenhet=vardenhet, invanare=invanare, stangd__isnull=True).first()
        raise Nekad("finns_oppen", _("Du har redan en öppen konversation med mottagningen. Skriv i den."),
                    status=409, konversation_id=befintlig.pk if befintlig else None) from None
    return konversation


def _vardrelation_vid_kontakt(*, invanare, vardenhet, nu) -> None:
    """A citizen who writes to a unit she is allowed to contact gives it a care relation, so its staff can
    open her conversation and overview (the relation is what PDL access is scoped to)."""
    if not Vardrelation.objects.aktiva(nu).filter(invanare=invanare, vardenhet=vardenhet).exists():
        Vardrelation.objects.filter(invanare=invanare, vardenhet=vardenhet, till__isnull=True).update(fran=nu)
        Vardrelation.objects.get_or_create(
            invanare=invanare, vardenhet=vardenhet, till=None,
            defaults={"fran": nu, "anledning": "Invånaren skrev till enheten i Alltid öppet"},
        )


def konversation_las_invanare(*, konversation: Konversation) -> None:
    """The citizen's side opened the conversation: the unit's messages are read."""
    Meddelande.objects.filter(
        konversation=konversation, forfattare=Meddelande.Forfattare.PERSONAL, last__isnull=True
    ).update(last=timezone.now())


# --- reply templates ---


def _mall_data(titel, text):
    titel = " ".join((titel or "").split())
    if not titel:
        raise ValidationError({"titel": _("Ge mallen en rubrik.")})
    if len(titel) > 100:
        raise ValidationError({"titel": _("Rubriken får vara högst 100 tecken.")})
    return titel, _rensa_text(text)


def svarsmall_spara(*, aktor: Aktor, titel: str, text: str, gemensam: bool, mall_id: int | None = None) -> Svarsmall:
    """Create or change a template: one's own, or (system administrator only) the unit's."""
    titel, text = _mall_data(titel, text)
    if gemensam and aktor.roll != Roll.SYSTEMFORVALTARE:
        raise Nekad("ej_systemforvaltare", _("Bara enhetens systemförvaltare kan ändra gemensamma svarsmallar."))
    with transaction.atomic():
        if mall_id is None:
            mall = Svarsmall(vardenhet_id=aktor.vardenhet_id if gemensam else None,
                             agare_id=None if gemensam else aktor.medarbetare_id)
        else:
            mall = svarsmall_for_andring(aktor=aktor, mall_id=mall_id)
        mall.titel, mall.text = titel, text
        mall.save()
    return mall


def svarsmall_for_andring(*, aktor: Aktor, mall_id: int) -> Svarsmall:
    mall = Svarsmall.objects.filter(pk=mall_id).first()
    if mall is None or (mall.agare_id is not None and mall.agare_id != aktor.medarbetare_id) or (
        mall.vardenhet_id is not None and mall.vardenhet_id != aktor.vardenhet_id
    ):
        raise Nekad("finns_inte", _("Svarsmallen finns inte."), status=404)
    if mall.ar_gemensam and aktor.roll != Roll.SYSTEMFORVALTARE:
        raise Nekad("ej_systemforvaltare", _("Bara enhetens systemförvaltare kan ändra gemensamma svarsmallar."))
    return mall


def svarsmall_ta_bort(*, aktor: Aktor, mall_id: int) -> None:
    svarsmall_for_andring(aktor=aktor, mall_id=mall_id).delete()
