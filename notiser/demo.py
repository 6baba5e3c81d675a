"""Demo data (a DEMO_STEPS entry): the region's terms of use version 1, accepted by Sara Lindqvist, who also
has a phone registered for push notices and wants both SMS and push. Idempotent."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from invanare.models import Anvandarvillkor, Invanare
from invanare.samtycke import villkor_godkann, villkor_publicera
from notiser.models import Notisval, PushEnhet

STEG = "Användarvillkor och notiser"
VILLKOR_V1 = """Användarvillkor för Alltid öppet

När du har skapat ett konto och godkänt de här villkoren har du gett ditt samtycke till att använda tjänsten.
Det innebär att du godkänner att få SMS-aviseringar och/eller pushnotiser om bokade besök och andra ärenden
till ditt registrerade mobiltelefonnummer, och att elektroniska dokument (e-kallelser, e-brev och
e-remissbekräftelser) skickas till Alltid öppet och till din digitala brevlåda om du har en sådan.

Notiserna innehåller aldrig uppgifter om din vård, bara att något nytt finns att läsa i appen.
Du väljer själv i appen om du vill ha SMS, pushnotiser eller båda.

Vill du inte få e-dokument avregistrerar du ditt konto i appen. Har du digital brevlåda kan du tacka nej till
att få e-dokument dit via tacka nej-webben.

Missbrukar du tjänsten kan kontot spärras."""


def notiser_demo(result) -> None:
    with transaction.atomic():
        if not Anvandarvillkor.objects.exists():
            villkor_publicera(text=VILLKOR_V1, publicerad=timezone.now() - datetime.timedelta(days=30),
                              skapad_av="Demodata")
        sara = Invanare.objects.filter(pk=result.named_pks.get("gravid")).first()
        if sara is None:
            return
        if sara.villkor_version is None:
            villkor_godkann(invanare=sara, version=Anvandarvillkor.objects.order_by("-version").first().version)
        PushEnhet.objects.get_or_create(token="demo-sara-iphone", defaults={"invanare": sara, "plattform": "ios"})
        Notisval.objects.get_or_create(invanare=sara)
