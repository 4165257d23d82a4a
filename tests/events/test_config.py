from __future__ import annotations

import os
from pathlib import Path

import pytest

from events.config import DEFAULT_SEEDS, DEFAULT_STORE, ConfigError, Settings


def test_defaults():
    s = Settings.from_env({})
    assert s.store == DEFAULT_STORE == "data/events.gpkg"
    assert s.seeds_dir == DEFAULT_SEEDS
    assert (DEFAULT_SEEDS / "000_e244a61c166959a2.txt").is_file()
    assert s.point_limit == Settings().point_limit >= 1
    assert s == Settings()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SAHELMAP_STORE": "/x/y.gpkg"}, {"store": "/x/y.gpkg"}),
        ({"SAHELMAP_STORE": "  rel/z.gpkg  "}, {"store": "rel/z.gpkg"}),
        ({"SAHELMAP_STORE": ""}, {"store": DEFAULT_STORE}),
        ({"SAHELMAP_STORE": "   "}, {"store": DEFAULT_STORE}),
        ({"SAHELMAP_SEEDS": "/s"}, {"seeds_dir": Path("/s")}),
        ({"SAHELMAP_POINT_LIMIT": "10"}, {"point_limit": 10}),
        ({"SAHELMAP_POINT_LIMIT": " 1 "}, {"point_limit": 1}),
        ({"SAHELMAP_POINT_LIMIT": ""}, {}),  # the default
        ({"UNRELATED": "x"}, {}),
    ],
)
def test_from_env(env, expected):
    s = Settings.from_env(env)
    for name, value in {**Settings().__dict__, **expected}.items():
        assert getattr(s, name) == value


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"SAHELMAP_POINT_LIMIT": "many"}, "SAHELMAP_POINT_LIMIT='many'"),
        ({"SAHELMAP_POINT_LIMIT": "1.5"}, "SAHELMAP_POINT_LIMIT='1.5'"),
        ({"SAHELMAP_POINT_LIMIT": "0"}, "SAHELMAP_POINT_LIMIT=0"),
        ({"SAHELMAP_POINT_LIMIT": "-3"}, "SAHELMAP_POINT_LIMIT=-3"),
        ({"SAHELMAP_STORE": f"data{os.sep}"}, "SAHELMAP_STORE="),
    ],
)
def test_invalid_values_name_the_variable(env, fragment):
    with pytest.raises(ConfigError) as info:
        Settings.from_env(env)
    assert fragment in str(info.value)


def test_store_that_is_a_directory(tmp_path):
    with pytest.raises(ConfigError, match="SAHELMAP_STORE") as info:
        Settings.from_env({"SAHELMAP_STORE": str(tmp_path)})
    assert str(tmp_path) in str(info.value)


def test_config_error_is_a_value_error():
    assert issubclass(ConfigError, ValueError)


def test_reads_os_environ_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("SAHELMAP_STORE", str(tmp_path / "e.gpkg"))
    monkeypatch.setenv("SAHELMAP_POINT_LIMIT", "42")
    s = Settings.from_env()
    assert s.store == str(tmp_path / "e.gpkg")
    assert s.point_limit == 42


def test_settings_frozen_and_hashable():
    s = Settings()
    with pytest.raises(AttributeError):
        s.point_limit = 5  # type: ignore[misc]
    assert hash(s) == hash(Settings())


def test_loading_does_not_touch_the_filesystem(tmp_path):
    target = tmp_path / "not" / "yet" / "events.gpkg"
    Settings.from_env({"SAHELMAP_STORE": str(target), "SAHELMAP_SEEDS": str(tmp_path / "s")})
    assert list(tmp_path.iterdir()) == []
