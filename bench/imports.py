"""Import speed: ``import_file`` on generated UCDP GED rows, rows/s.

``run()`` returns the printed table; ``python -m bench.imports --rows N`` runs it alone.
The rows are written in the GED 24.1 download layout (48 columns, quoted sources with
commas and a few multi-line cells), every point inside its stated country.
"""

from __future__ import annotations

import argparse
import csv
import io
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench.generate import generate_events
from events.importers import import_file

GED_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best_est",
    "high_est",
    "low_est",
    "source_file",
]
SIDES_A = np.array(
    ["Government of Mali", "Government of Burkina Faso", "Government of Niger", "JNIM", "IS"],
    dtype=object,
)
SIDES_B = np.array(
    ["Civilians", "JNIM", "IS", "Dozos (Mali)", "GATIA, MSA", "Ansaroul Islam"], dtype=object
)
COUNTRY_IDS = {"Mali": 432, "Burkina Faso": 439, "Niger": 436}


def generate_ucdp_rows(n: int, *, seed: int = 3) -> pd.DataFrame:
    """Return ``n`` GED-format rows as text cells (the columns of :data:`GED_COLUMNS`)."""
    events = generate_events(n, seed=seed)
    rng = np.random.default_rng(seed)
    violence = rng.choice([1, 2, 3], size=n, p=[0.45, 0.2, 0.35])
    side_a = SIDES_A[rng.integers(0, len(SIDES_A), n)]
    side_b = np.where(violence == 3, "Civilians", SIDES_B[rng.integers(0, len(SIDES_B), n)])
    best = rng.geometric(0.15, n)
    low = np.maximum(best - rng.integers(0, 3, n), 0)
    high = best + rng.integers(0, 10, n)
    dates = events["event_date"].dt.strftime("%Y-%m-%d")
    ids = np.arange(100_000, 100_000 + n).astype(str)
    place = events["location"].astype(str).to_numpy()
    country = events["country"].astype(str).to_numpy()
    headline = np.where(
        rng.random(n) < 0.01, "Attack near the town\nsecond line", "Attack near the town"
    )
    cells = {
        "id": ids,
        "relid": np.char.add("MLI-2020-1-", ids),
        "year": dates.str[:4].to_numpy(),
        "active_year": "True",
        "code_status": "Clear",
        "type_of_violence": violence.astype(str),
        "conflict_dset_id": "11347",
        "conflict_new_id": "11347",
        "conflict_name": side_a + " - " + side_b,
        "dyad_dset_id": "12345",
        "dyad_new_id": "12345",
        "dyad_name": side_a + " - " + side_b,
        "side_a_dset_id": "1",
        "side_a_new_id": "1",
        "side_a": side_a,
        "side_b_dset_id": "2",
        "side_b_new_id": "2",
        "side_b": side_b,
        "number_of_sources": "2",
        "source_article": '"Agence France Presse,' + dates + "," + headline + '"',
        "source_office": "Agence France Presse",
        "source_date": dates,
        "source_headline": headline,
        "source_original": "local sources",
        "where_prec": rng.choice([1, 2, 3, 4, 6], size=n, p=[0.5, 0.2, 0.15, 0.1, 0.05]).astype(
            str
        ),
        "where_coordinates": np.char.add(place.astype(str), " village"),
        "where_description": place,
        "adm_1": events["admin1"].astype(str) + " region",
        "adm_2": "",
        "latitude": events["latitude"].map("{:.6f}".format),
        "longitude": events["longitude"].map("{:.6f}".format),
        "geom_wkt": "",
        "priogrid_gid": "147237",
        "country": country,
        "country_id": pd.Series(country).map(COUNTRY_IDS).astype(str).to_numpy(),
        "region": "Africa",
        "event_clarity": "1",
        "date_prec": rng.choice([1, 2, 3, 4, 5], size=n).astype(str),
        "date_start": dates,
        "date_end": dates,
        "deaths_a": "0",
        "deaths_b": "0",
        "deaths_civilians": best.astype(str),
        "deaths_unknown": "0",
        "best_est": best.astype(str),
        "high_est": high.astype(str),
        "low_est": low.astype(str),
        "source_file": "synthetic",
    }
    return pd.DataFrame({c: cells[c] for c in GED_COLUMNS})


def write_ucdp_file(path: Path, n: int, *, base: int = 20_000) -> None:
    """Write ``n`` GED rows: ``base`` generated rows repeated under new ids (fast to write)."""
    rows = generate_ucdp_rows(min(n, base))
    records = []
    for row in rows.drop(columns="id").itertuples(index=False):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(row)
        records.append(buffer.getvalue())
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(GED_COLUMNS) + "\n")
        for begin in range(0, n, len(records)):
            block = records[: min(len(records), n - begin)]
            out.write("".join(f"{begin + k + 1},{r}" for k, r in enumerate(block)))


def measure_import(n: int, *, folder: Path) -> tuple[float, float, int, int]:
    """Write ``n`` rows to ``folder`` and time ``import_file``: (write s, import s, kept, calls)."""
    path = folder / f"ged_{n}.csv"
    t0 = time.perf_counter()
    write_ucdp_file(path, n)
    write_s = time.perf_counter() - t0
    calls: list[tuple[int, int]] = []
    t0 = time.perf_counter()
    result = import_file(path, "ucdp", progress=lambda done, total: calls.append((done, total)))
    import_s = time.perf_counter() - t0
    return write_s, import_s, result.counts["kept"], len(calls)


def run(rows: int = 1_000_000) -> str:
    """Run the benchmark and return the table as text."""
    lines = [f"{'rows':>10} {'generate+write s':>17} {'import s':>9} {'rows/s':>10} kept"]
    with tempfile.TemporaryDirectory(prefix="sahelmap-import-") as tmp:
        write_s, import_s, kept, calls = measure_import(rows, folder=Path(tmp))
    lines.append(
        f"{rows:>10,} {write_s:>17.1f} {import_s:>9.1f} {rows / import_s:>10,.0f} "
        f"{kept:,} ({calls} progress calls)"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--rows", type=int, default=1_000_000)
    print(run(parser.parse_args().rows))
