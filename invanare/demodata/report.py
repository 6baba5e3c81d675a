"""Text tables the demo_load command prints: named citizens and the population's proportions."""
import datetime

from django.db.models import Count, Q

from invanare.behorighet import senaste_fodelsedag
from invanare.models import IdTyp, Invanare, Vardnadshavarskap, Vardrelation
from invanare.demodata.named import NAMED, identity_number
from invanare.demodata.people import age_on


# "What to try": for each job, the card (a commission: unit key and role) and the named citizens that show it.
# The README's table says the same; `make demo` prints it with the card holder's name (devtools/demo_info.py).
PROVA_SPEC: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Val av förlossningsklinik", "BMM_GUB", "barnmorska", ("gravid", "reserv_gravid", "skyddad")),
    ("Förlossningsklinikens veckor (beslut mot platser)", "F_SOS", "barnmorska", ()),
    ("Förlossningskapacitet och fördelningskörning", "REG_VAC", "regional_planerare", ()),
    ("Utskriftslista", "VC_GUB", "administrator", ("reserv", "skyddad")),
    ("Meddelanden (chatt)", "VC_GUB", "sjukskoterska", ("gravid",)),
    ("Bokning", "VC_GUB", "sjukskoterska", ("gravid", "avregistrerad")),
    ("Vaccination", "VAC_KIS", "sjukskoterska", ("hundraar",)),
    ("Ombud och blockering", "VC_HOR", "lakare", ("vardnadshavare1", "barn", "tonaring")),
    ("Spärrat konto", "VC_GUB", "sjukskoterska", ("avregistrerad",)),
    ("Åtkomstlogg (loggkontroll)", "VC_GUB", "verksamhetschef", ("skyddad", "gravid")),
)


def prova_rader() -> list[tuple[str, str, str]]:
    """PROVA_SPEC with names: (job, "card holder – role, unit", citizens)."""
    from invanare.demodata.units import UNITS_BY_KEY
    from vardportalen.models import Medarbetaruppdrag, Roll

    namn = {n.key: f"{n.fornamn} {n.efternamn}" for n in NAMED}
    rader = []
    for uppgift, enhet_nyckel, roll, invanare in PROVA_SPEC:
        enhet = UNITS_BY_KEY[enhet_nyckel]
        u = (Medarbetaruppdrag.objects.aktiva().filter(vardenhet__hsa_id=enhet.hsa_id, roll=roll,
                                                       medarbetare__is_active=True)
             .select_related("medarbetare").order_by("medarbetare__efternamn").first())
        kort = f"{u.medarbetare.namn} – " if u else ""
        rader.append((uppgift, f"{kort}{Roll(roll).label}, {enhet.namn}", ", ".join(namn[k] for k in invanare)))
    return rader


def format_named(named_pks: dict[str, int], *, idag: datetime.date) -> str:
    """The named demo citizens present in the database, with their identity numbers."""
    lines = [f"{'Identitet':<15} {'Namn':<22} {'Ålder':>5}  Visar"]
    for n in NAMED:
        if n.key not in named_pks:
            continue
        nummer = identity_number(n)
        ident = nummer if n.id_typ == IdTyp.RESERVNUMMER else f"{nummer[:8]}-{nummer[8:]}"
        lines.append(f"{ident:<15} {n.fornamn + ' ' + n.efternamn:<22} {age_on(n.fodd, idag):>5}  {n.label}")
    return "\n".join(lines)


def population_summary(unit_ids: list[int], *, idag: datetime.date) -> str:
    """Shares among the demo citizens, straight from the database; the extra cohorts (kohort.py) on a line of
    their own, outside the population's shares."""
    from invanare.demodata.kohort import kohort_invanare_ids

    qs = Invanare.objects.filter(
        Q(listad_vardcentral_id__in=unit_ids) | Q(vardrelationer__vardenhet_id__in=unit_ids)
    ).exclude(pk__in=kohort_invanare_ids()).distinct()
    kohort = Invanare.objects.filter(pk__in=kohort_invanare_ids()).count()
    adult_born, teen_born = senaste_fodelsedag(idag, 18), senaste_fodelsedag(idag, 13)
    agg = Invanare.objects.filter(pk__in=qs.values("pk")).aggregate(
        n_total=Count("pk"),
        n_personnummer=Count("pk", filter=Q(id_typ=IdTyp.PERSONNUMMER)),
        n_samordningsnummer=Count("pk", filter=Q(id_typ=IdTyp.SAMORDNINGSNUMMER)),
        n_reservnummer=Count("pk", filter=Q(id_typ=IdTyp.RESERVNUMMER)),
        n_skyddade=Count("pk", filter=~Q(skydd="")),
        n_konto=Count("pk", filter=Q(konto=Invanare.Konto.REGISTRERAT)),
        n_avregistrerat=Count("pk", filter=Q(konto=Invanare.Konto.AVREGISTRERAT)),
        n_kan_ha_konto=Count("pk", filter=Q(fodelsedatum__lte=teen_born) & ~Q(id_typ=IdTyp.RESERVNUMMER)),
        n_vuxna=Count("pk", filter=Q(fodelsedatum__lte=adult_born)),
        n_brevlada_vuxna=Count("pk", filter=Q(fodelsedatum__lte=adult_born) & ~Q(digital_brevlada="")),
        n_barn=Count("pk", filter=Q(fodelsedatum__gt=adult_born)),
        n_listade=Count("pk", filter=Q(listad_vardcentral__isnull=False)),
    )
    total = agg["n_total"] or 1

    def pct(part, whole=total):
        return f"{100 * part / (whole or 1):.1f} %"

    relations = Vardrelation.objects.filter(vardenhet_id__in=unit_ids).exclude(invanare__in=kohort_invanare_ids()).count()
    guardianships = Vardnadshavarskap.objects.filter(barn__in=qs.values("pk")).count()
    return "\n".join([
        f"  invånare {agg['n_total']}, vårdrelationer {relations}, vårdnadshavarskap {guardianships}",
        f"  personnummer {pct(agg['n_personnummer'])}, samordningsnummer {pct(agg['n_samordningsnummer'])}, "
        f"reservnummer {pct(agg['n_reservnummer'])}",
        f"  skyddad identitet {pct(agg['n_skyddade'])}, listade {pct(agg['n_listade'])}, "
        f"barn under 18 {pct(agg['n_barn'])}",
        f"  Alltid öppet-konto {pct(agg['n_konto'])} av alla, "
        f"{pct(agg['n_konto'], agg['n_kan_ha_konto'])} av dem som kan ha konto (13 år+, ej reservnummer); "
        f"avregistrerat {pct(agg['n_avregistrerat'])}",
        f"  digital brevlåda {pct(agg['n_brevlada_vuxna'], agg['n_vuxna'])} av vuxna",
        *([f"  därtill {kohort} syntetiska gravida utanför befolkningen (förlossningsklinikernas efterfrågan)"]
          if kohort else []),
    ])
