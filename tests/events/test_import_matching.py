"""Cross-source matching on import: an ACLED row of a stored incident links to it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from events.cli import main
from events.defaults import build_default_store
from events.frame import to_frame
from events.importers.matching import find_links, plan_matches
from events.io.store import open_store
from tests.conftest import make_event

ROOT = Path(__file__).resolve().parents[2]
CODEBOOK_FILE = ROOT / "tests" / "data" / "acled_codebook.csv"
SEEDS = ("seed-000-airport", "seed-000-gendarmerie-school")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    path = tmp_path_factory.mktemp("shipped") / "events.gpkg"
    build_default_store(open_store(path), ROOT / "seeds")
    return path


@pytest.fixture
def store_path(shipped, tmp_path):
    path = tmp_path / "events.gpkg"
    shutil.copy(shipped, path)
    return path


@pytest.fixture
def bamako_row(tmp_path):
    """The ACLED row of the 17 September 2024 Bamako attack, alone in a file."""
    with CODEBOOK_FILE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    path = tmp_path / "acled_bamako.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([rows[0], rows[1]])
    assert rows[1][:2] == ["MLI9001", "2024-09-17"]
    return path


def bamako_day(store_path):
    frame = open_store(store_path).load_frame()
    return frame[frame["event_date"].dt.strftime("%Y-%m-%d") == "2024-09-17"]


def test_acled_row_of_the_bamako_attack_links_to_the_seed_event(store_path, bamako_row, capsys):
    before = bamako_day(store_path)
    count = open_store(store_path).count()
    assert main(["import", str(bamako_row), "--format", "acled", "--store", str(store_path)]) == 0
    err = capsys.readouterr().err
    assert "1 row linked to 1 stored events of another source" in err
    assert "acled-MLI9001 -> seed-000-gendarmerie-school" in err
    after = bamako_day(store_path).set_index("event_id")
    assert open_store(store_path).count() == count  # one incident, no second point
    assert "acled-MLI9001" not in after.index
    school = after.loc["seed-000-gendarmerie-school"]
    assert "acled-MLI9001 (ACLED: Le Monde; Reuters)" in school["source"]
    assert '"claimant":"ACLED acled-MLI9001","low":77,"high":77' in school["fatality_claims"]
    # fatalities not summed: every event of the day keeps its toll
    assert after["fatalities"].sum() == before["fatalities"].sum()
    assert school["fatalities"] == before.set_index("event_id").loc[school.name, "fatalities"]
    history = open_store(store_path).history("seed-000-gendarmerie-school")
    assert history[-1].action == "merge"


def test_linking_again_changes_nothing(store_path, bamako_row):
    args = ["import", str(bamako_row), "--format", "acled", "--store", str(store_path)]
    main(args)
    once = bamako_day(store_path)
    main(args)
    again = bamako_day(store_path)
    assert again["source"].tolist() == once["source"].tolist()
    assert again["fatality_claims"].tolist() == once["fatality_claims"].tolist()


@pytest.mark.parametrize(("mode", "stored"), [("keep", True), ("skip", False)])
def test_keep_or_skip(store_path, bamako_row, capsys, mode, stored):
    before = bamako_day(store_path)
    args = ["import", str(bamako_row), "--format", "acled", "--store", str(store_path)]
    assert main([*args, "--match", mode]) == 0
    assert f"1 row matching stored events of another source {'kept' if stored else 'skipped'}" in (
        capsys.readouterr().err
    )
    after = bamako_day(store_path)
    assert ("acled-MLI9001" in set(after["event_id"])) is stored
    seeds = after[after["event_id"].isin(SEEDS)]["source"].tolist()
    assert seeds == before[before["event_id"].isin(SEEDS)]["source"].tolist()


def event(event_id, **changes):
    return make_event(event_id=event_id, **changes)


@pytest.mark.parametrize(
    ("row", "linked"),
    [
        (event("acled-1"), "actor JNIM"),
        (event("acled-1", latitude=12.75), "actor JNIM"),  # ~17 km north
        (event("acled-1", latitude=12.9), None),  # ~33 km: too far
        (event("acled-1", event_date=make_event().event_date.replace(day=19)), None),  # 2 days
        (event("acled-1", actor1="ISSP"), "same type Battles"),
        (event("acled-1", actor1="ISSP", event_type="Protests", sub_event_type=""), None),
        (event("seed-9"), None),  # same source as the stored event: never linked
    ],
)
def test_find_links(row, linked):
    stored = to_frame([event("seed-1")])
    links = find_links(to_frame([row]), stored)
    assert [lk.reason for lk in links] == ([linked] if linked else [])


def test_link_prefers_a_shared_actor_over_a_closer_event_of_the_same_type():
    stored = to_frame([event("seed-near", actor1="ISSP"), event("seed-far", latitude=12.7)])
    plan = plan_matches(to_frame([event("acled-1")]), stored, mode="link")
    assert [(lk.stored_id, lk.reason) for lk in plan.links] == [("seed-far", "actor JNIM")]
    assert plan.new.empty
    assert plan.grown["event_id"].tolist() == ["seed-far"]


def test_unknown_mode():
    with pytest.raises(ValueError, match="'merge'"):
        plan_matches(to_frame([]), to_frame([]), mode="merge")
