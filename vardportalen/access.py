"""Who may do what: the active commission and role checks used by views and selectors."""
from django.core.exceptions import PermissionDenied

from vardportalen.models import Medarbetaruppdrag, Roll


def load_active_uppdrag(medarbetare, uppdrag_id) -> Medarbetaruppdrag | None:
    if not uppdrag_id:
        return None
    return (
        Medarbetaruppdrag.objects.aktiva()
        .select_related("vardenhet", "medarbetare")
        .filter(pk=uppdrag_id, medarbetare=medarbetare)
        .first()
    )


def require_roll(request, *roller: Roll) -> Medarbetaruppdrag:
    """Raise PermissionDenied unless the active commission has one of the roles."""
    uppdrag = getattr(request, "uppdrag", None)
    if uppdrag is None or uppdrag.roll not in roller:
        raise PermissionDenied
    return uppdrag
