"""The terms of use of Alltid öppet (användarvillkor), versioned, and each citizen's acceptance of them.

Seed 001, "Samtycke": "När invånaren har skapat ett konto och godkänt användarvillkoren så har de samtidigt
gett samtycke att använda tjänsten." The rule lives in invanare/samtycke.py.
"""
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Anvandarvillkor(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    text = models.TextField(_("villkorstext"))
    publicerad = models.DateTimeField(
        _("gäller från"), default=timezone.now,
        help_text=_("Från denna tid måste invånarna godkänna versionen innan e-dokument och notiser når dem i appen."),
    )
    skapad = models.DateTimeField(default=timezone.now)
    skapad_av = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("användarvillkor")
        verbose_name_plural = _("användarvillkor")
        ordering = ["-version"]

    def __str__(self):
        return _("Användarvillkor version %(v)s") % {"v": self.version}


class VillkorGodkannande(models.Model):
    """One acceptance: who, which version, when (kept; the latest is copied to Invanare.villkor_version)."""

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="villkor_godkannanden")
    villkor = models.ForeignKey(Anvandarvillkor, on_delete=models.PROTECT, related_name="godkannanden")
    godkant = models.DateTimeField(_("godkänt"), default=timezone.now)

    class Meta:
        verbose_name = _("godkännande av användarvillkor")
        verbose_name_plural = _("godkännanden av användarvillkor")
        constraints = [models.UniqueConstraint(fields=["invanare", "villkor"], name="villkor_godkant_en_gang")]
