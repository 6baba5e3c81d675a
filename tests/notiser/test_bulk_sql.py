"""The set-based enqueue (one INSERT … SELECT, used by the allocation for 100,000s of SMS) refuses and
normalises exactly like the row-wise ``sms_enqueue``: locked accounts, protected identities, known threats, bad
numbers."""
import pytest
from django.utils import timezone

from invanare.models import Kontosparr
from notiser.models import SmsUtgaende
from notiser.sms.bulk import sms_enqueue_sql
from notiser.sms.services import sms_enqueue
from tests.fixtures.staff import InvanareFactory

NUMMER = ["070-174 06 20", "+46 70 174 06 20", "0046701740620", "(070) 1740620", "070\u00a0174\u00a00620",
          "08-123 456 78", "070-174 06 2", "", "+4670174062O", "0701740620 ",
          "070\uff11\uff17\uff14\uff10\uff16\uff12\uff10"]  # fullwidth digits: not a number a gateway takes


def _fall():
    fall = [dict(mobilnummer=n) for n in NUMMER]
    fall += [dict(mobilnummer="0701740620", skydd="sekretessmarkering"),
             dict(mobilnummer="0701740620", skydd="sekretessmarkering", bekraftad=True),
             dict(mobilnummer="0701740620", hotbild=True),
             dict(mobilnummer="0701740620", hotbild=True, bekraftad=True),
             dict(mobilnummer="0701740620", sparrad=True),
             dict(mobilnummer="0701740620", sparrad=True, havd=True)]
    return fall


@pytest.mark.django_db
def test_set_based_enqueue_equals_row_wise():
    nu = timezone.now()
    invanare = []
    for i, f in enumerate(_fall()):
        inv = InvanareFactory(mobilnummer=f["mobilnummer"], skydd=f.get("skydd", ""), kand_hotbild=f.get("hotbild", False))
        if f.get("sparrad"):
            Kontosparr.objects.create(invanare=inv, orsak="tvang", havd=nu if f.get("havd") else None)
        invanare.append((inv, f.get("bekraftad", False)))
        sms_enqueue(invanare=inv, text="Hej", idempotensnyckel=f"rad:{i}", syfte="test",
                    skyddad_bekraftad=f.get("bekraftad", False), nu=nu)
    ids = [inv.pk for inv, _b in invanare]
    bekr = [b for _i, b in invanare]
    antal = sms_enqueue_sql(
        kalla="""SELECT u.id AS invanare_id, 'Hej' AS text, 'mangd:' || u.nr AS idempotensnyckel, 'test' AS syfte,
                        NULL::timestamptz AS skicka_efter, u.b AS skyddad_bekraftad
                 FROM unnest(%(ids)s::bigint[], %(b)s::bool[]) WITH ORDINALITY AS u(id, b, nr)""",
        params={"ids": ids, "b": bekr}, nu=nu)
    assert antal == len(ids)
    for i in range(len(ids)):
        rad = SmsUtgaende.objects.get(idempotensnyckel=f"rad:{i}")
        mangd = SmsUtgaende.objects.get(idempotensnyckel=f"mangd:{i + 1}")
        assert (mangd.status, mangd.mobilnummer, mangd.orsak) == (rad.status, rad.mobilnummer, rad.orsak), NUMMER[i:i+1]
    statusar = [SmsUtgaende.objects.get(idempotensnyckel=f"mangd:{i + 1}").status for i in range(len(ids))]
    # 6 good numbers, confirmed protected, confirmed known threat, lifted lock
    assert statusar.count(SmsUtgaende.Status.VANTANDE) == 9
    # again: the keys are taken, nothing new
    assert sms_enqueue_sql(kalla="SELECT u.id AS invanare_id, 'x' AS text, 'mangd:1' AS idempotensnyckel, "
                                 "'test' AS syfte, NULL::timestamptz AS skicka_efter, false AS skyddad_bekraftad "
                                 "FROM unnest(%(ids)s::bigint[]) AS u(id) LIMIT 1",
                           params={"ids": ids}, nu=nu) == 0


@pytest.mark.django_db
def test_a_taken_key_is_skipped_and_the_other_rows_are_inserted():
    inv = InvanareFactory(mobilnummer="0701740620")
    kalla = ("SELECT %(inv)s::bigint AS invanare_id, 'Hej' AS text, k AS idempotensnyckel, 'test' AS syfte, "
             "NULL::timestamptz AS skicka_efter, false AS skyddad_bekraftad FROM unnest(%(k)s::text[]) AS k")
    nu = timezone.now()
    assert sms_enqueue_sql(kalla=kalla, params={"inv": inv.pk, "k": ["a", "b"]}, nu=nu) == 2
    # one key already taken: the plain insert fails on it, and the insert again with ON CONFLICT skips it
    assert sms_enqueue_sql(kalla=kalla, params={"inv": inv.pk, "k": ["b", "c"]}, nu=nu) == 1
    assert sorted(SmsUtgaende.objects.values_list("idempotensnyckel", flat=True)) == ["a", "b", "c"]


@pytest.mark.django_db
def test_only_a_unique_violation_falls_back_to_on_conflict():
    from django.db import IntegrityError

    from notiser.sms.bulk import infoga_utan_dubbletter

    inv = InvanareFactory(mobilnummer="0701740620")
    # a waiting SMS without a number breaks the check constraint, not a unique one: raised, nothing stored
    with pytest.raises(IntegrityError):
        infoga_utan_dubbletter(
            "INSERT INTO vardportalen_smsutgaende (invanare_id, mobilnummer, text, syfte, idempotensnyckel, status, "
            "orsak, skyddad_bekraftad, skapad, skicka_efter, nasta_forsok, forsok, gateway_id, skapad_av_hsa_id, "
            "skapad_av_namn, vardenhet_hsa_id) VALUES (%(inv)s, '', 'x', 'test', 'k1', 'vantande', '', false, now(), "
            "now(), now(), 0, '', '', '', '')", {"inv": inv.pk})
    assert not SmsUtgaende.objects.filter(idempotensnyckel="k1").exists()
