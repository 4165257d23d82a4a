"""Write the shipped UCDP GED history: ``events/data/ucdp_ged_aes.csv.gz``.

Usage::

    python scripts/make_history.py DATA_DIR

``DATA_DIR`` is the shared data folder holding ``events/ucdp_ged_aes_partial.csv``
(UCDP GED rows for Mali, Burkina Faso and Niger, API-style ``best_est`` names) and
``events/ucdp_ged251_bamako_2024-09-17.csv`` (the GED 25.1 row of the 17 September
2024 Bamako attack). The output keeps only the GED columns the importer reads, under
the GED 25.1 names (``best``, ``low``, ``high``), one row per GED id, sorted by
country, date and id, gzip-compressed reproducibly (no timestamp in the header).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "events" / "data" / "ucdp_ged_aes.csv.gz"
INPUTS = ("events/ucdp_ged_aes_partial.csv", "events/ucdp_ged251_bamako_2024-09-17.csv")
COUNTRIES = ("Mali", "Burkina Faso", "Niger")
RENAME = {"best_est": "best", "low_est": "low", "high_est": "high"}
KEEP = (
    "id",
    "relid",
    "year",
    "type_of_violence",
    "conflict_name",
    "side_a",
    "side_b",
    "source_article",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "low",
    "high",
)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = []
        for raw in csv.DictReader(handle):
            row = {RENAME.get(k, k): (v or "").strip() for k, v in raw.items() if k}
            row["date_start"] = row["date_start"][:10]
            row["date_end"] = row["date_end"][:10]
            rows.append({k: row.get(k, "") for k in KEEP})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path, help="the shared data folder")
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args(argv)
    by_id: dict[str, dict[str, str]] = {}
    for name in INPUTS:
        for row in read_rows(args.data_dir / name):
            if row["country"] in COUNTRIES:
                by_id[row["id"]] = row  # later files (GED 25.1) win
    rows = sorted(by_id.values(), key=lambda r: (r["country"], r["date_start"], int(r["id"])))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=KEEP, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with (
        args.output.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
    ):
        gz.write(buffer.getvalue().encode("utf-8"))
    print(f"wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
