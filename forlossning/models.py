"""Birth-clinic choice: capacity per clinic and delivery week, pregnancies, ranked wishes, the week-22
allocation (runs and decisions) and moves for medical reasons. Clinics are Vardenhet of typ FORLOSSNINGSKLINIK."""
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forlossning import graviditetsvecka as gv
from vardportalen.models import Vardenhet

KLINIK = {"typ": Vardenhet.Typ.FORLOSSNINGSKLINIK}


class Kapacitet(models.Model):
    """Places for women whose expected delivery date (BF) falls in one ISO week (``vecka`` is its Monday)."""

    klinik = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="forlossningskapacitet",
                               limit_choices_to=KLINIK, verbose_name=_("klinik"))
    vecka = models.DateField(_("vecka (måndag)"))
    platser = models.PositiveIntegerField(_("platser"))
    andrad = models.DateTimeField(_("ändrad"), default=timezone.now)
    andrad_av_hsa_id = models.CharField(max_length=48, blank=True)
    andrad_av_namn = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("förlossningskapacitet")
        verbose_name_plural = _("förlossningskapacitet")
        ordering = ["vecka", "klinik__namn"]
        constraints = [
            models.UniqueConstraint(fields=["klinik", "vecka"], name="kapacitet_en_per_klinik_och_vecka"),
            models.CheckConstraint(condition=Q(vecka__iso_week_day=1), name="kapacitet_vecka_ar_mandag"),
        ]

    def __str__(self):
        return f"{self.klinik} {gv.vecka_text(self.vecka)}: {self.platser}"


class GraviditetQuerySet(models.QuerySet):
    def aktiva(self):
        return self.filter(avslutad__isnull=True)

    def obeslutade(self):
        return self.aktiva().filter(beslut__isnull=True)


class Avslut(models.TextChoices):
    """Why a pregnancy is ended on the staff page: she is then out of the allocation and its reminders, and a new
    pregnancy can be registered."""

    FODSEL = "fodsel", _("Förlossning")
    MISSFALL = "missfall", _("Missfall eller avbruten graviditet")
    FLYTTAT = "flyttat", _("Flyttat från regionen eller vård på annat håll")
    FELREGISTRERAD = "felregistrerad", _("Felregistrerad")


class Graviditet(models.Model):
    class Kalla(models.TextChoices):
        APP = "app", _("Invånaren i appen")
        OMBUD = "ombud", _("Ombud i appen")
        PERSONAL = "personal", _("Personal (patientnotering)")

    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="graviditeter")
    mhv1_datum = models.DateField(_("MHV1 öppnad"), help_text=_("Dagen då MHV1 öppnades i Obstetrix."))
    bf = models.DateField(_("beräknad förlossning (BF)"))
    registrerad = models.DateTimeField(_("registrerad"), default=timezone.now)
    registrerad_vid = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    registrerad_av_hsa_id = models.CharField(max_length=48)
    registrerad_av_namn = models.CharField(max_length=200)
    patientnotering = models.TextField(_("patientnotering"), blank=True, max_length=2000)
    sms_skyddad_bekraftad = models.BooleanField(
        _("SMS trots skyddad identitet"), default=False,
        help_text=_("Personalen har uttryckligen valt att SMS får skickas till kvinnan trots skyddad identitet."),
    )
    onskemal_andrad = models.DateTimeField(_("önskemål ändrade"), null=True, blank=True)
    onskemal_kalla = models.CharField(_("önskemål gjorda av"), max_length=12, choices=Kalla.choices, blank=True)
    onskemal_andrad_av = models.CharField(_("önskemål gjorda av (namn)"), max_length=200, blank=True)
    avslutad = models.DateTimeField(_("avslutad"), null=True, blank=True)
    avslutad_orsak = models.CharField(_("avslutad därför att"), max_length=20, choices=Avslut.choices, blank=True)
    avslutad_av_namn = models.CharField(max_length=200, blank=True)
    avslutad_av_hsa_id = models.CharField(max_length=48, blank=True)

    objects = GraviditetQuerySet.as_manager()

    class Meta:
        verbose_name = _("graviditet")
        verbose_name_plural = _("graviditeter")
        ordering = ["bf", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["invanare"], condition=Q(avslutad__isnull=True),
                                    name="en_aktiv_graviditet_per_invanare"),
        ]
        indexes = [models.Index(fields=["bf"], condition=Q(avslutad__isnull=True), name="graviditet_aktiv_bf_idx")]

    def __str__(self):
        return f"{_('Graviditet')} BF {self.bf:%Y-%m-%d}"

    def gestationsalder(self, dag) -> gv.Gestationsalder:
        return gv.gestationsalder(self.bf, dag)

    @property
    def beslutsdag(self):
        return gv.beslutsdag(self.bf)

    @property
    def sista_valdag(self):
        return gv.sista_valdag(self.bf)

    @property
    def bf_vecka(self):
        return gv.vecka_start(self.bf)


class Onskemal(models.Model):
    graviditet = models.ForeignKey(Graviditet, on_delete=models.CASCADE, related_name="onskemal")
    klinik = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+", limit_choices_to=KLINIK)
    rang = models.PositiveSmallIntegerField(_("rang"))

    class Meta:
        verbose_name = _("önskemål")
        verbose_name_plural = _("önskemål")
        ordering = ["graviditet", "rang"]
        constraints = [
            models.UniqueConstraint(fields=["graviditet", "rang"], name="onskemal_unik_rang"),
            models.UniqueConstraint(fields=["graviditet", "klinik"], name="onskemal_unik_klinik"),
            models.CheckConstraint(condition=Q(rang__gte=1) & Q(rang__lte=7), name="onskemal_rang_1_till_7"),
        ]


