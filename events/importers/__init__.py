"""Import events from UCDP GED, ACLED and our own CSV/GeoJSON exports.

Example
-------
>>> from events.importers import import_file
>>> result = import_file("ged.csv", "ucdp")  # doctest: +SKIP
>>> result.summary()  # doctest: +SKIP
'3939 rows: 3939 kept, 0 rejected'
"""

from __future__ import annotations

from events.importers.acled import ACLED_ATTRIBUTION, has_acled_rows
from events.importers.pipeline import (
    FORMATS,
    EventImportError,
    ImportResult,
    Progress,
    Reject,
    import_file,
    write_rejects,
)

#: Credit for the shipped UCDP GED history (CC BY 4.0).
UCDP_ATTRIBUTION = (
    "UCDP Georeferenced Event Dataset (GED), CC BY 4.0: Sundberg & Melander (2013), "
    "Journal of Peace Research 50(4); Davies, Pettersson, Sollenberg & Öberg (2025), "
    "Journal of Peace Research 62(4). Partial extract."
)

__all__ = [
    "ACLED_ATTRIBUTION",
    "FORMATS",
    "UCDP_ATTRIBUTION",
    "EventImportError",
    "ImportResult",
    "Progress",
    "Reject",
    "has_acled_rows",
    "import_file",
    "write_rejects",
]
