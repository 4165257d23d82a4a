"""Login widgets of the write pages (Add report, Import), over :mod:`events.auth`.

On a server bound to this machine only (``127.0.0.1``, ``make run``'s default) whoever
reaches the page is at the keyboard: writes are open and recorded under
``SAHELMAP_ANALYST``. On any other address, writing needs a login from the users file
(``SAHELMAP_USERS_FILE``, made by ``sahelmap users add``), and without one the server is
read-only. Browsing the map never needs a login.
"""

from __future__ import annotations

import time

import streamlit as st

from events.auth import Access, AuthError, authenticate, load_users, write_access
from events.config import Settings

K_USER = "_auth_user"
K_EXPIRES = "_auth_expires"
K_NOTICE = "_auth_notice"
K_FORM = "login_form"
K_NAME = "login_name"
K_PASSWORD = "login_password"
K_LOGOUT = "logout"
#: Seconds a wrong password waits before the form answers (slows guessing).
FAILED_LOGIN_DELAY = 1.0


def read_users(settings: Settings) -> dict[str, str]:
    """Return the configured users (re-read on every run: new users need no restart)."""
    if settings.users_file is None:
        return {}
    try:
        return load_users(settings.users_file)
    except AuthError as exc:
        st.error(f"{exc}. Nobody can log in until it is fixed.")
        return {}


def upload_limit_mb(settings: Settings) -> int:
    """Return the largest upload in MB: ours, or the server's cap if that is lower."""
    return min(settings.max_upload_mb, int(st.get_option("server.maxUploadSize")))


def check_upload_size(name: str, size: int, limit_mb: int) -> str | None:
    """Return the message refusing a file of ``size`` bytes over ``limit_mb``, else None."""
    if size <= limit_mb * 1024 * 1024:
        return None
    return (
        f"{name} is {size / 1024 / 1024:.1f} MB, over this server's limit of {limit_mb} MB "
        "per file (SAHELMAP_MAX_UPLOAD_MB): it was not read and nothing was written."
    )


def logged_in_user() -> str | None:
    """Return this session's user, or ``None`` if nobody logged in or the login expired."""
    user = st.session_state.get(K_USER)
    if user and time.time() < st.session_state.get(K_EXPIRES, 0.0):
        return str(user)
    if user:
        log_out()
        st.session_state[K_NOTICE] = "Your session expired: log in again to write."
    return None


def log_out() -> None:
    """Forget this session's login."""
    st.session_state.pop(K_USER, None)
    st.session_state.pop(K_EXPIRES, None)


def show_account() -> None:
    """In the sidebar: who is logged in, and a logout button (nothing when nobody is)."""
    user = logged_in_user()
    if user is None:
        return
    with st.sidebar:
        st.caption(f"Logged in as **{user}**")
        st.button("Log out", key=K_LOGOUT, on_click=log_out)


def require_writer(settings: Settings, *, action: str) -> str | None:
    """Return the name to record as the author of this page's writes, or stop the page.

    Parameters
    ----------
    settings : Settings
        The users file, the session length and the analyst name.
    action : str
        What the page writes, for the messages ("add reports", "import events").

    Returns
    -------
    str or None
        The logged-in user; on a local server ``SAHELMAP_ANALYST`` (``None``: the OS user).
    """
    users = read_users(settings)
    address = str(st.get_option("server.address") or "")
    access = write_access(address, users, require_login=settings.require_login)
    if access is Access.OPEN:
        return settings.analyst or None
    if access is Access.READ_ONLY:
        st.warning(
            "This server is read-only: it is reachable from the network (or requires a "
            f"login) and no users are configured, so nobody can {action} here. The map "
            "can be browsed. An administrator adds writers with `sahelmap users add NAME` "
            "into the file `SAHELMAP_USERS_FILE` names (set when the server starts)."
        )
        st.stop()
    user = logged_in_user()
    if user is not None:  # app.py's show_account() offers the logout
        return user
    _show_login(users, settings, action=action)
    st.stop()
    return None  # not reached: st.stop() ends the run


def _show_login(users: dict[str, str], settings: Settings, *, action: str) -> None:
    st.info(f"Log in to {action}. Anyone can browse the map without logging in.")
    notice = st.session_state.pop(K_NOTICE, "")
    if notice:
        st.warning(notice)
    with st.form(K_FORM, clear_on_submit=False):
        name = st.text_input("User name", key=K_NAME, autocomplete="username")
        password = st.text_input(
            "Password", type="password", key=K_PASSWORD, autocomplete="current-password"
        )
        submitted = st.form_submit_button("Log in", type="primary")
    if not submitted:
        return
    if authenticate(users, name, password):
        st.session_state[K_USER] = name.strip()
        st.session_state[K_EXPIRES] = time.time() + 60 * settings.session_minutes
        st.rerun()
    time.sleep(FAILED_LOGIN_DELAY)
    st.error("Wrong user name or password.")
