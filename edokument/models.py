"""E-documents (e-kallelse, e-brev, e-remissbekräftelse), their deliveries, letter templates, local
exceptions, attachments, the print list (utskriftslista) with its print batches, and the mailbox outbox."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invanare.models import Invanare
from vardportalen.models import Vardenhet


class Dokumenttyp(models.TextChoices):
    EKALLELSE = "ekallelse", _("e-kallelse")
    EBREV = "ebrev", _("e-brev")
    EREMISSBEKRAFTELSE = "eremissbekraftelse", _("e-remissbekräftelse")


MALLTYPER = (Dokumenttyp.EBREV, Dokumenttyp.EREMISSBEKRAFTELSE)


class Kanal(models.TextChoices):
    APP = "app", _("Alltid öppet")
    BREVLADA = "brevlada", _("Digital brevlåda")
    PAPPER = "papper", _("Papper (utskriftslista)")


class Orsak(models.TextChoices):
    """Why a document is on the print list (the four rules of the routine, plus two of ours)."""

    OLAST_48H = "olast_48h", _("Oläst i Alltid öppet efter 48 timmar")
    INGEN_KANAL = "ingen_kanal", _("Varken Alltid öppet eller digital brevlåda")
    RESERVNUMMER = "reservnummer", _("Reservnummer")
    SAKNAR_STYRKOD = "saknar_styrkod", _("Brevmallen saknar styrkod")
    LOKALT_UNDANTAG = "lokalt_undantag", _("Lokalt undantag på enheten")
    BREVLADA_MISSLYCKAD = "brevlada_misslyckad", _("Digital brevlåda kunde inte ta emot")


class Brevmall(models.Model):
    """A letter template of a unit. Only a template with a styrkod may go out electronically."""

    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="brevmallar")
    namn = models.CharField(_("namn"), max_length=200)
    typ = models.CharField(_("dokumenttyp"), max_length=24, choices=Dokumenttyp.choices, default=Dokumenttyp.EBREV)
    styrkod = models.CharField(
        _("styrkod"), max_length=32, blank=True, help_text=_("Utan styrkod hamnar brevet alltid på utskriftslistan.")
    )
    rubrik = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("brevtext"))
    aktiv = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("brevmall")
        verbose_name_plural = _("brevmallar")
        ordering = ["namn"]
        constraints = [models.UniqueConstraint(fields=["vardenhet", "namn"], name="brevmall_namn_unikt_per_enhet")]

    def __str__(self):
        return self.namn


class LokaltUndantag(models.Model):
    """A unit's local exception: this kind of document, or this template, always goes on paper."""

    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.CASCADE, related_name="edokument_undantag")
    dokumenttyp = models.CharField(_("dokumenttyp"), max_length=24, choices=Dokumenttyp.choices, blank=True)
    brevmall = models.ForeignKey(Brevmall, on_delete=models.CASCADE, null=True, blank=True, related_name="undantag")
    anledning = models.CharField(_("anledning"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lokalt undantag")
        verbose_name_plural = _("lokala undantag")
        constraints = [
            models.CheckConstraint(
                condition=(Q(dokumenttyp="") & Q(brevmall__isnull=False)) | (~Q(dokumenttyp="") & Q(brevmall__isnull=True)),
                name="undantag_typ_eller_mall",
            )
        ]

    def __str__(self):
        return str(self.brevmall or self.get_dokumenttyp_display())


class BrevladaAvbojd(models.Model):
    """The citizen declined documents from this sender in her digital mailbox (tacka nej-webben). Filled by
    ``manage.py tacka_nej_importera`` from the mailbox operators' refusal file (edokument/tacka_nej.py) or by
    hand in the admin; a withdrawn refusal deletes the row."""

    invanare = models.ForeignKey(Invanare, on_delete=models.CASCADE, related_name="brevlada_avbojd")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.CASCADE, related_name="+")
    skapad = models.DateTimeField(_("tackade nej"), default=timezone.now)
    kalla = models.CharField(_("källa"), max_length=200, blank=True,
                             help_text=_("Importfilen och raden, eller vem som registrerade det för hand."))
    importerad = models.DateTimeField(_("registrerad"), default=timezone.now)

    class Meta:
        verbose_name = _("avböjd avsändare i digital brevlåda")
        verbose_name_plural = _("avböjda avsändare i digital brevlåda")
        constraints = [models.UniqueConstraint(fields=["invanare", "vardenhet"], name="brevlada_avbojd_unik")]


class Dokument(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        SKICKAT = "skickat", _("Skickat")

    invanare = models.ForeignKey(Invanare, on_delete=models.PROTECT, related_name="edokument")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="edokument")
    typ = models.CharField(_("dokumenttyp"), max_length=24, choices=Dokumenttyp.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UTKAST)
    brevmall = models.ForeignKey(Brevmall, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    rubrik = models.CharField(_("rubrik"), max_length=200)
    text = models.TextField(_("text"))
    besokstid = models.DateTimeField(_("besökstid"), null=True, blank=True)
    plats = models.CharField(_("plats"), max_length=300, blank=True)
    ar_avbokning = models.BooleanField(default=False)
    bokning_ref = models.CharField(max_length=40, blank=True)
    # One document per booking event: a retried booking hook creates nothing twice.
    idempotensnyckel = models.CharField(max_length=80, null=True, blank=True, unique=True)
    skyddad_bekraftad = models.BooleanField(default=False)
    skickas_som_ebrev = models.BooleanField(default=False)
    skapad = models.DateTimeField(default=timezone.now)
    skickat = models.DateTimeField(null=True, blank=True)
    skapad_av_hsa_id = models.CharField(max_length=48, blank=True)
    skapad_av_namn = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("e-dokument")
        verbose_name_plural = _("e-dokument")
        ordering = ["-skapad", "-id"]
        indexes = [models.Index(fields=["invanare", "-skapad"], name="dokument_invanare_idx")]

    def __str__(self):
        return f"{self.get_typ_display()}: {self.rubrik}"


BILAGA_MAX_BYTES = 5 * 1024 * 1024


class Bilaga(models.Model):
    dokument = models.ForeignKey(Dokument, on_delete=models.CASCADE, related_name="bilagor")
    filnamn = models.CharField(max_length=200)
    innehall = models.BinaryField()
    storlek = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [models.CheckConstraint(condition=Q(storlek__lte=BILAGA_MAX_BYTES), name="bilaga_max_storlek")]


class Leverans(models.Model):
    class Status(models.TextChoices):
        OLAST = "olast", _("Levererad, oläst")
        LAST = "last", _("Läst")
        KOAD = "koad", _("Köad till brevlådan")
        LEVERERAD = "levererad", _("Levererad (räknas som läst)")
        MISSLYCKAD = "misslyckad", _("Misslyckad")
        UTSKRIFTSLISTA = "utskriftslista", _("På utskriftslistan")
        UTSKRIVEN = "utskriven", _("Utskriven")
        OVERLAMNAD = "overlamnad", _("Lämnad på annat sätt än med posten")

    dokument = models.ForeignKey(Dokument, on_delete=models.CASCADE, related_name="leveranser")
    kanal = models.CharField(max_length=10, choices=Kanal.choices)
    # db_index=False: leverans_mottagare_idx (mottagare, kanal) serves the lookups; one index less per write.
    mottagare = models.ForeignKey(Invanare, on_delete=models.CASCADE, related_name="edokument_leveranser", null=True,
                                  blank=True, db_index=False)
    relation = models.CharField(max_length=40, blank=True, help_text="sjalv or an Ombudstyp value")
    brevlada = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    orsak = models.CharField(max_length=24, choices=Orsak.choices, blank=True)
    skickad = models.DateTimeField(default=timezone.now)
    last = models.DateTimeField(null=True, blank=True)
    # True while an app delivery is unread, its document has no mailbox delivery and is not listed:
    # exactly the rows the 48-hour sweep looks at (partial index below).
    bevakas = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("leverans")
        verbose_name_plural = _("leveranser")
        indexes = [
            models.Index(fields=["skickad"], condition=Q(bevakas=True), name="leverans_bevakning_idx"),
            models.Index(fields=["mottagare", "kanal"], name="leverans_mottagare_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(bevakas=False) | Q(kanal="app"), name="leverans_bevakas_endast_app"),
        ]

    @property
    def brevlada_namn(self) -> str:
        return str(dict(Invanare.Brevlada.choices).get(self.brevlada, self.brevlada))


class Utskriftsomgang(models.Model):
    """One print batch: the PDF rendered by a Celery task. A reprint is a new batch with ``omtryck``."""

    class Status(models.TextChoices):
        VANTAR = "vantar", _("Skapas")
        KLAR = "klar", _("Klar")
        FEL = "fel", _("Fel")

    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(default=timezone.now)
    skapad_av_hsa_id = models.CharField(max_length=48)
    skapad_av_namn = models.CharField(max_length=200)
    omtryck_av = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="omtryck")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VANTAR)
    antal = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, blank=True)
    sidor = models.PositiveIntegerField(default=0)
    renderingstid_ms = models.PositiveIntegerField(default=0)
    fel = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("utskriftsomgång")
        verbose_name_plural = _("utskriftsomgångar")
        ordering = ["-skapad"]


