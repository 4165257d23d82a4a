"""Events as ACLED's own table: the codebook's 31 columns, in ACLED's order.

An event imported from ACLED comes back as it was read: its ``event_id_cnty``
(our id without ``acled-``), ACLED's own actor names (kept beside our canonical
ones), its source without our ``ACLED:`` marker, and the codebook columns we keep
in :data:`events.frame.SOURCE_COLUMNS`. Other events are written in the same
layout with our names and blank ACLED-only cells. Coordinates have ACLED's four
decimals (about 11 m).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.frame import ACTOR_COLUMNS
from events.importers.acled import COLUMNS as ACLED_CODEBOOK
from events.importers.acled import ID_PREFIX, SOURCE_PREFIX
from events.importers.common import ISO_NUMERIC

_NUMERIC_BY_ISO3 = {iso3: str(number) for number, iso3 in ISO_NUMERIC.items()}
#: Codebook columns that are ours too, under the same name.
_SAME = (
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "inter1",
    "inter2",
    "interaction",
    "civilian_targeting",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "geo_precision",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
)


def to_acled_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the events as ACLED's codebook columns (text cells, ACLED's order).

    Example
    -------
    >>> from events.frame import to_frame
    >>> list(to_acled_table(to_frame([])).columns[:3])
    ['event_id_cnty', 'event_date', 'year']
    """
    dates = pd.to_datetime(frame["event_date"])
    out: dict[str, object] = {c: _text(frame[c]) for c in _SAME}
    ids = _text(frame["event_id"])
    out["event_id_cnty"] = np.where(
        pd.Series(ids).str.startswith(ID_PREFIX), pd.Series(ids).str[len(ID_PREFIX) :], ids
    )
    out["event_date"] = dates.dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    out["year"] = dates.dt.year.astype(str).to_numpy(dtype=object)
    for col in ACTOR_COLUMNS:
        own = _text(frame[f"source_{col}"])
        out[col] = np.where(own != "", own, _text(frame[col]))
    iso3 = _text(frame["iso3"])
    out["iso"] = np.array([_NUMERIC_BY_ISO3.get(i, "") for i in iso3], dtype=object)
    for col in ("latitude", "longitude"):
        out[col] = np.array([f"{v:.4f}" for v in frame[col].to_numpy(float)], dtype=object)
    source = pd.Series(_text(frame["source"]))
    marker = SOURCE_PREFIX.strip()
    out["source"] = np.where(
        source.str.startswith(SOURCE_PREFIX),
        source.str[len(SOURCE_PREFIX) :],
        np.where(source == marker, "", source),
    )
    stamps = pd.array(frame["timestamp"], dtype="Int64")
    out["timestamp"] = np.array(["" if pd.isna(v) else str(v) for v in stamps], dtype=object)
    return pd.DataFrame({c: out[c] for c in ACLED_CODEBOOK})


def _text(values: pd.Series) -> np.ndarray:
    return values.astype(str).fillna("").to_numpy(dtype=object)
