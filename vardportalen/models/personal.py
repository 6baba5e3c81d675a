"""Staff identity: care units (vårdenheter), staff (medarbetare) and their commissions (medarbetaruppdrag)."""
import datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

hsa_id_validator = RegexValidator(
    r"^SE\d{10}-[A-Za-z0-9]{1,31}$",
    _("Ett HSA-id ser ut som SE2321000016-ABCD: SE, tio siffror, bindestreck och 1–31 bokstäver eller siffror."),
)


class Vardenhet(models.Model):
    class Typ(models.TextChoices):
        VARDCENTRAL = "vardcentral", _("Vårdcentral")
        BARNMORSKEMOTTAGNING = "barnmorskemottagning", _("Barnmorskemottagning")
        FORLOSSNINGSKLINIK = "forlossningsklinik", _("Förlossningsklinik")
        SPECIALISTMOTTAGNING = "specialistmottagning", _("Specialistmottagning")
        VACCINATIONSMOTTAGNING = "vaccinationsmottagning", _("Vaccinationsmottagning")
        BARNAVARDSCENTRAL = "barnavardscentral", _("Barnavårdscentral")
        REGIONAL = "regional", _("Regional funktion")

    hsa_id = models.CharField(_("HSA-id"), max_length=48, unique=True, validators=[hsa_id_validator])
    namn = models.CharField(_("namn"), max_length=200)
    typ = models.CharField(_("typ"), max_length=32, choices=Typ.choices)
    gatuadress = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=5, blank=True)
    ort = models.CharField(_("ort"), max_length=100, blank=True)
    telefon = models.CharField(_("telefon"), max_length=32, blank=True)
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lon = models.FloatField(_("longitud"), null=True, blank=True)
    # Contact-card texts (Hitta vård / EK), with the limits the region sets.
    yttre_fardvag = models.TextField(_("yttre färdväg"), blank=True, validators=[MaxLengthValidator(1024)])
    inre_fardvag = models.TextField(_("inre färdväg"), blank=True, validators=[MaxLengthValidator(1024)])
    om_oss = models.TextField(_("om oss"), blank=True, validators=[MaxLengthValidator(2048)])
    aktiv = models.BooleanField(_("aktiv"), default=True)
    skickar_ekallelser = models.BooleanField(
        _("skickar e-kallelser"),
        default=False,
        help_text=_("Invånare med en aktiv bokning här får skriva till enheten tills besöket är genomfört."),
    )
    skickar_brev = models.BooleanField(
        _("skickar brev på papper"),
        default=False,
        help_text=_("Invånare som inte kan använda Alltid öppet (reservnummer) får besked även som brev via "
                    "enhetens utskriftslista, till exempel beskedet om förlossningsklinik."),
    )

    class Meta:
        verbose_name = _("vårdenhet")
        verbose_name_plural = _("vårdenheter")
        ordering = ["namn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(LessThanOrEqual(Length("yttre_fardvag"), 1024))
                & Q(LessThanOrEqual(Length("inre_fardvag"), 1024))
                & Q(LessThanOrEqual(Length("om_oss"), 2048)),
                name="vardenhet_kontaktkort_langd",
            )
        ]

    def __str__(self):
        return self.namn


class Yrke(models.TextChoices):
    """The staff member's profession. The licensed ones (legitimationsyrken, Patientsäkerhetslagen 4 kap.)
    are in ``LEGITIMERADE_YRKEN``; decision support for assessing care needs is for them only."""

    LAKARE = "lakare", _("Läkare")
    SJUKSKOTERSKA = "sjukskoterska", _("Sjuksköterska")
    BARNMORSKA = "barnmorska", _("Barnmorska")
    DISTRIKTSSKOTERSKA = "distriktsskoterska", _("Distriktssköterska")
    PSYKOLOG = "psykolog", _("Psykolog")
    FYSIOTERAPEUT = "fysioterapeut", _("Fysioterapeut")
    ARBETSTERAPEUT = "arbetsterapeut", _("Arbetsterapeut")
    DIETIST = "dietist", _("Dietist")
    TANDLAKARE = "tandlakare", _("Tandläkare")
    UNDERSKOTERSKA = "underskoterska", _("Undersköterska")
    MEDICINSK_SEKRETERARE = "medicinsk_sekreterare", _("Medicinsk sekreterare")
    ADMINISTRATIV = "administrativ", _("Administrativ personal")


LEGITIMERADE_YRKEN = frozenset({
    Yrke.LAKARE, Yrke.SJUKSKOTERSKA, Yrke.BARNMORSKA, Yrke.DISTRIKTSSKOTERSKA, Yrke.PSYKOLOG,
    Yrke.FYSIOTERAPEUT, Yrke.ARBETSTERAPEUT, Yrke.DIETIST, Yrke.TANDLAKARE,
})


class MedarbetareManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, hsa_id, **fields):
        user = self.model(hsa_id=hsa_id, **fields)
        user.set_unusable_password()  # staff log in with their SITHS card only
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, hsa_id, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(hsa_id, **fields)


class Medarbetare(AbstractBaseUser, PermissionsMixin):
    hsa_id = models.CharField(_("HSA-id"), max_length=48, unique=True, validators=[hsa_id_validator])
    fornamn = models.CharField(_("förnamn"), max_length=100)
    efternamn = models.CharField(_("efternamn"), max_length=100)
    epost = models.EmailField(_("e-post"), blank=True)
    yrke = models.CharField(_("yrke"), max_length=32, choices=Yrke.choices, blank=True,
                            help_text=_("Legitimerade yrken får använda Hänvisningsstödet."))
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("får använda admin"), default=False)
    skapad = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = MedarbetareManager()

    USERNAME_FIELD = "hsa_id"
    REQUIRED_FIELDS = ["fornamn", "efternamn"]

    class Meta:
        verbose_name = _("medarbetare")
        verbose_name_plural = _("medarbetare")
        ordering = ["efternamn", "fornamn"]

    def __str__(self):
        return f"{self.fornamn} {self.efternamn} ({self.hsa_id})"

    @property
    def namn(self):
        return f"{self.fornamn} {self.efternamn}"

    @property
    def legitimerad(self) -> bool:
        return self.yrke in LEGITIMERADE_YRKEN

    def get_full_name(self):
        return self.namn

    def get_short_name(self):
        return self.fornamn


class Roll(models.TextChoices):
    BARNMORSKA = "barnmorska", _("Barnmorska")
    SJUKSKOTERSKA = "sjukskoterska", _("Sjuksköterska")
    LAKARE = "lakare", _("Läkare")
    ADMINISTRATOR = "administrator", _("Administratör")
    VERKSAMHETSCHEF = "verksamhetschef", _("Verksamhetschef")
    SYSTEMFORVALTARE = "systemforvaltare", _("Systemförvaltare")
    SCHEMALAGGARE = "schemalaggare", _("Schemaläggare")
    REGIONAL_PLANERARE = "regional_planerare", _("Regional planerare")
    REGIONAL_ADMINISTRATOR = "regional_administrator", _("Regional administratör (4US admin)")


def roll_namn(kod: str) -> str:
    """A role's name from its stored code (access-log rows keep the code): "Sjuksköterska", never "sjukskoterska"."""
    try:
        return str(Roll(kod).label)
    except ValueError:
        return kod or "–"


class MedarbetaruppdragQuerySet(models.QuerySet):
    def aktiva(self, dag: datetime.date | None = None):
        dag = dag or timezone.localdate()
        return self.filter(
            medarbetare__is_active=True,
            vardenhet__aktiv=True,
            giltig_fran__lte=dag,
        ).filter(Q(giltig_till__isnull=True) | Q(giltig_till__gte=dag))


class Medarbetaruppdrag(models.Model):
    """A commission: one staff member at one unit in one role, for a period."""

    medarbetare = models.ForeignKey(Medarbetare, on_delete=models.PROTECT, related_name="uppdrag")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="uppdrag")
    roll = models.CharField(_("roll"), max_length=32, choices=Roll.choices)
    giltig_fran = models.DateField(_("giltig från"), default=timezone.localdate)
    giltig_till = models.DateField(_("giltig till"), null=True, blank=True)

    objects = MedarbetaruppdragQuerySet.as_manager()

    class Meta:
        verbose_name = _("medarbetaruppdrag")
        verbose_name_plural = _("medarbetaruppdrag")
        ordering = ["vardenhet__namn", "roll"]
        constraints = [
            models.CheckConstraint(
                condition=Q(giltig_till__isnull=True) | Q(giltig_till__gte=models.F("giltig_fran")),
                name="uppdrag_giltig_till_efter_fran",
            ),
            models.UniqueConstraint(
                fields=["medarbetare", "vardenhet", "roll", "giltig_fran"], name="uppdrag_unikt"
            ),
        ]

    def __str__(self):
        return f"{self.get_roll_display()}, {self.vardenhet}"

    def ar_aktivt(self, dag: datetime.date | None = None) -> bool:
        dag = dag or timezone.localdate()
        return (
            self.medarbetare.is_active
            and self.vardenhet.aktiv
            and self.giltig_fran <= dag
            and (self.giltig_till is None or self.giltig_till >= dag)
        )
