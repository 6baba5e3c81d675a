"""Writing the access log (Patientdatalagen, HSLF-FS 2016:40). The one entry point for every domain.

Every read or change of a citizen's data writes exactly one row, in the caller's transaction, with
``atkomst_logga``. Call it from services and selectors (not from views or templates):

    from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga

    atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN,
                  vad="förlossning: önskemål")

Rules kept here so that no caller can get them wrong:
- The row copies who (HSA-ID and name), where (unit of the active commission), in which role, whom
  (identity type and number, never a name, address or phone), what, the outcome and the request id.
- ``vad``/``detalj`` are free text written by developers; a row that would carry the citizen's address or
  phone number is refused (ValueError), as DESIGN.md forbids logging them.
- A denial row written just before raising survives only if the caller's transaction commits: callers that
  deny must not wrap the denying selector in an ``atomic`` block that the exception rolls back. Views run
  without ATOMIC_REQUESTS, so a selector called from a view writes its row in autocommit.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone

from vardportalen.accesslog.aktor import Aktor
from vardportalen.accesslog.nekad import nekad_noterad
from vardportalen.models import Atkomstlogg

Handelse = Atkomstlogg.Handelse
Utfall = Atkomstlogg.Utfall

__all__ = ["Aktor", "Handelse", "Utfall", "atkomst_logga", "atkomst_logga_flera", "innehaller_kontaktuppgifter"]

_VAD_MAX = Atkomstlogg._meta.get_field("vad").max_length
_DETALJ_MAX = Atkomstlogg._meta.get_field("detalj").max_length


def _as_aktor(aktor: Aktor | HttpRequest) -> Aktor:
    if isinstance(aktor, Aktor):
        return aktor
    return Aktor.from_request(aktor)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def innehaller_kontaktuppgifter(invanare, *texts: str) -> bool:
    """Does any text contain the citizen's street address or phone number? (Checked before logging.)"""
    if invanare is None:
        return False
    joined = " ".join(texts).casefold()
    street = (getattr(invanare, "gatuadress", "") or "").strip().casefold()
    if street and street in joined:
        return True
    phone, text_digits = _digits(getattr(invanare, "mobilnummer", "")), _digits(joined)
    if phone.startswith("46"):
        phone = phone[2:]
    phone = phone.lstrip("0")
    return len(phone) >= 6 and phone in text_digits


def _refuse_contact_details(invanare, *texts: str) -> None:
    """Address and phone never go into the log, not even by mistake in a free-text field."""
    if innehaller_kontaktuppgifter(invanare, *texts):
        raise ValueError("Åtkomstloggen får inte innehålla invånarens adress eller telefonnummer.")


def _identity_of(invanare, identitet) -> tuple[str, str]:
    if invanare is not None:
        return str(invanare.id_typ), invanare.id_nummer
    if identitet is not None:
        return str(identitet.typ), identitet.nummer
    return "", ""


def _row(*, aktor: Aktor, invanare, identitet, handelse, utfall, vad: str, detalj: str, tidpunkt) -> Atkomstlogg:
    if handelse not in Handelse.values:
        raise ValueError(f"Okänd händelse {handelse!r}; använd Atkomstlogg.Handelse.")
    if utfall not in Utfall.values:
        raise ValueError(f"Okänt utfall {utfall!r}; använd Atkomstlogg.Utfall.")
    if not vad:
        raise ValueError("Ange vad som lästes eller ändrades (vad).")
    _refuse_contact_details(invanare, vad, detalj)
    id_typ, id_nummer = _identity_of(invanare, identitet)
    return Atkomstlogg(
        tidpunkt=tidpunkt,
        medarbetare_hsa_id=aktor.medarbetare_hsa_id,
        medarbetare_namn=aktor.medarbetare_namn,
        vardenhet_hsa_id=aktor.vardenhet_hsa_id,
        vardenhet_namn=aktor.vardenhet_namn,
        roll=aktor.roll,
        invanare_id_typ=id_typ,
        invanare_identitet=id_nummer,
        handelse=handelse,
        utfall=utfall,
        vad=vad[:_VAD_MAX],
        detalj=detalj[:_DETALJ_MAX],
        request_id=aktor.request_id[:64],
    )


def atkomst_logga(
    *,
    aktor: Aktor | HttpRequest,
    invanare=None,
    identitet=None,
    handelse: str,
    utfall: str,
    vad: str,
    detalj: str = "",
) -> Atkomstlogg:
    """Write one access-log row in the caller's transaction and return it.

    ``aktor``: an Aktor (preferred: services and selectors take one), or a request with an active
    commission. ``invanare``: the citizen whose data was read or changed; or ``identitet`` (a parsed
    ``invanare.identitet.Identitet``) when no citizen row is at hand, e.g. a search that found nobody or
    a log review filtered on an identity number. Both may be None for a denied request that named no one.
    """
    row = _row(
        aktor=_as_aktor(aktor),
        invanare=invanare,
        identitet=identitet,
        handelse=handelse,
        utfall=utfall,
        vad=vad,
        detalj=detalj,
        tidpunkt=timezone.now(),
    )
    row.save(force_insert=True)
    if utfall == Utfall.NEKAD:
        nekad_noterad()
    return row


def atkomst_logga_flera(
    *,
    aktor: Aktor | HttpRequest,
    invanare_lista: Iterable,
    handelse: str,
    utfall: str,
    vad: str,
    detalj: str = "",
) -> list[Atkomstlogg]:
    """One row per citizen in a single INSERT, for pages that show many citizens (lists, admin)."""
    aktor, now = _as_aktor(aktor), timezone.now()
    rows = [
        _row(
            aktor=aktor,
            invanare=inv,
            identitet=None,
            handelse=handelse,
            utfall=utfall,
            vad=vad,
            detalj=detalj,
            tidpunkt=now,
        )
        for inv in invanare_lista
    ]
    if rows and utfall == Utfall.NEKAD:
        nekad_noterad()
    return Atkomstlogg.objects.bulk_create(rows) if rows else []
