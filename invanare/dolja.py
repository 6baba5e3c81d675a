"""Hidden bookings ("bokningar på dold tidstyp"): the extension point the booking app plugs into.

The seed names three ways to hide information from a citizen: bookings on a hidden time type, blocked
proxies and a locked account. The last two live here; the first belongs to bookings, which registers a
provider in its AppConfig.ready()::

    from invanare.dolja import dolda_bokningar_provider_register

    @dolda_bokningar_provider_register
    def dolda_bokningar(*, invanare_ids: list[int], vardenhet_id: int) -> dict[int, int]:
        ...  # {invanare_id: number of the unit's upcoming bookings on a hidden time type}

A provider answers for many citizens in a constant number of queries and only reads. Until one is
registered, ``dolda_bokningar_antal`` answers None ("not known"), and the overview says so.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

DOLDA_BOKNINGAR_PROVIDERS: list[Callable[..., dict[int, int]]] = []


def dolda_bokningar_provider_register(provider):
    if provider not in DOLDA_BOKNINGAR_PROVIDERS:
        DOLDA_BOKNINGAR_PROVIDERS.append(provider)
    return provider


def dolda_bokningar_antal(*, invanare_ids: Iterable[int], vardenhet_id: int) -> dict[int, int] | None:
    """Number of hidden bookings per citizen at the unit, summed over providers; None when no provider."""
    if not DOLDA_BOKNINGAR_PROVIDERS:
        return None
    ids = list(invanare_ids)
    antal = dict.fromkeys(ids, 0)
    for provider in DOLDA_BOKNINGAR_PROVIDERS:
        for pk, n in provider(invanare_ids=ids, vardenhet_id=vardenhet_id).items():
            if pk in antal:
                antal[pk] += int(n)
    return antal


def synliga_bokningar(*, invanare_id: int, vardenhet_id: int, antal: int) -> int:
    """How many of her ``antal`` active bookings at the unit she may see. Bookings on a hidden time type are
    counted by the hook, never named, so the count is subtracted; a rule that would open something because of a
    booking (writing to the unit, a criterion on visits) must look only at these, or its answer reveals them."""
    if not antal:
        return 0
    dolda = (dolda_bokningar_antal(invanare_ids=[invanare_id], vardenhet_id=vardenhet_id) or {}).get(invanare_id, 0)
    return max(antal - dolda, 0)
