"""Demo data: capacity for every clinic and week, pregnancies (Sara Lindqvist choosing, Fatima Haddad with
reservnummer and wishes in the patient note, about a third of the population's women 20–42 years), the region's
real demand as an extra cohort of synthetic pregnant women (``_kohort``: some 500 due dates a week, so that decided
weeks fill 80–100 % of the places) and a first allocation run so that those past 22+0 have a decided clinic.
Idempotent and bulk (one query per table)."""
import datetime
import json
import random

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning import klocka
from forlossning.fordelning import prognos
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut, Fordelningskorning, Graviditet, Kapacitet, Onskemal, OnskemalHandelse
from invanare.geo import haversine_km

STEG = "forlossning"
# Births per year planned in 2023 (issue 3): each clinic's places per week, and with them the cohort's demand.
ARSPLAN = {"F_SOS": 6700, "F_DS": 5500, "F_KH": 4200, "F_BBS": 4000, "F_KS": 3200, "F_STS": 2500, "F_SG": 2000}
# The cohort: due dates per week as a share of the week's places (the region plans a little above its births),
# registered at the first visit (MHV1) in gestational week 8–12, wishes by popularity and nearness *(demo)*.
KOHORT_FYLLNAD = (0.92, 1.0)
MHV1_VECKOR = (8, 13)
ANDEL_VALJER = 0.8
POPULARITET = {"F_SOS": 1.6, "F_BBS": 1.5, "F_SG": 1.3, "F_DS": 1.2, "F_KS": 1.0, "F_KH": 0.9, "F_STS": 0.9}
DEMO_BARNMORSKA = ("SE2321000016-DEMO", "Demo Barnmorska")


def _veckofaktor(vecka: datetime.date) -> float:
    """Fewer places in the summer and over Christmas, when the clinics run with less staff *(demo)*."""
    nummer = vecka.isocalendar().week
    if 27 <= nummer <= 32:
        return 0.8
    if nummer >= 51 or nummer == 1:
        return 0.9
    return 1.03


def _platser(key: str, vecka: datetime.date) -> int:
    return round(ARSPLAN[key] / 52 * _veckofaktor(vecka))


def _kapacitet(kliniker, *, idag: datetime.date) -> None:
    """Each clinic's real yearly plan spread over the weeks (SÖS about 130 places a week), so the capacity pages
    look like the region's, however small the demo population is."""
    forsta = gv.vecka_start(idag) - datetime.timedelta(weeks=10)
    rader = []
    for key, enhet in kliniker.items():
        for i in range(60):
            vecka = forsta + datetime.timedelta(weeks=i)
            rader.append(Kapacitet(klinik=enhet, vecka=vecka, platser=_platser(key, vecka), andrad_av_namn="demo"))
    Kapacitet.objects.bulk_create(rader, ignore_conflicts=True)


