"""Writes for targeted offers: compose, the resumable mass send, and the citizen's open / decline / book.

The send (``erbjudande_skicka``) walks the target group in chunks by primary key. Each chunk is one
transaction: ``INSERT … SELECT … ON CONFLICT (erbjudande_id, invanare_id) DO NOTHING`` of the reachable
citizens, their SMS notices, and the progress on the offer. A killed worker loses at most the chunk it was
in (rolled back); the next run starts after ``senaste_pk``, and the unique key makes a repeat harmless.
A session advisory lock keeps two workers off the same offer (released when the connection dies).
"""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bokning.services import bokning_create_app
from invanare.models import Invanare
from notiser.services import Notistyp, notis_push_grupp
from notiser.sms.services import SmsNytt, sms_enqueue_flera
from vardportalen.accesslog.aktor import Aktor
from vardportalen.ko import publicera_efter_commit
from vardportalen.models import Roll
from vardportalen.idempotens import token_knyt, token_ta

from .models import Erbjudande, Mottagare
from .raknare import rakna
from .selectors import INGEN, med_kanal, utan_jit

CHUNK = 5000
LAS_BAS = 0x45524244  # "ERBD": advisory-lock namespace for offers


def far_hantera(aktor: Aktor, erbjudande: Erbjudande) -> bool:
    """A unit's offer: staff of that unit. A regional campaign: the regional administrator only."""
    if erbjudande.regionalt:
        return aktor.roll == Roll.REGIONAL_ADMINISTRATOR
    return erbjudande.vardenhet_id == aktor.vardenhet_id


def erbjudande_skapa(*, aktor: Aktor, regionalt: bool = False, idempotensnyckel=None, **data) -> Erbjudande:
    """A draft offer. With ``idempotensnyckel`` (the form's token) a repeat of the same form returns the first."""
    if regionalt and aktor.roll != Roll.REGIONAL_ADMINISTRATOR:
        raise PermissionDenied(_("Bara den regionala administratören skapar regionala erbjudanden."))
    with transaction.atomic():
        if (redan := token_ta(idempotensnyckel, vad="erbjudanden.erbjudande")) is not None:
            return Erbjudande.objects.get(pk=redan)
        e = Erbjudande(vardenhet_id=None if regionalt else aktor.vardenhet_id, skapad_av_hsa_id=aktor.medarbetare_hsa_id,
                       **data)
        e.full_clean()
        e.save()
        token_knyt(idempotensnyckel, e)
    return e


def erbjudande_skicka_start(*, aktor: Aktor, erbjudande_id: int) -> Erbjudande:
    """Staff press "Skicka": the offer is marked as being sent and the job is queued after commit."""
    from .selectors import rackvidd

    with transaction.atomic():
        e = Erbjudande.objects.select_for_update().get(pk=erbjudande_id)
        if not far_hantera(aktor, e):
            raise PermissionDenied(_("Du får inte skicka det här erbjudandet."))
        if e.status != Erbjudande.Status.UTKAST:
            raise ValidationError(_("Erbjudandet är redan skickat eller skickas just nu."))
        r = rackvidd(e)
        e.status = Erbjudande.Status.SKICKAS
        e.antal_totalt = r["app"] + r["sms"]
        e.antal_i_malgrupp, e.antal_app, e.antal_sms, e.antal_ingen = r["totalt"], r["app"], r["sms"], r["ingen"]
        e.skickat_startat = timezone.now()
        e.save(update_fields=["status", "antal_totalt", "antal_i_malgrupp", "antal_app", "antal_sms", "antal_ingen",
                              "skickat_startat"])
        # The beat job erbjudande_aterupptag restarts a send whose message was lost.
        publicera_efter_commit("erbjudanden.tasks.erbjudande_skicka", e.pk)
    return e


def sms_text() -> str:
    # No clinical content in an SMS (notiser): the offer itself is read in the app or on 1177.
    return _("Du har fått ett erbjudande från vården i Region Stockholm. Logga in i Alltid öppet för att se det.")


def _skicka_del(e: Erbjudande, *, chunk: int, nu: datetime.datetime) -> bool:
    """One chunk in one transaction. Returns False when the group is done."""
    with transaction.atomic():
        e = Erbjudande.objects.select_for_update().get(pk=e.pk)
        utan_jit()
        qs = med_kanal(e, nu=nu).filter(pk__gt=e.senaste_pk).order_by("pk")
        pks = list(qs.values_list("pk", flat=True)[:chunk])
        if not pks:
            e.status = Erbjudande.Status.SKICKAT
            e.skickat_klart = nu
            e.save(update_fields=["status", "skickat_klart"])
            return False
        urval = qs.filter(pk__lte=pks[-1]).exclude(kanal=INGEN).order_by().values_list("pk", "kanal")
        sql, params = urval.query.sql_with_params()
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {Mottagare._meta.db_table} (erbjudande_id, invanare_id, kanal, status, skickat) "
                f"SELECT %s, s.inv, s.kanal, %s, %s FROM ({sql}) AS s(inv, kanal) "
                f"ON CONFLICT (erbjudande_id, invanare_id) DO NOTHING RETURNING invanare_id, kanal",
                [e.pk, Mottagare.Status.SKICKAT, nu, *params],
            )
            nya = c.fetchall()
        sms_ids = [i for i, k in nya if k == Mottagare.Kanal.SMS]
        if sms_ids:
            text = sms_text()
            personer = Invanare.objects.filter(pk__in=sms_ids).only("pk", "skydd", "kand_hotbild", "mobilnummer")
            sms_enqueue_flera(meddelanden=[
                SmsNytt(p, text, f"erbjudande:{e.pk}:{p.pk}:sms", "erbjudande", None, e.sms_till_skyddade)
                for p in personer
            ], nu=nu)
        # In the app: a push notice to her devices (or, for a child, to the guardians'), under notiser's rules.
        # A protected citizen's only with the staff's choice for this campaign (the same one as for SMS).
        notis_push_grupp(invanare_ids=[i for i, k in nya if k == Mottagare.Kanal.APP], typ=Notistyp.ERBJUDANDE,
                         nyckel=f"erbjudande:{e.pk}", skyddad_bekraftad=e.sms_till_skyddade, nu=nu)
        # Only the rows this chunk wrote: a chunk redone after a killed worker counts nobody twice.
        e.senaste_pk = pks[-1]
        e.antal_behandlade += len(nya)
        e.save(update_fields=["senaste_pk", "antal_behandlade"])
        rakna(e.pk, nu, skickat=len(nya))
    return True


