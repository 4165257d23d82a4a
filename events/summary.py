"""Figures and counts of a filtered view: the row above the map and the charts under it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Bars shown per chart; the rest are summed as "other".
TOP_BARS = 10


@dataclass(frozen=True)
class ViewSummary:
    """The headline figures of a view."""

    events: int
    fatalities: int
    #: Sum of each event's low and high estimate (its best figure where it has no range).
    fatalities_low: int
    fatalities_high: int
    first_day: dt.date | None
    last_day: dt.date | None
    top_actors: tuple[tuple[str, int], ...]


def summarise_view(frame: pd.DataFrame, mask: np.ndarray, *, top: int = 3) -> ViewSummary:
    """Return the figures of the rows of ``frame`` selected by ``mask``.

    Example
    -------
    >>> df = pd.DataFrame({"event_date": pd.to_datetime(["2024-09-17"] * 2),
    ...     "fatalities": [10, 0], "fatalities_low": [8, None], "fatalities_high": [20, None],
    ...     "actor1": ["JNIM", "JNIM"]})
    >>> s = summarise_view(df, np.array([True, True]))
    >>> (s.events, s.fatalities, s.fatalities_low, s.fatalities_high, s.top_actors)
    (2, 10, 8, 20, (('JNIM', 2),))
    """
    rows = frame.loc[mask, ["event_date", "fatalities", "fatalities_low", "fatalities_high"]]
    best = rows["fatalities"].astype(float)
    low = pd.to_numeric(rows["fatalities_low"], errors="coerce").fillna(best)
    high = pd.to_numeric(rows["fatalities_high"], errors="coerce").fillna(best)
    actors = frame.loc[mask, "actor1"].astype(str)
    counted = actors[actors != ""].value_counts().head(top)
    dates = rows["event_date"]
    return ViewSummary(
        events=len(rows),
        fatalities=int(best.sum()),
        fatalities_low=int(low.sum()),
        fatalities_high=int(high.sum()),
        first_day=dates.min().date() if len(rows) else None,
        last_day=dates.max().date() if len(rows) else None,
        top_actors=tuple((str(a), int(n)) for a, n in counted.items()),
    )


def count_by(
    frame: pd.DataFrame, mask: np.ndarray, column: str, *, top: int = TOP_BARS
) -> pd.DataFrame:
    """Count events and sum fatalities of the view per value of ``column``, largest first.

    Returns columns ``value``, ``events``, ``fatalities``: the ``top`` largest values, and
    the rest as one row ``"other (N)"`` when there are more.
    """
    rows = pd.DataFrame(
        {"value": frame.loc[mask, column].astype(str), "fatalities": frame.loc[mask, "fatalities"]}
    )
    rows = rows[rows["value"] != ""]
    grouped = (
        rows.groupby("value", observed=True)
        .agg(events=("fatalities", "size"), fatalities=("fatalities", "sum"))
        .sort_values(["events", "fatalities"], ascending=False)
        .reset_index()
    )
    if len(grouped) > top:
        rest = grouped.iloc[top:]
        other = pd.DataFrame(
            {
                "value": [f"other ({len(rest)})"],
                "events": [int(rest["events"].sum())],
                "fatalities": [int(rest["fatalities"].sum())],
            }
        )
        grouped = pd.concat([grouped.iloc[:top], other], ignore_index=True)
    return grouped.astype({"events": "int64", "fatalities": "int64"})
