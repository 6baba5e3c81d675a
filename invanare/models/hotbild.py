"""A known threat (känd hotbild) against a citizen, set and removed by staff.

Seed 001, "Invånare med skyddade personuppgifter/känd hotbild": »Innan kallelse skickas till en invånare med
skyddade personuppgifter/känd hotbild ska vårdpersonalen haft en dialog med invånaren och gjort en
överenskommelse om hur hen vill bli kallad«. Unlike formal protection (sekretessmarkering, skyddad
folkbokföring, from the population register) the marker is the care's own: one row per period, active while
``borttagen`` is null, kept as history. ``Invanare.kand_hotbild`` mirrors "has an active row" (written by the
same service in the same transaction) so that every page and list can ask ``Invanare.skydd_eller_hotbild``
without a query.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KandHotbildQuerySet(models.QuerySet):
    def aktiva(self):
        return self.filter(borttagen__isnull=True)


class KandHotbild(models.Model):
    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="hotbilder",
                                 verbose_name=_("invånare"))
    anledning = models.TextField(_("anledning"), max_length=2000)
    satt = models.DateTimeField(_("satt"), default=timezone.now)
    satt_av_hsa_id = models.CharField(max_length=48, blank=True)
    satt_av_namn = models.CharField(_("satt av"), max_length=200, blank=True)
    vardenhet_hsa_id = models.CharField(max_length=48, blank=True)
    vardenhet_namn = models.CharField(_("vårdenhet"), max_length=200, blank=True)
    borttagen = models.DateTimeField(_("borttagen"), null=True, blank=True)
    borttagen_anledning = models.TextField(_("anledning till borttagning"), max_length=2000, blank=True)
    borttagen_av_hsa_id = models.CharField(max_length=48, blank=True)
    borttagen_av_namn = models.CharField(_("borttagen av"), max_length=200, blank=True)

    objects = KandHotbildQuerySet.as_manager()

    class Meta:
        verbose_name = _("känd hotbild")
        verbose_name_plural = _("kända hotbilder")
        constraints = [
            models.UniqueConstraint(fields=["invanare"], condition=Q(borttagen__isnull=True), name="en_aktiv_hotbild"),
        ]

    def __str__(self):
        return f"{self.invanare_id}: {self.satt:%Y-%m-%d}"