def erbjudande_skicka(*, erbjudande_id: int, chunk: int = CHUNK, nu: datetime.datetime | None = None) -> bool:
    """Run (or resume) the send. Returns False when another worker holds the offer's lock."""
    with connection.cursor() as c:
        c.execute("SELECT pg_try_advisory_lock(%s, %s)", [LAS_BAS, erbjudande_id])
        if not c.fetchone()[0]:
            return False
    try:
        e = Erbjudande.objects.get(pk=erbjudande_id)
        if e.status != Erbjudande.Status.SKICKAS:
            return True
        nu = nu or timezone.now()
        while _skicka_del(e, chunk=chunk, nu=nu):
            pass
        return True
    finally:
        with connection.cursor() as c:
            c.execute("SELECT pg_advisory_unlock(%s, %s)", [LAS_BAS, erbjudande_id])


def _las_mottagare(*, invanare: Invanare, mottagare_id) -> Mottagare:
    try:
        # Her row only: the offer's row is locked by the send for a whole chunk.
        return (Mottagare.objects.select_for_update(of=("self",)).select_related("erbjudande")
                .get(pk=mottagare_id, invanare=invanare))
    except (Mottagare.DoesNotExist, ValueError, TypeError):
        raise ValidationError(_("Erbjudandet finns inte."), code="finns_inte") from None


def _giltigt(m: Mottagare, nu: datetime.datetime) -> None:
    dag = timezone.localdate(nu)
    if not (m.erbjudande.giltig_fran <= dag <= m.erbjudande.giltig_till):
        raise ValidationError(_("Erbjudandet gäller inte längre."))


def mottagare_oppna(*, invanare: Invanare, mottagare_id) -> Mottagare:
    with transaction.atomic():
        m = _las_mottagare(invanare=invanare, mottagare_id=mottagare_id)
        if m.oppnat is None:
            m.oppnat = timezone.now()
            if m.status == Mottagare.Status.SKICKAT:
                m.status = Mottagare.Status.OPPNAT
            m.save(update_fields=["oppnat", "status"])
            rakna(m.erbjudande_id, m.oppnat, oppnat=1)
    return m


def mottagare_avboj(*, invanare: Invanare, mottagare_id) -> Mottagare:
    with transaction.atomic():
        m = _las_mottagare(invanare=invanare, mottagare_id=mottagare_id)
        if m.status == Mottagare.Status.BOKAT:
            raise ValidationError(_("Du har redan bokat en tid från erbjudandet. Avboka tiden i stället."))
        if m.status == Mottagare.Status.AVBOJT:
            return m  # declined once: the day it was declined stays (and is counted once)
        nu = timezone.now()
        oppnas = m.oppnat is None
        m.status, m.avbojt = Mottagare.Status.AVBOJT, nu
        m.oppnat = m.oppnat or nu
        m.save(update_fields=["status", "avbojt", "oppnat"])
        rakna(m.erbjudande_id, nu, avbojt=1, oppnat=int(oppnas))
    return m


def mottagare_boka(*, aktor: Invanare, invanare: Invanare, mottagare_id, tid_id, halsodeklaration: dict | None = None):
    """Book from the offer with the booking service itself (its rules and double-booking guarantee)."""
    from bokning.models import Tid

    nu = timezone.now()
    with transaction.atomic():
        m = _las_mottagare(invanare=invanare, mottagare_id=mottagare_id)
        e = m.erbjudande
        _giltigt(m, nu)
        if e.atgard != Erbjudande.Atgard.BOKA:
            raise ValidationError(_("Det här erbjudandet gäller inte bokning."))
        if m.status == Mottagare.Status.BOKAT:
            raise ValidationError(_("Du har redan bokat en tid från erbjudandet."))
        if not Tid.objects.filter(pk=tid_id, tidbok_id=e.tidbok_id, tidstyp_id=e.tidstyp_id).exists():
            raise ValidationError(_("Tiden hör inte till erbjudandet."))
        bokning = bokning_create_app(aktor=aktor, invanare=invanare, tid_id=tid_id, halsodeklaration=halsodeklaration)
        m.status, m.bokat, m.bokning = Mottagare.Status.BOKAT, timezone.now(), bokning
        oppnas = m.oppnat is None
        m.oppnat = m.oppnat or m.bokat
        m.save(update_fields=["status", "bokat", "bokning", "oppnat"])
        rakna(m.erbjudande_id, m.bokat, bokat=1, oppnat=int(oppnas))
    return m
