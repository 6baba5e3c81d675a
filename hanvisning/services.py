"""Writes of hanvisning: the content version workflow (import → review → publish) and recording a referral."""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bokning.models import Tid
from bokning.services import bokning_create_hanvisning
from hanvisning import innehall, klocka
from hanvisning.behorighet import far_hanvisa
from hanvisning.models import MAX_ALDER, Bradskegrad, Enhetsuppdrag, Hanvisning, Innehallsversion, Symptom, Vardform
from hanvisning.selectors import hanvisning_berakna, plats_for_postnummer
from vardportalen.accesslog.aktor import Aktor
from vardportalen.accesslog.services import Handelse, Utfall, atkomst_logga
from meddelanden.services import konversation_start

Status = Innehallsversion.Status


def innehall_importera(*, data, importerad_av: str) -> Innehallsversion:
    """A content file becomes a new draft version, whole or not at all (ValidationError lists what is wrong)."""
    return innehall.importera(data, importerad_av=importerad_av)


def innehall_importera_csv(*, text: str, importerad_av: str) -> Innehallsversion:
    """The same as ``innehall_importera`` for the CSV form of the content file (hanvisning/innehall_csv.py)."""
    from hanvisning.innehall_csv import CsvFel, las_csv

    try:
        data = las_csv(text)
    except CsvFel as err:
        raise ValidationError(err.fel) from None
    return innehall.importera(data, importerad_av=importerad_av)


def _last(version: Innehallsversion) -> Innehallsversion:
    return Innehallsversion.objects.select_for_update().get(pk=version.pk)


def version_granska(*, version: Innehallsversion, granskare_hsa_id: str, godkand: bool, kommentar: str = "",
                    nu: datetime.datetime | None = None) -> Innehallsversion:
    """The medically responsible person's review of a draft: approved (ready to publish) or rejected."""
    with transaction.atomic():
        v = _last(version)
        if v.status != Status.UTKAST:
            raise ValidationError(_("Bara en importerad, ogranskad version kan granskas (den här är: %(s)s).")
                                  % {"s": v.get_status_display()})
        if not godkand and not kommentar.strip():
            raise ValidationError(_("Skriv varför versionen avvisas."))
        v.status = Status.GRANSKAD if godkand else Status.AVVISAD
        v.granskad, v.granskad_av, v.granskning_kommentar = nu or klocka.nu(), granskare_hsa_id, kommentar.strip()
        v.full_clean()
        v.save()
    return v


def version_publicera(*, version: Innehallsversion, hsa_id: str, nu: datetime.datetime | None = None) -> Innehallsversion:
    """A reviewed version becomes the one referrals use from now on. Referrals already made keep theirs."""
    with transaction.atomic():
        v = _last(version)
        if v.status != Status.GRANSKAD:
            raise ValidationError(_("Bara en medicinskt granskad version kan publiceras."))
        v.status, v.publicerad, v.publicerad_av = Status.PUBLICERAD, nu or klocka.nu(), hsa_id
        v.full_clean()
        v.save()
    return v


