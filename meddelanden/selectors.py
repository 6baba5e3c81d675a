"""Reads of meddelanden, scoped to the staff member's active unit or to the citizen acted for."""
from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Min, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from meddelanden.models import Bilaga, Konversation, Meddelande, Svarsmall
from vardportalen.format import datum_tid, varaktighet
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera
from vardportalen.nyckelsidor import Sida, nyckelsida
from vardportalen.selectors import BevakningPanel

SIDSTORLEK = 25  # also bounds the access-log rows each (auto-)refresh writes


class Flik:
    OLASTA = "olasta"
    MINA = "mina"
    OPPNA = "oppna"
    STANGDA = "stangda"
    ALLA = (OLASTA, MINA, OPPNA, STANGDA)
    NAMN = {OLASTA: _("Olästa inkomna"), MINA: _("Mina"), OPPNA: _("Alla öppna"), STANGDA: _("Avslutade")}


@dataclass(frozen=True)
class Inkorg:
    flik: str
    antal: dict[str, int]
    konversationer: list[Konversation]
    sidnav: Sida
    version: int

    @property
    def sida(self) -> int:
        return self.sidnav.sida

    @property
    def sidor(self) -> int:
        return self.sidnav.sidor


def inkorg_version(*, vardenhet_id: int) -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT version FROM meddelanden_inkorgsversion WHERE vardenhet_id = %s", [vardenhet_id])
        rad = cur.fetchone()
    return rad[0] if rad else 0


def konversation_tillstand(*, vardenhet_id: int, konversation_id: int, konversation=None) -> str:
    """A short token of what a conversation page shows (latest message, handled, assigned, closed); read
    opening it does not change it. Empty for a conversation not at the unit."""
    k = konversation or Konversation.objects.filter(pk=konversation_id, vardenhet_id=vardenhet_id).only(
        "senaste_meddelande", "hanterad", "tilldelad", "stangd").first()
    if k is None:
        return ""
    delar = (k.senaste_meddelande, k.hanterad, k.tilldelad_id, k.stangd)
    return "-".join("" if d is None else str(int(d.timestamp() * 1e6)) if hasattr(d, "timestamp") else str(d)
                    for d in delar)


def _flik_filter(flik: str, aktor: Aktor) -> tuple[Q, str, bool]:
    """The tab's filter and its sort (field, descending), then id the same way: keyset paging (vardportalen.nyckelsidor)
    over the tab's partial index."""
    if flik == Flik.OLASTA:
        return Q(stangd__isnull=True, olasta_inkommande__gt=0, forsta_olasta__isnull=False), "forsta_olasta", False
    if flik == Flik.MINA:
        return Q(stangd__isnull=True, tilldelad_id=aktor.medarbetare_id), "senaste_meddelande", True
    if flik == Flik.STANGDA:
        return Q(stangd__isnull=False), "senaste_meddelande", True
    return Q(stangd__isnull=True), "senaste_meddelande", True


