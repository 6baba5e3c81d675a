"""The referral rules at their edges: age bands, midnight, opening hours, public holidays and eves."""
import datetime

import pytest

from hanvisning import kalender
from hanvisning.models import Dagtyp, OppettidUndantag
from hanvisning.oppettider import Timmar, oppetlage
from hanvisning.selectors import hanvisning_berakna
from tests.hanvisning.conftest import tid


def _vardform(symptom, *, alder, nar, grad="inom_nagra_timmar"):
    return hanvisning_berakna(symptom=symptom, bradskegrad=grad, alder=alder, tid=nar, lat=59.33, lon=18.06).forst


# --- the calendar ---

@pytest.mark.parametrize("ar,pask", [(2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2027, (3, 28)),
                                     (2028, (4, 16)), (2031, (4, 13)), (2038, (4, 25))])
def test_easter(ar, pask):
    assert kalender.paskdagen(ar) == datetime.date(ar, *pask)


@pytest.mark.parametrize("dag,typ,namn", [
    (datetime.date(2026, 6, 19), Dagtyp.AFTON, "midsommarafton"),
    (datetime.date(2026, 6, 20), Dagtyp.HELGDAG, "midsommardagen"),
    (datetime.date(2027, 6, 25), Dagtyp.AFTON, "midsommarafton"),
    (datetime.date(2026, 4, 3), Dagtyp.HELGDAG, "långfredagen"),
    (datetime.date(2026, 4, 4), Dagtyp.AFTON, "påskafton"),
    (datetime.date(2026, 4, 6), Dagtyp.HELGDAG, "annandag påsk"),
    (datetime.date(2026, 5, 14), Dagtyp.HELGDAG, "Kristi himmelsfärdsdag"),
    (datetime.date(2026, 10, 31), Dagtyp.HELGDAG, "alla helgons dag"),
    (datetime.date(2027, 11, 6), Dagtyp.HELGDAG, "alla helgons dag"),
    (datetime.date(2026, 12, 24), Dagtyp.AFTON, "julafton"),
    (datetime.date(2028, 2, 29), Dagtyp.VARDAG, ""),
    (datetime.date(2026, 12, 5), Dagtyp.LORDAG, ""),
    (datetime.date(2026, 12, 6), Dagtyp.SONDAG, ""),
    (datetime.date(2031, 12, 31), Dagtyp.AFTON, "nyårsafton"),
])
def test_day_types(dag, typ, namn):
    assert kalender.dagtyp(dag) == typ
    assert kalender.dagens_namn(dag) == namn


# --- age bands and time windows (demo rules: children 0–17, adults 18+) ---

TISDAG = (2026, 12, 8)
LORDAG = (2026, 12, 5)


@pytest.mark.parametrize("alder,vantat", [(17, "narakut"), (18, "narakut"), (0, "narakut")])
def test_age_band_at_saturday_noon(feber, alder, vantat):
    assert _vardform(feber, alder=alder, nar=tid(*LORDAG, 12)).vardform.kod == vantat


@pytest.mark.parametrize("alder,vantat", [(17, "barnakut"), (18, "narakut"), (4, "barnakut"), (40, "narakut")])
def test_age_band_boundary_saturday_2130(feber, alder, vantat):
    """At 21:30 children go to the barnakut, adults still to the närakut: 17 and 18 land on each side."""
    assert _vardform(feber, alder=alder, nar=tid(*LORDAG, 21, 30)).vardform.kod == vantat


@pytest.mark.parametrize("h,m,vantat", [(7, 59, "akutmottagning"), (8, 0, "vardcentral"), (16, 59, "vardcentral"),
                                        (17, 0, "narakut"), (21, 59, "narakut"), (22, 0, "akutmottagning"),
                                        (23, 59, "akutmottagning"), (0, 0, "akutmottagning")])
def test_time_edges_on_a_weekday_for_an_adult(feber, h, m, vantat):
    assert _vardform(feber, alder=40, nar=tid(*TISDAG, h, m)).vardform.kod == vantat


def test_midsummer_eve_is_not_a_weekday(feber):
    fredag = tid(2026, 6, 19, 10)
    forslag = _vardform(feber, alder=40, nar=fredag)
    assert forslag.vardform.kod == "narakut"
    assert "midsommarafton" in forslag.varfor and "R-SOM-H-DAG" in forslag.varfor
    assert _vardform(feber, alder=40, nar=tid(2026, 6, 12, 10)).vardform.kod == "vardcentral"  # the Friday before


