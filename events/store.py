"""The embedded event store: one GeoPackage layer, readable by QGIS and geopandas.

Every write goes to a temporary file next to the store and is then renamed over
it (``os.replace`` is atomic on POSIX), so a failed or interrupted write never
leaves the store half-done.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pandas as pd

import geopandas as gpd
import pyogrio

from events.frame import COLUMNS, JSON_COLUMNS, frame_from_table, from_frame, to_frame
from events.model import Event
from events.validate import validate_frame

LAYER = "events"


class StoreError(RuntimeError):
    """The store file is missing, unreadable or not an event store; names the path."""


class EventStore:
    """A GeoPackage of events at ``path``.

    Example
    -------
    >>> store = EventStore("data/events.gpkg")  # doctest: +SKIP
    >>> store.append(events)  # doctest: +SKIP
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"EventStore({str(self.path)!r})"

    def exists(self) -> bool:
        """Whether the store file exists."""
        return self.path.is_file()

    def version(self) -> str:
        """Return a token that changes whenever the store is written (for cache keys)."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return "missing"
        return f"{st.st_mtime_ns}-{st.st_size}-{st.st_ino}"

    def load_frame(self) -> gpd.GeoDataFrame:
        """Read every event as a typed GeoDataFrame (see :mod:`events.frame`)."""
        if not self.exists():
            raise StoreError(f"event store {str(self.path)!r} does not exist")
        try:
            raw = pyogrio.read_dataframe(
                self.path, layer=LAYER, read_geometry=False, use_arrow=True
            )
        except Exception as exc:  # pyogrio raises several DataSourceError types
            raise StoreError(f"cannot read event store {str(self.path)!r}: {exc}") from exc
        return frame_from_table(pd.DataFrame(raw))

    def load(self) -> list[Event]:
        """Read and validate every event."""
        return from_frame(self.load_frame())

    def event_ids(self) -> set[str]:
        """Return the ids already stored (reads one column only)."""
        if not self.exists():
            return set()
        ids = pyogrio.read_dataframe(
            self.path, layer=LAYER, columns=["event_id"], read_geometry=False
        )
        return set(ids["event_id"].astype(str))

    def write(self, events: Sequence[Event] | gpd.GeoDataFrame) -> None:
        """Replace the whole store with ``events``, atomically."""
        frame = events if isinstance(events, gpd.GeoDataFrame) else to_frame(events)
        validate_frame(frame)
        with self._swap() as tmp:
            _write_layer(frame, tmp, append=False)

    def append(self, events: Sequence[Event] | gpd.GeoDataFrame) -> int:
        """Add the events whose ids are not stored yet, atomically; return how many were added."""
        frame = events if isinstance(events, gpd.GeoDataFrame) else to_frame(events)
        validate_frame(frame)
        frame = frame[~frame["event_id"].isin(self.event_ids())]
        frame = frame.drop_duplicates("event_id")
        if frame.empty:
            return 0
        if not self.exists():
            self.write(frame)
            return len(frame)
        with self._swap(copy_existing=True) as tmp:
            _write_layer(frame, tmp, append=True)
        return len(frame)

    def upsert(self, events: Sequence[Event]) -> int:
        """Insert or replace events by id, atomically; return how many were written."""
        if not events:
            return 0
        current = self.load_frame() if self.exists() else to_frame([])
        new = to_frame(events)
        kept = current[~current["event_id"].isin(new["event_id"])]
        self.write(gpd.GeoDataFrame(pd.concat([kept, new], ignore_index=True), crs=new.crs))
        return len(new)

    @contextlib.contextmanager
    def _swap(self, *, copy_existing: bool = False) -> Iterator[Path]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp.gpkg", dir=self.path.parent
        )
        os.close(fd)
        tmp = Path(name)
        tmp.unlink()
        try:
            if copy_existing:
                shutil.copyfile(self.path, tmp)
            yield tmp
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)


def _write_layer(frame: gpd.GeoDataFrame, path: Path, *, append: bool) -> None:
    out = pd.DataFrame(frame[list(COLUMNS)]).copy()
    out["event_date"] = out["event_date"].dt.strftime("%Y-%m-%d")
    for col in out.columns[out.dtypes == "category"]:
        out[col] = out[col].astype(str)
    for col in JSON_COLUMNS:
        out[col] = out[col].astype(str)
    gdf = gpd.GeoDataFrame(out, geometry=frame.geometry.values, crs=frame.crs)
    pyogrio.write_dataframe(
        gdf,
        path,
        layer=LAYER,
        driver="GPKG",
        append=append,
        promote_to_multi=False,
        geometry_type="Point",
        layer_options={"SPATIAL_INDEX": "YES"},
    )
