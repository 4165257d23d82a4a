"""What a real-world text file is: its encoding (detected) and its CSV separator (sniffed).

Excel re-saves a CSV in the user's locale: in French, ``;`` between cells, ``,`` as
the decimal mark, a UTF-8 byte-order mark or Windows-1252 text, CRLF line ends. The
importers read UTF-8 with one separator; this module says which separator, and
turns any other encoding into UTF-8 first. The encoding is detected by
charset-normalizer, never guessed by hand.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

#: Encodings a field file comes in: UTF-8, Excel's Windows code pages (Western,
#: Arabic), UTF-16 (Excel's "Unicode text"), old Mac files, ISO Latin-1.
CANDIDATE_ENCODINGS: tuple[str, ...] = (
    "utf_8",
    "cp1252",
    "cp1256",
    "utf_16",
    "mac_roman",
    "latin_1",
)
#: Separators a CSV may use; the one the header line holds most of wins.
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class EncodingError(ValueError):
    """The bytes are in no encoding we can read; ``line`` and ``byte`` name the first bad one."""

    def __init__(self, line: int, byte: int) -> None:
        self.line = line
        self.byte = byte
        super().__init__(f"line {line}: not UTF-8 text (byte {byte:#04x})")


def to_utf8(data: bytes) -> tuple[bytes, str]:
    r"""Return ``data`` as UTF-8 without a byte-order mark, and the encoding it was in.

    Example
    -------
    >>> to_utf8("id;lieu\n1;Ségou\n".encode("cp1252"))[1]
    'cp1252'
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16").encode("utf-8"), "utf_16"
        except UnicodeDecodeError as exc:
            raise EncodingError(1, data[exc.start]) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        return data, "utf_8"
    best = from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    # one accented letter in a long file gives the detector too little to go on:
    # Windows-1252 (Excel's Western code page) is then the likeliest
    for encoding in ([best.encoding] if best is not None else []) + ["cp1252"]:
        try:
            return data.decode(encoding).encode("utf-8"), encoding
        except UnicodeDecodeError:
            continue
    raise EncodingError(data.count(b"\n", 0, first_bad) + 1, data[first_bad])


def sniff_delimiter(header: bytes) -> str:
    """Return the separator of a CSV header line: the candidate it holds most of (``,`` on a tie).

    Column names never hold a separator, so the header alone decides; a cell's
    ``;`` (ACLED's ``"Le Monde; AFP"``) cannot mislead it.

    Example
    -------
    >>> sniff_delimiter(b"event_id_cnty;event_date;latitude")
    ';'
    """
    counts = {d: header.count(d.encode()) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","
