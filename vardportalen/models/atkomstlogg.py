"""The access log required by Patientdatalagen (HSLF-FS 2016:40): append-only, refused UPDATE/DELETE by a trigger."""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Atkomstlogg(models.Model):
    class Handelse(models.TextChoices):
        LASNING = "lasning", _("Läsning")
        ANDRING = "andring", _("Ändring")
        UTSKRIFT = "utskrift", _("Utskrift")
        EXPORT = "export", _("Export")

    class Utfall(models.TextChoices):
        TILLATEN = "tillaten", _("Tillåten")
        NEKAD = "nekad", _("Nekad")

    # No foreign keys on purpose: log rows outlive the rows they describe and must never cascade.
    tidpunkt = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    medarbetare_hsa_id = models.CharField(_("medarbetarens HSA-id"), max_length=48)
    medarbetare_namn = models.CharField(_("medarbetarens namn"), max_length=200, blank=True)
    vardenhet_hsa_id = models.CharField(_("vårdenhetens HSA-id"), max_length=48, blank=True)
    vardenhet_namn = models.CharField(_("vårdenhet"), max_length=200, blank=True)
    roll = models.CharField(_("roll"), max_length=32, blank=True)
    invanare_id_typ = models.CharField(_("identitetstyp"), max_length=20, blank=True)
    invanare_identitet = models.CharField(_("invånarens identitet"), max_length=12, blank=True)
    handelse = models.CharField(_("händelse"), max_length=16, choices=Handelse.choices)
    utfall = models.CharField(_("utfall"), max_length=16, choices=Utfall.choices)
    vad = models.CharField(_("vad"), max_length=200, help_text=_("Sidan eller funktionen som användes."))
    detalj = models.CharField(_("detalj"), max_length=500, blank=True)
    request_id = models.CharField(_("anrops-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("åtkomstloggrad")
        verbose_name_plural = _("åtkomstlogg")
        ordering = ["-tidpunkt", "-id"]
        indexes = [
            models.Index(fields=["invanare_identitet", "-tidpunkt"], name="atkomst_invanare_idx"),
            models.Index(fields=["medarbetare_hsa_id", "-tidpunkt"], name="atkomst_medarbetare_idx"),
            models.Index(fields=["vardenhet_hsa_id", "-tidpunkt"], name="atkomst_enhet_idx"),
            models.Index(fields=["-tidpunkt"], name="atkomst_tid_idx"),
        ]

    def __str__(self):
        return f"{self.tidpunkt:%Y-%m-%d %H:%M} {self.medarbetare_hsa_id} {self.handelse} {self.invanare_identitet}"
