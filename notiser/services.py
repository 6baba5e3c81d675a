"""Notices to the citizen's phone (seed 001, "Samtycke": "de godkänt att få SMS-aviseringar och/eller
pushnotiser om bokade besök och andra ärenden"). The one entry point for domain apps:

    from notiser.services import Notistyp, notis_skicka

    with transaction.atomic():
        ...                                        # the change the notice is about
        notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel=f"dokument:{dok.pk}", aktor=aktor,
                     skyddad_bekraftad=dok.skyddad_bekraftad)

Rules, all here:
- Texts are fixed per notice type and never carry clinical content: no unit, no time type, no document title,
  no message text; only a visit time in the reminder. The caller cannot pass text.
- Never for a locked account (nobody is told anything, not even proxies: seed 001 "Spärra konto", LVU).
- A protected citizen, or one with a known threat, only when staff chose it (``skyddad_bekraftad``; the one rule
  in notiser/regler.py); otherwise nobody is told.
- Recipients: she herself when she has consented (account + accepted terms, invanare.samtycke), and whoever
  may act as her proxy now (``ombud_for``: for a child the guardians, blocked and locked proxies left out)
  when they have consented; each by her own choice of SMS, push or both (Notisval; no row: both). Push goes
  to her active devices; SMS to her mobile number (the SMS outbox's rules apply on top).
- One notice per recipient and key: idempotency keys ``notis:<nyckel>:<recipient>:sms`` / ``…:push:<device>``.
"""
from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, models
from django.db.models import Exists, F, OuterRef
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, Syfte, konto_ar_sparrat, ombud_for, senaste_fodelsedag
from invanare.models import Invanare, Kontosparr, OmbudBlockering, Vardnadshavarskap
from invanare.samtycke import har_samtycke, krav_version, samtycke_q
from notiser.models import Notisval, PushEnhet, PushUtgaende
from notiser.push.services import push_enqueue
from notiser.regler import kraver_personalens_val
from notiser.sms.services import sms_enqueue
from vardportalen.ko import publicera_efter_commit

TITEL = "Alltid öppet"


class Notistyp(models.TextChoices):
    NYTT_DOKUMENT = "nytt_dokument", gettext_lazy("Nytt e-dokument")
    NYTT_MEDDELANDE = "nytt_meddelande", gettext_lazy("Nytt meddelande från vården")
    BOKNING_NY = "bokning_ny", gettext_lazy("Tid bokad av vården")
    BOKNING_FLYTTAD = "bokning_flyttad", gettext_lazy("Tid flyttad av vården")
    PAMINNELSE = "paminnelse", gettext_lazy("Påminnelse dagen före besöket")
    ERBJUDANDE = "erbjudande", gettext_lazy("Erbjudande från vården")


def _klockslag(tid: datetime.datetime | None) -> str:
    with translation.override("sv"):
        return formats.time_format(timezone.localtime(tid), "H:i") if tid else ""


def notis_text(typ: str, *, som_ombud: bool, besokstid: datetime.datetime | None = None) -> str:
    """The whole text of a notice. For a proxy it does not name the person either."""
    sjalv = {
        Notistyp.NYTT_DOKUMENT: _("Du har fått ett nytt dokument i Alltid öppet. Logga in i appen för att läsa det."),
        Notistyp.NYTT_MEDDELANDE: _("Du har fått ett nytt meddelande från vården i Alltid öppet."),
        Notistyp.BOKNING_NY: _("Vården har bokat en tid åt dig. Se tiden i Alltid öppet."),
        Notistyp.BOKNING_FLYTTAD: _("Vården har flyttat en av dina bokade tider. Se den nya tiden i Alltid öppet."),
        Notistyp.PAMINNELSE: _("Påminnelse: du har en bokad tid i morgon kl. %(tid)s. Se mer i Alltid öppet."),
        Notistyp.ERBJUDANDE: _("Du har fått ett erbjudande från vården. Se det i Alltid öppet."),
    }
    ombud = {
        Notistyp.NYTT_DOKUMENT: _("Det finns ett nytt dokument i Alltid öppet för någon du är ombud för."),
        Notistyp.NYTT_MEDDELANDE: _("Det finns ett nytt meddelande från vården i Alltid öppet för någon du är ombud för."),
        Notistyp.BOKNING_NY: _("Vården har bokat en tid för någon du är ombud för. Se tiden i Alltid öppet."),
        Notistyp.BOKNING_FLYTTAD: _("Vården har flyttat en bokad tid för någon du är ombud för. Se den i Alltid öppet."),
        Notistyp.PAMINNELSE: _("Påminnelse: någon du är ombud för har en bokad tid i morgon kl. %(tid)s. "
                               "Se mer i Alltid öppet."),
        Notistyp.ERBJUDANDE: _("Det finns ett erbjudande från vården i Alltid öppet för någon du är ombud för."),
    }
    text = (ombud if som_ombud else sjalv)[Notistyp(typ)]
    return text % {"tid": _klockslag(besokstid)} if typ == Notistyp.PAMINNELSE else text


