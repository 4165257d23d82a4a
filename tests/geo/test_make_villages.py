"""The village build on tiny sources of each kind: dedup across sources, features, admin names."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo.gazetteer import DEFAULT_PLACES, load_gazetteer

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_villages.py"


def geonames_line(gid, name, lat, lon, fclass, code, cc, alts="", admin1="", admin2=""):
    f = [str(gid), name, name, alts, str(lat), str(lon), fclass, code, cc, "", admin1, admin2]
    return "\t".join([*f, "", "", "0", "", "300", "Africa/Bamako", "2020-01-01"]) + "\n"


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> None:
    def cell(ref: str, value: object) -> str:
        if isinstance(value, str):
            return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
        return f'<c r="{ref}"><v>{value}</v></c>'

    body = []
    for r, values in enumerate([header, *rows], start=1):
        cells = "".join(cell(f"{chr(65 + i)}{r}", v) for i, v in enumerate(values))
        body.append(f'<row r="{r}">{cells}</row>')
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    xml = f'<worksheet xmlns="{ns}"><sheetData>{"".join(body)}</sheetData></worksheet>'
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("sources")
    (src / "geonames").mkdir()
    (src / "geonames" / "ML.txt").write_text(
        geonames_line(1, "Kelbassa", 14.30, -3.50, "P", "PPL", "ML", "Kelbasa,كلباسا")
        + geonames_line(2, "Kelbassa", 14.32, -3.50, "H", "WLL", "ML")  # 2 km: one place
        + geonames_line(3, "Kelbassa", 15.50, -2.00, "P", "PPL", "ML")  # 230 km: a homonym
        + geonames_line(4, "Ngoromba", 14.00, -4.00, "P", "PPL", "ML")
        + geonames_line(5, "Ouadi Tessit", 15.20, 0.50, "H", "WAD", "ML")
        + geonames_line(6, "Mont Tessit", 15.10, 0.40, "T", "HLL", "ML"),  # hills: left out
        encoding="utf-8",
    )
    (src / "geonames" / "NE.txt").write_text(
        geonames_line(7, "Garbeye Kouara", 14.00, 1.50, "P", "PPL", "NE")
        + geonames_line(8, "Dargol", 13.90, 1.60, "P", "PPL", "NE"),
        encoding="utf-8",
    )
    (src / "ocha_mali_settlements_2015").mkdir()
    header = ["longitude", "latitude", "featureNam", "pcode", "popPlace_1", "admin2Name",
              "admin3Name"]  # fmt: skip
    write_xlsx(
        src / "ocha_mali_settlements_2015" / "localites.xlsx",
        header,
        [
            [-3.505, 14.305, "Kelbassa", "ML01", "", "Bandiagara", "Pignari"],
            [-4.003, 14.005, "N'Goromba", "ML02", "", "Djenné", "Fakala"],  # a spelling variant
            [-8.07, 12.75, "Sirakoro Wéré", "ML03", "", "Kati", "Ouélessébougou"],
        ],
    )
    (src / "osm_obiwanlansi_2019").mkdir()
    con = sqlite3.connect(src / "osm_obiwanlansi_2019" / "mali.sqlite")
    con.execute(
        "CREATE TABLE NODE (ID, LAT, LON, NAME, NAME_EN, NAME_DE, TAG, VALUE, POPULATION, "
        "ELEVATION)"
    )
    con.executemany(
        "INSERT INTO NODE VALUES (?, ?, ?, ?, ?, '', 'place', ?, 0, 0)",
        [
            (11, 14.31, -3.49, "Kelbassa", "", "village"),
            (12, 13.5, -6.5, "Tamboura Dow", "", "hamlet"),
        ],
    )
    con.commit()
    con.close()
    (src / "niger_localites_elbrahms").mkdir()
    (src / "niger_localites_elbrahms" / "localites.sql").write_text(
        "INSERT INTO `localites` (`id`, `localite`, `localite_commune_id`) VALUES\n"
        '(1, "GARBEYE KOUARA", 7),\n(2, "KOUNTA", 8),\n(3, "WANZARBE HAOUSSA", 7);\n',
        encoding="utf-8",
    )
    communes = src / "communes.csv"
    communes.write_text(
        "commune_id,commune,departement,region\n7,DARGOL,GOTHEYE,TILLABERI\n8,X,Y,DOSSO\n",
        encoding="utf-8",
    )
    out = tmp_path_factory.mktemp("out")
    subprocess.run(
        [sys.executable, str(SCRIPT), str(src), "--out", str(out), "--communes", str(communes)],
        check=True,
        capture_output=True,
        text=True,
    )
    shutil.copy(DEFAULT_PLACES, out / "places.csv")
    return out


def test_same_name_within_a_few_km_is_one_place_across_sources(built):
    gaz = load_gazetteer(built / "places.csv")
    found = [p for p in gaz.lookup("Kelbassa") if p.is_village]
    assert sorted(p.place_id for p in found) == ["gv:1", "gv:3"]  # the well, OCHA, OSM merged
    kept = gaz.site("gv:1")
    assert (kept.admin2, kept.admin3) == ("Bandiagara", "Pignari")  # from the OCHA row
    assert kept.feature == "settlement"


def test_spelling_variant_of_another_source_is_merged(built):
    gaz = load_gazetteer(built / "places.csv")
    assert [p.place_id for p in gaz.lookup("N'Goromba")] == ["gv:4"]
    assert "N'Goromba" in gaz.site("gv:4").aliases


def test_rows_only_one_source_has_stay_in_its_own_file(built):
    gaz = load_gazetteer(built / "places.csv")
    ocha = gaz.lookup("Sirakoro Wéré")
    osm = gaz.lookup("Tamboura Dow")
    assert [p.place_id for p in ocha] == ["ocha:ML03"]
    assert "OCHA" in ocha[0].source
    assert [p.place_id for p in osm] == ["osm:12"]
    assert "ODbL" in osm[0].source
    assert (ocha[0].iso3, ocha[0].admin1) == ("MLI", "Koulikoro")


def test_alternate_names_in_arabic_script_are_found(built):
    gaz = load_gazetteer(built / "places.csv")
    assert gaz.lookup("كلباسا")[0].place_id == "gv:1"
    assert gaz.lookup("Kelbasa")[0].place_id == "gv:1"


def test_wadis_kept_as_features_and_hills_left_out(built):
    gaz = load_gazetteer(built / "places.csv")
    (wadi,) = gaz.lookup("Ouadi Tessit")
    assert wadi.feature == "wadi"
    assert not wadi.is_settlement
    assert gaz.lookup("Mont Tessit") == []


def test_niger_commune_joined_by_name_within_its_region(built):
    gaz = load_gazetteer(built / "places.csv")
    (garbeye,) = gaz.lookup("Garbeye Kouara")
    assert (garbeye.iso3, garbeye.admin1) == ("NER", "Tillabéri")
    assert (garbeye.admin2, garbeye.admin3) == ("Gotheye", "Dargol")


def test_unlocated_localite_placed_at_its_commune_seat(built):
    gaz = load_gazetteer(built / "places.csv")
    (placed,) = gaz.lookup("Wanzarbe Haoussa")
    seat = next(p for p in gaz.lookup("Dargol") if p.admin1 == "Tillabéri")
    assert placed.place_id == "ner:3"
    assert (placed.latitude, placed.longitude) == pytest.approx((seat.latitude, seat.longitude))
    assert (placed.admin3, placed.geo_precision) == ("Dargol", 2)
    assert placed.uncertainty_m >= 10_000
    assert gaz.lookup("Kounta") == []  # its commune has no located place: left out
