from vardportalen.models import Medarbetare, Medarbetaruppdrag


def uppdrag_aktiva(*, medarbetare: Medarbetare):
    """The staff member's active commissions, for 'Välj uppdrag'."""
    return (
        Medarbetaruppdrag.objects.aktiva()
        .filter(medarbetare=medarbetare)
        .select_related("vardenhet")
        .order_by("vardenhet__namn", "roll", "pk")
    )
