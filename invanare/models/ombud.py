"""Proxies (ombud) registered by staff, and blocks of guardians/proxies decided by a verksamhetschef.

A guardian of a child under 13 is proxy automatically: that relation is *derived* from Vardnadshavarskap
and the child's birth date (see invanare.behorighet) and has no Ombud row. Ombud rows are the proxies that
need a decision: a guardian of a child 13–16 with special need, a legal representative with a district
court decision, and a power-of-attorney holder (fullmaktstagare) approved under the regional routine.
"""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Ombudstyp(models.TextChoices):
    VARDNADSHAVARE = "vardnadshavare", _("Vårdnadshavare (barn under 13 år)")
    VARDNADSHAVARE_SARSKILT_BEHOV = "vardnadshavare_sarskilt_behov", _("Vårdnadshavare, särskilt behov (13–16 år)")
    LEGAL_STALLFORETRADARE = "legal_stallforetradare", _("Legal ställföreträdare")
    FULLMAKTSTAGARE = "fullmaktstagare", _("Fullmaktstagare")


# Types that are stored as Ombud rows (the automatic guardian relation is derived, never stored).
REGISTRERADE_TYPER = (
    Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV,
    Ombudstyp.LEGAL_STALLFORETRADARE,
    Ombudstyp.FULLMAKTSTAGARE,
)


class OmbudQuerySet(models.QuerySet):
    def aktiva(self, dag: datetime.date | None = None):
        dag = dag or timezone.localdate()
        return self.filter(
            Q(giltig_till__isnull=True) | Q(giltig_till__gt=dag), giltig_fran__lte=dag, avslutad__isnull=True
        )


class Ombud(models.Model):
    huvudman = models.ForeignKey(
        "invanare.Invanare", on_delete=models.CASCADE, related_name="ombud", verbose_name=_("huvudman")
    )
    ombud = models.ForeignKey(
        "invanare.Invanare", on_delete=models.CASCADE, related_name="ombud_for", verbose_name=_("ombud")
    )
    typ = models.CharField(_("typ"), max_length=32, choices=[(t.value, t.label) for t in REGISTRERADE_TYPER])
    giltig_fran = models.DateField(_("giltig från"), default=timezone.localdate)
    giltig_till = models.DateField(_("giltig till"), null=True, blank=True)
    # The decision behind the proxy: a special-need decision (13–16), a district-court decision
    # (tingsrättsbeslut) for a legal representative, or the approval of a power of attorney.
    beslut_referens = models.CharField(_("beslutets referens"), max_length=100, blank=True)
    beslut_datum = models.DateField(_("beslutsdatum"), null=True, blank=True)
    beslut_sorja_for_person = models.BooleanField(
        _("beslutet omfattar att sörja för huvudmannens person"), default=False
    )
    beslut_motivering = models.TextField(_("motivering"), blank=True, max_length=2000)
    registrerad_av_hsa_id = models.CharField(max_length=48, blank=True)
    registrerad_av_namn = models.CharField(max_length=200, blank=True)
    registrerad_vardenhet_hsa_id = models.CharField(max_length=48, blank=True)
    registrerad = models.DateTimeField(default=timezone.now)
    avslutad = models.DateTimeField(_("avslutad"), null=True, blank=True)
    avslutad_anledning = models.CharField(_("anledning till avslut"), max_length=500, blank=True)
    avslutad_av_hsa_id = models.CharField(max_length=48, blank=True)
    avslutad_av_namn = models.CharField(max_length=200, blank=True)

    objects = OmbudQuerySet.as_manager()

    class Meta:
        verbose_name = _("ombud")
        verbose_name_plural = _("ombud")
        constraints = [
            models.CheckConstraint(condition=~Q(huvudman=models.F("ombud")), name="ombud_inte_sig_sjalv"),
            models.UniqueConstraint(
                fields=["huvudman", "ombud", "typ"], condition=Q(avslutad__isnull=True), name="ombud_ett_aktivt_per_typ"
            ),
        ]
        indexes = [models.Index(fields=["ombud", "huvudman"])]

    def __str__(self):
        return f"{self.ombud} ombud för {self.huvudman} ({self.get_typ_display()})"


