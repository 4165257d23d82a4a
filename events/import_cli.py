"""``sahelmap import FILE --format ucdp|acled|geojson|csv [--match link|keep|skip]``.

Validate, match rows to stored events of other sources, report, write.

Registered in :func:`events.cli.build_parser` by :func:`add_parser`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import IO

from events.config import Settings
from events.import_write import match_import, write_import
from events.importers import FORMATS, Progress, import_file, write_rejects
from events.importers.matching import MAX_KM, MODES
from events.io.store import open_store

_BAR_WIDTH = 30


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register the ``import`` subcommand on the ``sahelmap`` subparsers."""
    imp = sub.add_parser(
        "import",
        help="import a UCDP GED, ACLED or sahelmap csv/geojson file into the store",
        description=(
            "Validate every row; append the good ones in one atomic write (known event "
            "ids are skipped, so importing twice adds nothing); list the bad ones."
        ),
    )
    imp.add_argument(
        "file", type=Path, help="the file to import (.csv, .csv.gz, .json, .json.gz, .geojson)"
    )
    imp.add_argument("--format", choices=FORMATS, required=True, dest="fmt")
    imp.add_argument(
        "--store", help="store: a .gpkg path or a postgresql:// URL (default: $SAHELMAP_STORE)"
    )
    imp.add_argument("--rejects", type=Path, help="write the rejected rows (CSV) here")
    imp.add_argument(
        "--match",
        choices=MODES,
        default="link",
        help=(
            "a row matching a stored event of another source (day ±1, within "
            f"{MAX_KM:g} km, a shared actor or the same type): link it to that event "
            "(its sources grow; default), keep it as a separate event, or skip it"
        ),
    )
    imp.set_defaults(func=run_import)


def run_import(args: argparse.Namespace) -> int:
    """``sahelmap import``; exit status 0, or 1 when some rows were rejected."""
    settings = Settings.from_env()
    store = open_store(args.store or settings.store)
    result = import_file(args.file, args.fmt, progress=progress_bar(sys.stderr))
    plan = match_import(result.events, store, mode=args.match)
    written = write_import(
        store,
        plan,
        why=f"sahelmap import {args.file.name} ({args.fmt})",
        who=settings.analyst or None,
        progress=progress_bar(sys.stderr),
    )
    if args.rejects is not None:
        write_rejects(result.rejects, args.rejects)
    print(
        f"{args.file}: {result.summary()}; {written.added} new events added to "
        f"{store.location} ({written.already} already stored)",
        file=sys.stderr,
    )
    if plan.links:
        print(f"  {plan.summary()}:", file=sys.stderr)
        for link in plan.links:
            print(f"    {link.describe()}", file=sys.stderr)
    for reject in result.rejects[:10]:
        print(f"  line {reject.line}: {reject.reason}", file=sys.stderr)
    if len(result.rejects) > 10:
        where = f"see {args.rejects}" if args.rejects else "use --rejects FILE for all"
        print(f"  ... {len(result.rejects) - 10} more ({where})", file=sys.stderr)
    return 1 if result.rejects else 0


def progress_bar(out: IO[str], *, min_interval_s: float = 0.1) -> Progress:
    """Return a progress callback drawing ``[#####     ] done/total rows`` on ``out``."""
    last = [0.0]

    def draw(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < min_interval_s:
            return
        last[0] = now
        filled = _BAR_WIDTH * done // total if total else _BAR_WIDTH
        bar = "#" * filled + " " * (_BAR_WIDTH - filled)
        out.write(f"\r[{bar}] {done}/{total} rows")
        if done >= total:
            out.write("\n")
        out.flush()

    return draw
