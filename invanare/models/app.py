"""Sessions of the citizen app (Alltid öppet) against our JSON API (see invanare/app_api/)."""
from django.db import models
from django.utils import timezone


class AppSession(models.Model):
    """One logged-in app. Only the SHA-256 of the bearer token is stored.

    ``agerar_for`` is the citizen the app currently acts for (herself, or someone she is proxy for);
    every API request re-checks invanare.behorighet.far_agera, so a block or lock takes effect at once.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="app_sessioner")
    agerar_for = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="+")
    eid_metod = models.CharField(max_length=32)
    skapad = models.DateTimeField(default=timezone.now)
    senast_anvand = models.DateTimeField(default=timezone.now)
    giltig_till = models.DateTimeField()
    avslutad = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["invanare"]), models.Index(fields=["agerar_for"])]