def inkorg_hamta(*, aktor: Aktor, flik: str, efter: str = "", fore: str = "", sista: bool = False,
                 sida: int = 1) -> Inkorg:
    """One page of the unit's inbox and the count of every tab; constant queries (version, counts, page,
    one access-log INSERT for the citizens named on the page), and constant time whatever the page: the page is
    read from the key of the row before it (``efter``/``fore``, or ``sista``), never with OFFSET."""
    flik = flik if flik in Flik.ALLA else Flik.OLASTA
    version = inkorg_version(vardenhet_id=aktor.vardenhet_id)
    egna = Konversation.objects.filter(vardenhet_id=aktor.vardenhet_id)
    oppen = Q(stangd__isnull=True)
    antal = egna.aggregate(
        olasta=Count("id", filter=oppen & Q(olasta_inkommande__gt=0)),
        mina=Count("id", filter=oppen & Q(tilldelad_id=aktor.medarbetare_id)),
        oppna=Count("id", filter=oppen),
        stangda=Count("id", filter=Q(stangd__isnull=False)),
    )
    villkor, falt, fallande = _flik_filter(flik, aktor)
    sidnav = nyckelsida(
        egna.filter(villkor)
        .select_related("invanare", "tilldelad")
        .only("id", "amne", "senaste_meddelande", "olasta_inkommande", "forsta_olasta", "hanterad", "stangd",
              "startad_av_personal", "invanare__id", "invanare__id_typ", "invanare__id_nummer", "invanare__fornamn",
              "invanare__efternamn", "invanare__skydd", "invanare__gatuadress", "invanare__mobilnummer", "tilldelad__id", "tilldelad__fornamn", "tilldelad__efternamn"),
        falt=falt, fallande=fallande, antal=antal[flik], storlek=SIDSTORLEK, efter=efter, fore=fore, sista=sista,
        sida=sida)
    konversationer = sidnav.rader
    if konversationer:
        atkomst_logga_flera(aktor=aktor, invanare_lista=[k.invanare for k in konversationer],
                            handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad="meddelanden: inkorg")
    return Inkorg(flik, antal, konversationer, sidnav, version)


class KonversationEjTillganglig(Exception):
    """No such conversation at the staff member's unit (other units' conversations are not there at all)."""


def konversation_for_personal(*, aktor: Aktor, konversation_id) -> Konversation:
    """The conversation with its messages, if it belongs to the aktor's unit; one access-log row either way."""
    konversation = (
        Konversation.objects.select_related("invanare", "vardenhet", "tilldelad", "startad_av", "stangd_av", "hanterad_av")
        .filter(pk=konversation_id, vardenhet_id=aktor.vardenhet_id)
        .prefetch_related(
            Prefetch("meddelanden", queryset=Meddelande.objects.select_related("medarbetare", "skriven_av_invanare")
                     .prefetch_related(Prefetch("bilagor", queryset=Bilaga.objects.defer("data")))
                     .order_by("skickad", "id"))
        )
        .first()
    )
    if konversation is None:
        atkomst_logga(aktor=aktor, handelse=Handelse.LASNING, utfall=Utfall.NEKAD, vad="meddelanden: konversation",
                      detalj=_("Ingen konversation %(id)s på enheten") % {"id": str(konversation_id)[:20]})
        raise KonversationEjTillganglig
    atkomst_logga(aktor=aktor, invanare=konversation.invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN,
                  vad="meddelanden: konversation")
    return konversation


def bilaga_for_personal(*, aktor: Aktor, bilaga_id) -> Bilaga:
    bilaga = (
        Bilaga.objects.select_related("meddelande__konversation__invanare")
        .filter(pk=bilaga_id, meddelande__konversation__vardenhet_id=aktor.vardenhet_id).first()
    )
    if bilaga is None:
        atkomst_logga(aktor=aktor, handelse=Handelse.LASNING, utfall=Utfall.NEKAD, vad="meddelanden: bilaga",
                      detalj=_("Ingen bilaga %(id)s på enheten") % {"id": str(bilaga_id)[:20]})
        raise KonversationEjTillganglig
    atkomst_logga(aktor=aktor, invanare=bilaga.meddelande.konversation.invanare, handelse=Handelse.LASNING,
                  utfall=Utfall.TILLATEN, vad="meddelanden: bilaga")
    return bilaga


def konversationer_med_invanare(*, vardenhet_id: int, invanare_id: int, antal: int = 5) -> list[Konversation]:
    return list(
        Konversation.objects.filter(vardenhet_id=vardenhet_id, invanare_id=invanare_id)
        .order_by("stangd", "-senaste_meddelande")[:antal]
    )


def kollegor(*, vardenhet_id: int):
    from vardportalen.models import Medarbetare, Medarbetaruppdrag

    ids = Medarbetaruppdrag.objects.aktiva().filter(vardenhet_id=vardenhet_id).values("medarbetare_id")
    return Medarbetare.objects.filter(pk__in=ids).order_by("efternamn", "fornamn")


