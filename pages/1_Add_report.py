"""Add report: paste or upload news reports, review the draft events, save the accepted ones.

Widgets -> events.review (pure) -> one atomic EventStore.upsert. Drafts, edits and file
errors live in st.session_state between reruns; the main page's cached frame is keyed
by store.version(), so it shows the saved events at once.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from app_auth import check_upload_size, require_writer, upload_limit_mb
from app_cache import cached_frame, ensure_store
from events.actors import load_actor_registry
from events.config import ConfigError, Settings
from events.frame import to_frame
from events.io.store import StoreError
from events.model import SUB_EVENT_TYPES, EventType
from events.review import (
    ACCEPT,
    DECISIONS,
    REJECT,
    ReviewError,
    apply_row,
    describe_event,
    drafts_table,
    evidence_legend,
    highlight_evidence,
    load_report,
)
from events.save_plan import MERGE, NEW, UPDATE, candidate_events, describe_action, plan_save
from extract import IngestError, extract_events
from geo.boundaries import load_countries
from geo.gazetteer import load_gazetteer
from layers.base import make_map
from layers.boundaries import build_country_layer
from layers.points import build_event_points

K_TEXT = "add_text"
K_FILES = "add_files"
K_PUBLISHED = "add_published"
K_SOURCE = "add_source"
K_URL = "add_url"
K_LANG = "add_lang"
K_EXTRACT = "add_extract"
K_SAVE = "add_save"
K_ACCEPT_ALL = "add_accept_all"
K_EDITOR = "add_editor"
K_MAP = "add_map"
K_REPORTS = "add_reports"  # list[Report]
K_DRAFTS = "add_drafts"  # list[tuple[int, Event]]: (report index, draft)
K_TABLE = "add_table"  # the editor's base table (edits of kept drafts folded in)
K_FILE_ERRORS = "add_file_errors"  # list[str]
K_NOTICE = "add_notice"  # str: what the last save did
LANG_OPTIONS = ("", "ar", "fr", "en")
PASTED = "pasted text"

st.set_page_config(page_title="Add report · Sahel Event Map", layout="wide")

st.session_state.setdefault(K_PUBLISHED, dt.date.today())
st.session_state.setdefault(K_REPORTS, [])
st.session_state.setdefault(K_DRAFTS, [])
st.session_state.setdefault(K_TABLE, None)
st.session_state.setdefault(K_FILE_ERRORS, [])
st.session_state.setdefault(K_NOTICE, "")


# Same name and source as app.py's, so both pages share one cache entry per version
# (Streamlit keys a cached function by module, qualname and source).
@st.cache_resource(show_spinner="Loading gazetteer and actor registry…")
def cached_coders():
    return load_gazetteer(), load_actor_registry()


@st.cache_resource
def cached_countries():
    return load_countries()


def extract(sources: list[tuple[str, str | bytes]]) -> None:
    """Code every source into drafts; a bad file is named in an error, the others go on."""
    gazetteer, registry = cached_coders()
    reports, drafts, errors = [], [], []
    bar = st.progress(0.0, text="Extracting…")
    for i, (name, raw) in enumerate(sources):
        bar.progress(i / len(sources), text=f"Extracting {name} ({i + 1}/{len(sources)})")
        try:
            doc = load_report(
                raw,
                file_name=name,
                published=st.session_state[K_PUBLISHED],
                url=st.session_state[K_URL],
                source=st.session_state[K_SOURCE],
                language=st.session_state[K_LANG],
            )
            found = extract_events(doc, gazetteer=gazetteer, registry=registry)
        except IngestError as exc:
            errors.append(str(exc))
            continue
        except Exception as exc:  # one bad file must not stop the others
            errors.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        if not found:
            errors.append(f"{name}: no event found in this report")
        reports.append(doc)
        drafts.extend((len(reports) - 1, ev) for ev in found)
    bar.progress(1.0, text=f"Extracted {len(drafts)} draft event(s) from {len(reports)} report(s)")
    st.session_state[K_REPORTS] = reports
    st.session_state[K_DRAFTS] = drafts
    st.session_state[K_TABLE] = drafts_table(
        [ev for _, ev in drafts], reports=[reports[r].file_name for r, _ in drafts]
    )
    st.session_state[K_FILE_ERRORS] = errors
    st.session_state[K_NOTICE] = ""
    st.session_state.pop(K_EDITOR, None)  # edits belonged to the previous drafts


def review_rows(edited: pd.DataFrame) -> tuple[list[tuple[int, str, object]], list[ReviewError]]:
    """Apply each table row to its draft: ``[(row, decision, Event)]`` and the errors."""
    out, errors = [], []
    for pos, ((_, draft), row) in enumerate(
        zip(st.session_state[K_DRAFTS], edited.to_dict("records"), strict=True)
    ):
        try:
            out.append((pos, row["decision"], apply_row(draft, row, label=str(row["draft"]))))
        except ReviewError as exc:
            errors.append(exc)
    return out, errors


try:
    settings = Settings.from_env()
except ConfigError as exc:
    st.error(str(exc))
    st.stop()
who = require_writer(settings, action="add reports")
limit_mb = upload_limit_mb(settings)
try:
    store = ensure_store(settings)
    frame = cached_frame(store.location, store.version())
except (ConfigError, StoreError, ValueError) as exc:
    st.error(str(exc))
    st.stop()

st.title("Add report")
st.caption(
    "Paste a news report (Arabic, French or English) or upload .txt files; review the draft "
    "events, then save the accepted ones as verified. Nothing leaves this machine."
)
if st.session_state[K_NOTICE]:
    st.success(st.session_state[K_NOTICE])

col_in, col_meta = st.columns([3, 2])
col_in.text_area("Report text", key=K_TEXT, height=180, placeholder="Paste the report here…")
col_in.file_uploader(
    "…or upload reports (.txt, UTF-8)",
    type=["txt"],
    accept_multiple_files=True,
    key=K_FILES,
    help=f"Up to {limit_mb} MB per file on this server.",
)
col_meta.date_input(
    "Publication date",
    key=K_PUBLISHED,
    format="YYYY-MM-DD",
    min_value=dt.date(1900, 1, 1),
    max_value=dt.date(2100, 1, 1),
    help="Resolves 'yesterday', weekdays and missing years. A file's own 'published:' "
    "header line wins.",
)
col_meta.text_input("Source name (optional)", key=K_SOURCE)
col_meta.text_input("Source URL (optional)", key=K_URL)
col_meta.selectbox(
    "Language",
    LANG_OPTIONS,
    key=K_LANG,
    format_func=lambda code: {"": "detect", "ar": "Arabic", "fr": "French", "en": "English"}[code],
)

if st.button("Extract", key=K_EXTRACT, type="primary"):
    sources: list[tuple[str, str | bytes]] = []
    if st.session_state[K_TEXT].strip():
        sources.append((PASTED, st.session_state[K_TEXT]))
    too_big = []
    for f in st.session_state[K_FILES] or []:
        refusal = check_upload_size(f.name, f.size, limit_mb)
        if refusal:
            too_big.append(refusal)
        else:
            sources.append((f.name, f.getvalue()))
    if sources:
        extract(sources)
        st.session_state[K_FILE_ERRORS] = [*too_big, *st.session_state[K_FILE_ERRORS]]
    elif too_big:
        st.session_state[K_FILE_ERRORS] = too_big
    else:
        st.warning("Paste a report or upload a file first.")

for message in st.session_state[K_FILE_ERRORS]:
    st.error(message)

reports = st.session_state[K_REPORTS]
drafts = st.session_state[K_DRAFTS]
if not drafts:
    st.stop()

st.subheader(f"{len(drafts)} draft event(s)")
map_slot = st.container()

st.markdown(
    "**The reports**, each coded field's evidence highlighted (hover for the field): "
    + evidence_legend(),
    unsafe_allow_html=True,
)
for r, doc in enumerate(reports):
    own = {str(i + 1): ev.evidence for i, (rr, ev) in enumerate(drafts) if rr == r}
    with st.expander(
        f"{doc.file_name} · published {doc.published or '?'} · drafts {', '.join(own) or 'none'}",
        expanded=len(reports) <= 3,
    ):
        st.html(highlight_evidence(doc.text, own, language=doc.language))

st.markdown("**Review** each draft: edit any field, then choose *accept* or *reject*.")
if st.button("Accept all drafts", key=K_ACCEPT_ALL):
    # Fold the edits made so far into the base table, so accepting all keeps them.
    base = st.session_state[K_TABLE].copy()
    for row, changes in st.session_state.get(K_EDITOR, {}).get("edited_rows", {}).items():
        for column, value in changes.items():
            base.loc[int(row), column] = value
    st.session_state[K_TABLE] = base.assign(decision=ACCEPT)
    st.session_state.pop(K_EDITOR, None)
all_subtypes = sorted({s for subs in SUB_EVENT_TYPES.values() for s in subs})
edited = st.data_editor(
    st.session_state[K_TABLE],
    key=K_EDITOR,
    hide_index=True,
    num_rows="fixed",
    width="stretch",
    disabled=["draft", "report"],
    column_config={
        "draft": st.column_config.NumberColumn("#", width="small"),
        "report": st.column_config.TextColumn("Report", width="small"),
        "decision": st.column_config.SelectboxColumn("Decision", options=DECISIONS, required=True),
        "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        "event_type": st.column_config.SelectboxColumn(
            "Event type", options=[t.value for t in EventType], required=True
        ),
        "sub_event_type": st.column_config.SelectboxColumn("Sub-event type", options=all_subtypes),
        "latitude": st.column_config.NumberColumn("Latitude", format="%.6f"),
        "longitude": st.column_config.NumberColumn("Longitude", format="%.6f"),
        "fatalities": st.column_config.NumberColumn("Fatalities", step=1),
        "fatalities_low": st.column_config.NumberColumn("Low", step=1),
        "fatalities_high": st.column_config.NumberColumn("High", step=1),
    },
)
rows, row_errors = review_rows(edited)
for exc in row_errors:
    st.error(str(exc))

kept = [(pos, decision, ev) for pos, decision, ev in rows if decision != REJECT]
preview = plan_save(
    [ev for *_, ev in kept],
    candidate_events(frame, [ev for *_, ev in kept]),
    verify=True,
    reports=[str(drafts[pos][0]) for pos, *_ in kept],
)
actions = {pos: action for (pos, *_), action in zip(kept, preview.actions, strict=True)}
invalid = {e.draft: e for e in row_errors}
st.markdown(
    "**What saving does**: a draft matching a stored event (same day ±1, within 10 km, "
    "a shared actor) is merged into it, adding its source, rather than stored twice."
)
preview_rows = []
for pos, (label, decision) in enumerate(zip(edited["draft"], edited["decision"], strict=True)):
    action = actions.get(pos)
    preview_rows.append(
        {
            "draft": int(label),
            "decision": decision,
            "action": f"none until {invalid[str(label)].field!r} is fixed"
            if str(label) in invalid
            else "nothing (rejected)"
            if action is None
            else describe_action(action),
            "distance_km": round(action.distance_km, 2) if action and action.target else None,
            "stored event": describe_event(action.target) if action and action.target else "",
        }
    )
st.dataframe(pd.DataFrame(preview_rows), key="add_matches", hide_index=True, width="stretch")

with map_slot:
    shown = to_frame([ev for *_, ev in kept])
    bounds = None
    if len(shown):
        west, south, east, north = shown.total_bounds
        bounds = ((south - 0.05, west - 0.05), (north + 0.05, east + 0.05))
    m = make_map(
        [build_country_layer(cached_countries()), build_event_points(shown, name="Drafts")], bounds
    )
    st_folium(m, key=K_MAP, height=340, use_container_width=True, returned_objects=[])

if st.button("Save accepted", key=K_SAVE, type="primary"):
    decisions = edited["decision"].tolist()
    accepted = [ev for _, decision, ev in rows if decision == ACCEPT]
    bad = [e for e in row_errors if decisions[int(e.draft) - 1] == ACCEPT]
    if bad:
        st.error(f"Nothing saved: {len(bad)} accepted draft(s) have invalid values (see above).")
    elif not accepted:
        st.warning("Nothing saved: no draft is accepted.")
    else:
        try:
            names = sorted({reports[drafts[p][0]].file_name for p, d, _ in rows if d == ACCEPT})
            # planned and written in one store transaction: concurrent saves both land
            plan = store.save_drafts(
                accepted,
                verify=True,
                reports=[str(drafts[p][0]) for p, d, _ in rows if d == ACCEPT],
                why=f"Add report: {', '.join(names)}",
                who=who,
            )
        except (StoreError, ValueError, OSError) as exc:
            st.error(f"Nothing saved: {exc}")
            st.stop()
        cached_frame.clear()  # frees the stale frame; new versions load on their own
        st.cache_data.clear()
        keep = [i for i, d in enumerate(decisions) if d not in (ACCEPT, REJECT)]
        st.session_state[K_DRAFTS] = [drafts[i] for i in keep]
        st.session_state[K_TABLE] = edited.iloc[keep].reset_index(drop=True)
        st.session_state.pop(K_EDITOR, None)
        st.session_state[K_NOTICE] = (
            f"Saved {plan.count(NEW)} new verified event(s), merged {plan.count(MERGE)} into "
            f"matching stored events and updated {plan.count(UPDATE)} "
            f"({len(plan.events)} record(s) written to {store.location}). "
            "The main map shows them now."
        )
        st.rerun()
