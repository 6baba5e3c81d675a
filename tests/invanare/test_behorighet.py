"""far_agera: "may this actor act for this citizen now, for this purpose?"

The big test runs EVERY combination of proxy kind × block × lock of the citizen × lock of the actor × age
band × purpose. Its expectation comes from ``forvantat`` below, which is the seed's rule table written out
independently of invanare.behorighet (no shared helpers): if far_agera or the rule table drifts, it fails.
"""
import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from invanare.behorighet import Syfte, arsdag, far_agera, huvudman_for, ombud_for, senaste_fodelsedag, under_alder
from invanare.models import Kontosparr, Ombud, OmbudBlockering, Ombudstyp
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory

TZ = ZoneInfo("Europe/Stockholm")
DAG = datetime.date(2026, 6, 15)
NU = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=TZ)


def _at(dag: datetime.date) -> datetime.datetime:
    return datetime.datetime(dag.year, dag.month, dag.day, 12, 0, tzinfo=TZ)


# Age bands: the birth date, and the band the seed's rules care about (computed by hand for DAG).
ALDERSBAND = {
    "nyfodd": (datetime.date(2026, 6, 1), "under13"),
    "12-dagen-fore-13": (datetime.date(2013, 6, 16), "under13"),
    "13-pa-dagen": (datetime.date(2013, 6, 15), "13-16"),
    "16-dagen-fore-17": (datetime.date(2009, 6, 16), "13-16"),
    "17-pa-dagen": (datetime.date(2009, 6, 15), "17+"),
    "vuxen-40": (datetime.date(1986, 1, 20), "17+"),
}
# How the actor is related to the citizen.
SLAG = ("vardnadshavare", "sarskilt_behov", "legal", "legal_utan_sorja", "fullmakt", "ingen")


def forvantat(*, slag, blockerad, huvudman_sparrad, aktor_sparrad, band, syfte) -> tuple[bool, str]:
    """The seed's rules ("Ombud och vårdnadshavare", "Blockera ombud", "Spärra konto") as a table."""
    if aktor_sparrad:
        return False, "aktor_sparrad"
    if huvudman_sparrad:
        return False, "huvudman_sparrad"
    if syfte == Syfte.KONTO:
        return False, "endast_sjalv"
    if blockerad:
        return False, "blockerad"
    if slag in ("vardnadshavare", "sarskilt_behov") and band == "under13":
        return True, "vardnadshavare"
    if slag == "sarskilt_behov" and band == "13-16":
        return True, "vardnadshavare_sarskilt_behov"
    if slag == "legal":
        return True, "legal_stallforetradare"
    if slag == "fullmakt":
        return True, "fullmaktstagare"
    return False, "ingen_relation"


def _bygg(*, slag, blockerad, huvudman_sparrad, aktor_sparrad, fodd):
    huvudman = InvanareFactory(fodelsedatum=fodd)
    aktor = InvanareFactory(fodelsedatum=datetime.date(1980, 3, 3))
    sedan = DAG - datetime.timedelta(days=10)
    if slag in ("vardnadshavare", "sarskilt_behov"):
        VardnadshavarskapFactory(barn=huvudman, vardnadshavare=aktor, fran=fodd)
    rad = {
        "sarskilt_behov": dict(typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV, beslut_referens="SB-1", beslut_datum=sedan),
        "legal": dict(typ=Ombudstyp.LEGAL_STALLFORETRADARE, beslut_referens="Ä 1-26", beslut_datum=sedan,
                      beslut_sorja_for_person=True),
        "legal_utan_sorja": dict(typ=Ombudstyp.LEGAL_STALLFORETRADARE, beslut_referens="Ä 2-26", beslut_datum=sedan,
                                 beslut_sorja_for_person=False),
        "fullmakt": dict(typ=Ombudstyp.FULLMAKTSTAGARE, beslut_referens="F-1", beslut_datum=sedan),
    }.get(slag)
    if rad:
        Ombud.objects.create(huvudman=huvudman, ombud=aktor, giltig_fran=sedan, **rad)
    if blockerad:
        OmbudBlockering.objects.create(
            huvudman=huvudman, ombud=aktor, blankett="BLA-46557", anledning="Fara", beslutsdatum=sedan,
            beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
        )
    if huvudman_sparrad:
        Kontosparr.objects.create(invanare=huvudman, orsak=Kontosparr.Orsak.LVU)
    if aktor_sparrad:
        Kontosparr.objects.create(invanare=aktor, orsak=Kontosparr.Orsak.MISSBRUK)
    return aktor, huvudman


