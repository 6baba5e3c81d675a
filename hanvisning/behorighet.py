"""Who may use Hänvisningsstödet: licensed staff (legitimerad personal) in a clinical commission."""
from __future__ import annotations

from vardportalen.models import LEGITIMERADE_YRKEN, Roll

KLINISKA_ROLLER = frozenset({Roll.LAKARE, Roll.SJUKSKOTERSKA, Roll.BARNMORSKA})


def far_hanvisa(*, yrke: str, roll: str) -> bool:
    """The staff member's recorded profession is a licensed one and she acts in a clinical commission."""
    return yrke in LEGITIMERADE_YRKEN and roll in KLINISKA_ROLLER
