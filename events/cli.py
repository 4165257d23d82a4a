"""The ``sahelmap`` command line: one edge of the project, like app.py."""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import importlib
import os
import sys
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from events.config import Settings

# Each subcommand's module is imported only when that subcommand runs (or for --help):
# pandas and geopandas cost a second or more, and `sahelmap ingest` needs neither to
# refuse a bad file. (module, or "" for this one; function registering the parser)
_COMMANDS: dict[str, tuple[str, str]] = {
    "export": ("", "_add_export_parser"),
    "build-store": ("", "_add_build_parser"),
    "ingest": ("events.ingest_cli", "add_parser"),
    "import": ("events.import_cli", "add_parser"),
    "history": ("events.store_cli", "add_parsers"),
    "revert": ("events.store_cli", "add_parsers"),
    "store": ("events.store_cli", "add_parsers"),
    "users": ("events.users_cli", "add_parsers"),
}
# The domain errors shown as one line (module, class); an exception of a class whose
# module was never imported cannot have been raised, so none is imported to check.
_STORE_ERROR = ("events.io.store", "StoreError")
_SHOWN_ERRORS = (
    ("events.export", "ExportError"),
    ("events.seeds", "SeedError"),
    ("events.auth", "AuthError"),
)


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def _event_type(text: str) -> str:
    from events.frame import event_type_values

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


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser with ``command``'s subcommand registered, or every one when None."""
    parser = argparse.ArgumentParser(prog="sahelmap", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    wanted = [_COMMANDS[command]] if command in _COMMANDS else list(_COMMANDS.values())
    for module, name in dict.fromkeys(wanted):
        owner = importlib.import_module(module) if module else sys.modules[__name__]
        register: Callable[[Any], object] = getattr(owner, name)
        register(sub)
    return parser


def _add_export_parser(sub: Any) -> None:
    from events.export import FORMATS

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


def _add_build_parser(sub: Any) -> None:
    build = sub.add_parser("build-store", help="build the store from seeds/ (and shipped data)")
    build.add_argument("--if-missing", action="store_true", help="do nothing if it exists")
    _add_store(build)
    build.set_defaults(func=run_build_store)


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
    from events.export import export_events
    from events.frame import EventFilter, actor_counts, filter_events
    from events.io.store import open_store

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
    from events.io.store import open_store

    store = open_store(_store_path(args))
    if args.if_missing and store.exists():
        print(f"store {store.location} exists", file=sys.stderr)
        return 0
    summary = build_default_store(store, Settings.from_env().seeds_dir)
    print(f"built {store.location}: {summary}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``sahelmap``; returns the exit status."""
    given = list(sys.argv[1:] if argv is None else argv)
    command = next((a for a in given if not a.startswith("-")), None)
    args = build_parser(command).parse_args(given)
    try:
        return int(args.func(args))
    except Exception as exc:
        if _is_error(exc, _STORE_ERROR):
            print(f"sahelmap: error: {exc}{_missing_store_hint(args)}", file=sys.stderr)
            return 2
        if isinstance(exc, ValueError) or any(_is_error(exc, e) for e in _SHOWN_ERRORS):
            print(f"sahelmap: error: {exc}", file=sys.stderr)
            return 2
        raise


def _is_error(exc: Exception, where: tuple[str, str]) -> bool:
    module = sys.modules.get(where[0])
    return module is not None and isinstance(exc, getattr(module, where[1]))


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
