"""Score extraction on the team's dev set of real reports, in process, when it is present.

The dev set (``shared/devset`` in the folder above the repository, or ``$SAHELMAP_DEVSET``) holds
published reports and their hand-coded events, with its own ``score.py``. This module
runs that scorer with ``sahelmap ingest`` replaced by an in-process call, so the figures
are the scorer's own (same matching, same fields) without a process per report.
Nothing here is used by the app or the tests: the bench only reads the dev set.
``python -m bench.devset [-v]`` prints the scorer's table alone (a few seconds), per
language and per field; ``make bench`` prints it beside the other benchmarks.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"


def find_devset() -> Path | None:
    """Return the dev set (``$SAHELMAP_DEVSET``, else ``shared/devset`` above the repo) or None."""
    path = Path(os.environ.get("SAHELMAP_DEVSET") or DEFAULT_DEVSET)
    return path if (path / "score.py").is_file() and (path / "news").is_dir() else None


def _load_scorer(devset: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ingest_in_process(art: dict[str, Any]) -> tuple[list[dict[str, Any]] | None, list[str]]:
    from events.actors import load_actor_registry
    from events.frame import event_to_row
    from extract import IngestError, extract_events
    from extract.report import parse_report
    from geo.gazetteer import load_gazetteer

    try:
        doc = parse_report(
            art["text"],
            published=art["pub_date"],
            language=art["language"],
            file_name=f"report_{art['id']}.txt",
        )
        events = extract_events(doc, gazetteer=load_gazetteer(), registry=load_actor_registry())
    except IngestError as exc:
        return None, [str(exc)]
    rows = [json.loads(json.dumps(event_to_row(e), default=str)) for e in events]
    return rows, []


def score_devset(devset: Path, *, verbose: bool = False) -> str:
    """Run the dev set's scorer in process and return what it prints."""
    scorer = _load_scorer(devset)
    scorer.run = lambda _binary, art: _ingest_in_process(art)
    argv, out = sys.argv, io.StringIO()
    sys.argv = ["score.py", "in-process", *(["--verbose"] if verbose else [])]
    try:
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            scorer.main()
    finally:
        sys.argv = argv
    return out.getvalue()


if __name__ == "__main__":
    found = find_devset()
    print(score_devset(found, verbose="-v" in sys.argv) if found else "dev set not found")