def notis_mottagare(*, invanare: Invanare, nu: datetime.datetime | None = None) -> list[tuple[Invanare, bool]]:
    """(person, as proxy) pairs who are told about her errands now; empty for a locked account."""
    if konto_ar_sparrat(invanare):
        return []
    krav = krav_version(nu)
    mottagare = [(invanare, False)] if har_samtycke(invanare, krav=krav) else []
    for rel in ombud_for(invanare=invanare, syfte=Syfte.OVERSIKT, nu=nu):
        if rel.ombud.pk != invanare.pk and har_samtycke(rel.ombud, krav=krav):
            mottagare.append((rel.ombud, True))
    return mottagare


def notis_skicka(*, invanare: Invanare, typ: str, nyckel: str, skyddad_bekraftad: bool = False,
                 besokstid: datetime.datetime | None = None, aktor=None, nu: datetime.datetime | None = None) -> int:
    """Queue the notice in the caller's transaction; the outboxes are drained after commit. Returns the number
    of recipients told."""
    nu = nu or timezone.now()
    if kraver_personalens_val(invanare) and not skyddad_bekraftad:
        return 0  # protected identity or a known threat: nobody is told, her proxies neither
    mottagare = notis_mottagare(invanare=invanare, nu=nu)
    val = {v.invanare_id: v for v in Notisval.objects.filter(invanare__in=[m for m, _o in mottagare])}
    antal = 0
    for person, som_ombud in mottagare:
        v = val.get(person.pk)
        text = notis_text(typ, som_ombud=som_ombud, besokstid=besokstid)
        bas = f"notis:{nyckel}:{person.pk}"[:180]
        skickat = False
        if v is None or v.push:
            skickat = push_enqueue(invanare=person, titel=TITEL, text=text, idempotensnyckel=f"{bas}:push", syfte=typ,
                                   skyddad_bekraftad=skyddad_bekraftad, aktor=aktor, nu=nu) > 0
        if v is None or v.sms:
            skickat = sms_enqueue(invanare=person, text=text, idempotensnyckel=f"{bas}:sms", syfte=typ,
                                  skyddad_bekraftad=skyddad_bekraftad, aktor=aktor, nu=nu) is not None or skickat
        antal += skickat
    if antal:
        _dranera_efter_commit()
    return antal


