"""Visits of a citizen at a unit, as other domains know them: the extension point bookings plug into.

Messages ("a citizen with an active booking at a unit that sends e-kallelser may write until the visit is
done") and citizen criteria ("earlier or upcoming visits at the unit") ask ``besok_for``; the booking app
registers a provider in its AppConfig.ready()::

    from invanare.besok import besok_provider_register

    @besok_provider_register
    def bokningar_som_besok(*, invanare_ids, vardenhet_id): -> list[Besok]

A provider must answer for many citizens in a constant number of queries. Until one is registered, nobody
has visits.
"""
from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Besok:
    invanare_id: int
    vardenhet_id: int
    start: datetime.datetime
    status: str  # "bokad" (upcoming or not yet done), "genomford", "avbokad", "uteblev"
    kalla: str = ""  # e.g. "bokning:123"

    @property
    def aktiv(self) -> bool:
        """A booked visit that is not yet done (the message rule's "until the visit is done")."""
        return self.status == "bokad"


BESOK_PROVIDERS: list[Callable[..., list[Besok]]] = []


def besok_provider_register(provider):
    if provider not in BESOK_PROVIDERS:
        BESOK_PROVIDERS.append(provider)
    return provider


def besok_for(*, invanare_ids: Iterable[int], vardenhet_id: int) -> list[Besok]:
    ids = list(invanare_ids)
    return [b for provider in BESOK_PROVIDERS for b in provider(invanare_ids=ids, vardenhet_id=vardenhet_id)]


def har_aktivt_besok(*, invanare_id: int, vardenhet_id: int) -> bool:
    return any(b.aktiv for b in besok_for(invanare_ids=[invanare_id], vardenhet_id=vardenhet_id))
