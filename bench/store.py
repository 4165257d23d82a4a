"""Store figures at scale, for both backends, against the old whole-file rewrite.

For each backend (a GeoPackage in a temp dir; PostGIS on a throwaway server started
here, with fsync on, when Debian's PostgreSQL and PostGIS are installed): append of
the whole frame (an import), load to frame in a fresh process, a one-event save,
an Add report save (planned in the transaction), an append of 10k new events. The
baseline, measured in the same run, is what every write used to cost: rewriting
the whole GeoPackage with pyogrio.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

import geopandas as gpd

from bench.timing import median_time
from events.export import write_gpkg
from events.frame import from_frame
from events.io.store import open_store

_LOAD = """
import json, sys, time
from events.io.store import open_store
t0 = time.perf_counter()
n = len(open_store(sys.argv[1]).load_frame())
print(json.dumps({"load_s": time.perf_counter() - t0, "n": n}))
"""


@contextmanager
def postgis_url() -> Iterator[str | None]:
    """Yield the URL of a fresh database on a durable throwaway server (None if unavailable)."""
    try:
        from tests.pg_server import missing_binaries, start_server, stop_server
    except ImportError:
        yield None
        return
    if missing_binaries() is not None:
        yield None
        return
    server = start_server()
    try:
        for setting in ("fsync", "synchronous_commit", "full_page_writes"):
            server.sql(f"ALTER SYSTEM SET {setting} = on")
        server.sql("SELECT pg_reload_conf()")
        server.sql("CREATE DATABASE bench TEMPLATE sahelmap_template")
        yield server.url("bench")
    finally:
        stop_server(server)


def backend_rows(label: str, location: str, gdf: gpd.GeoDataFrame) -> list[list[str]]:
    """Measure one backend; return table rows."""
    store = open_store(location)
    n = len(gdf)
    append_s = median_time(lambda: store.append(gdf, why="bench import"))
    out = subprocess.run(
        [sys.executable, "-c", _LOAD, location], capture_output=True, text=True, check=True
    )
    load = json.loads(out.stdout)
    one = gdf.iloc[[n // 2]].copy()
    edits = iter(range(10**6))
    one_s = median_time(
        lambda: store.upsert(one.assign(notes=f"edit {next(edits)}"), why="bench edit"), 5
    )
    draft = from_frame(gdf.iloc[[n // 3]])[0]
    drafts = iter(range(10**6))
    save_s = median_time(
        lambda: store.save_drafts(
            [draft.with_changes(event_id=f"bench-draft-{next(drafts)}", source="bench wire")],
            verify=True,
            why="bench Add report",
        ),
        3,
    )
    more = gdf.iloc[:10_000].copy()
    more["event_id"] = "bench-new-" + pd.Series(range(len(more))).astype(str).to_numpy()
    more_s = median_time(lambda: store.append(more, why="bench import 10k"))
    return [
        [
            f"{label}: append {n:,} events (an import)",
            f"{append_s:.1f} s",
            f"{n / append_s:,.0f}/s",
        ],
        [f"{label}: load to frame, fresh process", f"{load['load_s']:.1f} s", f"{load['n']:,}"],
        [f"{label}: save one edited event", f"{one_s:.3f} s", "median of 5"],
        [f"{label}: Add report save (one draft)", f"{save_s:.3f} s", "median of 3"],
        [f"{label}: append 10k new events", f"{more_s:.1f} s", ""],
    ]


def run(gdf: gpd.GeoDataFrame) -> list[list[str]]:
    """Return the store rows for ``gdf`` on both backends, and the old-way baseline."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="sahelmap-bench-") as tmp:
        old = Path(tmp) / "rewrite.gpkg"
        rewrite_s = median_time(lambda: write_gpkg(gdf, old))
        rows.append(
            [
                "baseline: rewrite the whole GeoPackage (every write, before)",
                f"{rewrite_s:.1f} s",
                "",
            ]
        )
        gpkg = backend_rows("GeoPackage", str(Path(tmp) / "events.gpkg"), gdf)
        rows += gpkg
        with postgis_url() as url:
            if url is None:
                rows.append(["PostGIS", "not measured", "PostgreSQL/PostGIS not installed"])
            else:
                rows += backend_rows("PostGIS", url, gdf)
    one_gpkg = float(gpkg[2][1].split()[0])
    rows.append(["ratio: rewrite / GeoPackage one-event save", f"{rewrite_s / one_gpkg:,.0f}×", ""])
    return rows
