"""Readers of the gazetteer sources for ``make_villages.py``: one function per source.

Each reader returns `Row` records (name, point, rank, feature, aliases, admin names
when the source has them); merging, locating and writing are ``make_villages.py``'s.
"""

from __future__ import annotations

import csv
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

#: GeoNames feature codes kept: (rank, feature). Lower rank = preferred among homonyms;
#: ranks 6+ are not settlements (wells, wadis, lakes, forests) and lose to a village.
GEONAMES_CODES: dict[str, tuple[int, str]] = {
    "PPLA": (0, "settlement"), "PPLA2": (0, "settlement"), "PPLA3": (0, "settlement"),
    "PPLA4": (1, "settlement"), "PPLC": (0, "settlement"), "PPL": (1, "settlement"),
    "PPLX": (2, "settlement"), "PPLL": (2, "settlement"), "PPLS": (2, "settlement"),
    "PPLF": (3, "settlement"), "PPLR": (3, "settlement"), "MNAU": (3, "mine"),
    "MN": (3, "mine"), "MNQR": (4, "mine"), "CMPMN": (3, "mine"), "CMPRF": (3, "camp"),
    "CMP": (4, "camp"), "MKT": (3, "market"), "INSM": (3, "military"), "MILB": (3, "military"),
    "AIRF": (4, "airfield"), "AIRP": (4, "airfield"), "OAS": (4, "oasis"),
    "LCTY": (5, "locality"), "WLL": (6, "well"), "WLLS": (6, "well"), "WLLQ": (6, "well"),
    "WTRH": (6, "well"), "WAD": (7, "wadi"), "WADS": (7, "wadi"), "PND": (7, "lake"),
    "PNDI": (7, "lake"), "PNDS": (7, "lake"), "LK": (7, "lake"), "LKI": (7, "lake"),
    "FRST": (7, "forest"), "RESF": (7, "forest"), "RESW": (7, "forest"), "PRK": (7, "forest"),
}  # fmt: skip
#: OSM ``place`` values kept, with their rank.
OSM_VALUES: dict[str, int] = {
    "city": 0, "town": 0, "village": 1, "hamlet": 2, "isolated_dwelling": 3, "locality": 5,
}  # fmt: skip
OSM_FILES = {"mali.sqlite": "MLI", "burkina-faso.sqlite": "BFA", "niger.sqlite": "NER"}
#: Source order among same-rank homonyms (GeoNames first: it has the alternate names).
SOURCE_ORDER = {"gv": 0, "ocha": 1, "osm": 2, "ner": 3}
_XLSX = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Row:
    """One village record before writing."""

    place_id: str
    name: str
    rank: int
    latitude: float
    longitude: float
    aliases: list[str] = field(default_factory=list)
    iso3: str = ""
    admin1: str = ""
    feature: str = "settlement"
    admin2: str = ""
    admin3: str = ""
    #: 0: the village default; a row placed at its commune's centre has that radius.
    uncertainty_m: float = 0.0
    geo_precision: int = 1

    @property
    def source(self) -> str:
        """Return the id prefix: ``gv``, ``ocha`` or ``osm``."""
        return self.place_id.split(":", 1)[0]


def keep_alias(alias: str) -> bool:
    """Return True for a Latin or Arabic alternate name that is not a transliteration."""
    letters = [ch for ch in alias if ch.isalpha()]
    if len(letters) < 3 or any(ch.isdigit() for ch in alias):
        return False
    arabic = all("\u0600" <= ch <= "\u06ff" for ch in letters)
    latin = all(ch < "\u0250" for ch in letters)
    if not (arabic or latin):
        return False
    # all-lowercase Latin alternates are machine transliterations ("bamakw")
    return arabic or not all(ch.islower() for ch in letters)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("TierÃ©" -> "Tiéré"), as in some OCHA names."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return text


def read_geonames(root: Path, skip: set[str]) -> list[Row]:
    """Return the kept GeoNames rows of ML, BF and NE, except the ids in ``skip``.

    admin2 (cercle, province, département) is named from the dump's own ADM2 rows.
    """
    rows = []
    for iso2 in ("ML", "BF", "NE"):
        path = root / "geonames" / f"{iso2}.txt"
        if not path.exists():
            continue
        lines = [ln.rstrip("\n").split("\t") for ln in path.open(encoding="utf-8")]
        adm2 = {(f[10], f[11]): f[1] for f in lines if f[7] == "ADM2"}
        for f in lines:
            code = f[7]
            if code not in GEONAMES_CODES or f[6] not in "PSLHV" or f"gn:{f[0]}" in skip:
                continue
            rank, feature = GEONAMES_CODES[code]
            alts = [a for a in f[3].split(",") if a and keep_alias(a)]
            row = Row(f"gv:{f[0]}", f[1], rank, float(f[4]), float(f[5]), alts, feature=feature)
            row.admin2 = adm2.get((f[10], f[11]), "")
            rows.append(row)
    return rows