KOMBINATIONER = list(itertools.product(SLAG, (False, True), (False, True), (False, True), ALDERSBAND))


@pytest.mark.parametrize(
    "slag,blockerad,huvudman_sparrad,aktor_sparrad,band",
    KOMBINATIONER,
    ids=[f"{s}-{'block' if b else 'ejblock'}-{'hsparr' if h else 'ejhsparr'}-{'asparr' if a else 'ejasparr'}-{band}"
         for s, b, h, a, band in KOMBINATIONER],
)
def test_far_agera_over_every_combination(slag, blockerad, huvudman_sparrad, aktor_sparrad, band):
    fodd, aldersgrupp = ALDERSBAND[band]
    aktor, huvudman = _bygg(
        slag=slag, blockerad=blockerad, huvudman_sparrad=huvudman_sparrad, aktor_sparrad=aktor_sparrad, fodd=fodd
    )
    for syfte in Syfte.ALLA:
        tillaten, kod = forvantat(
            slag=slag, blockerad=blockerad, huvudman_sparrad=huvudman_sparrad, aktor_sparrad=aktor_sparrad,
            band=aldersgrupp, syfte=syfte,
        )
        beslut = far_agera(aktor=aktor, for_invanare=huvudman, syfte=syfte, nu=NU)
        assert (beslut.tillaten, beslut.kod) == (tillaten, kod), syfte
        assert bool(beslut) is tillaten and beslut.skal  # a reason in words, always
        if tillaten:
            assert beslut.relation == kod
    # The list functions answer by the same rules.
    oversikt, _kod = forvantat(
        slag=slag, blockerad=blockerad, huvudman_sparrad=huvudman_sparrad, aktor_sparrad=aktor_sparrad,
        band=aldersgrupp, syfte=Syfte.OVERSIKT,
    )
    som_ombud = {r.ombud.pk: r.typ for r in ombud_for(invanare=huvudman, syfte=Syfte.DOKUMENT, nu=NU)}
    som_huvudman = {r.huvudman.pk: r.typ for r in huvudman_for(aktor=aktor, nu=NU)}
    assert (aktor.pk in som_ombud) is oversikt
    assert (huvudman.pk in som_huvudman) is oversikt
    if oversikt:
        assert som_ombud[aktor.pk] == som_huvudman[huvudman.pk] == _kod


@pytest.mark.parametrize("sparrad", [False, True])
def test_the_citizen_acts_for_herself_unless_locked(sparrad):
    person = InvanareFactory()
    if sparrad:
        Kontosparr.objects.create(invanare=person, orsak=Kontosparr.Orsak.EGEN_BEGARAN, sparrad_av_invanaren=True)
    for syfte in Syfte.ALLA:
        beslut = far_agera(aktor=person, for_invanare=person, syfte=syfte, nu=NU)
        assert (beslut.tillaten, beslut.kod) == ((False, "aktor_sparrad") if sparrad else (True, "sjalv"))


def test_unknown_purpose_is_a_programming_error():
    person = InvanareFactory()
    with pytest.raises(ValueError):
        far_agera(aktor=person, for_invanare=person, syfte="allt")


# --- the 13th birthday and the special-need limit, day by day ---


