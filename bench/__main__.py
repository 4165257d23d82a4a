"""``python -m bench`` (``make bench``): our figures against the naive folium way, same run.

Prints, as tables:

1. the view of all events at 10k and 100k: server time (filter + layer + folium render),
   page bytes and browser draw time in headless Chromium, for our approach and for one
   CircleMarker + popup per event; ratios naive / ours;
2. our figures at 1M events: generation, frame memory, filter times, view build, page
   bytes, browser draw, timeline counts, store write/load and server RSS;
3. the extraction bench (``bench/extraction.py``) when present.

No figure here is asserted anywhere: timings vary 30-50 % between runs, compare ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser

from bench import map_page, sessions
from bench import store as store_bench
from bench.browser import PageTimer
from bench.generate import generate_events
from bench.timing import median_time
from bench.views import POINT_LIMIT, build_naive, build_ours
from events.frame import EventFilter, filter_events
from events.io.store import open_store
from events.timeline import count_events

ALL = EventFilter()
FILTERS = {
    "all events": ALL,
    "2020-2022 + 3 actors": EventFilter(
        start=dt.date(2020, 1, 1),
        end=dt.date(2022, 12, 31),
        actors=("JNIM", "Wagner Group", "Military Forces of Mali"),
    ),
    "Battles in Mali": EventFilter(event_types=("Battles",), countries=("Mali",)),
    "one region, one month": EventFilter(
        start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30), admin1=("Mopti",)
    ),
    "one day": EventFilter(start=dt.date(2024, 9, 17), end=dt.date(2024, 9, 17)),
}


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows
    ]
    return "\n".join([line, sep, *body])


def mb(n_bytes: int) -> str:
    return f"{n_bytes / 1e6:.2f}"


def compare(sizes: list[int], browser: PageTimer, repeat: int) -> str:
    rows = []
    for n in sizes:
        gdf = generate_events(n, seed=1)
        page, _, kind = build_ours(gdf, ALL)
        ours_s = median_time(lambda gdf=gdf: build_ours(gdf, ALL), repeat)
        ours_draw, ours_paths = browser.draw_seconds(page)
        ours_bytes = len(page.encode())
        narrow = EventFilter(start=dt.date(2024, 9, 1), end=dt.date(2024, 9, 30))
        npage, _, nkind = build_ours(gdf, narrow)
        narrow_s = median_time(lambda gdf=gdf, f=narrow: build_ours(gdf, f), repeat)
        narrow_draw, narrow_paths = browser.draw_seconds(npage)
        print(f"  {n:,}: ours done; naive (one CircleMarker per event)...", file=sys.stderr)
        naive_page, naive_s = build_naive(gdf, ALL)
        naive_bytes = len(naive_page.encode())
        naive_draw, naive_paths = browser.draw_seconds(naive_page)
        del naive_page
        gc.collect()
        rows += [
            [
                f"{n:,}",
                "naive: CircleMarker+popup per event",
                f"{naive_s:.2f}",
                mb(naive_bytes),
                f"{naive_draw:.2f}",
                str(naive_paths),
                "1",
                "1",
                "1",
            ],
            [
                f"{n:,}",
                f"ours, all events ({kind})",
                f"{ours_s:.2f}",
                mb(ours_bytes),
                f"{ours_draw:.2f}",
                str(ours_paths),
                f"{naive_s / ours_s:.0f}x",
                f"{naive_bytes / ours_bytes:.0f}x",
                f"{naive_draw / ours_draw:.1f}x",
            ],
            [
                f"{n:,}",
                f"ours, Sept 2024 ({nkind})",
                f"{narrow_s:.2f}",
                mb(len(npage.encode())),
                f"{narrow_draw:.2f}",
                str(narrow_paths),
                "-",
                "-",
                "-",
            ],
        ]
    headers = [
        "N",
        "approach",
        "server s",
        "page MB",
        "browser s",
        "paths",
        "server ratio",
        "bytes ratio",
        "browser ratio",
    ]
    return table(headers, rows)


def at_million(n: int, browser: PageTimer, repeat: int, *, store: bool) -> str:
    rows: list[list[str]] = []
    t0 = time.perf_counter()
    gdf = generate_events(n, seed=2)
    rows.append(["generate (bench only)", f"{time.perf_counter() - t0:.1f} s", ""])
    deep = int(gdf.memory_usage(deep=True).sum())
    rows.append(["frame memory (pandas deep)", f"{deep / 1e6:.0f} MB", f"{deep / n:.0f} B/event"])
    for label, flt in FILTERS.items():
        kept = len(filter_events(gdf, flt))
        s = median_time(lambda f=flt: filter_events(gdf, f), max(repeat, 5))
        rows.append([f"filter: {label}", f"{s * 1000:.0f} ms", f"{kept:,} events"])
    for label in ("all events", "2020-2022 + 3 actors", "one day"):
        page, _, kind = build_ours(gdf, FILTERS[label])
        s = median_time(lambda f=FILTERS[label]: build_ours(gdf, f), repeat)
        draw, paths = browser.draw_seconds(page)
        rows.append(
            [
                f"view build: {label} ({kind})",
                f"{s:.2f} s",
                f"page {mb(len(page.encode()))} MB, browser {draw:.2f} s, {paths} paths",
            ]
        )
    rows += map_page.reaggregation(gdf, repeat)
    s = median_time(lambda: count_events(gdf), repeat)
    rows.append(["timeline counts, all events", f"{s * 1000:.0f} ms", ""])
    if store:
        rows += store_figures(gdf, browser.browser)
    return table(["at " + f"{n:,}" + " events", "time / size", "notes"], rows)


_LOAD = """
import gc, json, sys, time, psutil
from events.io.store import open_store
t0 = time.perf_counter()
frame = open_store(sys.argv[1]).load_frame()
load_s = time.perf_counter() - t0
gc.collect()
print(json.dumps({"load_s": load_s, "rss": psutil.Process().memory_info().rss, "n": len(frame)}))
"""


def store_figures(gdf: object, browser: Browser) -> list[list[str]]:
    with tempfile.TemporaryDirectory(prefix="sahelmap-bench-") as tmp:
        path = Path(tmp) / "events.gpkg"
        t0 = time.perf_counter()
        open_store(path).write(gdf)  # type: ignore[arg-type]
        write_s = time.perf_counter() - t0
        size = path.stat().st_size
        out = subprocess.run(
            [sys.executable, "-c", _LOAD, str(path)], capture_output=True, text=True, check=True
        )
        got = json.loads(out.stdout)
        app_rows = sessions.run(browser, path)
    return [
        ["store write (GeoPackage)", f"{write_s:.1f} s", f"{size / 1e6:.0f} MB on disk"],
        *store_bench.run(gdf),  # type: ignore[arg-type]
        ["store load_frame (fresh process)", f"{got['load_s']:.1f} s", f"{got['n']:,} events"],
        ["server RSS, data loaded once", f"{got['rss'] / 1e6:.0f} MB", "fresh process after load"],
        *app_rows,
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--million", type=int, default=1_000_000, help="0 to skip")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-store", action="store_true", help="skip the GeoPackage figures")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print(f"point limit {POINT_LIMIT:,}: above it a view is drawn as hexagons\n")
    with PageTimer() as browser:
        print("## View of all events: ours vs the naive folium way (ratios naive / ours)")
        print(compare(args.sizes, browser, args.repeat), flush=True)
        if args.million:
            print(f"\n## Our figures at {args.million:,} events")
            print(
                at_million(args.million, browser, args.repeat, store=not args.no_store), flush=True
            )
    extraction = Path(__file__).with_name("extraction.py")
    if extraction.exists() and importlib.util.find_spec("bench.extraction") is not None:
        from bench import extraction as extraction_bench

        if hasattr(extraction_bench, "run"):
            print("\n## Extraction")
            out = extraction_bench.run()
            if isinstance(out, str):
                print(out)
    print("\n## Import\n" + importlib.import_module("bench.imports").run(args.million or 100_000))
    print(f"\nbench finished in {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
