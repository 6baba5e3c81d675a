"""Hänvisningsstödet: the versioned symptom catalogue, the referral rules, the units' care forms and
opening hours, and the referrals made.

Content (symptoms, their synonyms and urgency texts, the rules) belongs to one ``Innehallsversion``. A
version is imported as a draft, reviewed by a medically responsible person and then published; from then
on its rows never change (the services refuse it), so a referral that points at its version's rows keeps
saying exactly what the staff member saw. The region's structure (care missions, care forms) and the
units' opening hours are not versioned: they describe the region today.
"""
from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_ALDER = 130
MINUTER_PER_DYGN = 24 * 60


class Bradskegrad(models.TextChoices):
    """Urgency levels, most urgent first (the order of ``BRADSKEGRAD_ORDNING``)."""

    OMEDELBART = "omedelbart", _("Omedelbart – ring 112")
    INOM_EN_TIMME = "inom_1_timme", _("Inom en timme")
    INOM_NAGRA_TIMMAR = "inom_nagra_timmar", _("Inom några timmar")
    INOM_ETT_DYGN = "inom_ett_dygn", _("Inom ett dygn")
    INOM_NAGRA_DAGAR = "inom_nagra_dagar", _("Inom några dagar")
    PLANERAT = "planerat", _("Planerat besök")
    EGENVARD = "egenvard", _("Egenvård och råd")


BRADSKEGRAD_ORDNING = {kod: i for i, kod in enumerate(Bradskegrad.values)}


class Kroppsomrade(models.TextChoices):
    HUVUD = "huvud", _("Huvud och nervsystem")
    OGON = "ogon", _("Ögon")
    ORON_NASA_HALS = "oron_nasa_hals", _("Öron, näsa, mun och hals")
    BROST = "brost", _("Bröst, hjärta och lungor")
    BUK = "buk", _("Mage och tarm")
    URIN_KON = "urin_kon", _("Urinvägar och underliv")
    RYGG = "rygg", _("Rygg och nacke")
    ARMAR_BEN = "armar_ben", _("Armar, ben och leder")
    HUD = "hud", _("Hud och hår")
    PSYKE = "psyke", _("Psykisk hälsa")
    GRAVIDITET = "graviditet", _("Graviditet")
    ALLMANT = "allmant", _("Allmänna symtom")


class Dagtyp(models.TextChoices):
    """What kind of day a moment falls on (hanvisning.kalender.dagtyp)."""

    VARDAG = "vardag", _("Vardag")
    LORDAG = "lordag", _("Lördag")
    SONDAG = "sondag", _("Söndag")
    HELGDAG = "helgdag", _("Helgdag")
    AFTON = "afton", _("Helgdagsafton")


class Kodad(models.Model):
    """A named thing of the region's structure with a stable code that content files refer to."""

    kod = models.SlugField(_("kod"), max_length=40, unique=True)
    namn = models.CharField(_("namn"), max_length=120)
    beskrivning = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        abstract = True
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class Vardupdrag(Kodad):
    """A care mission (vårduppdrag) in the region, e.g. 'akut somatik, barn'."""

    class Meta(Kodad.Meta):
        verbose_name = _("vårduppdrag")
        verbose_name_plural = _("vårduppdrag")


class Vardform(Kodad):
    """A care form (vårdform): vårdcentral, närakut, barnakut, akutmottagning, 1177 …"""

    ar_radgivning = models.BooleanField(
        _("rådgivning utan besök"), default=False,
        help_text=_("T.ex. 1177 eller 112: hänvisningen nämner inga mottagningar."))

    class Meta(Kodad.Meta):
        verbose_name = _("vårdform")
        verbose_name_plural = _("vårdformer")


class Enhetsuppdrag(models.Model):
    """Which care forms a unit provides in the referral structure, for the 'open now, nearest' list."""

    vardenhet = models.OneToOneField("vardportalen.Vardenhet", on_delete=models.CASCADE,
                                     related_name="hanvisning", verbose_name=_("vårdenhet"))
    vardformer = models.ManyToManyField(Vardform, related_name="enheter", verbose_name=_("vårdformer"))
    tidstyp_kod = models.CharField(
        _("bokningsbar tidstyp"), max_length=40, blank=True,
        help_text=_("Tidstypens kod i enhetens tidbok för tider som hänvisade patienter får bokas på."))

    class Meta:
        verbose_name = _("enhet i hänvisningsstödet")
        verbose_name_plural = _("enheter i hänvisningsstödet")

    def __str__(self):
        return str(self.vardenhet)


