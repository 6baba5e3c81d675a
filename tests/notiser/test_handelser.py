"""The four errands that send a notice (issue 15, item 8): a new e-document (test_notiser.py), a new message
from the unit, a booking made or moved by staff, and the reminder the day before a visit."""
import datetime

from django.utils import timezone

from bokning import services as bokning_services
from bokning.paminnelser import paminnelser_skicka
from meddelanden import services as meddelanden_services
from notiser.models import SmsUtgaende
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, skapa_tid
from tests.fixtures.staff import InvanareFactory, VardrelationFactory

IDAG = timezone.localdate()


def _vuxen():
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(IDAG.year - 40, 1, 15),
                           mobilnummer="070-174 06 20")


def _syften():
    return sorted(SmsUtgaende.objects.values_list("syfte", flat=True))


def test_a_message_from_the_unit_is_one_notice_per_conversation_and_hour(aktor, vardenhet):
    inv = _vuxen()
    VardrelationFactory(invanare=inv, vardenhet=vardenhet)
    k = meddelanden_services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Ditt prov visar X.")
    meddelanden_services.meddelande_skicka_personal(aktor=aktor, konversation_id=k.pk, text="Och en sak till.")
    (rad,) = SmsUtgaende.objects.all()
    assert rad.syfte == "nytt_meddelande" and "Provsvar" not in rad.text and "prov" not in rad.text.lower()


def test_a_booking_made_or_moved_by_staff_is_told_but_never_a_hidden_one(aktor, vardenhet):
    inv = _vuxen()
    tidbok = TidbokFactory(vardenhet=vardenhet)
    typ = TidstypFactory()
    start = (timezone.now() + datetime.timedelta(days=5)).replace(second=0, microsecond=0)
    tid, ny_tid = (skapa_tid(tidbok=tidbok, tidstyp=typ, start=start + datetime.timedelta(hours=h)) for h in (0, 2))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk)
    assert _syften() == ["bokning_ny"]
    bokning_services.bokning_move(aktor=aktor, bokning_id=bokning.pk, ny_tid_id=ny_tid.pk)
    assert _syften() == ["bokning_flyttad", "bokning_ny"]
    dold = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(dold=True, bokningsbar_i_app=False), start=start)
    bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=dold.pk)
    assert len(_syften()) == 2


def test_the_reminder_the_day_before_names_only_the_time_and_comes_once(vardenhet):
    inv = _vuxen()
    tidbok = TidbokFactory(vardenhet=vardenhet)
    nu = timezone.make_aware(datetime.datetime.combine(IDAG, datetime.time(17, 0)))
    imorgon = timezone.make_aware(datetime.datetime.combine(IDAG + datetime.timedelta(days=1), datetime.time(10, 30)))
    overimorgon = timezone.make_aware(datetime.datetime.combine(IDAG + datetime.timedelta(days=2), datetime.time(0, 5)))
    typ = TidstypFactory(namn="Cellprov")
    for start in (imorgon, overimorgon):
        tid = skapa_tid(tidbok=tidbok, tidstyp=typ, start=start)
        bokning_services._boka(tid=tid, invanare=inv, bokad_av="personal")
    assert paminnelser_skicka(nu=nu) == 1
    paminnelser_skicka(nu=nu + datetime.timedelta(hours=1))  # a second run: the key keeps it to one
    (rad,) = SmsUtgaende.objects.all()
    assert rad.syfte == "paminnelse" and "i morgon kl. 10:30" in rad.text and "Cellprov" not in rad.text
