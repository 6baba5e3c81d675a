"""The reminder SMS a day after the decision.

Queued when it is due, not at the decision: a beat job every 15 minutes queues one reminder for every decision
made at least 24 hours ago (``skicka_efter`` = decision + 24 h), so that the reminder names the clinic she has
*then* (after a move, the new one), a pregnancy ended in between gets none, and a lock or a protected identity
is judged when the reminder is written. Idempotency key ``forlossning:paminnelse:<pregnancy>``: running the job
twice, or two workers at once, queues one reminder. Decisions older than ``FONSTER`` get none (a reminder two weeks
late helps nobody; it also bounds what the job reads).
"""
from __future__ import annotations

import datetime

from django.db import connection
from django.utils.translation import gettext as _

from forlossning import klocka
from forlossning.models import Beslut, Graviditet
from invanare.models import IdTyp, Invanare
from notiser.models import SmsUtgaende
from notiser.sms.bulk import sms_enqueue_sql
from vardportalen.models import Vardenhet

SMS_PAMINNELSE = "forlossning:paminnelse:{gid}"
EFTER = datetime.timedelta(days=1)
FONSTER = datetime.timedelta(days=14)


def sms_text_paminnelse(klinik: Vardenhet, *, kan_anvanda_appen: bool = True) -> str:
    """Seed 000: the app »hanterar inte reservnummer«, so her text does not send her there (issue 15 item 3)."""
    if not kan_anvanda_appen:
        return _(
            "Påminnelse från Region Stockholm: du har fått plats för din förlossning på %(klinik)s. "
            "Frågor? Kontakta din barnmorskemottagning."
        ) % {"klinik": klinik.namn}
    return _(
        "Påminnelse från Alltid öppet: du har fått plats för din förlossning på %(klinik)s. "
        "Läs mer i appen Alltid öppet."
    ) % {"klinik": klinik.namn}


def paminnelser_skapa(*, nu: datetime.datetime | None = None) -> int:
    """Queue the reminder of every decision that is 24 hours old and has none yet; returns how many."""
    nu = nu or klocka.nu()
    quote = connection.ops.quote_name
    b, g, sms, inv = (quote(m._meta.db_table) for m in (Beslut, Graviditet, SmsUtgaende, Invanare))
    kliniker = list(Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK).order_by("pk"))
    if not kliniker:
        return 0
    kalla = f"""
        SELECT g.invanare_id, CASE WHEN i.id_typ = %(reserv)s THEN t.text_utan_app ELSE t.text END,
               %(nyckel)s || b.graviditet_id AS idempotensnyckel,
               'forlossning_paminnelse' AS syfte, b.beslutad + %(efter)s AS skicka_efter,
               g.sms_skyddad_bekraftad AS skyddad_bekraftad
        FROM {b} b
        JOIN {g} g ON g.id = b.graviditet_id AND g.avslutad IS NULL
        CROSS JOIN LATERAL (SELECT i.id_typ FROM {inv} i WHERE i.id = g.invanare_id OFFSET 0) i
        JOIN unnest(%(kliniker)s::bigint[], %(texter)s::text[], %(texter_utan_app)s::text[])
             AS t(klinik_id, text, text_utan_app) ON t.klinik_id = b.klinik_id
        WHERE b.beslutad <= %(nu)s::timestamptz - %(efter)s AND b.beslutad > %(nu)s::timestamptz - %(fonster)s
          AND NOT EXISTS (SELECT 1 FROM {sms} s WHERE s.idempotensnyckel = %(nyckel)s || b.graviditet_id)"""
    return sms_enqueue_sql(kalla=kalla, nu=nu, params={
        "nyckel": SMS_PAMINNELSE.format(gid=""), "efter": EFTER, "fonster": FONSTER, "nu": nu,
        "kliniker": [k.pk for k in kliniker], "texter": [sms_text_paminnelse(k) for k in kliniker],
        "texter_utan_app": [sms_text_paminnelse(k, kan_anvanda_appen=False) for k in kliniker],
        "reserv": IdTyp.RESERVNUMMER.value})