class Oppettid(models.Model):
    """Regular opening hours for one weekday, minutes from midnight; ``till_minut`` 1440 is midnight."""

    enhet = models.ForeignKey(Enhetsuppdrag, on_delete=models.CASCADE, related_name="oppettider")
    veckodag = models.PositiveSmallIntegerField(_("veckodag"), validators=[MaxValueValidator(6)],
                                                help_text=_("0 = måndag … 6 = söndag"))
    fran_minut = models.PositiveSmallIntegerField(_("öppnar (minut)"), validators=[MaxValueValidator(MINUTER_PER_DYGN - 1)])
    till_minut = models.PositiveSmallIntegerField(_("stänger (minut)"), validators=[MinValueValidator(1), MaxValueValidator(MINUTER_PER_DYGN)])

    class Meta:
        verbose_name = _("öppettid")
        verbose_name_plural = _("öppettider")
        ordering = ["veckodag", "fran_minut"]
        constraints = [
            models.CheckConstraint(condition=Q(veckodag__lte=6), name="oppettid_veckodag"),
            models.CheckConstraint(condition=Q(till_minut__gt=F("fran_minut")) & Q(till_minut__lte=MINUTER_PER_DYGN),
                                   name="oppettid_intervall"),
        ]


class OppettidUndantag(models.Model):
    """A date with other hours than usual (or closed): replaces that weekday's regular hours."""

    enhet = models.ForeignKey(Enhetsuppdrag, on_delete=models.CASCADE, related_name="undantag")
    datum = models.DateField(_("datum"))
    stangt = models.BooleanField(_("stängt hela dagen"), default=False)
    fran_minut = models.PositiveSmallIntegerField(_("öppnar (minut)"), null=True, blank=True)
    till_minut = models.PositiveSmallIntegerField(_("stänger (minut)"), null=True, blank=True)
    notering = models.CharField(_("notering"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("undantag från öppettid")
        verbose_name_plural = _("undantag från öppettider")
        ordering = ["datum"]
        constraints = [
            models.UniqueConstraint(fields=["enhet", "datum"], name="oppettid_undantag_unik"),
            models.CheckConstraint(
                condition=Q(stangt=True, fran_minut__isnull=True, till_minut__isnull=True)
                | Q(stangt=False, till_minut__gt=F("fran_minut"), till_minut__lte=MINUTER_PER_DYGN, fran_minut__gte=0),
                name="oppettid_undantag_intervall"),
        ]


class Innehallsversion(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Importerad, ej granskad")
        GRANSKAD = "granskad", _("Medicinskt granskad")
        PUBLICERAD = "publicerad", _("Publicerad")
        AVVISAD = "avvisad", _("Avvisad")

    nummer = models.PositiveIntegerField(_("versionsnummer"), unique=True)
    beteckning = models.CharField(_("beteckning"), max_length=120)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UTKAST)
    demo = models.BooleanField(_("demoinnehåll"), default=False,
                               help_text=_("Eget påhittat innehåll för demo och test, inte medicinskt granskat."))
    kalla = models.CharField(_("källa"), max_length=300, blank=True)
    importerad = models.DateTimeField(_("importerad"), default=timezone.now)
    importerad_av = models.CharField(_("importerad av"), max_length=200, blank=True)
    granskad = models.DateTimeField(_("granskad"), null=True, blank=True)
    granskad_av = models.CharField(_("granskad av (HSA-id)"), max_length=48, blank=True)
    granskning_kommentar = models.TextField(_("granskningens kommentar"), blank=True)
    publicerad = models.DateTimeField(_("publicerad"), null=True, blank=True)
    publicerad_av = models.CharField(_("publicerad av (HSA-id)"), max_length=48, blank=True)

    class Meta:
        verbose_name = _("innehållsversion")
        verbose_name_plural = _("innehållsversioner")
        ordering = ["-nummer"]
        permissions = [
            ("granska_innehallsversion", _("Kan granska innehåll medicinskt (medicinskt ansvarig)")),
            ("publicera_innehallsversion", _("Kan publicera granskat innehåll")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="publicerad") | Q(publicerad__isnull=False, granskad__isnull=False),
                name="version_publicerad_ar_granskad"),
        ]

    def __str__(self):
        return f"v{self.nummer} {self.beteckning}"


class Symptom(models.Model):
    version = models.ForeignKey(Innehallsversion, on_delete=models.PROTECT, related_name="symptom")
    kod = models.CharField(_("kod"), max_length=40, help_text=_("Stabil över versioner."))
    namn = models.CharField(_("namn"), max_length=200)
    beskrivning = models.TextField(_("beskrivning för personal"), blank=True)
    kroppsomrade = models.CharField(_("kroppsområde"), max_length=20, choices=Kroppsomrade.choices)
    alder_fran = models.PositiveSmallIntegerField(_("gäller från ålder"), default=0)
    alder_till = models.PositiveSmallIntegerField(_("gäller till ålder (ej inkl.)"), null=True, blank=True)

    class Meta:
        verbose_name = _("symtom")
        verbose_name_plural = _("symtom")
        ordering = ["namn"]
        constraints = [models.UniqueConstraint(fields=["version", "kod"], name="symptom_kod_per_version")]

    def __str__(self):
        return self.namn


class Synonym(models.Model):
    class Typ(models.TextChoices):
        SYNONYM = "synonym", _("Synonym")
        VARDAGLIGT = "vardagligt", _("Vardagligt ord")

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="synonymer")
    text = models.CharField(_("text"), max_length=200)
    typ = models.CharField(_("typ"), max_length=12, choices=Typ.choices, default=Typ.SYNONYM)

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonymer")
        constraints = [models.UniqueConstraint(fields=["symptom", "text"], name="synonym_unik")]

    def __str__(self):
        return self.text


