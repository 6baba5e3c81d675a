"""The clinic decision on paper (issue 15 item 3).

Seed 000: »Patienter med reservnummer kan inte välja önskad förlossningsklinik i appen Alltid Öppet eftersom den
inte hanterar reservnummer.« She cannot read the decision in the app, so she gets it by SMS (texts in
forlossning.fordelning.korning / paminnelser) and, **where her unit uses letters** (``Vardenhet.skickar_brev`` of
the unit that registered the pregnancy, her midwife clinic), as a letter on that unit's print list. One rule,
``far_beslutsbrev``; one sender, ``beslutsbrev_skicka``, called by the allocation run (``beslutsbrev_for_korning``,
inside its transaction) and by a move (``forlossning.services.beslut_flytta``).

The letter goes through the e-document service (edokument registers the backend in its AppConfig.ready(), as it
does for bokning.kallelse; forlossning does not import edokument): a reservnummer document lands on the print list
at once, held while her account is locked or her address is incomplete (edokument.hallning). A protected identity
or a known threat gets a letter only when staff chose to contact her (``Graviditet.sms_skyddad_bekraftad``, the
same choice as for the SMS). A letter that cannot be sent never undoes the decision: it is logged and left out.
"""
from __future__ import annotations

import datetime
import logging
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from forlossning import graviditetsvecka as gv
from forlossning.models import Beslut, Graviditet
from invanare.models import IdTyp, Invanare
from notiser.regler import kraver_personalens_val
from vardportalen.accesslog.aktor import Aktor
from vardportalen.models import Vardenhet

logger = logging.getLogger("forlossning")

BREV_BESLUT = "forlossning:beslutsbrev:{gid}"
BREV_FLYTT = "forlossning:flyttbrev:{flytt}"


class BrevBackend(Protocol):
    def skicka(self, *, aktor, invanare, avsandare_id: int, rubrik: str, text: str, idempotensnyckel: str,
               skyddad_bekraftad: bool): ...


_backend: BrevBackend | None = None


def brev_backend_register(backend: BrevBackend) -> None:
    global _backend
    _backend = backend


def brev_backend() -> BrevBackend | None:
    return _backend


def far_beslutsbrev(*, invanare: Invanare, enhet: Vardenhet) -> bool:
    """She cannot use the app (reservnummer) and her unit (where the pregnancy is registered) uses letters."""
    return invanare.har_reservnummer and enhet.skickar_brev


def systemaktor(enhet: Vardenhet) -> Aktor:
    """Who sends the allocation's letters (no staff member; the letter's unit), for the document and its
    access-log row."""
    return Aktor(medarbetare_id=0, medarbetare_hsa_id="", medarbetare_namn=_("Fördelningen av förlossningsplatser"),
                 uppdrag_id=0, vardenhet_id=enhet.pk, vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn, roll="")


def beslutsbrev_text(*, klinik: Vardenhet, vecka: datetime.date, enhet: Vardenhet, flyttad: bool) -> tuple[str, str]:
    """Heading and text. The clinic and the week, whom to ask; never a medical reason (a move's stays in the
    record)."""
    plats = {"klinik": klinik.namn, "vecka": gv.vecka_text(vecka)}
    if flyttad:
        rubrik = _("Ändrad förlossningsklinik")
        text = _("Din förlossningsplats är ändrad. Du har nu plats för din förlossning på %(klinik)s "
                 "(beräknad förlossning %(vecka)s).") % plats
    else:
        rubrik = _("Besked om förlossningsklinik")
        text = _("Du har fått plats för din förlossning på %(klinik)s (beräknad förlossning %(vecka)s).") % plats
    adress = ", ".join(x for x in (klinik.gatuadress, klinik.ort) if x)
    if adress:
        text += "\n\n" + _("Adress till kliniken: %(adress)s.") % {"adress": adress}
    kontakt = enhet.namn + (f", {enhet.telefon}" if enhet.telefon else "")
    text += "\n\n" + _("Har du frågor? Kontakta din barnmorskemottagning: %(kontakt)s.") % {"kontakt": kontakt}
    return rubrik, text


def beslutsbrev_skicka(*, graviditet: Graviditet, klinik: Vardenhet, vecka: datetime.date, nyckel: str,
                       aktor: Aktor | None = None, flyttad: bool = False):
    """The letter for one decision, in the caller's transaction (a savepoint of its own); None when the rule
    gives her none or it cannot be sent (logged)."""
    invanare, enhet = graviditet.invanare, graviditet.registrerad_vid
    backend = brev_backend()
    if backend is None or not far_beslutsbrev(invanare=invanare, enhet=enhet):
        return None
    if kraver_personalens_val(invanare) and not graviditet.sms_skyddad_bekraftad:
        logger.info("Inget beslutsbrev för graviditet %s: skyddad identitet eller känd hotbild utan personalens val.",
                    graviditet.pk)
        return None
    rubrik, text = beslutsbrev_text(klinik=klinik, vecka=vecka, enhet=enhet, flyttad=flyttad)
    try:
        with transaction.atomic():
            return backend.skicka(aktor=aktor or systemaktor(enhet), invanare=invanare, avsandare_id=enhet.pk,
                                  rubrik=rubrik, text=text, idempotensnyckel=nyckel,
                                  skyddad_bekraftad=graviditet.sms_skyddad_bekraftad)
    except ValidationError as err:
        logger.warning("Beslutsbrevet för graviditet %s kunde inte skickas: %s", graviditet.pk, "; ".join(err.messages))
        return None


def beslutsbrev_for_korning(*, graviditet_ids: list[int]) -> int:
    """The letters of an allocation run's decisions: the few reservnummer women registered at a unit that uses
    letters are found in one query (nothing at all when no unit uses letters); one letter each."""
    if not graviditet_ids or brev_backend() is None:
        return 0
    enheter = list(Vardenhet.objects.filter(skickar_brev=True).values_list("pk", flat=True))
    if not enheter:
        return 0
    quote = connection.ops.quote_name
    g, inv = quote(Graviditet._meta.db_table), quote(Invanare._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT g.id FROM unnest(%(gid)s::bigint[]) AS u(gid)
                JOIN {g} g ON g.id = u.gid AND g.registrerad_vid_id = ANY(%(enheter)s)
                CROSS JOIN LATERAL (SELECT i.id_typ FROM {inv} i WHERE i.id = g.invanare_id OFFSET 0) i
                WHERE i.id_typ = %(reserv)s""",
            {"gid": list(graviditet_ids), "enheter": enheter, "reserv": IdTyp.RESERVNUMMER.value})
        ids = [r[0] for r in cursor.fetchall()]
    antal = 0
    for beslut in (Beslut.objects.filter(graviditet_id__in=ids)
                   .select_related("graviditet__invanare", "graviditet__registrerad_vid", "klinik")):
        antal += beslutsbrev_skicka(graviditet=beslut.graviditet, klinik=beslut.klinik, vecka=beslut.vecka,
                                    nyckel=BREV_BESLUT.format(gid=beslut.graviditet_id)) is not None
    return antal
