from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from events.frame import to_frame
from events.model import Event, EventType, Evidence, FatalityClaim, Status
from events.review import (
    PENDING,
    REVIEW_FIELDS,
    ReviewError,
    apply_row,
    drafts_table,
    highlight_evidence,
    load_report,
)
from events.save_plan import MERGE, NEW, UPDATE, candidate_events, describe_action, plan_save
from extract import extract_events
from extract.report import IngestError
from tests.events.conftest import SEED


def _event(event_id="d1", *, day=17, lat=12.54, lon=-7.94, actor1="JNIM", source="B", **kw):
    return Event(
        event_id=event_id,
        event_date=dt.date(2024, 9, day),
        event_type=EventType.BATTLES,
        sub_event_type="Armed clash",
        actor1=actor1,
        actor2="Military Forces of Mali",
        iso3="MLI",
        country="Mali",
        location="Bamako",
        latitude=lat,
        longitude=lon,
        source=source,
        **kw,
    )


# --- highlight_evidence ------------------------------------------------------------------


def test_highlight_escapes_every_piece_of_text():
    text = "<b>JNIM</b> & co attacked <script>x</script>"
    ev = {"1": {"actor1": (Evidence("JNIM", 3, 7),)}}
    out = highlight_evidence(text, ev, language="en")
    assert "<b>" not in out
    assert "<script>" not in out
    assert "&lt;b&gt;" in out
    assert "&amp; co" in out
    assert "&lt;script&gt;" in out
    assert re.search(r'<mark title="actor1"[^>]*>JNIM</mark>', out)
    assert 'dir="ltr"' in out


def test_highlight_arabic_is_rtl_and_quotes_match_offsets():
    text = SEED.read_text(encoding="utf-8")
    start = text.index("جماعة نصرة الإسلام والمسلمين")
    quote = Evidence("جماعة نصرة الإسلام والمسلمين", start, start + 28)
    out = highlight_evidence(text, {"1": {"actor1": (quote,)}})
    assert 'dir="rtl"' in out
    assert 'lang="ar"' in out
    assert out.count("<mark") == 1


def test_overlapping_spans_do_not_nest_and_titles_name_fields_and_drafts():
    text = "abcdefghij"
    ev = {
        "1": {"event_date": (Evidence("bcd", 1, 4),), "site": (Evidence("cdef", 2, 6),)},
        "2": {"event_date": (Evidence("bcd", 1, 4),)},
    }
    out = highlight_evidence(text, ev, language="en")
    marks = re.findall(r'<mark title="([^"]*)"[^>]*>([^<]*)</mark>', out)
    assert marks == [
        ("event_date [1, 2]", "b"),
        ("event_date [1, 2]; site [1]", "cd"),
        ("site [1]", "ef"),
    ]
    assert "<mark" not in re.sub(r"<mark[^>]*>[^<]*</mark>", "", out)


def test_a_quote_not_matching_its_offsets_is_skipped():
    out = highlight_evidence("Hier à Gao", {"1": {"location": (Evidence("Gao", 0, 3),)}})
    assert "<mark" not in out
    assert out.endswith(">Hier à Gao</div>")


def test_a_title_with_quotes_is_escaped():
    out = highlight_evidence('a"b', {"x": {'a"b': (Evidence('a"b', 0, 3),)}}, language="en")
    assert 'title="a&quot;b"' in out


# --- load_report -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"\x00\x01binary", "binary"),
        ("Attaque à Ménaka".encode("latin-1"), "UTF-8"),
        ("Attaque Ã  MÃ©naka Ã©tÃ© Ã©".encode(), "mis-encoded"),
    ],
)
def test_bad_files_raise_naming_the_file(data, reason):
    with pytest.raises(IngestError, match=rf"^bad\.txt: .*{reason}"):
        load_report(data, file_name="bad.txt")


def test_header_date_wins_over_the_form_default_but_fields_override():
    raw = "published: 2024-09-18\nsource: Header wire\n\nHier à Gao."
    doc = load_report(raw, file_name="r.txt", published=dt.date(2030, 1, 1), source="Form wire")
    assert doc.published == dt.date(2024, 9, 18)
    assert doc.source == "Form wire"
    assert doc.text == "Hier à Gao."
    plain = load_report("Hier à Gao.", file_name="p", published=dt.date(2024, 9, 18))
    assert plain.published == dt.date(2024, 9, 18)
    assert plain.source == ""


# --- drafts_table / apply_row ------------------------------------------------------------


