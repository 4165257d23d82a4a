"""``sahelmap users add NAME`` and ``sahelmap users list``: the writers of a served app.

Registered in :func:`events.cli.build_parser` by :func:`add_parsers`. The file is the
one the app reads (``SAHELMAP_USERS_FILE``); only salted scrypt hashes are stored.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from events.auth import AuthError, add_user, check_user_name, load_users
from events.config import Settings


def add_parsers(sub: Any) -> None:
    """Register ``users add`` and ``users list`` on the ``sahelmap`` subparsers."""
    users = sub.add_parser("users", help="manage who may write on a served app (login)")
    verbs = users.add_subparsers(dest="users_command", required=True)
    file_help = "users file (default: $SAHELMAP_USERS_FILE)"
    add = verbs.add_parser(
        "add",
        help="add a user or change a password (asked for; or one line on stdin)",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument("--file", type=Path, help=file_help)
    add.set_defaults(func=run_users_add)
    show = verbs.add_parser("list", help="print the user names")
    show.add_argument("--file", type=Path, help=file_help)
    show.set_defaults(func=run_users_list)


def _users_file(args: argparse.Namespace) -> Path:
    path = args.file or Settings.from_env().users_file
    if path is None:
        raise AuthError(
            "no users file: set SAHELMAP_USERS_FILE (outside the project folder, e.g. "
            "~/.config/sahelmap/users) or pass --file"
        )
    return Path(path)


def _read_password(name: str) -> str:
    if not sys.stdin.isatty():  # scripts: the first line of stdin
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"Password for {name}: ")
    if getpass.getpass("Again: ") != password:
        raise AuthError("the two passwords differ; nothing was changed")
    return password


def run_users_add(args: argparse.Namespace) -> int:
    """``sahelmap users add NAME``."""
    name = check_user_name(args.name)
    path = _users_file(args)
    is_new = add_user(path, name, _read_password(name))
    what = "added" if is_new else "changed the password of"
    print(f"{what} {name} in {path}", file=sys.stderr)
    return 0


def run_users_list(args: argparse.Namespace) -> int:
    """``sahelmap users list``."""
    for name in sorted(load_users(_users_file(args))):
        print(name)
    return 0