def test_ascension_day_thursday_is_a_holiday(feber):
    assert _vardform(feber, alder=40, nar=tid(2026, 5, 14, 10)).vardform.kod == "narakut"
    assert _vardform(feber, alder=40, nar=tid(2026, 5, 7, 10)).vardform.kod == "vardcentral"


# --- opening hours ---

def test_units_open_now_nearest_first(feber, enheter):
    forslag = _vardform(feber, alder=40, nar=tid(*TISDAG, 10))
    assert [e.namn for e in forslag.enheter] == ["Demo vårdcentral Söder", "Demo vårdcentral Norrtälje"]
    assert all(e.lage.oppet_nu for e in forslag.enheter)
    assert forslag.enheter[0].lage.stanger == tid(*TISDAG, 17)


def test_closed_unit_says_when_it_opens(feber, enheter):
    """Primary care on Saturday: 1177; a weekday evening 'inom ett dygn' goes to 1177 too. A vårdcentral
    looked for at 16:59 is open and closes at 17:00; the engine at 17:00 names the närakut."""
    fore = _vardform(feber, alder=40, nar=tid(*TISDAG, 16, 59))
    assert fore.enheter[0].lage.oppet_nu and fore.enheter[0].lage.stanger == tid(*TISDAG, 17)
    timmar = Timmar({d: [(480, 1020)] for d in range(5)}, {})
    lage = oppetlage(timmar, tid(*TISDAG, 17))
    assert not lage.oppet_nu and lage.oppnar == tid(2026, 12, 9, 8)
    fredag_kvall = oppetlage(timmar, tid(2026, 12, 11, 17))
    assert fredag_kvall.oppnar == tid(2026, 12, 14, 8)


def test_round_the_clock_unit_runs_over_midnight():
    timmar = Timmar({d: [(0, 1440)] for d in range(7)}, {})
    lage = oppetlage(timmar, tid(*TISDAG, 23, 59))
    assert lage.oppet_nu and lage.stanger is None  # never closes within the horizon
    natt = Timmar({1: [(1200, 1440)], 2: [(0, 120)]}, {})
    assert oppetlage(natt, tid(*TISDAG, 23, 30)).stanger == tid(2026, 12, 9, 2)
    assert oppetlage(natt, tid(2026, 12, 9, 1, 59)).oppet_nu
    assert not oppetlage(natt, tid(2026, 12, 9, 2)).oppet_nu


def test_date_exception_closes_a_unit(feber, enheter):
    OppettidUndantag.objects.create(enhet=enheter["vc"], datum=datetime.date(*TISDAG), stangt=True, notering="Utbildning")
    forslag = _vardform(feber, alder=40, nar=tid(*TISDAG, 10))
    assert [e.namn for e in forslag.enheter] == ["Demo vårdcentral Norrtälje"]


def test_when_nothing_is_open_the_next_opening_is_named(feber, enheter):
    """A child at 08:30 on a weekday goes to the vårdcentral; with both closed by exceptions, the page
    names the one that opens first."""
    for e in ("vc", "vc_langt"):
        OppettidUndantag.objects.create(enhet=enheter[e], datum=datetime.date(*TISDAG), stangt=True)
    forslag = _vardform(feber, alder=4, nar=tid(*TISDAG, 8, 30))
    assert forslag.vardform.kod == "vardcentral"
    assert not forslag.enheter[0].lage.oppet_nu
    assert forslag.enheter[0].lage.oppnar == tid(2026, 12, 9, 8)


def test_chart_geometry_has_no_decimal_comma():
    from hanvisning import diagram

    rader, hojd = diagram.rader([(datetime.date(2026, 11, 30), 3, 1), (datetime.date(2026, 12, 7), 7, 0)])
    assert [r.bredd for r in rader] == [round(diagram.MAX_STAPEL * 3 / 7, 1), diagram.MAX_STAPEL]
    assert rader[0].avvikelse_bredd == round(diagram.MAX_STAPEL / 7, 1) and hojd == 2 * diagram.RAD + 8
