"""Which dataset an event came from, read off its id (every source writes its own prefix)."""

from __future__ import annotations

import numpy as np
import pandas as pd

SEED = "seed"
REPORT = "report"
UCDP = "UCDP"
ACLED = "ACLED"
FILE = "imported file"
#: Id prefix -> dataset, in the order the filter lists them.
PREFIXES: dict[str, str] = {"seed-": SEED, "ing-": REPORT, "ucdp-": UCDP, "acled-": ACLED}
DATASETS: tuple[str, ...] = (SEED, REPORT, UCDP, ACLED, FILE)


def dataset_of(event_ids: pd.Series) -> np.ndarray:
    """Return the dataset of each event id (an array of names from :data:`DATASETS`).

    Example
    -------
    >>> dataset_of(pd.Series(["seed-000-airport", "ucdp-1", "MLI123"])).tolist()
    ['seed', 'UCDP', 'imported file']
    """
    ids = event_ids.astype(str)
    out = np.full(len(ids), FILE, dtype=object)
    for prefix, name in PREFIXES.items():
        out[ids.str.startswith(prefix).to_numpy()] = name
    return out