def _vardnadshavare_till(fodd):
    barn = InvanareFactory(fodelsedatum=fodd)
    mamma = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma, fran=fodd)
    return mamma, barn


@pytest.mark.parametrize(
    "fodd,dag_fore,dagen",
    [
        (datetime.date(2013, 6, 15), datetime.date(2026, 6, 14), datetime.date(2026, 6, 15)),
        (datetime.date(2013, 12, 31), datetime.date(2026, 12, 30), datetime.date(2026, 12, 31)),
        (datetime.date(2014, 1, 1), datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)),
        # Born on a leap day: in a common year the birthday is 1 March, so 28 February is still 12.
        (datetime.date(2012, 2, 29), datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)),
        # ... and in a leap year it is 29 February itself.
        (datetime.date(2016, 2, 29), datetime.date(2029, 2, 28), datetime.date(2029, 3, 1)),
        (datetime.date(2015, 2, 28), datetime.date(2028, 2, 27), datetime.date(2028, 2, 28)),
    ],
    ids=["vanlig", "nyarsafton", "nyarsdagen", "skottdag-vanligt-ar", "skottdag-2029", "28-feb-skottar"],
)
def test_automatic_guardian_proxy_ends_on_the_13th_birthday(fodd, dag_fore, dagen):
    mamma, barn = _vardnadshavare_till(fodd)
    fore = far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT, nu=_at(dag_fore))
    assert (fore.tillaten, fore.relation) == (True, "vardnadshavare")
    pa_dagen = far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT, nu=_at(dagen))
    assert (pa_dagen.tillaten, pa_dagen.kod) == (False, "ingen_relation")
    # Just after midnight, Stockholm time, it has ended; just before, it has not.
    midnatt = datetime.datetime(dagen.year, dagen.month, dagen.day, 0, 0, 30, tzinfo=TZ)
    assert not far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT, nu=midnatt)
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT, nu=midnatt - datetime.timedelta(minutes=1))


def test_leap_day_29_february_2028_birthday_of_a_2016_child_in_a_leap_year():
    # 2016-02-29 turns 12 on 2028-02-29 (a leap year): still a child under 13 the whole year.
    mamma, barn = _vardnadshavare_till(datetime.date(2016, 2, 29))
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.OVERSIKT, nu=_at(datetime.date(2028, 2, 29)))


@pytest.mark.parametrize(
    "fodd,dag_fore,dagen",
    [
        (datetime.date(2009, 6, 15), datetime.date(2026, 6, 14), datetime.date(2026, 6, 15)),
        (datetime.date(2008, 2, 29), datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)),
    ],
    ids=["vanlig", "skottdag"],
)
def test_special_need_proxy_holds_until_the_17th_birthday(fodd, dag_fore, dagen):
    mamma, barn = _vardnadshavare_till(fodd)
    Ombud.objects.create(huvudman=barn, ombud=mamma, typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV,
                         giltig_fran=datetime.date(fodd.year + 14, 6, 1), beslut_referens="SB-9",
                         beslut_datum=datetime.date(2023, 1, 1))
    fore = far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.MEDDELANDEN, nu=_at(dag_fore))
    assert (fore.tillaten, fore.relation) == (True, "vardnadshavare_sarskilt_behov")
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.MEDDELANDEN, nu=_at(dagen)).kod == "ingen_relation"


def test_special_need_row_without_guardianship_or_decision_gives_nothing():
    barn = InvanareFactory(fodelsedatum=datetime.date(2011, 1, 1))
    granne = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1))
    Ombud.objects.create(huvudman=barn, ombud=granne, typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV,
                         giltig_fran=datetime.date(2026, 1, 1), beslut_referens="SB-1")
    assert far_agera(aktor=granne, for_invanare=barn, syfte=Syfte.OVERSIKT, nu=NU).kod == "ingen_relation"
    mamma, barn2 = _vardnadshavare_till(datetime.date(2011, 1, 1))
    Ombud.objects.create(huvudman=barn2, ombud=mamma, typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV,
                         giltig_fran=datetime.date(2026, 1, 1), beslut_referens="")
    assert far_agera(aktor=mamma, for_invanare=barn2, syfte=Syfte.OVERSIKT, nu=NU).kod == "ingen_relation"