class Hallning(models.TextChoices):
    """Why a document on the print list is held: it may not be printed until a staff member decides
    (see edokument.hallning)."""

    KONTO_SPARRAT = "konto_sparrat", _("Kontot är spärrat: kontrollera vart brevet får skickas")
    ADRESS_SAKNAS = "adress_saknas", _("Adress saknas")


class HallenBeslut(models.TextChoices):
    """A staff member's decision on a held document (recorded on the entry, access-logged)."""

    FOLKBOKFORINGSADRESS = "folkbokforingsadress", _("Skriv ut till folkbokföringsadressen (kontrollerad)")
    ANNAN_ADRESS = "annan_adress", _("Skriv ut till en annan adress")
    LAMNAS_UT = "lamnas_ut", _("Lämnas ut på annat sätt (skrivs inte ut)")


class Utskriftslistepost(models.Model):
    """A document on its sending unit's print list. One per document, whatever reaches it twice.

    ``beslut*``: a staff member's decision on a held entry (edokument.hallning): where the letter may go."""

    dokument = models.OneToOneField(Dokument, on_delete=models.CASCADE, related_name="utskriftslistepost")
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="+")
    dokumenttyp = models.CharField(max_length=24, choices=Dokumenttyp.choices)
    orsak = models.CharField(max_length=24, choices=Orsak.choices)
    skapad = models.DateTimeField(default=timezone.now)
    utskriven = models.DateTimeField(null=True, blank=True)
    utskriven_av_hsa_id = models.CharField(max_length=48, blank=True)
    utskriven_av_namn = models.CharField(max_length=200, blank=True)
    omgang = models.ForeignKey(Utskriftsomgang, null=True, blank=True, on_delete=models.PROTECT, related_name="poster")
    beslut = models.CharField(_("beslut"), max_length=24, choices=HallenBeslut.choices, blank=True, default="", db_default="")
    beslut_adress = models.TextField(_("annan adress"), max_length=500, blank=True, default="", db_default="")
    beslut_anteckning = models.TextField(_("anteckning"), max_length=1000, blank=True, default="", db_default="")
    beslutad = models.DateTimeField(null=True, blank=True)
    # db defaults: the 48-hour sweep inserts entries in SQL
    beslutad_av_hsa_id = models.CharField(max_length=48, blank=True, default="", db_default="")
    beslutad_av_namn = models.CharField(max_length=200, blank=True, default="", db_default="")

    class Meta:
        verbose_name = _("post på utskriftslistan")
        verbose_name_plural = _("utskriftslista")
        indexes = [
            # The print list's keyset paging (vardportalen.nyckelsidor): its sort, ties broken by id.
            models.Index(fields=["vardenhet", "skapad", "id"], condition=Q(utskriven__isnull=True),
                         name="utskrift_ej_utskriven_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(beslut="annan_adress") | ~Q(beslut_adress=""),
                                   name="utskrift_annan_adress_kraver_adress"),
        ]


class BrevladaUtkorg(models.Model):
    """Outbox to the digital mailbox operators: written in the send transaction, drained by a task."""

    leverans = models.OneToOneField(Leverans, on_delete=models.CASCADE, related_name="utkorg")
    skapad = models.DateTimeField(default=timezone.now)
    nasta_forsok = models.DateTimeField(default=timezone.now)
    forsok = models.PositiveIntegerField(default=0)
    klar = models.DateTimeField(null=True, blank=True)
    senaste_fel = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("utkorg till digital brevlåda")
        verbose_name_plural = _("utkorg till digital brevlåda")
        indexes = [models.Index(fields=["nasta_forsok"], condition=Q(klar__isnull=True), name="utkorg_att_skicka_idx")]

    @property
    def idempotensnyckel(self) -> str:
        return f"vardportalen-leverans-{self.leverans_id}"
