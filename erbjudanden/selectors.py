"""Reads for targeted offers: the target group as one set-based query, its reachability, the follow-up.

Reachability (one place, ``kanal_uttryck``):
- unreachable: reservnummer (no Alltid öppet), or a locked account (seed 001, "Spärra konto");
- in the app: a registered account, or a child under 13 with a guardian who is registered, not locked and
  not blocked as proxy (invanare.behorighet: guardians act automatically below 13);
- only by SMS: a mobile number, and either no protected identity or staff chose SMS for protected citizens
  in this campaign (notiser.regler);
- otherwise unreachable.
"""
from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from bokning.models import Bokning, Vaccination
from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, senaste_fodelsedag
from invanare.kriterier.models import Diagnos, normalisera_icd10
from invanare.models import IdTyp, Invanare, Kontosparr, OmbudBlockering, Vardnadshavarskap

from .models import Erbjudande, Mottagare
from .raknare import raknare_las

INGEN = "ingen"


def utan_jit() -> None:
    """The reachability subplans make the planner's cost estimate large, so PostgreSQL JIT-compiles the query:
    ~0.6 s of compilation for a query that runs in ~0.1 s. Off for this transaction only."""
    with connection.cursor() as c:
        c.execute("SET LOCAL jit = off")


def _lista(text: str) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


def malgrupp(erbjudande: Erbjudande, *, nu: datetime.datetime | None = None):
    """All citizens the offer's rules select (before reachability). AND between the filled-in rules."""
    nu = nu or timezone.now()
    dag = timezone.localdate(nu)
    qs = Invanare.objects.all()
    e = erbjudande
    if e.alder_min is not None:
        qs = qs.filter(fodelsedatum__lte=senaste_fodelsedag(dag, e.alder_min))
    if e.alder_max is not None:
        qs = qs.filter(fodelsedatum__gt=senaste_fodelsedag(dag, e.alder_max + 1))
    if koder := _lista(e.kommunkoder):
        qs = qs.filter(kommunkod__in=koder)
    if e.listad_pa_id:
        qs = qs.filter(listad_vardcentral_id=e.listad_pa_id)
    if koder := [normalisera_icd10(k) for k in _lista(e.icd10_koder)]:
        villkor = Q()
        for k in koder:
            villkor |= Q(kod__startswith=k)
        diagnoser = Diagnos.objects.filter(villkor, invanare=OuterRef("pk"))
        if e.vardenhet_id:
            diagnoser = diagnoser.filter(vardenhet_id=e.vardenhet_id)
        qs = qs.filter(Exists(diagnoser))
    if e.besok_dagar_bakat is not None and e.vardenhet_id:
        grans = nu - datetime.timedelta(days=e.besok_dagar_bakat)
        qs = qs.filter(Exists(Bokning.objects.filter(
            invanare=OuterRef("pk"), vardenhet_id=e.vardenhet_id, tid__start__gte=grans,
        ).exclude(status=Bokning.Status.AVBOKAD)))
    if e.ej_vaccinerad_tidstyp_id:
        qs = qs.exclude(Exists(Vaccination.objects.filter(invanare=OuterRef("pk"), tidstyp_id=e.ej_vaccinerad_tidstyp_id)))
    if e.ej_bokad and e.tidbok_id:
        qs = qs.exclude(Exists(Bokning.objects.filter(
            invanare=OuterRef("pk"), tid__tidbok_id=e.tidbok_id, status=Bokning.Status.BOKAD, tid__start__gte=nu,
        )))
    return qs


