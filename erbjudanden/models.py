"""Targeted offers (riktade erbjudanden, seed 002; seed 004 for the regional vaccination timebook).

An offer (Erbjudande) belongs to a unit, or to the region when ``vardenhet`` is null (a regional campaign,
composed by the regional administrator). Its target group is defined with the same kinds of rules as the
citizen criteria (invanare.kriterier: age, folkbokföring, listing, diagnosis, visits) plus "not already
vaccinated with this time type" and "not already booked in this timebook". Sending writes one Mottagare row
per citizen; the pair (offer, citizen) is unique in the database, so a resumed send never offers twice.
"""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardportalen.models import Vardenhet


class Erbjudande(models.Model):
    class Atgard(models.TextChoices):
        BOKA = "boka", _("Boka tid")
        KONVERSATION = "konversation", _("Starta konversation")
        HALSODEKLARATION = "halsodeklaration", _("Svara på hälsodeklaration")

    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        SKICKAS = "skickas", _("Skickas")
        SKICKAT = "skickat", _("Skickat")

    titel = models.CharField(_("rubrik"), max_length=120)
    text = models.TextField(_("text"), max_length=2000)
    atgard = models.CharField(_("vad invånaren kan göra"), max_length=20, choices=Atgard.choices, default=Atgard.BOKA)
    tidbok = models.ForeignKey("bokning.Tidbok", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tidstyp = models.ForeignKey("bokning.Tidstyp", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    giltig_fran = models.DateField(_("giltigt från"))
    giltig_till = models.DateField(_("giltigt till"))
    # NULL: a regional campaign (only the regional administrator composes and sends it).
    vardenhet = models.ForeignKey(Vardenhet, null=True, blank=True, on_delete=models.PROTECT, related_name="erbjudanden")
    sms_till_skyddade = models.BooleanField(
        _("SMS även till invånare med skyddad identitet"), default=False,
        help_text=_("Utan detta val får invånare med skyddad identitet erbjudandet bara i appen."),
    )
    # Target group (AND between the filled-in rules).
    alder_min = models.PositiveSmallIntegerField(_("lägsta ålder"), null=True, blank=True)
    alder_max = models.PositiveSmallIntegerField(_("högsta ålder"), null=True, blank=True)
    kommunkoder = models.CharField(_("folkbokförd i kommun (kommunkoder)"), max_length=200, blank=True)
    listad_pa = models.ForeignKey(Vardenhet, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("listad på vårdcentral"))
    icd10_koder = models.CharField(_("diagnos (ICD-10)"), max_length=200, blank=True)
    besok_dagar_bakat = models.PositiveSmallIntegerField(_("besök på enheten inom (dagar)"), null=True, blank=True)
    ej_vaccinerad_tidstyp = models.ForeignKey(
        "bokning.Tidstyp", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("inte redan vaccinerad med"),
    )
    ej_bokad = models.BooleanField(_("inte redan bokad i tidboken"), default=False)
    # Send progress, committed per chunk: a resumed send starts after ``senaste_pk``.
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UTKAST)
    antal_totalt = models.PositiveIntegerField(default=0)
    # The target group's reach when the send started (the page shows these afterwards instead of counting the
    # region again while the send writes).
    antal_i_malgrupp = models.PositiveIntegerField(default=0)
    antal_app = models.PositiveIntegerField(default=0)
    antal_sms = models.PositiveIntegerField(default=0)
    antal_ingen = models.PositiveIntegerField(default=0)
    antal_behandlade = models.PositiveIntegerField(default=0)
    senaste_pk = models.BigIntegerField(default=0)
    skickat_startat = models.DateTimeField(null=True, blank=True)
    skickat_klart = models.DateTimeField(null=True, blank=True)
    skapad = models.DateTimeField(default=timezone.now)
    skapad_av_hsa_id = models.CharField(max_length=48, blank=True)

    class Meta:
        verbose_name = _("riktat erbjudande")
        verbose_name_plural = _("riktade erbjudanden")
        ordering = ["-skapad"]
        constraints = [
            models.CheckConstraint(condition=Q(giltig_till__gte=models.F("giltig_fran")), name="erbjudande_giltighet"),
            models.CheckConstraint(
                condition=~Q(atgard="boka") | (Q(tidbok__isnull=False) & Q(tidstyp__isnull=False)),
                name="erbjudande_boka_har_tidbok",
            ),
            models.CheckConstraint(
                condition=Q(alder_min__isnull=True) | Q(alder_max__isnull=True) | Q(alder_max__gte=models.F("alder_min")),
                name="erbjudande_alder_ordning",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def regionalt(self) -> bool:
        return self.vardenhet_id is None

    @property
    def rackvidd_vid_start(self) -> dict[str, int]:
        return {"totalt": self.antal_i_malgrupp, "app": self.antal_app, "sms": self.antal_sms, "ingen": self.antal_ingen}

    @property
    def procent(self) -> int:
        if self.status == self.Status.SKICKAT:
            return 100
        if not self.antal_totalt:
            return 0
        return min(100, self.antal_behandlade * 100 // self.antal_totalt)


class Mottagare(models.Model):
    """One citizen's copy of an offer. Unique per (offer, citizen): the idempotency key of the send."""

    class Kanal(models.TextChoices):
        APP = "app", _("Appen")
        SMS = "sms", _("Endast SMS")

    class Status(models.TextChoices):
        SKICKAT = "skickat", _("Skickat")
        OPPNAT = "oppnat", _("Öppnat")
        BOKAT = "bokat", _("Bokat")
        AVBOJT = "avbojt", _("Avböjt")

    erbjudande = models.ForeignKey(Erbjudande, on_delete=models.CASCADE, related_name="mottagare")
    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="erbjudanden")
    kanal = models.CharField(max_length=8, choices=Kanal.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SKICKAT)
    skickat = models.DateTimeField(default=timezone.now)
    oppnat = models.DateTimeField(null=True, blank=True)
    bokat = models.DateTimeField(null=True, blank=True)
    avbojt = models.DateTimeField(null=True, blank=True)
    bokning = models.ForeignKey("bokning.Bokning", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("mottagare")
        verbose_name_plural = _("mottagare")
        constraints = [
            models.UniqueConstraint(fields=["erbjudande", "invanare"], name="erbjudande_mottagare_unik"),
        ]
        indexes = [
            models.Index(fields=["invanare", "erbjudande"], name="erbjudande_mottagare_inv_idx"),
            # "Har bokat" is paged by key (vardportalen.nyckelsidor) in the order (bokat, id): an index range.
            models.Index(fields=["erbjudande", "bokat", "id"], condition=Q(status="bokat"), name="erbjudande_bokade_idx"),
        ]


class Dagsraknare(models.Model):
    """The follow-up's counters: sent, opened, booked and declined for one offer on one day (the local day of each
    event, as ``uppfoljning_per_dag`` shows it). Kept by the send (per chunk, counting only the rows its
    ``INSERT … ON CONFLICT DO NOTHING`` actually wrote) and by the citizen's open / book / decline, each in the
    transaction that writes the row it counts (``erbjudanden.raknare``), so the offer's page reads a handful of rows
    instead of aggregating its recipients. ``raknare_bygg`` rebuilds them from the recipient rows."""

    erbjudande = models.ForeignKey(Erbjudande, on_delete=models.CASCADE, related_name="dagsraknare")
    dag = models.DateField()
    skickat = models.IntegerField(default=0)
    oppnat = models.IntegerField(default=0)
    bokat = models.IntegerField(default=0)
    avbojt = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("räknare per dag")
        verbose_name_plural = _("räknare per dag")
        constraints = [models.UniqueConstraint(fields=["erbjudande", "dag"], name="erbjudande_dagsraknare_unik")]
