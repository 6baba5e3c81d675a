"""Writes of edokument: draft, send (routing in one transaction), open in the app, mailbox outbox."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from edokument.models import (
    BILAGA_MAX_BYTES,
    MALLTYPER,
    Bilaga,
    BrevladaAvbojd,
    BrevladaUtkorg,
    Brevmall,
    Dokument,
    Dokumenttyp,
    Kanal,
    Leverans,
    LokaltUndantag,
    Utskriftslistepost,
)
from edokument.routing import Routning, routning_bestam
from invanare.behorighet import Syfte, konto_ar_sparrat, ombud_for
from invanare.models import Invanare
from invanare.samtycke import krav_version
from notiser.services import Notistyp, notis_skicka
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga
from vardportalen.ko import publicera_efter_commit


@dataclass(frozen=True)
class BilagaData:
    filnamn: str
    innehall: bytes


def bilaga_validera(*, filnamn: str, innehall: bytes) -> BilagaData:
    """PDF only (sniffed, not trusted from the name or content type), at most BILAGA_MAX_BYTES."""
    namn = (filnamn or "bilaga.pdf").replace("\\", "/").rsplit("/", 1)[-1][:200]
    if len(innehall) > BILAGA_MAX_BYTES:
        raise ValidationError(
            _("Bilagan %(namn)s är för stor (%(mb).1f MB). Största tillåtna storlek är %(max)d MB.")
            % {"namn": namn, "mb": len(innehall) / 1024 / 1024, "max": BILAGA_MAX_BYTES // 1024 // 1024}
        )
    if not innehall.startswith(b"%PDF-"):
        raise ValidationError(_("Bilagan %(namn)s är inte en PDF-fil. Bara PDF-filer kan bifogas.") % {"namn": namn})
    return BilagaData(filnamn=namn, innehall=innehall)


def routning_for(*, invanare: Invanare, vardenhet_id: int, typ: str, brevmall: Brevmall | None,
                 nu: datetime.datetime | None = None) -> Routning:
    """Gather what the routing rules need (a handful of queries) and decide."""
    nu = nu or timezone.now()
    undantag = Q(dokumenttyp=typ)
    if brevmall is not None:
        undantag |= Q(brevmall=brevmall)
    return routning_bestam(
        invanare=invanare,
        typ=typ,
        mall_har_styrkod=bool(brevmall.styrkod) if brevmall is not None else None,
        lokalt_undantag=LokaltUndantag.objects.filter(undantag, vardenhet_id=vardenhet_id).exists(),
        konto_sparrat=konto_ar_sparrat(invanare),
        ombud=ombud_for(invanare=invanare, syfte=Syfte.DOKUMENT, nu=nu),
        avbojt_avsandare=BrevladaAvbojd.objects.filter(invanare=invanare, vardenhet_id=vardenhet_id).exists(),
        dag=timezone.localdate(nu),
        villkor_version=krav_version(nu),
    )


def _brevmall_get(*, vardenhet_id: int, brevmall_id, typ: str) -> Brevmall | None:
    if brevmall_id in (None, ""):
        if typ in MALLTYPER:
            raise ValidationError({"brevmall": _("Välj en brevmall: e-brev och e-remissbekräftelser skrivs från en mall.")})
        return None
    try:
        pk = int(brevmall_id)
    except (TypeError, ValueError):
        pk = 0
    mall = Brevmall.objects.filter(pk=pk, vardenhet_id=vardenhet_id, aktiv=True).first()
    if mall is None:
        raise ValidationError({"brevmall": _("Brevmallen finns inte på enheten eller är inte aktiv.")})
    if mall.typ != typ:
        raise ValidationError({"brevmall": _("Brevmallen är för %(typ)s, inte för den valda dokumenttypen.")
                               % {"typ": mall.get_typ_display()}})
    return mall


def _kontrollera_skydd(invanare: Invanare, skyddad_bekraftad: bool) -> None:
    """Seed 001: before a kallelse goes to someone with protected identity *or a known threat*, staff agreed
    with her how she wants to be called (Invanare.skydd_eller_hotbild; every kallelse and letter passes here)."""
    if invanare.skydd_eller_hotbild and not skyddad_bekraftad:
        orsak = _("skyddade personuppgifter") if invanare.ar_skyddad else _("en känd hotbild")
        raise ValidationError({"skyddad_bekraftad": _(
            "Invånaren har %(orsak)s. Bekräfta att du har kommit överens med invånaren om hur "
            "hen vill bli kallad innan något skickas."
        ) % {"orsak": orsak}})


def dokument_utkast_skapa(
    *,
    aktor: Aktor,
    invanare: Invanare,
    typ: str,
    brevmall_id=None,
    rubrik: str = "",
    text: str = "",
    bilagor: list[BilagaData] = (),
    skyddad_bekraftad: bool = False,
    skickas_som_ebrev: bool | None = None,
    besokstid: datetime.datetime | None = None,
    plats: str = "",
    ar_avbokning: bool = False,
    bokning_ref: str = "",
    idempotensnyckel: str | None = None,
    avsandare_id: int | None = None,
    portalens_text: bool = False,
) -> Dokument:
    """A validated draft (for the preview). Nothing is stored when any check fails.
    ``avsandare_id``: the sending unit when it is not the aktor's own (a booking made for another unit).
    ``portalens_text``: a letter whose fixed text the portal writes (the birth-clinic decision, edokument.brev):
    no template is needed for an e-brev; every other rule applies."""
    avsandare_id = avsandare_id or aktor.vardenhet_id
    if typ not in Dokumenttyp.values:
        raise ValidationError({"typ": _("Okänd dokumenttyp.")})
    _kontrollera_skydd(invanare, skyddad_bekraftad)
    mall = None if portalens_text and brevmall_id in (None, "") else _brevmall_get(
        vardenhet_id=avsandare_id, brevmall_id=brevmall_id, typ=typ)
    if mall is not None and not mall.styrkod and not skickas_som_ebrev:
        raise ValidationError({"skickas_som_ebrev": _(
            "Brevmallen saknar styrkod och kan inte skickas elektroniskt. Välj att skicka den som e-brev; "
            "den hamnar då på enhetens utskriftslista."
        )})
    rubrik = (rubrik or (mall.rubrik if mall else "")).strip()
    text = (text or (mall.text if mall else "")).strip()
    if not rubrik:
        raise ValidationError({"rubrik": _("Skriv en rubrik.")})
    if not text:
        raise ValidationError({"text": _("Skriv en text eller välj en brevmall.")})
    if typ == Dokumenttyp.EKALLELSE and besokstid is None and not ar_avbokning:
        raise ValidationError({"besokstid": _("En e-kallelse behöver en besökstid.")})
    with transaction.atomic():
        dokument = Dokument(
            invanare=invanare,
            vardenhet_id=avsandare_id,
            typ=typ,
            brevmall=mall,
            rubrik=rubrik[:200],
            text=text,
            besokstid=besokstid,
            plats=plats[:300],
            ar_avbokning=ar_avbokning,
            bokning_ref=bokning_ref,
            idempotensnyckel=idempotensnyckel,
            skyddad_bekraftad=skyddad_bekraftad,
            skickas_som_ebrev=bool(skickas_som_ebrev),
            skapad_av_hsa_id=aktor.medarbetare_hsa_id,
            skapad_av_namn=aktor.medarbetare_namn,
        )
        dokument.full_clean(exclude=["idempotensnyckel"])
        dokument.save()
        Bilaga.objects.bulk_create(
            Bilaga(dokument=dokument, filnamn=b.filnamn, innehall=b.innehall, storlek=len(b.innehall)) for b in bilagor
        )
    return dokument


def dokument_skicka(*, aktor: Aktor, dokument_id: int, nu: datetime.datetime | None = None,
                    avsandare_id: int | None = None) -> Dokument:
    """Route a draft: deliveries, print-list entry, mailbox outbox and the access-log row, one transaction."""
    nu = nu or timezone.now()
    avsandare_id = avsandare_id or aktor.vardenhet_id
    with transaction.atomic():
        dokument = (
            Dokument.objects.select_for_update(of=("self",))
            .select_related("invanare", "brevmall")
            .filter(pk=dokument_id, vardenhet_id=avsandare_id)
            .first()
        )
        if dokument is None:
            raise ValidationError(_("Dokumentet finns inte på enheten."))
        if dokument.status == Dokument.Status.SKICKAT:
            return dokument  # a double click sends once
        invanare = dokument.invanare
        _kontrollera_skydd(invanare, dokument.skyddad_bekraftad)
        routning = routning_for(invanare=invanare, vardenhet_id=avsandare_id, typ=dokument.typ,
                                brevmall=dokument.brevmall, nu=nu)
        # Paper without a complete address is still listed, held as "Adress saknas" (edokument.hallning).
        _leveranser_skapa(dokument=dokument, routning=routning, nu=nu)
        if routning.har_app and not dokument.bokning_ref:  # a booking's kallelse: the booking's notice tells her
            notis_skicka(invanare=invanare, typ=Notistyp.NYTT_DOKUMENT, nyckel=f"dokument:{dokument.pk}", aktor=aktor,
                         skyddad_bekraftad=dokument.skyddad_bekraftad, nu=nu)
        dokument.status = Dokument.Status.SKICKAT
        dokument.skickat = nu
        dokument.save(update_fields=["status", "skickat"])
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="e-dokument: skicka", detalj=f"{dokument.get_typ_display()} {dokument.pk}")
        if routning.har_brevlada:
            publicera_efter_commit("edokument.tasks.brevlada_utkorg_skicka")
    return dokument


def _leveranser_skapa(*, dokument: Dokument, routning: Routning, nu) -> None:
    bevakas = routning.har_app and not routning.har_brevlada
    for m in routning.mottagare:
        if m.kanal == Kanal.APP:
            Leverans.objects.create(dokument=dokument, kanal=Kanal.APP, mottagare=m.invanare, relation=m.relation,
                                    status=Leverans.Status.OLAST, skickad=nu, bevakas=bevakas)
        else:
            leverans = Leverans.objects.create(dokument=dokument, kanal=Kanal.BREVLADA, mottagare=m.invanare,
                                               brevlada=m.brevlada, status=Leverans.Status.KOAD, skickad=nu)
            BrevladaUtkorg.objects.create(leverans=leverans, skapad=nu, nasta_forsok=nu)
    if routning.papper_orsak:
        Leverans.objects.create(dokument=dokument, kanal=Kanal.PAPPER, mottagare=dokument.invanare,
                                status=Leverans.Status.UTSKRIFTSLISTA, orsak=routning.papper_orsak, skickad=nu)
        utskriftslista_lagg_till(dokument=dokument, orsak=routning.papper_orsak, nu=nu)


def utskriftslista_lagg_till(*, dokument: Dokument, orsak: str, nu) -> bool:
    """Idempotent: the unique document column decides; True when a new entry was made."""
    _, ny = Utskriftslistepost.objects.get_or_create(
        dokument=dokument,
        defaults={"vardenhet_id": dokument.vardenhet_id, "dokumenttyp": dokument.typ, "orsak": orsak, "skapad": nu},
    )
    return ny


def dokument_skapa_och_skicka(*, aktor: Aktor, invanare: Invanare, nu: datetime.datetime | None = None,
                              **falt) -> Dokument:
    """Draft and send in one transaction (the booking hook, the demo)."""
    with transaction.atomic():
        nyckel = falt.get("idempotensnyckel")
        if nyckel:
            befintligt = Dokument.objects.filter(idempotensnyckel=nyckel).first()
            if befintligt is not None:
                return befintligt
        dokument = dokument_utkast_skapa(aktor=aktor, invanare=invanare, **falt)
        return dokument_skicka(aktor=aktor, dokument_id=dokument.pk, nu=nu, avsandare_id=falt.get("avsandare_id"))


def dokument_markera_last(*, dokument: Dokument, lasare: Invanare, nu: datetime.datetime | None = None) -> None:
    """The app opened the document: the reader's app delivery is read, and the document leaves the
    48-hour watch (read by the citizen or by a proxy acting for her)."""
    nu = nu or timezone.now()
    with transaction.atomic():
        Leverans.objects.filter(dokument=dokument, kanal=Kanal.APP, mottagare=lasare, last__isnull=True).update(
            last=nu, status=Leverans.Status.LAST, bevakas=False
        )
        Leverans.objects.filter(dokument=dokument, kanal=Kanal.APP, bevakas=True).update(bevakas=False)


UTKAST_GILTIGT = datetime.timedelta(days=1)


def dokument_utkast_rensa(*, nu: datetime.datetime | None = None) -> int:
    """Drafts are previews: one nobody confirmed within a day is dropped (with its attachments)."""
    nu = nu or timezone.now()
    antal, _ = Dokument.objects.filter(status=Dokument.Status.UTKAST, skapad__lt=nu - UTKAST_GILTIGT).delete()
    return antal
