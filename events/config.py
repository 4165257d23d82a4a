"""Runtime settings, built once at the edges (app.py, the CLI) from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_STORE = "data/events.gpkg"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = PROJECT_ROOT / "seeds"


class ConfigError(ValueError):
    """A setting has an invalid value; names the variable."""


@dataclass(frozen=True)
class Settings:
    """Validated runtime settings.

    ``SAHELMAP_STORE`` is the store: a GeoPackage path (default ``data/events.gpkg``)
    or a ``postgresql://`` URL of the team store,
    ``SAHELMAP_ANALYST`` the name recorded in the edit history (default the OS user),
    ``SAHELMAP_SEEDS`` the folder of seed reports (default the project's ``seeds/``),
    ``SAHELMAP_POINT_LIMIT`` the number of events above which the map aggregates.
    """

    store: str = DEFAULT_STORE
    analyst: str = ""
    seeds_dir: Path = DEFAULT_SEEDS
    point_limit: int = 750

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (``os.environ`` by default) and validate them."""
        env = os.environ if env is None else env
        store = env.get("SAHELMAP_STORE", "").strip() or DEFAULT_STORE
        analyst = env.get("SAHELMAP_ANALYST", "").strip()
        seeds = env.get("SAHELMAP_SEEDS", "").strip() or str(DEFAULT_SEEDS)
        limit_text = env.get("SAHELMAP_POINT_LIMIT", "").strip() or "750"
        try:
            limit = int(limit_text)
        except ValueError:
            raise ConfigError(f"SAHELMAP_POINT_LIMIT={limit_text!r} is not an integer") from None
        if limit < 1:
            raise ConfigError(f"SAHELMAP_POINT_LIMIT={limit} must be at least 1")
        is_url = store.startswith(("postgresql://", "postgres://"))
        if not is_url and (store.endswith(os.sep) or Path(store).is_dir()):
            raise ConfigError(f"SAHELMAP_STORE={store!r} is a directory, not a .gpkg file")
        return cls(store=store, analyst=analyst, seeds_dir=Path(seeds), point_limit=limit)