def test_ended_or_expired_proxy_rows_give_nothing():
    huvudman, ombud = InvanareFactory(), InvanareFactory(fodelsedatum=datetime.date(1970, 1, 1))
    rad = Ombud.objects.create(huvudman=huvudman, ombud=ombud, typ=Ombudstyp.FULLMAKTSTAGARE,
                               giltig_fran=datetime.date(2026, 1, 1), giltig_till=DAG, beslut_referens="F")
    assert far_agera(aktor=ombud, for_invanare=huvudman, syfte=Syfte.OVERSIKT, nu=_at(DAG - datetime.timedelta(days=1)))
    assert not far_agera(aktor=ombud, for_invanare=huvudman, syfte=Syfte.OVERSIKT, nu=NU)
    rad.giltig_till = None
    rad.avslutad = NU
    rad.save()
    assert not far_agera(aktor=ombud, for_invanare=huvudman, syfte=Syfte.OVERSIKT, nu=NU)


def test_lifted_block_no_longer_blocks():
    mamma, barn = _vardnadshavare_till(datetime.date(2020, 5, 5))
    b = OmbudBlockering.objects.create(
        huvudman=barn, ombud=mamma, blankett="BLA-46557", anledning="Fara", beslutsdatum=DAG,
        beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
    )
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.BOKNING, nu=NU).kod == "blockerad"
    b.havd = NU
    b.save()
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.BOKNING, nu=NU).tillaten


def test_the_list_functions_use_a_constant_number_of_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    mamma = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1))

    def fragor():
        with CaptureQueriesContext(connection) as c:
            huvudman_for(aktor=mamma, nu=NU)
        with CaptureQueriesContext(connection) as d:
            ombud_for(invanare=barn, syfte=Syfte.DOKUMENT, nu=NU)
        return len(c), len(d)

    barn = InvanareFactory(fodelsedatum=datetime.date(2020, 1, 1))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma, fran=barn.fodelsedatum)
    ett = fragor()
    for i in range(5):
        b = InvanareFactory(fodelsedatum=datetime.date(2012 + i, 1, 1))
        VardnadshavarskapFactory(barn=b, vardnadshavare=mamma, fran=b.fodelsedatum)
        Ombud.objects.create(huvudman=InvanareFactory(), ombud=mamma, typ=Ombudstyp.FULLMAKTSTAGARE, beslut_referens="F",
                             giltig_fran=datetime.date(2026, 1, 1))
        VardnadshavarskapFactory(barn=barn, vardnadshavare=InvanareFactory())
    assert fragor() == ett


@pytest.mark.parametrize(
    "dag,ar,fodd",
    [
        (datetime.date(2026, 6, 15), 13, datetime.date(2013, 6, 15)),
        (datetime.date(2026, 12, 31), 18, datetime.date(2008, 12, 31)),
        # 29 February of a leap year: 13 years earlier was common, so the last such birth date is 28 February ...
        (datetime.date(2028, 2, 29), 13, datetime.date(2015, 2, 28)),
        # ... and 12 years earlier was a leap year, so it is 29 February itself.
        (datetime.date(2028, 2, 29), 12, datetime.date(2016, 2, 29)),
    ],
)
def test_the_last_birth_date_for_an_age_is_the_inverse_of_the_birthday(dag, ar, fodd):
    assert senaste_fodelsedag(dag, ar) == fodd
    assert not under_alder(fodd, ar, dag) and arsdag(fodd, ar) <= dag
    assert under_alder(fodd + datetime.timedelta(days=1), ar, dag)  # a day younger is not yet that old
