"""UCDP GED import: a real extract (GED 24.1-style and the GED 25.1 Bamako row)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from events.frame import frame_from_table
from events.importers import import_file
from events.importers.actors import normalise_actor
from events.importers.ucdp import DATE_PREC, WHERE_PREC
from events.io.store import open_store

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "ucdp_ged_sample.csv"
BAMAKO = DATA / "ucdp_ged251_bamako.csv"


@pytest.fixture(scope="module")
def sample():
    result = import_file(SAMPLE, "ucdp")
    assert result.rejects == []
    return result.events.set_index("event_id")


def test_sample_counts():
    result = import_file(SAMPLE, "ucdp")
    assert result.counts == {"rows": 13, "kept": 13, "rejected": 0}


def test_first_row_field_by_field(sample):
    # GED 219115: AQIM attack on Ouagadougou hotels, 15-16 Jan 2016
    ev = sample.loc["ucdp-219115"]
    assert ev["event_date"] == pd.Timestamp("2016-01-15")
    assert ev["time_precision"] == 2  # date_prec 2: within 2-6 days
    assert ev["event_type"] == "Violence against civilians"  # type_of_violence 3
    assert ev["sub_event_type"] == "Attack"
    assert (ev["actor1"], ev["actor2"]) == ("AQIM", "Civilians")
    assert (ev["iso3"], ev["country"]) == ("BFA", "Burkina Faso")
    assert (ev["admin1"], ev["admin2"]) == ("Centre", "Kadiogo")
    assert ev["location"] == "Ouagadougou"
    assert (ev["latitude"], ev["longitude"]) == (12.370278, -1.524722)
    assert (ev["geo_precision"], ev["uncertainty_m"]) == (1, 2000.0)
    assert (ev["fatalities"], ev["fatalities_low"], ev["fatalities_high"]) == (25, 25, 30)
    assert ev["source"].startswith('"Agence France Presse,2016-01-16,Al-Qaeda attack')
    assert "UCDP GED ALG-2016-3-1391-0" in ev["notes"]
    assert ev["status"] == "verified"


def test_ged251_names_best_high_low():
    result = import_file(BAMAKO, "ucdp")
    ev = result.events.iloc[0]
    assert ev["event_id"] == "ucdp-541666"
    assert ev["event_date"] == pd.Timestamp("2024-09-17")
    assert (ev["fatalities"], ev["fatalities_low"], ev["fatalities_high"]) == (87, 87, 110)
    assert (ev["actor1"], ev["actor2"]) == ("Military Forces of Mali", "JNIM")
    assert (ev["event_type"], ev["admin1"], ev["location"]) == ("Battles", "Bamako", "Bamako")


@pytest.mark.parametrize(
    ("event_id", "geo_precision", "uncertainty_m"),
    [
        ("ucdp-219115", 1, 2_000.0),  # where_prec 1
        ("ucdp-13015", 2, 25_000.0),  # where_prec 2: near a named place
        ("ucdp-25009", 2, 50_000.0),  # where_prec 3
        ("ucdp-339553", 3, 150_000.0),  # where_prec 4
        ("ucdp-357998", 3, 100_000.0),  # where_prec 5
        ("ucdp-256746", 3, 500_000.0),  # where_prec 6
    ],
)
def test_where_prec(sample, event_id, geo_precision, uncertainty_m):
    assert sample.loc[event_id, "geo_precision"] == geo_precision
    assert sample.loc[event_id, "uncertainty_m"] == uncertainty_m


def test_precision_tables_are_complete():
    assert sorted(WHERE_PREC) == [1, 2, 3, 4, 5, 6, 7]
    assert DATE_PREC == {1: 1, 2: 2, 3: 2, 4: 3, 5: 3}


@pytest.mark.parametrize(
    ("event_id", "time_precision"),
    [("ucdp-25009", 1), ("ucdp-240560", 2), ("ucdp-13015", 3)],
)
def test_date_prec(sample, event_id, time_precision):
    assert sample.loc[event_id, "time_precision"] == time_precision


@pytest.mark.parametrize(
    ("event_id", "columns", "expected"),
    [
        (
            "ucdp-277728",
            ("event_type", "actor1", "actor2"),
            ("Battles", "Dan Na Ambassagou", "JNIM"),
        ),
        (
            "ucdp-240560",
            ("actor1", "assoc_actor_1", "actor2"),
            ("GATIA", "MSA", "Islamic State Sahel"),
        ),
        ("ucdp-195736", ("actor1", "admin1"), ("Islamic State West Africa", "Diffa")),
        ("ucdp-254293", ("actor2", "admin1"), ("Islamic State Sahel", "Tillabéri")),
        ("ucdp-275458", ("actor2",), ("Katiba Macina",)),
        ("ucdp-274443", ("admin1",), ("Centre-Nord",)),
        ("ucdp-240560", ("admin1",), ("Ménaka",)),
    ],
)
def test_actors_and_admin1(sample, event_id, columns, expected):
    assert tuple(sample.loc[event_id, list(columns)]) == expected


def test_admin1_unknown_name_is_joined_and_country_level_is_not(sample):
    # "Timetrine region" (carved out of Kidal) is not in the 2021 boundaries
    assert sample.loc["ucdp-2719", "admin1"] == "Kidal"
    assert "Timetrine region" in sample.loc["ucdp-2719", "notes"]
    # where_prec 6: a country centroid gets no region
    assert sample.loc["ucdp-256746", "admin1"] == ""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Government of Mali", "Military Forces of Mali"),
        ("Government of Burkina Faso", "Military Forces of Burkina Faso"),
        ("Government of Niger", "Military Forces of Niger"),
        ("IS", "Islamic State Sahel"),
        ("ISGS", "Islamic State Sahel"),
        ("IS Sahel", "Islamic State Sahel"),
        ("JNIM", "JNIM"),
        ("AQIM", "AQIM"),
        ("Ansaroul Islam", "Ansaroul Islam"),
        ("al-Murabitun", "Al-Mourabitoune"),
        ("Wagner Group", "Wagner Group"),
        ("Civilians", "Civilians"),
        ("Dozos (Mali)", "Dozos (Mali)"),
        ("Koglweogo", "Koglweogo"),
    ],
)
def test_normalise_actor(name, expected):
    assert normalise_actor(name) == expected


def test_reimport_adds_nothing(tmp_path):
    store = open_store(tmp_path / "events.gpkg")
    assert store.append(import_file(SAMPLE, "ucdp").events) == 13
    version = store.version()
    assert store.append(import_file(SAMPLE, "ucdp").events) == 0
    assert store.version() == version
    assert len(store.load_frame()) == 13


def test_imported_frame_round_trips_through_the_store(tmp_path):
    events = import_file(SAMPLE, "ucdp").events
    store = open_store(tmp_path / "events.gpkg")
    store.append(events)
    loaded = store.load_frame().set_index("event_id").sort_index()
    expected = frame_from_table(pd.DataFrame(events)).set_index("event_id").sort_index()
    assert loaded["fatalities_high"].tolist() == expected["fatalities_high"].tolist()
    assert loaded["admin1"].tolist() == expected["admin1"].tolist()
    assert loaded["event_date"].min().date() == dt.date(1990, 7, 1)


def test_low_above_high_keeps_best_and_drops_range(tmp_path):
    text = BAMAKO.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = text[1]
    # GED 25.1 row ends with best,high,low,gwnoa,gwnob = 87,110,87,432,
    assert row.endswith(",87,110,87,432,")
    bad = tmp_path / "ged.csv"
    bad.write_text("\n".join([",".join(header), row[: -len(",87,110,87,432,")] + ",87,80,90,432,"]))
    result = import_file(bad, "ucdp")
    ev = result.events.iloc[0]
    assert ev["fatalities"] == 87
    assert pd.isna(ev["fatalities_low"])
    assert pd.isna(ev["fatalities_high"])
    assert "range dropped" in ev["notes"]


def bamako_with(tmp_path, **changes):
    with BAMAKO.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    path = tmp_path / "ged.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows({**r, **changes} for r in rows)
    return path


@pytest.mark.parametrize(
    ("code_status", "status", "reason"),
    [
        ("Clear", "verified", ""),
        ("Check deaths", "draft", "UCDP code_status: Check deaths"),
        ("Check dyad", "draft", "UCDP code_status: Check dyad"),
    ],
)
def test_code_status_other_than_clear_is_a_draft_with_its_reason(
    tmp_path, code_status, status, reason
):
    result = import_file(bamako_with(tmp_path, code_status=code_status), "ucdp")
    ev = result.events.iloc[0]
    assert (ev["status"], ev["status_reason"]) == (status, reason)


def test_ucdp_fields_kept_as_columns():
    ev = import_file(BAMAKO, "ucdp").events.set_index("event_id").loc["ucdp-541666"]
    assert ev["type_of_violence"] == 1
    assert ev["date_end"] == "2024-09-17"
    got = [ev[c] for c in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")]
    assert got == [77, 10, 0, 0]
    assert (ev["source_actor1"], ev["source_actor2"]) == ("Government of Mali", "JNIM")


def test_date_end_before_start_is_rejected(tmp_path):
    result = import_file(bamako_with(tmp_path, date_end="2024-09-01"), "ucdp")
    assert [r.reason for r in result.rejects] == ["date_end '2024-09-01' is before date_start"]
