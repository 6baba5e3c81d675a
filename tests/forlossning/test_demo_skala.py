"""The demo at the region's scale (issue 18): the whole demo_load, then what a planner and a clinic see."""
import datetime
import re

from django.urls import reverse

from forlossning import graviditetsvecka as gv
from forlossning import klocka
from forlossning.demo import ARSPLAN
from forlossning.fordelning import prognos
from forlossning.models import Beslut, Graviditet, Kapacitet
from invanare.demodata.kohort import kohort_invanare_ids
from invanare.demodata.loader import demo_load
from invanare.models import Invanare
from notiser.models import SmsUtgaende
from tests.fixtures.staff import logged_in_client
from vardportalen.models import Medarbetaruppdrag, Roll


def _vecka(units, vecka):
    """{clinic key: (places, decided, decided within the places)} of one delivery week."""
    res = {}
    for key in ARSPLAN:
        b = Beslut.objects.filter(klinik=units[key], vecka=vecka)
        res[key] = (Kapacitet.objects.get(klinik=units[key], vecka=vecka).platser, b.count(),
                    b.filter(overfull=False).count())
    return res


def _antal():
    return Invanare.objects.count(), Graviditet.objects.count(), Beslut.objects.count()


def test_demo_load_fills_the_decided_weeks_and_leaves_later_weeks_registered(db):
    result = demo_load(invanare=300, seed=1)
    units, idag = result.units, klocka.idag()
    beslutsvecka = gv.vecka_start(gv.bf_for_beslutsdag(idag))  # decided day by day now
    vecka = beslutsvecka - datetime.timedelta(weeks=1)  # decided as a whole

    lage = _vecka(units, vecka)
    platser, sos = sum(p for p, _n, _i in lage.values()), lage["F_SOS"]
    assert 0.8 * sos[0] <= sos[1] and sos[2] <= sos[0], lage
    assert 0.8 * platser <= sum(n for _p, n, _i in lage.values()) <= 1.02 * platser, lage
    assert all(i <= p for p, _n, i in lage.values()), lage
    assert any(n >= p for p, n, _i in lage.values()), lage  # some clinics full ...
    assert any(n < 0.95 * p for p, n, _i in lage.values()), lage  # ... some not
    beslut = Beslut.objects.filter(vecka=vecka, valde=True)
    assert beslut.filter(rang=1).count() > beslut.exclude(rang=1).count() > 0  # most get their first wish, not all

    senare = beslutsvecka + datetime.timedelta(weeks=4)
    registrerade = Graviditet.objects.aktiva().filter(bf__gte=senare, bf__lt=senare + datetime.timedelta(days=7))
    assert registrerade.count() >= 300 and not Beslut.objects.filter(vecka__gte=senare).exists()
    _korning, korta = prognos.senaste_korta()
    assert korta  # the short week: the planner's forecast warning

    # the named women keep their parts; the cohort is apart from the population
    named = result.named_pks
    sara = Graviditet.objects.get(invanare_id=named["gravid"])
    assert str(sara.gestationsalder(idag)) == "18+2" and not sara.onskemal.exists()
    assert [o.klinik for o in Graviditet.objects.get(invanare_id=named["reserv_gravid"]).onskemal.all()] == [
        units["F_SOS"], units["F_SG"]]
    assert not Graviditet.objects.filter(invanare_id=named["skyddad"]).exists()
    assert Invanare.objects.exclude(pk__in=kohort_invanare_ids()).count() == 300
    assert not set(named.values()) & set(Invanare.objects.filter(pk__in=kohort_invanare_ids())
                                         .values_list("pk", flat=True))

    # decided on their own 22+0 day, their SMS sent then: the outbox is not thousands deep when the demo starts
    assert beslut.filter(beslutad__date__lt=idag).count() > 0.9 * beslut.count()
    assert SmsUtgaende.objects.filter(status=SmsUtgaende.Status.VANTANDE).count() < 500
    assert SmsUtgaende.objects.filter(status=SmsUtgaende.Status.SKICKAD, syfte="forlossning_beslut").count() > 5000

    antal = _antal()
    demo_load(invanare=300, seed=1)  # a rerun on the same database adds nothing
    assert _antal() == antal


def test_the_clinic_chart_has_bars_near_capacity_after_the_demo(db):
    result = demo_load(invanare=100, seed=1)
    sos = result.units["F_SOS"]
    uppdrag = Medarbetaruppdrag.objects.filter(vardenhet=sos).select_related("medarbetare").first()
    html = logged_in_client(uppdrag).get(reverse("forlossning:klinik", args=[sos.pk])).content.decode()
    staplar = re.findall(r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)" fill="none"[^>]*/>\s*'
                         r'<rect x="[0-9.]+" y="[0-9.]+" width="[0-9.]+" height="([0-9.]+)" fill="#', html)
    assert len(staplar) == 16, html
    fyllda = [(float(k), float(b)) for k, b in staplar if float(b) > 0]
    assert len(fyllda) >= 8  # the eight weeks before the one being decided, and that one in part
    assert sum(b >= 0.8 * k for k, b in fyllda) >= 8


def test_the_capacity_page_shows_registered_women_waiting_for_later_weeks(db):
    demo_load(invanare=100, seed=1)
    planerare = Medarbetaruppdrag.objects.filter(roll=Roll.REGIONAL_PLANERARE).first()
    html = logged_in_client(planerare).get(reverse("forlossning:kapacitet")).content.decode()
    # the page starts at the week being decided: its first column is partly decided, the later ones only registered
    forsta = re.search(r'<td id="summa-1">([0-9]+) platser<br><span class="muted">([0-9]+) beslutade<br>([0-9]+) '
                       r'registrerade utan beslut', html)
    fjarde = re.search(r'<td id="summa-4">([0-9]+) platser<br><span class="muted">([0-9]+) beslutade<br>([0-9]+) '
                       r'registrerade utan beslut', html)
    assert forsta and fjarde, html
    platser, beslutade, obeslutade = map(int, fjarde.groups())
    assert beslutade == 0 and 0.8 * platser <= obeslutade, fjarde.groups()
    assert int(forsta.group(2)) > 0 and int(forsta.group(2)) + int(forsta.group(3)) >= 0.8 * int(forsta.group(1))