def forlossning_demo(result) -> None:
    from invanare.demodata.kohort import kohort_invanare_ids
    from invanare.models import Invanare

    units = result.units
    kliniker = {k: units[k] for k in ARSPLAN if k in units}
    if not kliniker:
        return
    nu = klocka.nu()
    idag = klocka.idag(nu)
    rng = random.Random(result.seed * 7919)
    kvinnor = Invanare.objects.filter(
        kon="K", fodelsedatum__gt=idag - datetime.timedelta(days=42 * 365),
        fodelsedatum__lt=idag - datetime.timedelta(days=20 * 365))
    _kapacitet(kliniker, idag=idag)

    bmm = units.get("BMM_GUB")
    redan = set(Graviditet.objects.aktiva().values_list("invanare_id", flat=True))
    named = result.named_pks
    skyddad = {named.get("skyddad")}
    # the same women on every run (a hash of the id, not the dice), so a rerun finds them registered already
    kandidater = [pk for pk in kvinnor.exclude(Q(pk__in=redan) | Q(pk__in=skyddad) | Q(pk__in=kohort_invanare_ids()))
                  .order_by("pk")
                  .values_list("pk", flat=True) if (pk * 2654435761 + result.seed) % 100 < 30]
    nya = []
    for pk in kandidater:
        if pk in named.values():
            continue
        bf = idag + datetime.timedelta(days=rng.randint(1, 40 * 7))
        nya.append(Graviditet(invanare_id=pk, bf=bf, mhv1_datum=min(idag, bf - datetime.timedelta(days=rng.randint(200, 240))),
                              registrerad=nu, registrerad_vid=bmm, registrerad_av_hsa_id="SE2321000016-DEMO",
                              registrerad_av_namn="Demo Barnmorska"))
    sara, fatima = named.get("gravid"), named.get("reserv_gravid")
    if sara and sara not in redan:  # 18+2: registered, not yet chosen (she chooses in the app)
        bf = idag + datetime.timedelta(days=gv.BF_DAGAR - (18 * 7 + 2))
        nya.append(Graviditet(invanare_id=sara, bf=bf, mhv1_datum=idag - datetime.timedelta(days=60), registrerad=nu,
                              registrerad_vid=bmm, registrerad_av_hsa_id="SE2321000016-DEMO",
                              registrerad_av_namn="Demo Barnmorska"))
    if fatima and fatima not in redan:  # 20+4, wishes in the patient note
        bf = idag + datetime.timedelta(days=gv.BF_DAGAR - (20 * 7 + 4))
        nya.append(Graviditet(invanare_id=fatima, bf=bf, mhv1_datum=idag - datetime.timedelta(days=80), registrerad=nu,
                              registrerad_vid=bmm, registrerad_av_hsa_id="SE2321000016-DEMO",
                              registrerad_av_namn="Demo Barnmorska",
                              patientnotering="Önskar Södersjukhuset i första hand, annars BB S:t Göran."))
    skapade = Graviditet.objects.bulk_create(nya, batch_size=5000)
    ordning = list(kliniker.values())
    onskemal, historik = [], []
    for g in skapade:
        if g.invanare_id == sara:
            continue
        if g.invanare_id == fatima:
            val = [kliniker["F_SOS"], kliniker["F_SG"]]
        elif rng.random() < 0.6:
            val = rng.sample(ordning, rng.randint(1, 4))
        else:
            continue
        onskemal += [Onskemal(graviditet=g, klinik=k, rang=i) for i, k in enumerate(val, 1)]
        kalla = "personal" if g.invanare_id == fatima else "app"
        historik.append(OnskemalHandelse(graviditet=g, tidpunkt=nu, kalla=kalla, av="demo",
                                         kliniker=[k.namn for k in val]))
        g.onskemal_andrad, g.onskemal_kalla, g.onskemal_andrad_av = nu, kalla, "demo"
    Onskemal.objects.bulk_create(onskemal, batch_size=5000)
    OnskemalHandelse.objects.bulk_create(historik, batch_size=5000)
    Graviditet.objects.bulk_update([g for g in skapade if g.onskemal_andrad], ["onskemal_andrad", "onskemal_kalla",
                                                                              "onskemal_andrad_av"], batch_size=5000)
    if named:  # a population to stand beside (demo_load --invanare 0: no citizens at all)
        _kohort(kliniker, units, idag=idag, nu=nu, seed=result.seed)
    kort_vecka_satt(kliniker, idag=idag)
    _dagens_tomma_korning_glom(idag)
    korning = fordelning_kor(nu=nu)  # decides everyone already past 22+0 (once per day)
    if named:
        _kohortens_historik(korning, idag=idag, nu=nu)
    prognos.spara_i_korning(korning, idag)  # as the daily task: the planner's dashboard shows the short week


def kort_vecka_satt(kliniker, *, idag: datetime.date) -> datetime.date:
    """The third coming delivery week not yet being decided gets places for four fifths of its registered women (by
    the 2023 plan's shares), so the planner's forecast warning and, once decided, the run page's shortfall have
    something to show. Idempotent: it sets, it does not subtract."""
    vecka = prognos.veckor_framat(idag)[2]
    kanda = Graviditet.objects.aktiva().filter(bf__gte=vecka, bf__lt=vecka + datetime.timedelta(days=7)).count()
    totalt, summa = kanda * 4 // 5, sum(ARSPLAN[k] for k in kliniker)
    if kanda < 5:
        return vecka
    andelar = {k: totalt * ARSPLAN[k] / summa for k in kliniker}
    platser = {k: int(a) for k, a in andelar.items()}
    for k in sorted(kliniker, key=lambda k: -(andelar[k] - platser[k]))[:totalt - sum(platser.values())]:
        platser[k] += 1
    for k, enhet in kliniker.items():
        Kapacitet.objects.filter(klinik=enhet, vecka=vecka, andrad_av_namn="demo").update(platser=platser[k])
    return vecka


