"""Timebooks, time types, slots, bookings, health declarations and given vaccinations."""
from __future__ import annotations

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invanare.models import Invanare
from vardportalen.format import postnummer
from vardportalen.models import Medarbetare, Vardenhet


class Tidstyp(models.Model):
    """What a slot is for (seed: tidstyper in 4US admin). Region-wide, edited by the regional administrator."""

    kod = models.SlugField(_("kod"), max_length=60, unique=True)
    namn = models.CharField(_("namn"), max_length=120)
    langd_minuter = models.PositiveSmallIntegerField(_("längd (minuter)"), default=15)
    bokningsbar_i_app = models.BooleanField(_("invånaren kan boka i appen"), default=False)
    avbokningsbar_i_app = models.BooleanField(_("invånaren kan avboka i appen"), default=False)
    boka_senast_timmar = models.PositiveSmallIntegerField(
        _("boka i appen senast (timmar före)"), default=0
    )
    avboka_senast_timmar = models.PositiveSmallIntegerField(
        _("avboka i appen senast (timmar före)"), default=24
    )
    dold = models.BooleanField(
        _("dold tidstyp"), default=False,
        help_text=_("Bokningen visas inte för invånaren och ingen kallelse får skickas (den kan inte döljas)."),
    )
    video = models.BooleanField(_("videobesök"), default=False)
    kraver_halsodeklaration = models.BooleanField(_("kräver hälsodeklaration"), default=False)
    vaccination = models.BooleanField(_("vaccination"), default=False)
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("tidstyp")
        verbose_name_plural = _("tidstyper")
        ordering = ["namn"]
        constraints = [
            models.CheckConstraint(condition=Q(langd_minuter__gte=5), name="tidstyp_langd_minst_5"),
            models.CheckConstraint(
                condition=~Q(dold=True, bokningsbar_i_app=True), name="tidstyp_dold_ej_bokningsbar_i_app",
                violation_error_message=_("En dold tidstyp kan inte vara bokningsbar i appen."),
            ),
        ]

    def __str__(self):
        return self.namn

    @property
    def langd(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.langd_minuter)


class Tidbok(models.Model):
    """A unit's timebook, or the regional vaccination timebook (gemensam tidbok) shared by many units."""

    namn = models.CharField(_("namn"), max_length=200)
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="tidbocker")
    gemensam = models.BooleanField(
        _("gemensam tidbok"), default=False,
        help_text=_("Regionens gemensamma vaccinationstidbok: tiderna ligger på de deltagande enheterna."),
    )
    deltagande_enheter = models.ManyToManyField(
        Vardenhet, blank=True, related_name="gemensamma_tidbocker", verbose_name=_("deltagande enheter")
    )

    class Meta:
        verbose_name = _("tidbok")
        verbose_name_plural = _("tidböcker")
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class Resurs(models.Model):
    class Typ(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        RUM = "rum", _("Rum")

    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="resurser")
    namn = models.CharField(_("namn"), max_length=200)
    typ = models.CharField(_("typ"), max_length=16, choices=Typ.choices, default=Typ.PERSONAL)
    medarbetare = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("resurs")
        verbose_name_plural = _("resurser")
        ordering = ["namn"]

    def __str__(self):
        return self.namn


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class Int8Range(models.Func):
    function = "INT8RANGE"
    output_field = BigIntegerRangeField()


def samma_resurs():
    """The resource as the one-point range [resurs, resurs]: two such ranges overlap exactly when the resources are
    equal. With it the no-overlap constraint needs only the core GiST range operators, not the btree_gist extension
    (which the embedded PostgreSQL of `make demo` does not ship)."""
    return Int8Range("resurs", "resurs", RangeBoundary(inclusive_lower=True, inclusive_upper=True))


class TidQuerySet(models.QuerySet):
    def lediga(self):
        return self.filter(bokade__lt=F("kapacitet"))