def notis_push_grupp(*, invanare_ids: list[int], typ: str, nyckel: str, skyddad_bekraftad: bool = False,
                     nu: datetime.datetime | None = None) -> int:
    """Push the notice ``typ`` about each of many citizens, set-based (a mass send of thousands per chunk), in the
    caller's transaction. The same rules as ``notis_skicka``, for push only (the caller chose SMS for whoever
    cannot be reached in the app): nothing about or to a locked account; about a protected citizen only when staff
    chose it; to her when she has consented, and for a child under 13 to the guardians who have consented and are
    neither blocked as proxy nor locked; each recipient's own choice (Notisval: push off → nothing); one row per
    active device. Keys ``notis:<nyckel>:<subject>:<recipient>:push:<device>`` (unique: a rerun adds nothing).
    Returns the rows written."""
    if not invanare_ids:
        return 0
    nu = nu or timezone.now()
    dag = timezone.localdate(nu)
    krav = krav_version(nu)

    def utan_sparr_och_nej(qs, falt):
        return qs.exclude(Exists(Kontosparr.objects.aktiva().filter(invanare=OuterRef(falt)))).exclude(
            Exists(Notisval.objects.filter(invanare=OuterRef(falt), push=False)))

    sjalv = utan_sparr_och_nej(Invanare.objects.filter(samtycke_q(krav=krav), pk__in=invanare_ids), "pk")
    vardnad = utan_sparr_och_nej(Vardnadshavarskap.objects.aktiva(dag).filter(
        samtycke_q(krav=krav, falt="vardnadshavare__"), barn_id__in=invanare_ids,
        barn__fodelsedatum__gt=senaste_fodelsedag(dag, AUTOMATISK_OMBUD_GRANS),
    ).exclude(Exists(Kontosparr.objects.aktiva().filter(invanare=OuterRef("barn")))).exclude(
        Exists(OmbudBlockering.objects.aktiva().filter(huvudman=OuterRef("barn"), ombud=OuterRef("vardnadshavare")))
    ), "vardnadshavare")
    if not skyddad_bekraftad:
        # notiser.regler.kraver_personalens_val, set-based: protected identity or a known threat.
        sjalv = sjalv.filter(skydd="", kand_hotbild=False)
        vardnad = vardnad.filter(barn__skydd="", barn__kand_hotbild=False, vardnadshavare__skydd="",
                                 vardnadshavare__kand_hotbild=False)
    delar = [
        (sjalv.annotate(mottagare=F("pk")).values_list("pk", "mottagare"), False),
        (vardnad.values_list("barn_id", "vardnadshavare_id"), True),
    ]
    antal = 0
    with connection.cursor() as c:
        for qs, som_ombud in delar:
            sql, params = qs.order_by().query.sql_with_params()
            c.execute(
                f"INSERT INTO {PushUtgaende._meta.db_table} (invanare_id, enhet_id, titel, text, syfte, idempotensnyckel, "
                "status, orsak, skyddad_bekraftad, skapad, nasta_forsok, forsok, gateway_id, skapad_av_hsa_id, "
                "vardenhet_hsa_id) "
                f"SELECT r.mottagare, d.id, %s, %s, %s, "
                f"'notis:' || %s || ':' || r.om || ':' || r.mottagare || ':push:' || d.id, %s, '', %s, %s, %s, 0, '', '', '' "
                f"FROM ({sql}) AS r(om, mottagare) JOIN {PushEnhet._meta.db_table} d "
                "ON d.invanare_id = r.mottagare AND d.aktiv "
                "ON CONFLICT (idempotensnyckel) DO NOTHING",
                [TITEL, notis_text(typ, som_ombud=som_ombud), typ, nyckel, PushUtgaende.Status.VANTANDE,
                 skyddad_bekraftad, nu, nu, *params],
            )
            antal += c.rowcount
    if antal:
        _dranera_efter_commit()
    return antal


def _dranera_efter_commit() -> None:
    """Send at once after commit, without making the request depend on Redis (vardportalen.ko): the rows are
    committed, and the beat tasks (every minute) pick up whatever a lost message left."""
    ko = settings.NOTISER_KO or None
    for namn in ("notiser.tasks.sms_skicka_vantande", "notiser.tasks.push_skicka_vantande"):
        publicera_efter_commit(namn, queue=ko)


def notisval_satt(*, invanare: Invanare, sms, push) -> Notisval:
    """Her choice: SMS, push or both (at least one)."""
    from django.core.exceptions import ValidationError

    if not isinstance(sms, bool) or not isinstance(push, bool):
        raise ValidationError(_("Ange sms och push som true eller false."))
    if not (sms or push):
        raise ValidationError(_("Välj SMS, pushnotiser eller båda."))
    val, _ny = Notisval.objects.update_or_create(invanare=invanare, defaults={"sms": sms, "push": push,
                                                                              "andrad": timezone.now()})
    return val
