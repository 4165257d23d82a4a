"""A news report to code: its text and metadata, read from a file with an optional header.

A report file may start with a small header, then a blank line::

    published: 2024-09-18
    url: https://example.org/article
    source: Agenzia Fides

    باماكو – ...

Values given by the caller (CLI flags, the app form) override the header.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from extract.language import LANGUAGES

#: Larger files are refused (a news report is a few kB; 10 MB is a mistake).
MAX_BYTES = 2_000_000
#: More control or replacement characters than this (or than 2 % of the text): refused.
_MAX_ODD = 50
_HEADER_LINE = re.compile(r"^(published|date|url|source|lang|language)\s*:\s*(.*?)\s*$", re.I)


class IngestError(ValueError):
    """A report cannot be read or coded; the message names the file and the bad value."""

    def __init__(self, file_name: str, reason: str) -> None:
        self.file_name = file_name
        self.reason = reason
        super().__init__(f"{file_name}: {reason}")


@dataclass(frozen=True)
class Report:
    """One news report: ``text`` is the body (header removed) that evidence offsets index."""

    text: str
    published: dt.date | None = None
    url: str = ""
    source: str = ""
    language: str = ""
    file_name: str = ""
    #: What a reader should know (a few lost characters); never part of the content key.
    warnings: tuple[str, ...] = ()

    def content_key(self) -> str:
        """Return a digest of the normalised text: the same report gives the same key.

        Unicode NFC, whitespace runs collapsed: a report re-saved with other line
        endings, pasted or read from another folder keeps its key (and its event ids).
        """
        normal = " ".join(unicodedata.normalize("NFC", self.text).split())
        return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:24]


def parse_published(value: str | dt.date | None, *, file_name: str = "<text>") -> dt.date | None:
    """Parse a publication date (``YYYY-MM-DD``); raise :class:`IngestError` naming the value."""
    if value is None or isinstance(value, dt.date):
        return value
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise IngestError(file_name, f"publication date {value!r} is not YYYY-MM-DD") from None


def parse_report(
    raw: str,
    *,
    file_name: str = "<text>",
    published: str | dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
    language: str | None = None,
) -> Report:
    r"""Split an optional header from ``raw`` and return the :class:`Report`.

    Raises
    ------
    IngestError
        On a bad date or language, or text that is not a readable report.

    Example
    -------
    >>> r = parse_report("published: 2024-09-18\nsource: Fides\n\nHier à Gao...")
    >>> (r.published.isoformat(), r.source, r.text)
    ('2024-09-18', 'Fides', 'Hier à Gao...')
    """
    header, body = _split_header(raw)
    _check_text(body, file_name)
    lang = (language or header.get("lang") or header.get("language") or "").strip().lower()
    if lang and lang not in LANGUAGES:
        raise IngestError(file_name, f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    pub = parse_published(
        published if published is not None else header.get("published") or header.get("date"),
        file_name=file_name,
    )
    return Report(
        text=body,
        published=pub,
        url=url if url is not None else header.get("url", ""),
        source=source if source is not None else header.get("source", ""),
        language=lang,
        file_name=file_name,
        warnings=text_warnings(body),
    )


def read_report(path: str | Path, **overrides: str | dt.date | None) -> Report:
    """Read a report file (UTF-8, at most ``MAX_BYTES``) and parse it.

    Raises
    ------
    IngestError
        For a missing, empty, binary, too large or non-UTF-8 file.
    """
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(name, f"file is {size} bytes, more than {MAX_BYTES}: not a report")
        # never more than MAX_BYTES + 1: a device or a pipe ("/dev/urandom") has no size
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise IngestError(name, f"cannot read file: {exc.strerror or exc}") from exc
    return parse_report(decode_report(data, name), file_name=name, **overrides)  # type: ignore[arg-type]


def decode_report(data: bytes, file_name: str) -> str:
    """Decode report bytes as UTF-8 (BOM allowed); refuse binary or mis-encoded data."""
    if len(data) > MAX_BYTES:
        raise IngestError(file_name, f"{len(data)} bytes, more than {MAX_BYTES}: not a report")
    if b"\x00" in data[:65536]:
        raise IngestError(file_name, "binary file (NUL bytes), not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(
            file_name, f"not UTF-8 text (byte {data[exc.start]:#04x} at offset {exc.start})"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_header(raw: str) -> tuple[dict[str, str], str]:
    lines = raw.split("\n")
    header: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, "\n".join(lines[i + 1 :])
            return {}, raw
        m = _HEADER_LINE.match(line)
        if not m:
            return {}, raw
        header[m.group(1).lower()] = m.group(2)
    return ({}, raw) if not header else (header, "")


def text_warnings(text: str) -> tuple[str, ...]:
    """Return warnings about a readable text: a few replacement or control characters.

    Example
    -------
    >>> text_warnings("Attaque à Gao \ufffd hier.")
    ('1 replacement character(s) (U+FFFD): some letters were lost before the text got here',)
    """
    out = []
    bad = text.count("\ufffd")
    if bad:
        out.append(
            f"{bad} replacement character(s) (U+FFFD): some letters were lost before the text "
            "got here"
        )
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\t")
    if controls:
        out.append(f"{controls} control character(s) in the text, read as spaces")
    return tuple(out)


def _check_text(text: str, file_name: str) -> None:
    if not text.strip():
        raise IngestError(file_name, "empty report: no text to code")
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\t")
    # UTF-8 read as Latin-1 / Windows-1252 and saved again: "Ã©" for "é", "Ø§" for "ا"
    mojibake = sample.count("Ã") + sample.count("Ø") + sample.count("Ù")
    if mojibake * 100 > len(sample) and mojibake >= 3:
        raise IngestError(file_name, "text is mis-encoded (UTF-8 decoded twice: 'Ã©', 'Ø§')")
    odd = controls + sample.count("\ufffd")
    if odd > _MAX_ODD or (odd > 5 and odd * 50 > len(sample)):
        raise IngestError(
            file_name,
            f"text looks binary or mis-encoded ({odd} control/replacement characters)",
        )
