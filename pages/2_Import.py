"""Import: bring in a UCDP GED, ACLED, GeoJSON or CSV file; bad rows are set aside, not lost."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_auth import check_upload_size, require_writer, upload_limit_mb
from events.config import ConfigError, Settings
from events.importers import FORMATS, EventImportError, import_file, write_rejects
from events.io.store import StoreError, open_store
from events.model import EventValidationError

K_FILE = "import_file"
K_FORMAT = "import_format"
K_RUN = "import_run"
K_RESULT = "import_result"

FORMAT_HELP = {
    "ucdp": "UCDP GED CSV (GED 24.1/25.1 or the API's column names)",
    "acled": "ACLED export CSV (the codebook's columns)",
    "geojson": "GeoJSON exported by this app (sahelmap export --format geojson)",
    "csv": "CSV exported by this app (sahelmap export --format csv)",
}

st.set_page_config(page_title="Import events · Sahel Event Map", layout="wide")
st.title("Import events")
st.caption(
    "Every row is validated. Rows with missing or unparseable dates or coordinates, "
    "coordinates outside the stated country (or swapped), or an unknown event type are "
    "set aside with their line number and reason; the good rows are kept. Event ids are "
    "stable, so importing a file twice adds nothing. ACLED data stays on your machine: "
    "its terms forbid redistribution."
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
            bar.progress(1.0, text="Saving…")
            added = store.append(
                result.events,
                why=f"Import page: {upload.name} ({fmt})",
                who=who,
            )
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
    rejects = io.StringIO()
    write_rejects(result.rejects, rejects)
    st.session_state[K_RESULT] = {
        "name": upload.name,
        "summary": result.summary(),
        "added": added,
        "kept": len(result.events),
        "rejects": [{"line": r.line, "reason": r.reason} for r in result.rejects],
        "rejects_csv": rejects.getvalue(),
    }

report = st.session_state.get(K_RESULT)
if report:
    already = report["kept"] - report["added"]
    st.success(
        f"{report['name']}: {report['summary']}. Added {report['added']:,} new events to "
        f"{store.location}" + (f"; {already:,} were already stored." if already else ".")
    )
    if report["rejects"]:
        st.warning(f"{len(report['rejects']):,} rows were set aside:")
        st.dataframe(pd.DataFrame(report["rejects"]), hide_index=True, width="stretch")
        st.download_button(
            "Download the rejected rows (CSV)",
            report["rejects_csv"],
            file_name=f"{Path(report['name']).stem}.rejects.csv",
            mime="text/csv",
        )
