"""Changes to citizens. Each service owns its transaction and writes its access-log row inside it."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare, Vardrelation
from invanare.selectors import postnummer_get
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, innehaller_kontaktuppgifter

ANLEDNING_MAX = Vardrelation._meta.get_field("anledning").max_length


def vardrelation_create(*, aktor: Aktor, invanare: Invanare, anledning: str) -> Vardrelation:
    """Register that the aktor's unit has a care relation with the citizen (PDL: "vårdrelation").

    As in the record systems this portal sits beside, the staff member states that the relation exists and
    why; the system does not check it against bookings. What makes that acceptable is that the statement is
    logged as a change, with the reason, and the verksamhetschef reviews such rows in loggkontroll.

    Idempotent: when the unit already has an active relation, that one is returned and nothing is logged.
    A relation registered earlier for a future start is brought forward to now.
    """
    anledning = " ".join((anledning or "").split())
    if not anledning:
        raise ValidationError({"anledning": _("Ange varför enheten har en vårdrelation med invånaren.")})
    if len(anledning) > ANLEDNING_MAX:
        raise ValidationError(
            {"anledning": _("Anledningen får vara högst %(max)d tecken.") % {"max": ANLEDNING_MAX}}
        )
    if innehaller_kontaktuppgifter(invanare, anledning):
        raise ValidationError({"anledning": _("Skriv inte invånarens adress eller telefonnummer i anledningen.")})

    with transaction.atomic():
        # Two staff registering at the same moment: the second waits and then finds the first's relation.
        Invanare.objects.select_for_update().filter(pk=invanare.pk).values_list("pk", flat=True).get()
        nu = timezone.now()
        oppna = list(
            Vardrelation.objects.filter(invanare=invanare, vardenhet_id=aktor.vardenhet_id).filter(
                Q(till__isnull=True) | Q(till__gt=nu)
            )
        )
        aktiv = next((r for r in oppna if r.fran <= nu), None)
        if aktiv is not None:
            return aktiv
        framtida_oppen = next((r for r in oppna if r.till is None), None)
        if framtida_oppen is not None:
            relation = framtida_oppen
            relation.fran = nu
            relation.anledning = anledning
            relation.skapad_av_hsa_id = aktor.medarbetare_hsa_id
        else:
            relation = Vardrelation(
                invanare=invanare,
                vardenhet_id=aktor.vardenhet_id,
                fran=nu,
                anledning=anledning,
                skapad_av_hsa_id=aktor.medarbetare_hsa_id,
            )
        relation.full_clean()
        relation.save()
        atkomst_logga(
            aktor=aktor,
            invanare=invanare,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="vårdrelation",
            detalj=_("Registrerade vårdrelation. Anledning: %(anledning)s") % {"anledning": anledning},
        )
    return relation


def invanare_set_adress(*, aktor: Aktor, invanare: Invanare, gatuadress: str, postnummer: str) -> Invanare:
    """Set the registered address; locality, municipality and coordinates come from the Postnummer table.

    The log row says that the address changed, never what it is.
    """
    gatuadress = " ".join((gatuadress or "").split())
    if not gatuadress:
        raise ValidationError({"gatuadress": _("Ange gatuadress.")})
    post = postnummer_get(postnummer=postnummer)
    with transaction.atomic():
        inv = Invanare.objects.select_for_update().get(pk=invanare.pk)
        inv.gatuadress = gatuadress
        adress_fran_postnummer(inv, post)
        inv.full_clean()
        inv.save()
        atkomst_logga(
            aktor=aktor,
            invanare=inv,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="folkbokföringsadress",
            detalj=_("Adressen ändrades; ort och kommun hämtades från postnummerregistret."),
        )
    return inv


def adress_fran_postnummer(invanare: Invanare, post) -> None:
    """Copy postal code, locality, municipality and coordinates from a Postnummer row (does not save)."""
    invanare.postnummer = post.postnummer
    invanare.ort = post.ort
    invanare.kommunkod = post.kommunkod
    invanare.kommun = post.kommun
    invanare.lat = post.lat
    invanare.lon = post.lon
