"""Logins for writing: hashes, the users file, the server's write access, `sahelmap users`."""

from __future__ import annotations

import io
import stat

import pytest

from events.auth import (
    Access,
    AuthError,
    add_user,
    authenticate,
    hash_password,
    is_local_address,
    load_users,
    verify_password,
    write_access,
)
from events.cli import main
from events.config import PROJECT_ROOT, ConfigError, Settings


def test_hash_is_salted_and_verifies():
    one, two = hash_password("correct horse"), hash_password("correct horse")
    assert one != two  # a fresh salt each time
    assert one.startswith("scrypt$")
    assert "correct horse" not in one
    assert verify_password("correct horse", one)
    assert verify_password("correct horse", two)
    assert not verify_password("correct hors", one)
    assert not verify_password("", one)


@pytest.mark.parametrize("encoded", ["", "scrypt$", "md5$x$y", "scrypt$1$8$1$!!$!!", "plain"])
def test_malformed_hash_never_matches(encoded):
    assert not verify_password("", encoded)
    assert not verify_password("plain", encoded)


def test_authenticate():
    users = {"alice": hash_password("s3cret-pass")}
    assert authenticate(users, "alice", "s3cret-pass")
    assert authenticate(users, " alice ", "s3cret-pass")
    assert not authenticate(users, "alice", "wrong-pass")
    assert not authenticate(users, "bob", "s3cret-pass")
    assert not authenticate({}, "alice", "s3cret-pass")


def test_users_file_round_trip(tmp_path):
    path = tmp_path / "conf" / "users"
    assert load_users(path) == {}  # a missing file: nobody
    assert add_user(path, "alice", "s3cret-pass") is True
    assert add_user(path, "bob", "other-pass1") is True
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    first = load_users(path)
    assert sorted(first) == ["alice", "bob"]
    assert add_user(path, "alice", "new-pass-99") is False  # a new password, same user
    users = load_users(path)
    assert users["bob"] == first["bob"]
    assert authenticate(users, "alice", "new-pass-99")
    assert not authenticate(users, "alice", "s3cret-pass")
    assert "pass" not in path.read_text()


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("al ice", "long-enough", "user name"),
        ("", "long-enough", "user name"),
        ("a:b", "long-enough", "user name"),
        ("alice", "short", "too short"),
    ],
)
def test_add_user_refuses(tmp_path, name, password, message):
    with pytest.raises(AuthError, match=message):
        add_user(tmp_path / "users", name, password)
    assert not (tmp_path / "users").exists()


def test_bad_users_file_names_the_line(tmp_path):
    path = tmp_path / "users"
    path.write_text("# comment\n\nalice:plaintext\n")
    with pytest.raises(AuthError, match=r"line 3"):
        load_users(path)


@pytest.mark.parametrize(
    ("address", "local"),
    [
        ("127.0.0.1", True),
        ("127.0.0.5", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),  # Streamlit's default: every interface
        (None, False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_is_local_address(address, local):
    assert is_local_address(address) is local


def test_write_access():
    users = {"alice": hash_password("s3cret-pass")}
    assert write_access("127.0.0.1", {}) is Access.OPEN
    assert write_access("127.0.0.1", users) is Access.OPEN
    assert write_access("0.0.0.0", users) is Access.LOGIN
    assert write_access("0.0.0.0", {}) is Access.READ_ONLY
    assert write_access("", {}) is Access.READ_ONLY


def test_settings_of_the_login_and_uploads(tmp_path):
    s = Settings.from_env(
        {
            "SAHELMAP_USERS_FILE": str(tmp_path / "users"),
            "SAHELMAP_SESSION_MINUTES": "5",
            "SAHELMAP_MAX_UPLOAD_MB": "2",
        }
    )
    assert (s.users_file, s.session_minutes, s.max_upload_mb) == (tmp_path / "users", 5, 2)
    assert Settings.from_env({}).users_file is None
    with pytest.raises(ConfigError, match="inside the project"):
        Settings.from_env({"SAHELMAP_USERS_FILE": str(PROJECT_ROOT / "users.txt")})
    with pytest.raises(ConfigError, match="SAHELMAP_MAX_UPLOAD_MB"):
        Settings.from_env({"SAHELMAP_MAX_UPLOAD_MB": "0"})
    with pytest.raises(ConfigError, match="SAHELMAP_SESSION_MINUTES"):
        Settings.from_env({"SAHELMAP_SESSION_MINUTES": "ten"})


def test_cli_users_add_reads_stdin(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users"
    monkeypatch.setenv("SAHELMAP_USERS_FILE", str(path))
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert main(["users", "add", "alice"]) == 0
    assert "added alice" in capsys.readouterr().err
    assert authenticate(load_users(path), "alice", "s3cret-pass")
    assert main(["users", "list"]) == 0
    assert capsys.readouterr().out == "alice\n"
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "add", "bob"]) == 2
    assert "too short" in capsys.readouterr().err
    assert sorted(load_users(path)) == ["alice"]


def test_cli_users_add_needs_a_file(monkeypatch, capsys):
    monkeypatch.delenv("SAHELMAP_USERS_FILE", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-pass\n"))
    assert main(["users", "add", "alice"]) == 2
    assert "SAHELMAP_USERS_FILE" in capsys.readouterr().err


def test_require_login_on_loopback_behind_a_proxy():
    users = {"alice": hash_password("s3cret-pass")}
    assert write_access("127.0.0.1", users, require_login=True) is Access.LOGIN
    assert write_access("127.0.0.1", {}, require_login=True) is Access.READ_ONLY
    assert Settings.from_env({"SAHELMAP_REQUIRE_LOGIN": "1"}).require_login
    assert not Settings.from_env({"SAHELMAP_REQUIRE_LOGIN": "0"}).require_login
    with pytest.raises(ConfigError, match="SAHELMAP_REQUIRE_LOGIN"):
        Settings.from_env({"SAHELMAP_REQUIRE_LOGIN": "maybe"})
