"""A real PostgreSQL + PostGIS server for the tests (pytest plugin).

One server per session, in a temp dir, on a free 127.0.0.1 port (trust auth); each
test gets its own database, copied from a template where PostGIS is already
installed (fast). Missing binaries skip the tests, except with ``CI=true``, where
they fail: nothing is silently skipped in CI.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
TEMPLATE = "sahelmap_template"
_numbers = itertools.count()


@dataclass(frozen=True)
class PgServer:
    """A running server: its data dir, port and superuser."""

    root: Path
    port: int
    user: str = "postgres"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str, dbname: str = "postgres") -> None:
        """Run one statement in autocommit mode."""
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as con:
            con.execute(statement)  # type: ignore[arg-type]


def missing_binaries() -> str | None:
    """Return why a server cannot be started here (``None`` if it can)."""
    for name in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / name).is_file():
            return f"PostgreSQL 15 binaries not found in {PG_BIN} (apt install postgresql)"
    if not POSTGIS_CONTROL.is_file():
        return "PostGIS not installed (apt install postgresql-15-postgis-3)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server tools as ``postgres`` then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def start_server() -> PgServer:
    """Init and start a throwaway cluster (no fsync: test data is disposable)."""
    root = Path(tempfile.mkdtemp(prefix="sahelmap-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    run = _as_server_user
    subprocess.run(
        run([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
        check=True, capture_output=True,
    )  # fmt: skip
    opts = (
        f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
        "-c max_connections=60 -c shared_buffers=128MB"
    )
    subprocess.run(
        run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-o", opts,
             "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    server = PgServer(root, port)
    server.sql(f"CREATE DATABASE {TEMPLATE}")
    server.sql("CREATE EXTENSION postgis", TEMPLATE)
    return server


def stop_server(server: PgServer) -> None:
    """Stop the server at once and delete its files."""
    cmd = [str(PG_BIN / "pg_ctl"), "-D", str(server.root / "data"), "-m", "immediate", "stop"]
    subprocess.run(_as_server_user(cmd), check=False, capture_output=True)
    shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    reason = missing_binaries()
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostGIS tests cannot run in CI: {reason}")
        pytest.skip(reason)
    try:
        server = start_server()
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"cannot start PostgreSQL: {exc}\n{exc.stdout}\n{exc.stderr}")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """Return the URL of a fresh, empty database with PostGIS (dropped after the test)."""
    name = f"sahelmap_test_{os.getpid()}_{next(_numbers)}"
    pg_server.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    try:
        yield pg_server.url(name)
    finally:
        with contextlib.suppress(Exception):
            pg_server.sql(f"DROP DATABASE {name} WITH (FORCE)")
