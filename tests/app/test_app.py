"""AppTest of app.py: the filters drive the count, the table and the URL."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from events.io.store import open_store
from tests.conftest import ROOT, make_event


@pytest.fixture
def store(tmp_path, seed_events, monkeypatch):
    """The two seed events plus a protest in Niamey in 2023 (three events in all)."""
    path = tmp_path / "events.gpkg"
    protest = make_event(
        event_id="ner-protest",
        event_date=dt.date(2023, 8, 6),
        event_type="Protests",
        sub_event_type="Peaceful protest",
        actor1="Protesters (Niger)",
        iso3="NER",
        country="Niger",
        admin1="Niamey",
        location="Niamey",
        latitude=13.51,
        longitude=2.11,
        notes="<img src=x onerror=alert(1)>",
    )
    open_store(path).write([*seed_events, protest])
    monkeypatch.setenv("SAHELMAP_STORE", str(path))
    return path


def run(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def url(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return [value] if isinstance(value, str) else list(value)


def shown(at: AppTest) -> str:
    """Return the "N of M events" line under the first figure."""
    (line,) = [c.value for c in at.caption if re.fullmatch(r"\d+ of \d+ events", c.value)]
    return line


def table_ids(at: AppTest) -> set[str]:
    return set(at.dataframe[0].value["event_id"])


def test_default_view_shows_everything(store):
    at = run()
    assert shown(at) == "3 of 3 events"
    assert table_ids(at) == {"seed-000-airport", "seed-000-gendarmerie-school", "ner-protest"}
    assert not at.warning


def test_actor_filter_matches_any_role(store):
    at = run()
    at.multiselect(key="actors").set_value(["Wagner Group"]).run()  # assoc_actor_2 only
    assert shown(at) == "1 of 3 events"
    assert table_ids(at) == {"seed-000-airport"}
    assert url(at, "actor") == ["Wagner Group"]


def test_type_filter_and_url(store):
    at = run(type="Protests")
    assert shown(at) == "1 of 3 events"
    at.multiselect(key="types").set_value(["Battles"]).run()
    assert shown(at) == "2 of 3 events"
    assert url(at, "type") == ["Battles"]


def test_date_inputs_drive_the_view_and_the_slider(store):
    at = run()
    at.date_input(key="start").set_value(dt.date(2024, 1, 1)).run()
    assert shown(at) == "2 of 3 events"
    assert at.slider(key="date_range").value[0] == dt.date(2024, 1, 1)
    assert url(at, "start") == ["2024-01-01"]


def test_slider_drives_the_dates(store):
    at = run()
    at.slider(key="date_range").set_value((dt.date(2023, 8, 6), dt.date(2023, 8, 31))).run()
    assert shown(at) == "1 of 3 events"
    assert at.date_input(key="end").value == dt.date(2023, 8, 31)


def test_url_start_after_the_data_shows_nothing(store):
    at = run(start="2024-09-18")
    assert shown(at) == "0 of 3 events"
    assert at.dataframe[0].value.empty


def test_bad_url_values_warn_and_are_ignored(store):
    at = run(start="17/09/2024", actor=["JNIM", "Nobody"], type="Skirmish", colour="red")
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "start='17/09/2024'" in warnings
    assert "actor='Nobody'" in warnings
    assert "type='Skirmish'" in warnings
    assert "colour='red'" in warnings
    assert shown(at) == "2 of 3 events"  # actor=JNIM kept


def test_actor_options_carry_counts(store):
    at = run()
    options = at.multiselect(key="actors").options
    assert "JNIM (2)" in options
    assert "Military Forces of Mali (2)" in options


def test_country_and_region_filters(store):
    at = run(country="Niger")
    assert shown(at) == "1 of 3 events"
    at = run(admin1="Bamako")
    assert shown(at) == "2 of 3 events"


def test_notes_with_html_reach_the_table_as_text(store):
    at = run(type="Protests")
    notes = at.dataframe[0].value["notes"].tolist()
    assert notes == ["<img src=x onerror=alert(1)>"]


def test_missing_store_is_built_from_seeds(tmp_path, monkeypatch):
    path = tmp_path / "new" / "events.gpkg"
    monkeypatch.setenv("SAHELMAP_STORE", str(path))
    at = run()
    assert path.exists()
    stored = open_store(path).load_frame()
    # The default store: both seed events beside the shipped UCDP history.
    assert {"seed-000-airport", "seed-000-gendarmerie-school"} <= set(stored["event_id"])
    assert stored["event_id"].str.startswith("ucdp-").sum() > 3000
    assert shown(at) == f"{len(stored)} of {len(stored)} events"


def test_filters_survive_a_visit_to_another_page(store):
    at = run()
    at.multiselect(key="types").set_value(["Protests"]).run()
    assert shown(at) == "1 of 3 events"
    at.switch_page("pages/2_Import.py").run()
    assert not at.exception
    at.switch_page("app.py").run()
    assert not at.exception, at.exception
    assert shown(at) == "1 of 3 events"
    assert at.multiselect(key="types").value == ["Protests"]


def timeline(at: AppTest):
    (chart,) = [c for c in at.get("vega_lite_chart") if "Events and fatalities per" in c.proto.spec]
    return chart


def test_timeline_histogram_follows_the_other_filters(store):
    at = run()
    before = timeline(at).proto.spec
    assert "per week" in before or "per month" in before
    at.multiselect(key="types").set_value(["Protests"]).run()
    assert timeline(at).proto.spec != before


def test_timeline_shades_the_chosen_days_on_the_sliders_axis(store):
    at = run(start="2024-01-01", end="2024-09-17")
    spec = json.loads(timeline(at).proto.spec)
    shade = spec["layer"][0]
    assert shade["mark"]["type"] == "rect"
    assert shade["data"]["values"] == [{"start": "2024-01-01", "end": "2024-09-17"}]
    # the axis spans the slider's span: the data's first and last days
    domain = spec["layer"][1]["encoding"]["x"]["scale"]["domain"]
    assert domain == ["2023-08-06", "2024-09-17"]


def test_country_code_in_the_url_filters_that_country(store):
    at = run(country="MLI")
    assert shown(at) == "2 of 3 events"
    assert at.multiselect(key="countries").value == ["Mali"]
    assert table_ids(at) == {"seed-000-airport", "seed-000-gendarmerie-school"}
    assert not at.warning


def test_the_url_always_names_its_days(store):
    at = run()
    assert (url(at, "start"), url(at, "end")) == (["2023-08-06"], ["2024-09-17"])
    one_day = run(start="2024-09-17", end="2024-09-17")  # the last day of the data
    assert (url(one_day, "start"), url(one_day, "end")) == (["2024-09-17"], ["2024-09-17"])


def test_place_search_keeps_events_within_the_distance(store):
    at = run(near="Niamey", km="30")
    assert shown(at) == "1 of 3 events"
    assert table_ids(at) == {"ner-protest"}
    assert (url(at, "near"), url(at, "km")) == (["Niamey"], ["30"])
    at.text_input(key="near").set_value("Bamako").run()
    assert shown(at) == "2 of 3 events"
    at.text_input(key="near").set_value("Nowhere-at-all").run()
    assert shown(at) == "3 of 3 events"
    assert any("Nowhere-at-all" in w.value for w in at.sidebar.warning)


def test_status_and_dataset_filters_from_the_url(store):
    at = run(status="verified")
    assert table_ids(at) == {"seed-000-airport", "seed-000-gendarmerie-school"}
    at = run(dataset="seed")
    assert shown(at) == "2 of 3 events"
    at = run(dataset="UCDP")
    assert shown(at) == "0 of 3 events"
    at = run(status="reviewed")
    assert any("status='reviewed'" in w.value for w in at.sidebar.warning)


def test_table_has_human_headers_dates_without_time_and_a_dataset_column(store):
    at = run()
    table = at.dataframe[0].value
    assert {"status", "dataset"} <= set(table.columns)
    assert set(table["dataset"]) == {"seed", "imported file"}
    assert {str(d) for d in table["event_date"]} == {"2024-09-17", "2023-08-06"}
    assert "None" not in set(table["assoc_actor_2"].astype(str))
