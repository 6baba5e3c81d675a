"""Demo data of bokning (a DEMO_STEPS step): the regional vaccination timebook, vårdcentral timebooks, two weeks
of slots, and bookings for some named citizens. Idempotent: slots go in with ON CONFLICT DO NOTHING (the
no-overlap exclusion constraint makes a second run insert nothing), bookings are skipped when present.
Its cost does not depend on the number of citizens.
"""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bokning.models import Bokning, Halsodeklaration, Resurs, Tid, Tidbok, Tidstyp
from invanare.models import Invanare, Vardrelation
from vardportalen.models import Vardenhet

DAGAR = 14
VACCINATION_KODER = ("vaccination-covid-19", "vaccination-covid-19-influensa", "vaccination-sasongsinfluensa",
                     "vaccination-pneumokocker")
VC_TYPER = (
    # kod, namn, minuter, bokningsbar i app, dold, video
    ("mottagning-sjukskoterska", "Mottagningsbesök sjuksköterska", 20, True, False, False),
    ("video-lakare", "Videobesök läkare", 15, True, False, True),
    ("uppfoljning-dold", "Uppföljning (dold tidstyp)", 30, False, True, False),
)


def _tidstyper_vc() -> list[Tidstyp]:
    typer = []
    for kod, namn, minuter, app, dold, video in VC_TYPER:
        typer.append(Tidstyp.objects.get_or_create(kod=kod, defaults=dict(
            namn=namn, langd_minuter=minuter, bokningsbar_i_app=app, avbokningsbar_i_app=app, dold=dold, video=video,
            avboka_senast_timmar=24))[0])
    return typer


def _resurser(enhet: Vardenhet, namn: tuple[str, ...]) -> list[Resurs]:
    return [Resurs.objects.get_or_create(vardenhet=enhet, namn=n, defaults={"typ": Resurs.Typ.RUM})[0] for n in namn]


def _slots(*, tidbok, enhet, resurs, typer: list[Tidstyp], fran: datetime.time, till: datetime.time, kapacitet=1) -> list[Tid]:
    tz, idag = timezone.get_current_timezone(), timezone.localdate()
    rader = []
    for d in range(DAGAR):
        dag = idag + datetime.timedelta(days=d)
        if dag.weekday() >= 5:
            continue
        start = timezone.make_aware(datetime.datetime.combine(dag, fran), tz)
        slut_dag = timezone.make_aware(datetime.datetime.combine(dag, till), tz)
        i = 0
        while True:
            typ = typer[i % len(typer)]
            if start + typ.langd > slut_dag:
                break
            rader.append(Tid(tidbok=tidbok, vardenhet=enhet, resurs=resurs, tidstyp=typ, start=start,
                             slut=start + typ.langd, kapacitet=kapacitet))
            start += typ.langd
            i += 1
    return rader


def demo_bokning(result) -> None:
    units = result.units
    vaccination = list(Tidstyp.objects.filter(kod__in=VACCINATION_KODER).order_by("kod"))
    with transaction.atomic():
        regional = Tidbok.objects.get_or_create(
            vardenhet=units["REG_VAC"], gemensam=True, defaults={"namn": "Gemensam vaccinationstidbok"})[0]
        nya: list[Tid] = []
        for key in ("VAC_KIS", "VAC_LIL"):
            enhet = units[key]
            regional.deltagande_enheter.add(enhet)
            for resurs in _resurser(enhet, ("Vaccinationsbås 1", "Vaccinationsbås 2")):
                nya += _slots(tidbok=regional, enhet=enhet, resurs=resurs, typer=vaccination, fran=datetime.time(8),
                              till=datetime.time(16))
        vc_typer = _tidstyper_vc()
        for key in ("VC_GUB", "VC_HOR", "VC_SOL", "VC_TBY", "VC_FLE", "VC_STJ"):
            enhet = units[key]
            tidbok = Tidbok.objects.get_or_create(vardenhet=enhet, gemensam=False,
                                                  defaults={"namn": f"Tidbok {enhet.namn}"})[0]
            for resurs in _resurser(enhet, ("Sjuksköterskemottagning", "Läkarrum 1")):
                nya += _slots(tidbok=tidbok, enhet=enhet, resurs=resurs, typer=vc_typer, fran=datetime.time(9),
                              till=datetime.time(12))
        Tid.objects.bulk_create(nya, batch_size=2000, ignore_conflicts=True)
        _bokningar(result, units=units)
        _veckans_bokningar(units)


def _bokningar(result, *, units) -> None:
    """Today's vaccinations at Kista for up to five named citizens; the first one's declaration is flagged."""
    pks = [pk for _key, pk in sorted(result.named_pks.items())][:5]
    if not pks:
        return
    enhet = units["VAC_KIS"]
    tider = list(Tid.objects.lediga().filter(vardenhet=enhet, start__gte=timezone.now())
                 .order_by("start")[: len(pks)])
    for i, (pk, tid) in enumerate(zip(pks, tider)):
        if Bokning.objects.filter(invanare_id=pk, vardenhet=enhet, status=Bokning.Status.BOKAD).exists():
            continue
        invanare = Invanare.objects.get(pk=pk)
        bokning = Bokning.objects.create(tid=tid, invanare=invanare, vardenhet=enhet, bokad_av="invanare")
        Tid.objects.filter(pk=tid.pk).update(bokade=tid.bokade + 1)
        Halsodeklaration.objects.create(bokning=bokning, feber_idag=False, allvarlig_allergisk_reaktion=(i == 0),
                                        gravid=False, blodfortunnande=(i == 1), fritext="", flaggad=i in (0, 1))
        if not Vardrelation.objects.aktiva().filter(invanare=invanare, vardenhet=enhet).exists():
            Vardrelation.objects.create(invanare=invanare, vardenhet=enhet, anledning="Bokad tid")


def _veckans_bokningar(units) -> None:
    """A week of bookings at Vårdcentral Gubbängen: two of every three free slots in the coming seven days, booked
    by staff or in the app for citizens with a care relation there. Idempotent: a slot is booked once, and a
    citizen gets at most one of these bookings."""
    enhet = units.get("VC_GUB")
    if enhet is None:
        return
    nu = timezone.now()
    tider = [t for i, t in enumerate(Tid.objects.lediga().filter(tidbok__vardenhet=enhet, start__gt=nu,
                                                                   start__lt=nu + datetime.timedelta(days=7))
                                     .order_by("start", "pk")) if i % 3 != 2]
    redan = Bokning.objects.filter(vardenhet=enhet, status=Bokning.Status.BOKAD).values("invanare_id")
    invanare = list(Vardrelation.objects.aktiva().filter(vardenhet=enhet, invanare__skydd="", invanare__kand_hotbild=False)
                    .exclude(invanare_id__in=redan).order_by("invanare_id").values_list("invanare_id", flat=True)
                    .distinct()[: len(tider)])
    bokningar = [Bokning(tid=t, invanare_id=pk, vardenhet=enhet, bokad_av="personal" if i % 2 else "invanare",
                         bokad_av_hsa_id="SE2321000016-DEMO" if i % 2 else "")
                 for i, (t, pk) in enumerate(zip(tider, invanare))]
    Bokning.objects.bulk_create(bokningar)
    Tid.objects.filter(pk__in=[b.tid_id for b in bokningar]).update(bokade=1)