def read_osm(root: Path) -> list[Row]:
    """Return the OSM place nodes (one row per node id)."""
    rows: dict[int, Row] = {}
    for name in OSM_FILES:
        path = root / "osm_obiwanlansi_2019" / name
        if not path.exists():
            continue
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        query = "SELECT ID, LAT, LON, NAME, NAME_EN, VALUE FROM NODE WHERE TAG = 'place'"
        for node_id, lat, lon, nm, nm_en, value in con.execute(query):
            if not nm or value not in OSM_VALUES or node_id in rows:
                continue
            alts = [nm_en] if nm_en and nm_en != nm else []
            feature = "locality" if value == "locality" else "settlement"
            rows[node_id] = Row(
                f"osm:{node_id}", nm.strip(), OSM_VALUES[value], lat, lon, alts, feature=feature
            )
        con.close()
    return list(rows.values())


def read_ocha_mali(root: Path) -> list[Row]:
    """Return OCHA's Mali settlements (2015): name, point, cercle and commune.

    The sheet is read with the standard library (an xlsx is zipped XML).
    """
    path = root / "ocha_mali_settlements_2015" / "localites.xlsx"
    if not path.exists():
        return []
    rows = []
    for rec in _read_xlsx(path):
        name = fix_mojibake(rec.get("featureNam", "").strip())
        try:
            lon, lat = float(rec["longitude"]), float(rec["latitude"])
        except (KeyError, ValueError):
            continue
        if not name or not (-13 <= lon <= 5 and 10 <= lat <= 25.5):
            continue
        capital = "Capital" in rec.get("popPlace_1", "")
        alts = [fix_mojibake(rec[k].strip()) for k in ("featureAlt", "featureA_1") if rec.get(k)]
        alts = [a for a in alts if a]
        row = Row(f"ocha:{rec.get('pcode', '')}", name, 0 if capital else 1, lat, lon, alts)
        row.admin2, row.admin3 = rec.get("admin2Name", ""), rec.get("admin3Name", "")
        rows.append(row)
    return rows


def _read_xlsx(path: Path) -> list[dict[str, str]]:
    """Return the first sheet of an xlsx as dicts keyed by the header row."""
    with zipfile.ZipFile(path) as zf:
        strings: list[str] = []
        if "xl/sharedStrings.xml" in zf.namelist():
            root = ElementTree.fromstring(zf.read("xl/sharedStrings.xml"))
            strings = ["".join(t.text or "" for t in si.iter(f"{_XLSX}t")) for si in root]
        sheet = ElementTree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
    table: list[dict[str, str]] = []
    for row in sheet.iter(f"{_XLSX}row"):
        cells: dict[str, str] = {}
        for c in row.iter(f"{_XLSX}c"):
            col = re.sub(r"\d", "", c.get("r", ""))
            v = c.find(f"{_XLSX}v")
            if c.get("t") == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{_XLSX}t"))
            elif v is None or v.text is None:
                continue
            else:
                text = strings[int(v.text)] if c.get("t") == "s" else v.text
            cells[col] = text
        table.append(cells)
    if not table:
        return []
    header = table[0]
    return [{header[k]: v for k, v in r.items() if k in header} for r in table[1:]]


@dataclass(frozen=True)
class Localite:
    """One Niger localité of the names-only list, with its commune."""

    name: str
    commune: str
    departement: str
    region: str
    localite_id: str = ""


def read_niger_localites(root: Path, communes_csv: Path) -> list[Localite]:
    """Return Niger's localités with commune, département and region names.

    ``localites.sql`` links each name to a commune id; ``communes_csv`` (committed
    beside this script) names the commune, its département and region.
    """
    path = root / "niger_localites_elbrahms" / "localites.sql"
    if not path.exists() or not communes_csv.exists():
        return []
    with communes_csv.open(encoding="utf-8", newline="") as fh:
        communes = {r["commune_id"]: r for r in csv.DictReader(fh)}
    pattern = re.compile(r'^\((?P<id>\d+), "(?P<name>(?:[^"\\]|\\.)*)", (?P<commune>\d+)\)[,;]$')
    out = []
    for line in path.open(encoding="utf-8"):
        m = pattern.match(line.strip())
        if m is None or m["commune"] not in communes:
            continue
        c = communes[m["commune"]]
        # the dump lower-cased "ID" inside names ("GUidAN"): names are upper case
        name = m["name"].upper()
        out.append(Localite(name, c["commune"], c["departement"], c["region"], m["id"]))
    return out
