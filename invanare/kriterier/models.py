"""Citizen criteria (invånarkriterier) and the small diagnosis register they read.

A unit opens a function (e.g. "citizens may start a conversation") for citizens who meet one of its active
criteria sets (Kriterieuppsattning, OR between sets); a set holds rules (Kriterium, AND within the set).
Each rule is one of a few kinds with its own parameters; ``invanare.kriterier.bedomning`` evaluates them and
says in words why a citizen passes or not.
"""
import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardportalen.models import Medarbetare, Vardenhet

# ICD-10 (and the Swedish ICD-10-SE): a letter, two digits, optionally a dot and 1–4 more characters
# ("E11", "E11.9", "O24.4A"). Stored uppercase with the dot; a code prefix in a rule matches subcodes.
ICD10_RE = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$")
icd10_validator = RegexValidator(
    ICD10_RE, _("En ICD-10-kod är en bokstav och två siffror, ev. punkt och upp till fyra tecken, t.ex. E11 eller E11.9.")
)
KOMMUNKOD_RE = re.compile(r"^\d{4}$")


def normalisera_icd10(text: str) -> str:
    """'e119' / 'E11.9 ' / 'e11.9' → 'E11.9'. Leaves invalid input for the validator to reject."""
    kod = re.sub(r"\s", "", text or "").upper()
    if len(kod) > 3 and "." not in kod:
        kod = f"{kod[:3]}.{kod[3:]}"
    return kod


class Syfte(models.TextChoices):
    """The unit's functions criteria can govern (seed 001, "Invånarkriterier": »Vilka invånare som kan använda
    vårdens funktioner i Alltid öppet kan styras med invånarkriterier«). Messages are closed unless a set
    opens them (the unit starts the chat); booking and video are open unless the unit has active sets for
    them, and then only to citizens who meet one (``invanare.kriterier.bedomning.funktion_oppen``)."""

    MEDDELANDEN = "meddelanden", _("Starta konversation (meddelanden)")
    BOKNING = "bokning", _("Boka tid i appen")
    VIDEO = "video", _("Videomöte")


# Functions that are open to everyone until the unit restricts them with criteria.
OPPNA_UTAN_KRITERIER = (Syfte.BOKNING, Syfte.VIDEO)


class Diagnos(models.Model):
    """A diagnosis the unit has set for the citizen (from the record system), read by diagnosis rules."""

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="diagnoser")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="diagnoser")
    kod = models.CharField(_("ICD-10-kod"), max_length=8, validators=[icd10_validator])
    datum = models.DateField(_("datum"), default=timezone.localdate)

    class Meta:
        verbose_name = _("diagnos")
        verbose_name_plural = _("diagnoser")
        indexes = [models.Index(fields=["invanare", "vardenhet"], name="diagnos_invanare_enhet_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(kod__regex=ICD10_RE.pattern), name="diagnos_kod_icd10"),
        ]

    def __str__(self):
        return f"{self.kod} ({self.datum})"


class Kriterieuppsattning(models.Model):
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.CASCADE, related_name="kriterieuppsattningar")
    syfte = models.CharField(_("gäller"), max_length=32, choices=Syfte.choices, default=Syfte.MEDDELANDEN)
    namn = models.CharField(_("namn"), max_length=100)
    aktiv = models.BooleanField(_("aktiv"), default=True)
    skapad = models.DateTimeField(default=timezone.now)
    andrad_av = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kriterieuppsättning")
        verbose_name_plural = _("kriterieuppsättningar")
        ordering = ["namn"]
        constraints = [
            models.UniqueConstraint(fields=["vardenhet", "syfte", "namn"], name="kriterieuppsattning_unikt_namn"),
        ]

    def __str__(self):
        return self.namn


class Kriterium(models.Model):
    class Typ(models.TextChoices):
        ALDER = "alder", _("Ålder")
        FOLKBOKFORING = "folkbokforing", _("Folkbokförd i kommun")
        LISTNING = "listning", _("Listad på enheten")
        DIAGNOS = "diagnos", _("Diagnos (ICD-10)")
        BESOK = "besok", _("Tidigare eller kommande besök på enheten")

    uppsattning = models.ForeignKey(Kriterieuppsattning, on_delete=models.CASCADE, related_name="kriterier")
    typ = models.CharField(_("typ"), max_length=16, choices=Typ.choices)
    alder_min = models.PositiveSmallIntegerField(_("lägsta ålder"), null=True, blank=True)
    alder_max = models.PositiveSmallIntegerField(_("högsta ålder"), null=True, blank=True)
    kommunkoder = models.CharField(
        _("kommunkoder"), max_length=200, blank=True, help_text=_("Fyrsiffriga koder, kommaseparerade, t.ex. 0180, 0182.")
    )
    icd10_koder = models.CharField(
        _("ICD-10-koder"), max_length=200, blank=True, help_text=_("Koder eller kodgrupper, t.ex. E10, E11.")
    )
    besok_dagar_bakat = models.PositiveSmallIntegerField(
        _("genomfört besök inom (dagar)"), null=True, blank=True,
        help_text=_("Tomt: bara kommande besök räknas."),
    )

    class Meta:
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(alder_min__isnull=True) | Q(alder_max__isnull=True) | Q(alder_max__gte=models.F("alder_min")),
                name="kriterium_alder_ordning",
            ),
        ]

    def __str__(self):
        return self.get_typ_display()

    @property
    def kommunkod_lista(self) -> list[str]:
        return [k for k in (s.strip() for s in self.kommunkoder.split(",")) if k]

    @property
    def icd10_lista(self) -> list[str]:
        return [normalisera_icd10(k) for k in self.icd10_koder.split(",") if k.strip()]

    def clean(self):
        fel = {}
        if self.typ == self.Typ.ALDER:
            if self.alder_min is None and self.alder_max is None:
                fel["alder_min"] = _("Ange lägsta eller högsta ålder (eller båda).")
            elif self.alder_min is not None and self.alder_max is not None and self.alder_max < self.alder_min:
                fel["alder_max"] = _("Högsta ålder kan inte vara lägre än lägsta ålder.")
        elif self.typ == self.Typ.FOLKBOKFORING:
            koder = self.kommunkod_lista
            if not koder:
                fel["kommunkoder"] = _("Ange minst en kommunkod, t.ex. 0180 för Stockholm.")
            elif bad := [k for k in koder if not KOMMUNKOD_RE.match(k)]:
                fel["kommunkoder"] = _("En kommunkod är fyra siffror: %(fel)s stämmer inte.") % {"fel": ", ".join(bad)}
            else:
                self.kommunkoder = ", ".join(koder)
        elif self.typ == self.Typ.DIAGNOS:
            koder = self.icd10_lista
            if not koder:
                fel["icd10_koder"] = _("Ange minst en ICD-10-kod, t.ex. E11.")
            elif bad := [k for k in koder if not ICD10_RE.match(k)]:
                fel["icd10_koder"] = _("%(fel)s är inte en ICD-10-kod (t.ex. E11 eller E11.9).") % {"fel": ", ".join(bad)}
            else:
                self.icd10_koder = ", ".join(koder)
        if fel:
            raise ValidationError(fel)
