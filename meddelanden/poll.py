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
from django.db import connection
from django.utils import timezone

from meddelanden.models import Inkorgsversion
from vardportalen.middleware import SESSION_LOGIN_TIME
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Vardenhet

_SALT = "meddelanden.poll:"
# Plain SQL, not the ORM: building the ORM query cost several times the query itself, on every poll of every
# open page. The commission conditions are Medarbetaruppdrag.objects.aktiva() (staff member and unit active,
# within its dates); tests/meddelanden/test_poll_token.py checks each of them ends the token path.
_SQL = f"""
    SELECT u.vardenhet_id, COALESCE(v.version, 0)
    FROM {Medarbetaruppdrag._meta.db_table} u
    JOIN {Medarbetare._meta.db_table} m ON m.id = u.medarbetare_id AND m.is_active
    JOIN {Vardenhet._meta.db_table} e ON e.id = u.vardenhet_id AND e.aktiv
    LEFT JOIN {Inkorgsversion._meta.db_table} v ON v.vardenhet_id = u.vardenhet_id
    WHERE u.id = %(uppdrag)s AND u.medarbetare_id = %(medarbetare)s
      AND u.giltig_fran <= %(dag)s AND (u.giltig_till IS NULL OR u.giltig_till >= %(dag)s)
      AND EXISTS (SELECT 1 FROM {Session._meta.db_table} s WHERE s.session_key = %(nyckel)s AND s.expire_date > %(nu)s)
"""


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
    with connection.cursor() as cur:
        cur.execute(_SQL, {"uppdrag": uppdrag_id, "medarbetare": medarbetare_id, "dag": timezone.localdate(),
                           "nu": timezone.now(), "nyckel": nyckel})
        return cur.fetchone()
