"""``sahelmap ingest FILE...``: code news reports into draft events and save them.

Each file is read and coded on its own: a bad file is reported on stderr (naming it)
and the others still go through; the exit status is 1 if any file failed. Every
record is validated before the single store write.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from events.actors import ActorRegistry, load_actor_registry
from events.config import Settings
from events.model import Event
from extract import IngestError, extract_events, read_report
from geo.gazetteer import load_gazetteer

# events.frame and the store (pandas, geopandas) are imported once there is something to
# print or save: a file that cannot be read is refused before they cost a second.


def add_parser(sub: Any) -> argparse.ArgumentParser:
    """Register the ``ingest`` subcommand on ``sub`` (an argparse subparsers object)."""
    p = sub.add_parser("ingest", help="code news reports (ar/fr/en) into draft events")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--published", help="publication date YYYY-MM-DD (overrides the header)")
    p.add_argument("--url", help="source URL (overrides the header)")
    p.add_argument("--source", help="source name (overrides the header)")
    p.add_argument("--lang", choices=("ar", "fr", "en"), help="language (detected if omitted)")
    p.add_argument("--dry-run", action="store_true", help="print the drafts, save nothing")
    p.add_argument("--format", choices=("json", "csv"), default="json", dest="fmt")
    p.add_argument(
        "--store", help="store: a .gpkg path or a postgresql:// URL (default: $SAHELMAP_STORE)"
    )
    p.set_defaults(func=run_ingest)
    return p


def run_ingest(args: argparse.Namespace) -> int:
    """Run ``sahelmap ingest``; return the exit status."""
    registry: ActorRegistry | None = None
    events: dict[str, Event] = {}
    reports: dict[str, str] = {}
    failed = 0
    for path in args.files:
        try:
            doc = read_report(
                path, published=args.published, url=args.url, source=args.source, language=args.lang
            )
            # loaded after the first readable file: a bad one fails fast
            registry = registry or load_actor_registry()
            found = extract_events(doc, gazetteer=load_gazetteer(), registry=registry)
        except IngestError as exc:
            print(f"sahelmap ingest: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        except Exception as exc:  # one bad file must not stop the others
            print(f"sahelmap ingest: error: {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        for warning in doc.warnings:
            print(f"sahelmap ingest: warning: {path}: {warning}", file=sys.stderr)
        print(f"{path}: {len(found)} draft event(s)", file=sys.stderr)
        for ev in found:
            events.setdefault(ev.event_id, ev)
            reports.setdefault(ev.event_id, str(path))
    drafts = list(events.values())
    write_events(drafts, args.fmt, sys.stdout)
    if not args.dry_run and drafts:
        from events.io.store import open_store
        from events.save_plan import MERGE, NEW, UNCHANGED

        settings = Settings.from_env()
        store = open_store(args.store or settings.store)
        names = ", ".join(p.name for p in args.files[:3]) + (" …" if len(args.files) > 3 else "")
        plan = store.save_drafts(
            drafts,
            verify=False,
            reports=[reports[d.event_id] for d in drafts],
            why=f"sahelmap ingest {names}",
            who=settings.analyst or None,
        )
        print(
            f"saved {plan.count(NEW)} new event(s), merged {plan.count(MERGE)} into stored "
            f"events, {plan.count(UNCHANGED)} already stored, in {store.location}",
            file=sys.stderr,
        )
    return 1 if failed else 0


def write_events(events: list[Event], fmt: str, out: Any) -> None:
    """Print events as a JSON list (export columns plus parsed evidence) or as CSV."""
    if not events and fmt == "json":
        out.write("[]\n")  # without loading events.frame
        return
    from events.frame import COLUMNS, event_to_row

    rows = [event_to_row(e) for e in events]
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if r.get(k) is None else r.get(k) for k in COLUMNS} for r in rows)
        return
    for row in rows:
        for key in ("evidence", "fatality_claims"):
            row[key] = json.loads(str(row[key]) or "null")
    json.dump(rows, out, ensure_ascii=False, indent=1, default=str)
    out.write("\n")
