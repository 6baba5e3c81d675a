"""edokument's implementation of bokning.kallelse.KallelseBackend: an e-kallelse for a booking.

Duck-typed on the booking: ``pk``, ``invanare``, ``vardenhet`` (the unit that booked, the sender),
``start``, ``tidstyp_namn`` and, when present, ``plats_text``. Idempotent per booking and event.
"""
from __future__ import annotations

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edokument.models import Dokument, Dokumenttyp
from edokument.services import dokument_skapa_och_skicka
from vardportalen.accesslog.aktor import Aktor


def _aktor(aktor) -> Aktor:
    return aktor if isinstance(aktor, Aktor) else Aktor.from_uppdrag(aktor)


def _plats(bokning) -> str:
    plats = getattr(bokning, "plats_text", "") or ""
    if plats:
        return plats
    enhet = bokning.vardenhet
    return ", ".join(x for x in (enhet.namn, enhet.gatuadress, enhet.ort) if x)


def _tid(start) -> str:
    with translation.override("sv"):
        lokal = timezone.localtime(start)
        return f"{formats.date_format(lokal, 'l j F Y')} kl. {formats.time_format(lokal, 'H:i')}"


VIDEO_INSTRUKTION = gettext_lazy(
    "Det här är ett videobesök. Så ansluter du: öppna Alltid öppet tidigast 30 minuter före besöket, gå till "
    "Videomöten och välj Anslut. Du kommer till ett väntrum tills vårdpersonalen släpper in dig. Använd en mobil, "
    "surfplatta eller dator med kamera och mikrofon, och sitt där du kan prata ostört. Är du ombud (till exempel "
    "vårdnadshavare) ansluter du på samma sätt när du valt att agera för personen."
)


class EdokumentKallelse:
    def skicka(self, *, bokning, aktor, skyddad_bekraftad: bool) -> Dokument:
        tidstyp = bokning.tidstyp_namn
        text = _(
            "Välkommen till %(tidstyp)s hos %(enhet)s %(tid)s.\n\n"
            "Kallelsen och den bokade tiden gäller som bussbiljett till och från besöket. "
            "Kan du inte komma? Avboka senast 24 timmar innan."
        ) % {"tidstyp": tidstyp, "enhet": bokning.vardenhet.namn, "tid": _tid(bokning.start)}
        if getattr(bokning, "ar_video", False):
            text += "\n\n" + str(VIDEO_INSTRUKTION)
        return dokument_skapa_och_skicka(
            aktor=_aktor(aktor), invanare=bokning.invanare, typ=Dokumenttyp.EKALLELSE,
            rubrik=_("Kallelse: %(tidstyp)s") % {"tidstyp": tidstyp}, text=text, besokstid=bokning.start,
            plats=_plats(bokning), skyddad_bekraftad=skyddad_bekraftad, bokning_ref=str(bokning.pk),
            idempotensnyckel=f"bokning:{bokning.pk}:kallelse", avsandare_id=bokning.vardenhet.pk,
        )

    def avboka(self, *, bokning, aktor) -> Dokument | None:
        kallelse = Dokument.objects.filter(idempotensnyckel=f"bokning:{bokning.pk}:kallelse").first()
        if kallelse is None:
            return None  # no kallelse went out (e.g. a hidden time type): nothing to cancel
        text = _("Din tid för %(tidstyp)s hos %(enhet)s %(tid)s är avbokad. Kallelsen gäller inte längre.") % {
            "tidstyp": bokning.tidstyp_namn, "enhet": bokning.vardenhet.namn, "tid": _tid(bokning.start)}
        return dokument_skapa_och_skicka(
            aktor=_aktor(aktor), invanare=bokning.invanare, typ=Dokumenttyp.EKALLELSE,
            rubrik=_("Avbokning: %(tidstyp)s") % {"tidstyp": bokning.tidstyp_namn}, text=text,
            besokstid=bokning.start, plats=_plats(bokning), ar_avbokning=True,
            # The citizen agreed how to be called when the kallelse went out; the same way applies.
            skyddad_bekraftad=kallelse.skyddad_bekraftad, bokning_ref=str(bokning.pk),
            idempotensnyckel=f"bokning:{bokning.pk}:avbokning", avsandare_id=bokning.vardenhet.pk,
        )
