"""The history of proxies, blocks and account locks of one citizen, as staff read it on the Invånarprofil.

One row per event, written by the service that made the change in the same transaction (and by the daily
job when an automatic proxy relation ends). The access log says *who read or changed*; this history says
*what happened to her account and proxies*, in words staff understand, and outlives the rows it describes.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kontohistorik(models.Model):
    class Handelse(models.TextChoices):
        OMBUD_REGISTRERAT = "ombud_registrerat", _("Ombud registrerat")
        OMBUD_AVSLUTAT = "ombud_avslutat", _("Ombud avslutat")
        OMBUD_UPPHORT = "ombud_upphort", _("Ombudskap upphörde (ålder)")
        BLOCKERING_VANTAR = "blockering_vantar", _("Blockering registrerad, väntar på verksamhetschefen")
        BLOCKERAD = "blockerad", _("Ombud blockerat")
        HAVNING_VANTAR = "havning_vantar", _("Hävning av blockering registrerad, väntar på verksamhetschefen")
        BLOCKERING_HAVD = "blockering_havd", _("Blockering hävd")
        KONTO_SPARRAT = "konto_sparrat", _("Konto spärrat")
        KONTO_UPPLAST = "konto_upplast", _("Spärr hävd")
        KONTO_AVREGISTRERAT = "konto_avregistrerat", _("Konto avregistrerat")
        SESSION_AVSLUTAD = "session_avslutad", _("Appsession som ombud avslutad")
        HOTBILD_SATT = "hotbild_satt", _("Känd hotbild markerad")
        HOTBILD_BORTTAGEN = "hotbild_borttagen", _("Känd hotbild borttagen")

    invanare = models.ForeignKey(
        "invanare.Invanare", on_delete=models.CASCADE, related_name="kontohistorik", verbose_name=_("invånare")
    )
    # The other person of the event (the proxy), when there is one.
    ombud = models.ForeignKey(
        "invanare.Invanare", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("ombud")
    )
    handelse = models.CharField(_("händelse"), max_length=32, choices=Handelse.choices)
    beskrivning = models.TextField(_("beskrivning"), max_length=2000, blank=True)
    tidpunkt = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    utford_av_hsa_id = models.CharField(_("utförd av (HSA-id)"), max_length=48, blank=True)
    utford_av_namn = models.CharField(_("utförd av"), max_length=200, blank=True)
    vardenhet_hsa_id = models.CharField(max_length=48, blank=True)
    vardenhet_namn = models.CharField(_("vårdenhet"), max_length=200, blank=True)
    av_invanaren = models.BooleanField(_("av invånaren själv"), default=False)
    # Set by the daily job so that a second run writes nothing (unique when set).
    nyckel = models.CharField(max_length=100, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("kontohistorik")
        verbose_name_plural = _("kontohistorik")
        indexes = [models.Index(fields=["invanare", "-tidpunkt"], name="kontohistorik_inv_tid_idx")]

    def __str__(self):
        return f"{self.get_handelse_display()} {self.tidpunkt:%Y-%m-%d %H:%M}"
