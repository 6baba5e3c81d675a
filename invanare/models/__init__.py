"""Citizens (folkbokföring), their Alltid öppet account and its lock, proxies (ombud) and guardian blocks,
and the citizen app's sessions. One module per topic; import from ``invanare.models``."""
from invanare.models.folkbokforing import (  # noqa: F401
    IdTyp,
    Invanare,
    InvanareQuerySet,
    Postnummer,
    Vardnadshavarskap,
    Vardrelation,
    VardrelationQuerySet,
)
from invanare.models.ombud import Ombud, OmbudBlockering, Ombudstyp, Blankett  # noqa: F401
from invanare.models.konto import Kontosparr  # noqa: F401
from invanare.models.app import AppSession  # noqa: F401
from invanare.models.historik import Kontohistorik  # noqa: F401
from invanare.models.villkor import Anvandarvillkor, VillkorGodkannande  # noqa: F401
from invanare.models.hotbild import KandHotbild  # noqa: F401
