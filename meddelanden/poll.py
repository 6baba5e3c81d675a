"""The poll's own staff check: a signed token bound to the session, and one query.

A page with a poller (inbox, conversation) carries a token of (commission, staff member, login time), signed with
a salt that holds the session key, so it is worth nothing without that session's cookie. The poll then needs one
indexed query: the session row exists and has not expired (logout deletes it, the 30-minute idle timeout lets it
expire, and the poll does not renew it), the commission is still active, and the unit's inbox version. Whatever
does not pass (no token, a token of another session, a commission ended, a session gone or past its 12 hours)
goes through the full staff checks (``vardportalen.middleware.personal_kontroll``), which answer as on any page.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db.models import Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from meddelanden.models import Inkorgsversion
from vardportalen.middleware import SESSION_LOGIN_TIME
from vardportalen.models import Medarbetaruppdrag

_SALT = "meddelanden.poll:"


def poll_token(request) -> str:
    """The token for the pollers of a page rendered for a staff member with a commission."""
    return signing.dumps([request.uppdrag.pk, request.user.pk, request.session.get(SESSION_LOGIN_TIME)],
                         salt=_SALT + (request.session.session_key or ""), compress=False)


def poll_enhet_version(request, token: str) -> tuple[int, int] | None:
    """(unit id, inbox version) when the token and the session hold; None sends the poll the long way."""
    nyckel = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not nyckel or not token or settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return None
    try:
        uppdrag_id, medarbetare_id, inloggad = signing.loads(token, salt=_SALT + nyckel)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(inloggad, (int, float)) or time.time() - inloggad > settings.SESSION_ABSOLUTE_SECONDS:
        return None
    version = Inkorgsversion.objects.filter(vardenhet_id=OuterRef("vardenhet_id")).values("version")[:1]
    rad = (
        Medarbetaruppdrag.objects.aktiva()
        .filter(pk=uppdrag_id, medarbetare_id=medarbetare_id)
        .filter(Exists(Session.objects.filter(session_key=nyckel, expire_date__gt=timezone.now())))
        .annotate(inkorg_version=Coalesce(Subquery(version), Value(0), output_field=IntegerField()))
        .order_by()
        .values_list("vardenhet_id", "inkorg_version")[:1]
    )
    return next(iter(rad), None)
