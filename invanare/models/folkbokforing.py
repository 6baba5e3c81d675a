"""Citizens: identity, registered address, protected identity, Alltid öppet account, care relations."""
import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardportalen.models import Vardenhet


class IdTyp(models.TextChoices):
    PERSONNUMMER = "personnummer", _("Personnummer")
    SAMORDNINGSNUMMER = "samordningsnummer", _("Samordningsnummer")
    RESERVNUMMER = "reservnummer", _("Reservnummer")


ID_TYP_OID = {
    IdTyp.PERSONNUMMER: "1.2.752.129.2.1.3.1",
    IdTyp.SAMORDNINGSNUMMER: "1.2.752.129.2.1.3.3",
    IdTyp.RESERVNUMMER: "1.2.752.97.3.1.3",
}


class Postnummer(models.Model):
    """Postal code → locality, municipality and coordinates (see invanare/data/README.md for sources)."""

    postnummer = models.CharField(max_length=5, primary_key=True)
    ort = models.CharField(max_length=100)
    kommunkod = models.CharField(max_length=4, blank=True)
    kommun = models.CharField(max_length=100, blank=True)
    lat = models.FloatField()
    lon = models.FloatField()
    precision = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("postnummer")
        verbose_name_plural = _("postnummer")

    def __str__(self):
        return f"{self.postnummer[:3]} {self.postnummer[3:]} {self.ort}"


class InvanareQuerySet(models.QuerySet):
    def synliga_for_enhet(self, vardenhet, nu: datetime.datetime | None = None):
        """Citizens the unit has an active care relation with."""
        return self.filter(self._har_aktiv_vardrelation(vardenhet, nu))

    def med_synlighet(self, vardenhet, nu: datetime.datetime | None = None):
        """Annotate ``synlig_for_enhet``: has the unit an active care relation? (one query, no join fan-out)."""
        return self.annotate(synlig_for_enhet=self._har_aktiv_vardrelation(vardenhet, nu))

    @staticmethod
    def _har_aktiv_vardrelation(vardenhet, nu):
        return models.Exists(
            Vardrelation.objects.aktiva(nu).filter(vardenhet=vardenhet, invanare=models.OuterRef("pk"))
        )


