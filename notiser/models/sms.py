"""The SMS outbox: every SMS the portal sends is first a row here, written in the caller's transaction.

A task (notiser.tasks.sms_skicka_vantande) drains due rows through the configured backend. The
idempotency key is unique, so whoever enqueues twice (a task run again, a double click) gets one SMS.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SmsUtgaende(models.Model):
    class Status(models.TextChoices):
        VANTANDE = "vantande", _("Väntar på att skickas")
        SKICKAD = "skickad", _("Skickat")
        MISSLYCKAD = "misslyckad", _("Kunde inte skickas")
        NEKAD = "nekad", _("Skickas inte")

    invanare = models.ForeignKey(
        "invanare.Invanare", null=True, blank=True, on_delete=models.CASCADE, related_name="sms_utgaende"
    )
    # Copied when the row is written and sent to; empty on a refused row (nothing to send to).
    mobilnummer = models.CharField(_("mobilnummer"), max_length=16, blank=True)
    text = models.TextField(_("text"), max_length=640)
    syfte = models.CharField(_("syfte"), max_length=40)
    idempotensnyckel = models.CharField(_("idempotensnyckel"), max_length=200)  # unique: see Meta
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.VANTANDE)
    orsak = models.TextField(_("orsak"), blank=True, help_text=_("Varför det inte skickades, eller senaste felet."))
    skyddad_bekraftad = models.BooleanField(
        _("personalen har valt att skicka trots skyddad identitet"), default=False
    )
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)
    skicka_efter = models.DateTimeField(_("skickas tidigast"), default=timezone.now)
    nasta_forsok = models.DateTimeField(_("nästa försök"), default=timezone.now)
    forsok = models.PositiveSmallIntegerField(_("antal försök"), default=0)
    skickad = models.DateTimeField(_("skickat"), null=True, blank=True)
    gateway_id = models.CharField(_("id hos SMS-tjänsten"), max_length=100, blank=True)
    skapad_av_hsa_id = models.CharField(max_length=48, blank=True)
    skapad_av_namn = models.CharField(max_length=200, blank=True)
    vardenhet_hsa_id = models.CharField(max_length=48, blank=True)

    class Meta:
        db_table = "vardportalen_smsutgaende"  # moved here from vardportalen (notiser/0001): same table, same rows
        verbose_name = _("utgående SMS")
        verbose_name_plural = _("utgående SMS")
        ordering = ["-skapad"]
        indexes = [
            models.Index(fields=["nasta_forsok"], condition=Q(status="vantande"), name="sms_vantande_idx"),
            # the staff's list of failures; a partial index, so the 100,000s of rows an allocation queues cost
            # nothing here
            models.Index(fields=["-skapad"], condition=Q(status="misslyckad"), name="sms_misslyckad_idx"),
        ]
        constraints = [
            # a constraint, not unique=True: that would add a second (LIKE) index on the key nobody searches by
            models.UniqueConstraint(fields=["idempotensnyckel"], name="sms_idempotensnyckel_unik"),
            models.CheckConstraint(
                condition=~Q(status="vantande") | ~Q(mobilnummer=""), name="sms_vantande_har_nummer"
            ),
        ]

    def __str__(self):
        return f"{self.syfte} ({self.get_status_display()})"
