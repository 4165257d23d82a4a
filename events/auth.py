"""Who may write: salted password hashes, the users file, and the server's write access.

Library code (no Streamlit): app_auth.py draws the login form on top of these functions,
and ``sahelmap users add`` writes the file. Hashes are scrypt (standard library) with a
random 16-byte salt per entry, stored as ``name:scrypt$n$r$p$salt$hash`` lines.
"""

from __future__ import annotations

import base64
import enum
import functools
import hashlib
import hmac
import ipaddress
import os
import re
import secrets
from pathlib import Path

#: scrypt cost: 2**14 x 8 x 1 takes 16 MB and 0.1-0.25 s per check on a laptop core.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD = 8
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AuthError(ValueError):
    """A users file, a user name or a password is invalid; names the offending value."""


class Access(enum.StrEnum):
    """What a server lets its visitors do on the write pages."""

    OPEN = "open"  # bound to this machine only: whoever can reach it is at the keyboard
    LOGIN = "login"  # reachable from the network, users configured: writers log in
    READ_ONLY = "read-only"  # reachable from the network, no users: nobody writes


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """Return the salted scrypt hash of ``password`` as ``scrypt$n$r$p$salt$hash``.

    Example
    -------
    >>> verify_password("correct horse", hash_password("correct horse"))
    True
    """
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=HASH_BYTES
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str) -> bool:
    """Return whether ``password`` matches ``encoded`` (a :func:`hash_password` value)."""
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt, validate=True),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=2**26,
        )
    except (ValueError, TypeError):  # a malformed entry never matches
        return False
    return hmac.compare_digest(got, expected)


@functools.cache
def _dummy_hash() -> str:
    # Checked when the user name is unknown, so that a wrong name takes as long as a
    # wrong password and timing does not tell which names exist.
    return hash_password("", salt=b"\0" * SALT_BYTES)


def authenticate(users: dict[str, str], name: str, password: str) -> bool:
    """Return whether ``name`` is a user whose password is ``password``."""
    encoded = users.get(name.strip())
    ok = verify_password(password, encoded or _dummy_hash())
    return ok and encoded is not None


def check_user_name(name: str) -> str:
    """Return ``name`` if it is a valid user name (letters, digits, ``._@-``; ≤64)."""
    if not _NAME.match(name):
        raise AuthError(
            f"user name {name!r} is invalid: use 1-64 letters, digits or ._@- "
            "(starting with a letter or digit)"
        )
    return name


def load_users(path: Path) -> dict[str, str]:
    """Read a users file: ``{name: hash}``; blank lines and ``#`` comments are skipped.

    Raises
    ------
    AuthError
        If the file cannot be read or a line is not ``name:scrypt$…``.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise AuthError(f"cannot read the users file {path}: {exc}") from exc
    users: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, encoded = line.partition(":")
        if not sep or not _NAME.match(name) or not encoded.startswith("scrypt$"):
            raise AuthError(
                f"{path}, line {number}: expected 'name:scrypt$…' (made by sahelmap users add)"
            )
        users[name] = encoded
    return users


def add_user(path: Path, name: str, password: str) -> bool:
    """Add ``name`` to the users file (or change its password); return whether it is new.

    The file is created readable by its owner only (mode 600) and replaced atomically.
    """
    check_user_name(name)
    if len(password) < MIN_PASSWORD:
        raise AuthError(f"the password is too short: at least {MIN_PASSWORD} characters")
    users = load_users(path)
    is_new = name not in users
    users[name] = hash_password(password)
    lines = ["# Sahel Event Map users: name:scrypt hash (sahelmap users add NAME)"]
    lines += [f"{n}:{h}" for n, h in sorted(users.items())]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return is_new


def is_local_address(address: str | None) -> bool:
    """Return whether a server bound to ``address`` is reachable from this machine only.

    An empty address means every interface (Streamlit's default), so it is not local.
    """
    host = (address or "").strip().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def write_access(
    address: str | None, users: dict[str, str], *, require_login: bool = False
) -> Access:
    """Return what visitors of a server bound to ``address`` may do on the write pages.

    ``require_login`` treats a loopback address as the network: for a reverse proxy on
    the same machine, whose visitors all arrive from 127.0.0.1.
    """
    if is_local_address(address) and not require_login:
        return Access.OPEN
    return Access.LOGIN if users else Access.READ_ONLY
