"""Dependency-direction guards (STYLE.md "Shape and dependency direction"), by AST."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", ".git", "tests", "__pycache__", "build", "node_modules"}


def python_files(*parts: str) -> list[Path]:
    base = ROOT.joinpath(*parts)
    return sorted(
        p
        for p in base.rglob("*.py")
        if not SKIP_DIRS.intersection(p.relative_to(ROOT).parts) and ".egg-info" not in str(p)
    )


@functools.cache
def imported_modules(path: Path) -> frozenset[str]:
    """Every module a file imports, anywhere in it (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return frozenset(names)


def imports_package(path: Path, package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in imported_modules(path))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def is_streamlit_edge(path: Path) -> bool:
    r = rel(path)
    # app.py's parts (app_cache.py: the cached loads the pages share, app_auth.py: the
    # login widgets, app_map.py, app_filters.py ...) are the Streamlit edge, with pages/.
    # bench/floor_page.py is the benchmarks' floor: a Streamlit page with one map.
    return re.fullmatch(r"app(_[a-z]+)?\.py", r) is not None or (
        (r.startswith("pages/") and r.count("/") == 1) or r == "bench/floor_page.py"
    )


def test_guard_sees_the_project():
    files = {rel(p) for p in python_files()}
    assert {"app.py", "events/frame.py", "layers/points.py", "geo/gazetteer.py"} <= files


def test_guard_detects_imports(tmp_path):
    sample = tmp_path / "x.py"
    sample.write_text(
        "import streamlit as st\n"
        "def f():\n    from events.io.store import open_store\n"
        "from layers import points\n",
        encoding="utf-8",
    )
    assert imports_package(sample, "streamlit")
    assert imports_package(sample, "events.io.store")
    assert imports_package(sample, "events")
    assert imports_package(sample, "layers")
    assert not imports_package(sample, "geo")
    assert not imports_package(sample, "stream")


def test_app_imports_streamlit():
    assert imports_package(ROOT / "app.py", "streamlit")


def test_streamlit_only_in_app_and_pages():
    offenders = [
        rel(p)
        for p in python_files()
        if not is_streamlit_edge(p) and imports_package(p, "streamlit")
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["events", "layers", "streamlit"])
def test_geo_is_generic(package):
    offenders = [rel(p) for p in python_files("geo") if imports_package(p, package)]
    assert offenders == []


@pytest.mark.parametrize("module", ["events.io", "streamlit"])
def test_layers_never_touch_the_store_or_streamlit(module):
    offenders = [rel(p) for p in python_files("layers") if imports_package(p, module)]
    assert offenders == []


def test_library_never_imports_the_edges():
    offenders = [
        rel(p)
        for folder in ("events", "geo", "layers")
        for p in python_files(folder)
        if any(re.fullmatch(r"app(_[a-z]+)?", name.split(".")[0]) for name in imported_modules(p))
    ]
    assert offenders == []


# The two `sahelmap` edges of events/ that read reports: the ingest command and the
# review functions behind the Add report page. The record itself never reads text.
EVENTS_EXTRACT_EDGES = {"events/ingest_cli.py", "events/review.py"}
# What extract/ may use of events/: the record, the actor registry and the folding the
# registry matches with (STYLE.md: extract <- events.model, events.actors, geo).
EXTRACT_MAY_USE = {"events", "events.model", "events.actors", "events.folding"}


def test_events_never_import_extract():
    offenders = [
        rel(p)
        for p in python_files("events")
        if rel(p) not in EVENTS_EXTRACT_EDGES and imports_package(p, "extract")
    ]
    assert offenders == []


@pytest.mark.parametrize("package", ["streamlit", "layers", "app", "events.io", "events.frame"])
def test_extract_stays_a_library(package):
    offenders = [rel(p) for p in python_files("extract") if imports_package(p, package)]
    assert offenders == []


def test_extract_uses_only_the_record_of_events():
    used = {
        name
        for p in python_files("extract")
        for name in imported_modules(p)
        if name == "events" or name.startswith("events.")
    }
    # "events.model.Event" (a name imported from the module) counts as its module
    modules = {n if n in EXTRACT_MAY_USE else n.rsplit(".", 1)[0] for n in used}
    assert modules <= EXTRACT_MAY_USE


def test_extract_layout_is_in_place():
    names = {p.name for p in python_files("extract")}
    layout = "__init__ pipeline report text language dates places actor_mentions cues tolls"
    layout += " frames roles incidents lexicon"
    assert {f"{n}.py" for n in layout.split()} <= names
    assert list((ROOT / "extract" / "lexicons").glob("*.csv"))
