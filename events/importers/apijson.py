"""The JSON the ACLED and UCDP APIs return, read as a table of text cells.

ACLED's API answers ``{"status": 200, "count": n, "data": [{...}, ...]}`` with every
value a string; UCDP's answers ``{"TotalCount": n, ..., "Result": [{...}, ...]}`` with
numbers as numbers. Both (and a bare list of records, and their ``.json.gz``) give a
:class:`~events.importers.reading.Table` numbered by record (1-based), which the
ACLED and UCDP mappers read exactly as they read a CSV file.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from events.importers.reading import EventImportError, Table, read_bytes
from events.importers.sniff import EncodingError, to_utf8

#: The keys under which each API puts its records.
RECORD_KEYS: tuple[str, ...] = ("data", "Result", "results")


def looks_like_json(path: Path) -> bool:
    """Whether a file's first non-blank character opens a JSON object or array."""
    try:
        with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as handle:
            head = handle.read(4096)
    except (OSError, EOFError, zlib.error):
        return False  # unreadable: the CSV reader names the problem
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def read_json_table(
    path: Path, name: str, check_columns: Callable[[list[str]], list[str]], used: Sequence[str]
) -> Table:
    """Read an API answer (``data[]``, ``Result[]`` or a list of records) as text cells."""
    records = _records(_load(path, name), name)
    keys = list(dict.fromkeys(k for r in records[:1000] for k in r))
    if records:
        missing = check_columns(keys)
        if missing:
            raise EventImportError(f"{name!r}: its records lack the fields {missing}")
    rows = [{k: _text(v) for k, v in r.items()} for r in records]
    cells = pd.DataFrame({c: [r.get(c, "") for r in rows] for c in used}, dtype=object)
    lines = np.arange(1, len(rows) + 1, dtype=np.int64)
    return Table(cells, lines, np.full(len(rows), None, dtype=object), rows.__getitem__)


def _load(path: Path, name: str) -> object:
    try:
        text = to_utf8(read_bytes(path, name))[0].decode("utf-8")
    except EncodingError as exc:
        raise EventImportError(f"{name!r}: {exc}") from None
    try:
        return json.loads(text)
    except ValueError as exc:
        raise EventImportError(f"{name!r} is not valid JSON: {exc}") from None


def _records(doc: object, name: str) -> list[dict[str, object]]:
    found = doc
    if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        raise EventImportError(f"{name!r} is GeoJSON: choose the format 'geojson'")
    if isinstance(doc, dict):
        found = next((doc[k] for k in RECORD_KEYS if isinstance(doc.get(k), list)), None)
        if found is None:
            error = doc.get("error") or doc.get("message")
            why = f" (the API said: {str(error)[:200]})" if error else ""
            raise EventImportError(
                f"{name!r} holds no records: expected ACLED's 'data' list or UCDP's "
                f"'Result' list{why}"
            )
    if not isinstance(found, list):
        raise EventImportError(f"{name!r} is JSON but not a list of records")
    bad = next((i for i, r in enumerate(found) if not isinstance(r, dict)), None)
    if bad is not None:
        raise EventImportError(f"{name!r}, record {bad + 1}: not an object of fields")
    return found


def _text(value: object) -> str:
    """Return a cell as the CSV download holds it (numbers as written, ``null`` blank)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
