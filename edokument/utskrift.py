"""Printing the print list: a batch (Utskriftsomgang) is created in the request's transaction (the entries
leave the list with who/when), and a Celery task renders its PDF with WeasyPrint. A reprint is a new
batch pointing at the original; every batch and every download writes access-log rows."""
from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from edokument.hallning import hallen_orsak, har_postadress
from edokument.models import (
    Bilaga,
    Dokument,
    HallenBeslut,
    Hallning,
    Kanal,
    Leverans,
    Utskriftslistepost,
    Utskriftsomgang,
)
from invanare.behorighet import konto_ar_sparrat, sparrade_konton
from vardportalen.accesslog.services import (
    Aktor,
    Handelse,
    Utfall,
    atkomst_logga,
    atkomst_logga_flera,
    innehaller_kontaktuppgifter,
)
from vardportalen.ko import publicera_efter_commit

MAX_PER_OMGANG = 1000


def utskriftsomgang_skapa(*, aktor: Aktor, post_ids: list[int], nu=None) -> Utskriftsomgang:
    nu = nu or timezone.now()
    ids = sorted({int(i) for i in post_ids})
    if not ids:
        raise ValidationError(_("Välj minst ett dokument att skriva ut."))
    if len(ids) > MAX_PER_OMGANG:
        raise ValidationError(_("Högst %(max)d dokument per utskrift.") % {"max": MAX_PER_OMGANG})
    with transaction.atomic():
        poster = list(
            Utskriftslistepost.objects.select_for_update()
            .filter(pk__in=ids, vardenhet_id=aktor.vardenhet_id, utskriven__isnull=True)
            .select_related("dokument__invanare")
        )
        if len(poster) != len(ids):
            raise ValidationError(_(
                "Några av de valda dokumenten finns inte längre på utskriftslistan (någon annan kan ha skrivit ut "
                "dem). Uppdatera listan och välj igen."
            ))
        sparrade = sparrade_konton(p.dokument.invanare_id for p in poster)
        hallna = [p for p in poster if hallen_orsak(invanare=p.dokument.invanare, sparrad=p.dokument.invanare_id in sparrade,
                                                    beslut=p.beslut)]
        if hallna:
            raise ValidationError(_(
                "%(n)d av de valda dokumenten hålls kvar och kan inte skrivas ut förrän någon har beslutat vart de "
                "ska: %(rubriker)s. Inget har skrivits ut."
            ) % {"n": len(hallna), "rubriker": ", ".join(p.dokument.rubrik for p in hallna)})
        omgang = Utskriftsomgang.objects.create(
            vardenhet_id=aktor.vardenhet_id, skapad=nu, skapad_av_hsa_id=aktor.medarbetare_hsa_id,
            skapad_av_namn=aktor.medarbetare_namn, antal=len(poster),
        )
        Utskriftslistepost.objects.filter(pk__in=ids).update(
            utskriven=nu, utskriven_av_hsa_id=aktor.medarbetare_hsa_id, utskriven_av_namn=aktor.medarbetare_namn,
            omgang=omgang,
        )
        Leverans.objects.filter(dokument_id__in=[p.dokument_id for p in poster], kanal=Kanal.PAPPER).update(
            status=Leverans.Status.UTSKRIVEN
        )
        atkomst_logga_flera(aktor=aktor, invanare_lista=[p.dokument.invanare for p in poster],
                            handelse=Handelse.UTSKRIFT, utfall=Utfall.TILLATEN, vad="e-dokument: utskriftslista",
                            detalj=f"utskriftsomgång {omgang.pk}")
        _rendera_efter_commit(omgang.pk)
    return omgang


def utskriftsomgang_omtryck(*, aktor: Aktor, omgang_id: int) -> Utskriftsomgang:
    with transaction.atomic():
        original = Utskriftsomgang.objects.filter(pk=omgang_id, vardenhet_id=aktor.vardenhet_id).first()
        if original is None:
            raise ValidationError(_("Utskriften finns inte på enheten."))
        original = original.omtryck_av or original
        poster = list(original.poster.select_related("dokument__invanare"))
        omgang = Utskriftsomgang.objects.create(
            vardenhet_id=aktor.vardenhet_id, skapad_av_hsa_id=aktor.medarbetare_hsa_id,
            skapad_av_namn=aktor.medarbetare_namn, antal=len(poster), omtryck_av=original,
        )
        atkomst_logga_flera(aktor=aktor, invanare_lista=[p.dokument.invanare for p in poster],
                            handelse=Handelse.UTSKRIFT, utfall=Utfall.TILLATEN, vad="e-dokument: omtryck",
                            detalj=f"omtryck {omgang.pk} av utskriftsomgång {original.pk}")
        _rendera_efter_commit(omgang.pk)
    return omgang


TEXT_MAX = 1000