class OnskemalHandelse(models.Model):
    """History of the wishes: every saved list, when and by whom."""

    graviditet = models.ForeignKey(Graviditet, on_delete=models.CASCADE, related_name="onskemal_historik")
    tidpunkt = models.DateTimeField(default=timezone.now)
    kalla = models.CharField(max_length=12, choices=Graviditet.Kalla.choices)
    av = models.CharField(max_length=200)
    av_hsa_id = models.CharField(max_length=48, blank=True)
    kliniker = models.JSONField(default=list, help_text=_("Klinikernas namn i rangordning."))

    class Meta:
        ordering = ["-tidpunkt", "-pk"]


class Fordelningskorning(models.Model):
    class Typ(models.TextChoices):
        DAGLIG = "daglig", _("Daglig körning")
        OMEDELBAR = "omedelbar", _("Direkt vid registrering efter 22+0")

    class Status(models.TextChoices):
        PAGAR = "pagar", _("Pågår eller avbröts")
        KLAR = "klar", _("Klar")

    idempotensnyckel = models.CharField(max_length=100, unique=True)
    typ = models.CharField(max_length=12, choices=Typ.choices)
    datum = models.DateField(_("körningsdag"))
    seed = models.CharField(_("seed för lottning"), max_length=64)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PAGAR)
    forsok = models.PositiveSmallIntegerField(default=0)
    startad = models.DateTimeField(default=timezone.now)
    klar = models.DateTimeField(null=True, blank=True)
    antal = models.PositiveIntegerField(default=0)
    antal_valde = models.PositiveIntegerField(default=0)
    antal_overfulla = models.PositiveIntegerField(default=0)
    # Results of deferred acceptance (what was decided), the exact optimum and the greedy baseline, each
    # {"forsta": n, "topp3": n, "summa_avstand_m": n, "objektiv": n}; plus the daily quotas used.
    resultat = models.JSONField(default=dict)
    kvoter = models.JSONField(default=dict)
    gap = models.BigIntegerField(_("avstånd till optimum"), null=True, blank=True)
    sekunder = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("fördelningskörning")
        verbose_name_plural = _("fördelningskörningar")
        ordering = ["-datum", "-pk"]

    def __str__(self):
        return f"{self.get_typ_display()} {self.datum}"

    def andel(self, metod: str, nyckel: str) -> float | None:
        r = self.resultat.get(metod) or {}
        return r[nyckel] / r["valde"] if r.get("valde") and nyckel in r else None

    def medelavstand_km(self, metod: str) -> float | None:
        r = self.resultat.get(metod) or {}
        return r["summa_avstand_m"] / r["antal"] / 1000 if r.get("antal") else None


class Beslut(models.Model):
    """The decided clinic of one pregnancy: at most one (OneToOne), whatever runs twice."""

    graviditet = models.OneToOneField(Graviditet, on_delete=models.CASCADE, related_name="beslut")
    # no index of its own: the clinic's queries name the week too (beslut_vecka_klinik_idx); deleting a clinic (PROTECT,
    # rare) may scan
    klinik = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="forlossningsbeslut",
                               db_index=False)
    vecka = models.DateField(_("förlossningsvecka (måndag)"))
    # Which run decided her: an audit link into the append-only run log (runs are never deleted; the admin can't),
    # so no index and no database-level key: checking that key row by row at COMMIT cost a whole-region run
    # 0.5–0.9 s for 100,000 decisions that all point at the run record the run itself holds locked.
    korning = models.ForeignKey(Fordelningskorning, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="beslut", db_index=False, db_constraint=False)
    rang = models.PositiveSmallIntegerField(_("rang i önskemålen"), null=True, blank=True)
    valde = models.BooleanField(_("hade önskemål"), default=False)
    avstand_m = models.PositiveIntegerField(_("avstånd (m)"))
    overfull = models.BooleanField(_("överbeläggning"), default=False)
    beslutad = models.DateTimeField(_("beslutad"), default=timezone.now)

    class Meta:
        verbose_name = _("beslut om förlossningsklinik")
        verbose_name_plural = _("beslut om förlossningsklinik")
        # the week first: the runs read a week's decisions for every clinic (and a range of weeks for the margin),
        # the dashboard and the run page by week alone; a clinic's pages name week and clinic
        indexes = [models.Index(fields=["vecka", "klinik"], name="beslut_vecka_klinik_idx")]


class Flytt(models.Model):
    """A verksamhetschef moved a decided woman to another clinic for a medical reason."""

    beslut = models.ForeignKey(Beslut, on_delete=models.CASCADE, related_name="flyttar")
    fran_klinik = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    till_klinik = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    medicinsk_orsak = models.TextField(_("medicinsk orsak"), max_length=2000)
    tidpunkt = models.DateTimeField(default=timezone.now)
    av_hsa_id = models.CharField(max_length=48)
    av_namn = models.CharField(max_length=200)
    vardenhet_hsa_id = models.CharField(max_length=48)

    class Meta:
        verbose_name = _("flytt av förlossningsplats")
        verbose_name_plural = _("flyttar av förlossningsplats")
        ordering = ["-tidpunkt"]
