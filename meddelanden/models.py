"""Conversations between a unit and a citizen, their messages and attachments, reply templates, and the
per-unit change counter the inbox polls."""
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vardportalen.models import Medarbetare, Vardenhet

TEXT_MAX = 4000
AMNE_MAX = 100
BILAGA_MAX_BYTE = 5 * 1024 * 1024
BILAGOR_PER_MEDDELANDE = 3


class KonversationQuerySet(models.QuerySet):
    def oppna(self):
        return self.filter(stangd__isnull=True)

    def stangda(self):
        return self.filter(stangd__isnull=False)

    def med_olasta(self):
        return self.filter(olasta_inkommande__gt=0)


class Konversation(models.Model):
    """One thread between one unit and one citizen (written by her or a proxy acting for her).

    ``olasta_inkommande``, ``forsta_olasta`` and ``senaste_meddelande`` are kept by the services in the same
    transaction as each message, so the inbox and the dashboard read one row per conversation.
    """

    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="konversationer")
    invanare = models.ForeignKey("invanare.Invanare", on_delete=models.CASCADE, related_name="konversationer")
    amne = models.CharField(_("ämne"), max_length=AMNE_MAX)
    startad_av_personal = models.BooleanField(default=True)
    startad_av = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    skapad = models.DateTimeField(default=timezone.now)
    senaste_meddelande = models.DateTimeField(default=timezone.now)
    olasta_inkommande = models.PositiveIntegerField(default=0)
    forsta_olasta = models.DateTimeField(null=True, blank=True)
    tilldelad = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    hanterad = models.DateTimeField(null=True, blank=True)
    hanterad_av = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stangd = models.DateTimeField(null=True, blank=True)
    stangd_av = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = KonversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("konversation")
        verbose_name_plural = _("konversationer")
        indexes = [
            # The inbox tabs' keyset paging (vardportalen.nyckelsidor): the sort, ties broken by id, in the index.
            models.Index(fields=["vardenhet", "-senaste_meddelande", "-id"], condition=Q(stangd__isnull=True),
                         name="konv_enhet_oppna_id_idx"),
            models.Index(fields=["vardenhet", "-senaste_meddelande", "-id"], condition=Q(stangd__isnull=False),
                         name="konv_enhet_stangda_id_idx"),
            models.Index(fields=["vardenhet", "forsta_olasta", "id"], condition=Q(olasta_inkommande__gt=0),
                         name="konv_enhet_olasta_id_idx"),
            models.Index(fields=["invanare", "-senaste_meddelande"], name="konv_invanare_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["vardenhet", "invanare"], condition=Q(stangd__isnull=True),
                                    name="konv_en_oppen_per_enhet_och_invanare"),
            models.CheckConstraint(condition=GreaterThan(Length("amne"), 0), name="konv_amne_ej_tomt"),
        ]

    def __str__(self):
        return self.amne

    @property
    def ar_stangd(self) -> bool:
        return self.stangd is not None


class Meddelande(models.Model):
    class Forfattare(models.TextChoices):
        PERSONAL = "personal", _("Personal")
        INVANARE = "invanare", _("Invånaren")
        OMBUD = "ombud", _("Ombud")

    konversation = models.ForeignKey(Konversation, on_delete=models.CASCADE, related_name="meddelanden")
    forfattare = models.CharField(max_length=16, choices=Forfattare.choices)
    medarbetare = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Who wrote on the citizen's side: herself or the proxy acting for her.
    skriven_av_invanare = models.ForeignKey("invanare.Invanare", null=True, blank=True, on_delete=models.SET_NULL,
                                            related_name="+")
    text = models.TextField(_("meddelande"))
    # The reply form's token (meddelanden.forms.SvarForm): the same form sent twice makes one message.
    idempotensnyckel = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    skickad = models.DateTimeField(default=timezone.now)
    # Read by the receiving side (the unit for the citizen's messages, the citizen for the unit's).
    last = models.DateTimeField(null=True, blank=True)
    last_av = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")
        ordering = ["skickad", "id"]
        indexes = [models.Index(fields=["konversation", "skickad"], name="medd_konv_skickad_idx")]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length("text"), 0) & LessThanOrEqual(Length("text"), TEXT_MAX),
                name="medd_text_langd",
            ),
            models.CheckConstraint(
                condition=(Q(forfattare="personal") & Q(medarbetare__isnull=False))
                | (~Q(forfattare="personal") & Q(medarbetare__isnull=True)),
                name="medd_forfattare_stammer",
            ),
        ]

    @property
    def fran_invanarsidan(self) -> bool:
        return self.forfattare != self.Forfattare.PERSONAL


class Bilaga(models.Model):
    """A PDF or image attached to a message. Kept in the database, in the message's transaction, so a
    message and its files are stored together or not at all."""

    class Typ(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG"
        JPEG = "image/jpeg", "JPEG"

    meddelande = models.ForeignKey(Meddelande, on_delete=models.CASCADE, related_name="bilagor")
    filnamn = models.CharField(max_length=120)
    typ = models.CharField(max_length=32, choices=Typ.choices)
    storlek = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    data = models.BinaryField()

    class Meta:
        verbose_name = _("bilaga")
        verbose_name_plural = _("bilagor")
        constraints = [
            models.CheckConstraint(condition=Q(storlek__gt=0) & Q(storlek__lte=BILAGA_MAX_BYTE), name="bilaga_storlek"),
        ]

    def __str__(self):
        return self.filnamn


class Svarsmall(models.Model):
    """A reply template: the unit's ("Gemensamma", by a system administrator) or one person's ("Dina egna")."""

    vardenhet = models.ForeignKey(Vardenhet, null=True, blank=True, on_delete=models.CASCADE, related_name="svarsmallar")
    agare = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.CASCADE, related_name="svarsmallar")
    titel = models.CharField(_("rubrik"), max_length=100)
    text = models.TextField(_("text"))
    andrad = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("svarsmall")
        verbose_name_plural = _("svarsmallar")
        ordering = ["titel"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(vardenhet__isnull=False) & Q(agare__isnull=True))
                | (Q(vardenhet__isnull=True) & Q(agare__isnull=False)),
                name="svarsmall_enhet_eller_egen",
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length("text"), 0) & LessThanOrEqual(Length("text"), TEXT_MAX),
                name="svarsmall_text_langd",
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def ar_gemensam(self) -> bool:
        return self.vardenhet_id is not None


class Inkorgsversion(models.Model):
    """Bumped in the same transaction as every change the inbox shows: the poll compares one integer."""

    vardenhet = models.OneToOneField(Vardenhet, on_delete=models.CASCADE, primary_key=True, related_name="+")
    version = models.BigIntegerField(default=0)