def kanal_uttryck(erbjudande: Erbjudande, *, nu: datetime.datetime | None = None) -> Case:
    nu = nu or timezone.now()
    dag = timezone.localdate(nu)
    sparrad = Exists(Kontosparr.objects.aktiva().filter(invanare=OuterRef("pk")))
    vardnadshavare = Vardnadshavarskap.objects.aktiva(dag).filter(
        barn=OuterRef("pk"), vardnadshavare__konto=Invanare.Konto.REGISTRERAT,
    ).exclude(
        Exists(Kontosparr.objects.aktiva().filter(invanare=OuterRef("vardnadshavare")))
    ).exclude(
        Exists(OmbudBlockering.objects.aktiva().filter(huvudman=OuterRef("barn"), ombud=OuterRef("vardnadshavare")))
    )
    barn = Q(fodelsedatum__gt=senaste_fodelsedag(dag, AUTOMATISK_OMBUD_GRANS))
    sms_ok = ~Q(mobilnummer="")
    if not erbjudande.sms_till_skyddade:
        sms_ok &= Q(skydd="", kand_hotbild=False)  # the outbox refuses both without the choice (notiser.regler)
    return Case(
        When(Q(id_typ=IdTyp.RESERVNUMMER) | Q(sparrad), then=Value(INGEN)),
        When(konto=Invanare.Konto.REGISTRERAT, then=Value(Mottagare.Kanal.APP)),
        When(barn & Exists(vardnadshavare), then=Value(Mottagare.Kanal.APP)),
        When(sms_ok, then=Value(Mottagare.Kanal.SMS)),
        default=Value(INGEN),
        output_field=CharField(),
    )


def med_kanal(erbjudande: Erbjudande, *, nu: datetime.datetime | None = None):
    return malgrupp(erbjudande, nu=nu).annotate(kanal=kanal_uttryck(erbjudande, nu=nu))


def rackvidd(erbjudande: Erbjudande, *, nu: datetime.datetime | None = None) -> dict[str, int]:
    """{"totalt", "app", "sms", "ingen"} in one query."""
    qs = med_kanal(erbjudande, nu=nu)
    with transaction.atomic():
        utan_jit()
        r = qs.aggregate(
            totalt=Count("pk"),
            app=Count("pk", filter=Q(kanal=Mottagare.Kanal.APP)),
            sms=Count("pk", filter=Q(kanal=Mottagare.Kanal.SMS)),
            ingen=Count("pk", filter=Q(kanal=INGEN)),
        )
    return r


def urval(erbjudande: Erbjudande, *, antal: int = 10, nu: datetime.datetime | None = None) -> list[Invanare]:
    """A sample of the target group, with the channel each would get."""
    return list(med_kanal(erbjudande, nu=nu).order_by("pk")[:antal])


def uppfoljning_per_dag(erbjudande: Erbjudande) -> list[dict]:
    """Sent, opened, booked, declined per day (by the day of each event), from the counters the send and the
    citizen's events keep (erbjudanden.raknare): a handful of rows, whatever the number of recipients."""
    return [{"dag": d, **v} for d, v in raknare_las(erbjudande.pk).items()]


def bokade(erbjudande: Erbjudande):
    """Who booked, oldest booking first: paged by key on (bokat, id) over ``erbjudande_bokade_idx``."""
    return (Mottagare.objects.filter(erbjudande=erbjudande, status=Mottagare.Status.BOKAT)
            .select_related("invanare", "bokning__tid"))


def invanarens_erbjudanden(*, invanare: Invanare, nu: datetime.datetime | None = None):
    """The offers she has, still valid, in the app channel or by SMS (both see them in the app once registered)."""
    dag = timezone.localdate(nu or timezone.now())
    return (Mottagare.objects.filter(invanare=invanare, erbjudande__giltig_fran__lte=dag, erbjudande__giltig_till__gte=dag)
            .select_related("erbjudande").order_by("-skickat"))


def erbjudanden_for(aktor):
    """The unit's own offers, and the regional campaigns for the regional administrator."""
    from vardportalen.models import Roll

    villkor = Q(vardenhet_id=aktor.vardenhet_id)
    if aktor.roll == Roll.REGIONAL_ADMINISTRATOR:
        villkor |= Q(vardenhet__isnull=True)
    return Erbjudande.objects.filter(villkor)
