"""The demo population (3,000 citizens through the COPY path): valid identities, proportions, families."""
import re
from collections import Counter, defaultdict

from django.utils import timezone

from invanare.identitet import parse_identitetsnummer
from invanare.models import IdTyp, Invanare, Postnummer, Vardnadshavarskap, Vardrelation
from invanare.demodata.kohort import kohort_invanare_ids
from invanare.demodata.named import NAMED, identity_number
from invanare.demodata.units import demo_unit_hsa_ids
from vardportalen.models import Medarbetaruppdrag, Vardenhet

def _befolkningen():
    """The population whose proportions are specified: without the birth clinics' extra cohort (kohort.py)."""
    return Invanare.objects.exclude(pk__in=kohort_invanare_ids())


MOBILE = re.compile(r"^07[0-9]-\d{3} \d{2} \d{2}$")


def _age(born, idag):
    return idag.year - born.year - ((idag.month, idag.day) < (born.month, born.day))


def test_identity_numbers_parse_to_the_stored_type_and_sex(demo_3000):
    # every citizen, the extra cohort too: its numbers come from the same generator and must be as valid and unique
    rows = list(Invanare.objects.values_list("id_typ", "id_nummer", "fodelsedatum", "kon"))
    assert _befolkningen().count() == 3000
    assert len({r[1] for r in rows}) == len(rows)
    for id_typ, nummer, born, kon in rows:
        ident = parse_identitetsnummer(nummer)
        assert ident.typ == id_typ, nummer
        assert ident.nummer == nummer
        assert ident.kon == kon, nummer  # second to last digit: odd for men
        if id_typ != IdTyp.RESERVNUMMER:
            assert ident.fodelsedatum == born, nummer
    assert Counter(t for t, *_ in rows).keys() == {IdTyp.PERSONNUMMER, IdTyp.SAMORDNINGSNUMMER, IdTyp.RESERVNUMMER}


def test_proportions_roughly_as_specified(demo_3000):
    idag = timezone.localdate()
    people = list(_befolkningen())
    n = len(people)
    kinds = Counter(p.id_typ for p in people)
    assert 0.005 <= kinds[IdTyp.RESERVNUMMER] / n <= 0.02
    assert 0.01 <= kinds[IdTyp.SAMORDNINGSNUMMER] / n <= 0.035

    ages = [_age(p.fodelsedatum, idag) for p in people]
    named_numbers = {identity_number(named) for named in NAMED}
    generated_ages = [a for p, a in zip(people, ages) if p.id_nummer not in named_numbers]
    # The generated ones are drawn relative to the load day; the named ones have fixed birth dates and age
    # with the calendar (the oldest, born 1924, is 102 in 2026), so they are not part of the age bands.
    assert min(generated_ages) == 0 and 95 <= max(generated_ages) <= 101
    assert 0.15 <= sum(a < 18 for a in ages) / n <= 0.28
    assert 0.03 <= sum(a >= 80 for a in ages) / n <= 0.08

    skydd = Counter(p.skydd for p in people if p.skydd)
    assert set(skydd) == {Invanare.Skydd.SEKRETESSMARKERING, Invanare.Skydd.SKYDDAD_FOLKBOKFORING}
    assert 0.004 <= sum(skydd.values()) / n <= 0.025

    eligible = [p for p, a in zip(people, ages) if a >= 13 and p.id_typ != IdTyp.RESERVNUMMER]
    registered = sum(p.konto == Invanare.Konto.REGISTRERAT for p in eligible)
    assert 0.72 <= registered / len(eligible) <= 0.9  # "about 80 %" of those who can have an account
    assert 0.03 <= sum(p.konto == Invanare.Konto.AVREGISTRERAT for p in people) / n <= 0.07

    adults = [p for p, a in zip(people, ages) if a >= 18]
    mailboxes = Counter(p.digital_brevlada for p in adults if p.digital_brevlada)
    assert 0.38 <= sum(mailboxes.values()) / len(adults) <= 0.52
    assert mailboxes.most_common(1)[0][0] == Invanare.Brevlada.KIVRA
    assert {Invanare.Brevlada.BILLO, Invanare.Brevlada.MIN_MYNDIGHETSPOST} <= set(mailboxes)

    reserv = [p for p in people if p.id_typ == IdTyp.RESERVNUMMER]
    assert all(p.konto == Invanare.Konto.INGET and not p.digital_brevlada for p in reserv)
    assert all(p.konto == Invanare.Konto.INGET for p, a in zip(people, ages) if a < 13)