def utskriftslistepost_besluta(*, aktor: Aktor, post_id: int, beslut: str, adress: str = "", anteckning: str = "",
                               nu=None) -> Utskriftslistepost:
    """A staff member decides where a held document may go (edokument.hallning): print it to the registered
    address after checking it, print it to another address, or hand it over another way (it then leaves the
    list). Recorded on the entry with who and when, and access-logged. Nothing changes when a check fails."""
    nu = nu or timezone.now()
    adress = "\n".join(r.strip() for r in (adress or "").strip().splitlines() if r.strip())
    anteckning = " ".join((anteckning or "").split())
    fel: dict[str, str] = {}
    if beslut not in HallenBeslut.values:
        fel["beslut"] = _("Välj vad som ska hända med dokumentet.")
    if not anteckning:
        fel["anteckning"] = _("Skriv vad du har kontrollerat eller hur dokumentet lämnas ut.")
    elif len(anteckning) > TEXT_MAX:
        fel["anteckning"] = _("Högst %(max)d tecken.") % {"max": TEXT_MAX}
    if beslut == HallenBeslut.ANNAN_ADRESS:
        if len(adress.splitlines()) < 2:
            fel["adress"] = _("Skriv hela adressen: namn eller c/o, gatuadress, postnummer och ort på egna rader.")
        elif len(adress) > 500:
            fel["adress"] = _("Högst %(max)d tecken.") % {"max": 500}
    elif adress:
        fel["adress"] = _("En annan adress anges bara när dokumentet ska skrivas ut till en annan adress.")
    if fel:
        raise ValidationError(fel)
    with transaction.atomic():
        post = (
            Utskriftslistepost.objects.select_for_update(of=("self",))
            .select_related("dokument__invanare")
            .filter(pk=post_id, vardenhet_id=aktor.vardenhet_id, utskriven__isnull=True)
            .first()
        )
        if post is None:
            raise ValidationError(_("Dokumentet finns inte längre på enhetens utskriftslista."))
        invanare = post.dokument.invanare
        orsak = hallen_orsak(invanare=invanare, sparrad=konto_ar_sparrat(invanare), beslut=post.beslut)
        if not orsak:
            raise ValidationError(_("Dokumentet hålls inte kvar; det kan skrivas ut som vanligt."))
        if beslut == HallenBeslut.FOLKBOKFORINGSADRESS and not invanare.ar_skyddad and not har_postadress(invanare):
            raise ValidationError({"beslut": _(
                "Invånaren saknar fullständig folkbokföringsadress. Ange en annan adress eller lämna ut dokumentet "
                "på annat sätt.")})
        if innehaller_kontaktuppgifter(invanare, anteckning):
            raise ValidationError({"anteckning": _("Skriv inte invånarens adress eller telefonnummer i anteckningen.")})
        post.beslut, post.beslut_adress, post.beslut_anteckning = beslut, adress, anteckning
        post.beslutad, post.beslutad_av_hsa_id, post.beslutad_av_namn = nu, aktor.medarbetare_hsa_id, aktor.medarbetare_namn
        falt = ["beslut", "beslut_adress", "beslut_anteckning", "beslutad", "beslutad_av_hsa_id", "beslutad_av_namn"]
        if beslut == HallenBeslut.LAMNAS_UT:
            post.utskriven, post.utskriven_av_hsa_id, post.utskriven_av_namn = nu, aktor.medarbetare_hsa_id, aktor.medarbetare_namn
            falt += ["utskriven", "utskriven_av_hsa_id", "utskriven_av_namn"]
            Leverans.objects.filter(dokument_id=post.dokument_id, kanal=Kanal.PAPPER).update(
                status=Leverans.Status.OVERLAMNAD)
        post.full_clean(exclude=["dokument", "vardenhet", "omgang"])
        post.save(update_fields=falt)
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="e-dokument: beslut om kvarhållet dokument",
                      detalj=f"{Hallning(orsak).label}; {HallenBeslut(beslut).label} (dokument {post.dokument_id})")
    return post


def _rendera_efter_commit(omgang_id: int) -> None:
    publicera_efter_commit("edokument.tasks.utskriftsomgang_rendera", omgang_id)


def omgang_dokument(omgang: Utskriftsomgang) -> list[Dokument]:
    kalla = omgang.omtryck_av or omgang
    return list(
        Dokument.objects.filter(utskriftslistepost__omgang=kalla)
        .select_related("invanare", "vardenhet", "utskriftslistepost")
        # the letter lists its attachments' names; their contents are not needed
        .prefetch_related(Prefetch("bilagor", queryset=Bilaga.objects.defer("innehall")))
        .order_by("invanare__efternamn", "invanare__fornamn", "pk")
    )


def brev_html(*, dokument: list[Dokument], utskriven=None) -> str:
    with translation.override("sv"):
        return render_to_string("edokument/brev_pdf.html", {"dokument": dokument, "utskriven": utskriven or timezone.now()})


def pdf_rendera(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    dokument = HTML(string=html).render()
    return dokument.write_pdf(), len(dokument.pages)


def utskriftsomgang_rendera(*, omgang_id: int) -> str:
    """Render the batch's PDF (idempotent: a batch that is already done is left alone)."""
    omgang = Utskriftsomgang.objects.filter(pk=omgang_id).first()
    if omgang is None or omgang.status == Utskriftsomgang.Status.KLAR:
        return "ingen"
    start = time.perf_counter()
    try:
        pdf, sidor = pdf_rendera(brev_html(dokument=omgang_dokument(omgang), utskriven=omgang.skapad))
    except Exception as err:  # noqa: BLE001 - recorded on the batch so staff see it and can print again
        Utskriftsomgang.objects.filter(pk=omgang_id).update(status=Utskriftsomgang.Status.FEL, fel=str(err)[:500])
        raise
    Utskriftsomgang.objects.filter(pk=omgang_id).update(
        status=Utskriftsomgang.Status.KLAR, pdf=pdf, sidor=sidor,
        renderingstid_ms=int((time.perf_counter() - start) * 1000),
    )
    return "klar"
