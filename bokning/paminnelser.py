"""The reminder the day before a visit (seed 001: notices "om bokade besök"): beat task at 17:00 every day
(bokning.tasks.paminnelser_skicka). Every active booking whose visit is tomorrow (local date) and that the
app may show (not a hidden time type, not a protected citizen: staff chose nothing for a reminder) gets one
reminder notice; the key ``bokning:<id>:paminnelse`` makes a second run send nothing."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from bokning.models import Bokning
from notiser.services import Notistyp, notis_skicka


def paminnelser_skicka(*, nu: datetime.datetime | None = None) -> int:
    nu = nu or timezone.now()
    imorgon = timezone.localdate(nu) + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    fran = datetime.datetime.combine(imorgon, datetime.time.min, tzinfo=tz)
    till = datetime.datetime.combine(imorgon + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    bokningar = (Bokning.objects.aktiva().synliga_i_appen().filter(tid__start__gte=fran, tid__start__lt=till)
                 .select_related("invanare", "tid").order_by("pk"))
    antal = 0
    for bokning in bokningar.iterator(chunk_size=500):
        with transaction.atomic():
            antal += notis_skicka(invanare=bokning.invanare, typ=Notistyp.PAMINNELSE, besokstid=bokning.tid.start,
                                  nyckel=f"bokning:{bokning.pk}:paminnelse", nu=nu) > 0
    return antal
