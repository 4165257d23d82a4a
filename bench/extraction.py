"""Extraction quality and speed: per-field precision/recall on the test reports, reports/s.

``run()`` returns the printed table (the lead wires it into ``make bench``).
Predicted and expected events are paired by (event_date, location); a field counts as
a true positive when the paired values are equal.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

REPORTS = Path(__file__).resolve().parent.parent / "tests" / "events" / "reports"
SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_e244a61c166959a2.txt"
FIELDS = (
    "event_date",
    "time_precision",
    "location",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "fatalities_low",
    "fatalities_high",
)


def _value(event, name):
    value = getattr(event, name)
    return (
        value.isoformat() if name == "event_date" else str(value) if name == "event_type" else value
    )


def score(reports_dir: Path = REPORTS):
    """Return ``{field: (tp, n_predicted, n_expected)}`` plus the event-level counts."""
    from events.actors import load_actor_registry
    from extract import extract_events, read_report
    from geo.gazetteer import load_gazetteer

    gaz, reg = load_gazetteer(), load_actor_registry()
    expected = json.loads((reports_dir / "expected.json").read_text(encoding="utf-8"))
    counts = {f: [0, 0, 0] for f in ("event", *FIELDS)}
    for name, gold in expected.items():
        if name.startswith("_"):
            continue
        got = extract_events(read_report(reports_dir / name), gazetteer=gaz, registry=reg)
        for f in counts:
            counts[f][1] += len(got)
            counts[f][2] += len(gold)
        pairs = {(g["event_date"], g["location"]): g for g in gold}
        for ev in got:
            g = pairs.get((ev.event_date.isoformat(), ev.location))
            if g is None:
                continue
            counts["event"][0] += 1
            for f in FIELDS:
                if _value(ev, f) == g[f]:
                    counts[f][0] += 1
    return counts


def throughput(seconds: float = 2.0) -> tuple[float, float]:
    """Return (start-up seconds, reports per second) on the test reports and the seed."""
    t0 = time.perf_counter()
    from events.actors import load_actor_registry
    from extract import extract_events, read_report
    from geo.gazetteer import load_gazetteer

    gaz, reg = load_gazetteer(), load_actor_registry()
    docs = [read_report(p) for p in sorted(REPORTS.glob("*.txt"))]
    docs.append(read_report(SEED, published="2024-09-18"))
    extract_events(docs[-1], gazetteer=gaz, registry=reg)  # warm the cue matcher
    startup = time.perf_counter() - t0
    n, t1 = 0, time.perf_counter()
    while time.perf_counter() - t1 < seconds:
        for doc in docs:
            extract_events(doc, gazetteer=gaz, registry=reg)
        n += len(docs)
    return startup, n / (time.perf_counter() - t1)


def run() -> str:
    """Run the benchmark and return the table as text.

    The dev set of real reports (``shared/devset`` above the repository, or ``$SAHELMAP_DEVSET``) is
    scored first when it is present, per language and per field, with its own
    scorer; the project's test reports (the texts the rules were written from) follow.
    """
    from bench.devset import find_devset, score_devset

    startup, rate = throughput()
    counts = score()
    devset = find_devset()
    lines = []
    if devset is None:
        lines += [
            "extraction: dev set of real reports not found "
            "(shared/devset above the repository, or $SAHELMAP_DEVSET): not scored",
            "",
        ]
    else:
        lines += [
            f"extraction: dev set of real reports ({devset.name}/), scored by its score.py",
            "",
        ]
        lines += [score_devset(devset).rstrip(), ""]
    lines += ["extraction: per-field precision / recall on tests/events/reports", ""]
    lines.append(f"{'field':<16} {'precision':>9} {'recall':>7} {'tp':>4} {'pred':>5} {'gold':>5}")
    for f, (tp, pred, gold) in counts.items():
        p = tp / pred if pred else 1.0
        r = tp / gold if gold else 1.0
        lines.append(f"{f:<16} {p:9.2f} {r:7.2f} {tp:4d} {pred:5d} {gold:5d}")
    lines += ["", f"start-up (gazetteer + registry + first report): {startup:.2f} s"]
    lines.append(f"throughput: {rate:.0f} reports/s on one core (target >= 200)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
