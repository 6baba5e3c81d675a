"""The 48-hour sweep: rule 1 of the print list, idempotency, the lock, and what must never be listed."""
import datetime

from django.db import connection
from django.utils import timezone

from edokument.models import Kanal, Leverans, Orsak, Utskriftslistepost
from edokument.services import dokument_markera_last
from edokument.svep import SVEP_LAS, utskriftslista_svep
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory

T = datetime.timedelta


def _vuxen(**kw):
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(1980, 1, 1), **kw)


def test_unread_after_48_hours_goes_on_the_list_not_before(skicka_ekallelse):
    skickat = timezone.now()
    dok = skicka_ekallelse(_vuxen(), nu=skickat)
    assert utskriftslista_svep(nu=skickat + T(hours=47, minutes=59)).nya_poster == 0
    assert not Utskriftslistepost.objects.exists()
    resultat = utskriftslista_svep(nu=skickat + T(hours=48))
    assert resultat.nya_poster == 1
    post = Utskriftslistepost.objects.get()
    assert (post.dokument_id, post.orsak, post.vardenhet_id) == (dok.pk, Orsak.OLAST_48H, dok.vardenhet_id)
    assert not Leverans.objects.filter(bevakas=True).exists()


def test_read_in_time_never_appears(skicka_ekallelse):
    skickat = timezone.now()
    inv = _vuxen()
    dok = skicka_ekallelse(inv, nu=skickat)
    dokument_markera_last(dokument=dok, lasare=inv, nu=skickat + T(hours=47))
    for timmar in (48, 100, 1000):
        utskriftslista_svep(nu=skickat + T(hours=timmar))
    assert not Utskriftslistepost.objects.exists()


def test_read_by_one_guardian_counts_as_read(skicka_ekallelse):
    skickat = timezone.now()
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - T(days=5 * 365))
    mamma, pappa = _vuxen(), _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=pappa)
    dok = skicka_ekallelse(barn, nu=skickat)
    assert dok.leveranser.filter(kanal=Kanal.APP).count() == 2
    dokument_markera_last(dokument=dok, lasare=pappa, nu=skickat + T(hours=1))
    utskriftslista_svep(nu=skickat + T(hours=49))
    assert not Utskriftslistepost.objects.exists()


def test_two_unread_guardian_deliveries_make_one_entry(skicka_ekallelse):
    skickat = timezone.now()
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - T(days=5 * 365))
    for _ in range(2):
        VardnadshavarskapFactory(barn=barn, vardnadshavare=_vuxen())
    skicka_ekallelse(barn, nu=skickat)
    assert utskriftslista_svep(nu=skickat + T(hours=49), batch=1).nya_poster == 1
    assert Utskriftslistepost.objects.count() == 1


def test_mailbox_document_never_appears_even_unread_in_app(skicka_ekallelse):
    skickat = timezone.now()
    skicka_ekallelse(_vuxen(digital_brevlada="kivra"), nu=skickat)
    utskriftslista_svep(nu=skickat + T(days=30))
    assert not Utskriftslistepost.objects.exists()


def test_sweep_twice_and_batched_is_idempotent(skicka_ekallelse):
    skickat = timezone.now()
    docs = [skicka_ekallelse(_vuxen(), nu=skickat - T(minutes=i)) for i in range(7)]
    forsta = utskriftslista_svep(nu=skickat + T(hours=49), batch=3)
    assert (forsta.nya_poster, forsta.batcher) == (7, 3)
    assert utskriftslista_svep(nu=skickat + T(hours=50)).nya_poster == 0
    assert set(Utskriftslistepost.objects.values_list("dokument_id", flat=True)) == {d.pk for d in docs}


def test_sweep_does_not_duplicate_an_entry_that_exists(skicka_ekallelse):
    """A document already listed (e.g. its mailbox failed) gets no second entry: ON CONFLICT DO NOTHING."""
    skickat = timezone.now()
    dok = skicka_ekallelse(_vuxen(), nu=skickat)
    Utskriftslistepost.objects.create(dokument=dok, vardenhet_id=dok.vardenhet_id, dokumenttyp=dok.typ,
                                      orsak=Orsak.BREVLADA_MISSLYCKAD)
    resultat = utskriftslista_svep(nu=skickat + T(hours=49))
    assert (resultat.avslutade, resultat.nya_poster) == (1, 0)
    assert Utskriftslistepost.objects.get().orsak == Orsak.BREVLADA_MISSLYCKAD


def test_sweep_skips_when_another_holds_the_lock(skicka_ekallelse, django_db_blocker):
    import psycopg
    from django.conf import settings

    skickat = timezone.now()
    skicka_ekallelse(_vuxen(), nu=skickat)
    db = settings.DATABASES["default"]
    params = {"dbname": connection.settings_dict["NAME"], "host": db.get("HOST") or None, "user": db.get("USER") or None,
              "port": db.get("PORT") or None, "password": db.get("PASSWORD") or None}
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as annan:
        annan.execute("SELECT pg_advisory_lock(%s)", [SVEP_LAS])
        assert utskriftslista_svep(nu=skickat + T(hours=49)).lasta is False
        annan.execute("SELECT pg_advisory_unlock(%s)", [SVEP_LAS])
    assert utskriftslista_svep(nu=skickat + T(hours=49)).nya_poster == 1


def test_explain_uses_the_partial_index(skicka_ekallelse):
    from edokument.svep import _SQL

    for _ in range(3):
        skicka_ekallelse(_vuxen())
    with connection.cursor() as cur:
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("EXPLAIN " + _SQL, {"grans": timezone.now(), "batch": 10, "orsak": "olast_48h", "nu": timezone.now()})
        plan = "\n".join(r[0] for r in cur.fetchall())
    assert "leverans_bevakning_idx" in plan


def test_task_also_drops_unconfirmed_drafts_older_than_a_day(aktor):
    from edokument.models import Bilaga, Dokument
    from edokument.services import BilagaData, dokument_utkast_skapa
    from edokument.tasks import utskriftslista_svep as task
    from tests.fixtures.edokument import PDF_MINI, ekallelse_falt

    inv = _vuxen()
    gammalt = dokument_utkast_skapa(aktor=aktor, invanare=inv, bilagor=[BilagaData("a.pdf", PDF_MINI)], **ekallelse_falt())
    Dokument.objects.filter(pk=gammalt.pk).update(skapad=timezone.now() - T(hours=25))
    nytt = dokument_utkast_skapa(aktor=aktor, invanare=inv, **ekallelse_falt())
    assert task()["rensade_utkast"] >= 1
    assert list(Dokument.objects.values_list("pk", flat=True)) == [nytt.pk]
    assert not Bilaga.objects.exists()
