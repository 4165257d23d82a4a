"""The table of the filtered events, linked to the map, and the export of the same rows."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import streamlit as st

import geopandas as gpd

from app_filters import K_OPEN_EVENT
from app_map import fly_to_event
from events.datasets import dataset_of
from events.export import export_events
from events.frame import EventFilter, select_rows

K_TABLE = "table"
TABLE_LIMIT = 2000
#: column -> header
HEADERS: dict[str, str] = {
    "event_date": "Date",
    "event_type": "Event type",
    "sub_event_type": "Sub-event type",
    "actor1": "Actor 1",
    "actor2": "Actor 2",
    "assoc_actor_2": "Associated with actor 2",
    "location": "Location",
    "site": "Site",
    "admin1": "Region",
    "country": "Country",
    "fatalities": "Fatalities",
    "fatalities_low": "Fatalities (low)",
    "fatalities_high": "Fatalities (high)",
    "geo_precision": "Geo precision",
    "time_precision": "Date precision",
    "status": "Status",
    "dataset": "Dataset",
    "source": "Source",
    "notes": "Notes",
    "event_id": "Event id",
}
#: format -> (button label, file suffix, MIME type)
DOWNLOADS: dict[str, tuple[str, str, str]] = {
    "csv": ("CSV", ".csv", "text/csv"),
    "geojson": ("GeoJSON", ".geojson", "application/geo+json"),
    "gpkg": ("GeoPackage", ".gpkg", "application/geopackage+sqlite3"),
    "parquet": ("GeoParquet", ".parquet", "application/vnd.apache.parquet"),
    "xlsx": ("Excel", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def table_rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """Return the table's rows: the newest :data:`TABLE_LIMIT`, with a dataset column."""
    columns = [c for c in HEADERS if c != "dataset"]
    rows = pd.DataFrame(select_rows(frame, mask, columns=columns, limit=TABLE_LIMIT))
    rows.insert(columns.index("status") + 1, "dataset", dataset_of(rows["event_id"]))
    rows["event_date"] = rows["event_date"].dt.date
    numbers = ("fatalities", "fatalities_low", "fatalities_high", "geo_precision", "time_precision")
    for col in rows.columns:
        if col != "event_date" and col not in numbers:
            rows[col] = rows[col].astype(object).where(rows[col].notna(), "").astype(str)
    return rows.reset_index(drop=True)


def show_table(frame: pd.DataFrame, mask: np.ndarray, n_shown: int) -> None:
    """Draw the table; choosing a row flies the map to the event and opens its popup."""
    st.subheader("Filtered events")
    if n_shown > TABLE_LIMIT:
        st.caption(f"Showing the {TABLE_LIMIT} most recent of {n_shown} events; export for all.")
    else:
        st.caption("Click a row to show the event on the map.")
    rows = table_rows(frame, mask)

    def on_select() -> None:
        picked = st.session_state[K_TABLE].selection.rows
        if not picked or picked[0] >= len(rows):
            return
        row = rows.iloc[picked[0]]
        st.session_state[K_OPEN_EVENT] = str(row["event_id"])
        fly_to_event(*frame_coords(frame, str(row["event_id"])))

    st.dataframe(
        rows,
        key=K_TABLE,
        hide_index=True,
        width="stretch",
        on_select=on_select,
        selection_mode="single-row",
        column_config={
            col: st.column_config.Column(label)
            if col != "event_date"
            else st.column_config.DateColumn(label, format="YYYY-MM-DD")
            for col, label in HEADERS.items()
        },
    )


def frame_coords(frame: pd.DataFrame, event_id: str) -> tuple[float, float]:
    """Return ``(lat, lon)`` of an event of the frame."""
    hit = frame.index[(frame["event_id"] == event_id).to_numpy()]
    row = frame.loc[hit[0]]
    return float(row["latitude"]), float(row["longitude"])


def show_export(frame: gpd.GeoDataFrame, mask: np.ndarray, flt: EventFilter) -> None:
    """Download buttons for the filtered events, through the same function as the CLI."""
    st.subheader("Export these events")
    stem = export_name(flt)
    cols = st.columns(len(DOWNLOADS))
    for col, (fmt, (label, suffix, mime)) in zip(cols, DOWNLOADS.items(), strict=True):

        def build(fmt: str = fmt) -> bytes:
            return export_events(frame[mask], fmt, flt=flt)

        col.download_button(
            label,
            data=build,
            file_name=stem + suffix,
            mime=mime,
            key=f"export_{fmt}",
            on_click="ignore",
            icon=":material/download:",
        )
    st.caption("Each file carries the credits of its sources and the filter that chose it.")


def export_name(flt: EventFilter) -> str:
    """Return a file name stem that says what was exported (dates, first filters)."""
    parts = ["sahel-events"]
    if flt.start and flt.end:
        parts.append(f"{flt.start:%Y%m%d}-{flt.end:%Y%m%d}")
    for values in (flt.countries, flt.actors):
        if values:
            parts.append(re.sub(r"[^A-Za-z0-9]+", "-", values[0]).strip("-").lower())
    return "_".join(parts)[:120] or f"sahel-events-{dt.date.today():%Y%m%d}"
