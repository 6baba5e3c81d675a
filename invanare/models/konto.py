"""The lock (spärr) of a citizen's Alltid öppet account. Active while ``havd`` is null; kept as history."""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KontosparrQuerySet(models.QuerySet):
    def aktiva(self):
        return self.filter(havd__isnull=True)


class Kontosparr(models.Model):
    class Orsak(models.TextChoices):
        LVU = "lvu", _("Barnet är omhändertaget enligt LVU och ska skyddas från vårdnadshavarna")
        TVANG = "tvang", _("Risk att tvingas visa information")
        MISSBRUK = "missbruk", _("Missbruk enligt användarvillkoren")
        EGEN_BEGARAN = "egen_begaran", _("Invånarens egen begäran")
        ANNAN = "annan", _("Annan orsak")

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="kontosparrar")
    orsak = models.CharField(_("orsak"), max_length=16, choices=Orsak.choices)
    orsak_text = models.TextField(_("beskrivning"), blank=True, max_length=2000)
    sparrad = models.DateTimeField(default=timezone.now)
    sparrad_av_invanaren = models.BooleanField(default=False)
    sparrad_av_hsa_id = models.CharField(max_length=48, blank=True)
    sparrad_av_namn = models.CharField(max_length=200, blank=True)
    vardenhet_hsa_id = models.CharField(max_length=48, blank=True)
    vardenhet_namn = models.CharField(max_length=200, blank=True)
    havd = models.DateTimeField(null=True, blank=True)
    havd_anledning = models.TextField(blank=True, max_length=2000)
    havd_av_hsa_id = models.CharField(max_length=48, blank=True)
    havd_av_namn = models.CharField(max_length=200, blank=True)
    havd_vardenhet_hsa_id = models.CharField(max_length=48, blank=True)

    objects = KontosparrQuerySet.as_manager()

    class Meta:
        verbose_name = _("kontospärr")
        verbose_name_plural = _("kontospärrar")
        constraints = [
            models.UniqueConstraint(fields=["invanare"], condition=Q(havd__isnull=True), name="en_aktiv_sparr_per_konto"),
            models.CheckConstraint(
                condition=~Q(orsak="annan") | ~Q(orsak_text=""), name="sparr_annan_orsak_kraver_text"
            ),
        ]
