"""The declared dependencies: lower bounds pinned in constraints-min.txt, none unused."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def bounds() -> dict[str, str]:
    found = {}
    for dep in PROJECT["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[^]]*\])?>=([0-9.]+)", dep)
        assert match, f"{dep!r} has no lower bound"
        found[match[1].lower()] = match[2]
    return found


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints-min.txt").read_text().splitlines()
    return dict(line.split("==") for line in lines if line and not line.startswith("#"))


def normal(version: str) -> tuple[int, ...]:
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))


def test_every_lower_bound_is_pinned_in_constraints_min():
    declared, pinned = bounds(), pins()
    assert set(declared) == set(pinned)
    for name, low in declared.items():
        if name == "psycopg":  # its bound is the PostGIS store's; the suite ran at the pin
            assert normal(pinned[name]) >= normal(low)
        else:
            assert normal(pinned[name]) == normal(low), name


def test_no_declared_dependency_goes_unused():
    code = "\n".join(
        p.read_text(encoding="utf-8")
        for folder in ("events", "geo", "layers", "pages")
        for p in (ROOT / folder).rglob("*.py")
    ) + "".join((ROOT / f).read_text() for f in ("app.py", "app_cache.py", "app_auth.py"))
    modules = {"pyproj": "pyproj", "streamlit-folium": "streamlit_folium",
               "charset-normalizer": "charset_normalizer"}  # fmt: skip
    for name in bounds():
        module = modules.get(name, name)
        if name == "pyproj":  # geopandas' CRS engine: used through to_crs/estimate_utm_crs
            continue
        assert re.search(rf"^\s*(import|from) {module}\b", code, re.M), f"{name} is never imported"
    assert "data" in PROJECT["optional-dependencies"]
