"""The demo staff: twenty medarbetare with commissions covering every role, upserted on their HSA-ID.

The roster is fixed (names from Faker seeded with STAFF_SEED, not with --seed), so the SoftHSM cards that
`siths_demo_setup` issues per HSA-ID stay valid whatever seed the citizens were generated with.
"""
import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from faker import Faker

from invanare.demodata.units import hsa_id_for
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet, Yrke

STAFF_SEED = 1177
EMAIL_DOMAIN = "regionstockholm.example"  # reserved TLD: demo mail can never reach anyone
START = datetime.date(2024, 1, 15)
EXPIRED = (datetime.date(2022, 9, 1), datetime.date(2025, 6, 30))


@dataclass(frozen=True)
class Uppdrag:
    unit: str
    roll: str
    expired: bool = False


@dataclass(frozen=True)
class StaffSpec:
    kon: str  # "K" or "M", for the first name
    uppdrag: tuple[Uppdrag, ...]
    is_staff: bool = False
    is_superuser: bool = False
    is_active: bool = True
    note: str = ""


R = Roll
STAFF: tuple[StaffSpec, ...] = (
    StaffSpec("K", (Uppdrag("BMM_GUB", R.BARNMORSKA), Uppdrag("BMM_SOL", R.BARNMORSKA)),
              note="barnmorska på två mottagningar"),
    StaffSpec("K", (Uppdrag("BMM_SOL", R.BARNMORSKA), Uppdrag("REG_VAC", R.REGIONAL_PLANERARE))),
    StaffSpec("K", (Uppdrag("F_SOS", R.BARNMORSKA), Uppdrag("F_SG", R.BARNMORSKA))),
    StaffSpec("M", (Uppdrag("F_DS", R.BARNMORSKA), Uppdrag("F_BBS", R.BARNMORSKA))),
    StaffSpec("K", (Uppdrag("F_KH", R.BARNMORSKA), Uppdrag("F_STS", R.BARNMORSKA))),
    StaffSpec("K", (Uppdrag("VC_GUB", R.SJUKSKOTERSKA), Uppdrag("VAC_KIS", R.SJUKSKOTERSKA))),
    StaffSpec("K", (Uppdrag("BVC_HOR", R.SJUKSKOTERSKA), Uppdrag("REG_VAC", R.SCHEMALAGGARE))),
    StaffSpec("M", (Uppdrag("VC_SOL", R.SJUKSKOTERSKA), Uppdrag("VC_TBY", R.SJUKSKOTERSKA))),
    StaffSpec("K", (Uppdrag("VAC_LIL", R.SJUKSKOTERSKA), Uppdrag("REG_VAC", R.ADMINISTRATOR),
                    Uppdrag("REG_VAC", R.REGIONAL_ADMINISTRATOR))),
    StaffSpec("M", (Uppdrag("VC_GUB", R.LAKARE),)),
    StaffSpec("K", (Uppdrag("VC_HOR", R.LAKARE), Uppdrag("BVC_HOR", R.LAKARE))),
    StaffSpec("M", (Uppdrag("SPEC_SAB", R.LAKARE), Uppdrag("F_KS", R.LAKARE))),
    StaffSpec("K", (Uppdrag("VC_TBY", R.LAKARE), Uppdrag("VC_SOL", R.LAKARE, expired=True)),
              note="ett utgånget uppdrag bredvid ett aktivt"),
    StaffSpec("K", (Uppdrag("VC_GUB", R.ADMINISTRATOR), Uppdrag("BMM_GUB", R.ADMINISTRATOR))),
    StaffSpec("M", (Uppdrag("VC_FLE", R.ADMINISTRATOR), Uppdrag("VC_STJ", R.ADMINISTRATOR),
                    Uppdrag("VC_FLE", R.SJUKSKOTERSKA))),
    StaffSpec("K", (Uppdrag("VC_GUB", R.VERKSAMHETSCHEF), Uppdrag("BMM_GUB", R.VERKSAMHETSCHEF)), is_staff=True),
    StaffSpec("M", (Uppdrag("F_SOS", R.VERKSAMHETSCHEF),)),
    StaffSpec("M", (Uppdrag("REG_VAC", R.SYSTEMFORVALTARE), Uppdrag("VC_SOL", R.SYSTEMFORVALTARE)),
              is_staff=True, is_superuser=True),
    StaffSpec("K", (Uppdrag("VC_STJ", R.SJUKSKOTERSKA, expired=True),),
              note="bara ett utgånget uppdrag: inloggningen nekas"),
    StaffSpec("K", (Uppdrag("F_KS", R.BARNMORSKA),), is_active=False, note="inaktiverad: inloggningen nekas"),
)


@dataclass
class StaffRow:
    medarbetare: Medarbetare
    spec: StaffSpec
    uppdrag: list[Medarbetaruppdrag] = field(default_factory=list)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if ch.isascii() and (ch.isalnum() or ch in ".-"))


