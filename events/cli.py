"""The ``sahelmap`` command line: one edge of the project, like app.py."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import sys
from collections.abc import Collection, Sequence
from pathlib import Path

from events import import_cli, ingest_cli, store_cli, users_cli
from events.auth import AuthError
from events.config import Settings
from events.export import FORMATS, ExportError, export_events
from events.frame import EventFilter, actor_counts, event_type_values, filter_events
from events.io.store import StoreError, open_store
from events.seeds import SeedError


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _event_type(text: str) -> str:
    if text not in event_type_values():
        raise argparse.ArgumentTypeError(
            f"unknown event type {text!r}; one of {', '.join(event_type_values())}"
        )
    return text


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store", help="store: a .gpkg path or a postgresql:// URL (default: $SAHELMAP_STORE)"
    )


def _store_path(args: argparse.Namespace) -> str:
    return str(args.store or Settings.from_env().store)


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    parser = argparse.ArgumentParser(prog="sahelmap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    exp = sub.add_parser(
        "export",
        help="write the stored events, filtered, as csv/acled/geojson/gpkg/parquet/xlsx",
        description="acled: ACLED's codebook columns in ACLED's order; parquet: GeoParquet.",
    )
    exp.add_argument("--format", choices=FORMATS, required=True)
    exp.add_argument("--start", type=_iso_date)
    exp.add_argument("--end", type=_iso_date)
    exp.add_argument("--actor", action="append", default=[], help="repeat for several")
    exp.add_argument("--type", action="append", default=[], type=_event_type, dest="types")
    exp.add_argument("--country", action="append", default=[], dest="countries")
    exp.add_argument("--admin1", action="append", default=[])
    exp.add_argument("-o", "--output", type=Path, help="file (stdout for csv/acled/geojson)")
    _add_store(exp)
    exp.set_defaults(func=run_export)

    build = sub.add_parser("build-store", help="build the store from seeds/ (and shipped data)")
    build.add_argument("--if-missing", action="store_true", help="do nothing if it exists")
    _add_store(build)
    build.set_defaults(func=run_build_store)
    ingest_cli.add_parser(sub)
    import_cli.add_parser(sub)
    store_cli.add_parsers(sub)
    users_cli.add_parsers(sub)
    return parser


def suggest_values(value: str, known: Collection[str], *, n: int = 3) -> list[str]:
    """Return up to ``n`` known values close to ``value`` (case-insensitive), best first.

    Example
    -------
    >>> suggest_values("jnim", ["JNIM", "ISWAP"])
    ['JNIM']
    """
    folded: dict[str, str] = {}
    for name in sorted(known):
        folded.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(value.casefold(), list(folded), n=n, cutoff=0.6)
    return [folded[c] for c in close]


def _warn_unknown(option: str, values: Sequence[str], known: Collection[str]) -> int:
    # Like the URL warnings (events.urlstate): name the value, suggest close ones.
    unknown = [v for v in values if v not in known]
    for value in unknown:
        close = suggest_values(value, known)
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        print(
            f"sahelmap: warning: {option} {value!r} matches no stored event{hint}", file=sys.stderr
        )
    return len(unknown)


def run_export(args: argparse.Namespace) -> int:
    """``sahelmap export``."""
    flt = EventFilter(
        start=args.start,
        end=args.end,
        actors=tuple(args.actor),
        event_types=tuple(args.types),
        countries=tuple(args.countries),
        admin1=tuple(args.admin1),
    )
    frame = open_store(_store_path(args)).load_frame()
    unknown = (
        _warn_unknown("--actor", flt.actors, set(actor_counts(frame)))
        + _warn_unknown("--country", flt.countries, set(frame["country"]) | set(frame["iso3"]))
        + _warn_unknown("--admin1", flt.admin1, set(frame["admin1"]))
    )
    view = filter_events(frame, flt)
    if view.empty and unknown:  # a typo, not an empty period: say so and fail
        print(
            "sahelmap: error: no stored event matches these filters; nothing written",
            file=sys.stderr,
        )
        return 1
    export_events(view, args.format, args.output or sys.stdout, flt=flt)
    if args.output:
        print(f"wrote {len(view)} events to {args.output}", file=sys.stderr)
    return 0


def run_build_store(args: argparse.Namespace) -> int:
    """``sahelmap build-store``: the seed events plus the shipped history."""
    from events.defaults import build_default_store

    store = open_store(_store_path(args))
    if args.if_missing and store.exists():
        print(f"store {store.location} exists", file=sys.stderr)
        return 0
    summary = build_default_store(store, Settings.from_env().seeds_dir)
    print(f"built {store.location}: {summary}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``sahelmap``; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except StoreError as exc:
        print(f"sahelmap: error: {exc}{_missing_store_hint(args)}", file=sys.stderr)
        return 2
    except (ExportError, SeedError, AuthError, ValueError) as exc:
        print(f"sahelmap: error: {exc}", file=sys.stderr)
        return 2


def _missing_store_hint(args: argparse.Namespace) -> str:
    # Where a missing GeoPackage store was looked for, and how to create it.
    given = getattr(args, "store", None)
    location = str(given or Settings.from_env().store)
    if location.startswith(("postgresql://", "postgres://")) or Path(location).exists():
        return ""
    if given:
        origin, build = "--store", f"sahelmap build-store --store {location}"
    elif os.environ.get("SAHELMAP_STORE", "").strip():
        origin, build = "SAHELMAP_STORE", "sahelmap build-store"
    else:
        origin = f"the default {location!r}, relative to the current folder"
        build = "sahelmap build-store"
    return (
        f"\nsahelmap: looked for {Path(location).absolute()} ({origin}); run `{build}` "
        "to create it (seed events and the shipped history), or set SAHELMAP_STORE or "
        "--store to an existing store such as a checkout's data/events.gpkg."
    )
