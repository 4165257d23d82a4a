"""Fixtures for browser tests: a real `streamlit run app.py` and Debian's headless Chromium.

Nothing is intercepted or rerouted: the page loads what the app serves, with no network.
Outside CI a missing chromium skips with the reason; with CI=true it fails.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _missing(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_healthy(
    proc: subprocess.Popen, url: str, log: Path, *, timeout_s: float = 90
) -> None:
    """Wait for a started `streamlit run` to answer its health check; raise with its log."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")


class AppServer:
    """A `streamlit run app.py` on a free loopback port, over a given store."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ, "SAHELMAP_STORE": str(store)}
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.headless",
                "true",
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(self.port),
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        wait_until_healthy(self.proc, self.url, log)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        _missing(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the playwright package is not installed (make test installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store holding only the hand-coded seed events (the first case)."""
    from events.io.store import open_store
    from events.seeds import load_seed_events

    store = tmp_path_factory.mktemp("store") / "events.gpkg"
    open_store(store).write(load_seed_events(ROOT / "seeds"))
    return store


@pytest.fixture(scope="session")
def seed_app(seed_store, tmp_path_factory) -> Iterator[AppServer]:
    server = AppServer(seed_store, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    context.close()


XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def xss_app(tmp_path_factory) -> Iterator[AppServer]:
    """The seeds plus an event whose text fields carry an HTML injection."""
    import datetime as dt

    from events.io.store import open_store
    from events.model import Event
    from events.seeds import load_seed_events

    hostile = Event(
        event_id="xss-1",
        event_date=dt.date(2024, 9, 17),
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="JNIM",
        iso3="MLI",
        country="Mali",
        admin1="Bamako",
        location=f"Kalaban {XSS}",
        latitude=12.57,
        longitude=-7.99,
        notes=f"Notes {XSS} end",
        source="<script>window.__xss = 1</script>",
    )
    store = tmp_path_factory.mktemp("xss") / "events.gpkg"
    open_store(store).write([*load_seed_events(ROOT / "seeds"), hostile])
    server = AppServer(store, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def default_app(tmp_path_factory) -> Iterator[AppServer]:
    """The default store: the seeds and the shipped UCDP history."""
    from events.defaults import build_default_store
    from events.io.store import open_store

    store = open_store(tmp_path_factory.mktemp("default") / "events.gpkg")
    build_default_store(store, ROOT / "seeds")
    server = AppServer(store.path, tmp_path_factory.mktemp("log") / "streamlit.log")
    yield server
    server.stop()