class Tid(models.Model):
    """A slot. ``bokade`` counts active bookings; it only changes by a conditional UPDATE (services)."""

    tidbok = models.ForeignKey(Tidbok, on_delete=models.PROTECT, related_name="tider")
    vardenhet = models.ForeignKey(
        Vardenhet, on_delete=models.PROTECT, related_name="tider",
        help_text=_("Enheten där besöket sker (i den gemensamma tidboken: vaccinationsmottagningen)."),
    )
    tidstyp = models.ForeignKey(Tidstyp, on_delete=models.PROTECT, related_name="tider")
    resurs = models.ForeignKey(Resurs, on_delete=models.PROTECT, related_name="tider")
    start = models.DateTimeField(_("start"))
    slut = models.DateTimeField(_("slut"))
    kapacitet = models.PositiveSmallIntegerField(_("antal platser"), default=1)
    bokade = models.PositiveSmallIntegerField(_("bokade platser"), default=0)
    skapad = models.DateTimeField(default=timezone.now)

    objects = TidQuerySet.as_manager()

    class Meta:
        verbose_name = _("tid")
        verbose_name_plural = _("tider")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(slut__gt=F("start")), name="tid_slut_efter_start"),
            models.CheckConstraint(condition=Q(kapacitet__gte=1), name="tid_kapacitet_minst_1"),
            # The last line of defence against double booking: the counter can never pass the capacity.
            models.CheckConstraint(condition=Q(bokade__gte=0) & Q(bokade__lte=F("kapacitet")), name="tid_bokade_inom_kapacitet"),
            ExclusionConstraint(
                name="tid_resurs_ej_overlappande",
                expressions=[
                    (samma_resurs(), RangeOperators.OVERLAPS),
                    (TsTzRange("start", "slut", RangeBoundary()), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            models.Index(fields=["tidbok", "start"], name="tid_tidbok_start_idx"),
            # Free-slot search (the citizen app): only slots with a free place are in these indexes.
            models.Index(fields=["tidstyp", "start"], condition=Q(bokade__lt=F("kapacitet")), name="tid_ledig_typ_idx"),
            models.Index(
                fields=["vardenhet", "tidstyp", "start"], condition=Q(bokade__lt=F("kapacitet")), name="tid_ledig_enhet_idx"
            ),
        ]

    def __str__(self):
        return f"{timezone.localtime(self.start):%Y-%m-%d %H:%M} {self.tidstyp}"

    @property
    def lediga_platser(self) -> int:
        return self.kapacitet - self.bokade


class Schemarad(models.Model):
    """One row of a weekly schedule template: on this weekday, between these times, slots of this type."""

    class Veckodag(models.IntegerChoices):
        MANDAG = 0, _("måndag")
        TISDAG = 1, _("tisdag")
        ONSDAG = 2, _("onsdag")
        TORSDAG = 3, _("torsdag")
        FREDAG = 4, _("fredag")
        LORDAG = 5, _("lördag")
        SONDAG = 6, _("söndag")

    tidbok = models.ForeignKey(Tidbok, on_delete=models.CASCADE, related_name="schemarader")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    resurs = models.ForeignKey(Resurs, on_delete=models.PROTECT, related_name="+")
    tidstyp = models.ForeignKey(Tidstyp, on_delete=models.PROTECT, related_name="+")
    veckodag = models.PositiveSmallIntegerField(_("veckodag"), choices=Veckodag.choices)
    fran_klockan = models.TimeField(_("från klockan"))
    till_klockan = models.TimeField(_("till klockan"))
    kapacitet = models.PositiveSmallIntegerField(_("antal platser per tid"), default=1)

    class Meta:
        verbose_name = _("schemarad")
        verbose_name_plural = _("veckoschema")
        ordering = ["veckodag", "fran_klockan"]
        constraints = [
            models.CheckConstraint(condition=Q(till_klockan__gt=F("fran_klockan")), name="schemarad_till_efter_fran"),
        ]


class BokadAv(models.TextChoices):
    INVANARE = "invanare", _("Invånaren")
    OMBUD = "ombud", _("Ombud")
    PERSONAL = "personal", _("Personal")


class BokningQuerySet(models.QuerySet):
    def aktiva(self):
        return self.filter(status=Bokning.Status.BOKAD)

    def synliga_i_appen(self):
        """What the citizen app may show: never hidden time types, never a protected citizen's bookings."""
        return self.filter(tid__tidstyp__dold=False, invanare__skydd="")


class Bokning(models.Model):
    class Status(models.TextChoices):
        BOKAD = "bokad", _("Bokad")
        AVBOKAD = "avbokad", _("Avbokad")
        GENOMFORD = "genomford", _("Genomförd")
        UTEBLEV = "uteblev", _("Uteblev")

    tid = models.ForeignKey(Tid, on_delete=models.PROTECT, related_name="bokningar")
    invanare = models.ForeignKey(Invanare, on_delete=models.PROTECT, related_name="bokningar")
    # The unit whose visit it is (the slot's unit; in the regional timebook the vaccination unit).
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="bokningar")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.BOKAD)
    bokad_av = models.CharField(_("bokad av"), max_length=16, choices=BokadAv.choices)
    bokad_av_invanare = models.ForeignKey(
        Invanare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Ombudet som bokade."),
    )
    bokad_av_hsa_id = models.CharField(max_length=48, blank=True)
    bokad_tidpunkt = models.DateTimeField(default=timezone.now)
    avbokad_av = models.CharField(_("avbokad av"), max_length=16, choices=BokadAv.choices, blank=True)
    avbokad_tidpunkt = models.DateTimeField(null=True, blank=True)
    avbokad_av_hsa_id = models.CharField(max_length=48, blank=True)
    status_andrad_av_hsa_id = models.CharField(max_length=48, blank=True)
    # The e-kallelse (edokument's id; no FK: bokning does not depend on edokument).
    kallelse_id = models.CharField(_("e-kallelse"), max_length=64, blank=True)
    kallelse_avbokad = models.BooleanField(default=False)
    flyttad_fran = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="flyttad_till",
        help_text=_("Bokningen som flyttades hit (den är avbokad)."),
    )

    objects = BokningQuerySet.as_manager()

    class Meta:
        verbose_name = _("bokning")
        verbose_name_plural = _("bokningar")
        ordering = ["tid__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["tid", "invanare"], condition=Q(status="bokad"), name="bokning_en_aktiv_per_tid_och_invanare"
            ),
            models.CheckConstraint(
                condition=Q(status="avbokad", avbokad_tidpunkt__isnull=False) | ~Q(status="avbokad"),
                name="bokning_avbokad_har_tidpunkt",
            ),
        ]
        indexes = [
            models.Index(fields=["invanare", "status"], name="bokning_invanare_idx"),
            models.Index(fields=["vardenhet", "invanare"], name="bokning_enhet_invanare_idx"),
        ]

    def __str__(self):
        return f"{self.invanare} {self.tid}"

    # Duck-typed attributes the e-kallelse backend reads.
    @property
    def start(self) -> datetime.datetime:
        return self.tid.start

    @property
    def slut(self) -> datetime.datetime:
        return self.tid.slut

    @property
    def tidstyp_namn(self) -> str:
        return self.tid.tidstyp.namn

    @property
    def ar_video(self) -> bool:
        return self.tid.tidstyp.video

    @property
    def plats_text(self) -> str:
        enhet = self.vardenhet
        adress = ", ".join(p for p in (enhet.gatuadress, f"{postnummer(enhet.postnummer)} {enhet.ort}".strip()) if p)
        return f"{enhet.namn}, {adress}" if adress else enhet.namn

    @property
    def ar_aktiv(self) -> bool:
        return self.status == self.Status.BOKAD


