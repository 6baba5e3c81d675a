"""What other apps do when a booking is made, without bokning importing them (floors: video stands on bokning).

    efter_bokning_register(video.services.mote_for_bokning)      # in the app's ready()

``efter_bokning(bokning=...)`` runs every registered function in the booking's transaction, after the booking
row exists and before its e-kallelse is sent; an exception undoes the booking, so a function must not depend on
an outside service (video makes the Janus room only when someone is let in)."""
from __future__ import annotations

from collections.abc import Callable

_FUNKTIONER: list[Callable] = []


def efter_bokning_register(funktion: Callable) -> Callable:
    if funktion not in _FUNKTIONER:
        _FUNKTIONER.append(funktion)
    return funktion


def efter_bokning(*, bokning) -> None:
    for funktion in _FUNKTIONER:
        funktion(bokning=bokning)
