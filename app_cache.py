"""Cached loads shared by the app's pages (app.py and pages/*.py), so each runs once.

One definition per cached function: two pages with their own copies would each keep
a million-row frame in memory.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc

import streamlit as st

import geopandas as gpd

from events.config import Settings
from events.defaults import build_default_store
from events.io.store import EventStore, open_store
from geo.gazetteer import Gazetteer, load_gazetteer


def release_free_memory() -> None:
    """Hand the loader's freed buffers back to the OS (about 400 MB at a million events)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


@st.cache_resource(show_spinner="Loading events…", max_entries=2)
def cached_frame(store_location: str, version: str) -> gpd.GeoDataFrame:
    """Load the store once per process and version; shared read-only by every session.

    ``version`` (:meth:`EventStore.version`, polled on every rerun and by
    :func:`watch_store`) changes with every write by any process, so other analysts'
    saves appear without a restart; older versions are evicted (``max_entries``).
    A resource, not cache_data: cache_data would copy a million-row frame per session.
    Newest first, so the table of any view is its first rows.
    """
    frame = open_store(store_location).load_frame()
    frame = frame.sort_values("event_date", ascending=False, kind="stable").reset_index(drop=True)
    release_free_memory()
    return frame


@st.cache_resource(show_spinner="Loading the gazetteer…")
def cached_gazetteer() -> Gazetteer:
    """Return the gazetteer, loaded once per process when a page first needs a place name."""
    return load_gazetteer()


def ensure_store(settings: Settings) -> EventStore:
    """Return the configured store, building it from seeds/ (and the history) if missing."""
    store = open_store(settings.store)
    if not store.exists():
        with st.spinner(f"Building {store.path} from seeds/ (first run)…"):
            build_default_store(store, settings.seeds_dir)
    return store


#: How often an open page asks the store whether another writer changed it.
POLL_SECONDS = 10


def watch_store(store: EventStore, seen: str) -> None:
    """Rerun the page when another process has written to the store since ``seen``.

    One cheap query (the last change number) every :data:`POLL_SECONDS`, from a
    fragment, so an idle page shows other analysts' saves without a reload.
    """

    @st.fragment(run_every=POLL_SECONDS)
    def poll() -> None:
        if store.version() != seen:
            st.rerun()

    poll()
