"""The daily run against PostgreSQL: the week decided as a whole, the margin, run record, unique decisions, SMS, overfull, late registration."""
import datetime

import pytest
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.bevakning import overbelaggning_panel
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut, Fordelningskorning
from forlossning.paminnelser import FONSTER, paminnelser_skapa
from invanare.models import Kontosparr, Vardrelation
from notiser.models import SmsUtgaende
from tests.fixtures.forlossning import DANDERYD, GUBBANGEN, SODERTALJE, SOLNA, bf_for_22_0, gravid, kapacitet_satt
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


NORRTALJE = (59.7580, 18.7050)  # farther from every clinic than anyone in the city


def _dag_for_dag(mandag, dagar=7):
    for i in range(dagar):
        fordelning_kor(nu=_nu(mandag + datetime.timedelta(days=i)))


def test_a_sunday_chooser_keeps_her_ranked_clinic_over_a_monday_non_chooser_living_farther(kliniker):
    mandag = _dag()
    bf = bf_for_22_0(mandag)
    kapacitet_satt(kliniker, bf, {"F_SOS": 2})  # the week is one place short
    mandagens = [gravid(bf=bf, plats=SODERTALJE) for _ in range(2)]  # no wishes, far from Södersjukhuset
    sondagens = gravid(bf=bf + datetime.timedelta(days=6), plats=GUBBANGEN, onskemal=[kliniker["F_SOS"]])
    _dag_for_dag(mandag)
    b = Beslut.objects.get(graviditet=sondagens)
    assert b.klinik == kliniker["F_SOS"] and not b.overfull and b.rang == 1
    # the shortfall fell on Monday: one of Monday's non-choosers is overfull, decided on her own day
    over = Beslut.objects.filter(graviditet__in=mandagens, overfull=True)
    assert over.count() == 1 and over.get().korning.datum == mandag
    mandagsrun = Fordelningskorning.objects.get(datum=mandag)
    vecka = mandagsrun.resultat["veckor"][gv.vecka_slug(gv.vecka_start(bf))]
    assert vecka["kanda_obeslutade"] == 3 and vecka["idag"] == 2 and vecka["idag_overfulla"] == 1
    # today's women could use one Södersjukhuset place: the other is the Sunday chooser's in the projection
    assert mandagsrun.kvoter[gv.vecka_slug(gv.vecka_start(bf))][str(kliniker["F_SOS"].pk)] == 1


@pytest.mark.parametrize("veckodag", [0, 3, 6])
def test_a_week_short_by_one_puts_the_farthest_non_chooser_overfull_whatever_her_weekday(kliniker, veckodag):
    mandag = _dag()
    bf = bf_for_22_0(mandag)
    kapacitet_satt(kliniker, bf, {"F_SOS": 3, "F_KH": 3})  # six places, seven women
    nara = [gravid(bf=bf + datetime.timedelta(days=d), plats=GUBBANGEN if d % 2 else SOLNA)
            for d in range(7) if d != veckodag]
    langst_bort = gravid(bf=bf + datetime.timedelta(days=veckodag), plats=NORRTALJE)
    _dag_for_dag(mandag)
    b = Beslut.objects.get(graviditet=langst_bort)
    assert b.overfull and b.korning.datum == mandag + datetime.timedelta(days=veckodag)
    assert b.klinik == kliniker["F_SOS"]  # both within their share (ceil(1·3/6) = 1): the nearer of the two
    assert not Beslut.objects.filter(graviditet__in=nara, overfull=True).exists()


def test_a_woman_registered_late_gets_a_place_held_back_by_the_margin(kliniker):
    mandag = _dag()
    bf = bf_for_22_0(mandag)
    tidigare = gv.vecka_start(mandag) - datetime.timedelta(weeks=2)  # a delivery week that has ended: history
    kapacitet_satt(kliniker, tidigare, 10)
    i_tid = [gravid(bf=tidigare + datetime.timedelta(days=1)) for _ in range(3)]
    sen = gravid(bf=tidigare + datetime.timedelta(days=2))
    fordelning_kor(nu=_nu(gv.beslutsdag(tidigare) + datetime.timedelta(days=1)))
    fordelning_kor(nu=_nu(gv.beslutsdag(tidigare) + datetime.timedelta(days=3)), typ="omedelbar",
                   graviditet_ids=[sen.pk])
    assert Beslut.objects.filter(graviditet__in=[*i_tid, sen]).count() == 4
    # one of four late in history: 1/3 of the known women expected late (ceil(1/3 · 3) = 1 place held back)
    kapacitet_satt(kliniker, bf, {"F_SOS": 3})
    kanda = [gravid(bf=bf, plats=SODERTALJE) for _ in range(3)]
    korning = fordelning_kor(nu=_nu(mandag))
    vecka = korning.resultat["veckor"][gv.vecka_slug(gv.vecka_start(bf))]
    assert korning.resultat["marginal_andel"] == 0.25 and vecka["marginal"] == 1
    assert Beslut.objects.filter(graviditet__in=kanda, overfull=True).count() == 1
    # she registers after 22+0, ranks Södersjukhuset: the held place is hers
    sen_nu = gravid(bf=bf + datetime.timedelta(days=1), plats=GUBBANGEN, onskemal=[kliniker["F_SOS"]])
    fordelning_kor(nu=_nu(mandag + datetime.timedelta(days=3)), typ="omedelbar", graviditet_ids=[sen_nu.pk])
    b = Beslut.objects.get(graviditet=sen_nu)
    assert b.klinik == kliniker["F_SOS"] and not b.overfull


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