def staff_identities() -> list[tuple[str, str, str]]:
    """(hsa_id, fornamn, efternamn) for the roster, deterministic."""
    fake = Faker("sv_SE")
    fake.seed_instance(STAFF_SEED)
    result, seen = [], set()
    for i, spec in enumerate(STAFF):
        hsa_id = hsa_id_for(f"demo-medarbetare-{i}")
        fornamn = fake.first_name_female() if spec.kon == "K" else fake.first_name_male()
        efternamn = fake.last_name()
        while (fornamn, efternamn) in seen:
            efternamn = fake.last_name()
        seen.add((fornamn, efternamn))
        result.append((hsa_id, fornamn, efternamn))
    return result


def demo_staff_hsa_ids() -> list[str]:
    return [hsa for hsa, _f, _e in staff_identities()]


@transaction.atomic
def staff_upsert(*, units: dict[str, Vardenhet], prune: bool = False) -> list[StaffRow]:
    """Create or update the roster and its commissions; with prune, remove staff no longer in it."""
    rows = []
    identities = staff_identities()
    for spec, (hsa_id, fornamn, efternamn) in zip(STAFF, identities, strict=True):
        epost = f"{_ascii(fornamn)}.{_ascii(efternamn)}@{EMAIL_DOMAIN}"
        flags = {"is_staff": spec.is_staff, "is_superuser": spec.is_superuser, "is_active": spec.is_active,
                 "yrke": _yrke(spec)}
        person = Medarbetare.objects.filter(hsa_id=hsa_id).first()
        if person is None:
            person = Medarbetare.objects.create_user(hsa_id, fornamn=fornamn, efternamn=efternamn, epost=epost, **flags)
        else:
            for attr, value in {"fornamn": fornamn, "efternamn": efternamn, "epost": epost, **flags}.items():
                setattr(person, attr, value)
            person.save()
        rows.append(StaffRow(person, spec, _commissions_sync(person, spec, units)))
    if prune:
        _prune(keep={hsa for hsa, _f, _e in identities}, units=units)
    return rows


def _yrke(spec: StaffSpec) -> str:
    """The profession behind the roster's commissions: the first licensed role, else administrative staff."""
    legitimerade = {R.LAKARE: Yrke.LAKARE, R.SJUKSKOTERSKA: Yrke.SJUKSKOTERSKA, R.BARNMORSKA: Yrke.BARNMORSKA}
    return next((legitimerade[u.roll] for u in spec.uppdrag if u.roll in legitimerade), Yrke.ADMINISTRATIV)


def _commissions_sync(person: Medarbetare, spec: StaffSpec, units: dict[str, Vardenhet]) -> list[Medarbetaruppdrag]:
    wanted = []
    for u in spec.uppdrag:
        fran, till = EXPIRED if u.expired else (START, None)
        uppdrag, _created = Medarbetaruppdrag.objects.update_or_create(
            medarbetare=person, vardenhet=units[u.unit], roll=u.roll, giltig_fran=fran,
            defaults={"giltig_till": till},
        )
        wanted.append(uppdrag)
    stale = Medarbetaruppdrag.objects.filter(
        medarbetare=person, vardenhet__in=units.values()
    ).exclude(pk__in=[u.pk for u in wanted])
    _delete_or_end(stale)
    return wanted


def _prune(*, keep: set[str], units: dict[str, Vardenhet]) -> None:
    stale = Medarbetaruppdrag.objects.filter(vardenhet__in=units.values()).exclude(medarbetare__hsa_id__in=keep)
    people = set(stale.values_list("medarbetare_id", flat=True))
    _delete_or_end(stale)
    for person in Medarbetare.objects.filter(pk__in=people, uppdrag__isnull=True):
        try:
            with transaction.atomic():
                person.delete()
        except ProtectedError:
            person.is_active = False
            person.save(update_fields=["is_active"])


def _delete_or_end(queryset) -> None:
    """Delete commissions; one that other rows still point at is ended yesterday instead."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for uppdrag in queryset:
        try:
            with transaction.atomic():
                uppdrag.delete()
        except ProtectedError:
            if uppdrag.giltig_till is None or uppdrag.giltig_till > yesterday:
                uppdrag.giltig_till = max(yesterday, uppdrag.giltig_fran)
                uppdrag.save(update_fields=["giltig_till"])


def format_staff_table(rows: list[StaffRow], *, idag: datetime.date) -> str:
    lines = [f"{'HSA-id':<18} {'Namn':<28} Uppdrag"]
    for row in rows:
        person = row.medarbetare
        namn = person.namn + ("" if person.is_active else " (inaktiv)")
        parts = []
        for u in row.uppdrag:
            text = f"{u.get_roll_display()} – {u.vardenhet.namn}"
            if u.giltig_till and u.giltig_till < idag:
                text += f" (utgick {u.giltig_till:%Y-%m-%d})"
            parts.append(text)
        extra = " [admin]" if person.is_staff else ""
        lines.append(f"{person.hsa_id:<18} {namn:<28} {'; '.join(parts)}{extra}")
    return "\n".join(lines)
