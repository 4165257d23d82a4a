"""Import: bring in a UCDP GED, ACLED, GeoJSON or CSV file; bad rows are set aside, not lost.

Rows that match a stored event of another source are shown before anything is saved.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_auth import check_upload_size, require_writer, upload_limit_mb
from events.config import ConfigError, Settings
from events.import_write import match_import, write_import
from events.importers import FORMATS, EventImportError, ImportResult, import_file, write_rejects
from events.importers.matching import MAX_KM, MODES, MatchPlan
from events.io.store import StoreError, open_store
from events.model import EventValidationError

K_FILE = "import_file"
K_FORMAT = "import_format"
K_RUN = "import_run"
K_RESULT = "import_result"
K_MATCH = "import_match"
K_PENDING = "import_pending"
K_SAVE = "import_save"

FORMAT_HELP = {
    "ucdp": "UCDP GED CSV or the API's JSON (GED 24.1/25.1 or the API's column names)",
    "acled": "ACLED export CSV or the API's JSON (the codebook's columns)",
    "geojson": "GeoJSON exported by this app (sahelmap export --format geojson)",
    "csv": "CSV exported by this app (sahelmap export --format csv)",
}
MATCH_HELP = {
    "link": "link it to the stored event (its sources grow; no second point)",
    "keep": "keep it as a separate event",
    "skip": "skip it",
}

st.set_page_config(page_title="Import events · Sahel Event Map", layout="wide")
st.title("Import events")
st.caption(
    "Every row is validated. Rows with missing or unparseable dates or coordinates, "
    "coordinates outside the stated country (or swapped), or an unknown event type are "
    "set aside with their line number and reason; the good rows are kept. Event ids are "
    "stable, so importing a file twice adds nothing. A row that matches a stored event of "
    f"another source (same day ±1, within {MAX_KM:g} km, a shared actor or the same type) "
    "is shown before saving. ACLED data stays on your machine: its terms forbid "
    "redistribution."
)

try:
    settings = Settings.from_env()
except ConfigError as exc:
    st.error(str(exc))
    st.stop()
who = require_writer(settings, action="import events")
store = open_store(settings.store)
limit_mb = upload_limit_mb(settings)

upload = st.file_uploader(
    "File",
    type=["csv", "gz", "geojson", "json"],
    key=K_FILE,
    help=f"Up to {limit_mb} MB per file on this server.",
)
fmt = st.selectbox("Format", FORMATS, format_func=lambda f: f"{f}: {FORMAT_HELP[f]}", key=K_FORMAT)
mode = st.radio(
    "A row that matches a stored event of another source:",
    MODES,
    format_func=lambda m: MATCH_HELP[m],
    key=K_MATCH,
    horizontal=True,
)


def save_import(name: str, fmt: str, result: ImportResult, plan: MatchPlan) -> None:
    """Write the import and keep its report for the page (errors shown, nothing written)."""
    try:
        written = write_import(store, plan, why=f"Import page: {name} ({fmt})", who=who)
    except (EventValidationError, StoreError) as exc:
        st.error(f"{name}: {exc}")
        st.stop()
    rejects = io.StringIO()
    write_rejects(result.rejects, rejects)
    st.session_state.pop(K_PENDING, None)
    st.session_state[K_RESULT] = {
        "name": name,
        "summary": result.summary(),
        "added": written.added,
        "already": written.already,
        "links": plan.summary(),
        "rejects": [{"line": r.line, "reason": r.reason} for r in result.rejects],
        "rejects_csv": rejects.getvalue(),
    }


def links_table(plan: MatchPlan, result: ImportResult) -> pd.DataFrame:
    """One row per match: the imported row, the stored event, how far apart and why."""
    rows = result.events.set_index("event_id")
    stored = store.get([lk.stored_id for lk in plan.links]).set_index("event_id")
    return pd.DataFrame(
        [
            {
                "imported row": lk.event_id,
                "date": rows.loc[lk.event_id, "event_date"].date(),
                "location": rows.loc[lk.event_id, "location"],
                "fatalities": rows.loc[lk.event_id, "fatalities"],
                "stored event": lk.stored_id,
                "its location": stored.loc[lk.stored_id, "location"],
                "its fatalities": stored.loc[lk.stored_id, "fatalities"],
                "km": round(lk.distance_km, 1),
                "why": lk.reason,
            }
            for lk in plan.links
        ]
    )


if st.button("Import", key=K_RUN, disabled=upload is None, type="primary"):
    too_big = check_upload_size(upload.name, upload.size, limit_mb)
    if too_big:
        st.session_state.pop(K_RESULT, None)
        st.error(too_big)
        st.stop()
    bar = st.progress(0.0, text="Reading…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Validating row {done:,} of {total:,}")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / (Path(upload.name).name or "upload")  # no ../ out of tmp
        path.write_bytes(upload.getvalue())
        try:
            result = import_file(path, fmt, progress=progress, display_name=upload.name)
            bar.progress(1.0, text="Matching…")
            plan = match_import(result.events, store, mode=mode)
        except (EventImportError, EventValidationError, StoreError) as exc:
            bar.empty()
            # the temp folder is the server's business, never the user's
            st.error(f"{upload.name}: {str(exc).replace(str(path), upload.name)}")
            st.stop()
        except Exception as exc:  # a bug, not the user's file: no traceback or path shown
            bar.empty()
            st.error(
                f"{upload.name}: could not be imported ({type(exc).__name__}); nothing was "
                "written. Please report this with the file's format."
            )
            st.stop()
    bar.empty()
    if plan.links:  # shown first; saved by the button below
        st.session_state.pop(K_RESULT, None)
        st.session_state[K_PENDING] = {"name": upload.name, "fmt": fmt, "result": result}
    else:
        save_import(upload.name, fmt, result, plan)

pending = st.session_state.get(K_PENDING)
if pending:
    result = pending["result"]
    plan = match_import(result.events, store, mode=mode)  # the mode chosen now
    st.info(
        f"{pending['name']}: {result.summary()}. {len(plan.links):,} rows match stored "
        "events of another source (below); nothing is saved yet. On saving, each such "
        f"row: {MATCH_HELP[mode]}."
    )
    st.dataframe(links_table(plan, result), hide_index=True, width="stretch")
    if st.button(f"Save ({mode} the matches)", key=K_SAVE, type="primary"):
        save_import(pending["name"], pending["fmt"], result, plan)
        st.rerun()

report = st.session_state.get(K_RESULT)
if report:
    already = report["already"]
    st.success(
        f"{report['name']}: {report['summary']}. Added {report['added']:,} new events to "
        f"{store.location}" + (f"; {already:,} were already stored." if already else ".")
    )
    if report["links"]:
        st.info(report["links"] + ".")
    if report["rejects"]:
        st.warning(f"{len(report['rejects']):,} rows were set aside:")
        st.dataframe(pd.DataFrame(report["rejects"]), hide_index=True, width="stretch")
        st.download_button(
            "Download the rejected rows (CSV)",
            report["rejects_csv"],
            file_name=f"{Path(report['name']).stem}.rejects.csv",
            mime="text/csv",
        )
