"""The daily run against PostgreSQL: quotas, run record, unique decisions, SMS, overfull, late registration."""
import datetime

from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.bevakning import overbelaggning_panel
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut, Fordelningskorning
from forlossning.paminnelser import FONSTER, paminnelser_skapa
from invanare.models import Kontosparr, Vardrelation
from notiser.models import SmsUtgaende
from tests.fixtures.forlossning import DANDERYD, SODERTALJE, bf_for_22_0, gravid, kapacitet_satt
from tests.fixtures.staff import MedarbetaruppdragFactory
from vardportalen.models import Roll, Vardenhet


def _nu(dag: datetime.date, h=2) -> datetime.datetime:
    """``h`` o'clock Stockholm time on ``dag``, in UTC: adding a timedelta then adds real hours (the reminder's
    24 hours and 14-day window are real time), not wall-clock days that gain or lose an hour at a DST change."""
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(h))).astimezone(datetime.timezone.utc)


def _dag(offset=0):
    # a Monday far enough ahead that BF-weeks line up with days of the week
    return gv.vecka_start(timezone.localdate()) + datetime.timedelta(days=offset)


def test_only_pregnancies_that_reached_22_0_are_decided(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    idag = gravid(bf=bf_for_22_0(dag))
    imorgon = gravid(bf=bf_for_22_0(dag + datetime.timedelta(days=1)))
    fordelning_kor(nu=_nu(dag))
    assert Beslut.objects.filter(graviditet=idag).exists()
    assert not Beslut.objects.filter(graviditet=imorgon).exists()


def test_the_daily_quota_keeps_the_first_day_from_taking_the_whole_week(kliniker):
    mandag = _dag()
    bf_mandag = bf_for_22_0(mandag)  # the week's women reach 22+0 Monday…Sunday
    kapacitet_satt(kliniker, bf_mandag, {"F_DS": 4, "F_KS": 20, "F_SOS": 20, "F_KH": 20, "F_STS": 20, "F_SG": 20, "F_BBS": 20})
    forsta = [gravid(bf=bf_mandag, onskemal=[kliniker["F_DS"]], plats=DANDERYD) for _ in range(4)]
    senare = [gravid(bf=bf_mandag + datetime.timedelta(days=3), onskemal=[kliniker["F_DS"]], plats=DANDERYD)
              for _ in range(4)]
    fordelning_kor(nu=_nu(mandag))
    # k=4 of N=8 undecided in the week: the quota at Danderyd is ceil(4·4/8) = 2
    assert Beslut.objects.filter(graviditet__in=forsta, klinik=kliniker["F_DS"]).count() == 2
    korning = Fordelningskorning.objects.get(datum=mandag)
    assert korning.kvoter[gv.vecka_slug(gv.vecka_start(bf_mandag))][str(kliniker["F_DS"].pk)] == 2
    fordelning_kor(nu=_nu(mandag + datetime.timedelta(days=3)))
    # the rest of the week (R=2, k=N=4) goes to Thursday's women: leftovers roll forward
    assert Beslut.objects.filter(graviditet__in=senare, klinik=kliniker["F_DS"]).count() == 2


def test_unused_quota_rolls_forward_to_later_days(kliniker):
    mandag = _dag()
    bf = bf_for_22_0(mandag)
    kapacitet_satt(kliniker, bf, {"F_DS": 4, "F_SOS": 20, "F_KS": 20, "F_KH": 20, "F_STS": 20, "F_SG": 20, "F_BBS": 20})
    gravid(bf=bf, onskemal=[kliniker["F_SOS"]])  # Monday: nobody wants Danderyd
    senare = [gravid(bf=bf + datetime.timedelta(days=2), onskemal=[kliniker["F_DS"]], plats=DANDERYD) for _ in range(4)]
    fordelning_kor(nu=_nu(mandag))
    fordelning_kor(nu=_nu(mandag + datetime.timedelta(days=2)))
    assert Beslut.objects.filter(graviditet__in=senare, klinik=kliniker["F_DS"]).count() == 4


def test_a_run_is_recorded_once_per_day_and_a_rerun_decides_nothing_twice(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    gravida = [gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_SOS"], kliniker["F_KH"]]) for _ in range(3)]
    forsta = fordelning_kor(nu=_nu(dag))
    andra = fordelning_kor(nu=_nu(dag, h=5))
    assert forsta.pk == andra.pk and andra.status == "klar" and andra.forsok == 1
    assert Beslut.objects.count() == 3
    assert SmsUtgaende.objects.filter(syfte="forlossning_beslut").count() == 3
    assert forsta.resultat["da"]["forsta"] == 3 and forsta.gap == 0
    assert Vardrelation.objects.filter(vardenhet=kliniker["F_SOS"], invanare__graviditeter__in=gravida).count() == 3


def test_decision_sms_now_and_reminder_the_day_after(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    g = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]], mobilnummer="070-174 06 11")
    nu = _nu(dag)
    fordelning_kor(nu=nu)
    beslut = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:beslut:{g.pk}")
    assert beslut.status == "vantande" and beslut.nasta_forsok == nu
    assert "Karolinska Universitetssjukhuset Huddinge" in beslut.text and beslut.mobilnummer == "+46701740611"
    nyckel = f"forlossning:paminnelse:{g.pk}"
    # not before the day has passed
    assert paminnelser_skapa(nu=nu + datetime.timedelta(hours=23, minutes=59)) == 0
    assert not SmsUtgaende.objects.filter(idempotensnyckel=nyckel).exists()
    assert paminnelser_skapa(nu=nu + datetime.timedelta(days=1, minutes=10)) == 1
    paminnelse = SmsUtgaende.objects.get(idempotensnyckel=nyckel)
    assert paminnelse.status == "vantande" and paminnelse.nasta_forsok == nu + datetime.timedelta(days=1)
    assert paminnelse.syfte == "forlossning_paminnelse" and "Karolinska Universitetssjukhuset Huddinge" in paminnelse.text
    # run again (the next quarter, or a second worker): still one reminder
    assert paminnelser_skapa(nu=nu + datetime.timedelta(days=1, minutes=25)) == 0
    assert SmsUtgaende.objects.filter(idempotensnyckel=nyckel).count() == 1


def test_the_reminder_names_the_clinic_she_has_then_and_skips_ended_pregnancies(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    flyttad = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]])
    avslutad = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]])
    sparrad = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]])
    nu = _nu(dag)
    fordelning_kor(nu=nu)
    Beslut.objects.filter(graviditet=flyttad).update(klinik=kliniker["F_DS"])
    avslutad.avslutad = nu + datetime.timedelta(hours=5)
    avslutad.save(update_fields=["avslutad"])
    Kontosparr.objects.create(invanare=sparrad.invanare, orsak="tvang")
    assert paminnelser_skapa(nu=nu + datetime.timedelta(days=1)) == 2
    assert kliniker["F_DS"].namn in SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:paminnelse:{flyttad.pk}").text
    assert not SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:paminnelse:{avslutad.pk}").exists()
    rad = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:paminnelse:{sparrad.pk}")
    assert rad.status == "nekad" and rad.mobilnummer == ""