class Invanare(models.Model):
    class Konto(models.TextChoices):
        INGET = "inget", _("Inget konto")
        # Logged in, terms of use not (yet) accepted: no consent, nothing goes to the app (invanare/samtycke.py).
        SKAPAT = "skapat", _("Skapat, användarvillkoren inte godkända")
        REGISTRERAT = "registrerat", _("Registrerat")
        AVREGISTRERAT = "avregistrerat", _("Avregistrerat")

    class Brevlada(models.TextChoices):
        INGEN = "", _("Ingen")
        KIVRA = "kivra", _("Kivra")
        BILLO = "billo", _("Billo")
        MIN_MYNDIGHETSPOST = "min_myndighetspost", _("Min Myndighetspost")

    class Skydd(models.TextChoices):
        INGET = "", _("Inget")
        SEKRETESSMARKERING = "sekretessmarkering", _("Sekretessmarkering")
        SKYDDAD_FOLKBOKFORING = "skyddad_folkbokforing", _("Skyddad folkbokföring")

    class Kon(models.TextChoices):
        KVINNA = "K", _("Kvinna")
        MAN = "M", _("Man")
        OKANT = "", _("Okänt")

    id_typ = models.CharField(_("identitetstyp"), max_length=20, choices=IdTyp.choices)
    id_nummer = models.CharField(_("identitetsnummer"), max_length=12, help_text=_("Tolv siffror, utan bindestreck."))
    fornamn = models.CharField(_("förnamn"), max_length=100)
    efternamn = models.CharField(_("efternamn"), max_length=100)
    fodelsedatum = models.DateField(_("födelsedatum"), null=True, blank=True)
    kon = models.CharField(_("kön"), max_length=1, choices=Kon.choices, blank=True)
    # Registered address (folkbokföringsadress); never shown when the identity is protected.
    gatuadress = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=5, blank=True)
    ort = models.CharField(_("ort"), max_length=100, blank=True)
    kommunkod = models.CharField(_("kommunkod"), max_length=4, blank=True)
    kommun = models.CharField(_("kommun"), max_length=100, blank=True)
    lat = models.FloatField(_("latitud"), null=True, blank=True)
    lon = models.FloatField(_("longitud"), null=True, blank=True)
    mobilnummer = models.CharField(_("mobilnummer"), max_length=20, blank=True)
    skydd = models.CharField(_("skyddad identitet"), max_length=32, choices=Skydd.choices, blank=True)
    # Mirrors an active KandHotbild row (written only by invanare.services.hotbild, same transaction).
    kand_hotbild = models.BooleanField(_("känd hotbild"), default=False, db_default=False, editable=False)
    konto = models.CharField(_("Alltid öppet-konto"), max_length=16, choices=Konto.choices, default=Konto.INGET)
    # The version of the terms of use she last accepted, and when. NULL on a registered account: registered
    # before terms were versioned; asked at the next login, documents keep flowing until then (samtycke.py).
    villkor_version = models.PositiveIntegerField(_("godkänd villkorsversion"), null=True, blank=True)
    villkor_godkanda = models.DateTimeField(_("villkoren godkända"), null=True, blank=True)
    digital_brevlada = models.CharField(_("digital brevlåda"), max_length=32, choices=Brevlada.choices, blank=True)
    listad_vardcentral = models.ForeignKey(
        Vardenhet,
        verbose_name=_("listad på vårdcentral"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="listade_invanare",
        limit_choices_to={"typ": Vardenhet.Typ.VARDCENTRAL},
    )
    skapad = models.DateTimeField(default=timezone.now)
    uppdaterad = models.DateTimeField(auto_now=True)

    objects = InvanareQuerySet.as_manager()

    class Meta:
        verbose_name = _("invånare")
        verbose_name_plural = _("invånare")
        ordering = ["efternamn", "fornamn"]
        constraints = [
            models.UniqueConstraint(fields=["id_typ", "id_nummer"], name="invanare_identitet_unik"),
            models.CheckConstraint(condition=Q(id_nummer__regex=r"^\d{12}$"), name="invanare_id_nummer_12_siffror"),
        ]
        indexes = [models.Index(fields=["id_nummer"], name="invanare_id_nummer_idx")]

    def __str__(self):
        return f"{self.fornamn} {self.efternamn}"

    @property
    def namn(self):
        return f"{self.fornamn} {self.efternamn}"

    @property
    def ar_skyddad(self) -> bool:
        return bool(self.skydd)

    @property
    def skydd_eller_hotbild(self) -> bool:
        """Protected identity *or* a known threat (seed 001, "Invånare med skyddade personuppgifter/känd
        hotbild"): before a kallelse or letter is sent staff confirm they agreed with her how she wants to be
        called, and her address and phone are not shown. The one rule for both (issue 15 item 2)."""
        return bool(self.skydd) or self.kand_hotbild

    @property
    def har_reservnummer(self) -> bool:
        return self.id_typ == IdTyp.RESERVNUMMER

    @property
    def identitet_formaterad(self) -> str:
        """YYYYMMDD-NNNN for personnummer/samordningsnummer, the twelve digits for a reservnummer."""
        if self.id_typ == IdTyp.RESERVNUMMER:
            return self.id_nummer
        return f"{self.id_nummer[:8]}-{self.id_nummer[8:]}"

    def alder(self, dag: datetime.date | None = None) -> int | None:
        if not self.fodelsedatum:
            return None
        dag = dag or timezone.localdate()
        f = self.fodelsedatum
        return dag.year - f.year - ((dag.month, dag.day) < (f.month, f.day))


class VardrelationQuerySet(models.QuerySet):
    def aktiva(self, nu: datetime.datetime | None = None):
        nu = nu or timezone.now()
        return self.filter(fran__lte=nu).filter(Q(till__isnull=True) | Q(till__gt=nu))


class Vardrelation(models.Model):
    """A care relation: it is what lets a unit's staff see a citizen (PDL inre sekretess)."""

    invanare = models.ForeignKey(Invanare, on_delete=models.CASCADE, related_name="vardrelationer")
    # indexed by vardrelation_enhet_idx (vardenhet, invanare), which serves every lookup by unit
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="vardrelationer", db_index=False)
    fran = models.DateTimeField(_("från"), default=timezone.now)
    till = models.DateTimeField(_("till"), null=True, blank=True)
    anledning = models.CharField(_("anledning"), max_length=200, blank=True)
    skapad_av_hsa_id = models.CharField(max_length=48, blank=True)

    objects = VardrelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("vårdrelation")
        verbose_name_plural = _("vårdrelationer")
        indexes = [models.Index(fields=["vardenhet", "invanare"], name="vardrelation_enhet_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["invanare", "vardenhet"],
                condition=Q(till__isnull=True),
                name="vardrelation_en_oppen_per_enhet",
            )
        ]

    def __str__(self):
        return f"{self.invanare} – {self.vardenhet}"


class VardnadshavarskapQuerySet(models.QuerySet):
    def aktiva(self, dag: datetime.date):
        """In force on dag: from ``fran``, up to but not including ``till``."""
        return self.filter(fran__lte=dag).filter(Q(till__isnull=True) | Q(till__gt=dag))


class Vardnadshavarskap(models.Model):
    """Guardianship from the population register (folkbokföringen). Proxies (ombud) build on it."""

    barn = models.ForeignKey(Invanare, on_delete=models.CASCADE, related_name="vardnadshavarskap")
    vardnadshavare = models.ForeignKey(Invanare, on_delete=models.CASCADE, related_name="barn_vardnad")
    fran = models.DateField(_("från"), default=timezone.localdate)  # the Stockholm date, on the injected clock
    till = models.DateField(_("till"), null=True, blank=True)

    objects = VardnadshavarskapQuerySet.as_manager()

    class Meta:
        verbose_name = _("vårdnadshavarskap")
        verbose_name_plural = _("vårdnadshavarskap")
        constraints = [
            models.UniqueConstraint(fields=["barn", "vardnadshavare"], name="vardnadshavarskap_unikt"),
            models.CheckConstraint(condition=~Q(barn=models.F("vardnadshavare")), name="vardnadshavare_inte_sig_sjalv"),
        ]

    def __str__(self):
        return f"{self.vardnadshavare} är vårdnadshavare för {self.barn}"
