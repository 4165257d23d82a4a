"""Serving safely, with real processes: the command `make run` runs, a real Chromium.

Each server is started from the very command line `make -n run …` prints, so the
Makefile's settings (address, upload cap) are what is tested.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from playwright.sync_api import expect

from events.auth import add_user
from events.io.store import open_store
from tests.e2e.conftest import ROOT, free_port, wait_until_healthy

pytestmark = pytest.mark.e2e

DATA = ROOT / "tests" / "data"
PASSWORD = "s3cret-pass"
UPLOADER = "[data-testid='stFileUploader'] input[type='file']"


def make_run_line(**variables: str) -> str:
    """The streamlit command line of `make run` with these make variables."""
    out = subprocess.run(
        ["make", "-n", "run", *(f"{k}={v}" for k, v in variables.items())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.replace("\\\n", " ")
    return next(line for line in out.splitlines() if "streamlit run app.py" in line)


def host_addresses() -> list[str]:
    """This machine's IPv4 addresses that are not loopback."""
    return [
        a.address
        for addrs in psutil.net_if_addrs().values()
        for a in addrs
        if a.family == socket.AF_INET and not a.address.startswith("127.")
    ]


class MadeServer:
    """`make run`'s streamlit command, started directly (its pid is streamlit's)."""

    def __init__(self, tmp: Path, *, env: dict[str, str] | None = None, **variables: str):
        self.store = tmp / "events.gpkg"
        self.port = free_port()
        line = make_run_line(STORE=str(self.store), PORT=str(self.port), **variables)
        argv = shlex.split(line)
        for key in env or {}:  # the test's settings win over make's
            argv = [a for a in argv if not a.startswith(f"{key}=")]
        argv = ["env", *(f"{k}={v}" for k, v in (env or {}).items()), *argv]
        argv += ["--server.fileWatcherType", "none"]
        self.log = tmp / "streamlit.log"
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(
                ["bash", "-c", "exec " + shlex.join(argv)],
                cwd=ROOT,
                env={k: v for k, v in os.environ.items() if not k.startswith("SAHELMAP_")},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.address = variables.get("ADDRESS", "127.0.0.1")
        host = "127.0.0.1" if self.address in ("127.0.0.1", "0.0.0.0") else self.address
        self.url = f"http://{host}:{self.port}/"
        wait_until_healthy(self.proc, self.url, self.log)

    def listening(self) -> list[tuple[str, int]]:
        conns = psutil.Process(self.proc.pid).net_connections(kind="inet")
        return [(c.laddr.ip, c.laddr.port) for c in conns if c.status == psutil.CONN_LISTEN]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def seeded(tmp_path, seed_events) -> Path:
    open_store(tmp_path / "events.gpkg").write(seed_events)
    return tmp_path


def network_address() -> str:
    """An address other machines could reach: a host address, else every interface."""
    found = host_addresses()
    return found[0] if found else "0.0.0.0"


@pytest.fixture
def login_server(seeded) -> Iterator[MadeServer]:
    users = seeded / "conf" / "users"
    add_user(users, "alice", PASSWORD)
    server = MadeServer(
        seeded,
        ADDRESS=network_address(),
        env={"SAHELMAP_USERS_FILE": str(users), "SAHELMAP_MAX_UPLOAD_MB": "1"},
    )
    yield server
    server.stop()


def test_make_run_listens_on_loopback_only(seeded):
    server = MadeServer(seeded)
    try:
        sockets = server.listening()
        assert sockets, "streamlit listens on nothing"
        assert {ip for ip, _ in sockets} == {"127.0.0.1"}, sockets
        assert {port for _, port in sockets} == {server.port}
        with socket.create_connection(("127.0.0.1", server.port), timeout=5):
            pass
        for ip in host_addresses():  # the machine's own network addresses are refused
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((ip, server.port), timeout=3).close()
        assert "Network URL" not in server.log.read_text()
    finally:
        server.stop()


def open_page(page, url: str, text: str) -> None:
    page.goto(url)
    page.get_by_text(text).first.wait_for(timeout=60_000)


def log_in(page, password: str) -> None:
    page.get_by_label("User name").fill("alice")
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_write_pages_need_a_login_on_the_network(login_server, page, tmp_path):
    server = login_server
    store = open_store(server.store)
    before = len(store.load_frame())

    open_page(page, server.url + "Import", "Log in to import events")
    expect(page.locator(UPLOADER)).to_have_count(0)
    page.screenshot(path=str(tmp_path / "login.png"), full_page=True)
    log_in(page, "wrong-password")
    expect(page.get_by_text("Wrong user name or password.")).to_be_visible(timeout=30_000)
    expect(page.locator(UPLOADER)).to_have_count(0)

    open_page(page, server.url + "Add_report", "Log in to add reports")
    expect(page.get_by_role("button", name="Extract")).to_have_count(0)
    # The map is open to everyone.
    open_page(page, server.url, "Events shown")

    open_page(page, server.url + "Import", "Log in to import events")
    log_in(page, PASSWORD)
    expect(page.get_by_text("Logged in as alice")).to_be_visible(timeout=30_000)

    # Over our limit (1 MB here): refused by name, nothing read or written.
    big = tmp_path / "big_ucdp.csv"
    big.write_bytes((DATA / "ucdp_ged_sample.csv").read_bytes().ljust(2 * 1024 * 1024, b"\n"))
    page.locator(UPLOADER).set_input_files(big)
    page.get_by_text("big_ucdp.csv").first.wait_for()
    page.get_by_role("button", name="Import", exact=True).click()
    refusal = page.get_by_text(re.compile(r"big_ucdp\.csv is 2\.0 MB, over this server's limit"))
    expect(refusal).to_be_visible(timeout=30_000)
    assert "nothing was written" in refusal.inner_text()
    assert "/tmp" not in page.locator("[data-testid='stMain']").inner_text()
    assert len(store.load_frame()) == before
    assert store.history() == [] or all(c.reason.find("big_ucdp") < 0 for c in store.history())

    # A file within the limit is imported and recorded under the logged-in name.
    page.locator(UPLOADER).set_input_files(DATA / "ucdp_ged_sample.csv")
    page.get_by_text("ucdp_ged_sample.csv").first.wait_for()
    page.wait_for_timeout(1500)  # the upload's rerun first, then the click
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text(re.compile(r"Added \d+ new events")).wait_for(timeout=90_000)
    added = [c for c in store.history() if "ucdp_ged_sample.csv" in c.reason]
    assert added
    assert {c.analyst for c in added} == {"alice"}

    page.get_by_role("button", name="Log out").click()
    open_page(page, server.url + "Import", "Log in to import events")
    expect(page.locator(UPLOADER)).to_have_count(0)


def test_network_server_without_users_is_read_only(seeded, page):
    server = MadeServer(seeded, ADDRESS=network_address())
    try:
        for path, action in (("Import", "import events"), ("Add_report", "add reports")):
            open_page(page, server.url + path, "This server is read-only")
            assert (
                f"nobody can {action} here" in page.locator("[data-testid='stMain']").inner_text()
            )
            expect(page.locator(UPLOADER)).to_have_count(0)
            expect(page.get_by_role("button", name="Log in")).to_have_count(0)
        open_page(page, server.url, "Events shown")
        expect(page.get_by_text("2 of 2 events")).to_be_visible()
        nav = page.locator("[data-testid='stSidebarNav']")
        expect(nav).to_contain_text("Map")  # the page list names the main page "Map"
        expect(nav.get_by_text("app", exact=True)).to_have_count(0)
        expect(page.get_by_role("button", name="Deploy")).to_have_count(0)
    finally:
        server.stop()


def test_import_error_names_the_upload_and_no_server_path(seeded, page, tmp_path):
    server = MadeServer(seeded)  # loopback: writes open, no login
    try:
        store = open_store(server.store)
        before = len(store.load_frame())
        fake = tmp_path / "upload" / "fake.csv"
        fake.parent.mkdir()
        fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
        open_page(page, server.url + "Import", "Import events")
        expect(page.get_by_text("Log in")).to_have_count(0)
        page.locator(UPLOADER).set_input_files(fake)
        page.get_by_text("fake.csv").first.wait_for()
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Import", exact=True).click()
        error = page.locator("[data-testid='stAlertContentError']").first
        expect(error).to_be_visible(timeout=60_000)
        message = error.inner_text()
        assert message.startswith("fake.csv")
        assert "/tmp" not in message
        assert tempfile.gettempdir() not in page.locator("[data-testid='stMain']").inner_text()
        assert "Traceback" not in page.content()
        assert len(store.load_frame()) == before
    finally:
        server.stop()


def test_add_report_refuses_a_report_over_the_limit(seeded, page, tmp_path):
    server = MadeServer(seeded, env={"SAHELMAP_MAX_UPLOAD_MB": "1"})
    try:
        store = open_store(server.store)
        before = len(store.load_frame())
        big = tmp_path / "huge_report.txt"
        big.write_text("Attaque à Bamako le 17 septembre 2024. " * 60_000, encoding="utf-8")
        open_page(page, server.url + "Add_report", "Add report")
        page.locator(UPLOADER).set_input_files(big)
        page.get_by_text("huge_report.txt").first.wait_for()
        page.wait_for_timeout(1500)
        page.get_by_role("button", name="Extract").click()
        refusal = page.get_by_text(re.compile(r"huge_report\.txt is 2\.\d MB, over this server's"))
        expect(refusal).to_be_visible(timeout=60_000)
        expect(page.get_by_text(re.compile(r"draft event\(s\)"))).to_have_count(0)
        assert len(store.load_frame()) == before
    finally:
        server.stop()