def _dagens_tomma_korning_glom(idag: datetime.date) -> None:
    """A rerun with --reset the same day: the citizens, and with them every decision of today's run, are gone, but
    its record would make the day's run a no-op (exactly once) and leave the new pregnancies undecided. The record
    of a run that no decision points at any more is forgotten, so the run decides again."""
    (Fordelningskorning.objects.filter(idempotensnyckel=f"daglig:{idag.isoformat()}")
     .exclude(pk__in=Beslut.objects.filter(korning__isnull=False).values("korning_id")).delete())


def _kohort(kliniker, units, *, idag: datetime.date, nu: datetime.datetime, seed: int) -> None:
    """The region's real demand beside the small population: for each coming delivery week as many due dates as
    KOHORT_FYLLNAD of its places, of them the women registered by today (MHV1 already held), as synthetic women
    (invanare.demodata.kohort) at the nearest barnmorskemottagning, ANDEL_VALJER of them with 1–3 wishes. Made
    once: a rerun finds the cohort and leaves it (its decisions are the run's)."""
    from invanare.demodata import kohort, writer
    from vardportalen.models import Vardenhet

    bmm = [u for u in units.values() if u.typ == Vardenhet.Typ.BARNMORSKEMOTTAGNING and u.lat is not None]
    if not bmm or kohort.kohort_finns():
        return
    rng, tz = random.Random(seed * 104729 + 18), timezone.get_current_timezone()
    rader = []  # (bf, mhv1, her birth date)
    forsta = gv.vecka_start(idag)
    for i in range(gv.BF_DAGAR // 7 - MHV1_VECKOR[0] + 1):
        vecka = forsta + datetime.timedelta(weeks=i)
        antal = round(sum(_platser(k, vecka) for k in kliniker) * rng.uniform(*KOHORT_FYLLNAD))
        for _ in range(antal):
            bf = vecka + datetime.timedelta(days=rng.randrange(7))
            mhv1 = bf - datetime.timedelta(days=gv.BF_DAGAR - rng.randrange(MHV1_VECKOR[0] * 7, MHV1_VECKOR[1] * 7))
            alder = min(max(rng.gauss(31.5, 5.0), 18.0), 46.0)  # mothers in Stockholm: 31–32 years on average
            if idag < bf and mhv1 <= idag:
                rader.append((bf, mhv1, bf - datetime.timedelta(days=round(alder * 365.25))))
    kvinnor = kohort.kvinnor_skapa([(fodd, _kl(mhv1, nu, tz)) for _bf, mhv1, fodd in rader], seed=seed * 7 + 18,
                                   idag=idag, nu=nu, enheter=bmm, anledning="Mödrahälsovård")
    ids = writer.allocate_ids(Graviditet, len(kvinnor))
    graviditeter, onskemal, historik = [], [], []
    for gid, kvinna, (bf, mhv1, _f) in zip(ids, kvinnor, rader, strict=True):
        val = _onskemal(rng, kvinna, kliniker) if rng.random() < ANDEL_VALJER else []
        registrerad = _kl(mhv1, nu, tz)
        tid, kalla, av = None, "", ""
        if val:
            sista = datetime.datetime.combine(gv.sista_valdag(bf), datetime.time(20), tzinfo=registrerad.tzinfo)
            tid = min(registrerad + datetime.timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 10)), sista, nu)
            kalla = "personal" if kvinna.reservnummer else "app"  # the app does not take reservnummer
            av = DEMO_BARNMORSKA[1] if kvinna.reservnummer else "demo"
            onskemal += [(gid, k.pk, rang) for rang, k in enumerate(val, 1)]
            historik.append((gid, tid, kalla, av, json.dumps([k.namn for k in val], ensure_ascii=False)))
        graviditeter.append((gid, kvinna.pk, mhv1, bf, registrerad, kvinna.enhet.pk, *DEMO_BARNMORSKA, tid, kalla, av))
    writer.write_rows(Graviditet, ("id", "invanare_id", "mhv1_datum", "bf", "registrerad", "registrerad_vid_id",
                                   "registrerad_av_hsa_id", "registrerad_av_namn", "onskemal_andrad",
                                   "onskemal_kalla", "onskemal_andrad_av"), graviditeter)
    writer.write_rows(Onskemal, ("graviditet_id", "klinik_id", "rang"), onskemal)
    writer.write_rows(OnskemalHandelse, ("graviditet_id", "tidpunkt", "kalla", "av", "kliniker"), historik)
    writer.analyze(Graviditet, Onskemal)


