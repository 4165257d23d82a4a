"""Runtime settings, built once at the edges (app.py, the CLI) from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = "data/events.gpkg"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The seeds of a source checkout, else the copy installed with the package.
DEFAULT_SEEDS = (
    PROJECT_ROOT / "seeds"
    if (PROJECT_ROOT / "seeds").is_dir()
    else Path(__file__).resolve().parent / "_seeds"
)
#: Per-file upload limit of the Import and Add report pages, in MB; keep
#: ``server.maxUploadSize`` in .streamlit/config.toml (the server's own cap) at least this.
DEFAULT_MAX_UPLOAD_MB = 50
DEFAULT_SESSION_MINUTES = 120


class ConfigError(ValueError):
    """A setting has an invalid value; names the variable."""


@dataclass(frozen=True)
class Settings:
    """Validated runtime settings.

    ``SAHELMAP_STORE`` is the store: a GeoPackage path (default ``data/events.gpkg``)
    or a ``postgresql://`` URL of the team store,
    ``SAHELMAP_ANALYST`` the name recorded in the edit history (default the OS user),
    ``SAHELMAP_SEEDS`` the folder of seed reports (default the project's ``seeds/``),
    ``SAHELMAP_POINT_LIMIT`` the number of events above which the map aggregates,
    ``SAHELMAP_USERS_FILE`` the file of writers and password hashes (``sahelmap users
    add``; outside the project folder; unset: nobody can log in),
    ``SAHELMAP_SESSION_MINUTES`` how long a login lasts (default 120),
    ``SAHELMAP_MAX_UPLOAD_MB`` the largest file the pages accept (default 50),
    ``SAHELMAP_REQUIRE_LOGIN`` (``1``/``true``) a login even on 127.0.0.1 (behind a proxy).
    """

    store: str = DEFAULT_STORE
    analyst: str = ""
    seeds_dir: Path = DEFAULT_SEEDS
    point_limit: int = 750
    users_file: Path | None = None
    session_minutes: int = DEFAULT_SESSION_MINUTES
    max_upload_mb: int = DEFAULT_MAX_UPLOAD_MB
    require_login: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (``os.environ`` by default) and validate them."""
        env = os.environ if env is None else env
        store = env.get("SAHELMAP_STORE", "").strip() or DEFAULT_STORE
        analyst = env.get("SAHELMAP_ANALYST", "").strip()
        seeds = env.get("SAHELMAP_SEEDS", "").strip() or str(DEFAULT_SEEDS)
        limit = _positive_int(env, "SAHELMAP_POINT_LIMIT", 750)
        users_text = env.get("SAHELMAP_USERS_FILE", "").strip()
        users_file = Path(users_text).expanduser().absolute() if users_text else None
        if users_file is not None and users_file.is_relative_to(PROJECT_ROOT.absolute()):
            raise ConfigError(
                f"SAHELMAP_USERS_FILE={users_text!r} is inside the project folder, where it "
                "could be committed: keep it outside (e.g. ~/.config/sahelmap/users)"
            )
        is_url = store.startswith(("postgresql://", "postgres://"))
        if not is_url and (store.endswith(os.sep) or Path(store).is_dir()):
            raise ConfigError(f"SAHELMAP_STORE={store!r} is a directory, not a .gpkg file")
        login_text = env.get("SAHELMAP_REQUIRE_LOGIN", "").strip().lower()
        if login_text not in ("", "0", "1", "true", "false", "yes", "no"):
            raise ConfigError(f"SAHELMAP_REQUIRE_LOGIN={login_text!r} is not 1/0/true/false")
        return cls(
            store=store,
            analyst=analyst,
            seeds_dir=Path(seeds),
            point_limit=limit,
            users_file=users_file,
            session_minutes=_positive_int(env, "SAHELMAP_SESSION_MINUTES", DEFAULT_SESSION_MINUTES),
            max_upload_mb=_positive_int(env, "SAHELMAP_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB),
            require_login=login_text in ("1", "true", "yes"),
        )


def _positive_int(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip() or str(default)
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r} is not an integer") from None
    if value < 1:
        raise ConfigError(f"{name}={value} must be at least 1")
    return value