class Halsodeklaration(models.Model):
    """The vaccination triage questions the citizen answers when booking (seed: triageringsformulär)."""

    bokning = models.OneToOneField(Bokning, on_delete=models.CASCADE, related_name="halsodeklaration")
    feber_idag = models.BooleanField(_("feber i dag"))
    allvarlig_allergisk_reaktion = models.BooleanField(_("tidigare allvarlig allergisk reaktion"))
    gravid = models.BooleanField(_("gravid"))
    blodfortunnande = models.BooleanField(_("blodförtunnande läkemedel"))
    fritext = models.TextField(_("övrigt"), blank=True, max_length=1000)
    flaggad = models.BooleanField(_("behöver kontrolleras"), default=False)
    ifylld = models.DateTimeField(default=timezone.now)
    ifylld_av_ombud = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("hälsodeklaration")
        verbose_name_plural = _("hälsodeklarationer")

    FLAGGOR = (
        ("feber_idag", _("Feber i dag")),
        ("allvarlig_allergisk_reaktion", _("Tidigare allvarlig allergisk reaktion")),
        ("gravid", _("Gravid")),
        ("blodfortunnande", _("Blodförtunnande läkemedel")),
    )

    @property
    def flaggor(self) -> list[str]:
        """What staff must check before the visit (a free text is always worth reading, too)."""
        flaggor = [str(text) for falt, text in self.FLAGGOR if getattr(self, falt)]
        if self.fritext.strip():
            flaggor.append(str(_("Fritext att läsa")))
        return flaggor


class Vaccination(models.Model):
    """A given vaccination: what a later report to the national vaccination register (NVR) would send."""

    class Stalle(models.TextChoices):
        VANSTER_OVERARM = "vanster_overarm", _("Vänster överarm")
        HOGER_OVERARM = "hoger_overarm", _("Höger överarm")
        VANSTER_LAR = "vanster_lar", _("Vänster lår")
        HOGER_LAR = "hoger_lar", _("Höger lår")

    bokning = models.OneToOneField(Bokning, on_delete=models.PROTECT, related_name="vaccination")
    invanare = models.ForeignKey(Invanare, on_delete=models.PROTECT, related_name="vaccinationer")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="vaccinationer")
    tidstyp = models.ForeignKey(Tidstyp, on_delete=models.PROTECT, related_name="+")
    produkt = models.CharField(_("vaccin (produkt)"), max_length=120)
    batchnummer = models.CharField(_("batchnummer"), max_length=40)
    dos = models.PositiveSmallIntegerField(_("dos nummer"))
    stalle = models.CharField(_("injektionsställe"), max_length=20, choices=Stalle.choices)
    given_tidpunkt = models.DateTimeField(_("given"), default=timezone.now)
    given_av_hsa_id = models.CharField(max_length=48)
    given_av_namn = models.CharField(max_length=200)
    rapporterad_nvr = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("vaccination")
        verbose_name_plural = _("vaccinationer")
        constraints = [
            models.CheckConstraint(condition=Q(dos__gte=1) & Q(dos__lte=10), name="vaccination_dos_1_10"),
        ]
