"""Push notices: the citizen's devices (token registered through the app API) and the push outbox.

Every push is first a row here, written in the caller's transaction; ``notiser.tasks.push_skicka_vantande``
drains due rows through the configured backend (PUSH_BACKEND). The idempotency key is unique.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notiser.models.sms import SmsUtgaende


class PushEnhet(models.Model):
    class Plattform(models.TextChoices):
        IOS = "ios", "iOS"
        ANDROID = "android", "Android"

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="push_enheter")
    token = models.CharField(_("enhetstoken"), max_length=400, unique=True)
    plattform = models.CharField(_("plattform"), max_length=10, choices=Plattform.choices)
    registrerad = models.DateTimeField(_("registrerad"), default=timezone.now)
    aktiv = models.BooleanField(_("aktiv"), default=True,
                                help_text=_("Avregistrerad i appen, eller tjänsten svarade att token inte gäller längre."))

    class Meta:
        verbose_name = _("enhet för pushnotiser")
        verbose_name_plural = _("enheter för pushnotiser")

    def __str__(self):
        return f"{self.get_plattform_display()} …{self.token[-6:]}"


class PushUtgaende(models.Model):
    Status = SmsUtgaende.Status

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="push_utgaende")
    enhet = models.ForeignKey(PushEnhet, null=True, blank=True, on_delete=models.SET_NULL, related_name="utgaende")
    titel = models.CharField(_("rubrik"), max_length=100)
    text = models.CharField(_("text"), max_length=300)
    syfte = models.CharField(_("syfte"), max_length=40)
    idempotensnyckel = models.CharField(_("idempotensnyckel"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VANTANDE)
    orsak = models.TextField(_("orsak"), blank=True)
    skyddad_bekraftad = models.BooleanField(_("personalen har valt att skicka trots skyddad identitet"), default=False)
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)
    nasta_forsok = models.DateTimeField(_("nästa försök"), default=timezone.now)
    forsok = models.PositiveSmallIntegerField(_("antal försök"), default=0)
    skickad = models.DateTimeField(_("skickad"), null=True, blank=True)
    gateway_id = models.CharField(_("id hos pushtjänsten"), max_length=100, blank=True)
    skapad_av_hsa_id = models.CharField(max_length=48, blank=True)
    vardenhet_hsa_id = models.CharField(max_length=48, blank=True)

    class Meta:
        verbose_name = _("utgående pushnotis")
        verbose_name_plural = _("utgående pushnotiser")
        ordering = ["-skapad"]
        indexes = [models.Index(fields=["nasta_forsok"], condition=Q(status="vantande"), name="push_vantande_idx")]
        constraints = [
            models.UniqueConstraint(fields=["idempotensnyckel"], name="push_idempotensnyckel_unik"),
            models.CheckConstraint(condition=~Q(status="vantande") | Q(enhet__isnull=False), name="push_vantande_har_enhet"),
        ]

    def __str__(self):
        return f"{self.syfte} ({self.get_status_display()})"


class Notisval(models.Model):
    """How she wants her notices (seed 001: "SMS-aviseringar och/eller pushnotiser"). No row: both."""

    invanare = models.OneToOneField("invanare.Invanare", on_delete=models.CASCADE, related_name="notisval")
    sms = models.BooleanField(_("SMS"), default=True)
    push = models.BooleanField(_("pushnotiser"), default=True)
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)

    class Meta:
        verbose_name = _("val av notiser")
        verbose_name_plural = _("val av notiser")
        constraints = [models.CheckConstraint(condition=Q(sms=True) | Q(push=True), name="notisval_minst_en_kanal")]
