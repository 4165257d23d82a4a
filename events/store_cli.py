"""``sahelmap history``, ``sahelmap revert`` and ``sahelmap store copy``.

Registered in :func:`events.cli.build_parser` by :func:`add_parsers`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from events.config import Settings
from events.import_cli import progress_bar
from events.io.store import EventStore, StoreError, open_store


def add_parsers(sub: Any) -> None:
    """Register the history, revert and store subcommands on the ``sahelmap`` subparsers."""
    store_help = "store: a .gpkg path or a postgresql:// URL (default: $SAHELMAP_STORE)"
    hist = sub.add_parser("history", help="print the edit history (of one event, or all)")
    hist.add_argument("event_id", nargs="?", metavar="EVENT_ID")
    hist.add_argument("--limit", type=int, default=None, help="only the last N changes")
    hist.add_argument("--store", help=store_help)
    hist.set_defaults(func=run_history)

    rev = sub.add_parser("revert", help="undo one change (the undo is itself recorded)")
    rev.add_argument("change_id", type=int, metavar="CHANGE_ID")
    rev.add_argument("--store", help=store_help)
    rev.set_defaults(func=run_revert)

    store = sub.add_parser("store", help="manage stores")
    store_sub = store.add_subparsers(dest="store_command", required=True)
    copy = store_sub.add_parser(
        "copy", help="copy every event from SRC to DST (GeoPackage ↔ PostGIS); DST is replaced"
    )
    copy.add_argument("src", metavar="SRC", help="a .gpkg path or a postgresql:// URL")
    copy.add_argument("dst", metavar="DST", help="a .gpkg path or a postgresql:// URL")
    copy.set_defaults(func=run_copy)


def run_history(args: argparse.Namespace) -> int:
    """Print the changes, oldest first; exit 1 when the event has none."""
    store = _existing(open_store(args.store or Settings.from_env().store))
    changes = store.history(args.event_id, limit=args.limit)
    for change in changes:
        print(change.describe())
    if not changes:
        what = f"event {args.event_id!r}" if args.event_id else "the store"
        print(
            f"sahelmap history: no changes recorded for {what} in {store.location}", file=sys.stderr
        )
        return 1
    return 0


def run_revert(args: argparse.Namespace) -> int:
    """Undo one change; print the new change that undid it."""
    settings = Settings.from_env()
    store = _existing(open_store(args.store or settings.store))
    change = store.revert(args.change_id, who=settings.analyst or None)
    print(change.describe())
    return 0


def _existing(store: EventStore) -> EventStore:
    if not store.exists():
        raise StoreError(f"event store {store.location!r} does not exist")
    return store


def run_copy(args: argparse.Namespace) -> int:
    """Copy a whole store, events and history, replacing DST."""
    src, dst = open_store(args.src), open_store(args.dst)
    if src.location == dst.location:
        raise StoreError(f"SRC and DST are the same store: {src.location}")
    written = dst.copy_from(src, progress=progress_bar(sys.stderr))
    print(f"copied {written} events and their history to {dst.location}", file=sys.stderr)
    return 0
