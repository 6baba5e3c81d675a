"""Demo data: capacity for every clinic and week, pregnancies (Sara Lindqvist choosing, Fatima Haddad with
reservnummer and wishes in the patient note, about a third of women 20–42 years), and a first allocation
run so that those past 22+0 have a decided clinic. Idempotent and bulk (one query per table)."""
import datetime
import random

from django.db.models import Q
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.fordelning import prognos
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Graviditet, Kapacitet, Onskemal, OnskemalHandelse

STEG = "forlossning"
# Births per year planned in 2023 (issue 3), scaled to the demo population below.
ARSPLAN = {"F_SOS": 6700, "F_DS": 5500, "F_KH": 4200, "F_BBS": 4000, "F_KS": 3200, "F_STS": 2500, "F_SG": 2000}


def _veckofaktor(vecka: datetime.date) -> float:
    """Fewer places in the summer and over Christmas, when the clinics run with less staff *(demo)*."""
    nummer = vecka.isocalendar().week
    if 27 <= nummer <= 32:
        return 0.8
    if nummer >= 51 or nummer == 1:
        return 0.9
    return 1.03


def _kapacitet(kliniker, *, idag: datetime.date) -> None:
    """Each clinic's real yearly plan spread over the weeks (SÖS about 130 places a week), so the capacity pages
    look like the region's, however small the demo population is."""
    forsta = gv.vecka_start(idag) - datetime.timedelta(weeks=10)
    rader = []
    for key, enhet in kliniker.items():
        for i in range(60):
            vecka = forsta + datetime.timedelta(weeks=i)
            rader.append(Kapacitet(klinik=enhet, vecka=vecka, platser=round(ARSPLAN[key] / 52 * _veckofaktor(vecka)),
                                   andrad_av_namn="demo"))
    Kapacitet.objects.bulk_create(rader, ignore_conflicts=True)


def forlossning_demo(result) -> None:
    from invanare.models import Invanare

    units = result.units
    kliniker = {k: units[k] for k in ARSPLAN if k in units}
    if not kliniker:
        return
    nu = timezone.now()
    idag = timezone.localdate(nu)
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
    kandidater = [pk for pk in kvinnor.exclude(Q(pk__in=redan) | Q(pk__in=skyddad)).order_by("pk")
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
    kort_vecka_satt(kliniker, idag=idag)
    korning = fordelning_kor(nu=nu)  # decides everyone already past 22+0 (once per day)
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