def _kl(dag: datetime.date, nu: datetime.datetime, tz) -> datetime.datetime:
    """10 o'clock local time on that day (registrations at the midwife's clinic), not after now."""
    return min(datetime.datetime.combine(dag, datetime.time(10), tzinfo=tz), nu)


def _onskemal(rng: random.Random, kvinna, kliniker: dict) -> list:
    """1–3 clinics without repetition, weighted by popularity and nearness (halved at about 10 km)."""
    vikter = {}
    for key, enhet in kliniker.items():
        km = 15.0 if kvinna.lat is None else haversine_km(kvinna.lat, kvinna.lon, enhet.lat, enhet.lon)
        vikter[key] = POPULARITET.get(key, 1.0) / (1 + (km / 10) ** 2)
    val = []
    for _ in range(rng.choices((1, 2, 3), weights=(35, 35, 30))[0]):
        key = rng.choices(list(vikter), weights=list(vikter.values()))[0]
        val.append(kliniker[key])
        del vikter[key]
    return val


def _kohortens_historik(korning: Fordelningskorning, *, idag: datetime.date, nu: datetime.datetime) -> None:
    """The cohort's women past 22+0 were decided on their own 22+0 day, weeks ago in the region's history: their
    decisions dated then (at the daily task's hour) and their decision SMS and reminders sent then, rather than
    some 9,000 SMS waiting in the outbox ahead of those the demo's user causes (the outbox sends 500 a minute)."""
    from forlossning.fordelning.korning import SMS_BESLUT
    from forlossning.paminnelser import EFTER, SMS_PAMINNELSE, paminnelser_skapa
    from invanare.demodata import writer
    from invanare.demodata.kohort import kohort_invanare_ids
    from notiser.models import SmsUtgaende

    quote = connection.ops.quote_name
    b, g, sms = (quote(m._meta.db_table) for m in (Beslut, Graviditet, SmsUtgaende))
    kohort_sql, kohort_param = kohort_invanare_ids().query.sql_with_params()
    dagar = gv.BF_DAGAR - 22 * 7
    writer.analyze(Beslut, SmsUtgaende)  # just written by the run: without statistics these joins take seconds
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {b} b SET beslutad = ((g.bf - %s) + TIME '01:30') AT TIME ZONE %s
                FROM {g} g WHERE g.id = b.graviditet_id AND b.korning_id = %s AND g.bf - %s < %s
                  AND g.invanare_id IN ({kohort_sql})""",
            [dagar, str(timezone.get_current_timezone()), korning.pk, dagar, idag, *kohort_param])
        paminnelser_skapa(nu=nu)
        beslut_nyckel, paminnelse_nyckel = SMS_BESLUT.format(gid=""), SMS_PAMINNELSE.format(gid="")
        cursor.execute(
            f"""UPDATE {sms} s SET status = %s, skapad = t.tid, skicka_efter = t.tid, nasta_forsok = t.tid,
                                   skickad = t.tid, forsok = 1, gateway_id = 'demo-historik'
                FROM (SELECT %s || b.graviditet_id AS nyckel, b.beslutad AS tid FROM {b} b WHERE b.korning_id = %s
                      UNION ALL
                      SELECT %s || b.graviditet_id, b.beslutad + %s FROM {b} b WHERE b.korning_id = %s) t
                WHERE s.idempotensnyckel = t.nyckel AND s.status = %s AND t.tid < %s
                  AND s.invanare_id IN ({kohort_sql})""",
            [SmsUtgaende.Status.SKICKAD.value, beslut_nyckel, korning.pk, paminnelse_nyckel, EFTER, korning.pk,
             SmsUtgaende.Status.VANTANDE.value, nu - datetime.timedelta(hours=1), *kohort_param])
