"""How the ground floor reads a citizen's identity number without importing the citizen app.

Identity numbers (personnummer, samordningsnummer, reservnummer) are ``invanare``'s rule; the access log's search
form and its admin need to read what staff type. ``invanare`` registers its parser in ``AppConfig.ready()``:

    identitetstolk_register(tolka=parse_identitetsnummer, fel=OgiltigtIdentitetsnummer)

``tolka(text)`` returns an object with ``typ`` and ``nummer``; a text it refuses raises ``OgiltigIdentitet`` with
the parser's own Swedish message.
"""
from __future__ import annotations

from collections.abc import Callable

from django import forms


class OgiltigIdentitet(ValueError):
    pass


_tolk: tuple[Callable, type[Exception]] | None = None


def identitetstolk_register(*, tolka: Callable, fel: type[Exception]) -> None:
    global _tolk
    _tolk = (tolka, fel)


def tolka(text: str):
    if _tolk is None:
        raise RuntimeError("Ingen app har registrerat hur identitetsnummer tolkas (invanare saknas i INSTALLED_APPS).")
    funktion, fel = _tolk
    try:
        return funktion(text)
    except fel as err:
        raise OgiltigIdentitet(str(err)) from None


class IdentitetsnummerFalt(forms.CharField):
    """What staff type (10 or 12 digits, with or without -/+), cleaned to the parsed identity or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None
        try:
            return tolka(text)
        except OgiltigIdentitet as err:
            raise forms.ValidationError(str(err), code="ogiltigt") from None
