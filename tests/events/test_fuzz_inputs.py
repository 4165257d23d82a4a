"""Fuzzing the two doors of the store: mangled import files and arbitrary report text.

Whatever the input, the answer is a clear error (``EventImportError`` naming the
file, ``IngestError``) or a result in which every row is either kept or reported:
never a traceback, never a row lost without a reason.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events.actors import load_actor_registry
from events.importers import EventImportError, import_file
from extract import extract_events
from extract.report import IngestError, parse_report, read_report
from geo.gazetteer import load_gazetteer

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLES = {
    "ucdp": (DATA / "ucdp_ged_sample.csv").read_bytes(),
    "acled": (DATA / "acled_bad_rows.csv").read_bytes(),
}
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@st.composite
def mangled(draw: st.DrawFn) -> tuple[str, bytes]:
    """A real sample with some of its lines, cells or bytes changed."""
    fmt = draw(st.sampled_from(sorted(SAMPLES)))
    lines = SAMPLES[fmt].split(b"\n")
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["cell", "bytes", "drop", "dup", "cut"]))
        cells = lines[i].split(b",")
        if kind == "cell" and cells:
            j = draw(st.integers(0, len(cells) - 1))
            cells[j] = draw(
                st.sampled_from(
                    [b"", b"1e20", b"9" * 30, b"-1", b"nan", b'"', b"2024-02-30", b"\xff\xfe",
                     b"\"a\nb\"", b"NULL", b"999.5", b"  ", b"<script>"]
                )
            )  # fmt: skip
            lines[i] = b",".join(cells)
        elif kind == "bytes":
            lines[i] = draw(st.binary(max_size=40))
        elif kind == "drop" and len(lines) > 1:
            del lines[i]
        elif kind == "dup":
            lines.insert(i, lines[i])
        elif kind == "cut":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
    return fmt, b"\n".join(lines)


@FUZZ
@given(case=mangled(), zipped=st.booleans(), truncate=st.booleans())
def test_import_never_crashes_and_accounts_for_every_row(tmp_path, case, zipped, truncate):
    fmt, data = case
    name = "upload.csv.gz" if zipped else "upload.csv"
    raw = gzip.compress(data) if zipped else data
    if zipped and truncate:
        raw = raw[: len(raw) // 2]
    path = tmp_path / name
    path.write_bytes(raw)
    try:
        result = import_file(path, fmt, display_name="my file.csv")
    except EventImportError as exc:
        error = str(exc)
    else:
        error = ""
    if error:
        assert "my file.csv" in error
        assert str(tmp_path) not in error
        return
    counts = result.counts
    assert counts["kept"] + counts["rejected"] == counts["rows"]
    assert len(result.events) == counts["kept"]
    assert len(result.rejects) == counts["rejected"]
    assert all(r.reason for r in result.rejects)
    assert not result.events["event_id"].duplicated().any()


@FUZZ
@given(text=st.text(max_size=600), published=st.one_of(st.none(), st.dates()))
def test_any_text_gives_drafts_or_a_clear_error(text, published):
    try:
        doc = parse_report(text, file_name="paste.txt", published=published)
    except IngestError as exc:
        error = str(exc)
    else:
        error = ""
    if error:
        assert "paste.txt" in error
        return
    for event in extract_events(doc, gazetteer=load_gazetteer(), registry=load_actor_registry()):
        for quotes in event.evidence.values():
            for q in quotes:
                assert doc.text[q.start : q.end] == q.quote


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_file_is_read_or_refused_by_name(tmp_path, data):
    path = tmp_path / "report.txt"
    path.write_bytes(data)
    try:
        read_report(path)
    except IngestError as exc:
        error = str(exc)
    else:
        error = ""
    assert not error or "report.txt" in error