@pytest.mark.parametrize("stor", [False, True], ids=["en_sats", "tre_satser"])
def test_small_and_large_runs_write_the_same_rows(kliniker, monkeypatch, stor):
    """A daily run writes decisions, care relations and SMS in one statement; a run above FA_RADER women (a whole
    region) in three. Both write the same rows, and leave a care relation she already has alone."""
    from forlossning.fordelning import korning as korning_modul

    if stor:
        monkeypatch.setattr(korning_modul, "FA_RADER", 0)
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    gravida = [gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_SOS"]], mobilnummer=f"070-174 06 {20 + i}")
               for i in range(3)]
    Vardrelation.objects.create(invanare=gravida[0].invanare, vardenhet=kliniker["F_SOS"], fran=timezone.now(),
                                anledning="Redan", skapad_av_hsa_id="")
    korning = fordelning_kor(nu=_nu(dag))
    fasnamn = set(korning.resultat["sekunder"])
    assert ("skriv_sms" in fasnamn) == stor and ("skriv_beslut_vardrelation_sms" in fasnamn) == (not stor)
    assert set(Beslut.objects.values_list("graviditet_id", "klinik_id", "korning_id")) == {
        (g.pk, kliniker["F_SOS"].pk, korning.pk) for g in gravida}
    assert Vardrelation.objects.filter(vardenhet=kliniker["F_SOS"], till__isnull=True).count() == 3
    assert Vardrelation.objects.filter(anledning="Redan").count() == 1
    assert sorted(SmsUtgaende.objects.filter(syfte="forlossning_beslut").values_list("idempotensnyckel", flat=True)) == \
        sorted(f"forlossning:beslut:{g.pk}" for g in gravida)


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


def test_all_full_spreads_the_overfull_by_the_clinics_shares_and_alerts_the_planner(kliniker, planerare):
    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), {"F_STS": 1, "F_SOS": 5})
    gravida = [gravid(bf=bf_for_22_0(dag), plats=SODERTALJE) for _ in range(10)]
    korning = fordelning_kor(nu=_nu(dag))
    overfulla = Beslut.objects.filter(graviditet__in=gravida, overfull=True)
    assert korning.antal_overfulla == overfulla.count() == 4
    # shares of the four: ceil(4·1/6) = 1 at Södertälje (the nearest), ceil(4·5/6) = 4 at Södersjukhuset
    assert overfulla.filter(klinik=kliniker["F_STS"]).count() == 1
    assert overfulla.filter(klinik=kliniker["F_SOS"]).count() == 3
    panel = overbelaggning_panel(planerare)
    assert panel.antal == 4


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
    assert set(korning.resultat) == {"da", "optimum", "girig", "sekunder", "veckor", "marginal_andel"}
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


def test_reservnummer_sms_do_not_send_her_to_the_app(kliniker):
    """Issue 15 item 3. Seed 000: »Patienter med reservnummer kan inte välja önskad förlossningsklinik i appen
    Alltid Öppet eftersom den inte hanterar reservnummer.« Her decision and reminder SMS name the clinic and do
    not point her to the app; the others' still do."""
    from tests.fixtures.staff import InvanareFactory

    dag = _dag()
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    reserv = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]],
                    invanare=InvanareFactory(reservnummer=True, kon="K", mobilnummer="070-174 06 12"))
    vanlig = gravid(bf=bf_for_22_0(dag), onskemal=[kliniker["F_KH"]], mobilnummer="070-174 06 13")
    nu = _nu(dag)
    fordelning_kor(nu=nu)
    paminnelser_skapa(nu=nu + datetime.timedelta(days=1, minutes=10))
    for typ in ("beslut", "paminnelse"):
        hennes = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:{typ}:{reserv.pk}").text
        andras = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:{typ}:{vanlig.pk}").text
        assert "Karolinska Universitetssjukhuset Huddinge" in hennes and "appen" not in hennes, hennes
        assert "appen Alltid öppet" in andras