class Blankett(models.TextChoices):
    BLA_46557 = "BLA-46557", _("BLA-46557 Blockera vårdnadshavare (barn under 13 år)")
    BLA_42671 = "BLA-42671", _("BLA-42671 Fullmaktstagare vårdnadshavare (barn över 13 år)")
    BLA_43926 = "BLA-43926", _("BLA-43926 Legal ställföreträdare")


class OmbudBlockeringQuerySet(models.QuerySet):
    def aktiva(self):
        """In effect: confirmed by the verksamhetschef and not lifted."""
        return self.filter(havd__isnull=True, bekraftad__isnull=False)

    def vantande(self):
        """Recorded, waiting for the verksamhetschef's own confirmation: the proxy still works."""
        return self.filter(havd__isnull=True, bekraftad__isnull=True)

    def ej_havda(self):
        return self.filter(havd__isnull=True)

    def havning_vantar(self):
        """In effect, a lift recorded by other staff waiting for the verksamhetschef's own confirmation."""
        return self.aktiva().filter(havning_begard__isnull=False)


class OmbudBlockering(models.Model):
    """A verksamhetschef's decision that this person may not act as proxy for this citizen.

    In effect once ``bekraftad`` is set (the verksamhetschef confirmed it herself, logged in with her own card;
    seed 001: "Verksamhetschef fattar beslut om blockering") and while ``havd`` is null. Recorded by other
    staff it waits (``bekraftad`` null) and the proxy still works. Unblocking (or withdrawing a pending block)
    fills the havd_* fields (the row is kept as history).

    Lifting a block in effect is her decision too: recorded by other staff, the lift waits (``havning_begard`` set,
    the decision's havd_anledning/-beslutsdatum/-beslutsfattare_* filled, ``havd`` still null) and the block stays
    in force until the named chief confirms it herself; then ``havd`` is set.
    """

    huvudman = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="ombud_blockeringar")
    ombud = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="blockerad_som_ombud")
    blankett = models.CharField(_("blankett"), max_length=16, choices=Blankett.choices)
    anledning = models.TextField(_("anledning"), max_length=2000)
    beslutsdatum = models.DateField(_("beslutsdatum"))
    beslutsfattare_hsa_id = models.CharField(_("beslutsfattare (HSA-id)"), max_length=48)
    beslutsfattare_namn = models.CharField(_("beslutsfattare"), max_length=200)
    registrerad_av_hsa_id = models.CharField(max_length=48)
    vardenhet_hsa_id = models.CharField(max_length=48)
    blockerad = models.DateTimeField(default=timezone.now)
    # Default "now": a row written outside the service (admin, demo) is a decision already taken; the service
    # writes None while the chief has not confirmed. Existing rows were migrated to their own blockerad.
    bekraftad = models.DateTimeField(_("bekräftad av verksamhetschefen"), null=True, blank=True, default=timezone.now)
    bekraftad_av_hsa_id = models.CharField(max_length=48, blank=True)
    bekraftad_av_namn = models.CharField(max_length=200, blank=True)
    havd = models.DateTimeField(_("hävd"), null=True, blank=True)
    havd_anledning = models.TextField(_("anledning till hävning"), blank=True, max_length=2000)
    havd_beslutsdatum = models.DateField(null=True, blank=True)
    havd_beslutsfattare_hsa_id = models.CharField(max_length=48, blank=True)
    havd_beslutsfattare_namn = models.CharField(max_length=200, blank=True)
    havning_begard = models.DateTimeField(_("hävning registrerad, väntar på verksamhetschefen"), null=True, blank=True)
    havning_begard_av_hsa_id = models.CharField(max_length=48, blank=True)
    havning_vardenhet_hsa_id = models.CharField(max_length=48, blank=True)

    objects = OmbudBlockeringQuerySet.as_manager()

    class Meta:
        verbose_name = _("blockering av ombud")
        verbose_name_plural = _("blockeringar av ombud")
        constraints = [
            models.UniqueConstraint(
                fields=["huvudman", "ombud"], condition=Q(havd__isnull=True), name="en_aktiv_blockering_per_ombud"
            ),
        ]
