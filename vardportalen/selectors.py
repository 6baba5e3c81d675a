"""Reads for the staff shell."""
from dataclasses import dataclass


@dataclass(frozen=True)
class BevakningPanel:
    """One box on the dashboard. Domains register a provider in BEVAKNING_PROVIDERS."""

    rubrik: str
    antal: int | None
    beskrivning: str
    url: str | None = None


# Each provider is a callable (uppdrag) -> BevakningPanel | None; domain apps append to this list in
# AppConfig.ready(). None leaves the panel out (e.g. the birth-clinic overbooking alert for a vårdcentral).
BEVAKNING_PROVIDERS: list = []


def bevakning_for_uppdrag(*, uppdrag) -> list[BevakningPanel]:
    panels = (provider(uppdrag) for provider in BEVAKNING_PROVIDERS)
    return [panel for panel in panels if panel is not None]