def test_table_round_trip_changes_nothing():
    ev = _event(fatalities=3, fatalities_low=3, fatalities_high=10)
    table = drafts_table([ev], reports=["seed.txt"])
    assert list(table.columns) == ["draft", "report", "decision", *REVIEW_FIELDS]
    row = table.to_dict("records")[0]
    assert row["decision"] == PENDING
    assert row["report"] == "seed.txt"
    assert apply_row(ev, row) is ev


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latitude": 200.0}, "latitude"),
        ({"longitude": float("nan")}, "longitude"),
        ({"latitude": "north"}, "latitude"),
        ({"event_date": "17/09/2024"}, "event_date"),
        ({"event_date": None}, "event_date"),
        ({"event_type": "Skirmish"}, "event_type"),
        ({"sub_event_type": "Air/drone strike"}, "sub_event_type"),
        ({"actor1": "  "}, "actor1"),
        ({"location": ""}, "location"),
        ({"fatalities": -1}, "fatalities"),
        ({"fatalities": 2.5}, "fatalities"),
        ({"fatalities": None}, "fatalities"),
        ({"fatalities_low": 9, "fatalities_high": 3}, "fatalities_low"),
    ],
)
def test_a_bad_edit_names_the_field(changes, field):
    ev = _event()
    row = {**drafts_table([ev]).to_dict("records")[0], **changes}
    with pytest.raises(ReviewError, match=rf"^draft 1: field '{field}'") as info:
        apply_row(ev, row)
    assert info.value.field == field


def test_an_edit_applies_and_drops_the_evidence_of_the_edited_field():
    ev = _event(evidence={"actor1": (Evidence("JNIM", 0, 4),), "location": (Evidence("B", 9, 10),)})
    row = drafts_table([ev]).to_dict("records")[0]
    row.update(
        actor1="Islamic State Sahel",
        event_date=pd.Timestamp("2024-09-16"),
        fatalities=4.0,
        fatalities_low=pd.NA,
        event_type="Violence against civilians",
        sub_event_type="Attack",
    )
    out = apply_row(ev, row)
    assert out.actor1 == "Islamic State Sahel"
    assert out.event_date == dt.date(2024, 9, 16)
    assert out.fatalities == 4
    assert out.fatalities_low is None
    assert out.event_type is EventType.VIOLENCE_AGAINST_CIVILIANS
    assert set(out.evidence) == {"location"}
    assert ev.actor1 == "JNIM"  # the input is untouched


# --- plan_save / candidate_events --------------------------------------------------------


def test_plan_merges_matches_saves_the_rest_as_verified():
    stored = _event(
        "s1", source="A", status=Status.VERIFIED, fatality_claims=(FatalityClaim("JNIM", 24, 99),)
    )
    near = _event("d1", day=18, lat=12.56, fatality_claims=(FatalityClaim("witnesses", 10, 10),))
    far = _event("d2", lat=14.5, lon=-4.2)
    plan = plan_save([near, far], [stored], verify=True)
    assert [a.kind for a in plan.actions] == [MERGE, NEW]
    assert plan.actions[0].target.event_id == "s1"
    assert 0 < plan.actions[0].distance_km < 10
    written = {e.event_id: e for e in plan.events}
    assert set(written) == {"s1", "d2"}
    assert written["s1"].source == "A; B"
    assert [c.claimant for c in written["s1"].fatality_claims] == ["JNIM", "witnesses"]
    assert written["d2"].status is Status.VERIFIED
    assert plan.count(MERGE) == 1
    assert plan.count(NEW) == 1


def test_two_drafts_of_one_event_in_a_batch_are_stored_once():
    a = _event("d1", source="Wire A")
    b = _event("d2", lat=12.55, source="Wire B")
    plan = plan_save([a, b], [], verify=True)
    assert [a.kind for a in plan.actions] == [NEW, MERGE]
    assert plan.actions[1].target_is_new
    assert describe_action(plan.actions[1]) == "merge into the new event d1"
    assert [e.event_id for e in plan.events] == ["d1"]
    assert plan.events[0].source == "Wire A; Wire B"


def test_the_same_report_again_updates_its_record_keeping_sources():
    stored = _event("d1", source="Old wire")  # a CLI ingest of the same report: a draft
    reviewed = _event("d1", source="New wire", fatalities=7)
    plan = plan_save([reviewed], [stored], verify=True)
    assert [a.kind for a in plan.actions] == [UPDATE]
    (out,) = plan.events
    assert out.fatalities == 7
    assert out.status is Status.VERIFIED
    assert out.source == "New wire; Old wire"


def test_candidates_are_the_stored_events_within_a_day():
    frame = to_frame([_event(f"s{d}", day=d) for d in (10, 15, 16, 17, 18, 19, 25)])
    got = candidate_events(frame, [_event(day=17), _event(day=25)])
    assert sorted(e.event_id for e in got) == ["s16", "s17", "s18", "s25"]
    assert candidate_events(frame, []) == []


def test_seed_drafts_plan_to_merge_into_the_seed_events(gaz, registry):
    from events.seeds import load_seed_events

    doc = load_report(SEED.read_bytes(), file_name="seed.txt", published=dt.date(2024, 9, 18))
    drafts = extract_events(doc, gazetteer=gaz, registry=registry)
    stored = load_seed_events(SEED.parent)
    plan = plan_save(drafts, stored, verify=True)
    assert [a.kind for a in plan.actions] == [MERGE, MERGE]
    assert {e.event_id for e in plan.events} == {"seed-000-airport", "seed-000-gendarmerie-school"}
