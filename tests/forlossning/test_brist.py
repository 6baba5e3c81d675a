"""The run page's per-week shortfall by weekday and choosers / non-choosers, and the planner's warning for weeks
projected short before their first decision day (capacity page, dashboard panel after the daily task)."""
import datetime
import re

from django.urls import reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning import tasks
from forlossning.bevakning import prognos_panel
from forlossning.fordelning import prognos
from forlossning.models import Fordelningskorning
from tests.fixtures.forlossning import GUBBANGEN, SODERTALJE, bf_for_22_0, gravid, kapacitet_satt
from tests.fixtures.staff import MedarbetaruppdragFactory, logged_in_client
from vardportalen.models import Roll


def _nu(dag):
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(2)))


def _rad(html, veckodag):
    rad = re.search(rf'<th scope="row">{veckodag}</th>(.*?)</tr>', html, re.S).group(1)
    return [int(x) for x in re.findall(r"<td>(\d+)</td>", rad)]


def test_the_run_page_shows_how_the_shortfall_spread_over_weekdays_and_choosers(kliniker, planerare):
    mandag = gv.vecka_start(timezone.localdate())
    bf = bf_for_22_0(mandag)
    kapacitet_satt(kliniker, bf, {"F_SOS": 2})
    for _ in range(2):
        gravid(bf=bf, plats=SODERTALJE)
    gravid(bf=bf + datetime.timedelta(days=6), plats=GUBBANGEN, onskemal=[kliniker["F_SOS"]])
    for d in range(7):
        tasks.fordelning_kor(nu=_nu(mandag + datetime.timedelta(days=d)).isoformat())
    sondag = Fordelningskorning.objects.get(datum=mandag + datetime.timedelta(days=6))
    html = logged_in_client(planerare).get(reverse("forlossning:korning", args=[sondag.pk])).content.decode()
    assert gv.vecka_text(gv.vecka_start(bf)) in html and html.count('<table class="brist">') == 1
    assert "<title>" in html and "brist" not in html.split("</title>")[0]
    # beslut, överfulla, med önskemål (beslut, överfulla), utan önskemål (beslut, överfulla)
    assert _rad(html, "måndag") == [2, 1, 0, 0, 2, 1]
    assert _rad(html, "söndag") == [1, 0, 1, 0, 0, 0]
    assert _rad(html, "onsdag") == [0, 0, 0, 0, 0, 0]
    assert _rad(html, "Hela veckan") == [3, 1, 1, 0, 2, 1]


def test_the_planner_is_warned_of_a_week_projected_short_before_its_first_decision_day(kliniker, planerare):
    idag = timezone.localdate()
    nu_beslutas = gv.vecka_start(gv.bf_for_beslutsdag(idag))
    kort = nu_beslutas + datetime.timedelta(weeks=2)  # its first decision day is two weeks ahead
    kapacitet_satt(kliniker, kort, {"F_SOS": 2, "F_STS": 1})
    for d in range(5):
        gravid(bf=kort + datetime.timedelta(days=d), plats=GUBBANGEN)
    kapacitet_satt(kliniker, nu_beslutas, {"F_SOS": 1})  # short too, but already being decided: on the run page
    for _ in range(3):
        gravid(bf=nu_beslutas + datetime.timedelta(days=6))
    prognoser = {p.vecka: p for p in prognos.prognos(idag=idag)}
    assert nu_beslutas not in prognoser
    p = prognoser[kort]
    assert (p.platser, p.kanda, p.antal_overfulla) == (3, 5, 2)
    # shares of the two: ceil(2·2/3) = 2 at Södersjukhuset, ceil(2·1/3) = 1 at Södertälje; from Gubbängen
    # Södersjukhuset is the nearer, so both go there
    assert p.overfulla == {kliniker["F_SOS"].pk: 2}
    html = logged_in_client(planerare).get(reverse("forlossning:kapacitet")).content.decode()
    rad = re.search(rf'<li id="prognos-{gv.vecka_slug(kort)}">(.*?)</li>', html, re.S).group(1)
    assert "2 överfulla" in rad and "Södersjukhuset 2" in rad and "5 registrerade" in rad
    assert f'id="prognos-{gv.vecka_slug(nu_beslutas)}"' not in html
    # the daily task stores it and the planner's dashboard panel shows it
    assert prognos_panel(planerare).antal == 0
    tasks.fordelning_kor(nu=timezone.now().isoformat())
    panel = prognos_panel(planerare)
    assert panel.antal == 1 and f"{gv.vecka_slug(kort)} (2)" in panel.beskrivning
    assert prognos_panel(MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.VERKSAMHETSCHEF)) is None
    # capacity added: no longer short
    kapacitet_satt(kliniker, kort, {"F_SOS": 4, "F_STS": 1})
    assert kort not in {p.vecka for p in prognos.prognos(idag=idag) if p.antal_overfulla}