def test_addresses_phones_and_listing(demo_3000):
    postnummer = {p.postnummer: p for p in Postnummer.objects.all()}
    vardcentraler = set(Vardenhet.objects.filter(typ=Vardenhet.Typ.VARDCENTRAL, hsa_id__in=demo_unit_hsa_ids())
                        .values_list("pk", flat=True))
    people = list(Invanare.objects.all())  # the cohort's addresses and phones too
    with_address = [p for p in people if p.postnummer]
    assert len(with_address) >= 0.99 * len(people)
    for p in with_address:
        row = postnummer[p.postnummer]
        assert (p.ort, p.kommun, p.kommunkod, p.lat, p.lon) == (row.ort, row.kommun, row.kommunkod, row.lat, row.lon)
        assert p.gatuadress
    assert all(MOBILE.match(p.mobilnummer) for p in people if p.mobilnummer)
    assert sum(bool(p.mobilnummer) for p in people) >= 0.6 * len(people)
    befolkningen = list(_befolkningen())
    listed = [p for p in befolkningen if p.listad_vardcentral_id]
    assert 0.85 <= len(listed) / len(befolkningen) <= 0.98
    assert {p.listad_vardcentral_id for p in listed} == vardcentraler


def test_guardians_are_adults_older_than_their_children(demo_3000):
    idag = timezone.localdate()
    links = list(Vardnadshavarskap.objects.select_related("barn", "vardnadshavare"))
    assert len(links) > 300
    per_child = defaultdict(list)
    for link in links:
        child, guardian = link.barn, link.vardnadshavare
        assert _age(child.fodelsedatum, idag) < 18
        assert _age(guardian.fodelsedatum, idag) >= 18
        assert _age(guardian.fodelsedatum, child.fodelsedatum) >= 18
        assert link.till is None and link.fran == child.fodelsedatum
        per_child[child.pk].append(guardian)
    counts = Counter(len(g) for g in per_child.values())
    assert set(counts) == {1, 2} and counts[2] > counts[1]
    same_address = sum(
        any(g.gatuadress == link.barn.gatuadress for g in per_child[link.barn_id]) for link in links
    )
    same_name = sum(link.barn.efternamn == link.vardnadshavare.efternamn for link in links)
    assert same_address / len(links) > 0.85
    assert 0.6 < same_name / len(links) < 0.98  # mostly, not always


def test_everyone_has_a_care_relation_and_every_staff_member_sees_citizens(demo_3000):
    units = Vardenhet.objects.filter(hsa_id__in=demo_unit_hsa_ids())
    assert not Invanare.objects.filter(vardrelationer__isnull=True).exists()
    assert Vardrelation.objects.aktiva().filter(vardenhet__in=units).count() == Vardrelation.objects.count()
    for enhet in units:
        assert Invanare.objects.synliga_for_enhet(enhet).exists(), enhet
    seen_by = defaultdict(set)
    for uppdrag in Medarbetaruppdrag.objects.aktiva().select_related("medarbetare"):
        seen_by[uppdrag.medarbetare.hsa_id] |= set(
            Invanare.objects.synliga_for_enhet(uppdrag.vardenhet).values_list("pk", flat=True))
    assert len(seen_by) == 18  # 20 staff minus the inactive one and the one with only an expired commission
    assert min(len(s) for s in seen_by.values()) >= 15
    # Some citizens are seen only by units other than their vårdcentral (e.g. only the specialist clinic).
    assert Invanare.objects.filter(listad_vardcentral__isnull=True, vardrelationer__vardenhet__typ__in=[
        Vardenhet.Typ.SPECIALISTMOTTAGNING, Vardenhet.Typ.VACCINATIONSMOTTAGNING]).exists()


def test_named_demo_citizens_and_output(demo_3000):
    for named in NAMED:
        person = Invanare.objects.get(id_nummer=identity_number(named))
        assert (person.fornamn, person.efternamn, person.id_typ) == (named.fornamn, named.efternamn, named.id_typ)
        shown = person.id_nummer if person.id_typ == IdTyp.RESERVNUMMER else person.identitet_formaterad
        assert shown in demo_3000
    elsa = Invanare.objects.get(fornamn="Elsa", efternamn="Berg")
    # Born 2022-03-08 (fixed): her parents are her guardians until she is 18, in 2040.
    vuxen = _age(elsa.fodelsedatum, timezone.localdate()) >= 18
    assert {g.vardnadshavare.fornamn for g in elsa.vardnadshavarskap.all()} == (set() if vuxen else {"Anna", "Johan"})
    assert Invanare.objects.get(fornamn="Maria", efternamn="Nyström").skydd == Invanare.Skydd.SKYDDAD_FOLKBOKFORING
    fatima = Invanare.objects.get(fornamn="Fatima", efternamn="Haddad")
    assert fatima.har_reservnummer and fatima.konto == Invanare.Konto.INGET
    for text in ("Totalt", "Invånare", "Vårdrelationer", "SE2321000016-", "Fördelning"):
        assert text in demo_3000
