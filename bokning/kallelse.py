"""How a booking gets its e-kallelse: the hook the e-document app plugs into.

The booking app does not import edokument. edokument registers a backend in its AppConfig.ready()::

    from bokning.kallelse import kallelse_backend_register
    kallelse_backend_register(EdokumentKallelse())

and the booking services call ``kallelse_backend()`` inside their own transaction:

- ``skicka(bokning=..., aktor=..., skyddad_bekraftad=...)`` creates and routes the e-kallelse for a booking
  (one transaction with the booking; deliveries to outside systems go through edokument's outbox). It
  raises django.core.exceptions.ValidationError (Swedish message) when it must not be sent, e.g. a
  protected citizen without the staff's confirmation; the booking service then rolls back. Returns the
  document (or its id), which the booking stores.
- ``avboka(bokning=..., aktor=...)`` sends the cancellation notice of that e-kallelse.

Without a registered backend (edokument not installed) no kallelse is sent and bookings work alone.
The rule "hidden time types get no kallelse" is the booking app's, checked before calling the backend.
"""
from __future__ import annotations

from typing import Protocol


class KallelseBackend(Protocol):
    def skicka(self, *, bokning, aktor, skyddad_bekraftad: bool): ...

    def avboka(self, *, bokning, aktor): ...


_backend: KallelseBackend | None = None


def kallelse_backend_register(backend: KallelseBackend) -> None:
    global _backend
    _backend = backend


def kallelse_backend() -> KallelseBackend | None:
    return _backend
