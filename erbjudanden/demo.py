"""Demo data of erbjudanden (a DEMO_STEPS step): a regional vaccination round for citizens 65 and older
folkbokförda in Stockholm city who have not booked in the regional vaccination timebook, sent once.
Idempotent: the offer is found by its title; a send already done is left as it is."""
from __future__ import annotations

import datetime

from django.utils import timezone

from bokning.models import Tidbok, Tidstyp

from .models import Erbjudande
from .selectors import rackvidd
from .services import erbjudande_skicka

TITEL = "Vaccination mot covid-19 för dig som är 65 år eller äldre"


def erbjudanden_demo(result) -> None:
    tidbok = Tidbok.objects.filter(gemensam=True).order_by("pk").first()
    tidstyp = Tidstyp.objects.filter(vaccination=True).order_by("pk").first()
    if tidbok is None or tidstyp is None:
        return
    idag = timezone.localdate()
    e, ny = Erbjudande.objects.get_or_create(titel=TITEL, vardenhet=None, defaults=dict(
        text="Region Stockholm erbjuder dig vaccination mot covid-19. Boka en tid på en vaccinationsmottagning nära dig.",
        atgard=Erbjudande.Atgard.BOKA, tidbok=tidbok, tidstyp=tidstyp, giltig_fran=idag,
        giltig_till=idag + datetime.timedelta(days=60), alder_min=65, kommunkoder="0180", ej_bokad=True,
    ))
    if ny:
        r = rackvidd(e)
        Erbjudande.objects.filter(pk=e.pk).update(
            status=Erbjudande.Status.SKICKAS, antal_totalt=r["app"] + r["sms"], antal_i_malgrupp=r["totalt"],
            antal_app=r["app"], antal_sms=r["sms"], antal_ingen=r["ingen"], skickat_startat=timezone.now())
        erbjudande_skicka(erbjudande_id=e.pk)
    e.refresh_from_db()
    result.counts["riktade erbjudanden: mottagare"] = e.antal_behandlade
