"""Palettes and sizes for the map, keyed by event type (one place to change the look)."""

from __future__ import annotations

from events.model import EventType

EVENT_COLOURS: dict[str, str] = {
    EventType.BATTLES.value: "#c0392b",
    EventType.VIOLENCE_AGAINST_CIVILIANS.value: "#8e44ad",
    EventType.EXPLOSIONS.value: "#e67e22",
    EventType.RIOTS.value: "#2c3e50",
    EventType.PROTESTS.value: "#2980b9",
    EventType.STRATEGIC.value: "#16a085",
}
UNKNOWN_COLOUR = "#7f8c8d"

MARKER_RADIUS_PX = 7
MARKER_CLASS = "sem-event"
UNCERTAINTY_CLASS = "sem-uncertainty"
#: Extra class of the marker of a draft event (extracted, not yet reviewed).
DRAFT_CLASS = "sem-draft"

AES_STYLE = {"color": "#6e2c00", "weight": 2.5, "fillColor": "#f5cba7", "fillOpacity": 0.45}
NEIGHBOUR_STYLE = {"color": "#95a5a6", "weight": 1, "fillColor": "#ecf0f1", "fillOpacity": 0.6}
ADMIN1_STYLE = {"color": "#a04000", "weight": 0.8, "dashArray": "3 3", "fillOpacity": 0.0}
ADMIN1_HIGHLIGHT = {"weight": 2, "fillColor": "#f0b27a", "fillOpacity": 0.35}
MAP_BACKGROUND = "#dfe9f3"


def colour_for(event_type: str) -> str:
    """Return the marker colour of an event type (grey if unknown)."""
    return EVENT_COLOURS.get(str(event_type), UNKNOWN_COLOUR)