def hanvisning_registrera(*, aktor: Aktor, yrke: str, symptom: Symptom, bradskegrad: str, alder: int,
                          postnummer: str = "", invanare=None, vald_vardform: Vardform | None,
                          avvikelse_orsak: str = "", skicka_meddelande: bool = False, boka_tid_id=None,
                          tid: datetime.datetime | None = None) -> Hanvisning:
    """Record a referral. The suggestion is computed again here (never taken from the form), under the
    version the symptom belongs to; choosing another care form than suggested needs a reason. With
    ``skicka_meddelande`` the citizen also gets the referral as a message in the app (meddelanden, in the same
    transaction; its notice by SMS or push says only that a message has come, never the referral); with
    ``boka_tid_id`` a time at the suggested unit is booked in the same transaction (all or nothing)."""
    if not far_hanvisa(yrke=yrke, roll=aktor.roll):
        raise PermissionDenied(_("Hänvisningsstödet är till för legitimerad hälso- och sjukvårdspersonal."))
    if symptom.version.status != Status.PUBLICERAD:
        raise ValidationError(_("Symtomet hör till en version som inte är publicerad."))
    if bradskegrad not in Bradskegrad.values:
        raise ValidationError({"bradskegrad": _("Välj en brådskegrad.")})
    if not isinstance(alder, int) or not 0 <= alder <= MAX_ALDER:
        raise ValidationError({"alder": _("Åldern ska vara 0–%(max)s år.") % {"max": MAX_ALDER}})
    tid = tid or klocka.nu()
    plats = plats_for_postnummer(postnummer) if postnummer else None
    resultat = hanvisning_berakna(symptom=symptom, bradskegrad=bradskegrad, alder=alder, tid=tid,
                                  lat=plats.lat if plats else None, lon=plats.lon if plats else None)
    if resultat is None:
        raise ValidationError({"bradskegrad": _("Symtomet har ingen beskrivning för den brådskegraden.")})
    forslag = resultat.forst
    if forslag is None:
        raise ValidationError(_("Ingen hänvisningsregel täcker den här åldern och tiden. Gör en egen bedömning "
                                "och kontakta innehållsförvaltningen."))
    vald = vald_vardform or forslag.vardform
    orsak = (avvikelse_orsak or "").strip()
    if vald.pk != forslag.vardform.pk and not orsak:
        raise ValidationError({"avvikelse_orsak": _("Du har valt en annan vårdform än den föreslagna: skriv varför.")})
    if vald.pk == forslag.vardform.pk:
        orsak = ""
    with transaction.atomic():
        rad = Hanvisning(
            tidpunkt=tid, version_id=symptom.version_id, symptom=symptom, bradskegrad=bradskegrad,
            regel=forslag.regel, motivering=forslag.varfor[:500], foreslagen_vardform=forslag.vardform,
            vald_vardform=vald, avvikelse_orsak=orsak[:500],
            foreslagen_enhet_id=forslag.enheter[0].enhet_id if forslag.enheter else None,
            invanare=invanare, alder=alder, postnummer=plats.postnummer if plats else "",
            vardenhet_id=aktor.vardenhet_id, medarbetare_hsa_id=aktor.medarbetare_hsa_id,
            medarbetare_namn=aktor.medarbetare_namn, yrke=yrke)
        rad.full_clean()
        rad.save()
        if invanare is not None:
            atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                          vad="hänvisningsstöd: registrera hänvisning",
                          detalj=f"{symptom.namn}, {rad.get_bradskegrad_display()} → {vald.namn}")
        if boka_tid_id:
            _boka_vid_hanvisning(aktor=aktor, rad=rad, forslag=forslag, tid_id=boka_tid_id, nu=tid)
        if skicka_meddelande:
            _meddela(aktor=aktor, rad=rad, forslag=forslag)
    return rad


def _meddela(*, aktor: Aktor, rad: Hanvisning, forslag) -> None:
    if rad.invanare is None:
        raise ValidationError(_("Ett meddelande kan bara skickas till en identifierad invånare."))
    try:
        konversation_start(aktor=aktor, invanare=rad.invanare, amne=str(_("Hänvisning")),
                           text=meddelande_text(rad, forslag))
    except ValidationError as err:
        raise ValidationError(_("Meddelandet kan inte skickas: %(orsak)s Hänvisningen sparades inte; försök utan "
                                "meddelande.") % {"orsak": " ".join(err.messages)}) from None


def _boka_vid_hanvisning(*, aktor: Aktor, rad: Hanvisning, forslag, tid_id, nu) -> None:
    if rad.invanare is None:
        raise ValidationError(_("En tid kan bara bokas för en identifierad invånare."))
    if rad.vald_vardform_id != forslag.vardform.pk:
        raise ValidationError(_("En tid bokas bara på den föreslagna vårdformens mottagningar."))
    try:
        tid_pk = int(tid_id)
    except (TypeError, ValueError):
        raise ValidationError(_("Tiden finns inte.")) from None
    koder = dict(Enhetsuppdrag.objects.filter(vardenhet_id__in=[e.enhet_id for e in forslag.enheter])
                 .values_list("vardenhet_id", "tidstyp_kod"))
    vardenhet_id = Tid.objects.filter(pk=tid_pk).values_list("vardenhet_id", flat=True).first()
    if vardenhet_id not in koder:
        raise ValidationError(_("Tiden hör inte till någon av de föreslagna mottagningarna."))
    bokning_create_hanvisning(aktor=aktor, invanare=rad.invanare, tid_id=tid_pk, vardenhet_id=vardenhet_id,
                              tidstyp_kod=koder[vardenhet_id], nu=nu)


def meddelande_text(rad: Hanvisning, forslag) -> str:
    """The referral in words for the citizen (an app message, never an SMS): care form, the suggested unit and what
    to do if worse."""
    text = _("Du har hänvisats till %(vardform)s för %(symptom)s.") % {
        "vardform": rad.vald_vardform.namn.lower() if not rad.vald_vardform.ar_radgivning else rad.vald_vardform.namn,
        "symptom": rad.symptom.namn.lower()}
    enhet = forslag.enheter[0] if forslag.enheter and rad.vald_vardform_id == forslag.vardform.pk else None
    if enhet:
        text += " " + _("Närmast: %(namn)s, %(adress)s, tel. %(tel)s.") % {
            "namn": enhet.namn, "adress": enhet.gatuadress, "tel": enhet.telefon}
    return text + " " + _("Blir du sämre: ring 1177. Vid livsfara: ring 112.")
