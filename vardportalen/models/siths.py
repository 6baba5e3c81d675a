"""Login state for SITHS card login: single-use nonces and the log of every login attempt."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InloggningsNonce(models.Model):
    nonce = models.CharField(max_length=64, unique=True)
    # SHA-256 of a random value kept in the pre-login session: binds the nonce to that browser session.
    sessionsbindning = models.CharField(max_length=64)
    skapad = models.DateTimeField(default=timezone.now)
    giltig_till = models.DateTimeField()
    anvand = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("inloggningsnonce")
        verbose_name_plural = _("inloggningsnoncer")
        indexes = [models.Index(fields=["giltig_till"], name="nonce_giltig_idx")]


class Inloggningshandelse(models.Model):
    class Utfall(models.TextChoices):
        LYCKAD = "lyckad", _("Lyckad")
        MISSLYCKAD = "misslyckad", _("Misslyckad")
        UTLOGGNING = "utloggning", _("Utloggning")

    tidpunkt = models.DateTimeField(default=timezone.now)
    utfall = models.CharField(max_length=16, choices=Utfall.choices)
    orsak = models.CharField(max_length=48, blank=True, help_text=_("Felkod, t.ex. fel_pin eller spärrat_certifikat."))
    metod = models.CharField(max_length=16, blank=True, help_text=_("kortagent eller proxy"))
    hsa_id = models.CharField(max_length=48, blank=True)
    certifikat_serienummer = models.CharField(max_length=80, blank=True)
    certifikat_utfardare = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    detalj = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("inloggningshändelse")
        verbose_name_plural = _("inloggningshändelser")
        ordering = ["-tidpunkt"]
        indexes = [models.Index(fields=["-tidpunkt"], name="inlogg_tid_idx")]
