from django.db import models
from django.utils.translation import gettext_lazy as _


class Formulartoken(models.Model):
    """The idempotency token of a staff form that creates something (vardportalen.idempotens): a repeat of
    the same form, sequential or concurrent, gets the thing the first one created."""

    nyckel = models.UUIDField(_("nyckel"), primary_key=True)
    vad = models.CharField(_("vad"), max_length=60)  # "app.modell" of what the form created
    objekt_id = models.BigIntegerField(_("objekt"), null=True)
    skapad = models.DateTimeField(_("skapad"))

    class Meta:
        verbose_name = _("formulärtoken")
        verbose_name_plural = _("formulärtoken")
        indexes = [models.Index(fields=["skapad"], name="formulartoken_skapad")]
