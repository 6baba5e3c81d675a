"""Text tables the demo_load command prints: named citizens and the population's proportions."""
import datetime

from django.db.models import Count, Q

from invanare.behorighet import senaste_fodelsedag
from invanare.models import IdTyp, Invanare, Vardnadshavarskap, Vardrelation
from vardportalen.demo.named import NAMED, identity_number
from vardportalen.demo.people import age_on


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
    """Shares among the demo citizens, straight from the database."""
    qs = Invanare.objects.filter(
        Q(listad_vardcentral_id__in=unit_ids) | Q(vardrelationer__vardenhet_id__in=unit_ids)
    ).distinct()
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

    relations = Vardrelation.objects.filter(vardenhet_id__in=unit_ids).count()
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
    ])
