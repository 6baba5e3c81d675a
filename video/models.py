"""Video meetings (seed "Videomöte"): meetings of five kinds, their participants, join tokens, guest links and
the audit trail. Media never pass through Django: they go through Janus (video/janus.py); Django decides who
may join which room and hands each admitted participant her own Janus token.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invanare.models import Invanare
from vardportalen.models import Medarbetare, Vardenhet


class Motestyp(models.TextChoices):
    """The kinds in the seed ("Det finns olika former av videomöten")."""

    ENSKILT = "enskilt", _("Videomöte 1:1")  # one staff member and one citizen
    GRUPP = "grupp", _("Gruppmöte")  # one staff member and several citizens
    TEAM = "team", _("Flerpartsmöte (teambesök)")  # several staff members and one citizen
    PROFESSIONER = "professioner", _("Videomöte mellan professioner")  # staff only


class Videomote(models.Model):
    class Status(models.TextChoices):
        PLANERAT = "planerat", _("Planerat")
        PAGAR = "pagar", _("Pågår")
        AVSLUTAT = "avslutat", _("Avslutat")

    typ = models.CharField(_("typ"), max_length=16, choices=Motestyp.choices)
    rubrik = models.CharField(_("rubrik"), max_length=200)
    vardenhet = models.ForeignKey(Vardenhet, on_delete=models.PROTECT, related_name="videomoten")
    # NULL: a meeting made from a booking on a slot without a named staff member, until one of the unit's staff opens it.
    vard = models.ForeignKey(Medarbetare, on_delete=models.PROTECT, related_name="videomoten_som_vard",
                             verbose_name=_("värd"), null=True, blank=True)
    start = models.DateTimeField(_("start"))
    slut = models.DateTimeField(_("slut"), help_text=_("Gästlänkar slutar gälla då."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANERAT)
    # The booking it was created from (bokning's id; one meeting per booking).
    # SET_NULL: a booking is deleted only with its citizen (the demo's --reset); the meeting and its audit stay.
    bokning = models.OneToOneField("bokning.Bokning", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="videomote")
    janus_rum = models.BigIntegerField(_("Janus-rum"), unique=True)
    skapad = models.DateTimeField(default=timezone.now)
    avslutad = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("videomöte")
        verbose_name_plural = _("videomöten")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(slut__gt=models.F("start")), name="videomote_slut_efter_start"),
        ]
        indexes = [models.Index(fields=["vardenhet", "start"], name="videomote_enhet_start_idx")]

    def __str__(self):
        return f"{self.get_typ_display()}: {self.rubrik}"

    @property
    def ar_avslutat(self) -> bool:
        return self.status == self.Status.AVSLUTAT

    @property
    def med_invanare(self) -> bool:
        return self.typ != Motestyp.PROFESSIONER


class Deltagarroll(models.TextChoices):
    VARD = "vard", _("Värd")
    PERSONAL = "personal", _("Personal")
    INVANARE = "invanare", _("Invånare")
    OMBUD = "ombud", _("Ombud")
    GAST = "gast", _("Gäst via länk")


class Deltagare(models.Model):
    """A seat in the meeting: a staff member, a citizen (joined by herself or a proxy), or a link guest."""

    class Status(models.TextChoices):
        INBJUDEN = "inbjuden", _("Inbjuden")
        VANTAR = "vantar", _("I väntrummet")
        INSLAPPT = "inslappt", _("I mötet")
        LAMNAT = "lamnat", _("Har lämnat")
        BORTTAGEN = "borttagen", _("Borttagen av värden")

    mote = models.ForeignKey(Videomote, on_delete=models.CASCADE, related_name="deltagare")
    roll = models.CharField(_("roll"), max_length=16, choices=Deltagarroll.choices)
    medarbetare = models.ForeignKey(Medarbetare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    invanare = models.ForeignKey(Invanare, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 help_text=_("Invånaren platsen gäller (också när ett ombud ansluter)."))
    # Who actually joined for the citizen: herself or a proxy (set when she joins).
    agerande = models.ForeignKey(Invanare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    gastnamn = models.CharField(_("gästens namn"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.INBJUDEN)
    vantar_sedan = models.DateTimeField(null=True, blank=True)
    inslappt = models.DateTimeField(null=True, blank=True)
    lamnat = models.DateTimeField(null=True, blank=True)
    ljud_avstangt = models.BooleanField(_("ljud avstängt av värden"), default=False)
    # The participant's browser session (hash of the cookie value) and her Janus credentials while admitted.
    session_hash = models.CharField(max_length=64, blank=True, db_index=True)
    janus_token = models.CharField(max_length=64, blank=True)
    janus_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["mote", "medarbetare"], condition=Q(medarbetare__isnull=False),
                                    name="deltagare_en_plats_per_medarbetare"),
            models.UniqueConstraint(fields=["mote", "invanare"], condition=Q(invanare__isnull=False),
                                    name="deltagare_en_plats_per_invanare"),
            models.CheckConstraint(
                condition=(Q(roll__in=["vard", "personal"], medarbetare__isnull=False, invanare__isnull=True)
                           | Q(roll__in=["invanare", "ombud"], invanare__isnull=False, medarbetare__isnull=True)
                           | Q(roll="gast", medarbetare__isnull=True, invanare__isnull=True)),
                name="deltagare_roll_stammer",
            ),
        ]

    def __str__(self):
        return f"{self.get_roll_display()} {self.pk}"

    @property
    def ar_personal(self) -> bool:
        return self.roll in (Deltagarroll.VARD, Deltagarroll.PERSONAL)

    @property
    def visningsnamn(self) -> str:
        """What the other participants see. Never an identity number: citizens by first name and initial."""
        if self.medarbetare_id:
            return self.medarbetare.namn
        if self.invanare_id:
            person = self.agerande if self.agerande_id and self.agerande_id != self.invanare_id else self.invanare
            namn = f"{person.fornamn} {person.efternamn[:1]}.".strip()
            if person.pk != self.invanare_id:
                return _("%(namn)s (ombud)") % {"namn": namn}
            return namn
        return _("%(namn)s (gäst)") % {"namn": self.gastnamn or _("Gäst")}


class Anslutningstoken(models.Model):
    """Short-lived, single-use: lets one participant into the waiting room of exactly one meeting."""

    token_hash = models.CharField(max_length=64, unique=True)
    mote = models.ForeignKey(Videomote, on_delete=models.CASCADE, related_name="+")
    deltagare = models.ForeignKey(Deltagare, on_delete=models.CASCADE, related_name="tokens")
    agerande = models.ForeignKey(Invanare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(default=timezone.now)
    giltig_till = models.DateTimeField()
    anvand = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("anslutningstoken")
        verbose_name_plural = _("anslutningstoken")


class Gastlank(models.Model):
    """A link for one extra participant without an account (seed: "tolk eller anhörig")."""

    mote = models.ForeignKey(Videomote, on_delete=models.CASCADE, related_name="gastlankar")
    token_hash = models.CharField(max_length=64, unique=True)
    beskrivning = models.CharField(_("till vem"), max_length=100, help_text=_("Till exempel Tolk, Anhörig."))
    mobilnummer = models.CharField(_("skickad med SMS till"), max_length=32, blank=True)
    skapad_av = models.ForeignKey(Medarbetare, on_delete=models.PROTECT, related_name="+")
    skapad = models.DateTimeField(default=timezone.now)
    giltig_till = models.DateTimeField()
    aterkallad = models.DateTimeField(null=True, blank=True)
    anvand = models.DateTimeField(null=True, blank=True)
    deltagare = models.OneToOneField(Deltagare, null=True, blank=True, on_delete=models.SET_NULL, related_name="gastlank")

    class Meta:
        verbose_name = _("gästlänk")
        verbose_name_plural = _("gästlänkar")
        ordering = ["-skapad"]

    def __str__(self):
        return self.beskrivning

    def status(self, nu) -> str:
        if self.aterkallad:
            return _("Återkallad")
        if self.anvand:
            return _("Använd")
        if nu >= self.giltig_till:
            return _("Har gått ut")
        return _("Giltig")


class Motehandelse(models.Model):
    """The audit trail of a meeting: who joined, left, was admitted or removed, when, in which role.
    No media is recorded; this is all that is kept of a meeting."""

    class Typ(models.TextChoices):
        SKAPAT = "skapat", _("Mötet skapades")
        INBJUDEN = "inbjuden", _("Deltagare lades till")
        VANTAR = "vantar", _("Kom till väntrummet")
        INSLAPPT = "inslappt", _("Släpptes in")
        LAMNADE = "lamnade", _("Lämnade mötet")
        BORTTAGEN = "borttagen", _("Togs bort av värden")
        LJUD_AV = "ljud_av", _("Ljudet stängdes av av värden")
        NEKAD = "nekad", _("Nekades")
        GASTLANK = "gastlank", _("Gästlänk skapad")
        GASTLANK_ATERKALLAD = "gastlank_aterkallad", _("Gästlänk återkallad")
        AVSLUTAT = "avslutat", _("Mötet avslutades")

    mote = models.ForeignKey(Videomote, on_delete=models.CASCADE, related_name="handelser")
    tidpunkt = models.DateTimeField(default=timezone.now)
    typ = models.CharField(max_length=24, choices=Typ.choices)
    roll = models.CharField(max_length=16, choices=Deltagarroll.choices, blank=True)
    deltagare = models.ForeignKey(Deltagare, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Who did it: a staff member's HSA-ID, or the acting citizen (her or a proxy), or blank for a guest.
    utford_av_hsa_id = models.CharField(max_length=48, blank=True)
    utford_av_invanare = models.ForeignKey(Invanare, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    detalj = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("möteshändelse")
        verbose_name_plural = _("möteshändelser")
        ordering = ["tidpunkt", "pk"]
