"""The :class:`~events.model.Event` rules applied to whole columns of mapped rows.

:func:`check_events` gives each row that breaks a rule the message
:class:`~events.model.EventValidationError` would carry for it (the field and the
value, e.g. ``field 'latitude' = 95.2: must be a number in [-90, 90]``), in the order
the record's own check tests them, so a file of a million rows never builds one
``Event`` per row.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import numpy as np
import pandas as pd

from events.frame import claims_from_json, claims_to_json, evidence_from_json, evidence_to_json
from events.importers.columns import Reasons, column_frame, map_unique
from events.importers.common import RowError
from events.model import (
    EVENT_FIELDS,
    GEO_PRECISIONS,
    SUB_EVENT_TYPES,
    TIME_PRECISIONS,
    EventType,
    EventValidationError,
    Status,
)

_TYPES = [t.value for t in EventType]
_EVIDENCE_FIELDS = frozenset(EVENT_FIELDS) - {"evidence", "event_id", "status"}
_STATUSES = [s.value for s in Status]


def check_events(records: pd.DataFrame, reasons: Reasons) -> pd.DataFrame:
    """Record the first Event rule each row breaks; return the rows' canonical JSON cells.

    ``records`` holds mapped columns (:data:`events.frame.COLUMNS`, typed); evidence
    and fatality claims are returned re-serialised as :func:`events.frame.to_frame`
    writes them, and a blank status as ``"draft"``.
    """
    ids = records["event_id"].to_numpy(dtype=object)

    def fail(
        name: str, bad: np.ndarray, values: object, reason: str | np.ndarray | Callable[[int], str]
    ) -> None:
        """Give rows of ``bad`` the message of an error on ``name``; ``reason`` per row or not."""
        cells = np.asarray(values, dtype=object)

        def why(i: int) -> str:
            if isinstance(reason, str):
                return reason
            return str(reason[i]) if isinstance(reason, np.ndarray) else reason(i)

        reasons.add(
            bad,
            lambda idx: [
                str(EventValidationError(name, cells[i], why(i), event_id=str(ids[i]))) for i in idx
            ],
        )

    outputs = {}
    for name, canonical, empty in (
        ("evidence", _canonical_evidence, "{}"),
        ("fatality_claims", _canonical_claims, "[]"),
    ):
        cells = records[name].to_numpy(dtype=object)
        outputs[name], errors = map_unique(cells, canonical, fill=empty)
        fail(name, ~pd.isna(errors), cells, errors)
    status = np.where(records["status"].to_numpy(dtype=object) == "", "draft", records["status"])
    fail("status", ~np.isin(status, _STATUSES), status, lambda i: "must be 'draft' or 'verified'")

    fail("event_id", _blank(ids), ids, lambda i: "must be a non-empty string")
    dates = records["event_date"].to_numpy(dtype=object)
    fail("event_date", (dates < "1900-01-01") | (dates > "2100-01-01"), dates,
         lambda i: "outside 1900-2100")  # fmt: skip
    types = records["event_type"].to_numpy(dtype=object)
    known = np.isin(types, _TYPES)
    fail("event_type", ~known, types, lambda i: f"unknown event type; one of {_TYPES}")
    subs = records["sub_event_type"].to_numpy(dtype=object)
    fail("sub_event_type", known & ~_pair_ok(types, subs), subs,
         lambda i: f"not a sub-event type of {types[i]!r}")  # fmt: skip
    for name, allowed in (("time_precision", TIME_PRECISIONS), ("geo_precision", GEO_PRECISIONS)):
        values = records[name].to_numpy()
        fail(name, ~np.isin(values, allowed), values.tolist(), lambda i: "must be 1, 2 or 3")
    actor1 = records["actor1"].to_numpy(dtype=object)
    fail("actor1", _blank(actor1), actor1,
         lambda i: "must name an actor (use 'Unidentified armed group' if unknown)")  # fmt: skip
    iso3 = records["iso3"].to_numpy(dtype=object)
    iso_ok, _ = map_unique(iso3, lambda v: len(v) == 3 and v.isalpha() and v.isupper())
    fail("iso3", ~iso_ok.astype(bool), iso3, lambda i: "must be an ISO 3166-1 alpha-3 code")
    for name, lo, hi in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
        values = records[name].to_numpy(dtype=np.float64)
        bad = ~(np.isfinite(values) & (values >= lo) & (values <= hi))
        fail(name, bad, values.tolist(), f"must be a number in [{lo:g}, {hi:g}]")
    metres = records["uncertainty_m"].to_numpy(dtype=np.float64)
    fail("uncertainty_m", ~(np.isfinite(metres) & (metres >= 0)), metres.tolist(),
         lambda i: "must be a non-negative number of metres")  # fmt: skip
    fatalities = records["fatalities"].to_numpy()
    fail("fatalities", fatalities < 0, fatalities.tolist(), lambda i: "must be >= 0")
    low = records["fatalities_low"].astype("Int64")
    high = records["fatalities_high"].astype("Int64")
    lows, highs = low.astype(object).to_numpy(), high.astype(object).to_numpy()
    for name, values, cells in (("fatalities_low", low, lows), ("fatalities_high", high, highs)):
        fail(name, (values < 0).fillna(False).to_numpy(dtype=bool), cells,
             lambda i: "must be >= 0")  # fmt: skip
    fail("fatalities_low", (low > high).fillna(False).to_numpy(dtype=bool), lows,
         lambda i: f"greater than fatalities_high ({highs[i]})")  # fmt: skip
    for name in ("timestamp", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"):
        values = records[name].astype("Int64")
        fail(name, (values < 0).fillna(False).to_numpy(dtype=bool),
             values.astype(object).to_numpy(), lambda i: "must be >= 0")  # fmt: skip
    violence = records["type_of_violence"].astype("Int64")
    fail("type_of_violence", (~violence.isin([1, 2, 3]) & violence.notna()).to_numpy(dtype=bool),
         violence.astype(object).to_numpy(), lambda i: "must be 1, 2 or 3 (UCDP GED)")  # fmt: skip
    ends = records["date_end"].to_numpy(dtype=object)
    end_ok, _ = map_unique(ends, lambda v: not v or _is_iso_date(v))
    fail("date_end", ~end_ok.astype(bool), ends,
         lambda i: "must be a date (YYYY-MM-DD) or empty")  # fmt: skip
    problems, _ = map_unique(outputs["evidence"], _evidence_problem)
    fail("evidence", problems != "", outputs["evidence"], lambda i: str(problems[i]))
    return column_frame({**outputs, "status": status}, index=records.index)


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _blank(values: np.ndarray) -> np.ndarray:
    """Blank cells (decided once per distinct value)."""
    found, _ = map_unique(values, lambda v: not v.strip())
    return found.astype(bool)


def _pair_ok(types: np.ndarray, subs: np.ndarray) -> np.ndarray:
    type_codes, type_names = pd.factorize(types)
    sub_codes, sub_names = pd.factorize(subs)
    ok = np.array(
        [
            [(not s) or (t in _TYPES and s in SUB_EVENT_TYPES[EventType(t)]) for s in sub_names]
            for t in type_names
        ],
        dtype=bool,
    ).reshape(len(type_names), len(sub_names))
    return ok[type_codes, sub_codes]


def _canonical_evidence(text: str) -> str:
    try:
        return evidence_to_json(evidence_from_json(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RowError(_json_problem("an evidence quote", exc)) from None


def _evidence_problem(text: str) -> str:
    """Return the first unknown field or offset mismatch of canonical evidence ("" if none)."""
    for name, quotes in evidence_from_json(text).items():
        if name not in _EVIDENCE_FIELDS:
            return f"evidence for an unknown field {name!r}"
        for q in quotes:
            if q.start < 0 or q.end < q.start or q.end - q.start != len(q.quote):
                return f"offsets of the {name!r} quote do not match its length"
    return ""


def _canonical_claims(text: str) -> str:
    try:
        return claims_to_json(claims_from_json(text))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RowError(_json_problem("a fatality claim", exc)) from None


def _json_problem(what: str, exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"{what} lacks its {exc.args[0]!r}"
    if isinstance(exc, json.JSONDecodeError):
        return "not JSON"
    return f"malformed ({type(exc).__name__}: {exc})"
