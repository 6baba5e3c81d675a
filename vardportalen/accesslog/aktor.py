"""Who is acting: a small, immutable snapshot of the active commission, passed to services and selectors.

Domain code never reads ``request`` below the view: the view builds an ``Aktor`` once with
``Aktor.from_request(request)`` and hands it down. Selectors scope their queries to ``aktor.vardenhet_id``;
the access log copies the HSA-IDs and names from it, so a log row stays readable after staff, unit or
commission rows change.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied


@dataclass(frozen=True)
class Aktor:
    medarbetare_id: int
    medarbetare_hsa_id: str
    medarbetare_namn: str
    uppdrag_id: int
    vardenhet_id: int
    vardenhet_hsa_id: str
    vardenhet_namn: str
    roll: str
    request_id: str = ""

    @classmethod
    def from_uppdrag(cls, uppdrag, *, request_id: str = "") -> Aktor:
        """From a Medarbetaruppdrag (with medarbetare and vardenhet loaded, as the middleware does)."""
        medarbetare, enhet = uppdrag.medarbetare, uppdrag.vardenhet
        return cls(
            medarbetare_id=medarbetare.pk,
            medarbetare_hsa_id=medarbetare.hsa_id,
            medarbetare_namn=medarbetare.namn,
            uppdrag_id=uppdrag.pk,
            vardenhet_id=enhet.pk,
            vardenhet_hsa_id=enhet.hsa_id,
            vardenhet_namn=enhet.namn,
            roll=uppdrag.roll,
            request_id=request_id,
        )

    @classmethod
    def from_request(cls, request) -> Aktor:
        """The active commission of the request (set by ActiveCommissionMiddleware).

        Refuses (PermissionDenied) when there is none: nothing about a citizen may be read or changed
        outside a commission, because nothing could be logged against a unit.
        """
        uppdrag = getattr(request, "uppdrag", None)
        if uppdrag is None:
            raise PermissionDenied
        return cls.from_uppdrag(uppdrag, request_id=getattr(request, "request_id", ""))

    def har_roll(self, *roller: str) -> bool:
        return self.roll in roller
