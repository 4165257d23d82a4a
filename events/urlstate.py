"""The filter as URL query parameters, so a view can be shared and reopened exactly.

``?start=2024-09-17&end=2024-09-17&actor=JNIM&type=Battles`` with a key repeated for
several values. Bad values are dropped with a warning that names them; never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

#: URL key -> what it sets.
KEYS = {
    "start": "first day",
    "end": "last day",
    "actor": "actor",
    "type": "event type",
    "country": "country",
    "admin1": "region",
    "basemap": "basemap",
    "status": "status",
    "dataset": "dataset",
    "precision": "geo precision",
    "lat": "map centre latitude",
    "lon": "map centre longitude",
    "z": "map zoom",
    "event": "open event",
    "near": "place searched",
    "km": "distance from the place searched",
}


#: What an event id may hold (every importer and the extraction write ids of this form).
EVENT_ID = re.compile(r"[A-Za-z0-9_.:-]{1,128}")
PLACE_NAME = re.compile(r"[^\x00-\x1f<>{}]{1,100}")


@dataclass(frozen=True)
class UrlState:
    """Filter values read from, or written to, the URL."""

    start: dt.date | None = None
    end: dt.date | None = None
    actors: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    basemap: str | None = None
    statuses: tuple[str, ...] = ()
    datasets: tuple[str, ...] = ()
    geo_precisions: tuple[int, ...] = ()
    #: The map's centre and zoom, when the link keeps them.
    center: tuple[float, float] | None = None
    zoom: int | None = None
    open_event: str = ""
    #: A place name and a distance: events within ``near_km`` of that place.
    near: str = ""
    near_km: float | None = None


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


def name_countries(values: Sequence[str], names: Mapping[str, str]) -> tuple[str, ...]:
    """Return country values with ISO 3166 alpha-3 codes (``MLI``) replaced by ``names``."""
    return tuple(dict.fromkeys(names.get(v.upper(), v) for v in values))


def _place_name(values: list[str], ignore: Callable[[str, str, str], None]) -> str:
    for value in values[:1]:
        name = value.strip()
        if PLACE_NAME.fullmatch(name) and any(c.isalpha() for c in name):
            return name
        if name:
            ignore("near", value, "not a place name")
    return ""


def parse_url_state(
    params: Mapping[str, str | Sequence[str]],
    *,
    actors: Collection[str],
    event_types: Collection[str],
    countries: Collection[str],
    admin1: Collection[str],
    basemaps: Collection[str],
    statuses: Collection[str] = (),
    datasets: Collection[str] = (),
) -> tuple[UrlState, list[str]]:
    """Return the state the URL asks for and a warning for each value that was ignored.

    Example
    -------
    >>> state, warnings = parse_url_state({"start": "2024-09-31", "actor": ["JNIM"]},
    ...     actors={"JNIM"}, event_types=(), countries=(), admin1=(), basemaps=())
    >>> state.actors, state.start, warnings[0][:30]
    (('JNIM',), None, "Ignored start='2024-09-31' in ")
    """
    warnings: list[str] = []

    def ignore(key: str, value: str, why: str) -> None:
        warnings.append(f"Ignored {key}={value!r} in the URL: {why}.")

    for key in params:
        if key not in KEYS:
            ignore(key, ", ".join(_values(params, key)), f"unknown key (use {', '.join(KEYS)})")

    dates: dict[str, dt.date | None] = {"start": None, "end": None}
    for key in dates:
        values = _values(params, key)
        for extra in values[1:]:
            ignore(key, extra, f"{key} may be given once")
        if values:
            try:
                dates[key] = dt.date.fromisoformat(values[0])
            except ValueError:
                ignore(key, values[0], "not a date (YYYY-MM-DD)")
    if dates["start"] and dates["end"] and dates["start"] > dates["end"]:
        ignore("end", dates["end"].isoformat(), f"before start={dates['start'].isoformat()}")
        dates["end"] = None

    def members(key: str, allowed: Collection[str]) -> tuple[str, ...]:
        kept = []
        for value in _values(params, key):
            if value in allowed:
                kept.append(value)
            else:
                ignore(key, value, f"no such {KEYS[key]} in the data")
        return tuple(dict.fromkeys(kept))

    basemap_values = members("basemap", basemaps)
    precisions = members("precision", ("1", "2", "3"))
    numbers: dict[str, float] = {}
    for key, low, high in (
        ("lat", -85.0, 85.0),
        ("lon", -180.0, 180.0),
        ("z", 1, 18),
        ("km", 0.1, 1000.0),
    ):
        values = _values(params, key)
        if not values:
            continue
        try:
            number = float(values[0])
        except ValueError:
            ignore(key, values[0], "not a number")
            continue
        if not low <= number <= high:
            ignore(key, values[0], f"outside {low:g} to {high:g}")
            continue
        numbers[key] = number
    if ("lat" in numbers) != ("lon" in numbers):
        ignore("lat" if "lat" in numbers else "lon", "", "lat and lon go together")
        numbers.pop("lat", None)
        numbers.pop("lon", None)
    open_events = []
    for value in _values(params, "event")[:1]:
        if EVENT_ID.fullmatch(value):
            open_events.append(value)
        else:
            ignore("event", value, "not an event id")
    state = UrlState(
        start=dates["start"],
        end=dates["end"],
        actors=members("actor", actors),
        event_types=members("type", event_types),
        countries=members("country", countries),
        admin1=members("admin1", admin1),
        basemap=basemap_values[0] if basemap_values else None,
        statuses=members("status", statuses),
        datasets=members("dataset", datasets),
        geo_precisions=tuple(int(p) for p in precisions),
        center=(numbers["lat"], numbers["lon"]) if "lat" in numbers else None,
        zoom=int(numbers["z"]) if "z" in numbers else None,
        open_event=open_events[0] if open_events else "",
        near=_place_name(_values(params, "near"), ignore),
        near_km=numbers.get("km"),
    )
    return state, warnings


def url_params(state: UrlState) -> dict[str, str | list[str]]:
    """Return the query parameters for ``state``.

    The start and end are always written out, even when they are the data's own span:
    a shared link keeps showing the same days after later events are added.
    """
    out: dict[str, str | list[str]] = {}
    if state.start:
        out["start"] = state.start.isoformat()
    if state.end:
        out["end"] = state.end.isoformat()
    for key, values in (
        ("actor", state.actors),
        ("type", state.event_types),
        ("country", state.countries),
        ("admin1", state.admin1),
        ("status", state.statuses),
        ("dataset", state.datasets),
        ("precision", tuple(str(p) for p in state.geo_precisions)),
    ):
        if values:
            out[key] = list(values)
    if state.basemap and state.basemap != "none":
        out["basemap"] = state.basemap
    if state.center is not None:
        out["lat"], out["lon"] = f"{state.center[0]:.4f}", f"{state.center[1]:.4f}"
    if state.zoom is not None:
        out["z"] = str(state.zoom)
    if state.open_event:
        out["event"] = state.open_event
    if state.near:
        out["near"] = state.near
        if state.near_km is not None:
            out["km"] = f"{state.near_km:g}"
    return out