# --- dashboard ---


def bevakning_meddelanden(uppdrag) -> BevakningPanel:
    """"Inkomna meddelanden": unread incoming messages and how long the oldest has waited. One query."""
    rad = Konversation.objects.filter(vardenhet_id=uppdrag.vardenhet_id, stangd__isnull=True,
                                      olasta_inkommande__gt=0).aggregate(
        meddelanden=Sum("olasta_inkommande"), konversationer=Count("id"), aldsta=Min("forsta_olasta"))
    antal = rad["meddelanden"] or 0
    if antal:
        beskrivning = _("Olästa meddelanden från invånare i %(k)d konversationer. Äldsta har väntat %(tid)s (sedan %(nar)s).") % {
            "k": rad["konversationer"], "tid": varaktighet(timezone.now() - rad["aldsta"]), "nar": datum_tid(rad["aldsta"])}
    else:
        beskrivning = _("Inga olästa meddelanden från invånare.")
    return BevakningPanel(rubrik=_("Inkomna meddelanden"), antal=antal, beskrivning=beskrivning,
                          url=reverse("meddelanden:inkorg") + "?flik=olasta")


# --- reply templates ---


def svarsmallar_for(*, aktor: Aktor, sok: str = "") -> tuple[list[Svarsmall], list[Svarsmall]]:
    """(Gemensamma, Dina egna), filtered on title or text."""
    mallar = Svarsmall.objects.filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(agare_id=aktor.medarbetare_id))
    sok = " ".join((sok or "").split())[:100]
    if sok:
        mallar = mallar.filter(Q(titel__icontains=sok) | Q(text__icontains=sok))
    mallar = list(mallar.order_by("titel")[:200])
    return [m for m in mallar if m.ar_gemensam], [m for m in mallar if not m.ar_gemensam]


PLATSHALLARE = {
    "{fornamn}": lambda c: c["invanare"].fornamn,
    "{enhet}": lambda c: c["enhet"],
    "{medarbetare}": lambda c: c["medarbetare"],
}


def svarsmall_fyll(*, mall: Svarsmall, invanare, aktor: Aktor) -> str:
    """The template with its placeholders replaced by plain string replacement (never a template engine, so
    a template can't reach anything else)."""
    varden = {"invanare": invanare, "enhet": aktor.vardenhet_namn, "medarbetare": aktor.medarbetare_namn}
    text = mall.text
    for nyckel, varde in PLATSHALLARE.items():
        text = text.replace(nyckel, varde(varden))
    return text


def svarsmall_hamta(*, aktor: Aktor, mall_id) -> Svarsmall | None:
    return Svarsmall.objects.filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(agare_id=aktor.medarbetare_id),
                                    pk=mall_id).first()


# --- the citizen's side ---


def konversationer_for_invanare(*, invanare) -> list[Konversation]:
    return list(
        Konversation.objects.filter(invanare=invanare).select_related("vardenhet")
        .annotate(olasta=Count("meddelanden", filter=Q(meddelanden__forfattare="personal", meddelanden__last__isnull=True)))
        .order_by("-senaste_meddelande")[:200]
    )


def konversation_for_invanare(*, invanare, konversation_id) -> Konversation | None:
    return (
        Konversation.objects.filter(pk=konversation_id, invanare=invanare).select_related("vardenhet")
        .prefetch_related(
            Prefetch("meddelanden", queryset=Meddelande.objects.select_related("medarbetare")
                     .prefetch_related(Prefetch("bilagor", queryset=Bilaga.objects.defer("data"))).order_by("skickad", "id"))
        ).first()
    )


def bilaga_for_invanare(*, invanare, bilaga_id) -> Bilaga | None:
    return Bilaga.objects.filter(pk=bilaga_id, meddelande__konversation__invanare=invanare).first()
