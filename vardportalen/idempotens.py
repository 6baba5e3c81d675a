"""Idempotency tokens for staff forms that create something: one shared mechanism (issue 14).

The form carries a hidden ``token`` (``TokenFalt``, a new UUID each time the form is drawn). The service calls
``token_ta`` first thing inside its transaction:

    with transaction.atomic():
        if (redan := token_ta(nyckel, vad="bokning.bokning")) is not None:
            return Bokning.objects.get(pk=redan)       # a repeat: the same answer as the first time
        bokning = ...                                   # validate and create as before
        token_knyt(nyckel, bokning)

``token_ta`` inserts the token with ON CONFLICT DO NOTHING. A concurrent repeat's insert waits on the unique
key until the first transaction ends: committed, it reads the first one's object; rolled back (refused input),
it goes on as the first attempt. A refusal rolls the token back with everything else, so a corrected form can
be sent again with it. Without a token (API callers, tests) nothing changes.
"""
from __future__ import annotations

import uuid

from django import forms
from django.db import connection
from django.utils import timezone

from vardportalen.models import Formulartoken


def TokenFalt() -> forms.UUIDField:  # noqa: N802 - reads like a field class in a form body
    return forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)


def token_ta(nyckel: uuid.UUID | None, *, vad: str) -> int | None:
    """Claim ``nyckel`` in the caller's transaction. None: go on and create (then ``token_knyt``). Otherwise the
    id of what the first use of the token created. A token used by another kind of form counts as no token."""
    if nyckel is None:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Formulartoken._meta.db_table} (nyckel, vad, skapad) VALUES (%s, %s, %s) "
            "ON CONFLICT (nyckel) DO NOTHING RETURNING nyckel", [nyckel, vad, timezone.now()])
        if cursor.fetchone() is not None:
            return None
    rad = Formulartoken.objects.filter(nyckel=nyckel).first()
    return rad.objekt_id if rad is not None and rad.vad == vad else None


def token_knyt(nyckel: uuid.UUID | None, objekt) -> None:
    """Record what the token's form created (in the same transaction as the creation)."""
    if nyckel is not None:
        Formulartoken.objects.filter(nyckel=nyckel, objekt_id__isnull=True).update(objekt_id=objekt.pk)
