"""Excel exports of the portal's lists: one machinery (`base`, `writer`), one exporter per
list, registered by kind. `get(kind)` finds one; the dashboard and other pages add a button
for any registered kind (`templates/partials/export_button.html`)."""

from .base import Exporter

REGISTRY: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    if cls.kind in REGISTRY:
        raise ValueError(f"export kind {cls.kind!r} registered twice")
    REGISTRY[cls.kind] = cls()
    return cls


def get(kind: str) -> Exporter | None:
    return REGISTRY.get(kind)


# The exporters register themselves on import.
from . import exhibitions, lists, monthly, outcomes, records  # noqa: E402, F401