def test_no_reminder_for_a_decision_older_than_the_window(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    g = gravid(bf=bf_for_22_0(dag))
    nu = _nu(dag)
    fordelning_kor(nu=nu)
    assert paminnelser_skapa(nu=nu + FONSTER + datetime.timedelta(minutes=1)) == 0
    assert paminnelser_skapa(nu=nu + FONSTER - datetime.timedelta(minutes=1)) == 1
    assert SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:paminnelse:{g.pk}").exists()


def test_no_decision_sms_to_a_protected_identity_or_a_locked_account(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    skyddad = gravid(bf=bf_for_22_0(dag), skydd="skyddad_folkbokforing")
    sparrad = gravid(bf=bf_for_22_0(dag))
    Kontosparr.objects.create(invanare=sparrad.invanare, orsak="tvang")
    fordelning_kor(nu=_nu(dag))
    assert Beslut.objects.count() == 2
    for g in (skyddad, sparrad):
        rad = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:beslut:{g.pk}")
        assert rad.status == "nekad" and rad.mobilnummer == ""


def test_a_non_chooser_gets_the_nearest_clinic(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    g = gravid(bf=bf_for_22_0(dag), plats=SODERTALJE)
    fordelning_kor(nu=_nu(dag))
    assert Beslut.objects.get(graviditet=g).klinik == kliniker["F_STS"]


def test_all_full_goes_to_the_least_overfull_nearest_and_alerts_the_planner(kliniker, planerare):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), {"F_STS": 1, "F_SOS": 2})
    gravida = [gravid(bf=bf_for_22_0(dag), plats=SODERTALJE) for _ in range(4)]
    korning = fordelning_kor(nu=_nu(dag))
    overfulla = Beslut.objects.filter(graviditet__in=gravida, overfull=True)
    assert korning.antal_overfulla == overfulla.count() == 1
    # after the run Södertälje holds 1/1 and Södersjukhuset 2/2: (1+1)/1 = 2 against (2+1)/2 = 1.5
    assert overfulla.get().klinik == kliniker["F_SOS"]
    panel = overbelaggning_panel(planerare)
    assert panel.antal == 1


def test_capacity_missing_for_the_week_means_no_places(kliniker):
    dag = _dag()
    g = gravid(bf=bf_for_22_0(dag), plats=SODERTALJE)
    fordelning_kor(nu=_nu(dag))
    b = Beslut.objects.get(graviditet=g)
    assert b.overfull and b.klinik == kliniker["F_STS"]  # nothing anywhere: nearest


def test_the_optimum_and_greedy_are_stored_with_an_exact_gap(kliniker):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), {"F_DS": 1, "F_BBS": 1, "F_SOS": 5, "F_KS": 5, "F_KH": 5, "F_SG": 5,
                                               "F_STS": 5})
    a = gravid(bf=bf_for_22_0(dag), plats=DANDERYD, onskemal=[kliniker["F_DS"], kliniker["F_BBS"]])
    b = gravid(bf=bf_for_22_0(dag), plats=(59.4500, 18.1000), onskemal=[kliniker["F_DS"]])  # farther away
    korning = fordelning_kor(nu=_nu(dag))
    assert set(korning.resultat) == {"da", "optimum", "girig", "sekunder"}
    assert korning.gap == korning.resultat["da"]["objektiv"] - korning.resultat["optimum"]["objektiv"] >= 0
    assert Beslut.objects.get(graviditet=a).klinik == kliniker["F_DS"]  # closer, wins her first choice
    assert Beslut.objects.get(graviditet=b).rang is None
    # the optimum would have swapped them (a to her second choice, b to her only one): DA is stable, not optimal
    assert korning.gap > 0 and korning.resultat["optimum"]["forsta"] == 1


