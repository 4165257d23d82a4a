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
    best = frame["fatalities"].to_numpy(float)[mask]
    low = _numbers(frame["fatalities_low"])[mask]
    high = _numbers(frame["fatalities_high"])[mask]
    dates = frame["event_date"].to_numpy()[mask]
    counted = count_by(frame, mask, "actor1", top=top, other=False)
    return ViewSummary(
        events=int(mask.sum()),
        fatalities=int(best.sum()),
        fatalities_low=int(np.where(np.isnan(low), best, low).sum()),
        fatalities_high=int(np.where(np.isnan(high), best, high).sum()),
        first_day=pd.Timestamp(dates.min()).date() if len(dates) else None,
        last_day=pd.Timestamp(dates.max()).date() if len(dates) else None,
        top_actors=tuple(zip(counted["value"], counted["events"].astype(int), strict=True)),
    )


def _numbers(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def count_by(
    frame: pd.DataFrame,
    mask: np.ndarray,
    column: str,
    *,
    top: int = TOP_BARS,
    other: bool = True,
) -> pd.DataFrame:
    """Count events and sum fatalities of the view per value of ``column``, largest first.

    Returns columns ``value``, ``events``, ``fatalities``: the ``top`` largest values, and
    (with ``other``) the rest as one row ``"other (N)"`` when there are more. Counted on
    the column's category codes: a million rows take milliseconds, not a text copy each.
    """
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes, names = values.cat.codes.to_numpy(), values.cat.categories.astype(str)
    else:
        codes, names = pd.factorize(values.astype(str))
        names = pd.Index(names).astype(str)
    codes = codes[mask]
    fatalities = frame["fatalities"].to_numpy(float)[mask]
    known = codes >= 0
    events = np.bincount(codes[known], minlength=len(names))
    deaths = np.bincount(codes[known], weights=fatalities[known], minlength=len(names))
    grouped = pd.DataFrame({"value": np.asarray(names), "events": events, "fatalities": deaths})
    grouped = grouped[(grouped["events"] > 0) & (grouped["value"] != "")]
    grouped = grouped.sort_values(
        ["events", "fatalities"], ascending=False, kind="stable"
    ).reset_index(drop=True)
    if other and len(grouped) > top:
        rest = grouped.iloc[top:]
        grouped = pd.concat(
            [
                grouped.iloc[:top],
                pd.DataFrame(
                    {
                        "value": [f"other ({len(rest)})"],
                        "events": [int(rest["events"].sum())],
                        "fatalities": [float(rest["fatalities"].sum())],
                    }
                ),
            ],
            ignore_index=True,
        )
    else:
        grouped = grouped.iloc[:top]
    return grouped.astype({"events": "int64", "fatalities": "int64"}).reset_index(drop=True)