class Symptomniva(models.Model):
    """One urgency level of a symptom: its text and the care missions that receive it."""

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="nivaer")
    bradskegrad = models.CharField(_("brådskegrad"), max_length=20, choices=Bradskegrad.choices)
    text = models.TextField(_("text"))
    vardupdrag = ArrayField(models.SlugField(max_length=40), verbose_name=_("vårduppdrag (koder, i tur och ordning)"))

    class Meta:
        verbose_name = _("symtombeskrivning per brådskegrad")
        verbose_name_plural = _("symtombeskrivningar per brådskegrad")
        constraints = [models.UniqueConstraint(fields=["symptom", "bradskegrad"], name="symptomniva_unik")]

    def __str__(self):
        return f"{self.symptom}: {self.get_bradskegrad_display()}"


class Hanvisningsregel(models.Model):
    """Care mission × age band × day types × time of day → care form. Lower ``prioritet`` wins."""

    version = models.ForeignKey(Innehallsversion, on_delete=models.PROTECT, related_name="regler")
    kod = models.CharField(_("kod"), max_length=40)
    vardupdrag = models.SlugField(_("vårduppdrag (kod)"), max_length=40)
    alder_fran = models.PositiveSmallIntegerField(_("ålder från (år)"), default=0)
    alder_till = models.PositiveSmallIntegerField(_("ålder till (år, ej inkl.)"), null=True, blank=True)
    dagtyper = ArrayField(models.CharField(max_length=10, choices=Dagtyp.choices), verbose_name=_("dagtyper"))
    fran_minut = models.PositiveSmallIntegerField(_("från (minut)"), default=0)
    till_minut = models.PositiveSmallIntegerField(_("till (minut, ej inkl.)"), default=MINUTER_PER_DYGN)
    vardform = models.ForeignKey(Vardform, on_delete=models.PROTECT, related_name="regler")
    prioritet = models.PositiveSmallIntegerField(_("prioritet"), default=100)
    motivering = models.CharField(_("motivering"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("hänvisningsregel")
        verbose_name_plural = _("hänvisningsregler")
        ordering = ["vardupdrag", "prioritet", "alder_fran"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kod"], name="regel_kod_per_version"),
            models.CheckConstraint(condition=Q(till_minut__gt=F("fran_minut")) & Q(till_minut__lte=MINUTER_PER_DYGN),
                                   name="regel_tidsintervall"),
            models.CheckConstraint(condition=Q(alder_till__isnull=True) | Q(alder_till__gt=F("alder_fran")),
                                   name="regel_aldersintervall"),
        ]

    def __str__(self):
        return f"{self.kod}: {self.vardupdrag} → {self.vardform}"


class Hanvisning(models.Model):
    """A referral as it was made: what the staff member saw and chose. Never changed afterwards."""

    tidpunkt = models.DateTimeField(_("tidpunkt"))
    version = models.ForeignKey(Innehallsversion, on_delete=models.PROTECT, related_name="hanvisningar")
    symptom = models.ForeignKey(Symptom, on_delete=models.PROTECT, related_name="hanvisningar")
    bradskegrad = models.CharField(_("brådskegrad"), max_length=20, choices=Bradskegrad.choices)
    regel = models.ForeignKey(Hanvisningsregel, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    motivering = models.CharField(_("varför"), max_length=500, blank=True)
    foreslagen_vardform = models.ForeignKey(Vardform, on_delete=models.PROTECT, related_name="+")
    vald_vardform = models.ForeignKey(Vardform, on_delete=models.PROTECT, related_name="+")
    avvikelse_orsak = models.CharField(_("skäl till avvikelse"), max_length=500, blank=True)
    foreslagen_enhet = models.ForeignKey("vardportalen.Vardenhet", on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")
    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="hanvisningar")
    alder = models.PositiveSmallIntegerField(_("ålder"))
    postnummer = models.CharField(_("postnummer"), max_length=5, blank=True)
    vardenhet = models.ForeignKey("vardportalen.Vardenhet", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("hänvisande enhet"))
    medarbetare_hsa_id = models.CharField(_("medarbetarens HSA-id"), max_length=48)
    medarbetare_namn = models.CharField(_("medarbetarens namn"), max_length=200)
    yrke = models.CharField(_("yrke"), max_length=32)

    class Meta:
        verbose_name = _("hänvisning")
        verbose_name_plural = _("hänvisningar")
        ordering = ["-tidpunkt", "-id"]
        indexes = [models.Index(fields=["invanare", "-tidpunkt"], name="hanvisning_invanare_idx"),
                   models.Index(fields=["tidpunkt"], name="hanvisning_tid_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(vald_vardform=F("foreslagen_vardform")) | ~Q(avvikelse_orsak=""),
                                   name="hanvisning_avvikelse_har_skal"),
            models.CheckConstraint(condition=Q(alder__lte=MAX_ALDER), name="hanvisning_alder"),
        ]

    @property
    def avviker(self) -> bool:
        return self.vald_vardform_id != self.foreslagen_vardform_id