def test_dashboard_panel_for_a_clinic_counts_only_its_own(kliniker):
    chef = MedarbetaruppdragFactory(vardenhet=kliniker["F_KS"], roll=Roll.VERKSAMHETSCHEF)
    assert overbelaggning_panel(chef).antal == 0


def test_each_woman_gets_the_sms_text_of_her_own_clinic_and_week(kliniker):
    dag = _dag()
    bf1, bf2 = bf_for_22_0(dag), bf_for_22_0(dag) - datetime.timedelta(days=7)  # two delivery weeks
    for bf in (bf1, bf2):
        kapacitet_satt(kliniker, bf, 10)
    val = [("F_KH", bf1), ("F_SOS", bf1), ("F_STS", bf2), ("F_KH", bf2)]
    gravida = [(gravid(bf=bf, onskemal=[kliniker[k]]), k, bf) for k, bf in val]
    fordelning_kor(nu=_nu(dag))
    for g, k, bf in gravida:
        assert Beslut.objects.get(graviditet=g).klinik == kliniker[k]
        text = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:beslut:{g.pk}").text
        assert kliniker[k].namn in text and gv.vecka_text(gv.vecka_start(bf)) in text
        assert Vardrelation.objects.filter(invanare=g.invanare, vardenhet=kliniker[k]).exists()
    assert paminnelser_skapa(nu=_nu(dag) + datetime.timedelta(days=1)) == len(gravida)
    for g, k, _bf in gravida:
        assert kliniker[k].namn in SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:paminnelse:{g.pk}").text
        assert Vardrelation.objects.filter(invanare=g.invanare, vardenhet=kliniker[k]).exists()


def test_dashboard_panel_only_for_birth_clinics_and_the_planner(kliniker):
    vardcentral = MedarbetaruppdragFactory(vardenhet__typ=Vardenhet.Typ.VARDCENTRAL, roll=Roll.LAKARE)
    assert overbelaggning_panel(vardcentral) is None
    planerare = MedarbetaruppdragFactory(vardenhet__typ=Vardenhet.Typ.REGIONAL, roll=Roll.REGIONAL_PLANERARE)
    assert overbelaggning_panel(planerare) is not None


def test_the_run_log_can_not_be_deleted_in_the_admin_and_its_decisions_protect_it(kliniker):
    import pytest
    from django.contrib import admin
    from django.db.models import ProtectedError
    from django.test import RequestFactory

    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    gravid(bf=bf_for_22_0(dag))
    korning = fordelning_kor(nu=_nu(dag))
    assert not admin.site._registry[Fordelningskorning].has_delete_permission(RequestFactory().get("/"), korning)
    with pytest.raises(ProtectedError):  # the ORM keeps the link even without a database-level key
        korning.delete()
