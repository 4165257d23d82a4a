"""AppTest of the login on the write pages: expiry, logout, the name passed to writes.

SAHELMAP_REQUIRE_LOGIN=1 makes the loopback test server behave as a network one.
"""

from __future__ import annotations

import time

import pytest
from streamlit.testing.v1 import AppTest

from app_auth import K_EXPIRES, K_NAME, K_PASSWORD, K_USER
from events.auth import add_user
from events.io.store import open_store
from tests.conftest import ROOT

PAGES = {"Import": "pages/2_Import.py", "Add report": "pages/1_Add_report.py"}


@pytest.fixture
def login_env(tmp_path, seed_events, monkeypatch):
    store = tmp_path / "events.gpkg"
    open_store(store).write(seed_events)
    users = tmp_path / "users"
    add_user(users, "alice", "s3cret-pass")
    monkeypatch.setenv("SAHELMAP_STORE", str(store))
    monkeypatch.setenv("SAHELMAP_USERS_FILE", str(users))
    monkeypatch.setenv("SAHELMAP_REQUIRE_LOGIN", "1")
    return tmp_path


def texts(at: AppTest) -> str:
    return " ".join(e.value for kind in (at.info, at.warning, at.error) for e in kind)


def log_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key=K_NAME).input("alice")
    at.text_input(key=K_PASSWORD).input(password)
    return at.button[0].click().run()


def test_import_login_expiry_and_wrong_password(login_env):
    at = AppTest.from_file(str(ROOT / PAGES["Import"]), default_timeout=60).run()
    assert not at.exception
    assert "Log in to import events" in texts(at)
    assert not at.selectbox  # the format picker (and the uploader) are not shown

    log_in(at, "wrong-pass")
    assert "Wrong user name or password." in texts(at)
    assert K_USER not in at.session_state

    log_in(at, "s3cret-pass")
    assert not at.exception
    assert at.session_state[K_USER] == "alice"
    assert at.selectbox  # the page itself
    assert at.session_state[K_EXPIRES] > time.time() + 60 * 119

    at.session_state[K_EXPIRES] = time.time() - 1  # two hours later
    at.run()
    assert "Your session expired" in texts(at)
    assert not at.selectbox


def test_add_report_asks_for_a_login(login_env):
    at = AppTest.from_file(str(ROOT / PAGES["Add report"]), default_timeout=60).run()
    assert not at.exception
    assert "Log in to add reports" in texts(at)
    assert not [b for b in at.button if b.label == "Extract"]


def test_without_users_the_pages_are_read_only(login_env, monkeypatch):
    monkeypatch.delenv("SAHELMAP_USERS_FILE")
    for page in PAGES.values():
        at = AppTest.from_file(str(ROOT / page), default_timeout=60).run()
        assert not at.exception
        assert "This server is read-only" in texts(at)
        assert not at.text_input or K_NAME not in [t.key for t in at.text_input]
