"""Synthetic events for the benchmarks: N events spread realistically over the Sahel.

Events cluster around the conflict's hotspots (central Mali, Liptako-Gourma, the
Burkinabè Sahel and East, Tillabéri, Diffa...), grow in number from 2012 to 2025
as the conflict did, and involve many actors (the main groups and state forces plus
a long tail of local militias) and every event type. The frame is built directly
with ``events.frame.frame_from_table``: typed exactly as a loaded store.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geopandas as gpd

from events.frame import frame_from_table
from events.model import SUB_EVENT_TYPES, EventType
from geo.boundaries import load_admin1
from geo.join import join_admin_areas

# (lon, lat, spread in degrees, weight): the hotspots of 2012-2025
HOTSPOTS = (
    (-3.9, 14.4, 0.9, 9.0),  # Mopti / central Mali
    (-1.5, 14.0, 0.7, 8.0),  # Soum / Burkinabè Sahel
    (0.5, 14.6, 0.9, 7.0),  # Liptako-Gourma tri-border
    (1.5, 14.3, 0.6, 5.0),  # Tillabéri
    (0.9, 12.0, 0.8, 5.0),  # Est, Burkina Faso
    (-1.1, 13.2, 0.6, 4.0),  # Centre-Nord
    (0.0, 16.3, 0.8, 4.0),  # Gao
    (3.4, 15.9, 0.6, 3.0),  # Ménaka
    (-3.0, 16.8, 1.0, 3.0),  # Tombouctou
    (1.3, 18.7, 0.9, 2.0),  # Kidal
    (-5.9, 13.6, 0.7, 3.0),  # Ségou
    (-3.4, 12.4, 0.7, 3.0),  # Boucle du Mouhoun
    (12.6, 13.5, 0.5, 3.0),  # Diffa / Lake Chad
    (-7.99, 12.62, 0.08, 0.6),  # Bamako
    (-1.53, 12.37, 0.08, 0.5),  # Ouagadougou
    (2.11, 13.51, 0.08, 0.4),  # Niamey
)
MAIN_ACTORS = (
    "JNIM",
    "Islamic State Sahel",
    "Military Forces of Mali",
    "Military Forces of Burkina Faso",
    "Military Forces of Niger",
    "Wagner Group",
    "Africa Corps",
    "Civilians",
    "VDP",
    "Dan Na Ambassagou",
    "Ansaroul Islam",
    "AQIM",
    "Katiba Macina",
    "Islamic State West Africa",
    "Unidentified armed group",
    "CSP-PSD",
    "FLA",
    "Koglweogo",
    "Protesters",
    "Rioters",
)
N_LOCAL_MILITIAS = 200
TYPE_WEIGHTS = {
    EventType.BATTLES: 0.34,
    EventType.VIOLENCE_AGAINST_CIVILIANS: 0.30,
    EventType.EXPLOSIONS: 0.14,
    EventType.STRATEGIC: 0.10,
    EventType.PROTESTS: 0.08,
    EventType.RIOTS: 0.04,
}
START, END = np.datetime64("2012-01-01"), np.datetime64("2025-12-31")


def generate_events(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """Return ``n`` synthetic events as a typed events GeoDataFrame (EPSG:4326).

    Deterministic for a given ``seed``; every point lies in an admin-1 region of
    Mali, Burkina Faso or Niger, and ``iso3``, ``country`` and ``admin1`` match it.
    """
    rng = np.random.default_rng(seed)
    weights = np.array([h[3] for h in HOTSPOTS])
    spot = rng.choice(len(HOTSPOTS), size=n, p=weights / weights.sum())
    centre = np.array([(h[0], h[1]) for h in HOTSPOTS])[spot]
    spread = np.array([h[2] for h in HOTSPOTS])[spot]
    lon = centre[:, 0] + rng.normal(0, 1, n) * spread
    lat = centre[:, 1] + rng.normal(0, 1, n) * spread * 0.7
    lon, lat, where = _place(lon, lat, centre, rng)

    # escalation: the yearly rate grows ~25 % a year from 2012
    days = int((END - START) / np.timedelta64(1, "D"))
    u = rng.random(n)
    growth = np.log(1.25) / 365.0
    offset = np.log1p(u * np.expm1(growth * days)) / growth
    dates = START + offset.astype("timedelta64[D]")

    types = list(TYPE_WEIGHTS)
    type_idx = rng.choice(len(types), size=n, p=np.array(list(TYPE_WEIGHTS.values())))
    event_type = np.array([t.value for t in types], dtype=object)[type_idx]
    sub_event = np.empty(n, dtype=object)
    for k, t in enumerate(types):
        hit = type_idx == k
        subs = np.array(SUB_EVENT_TYPES[t], dtype=object)
        sub_event[hit] = subs[rng.integers(0, len(subs), hit.sum())]

    militias = np.array(
        [f"Communal militia {k:03d}" for k in range(N_LOCAL_MILITIAS)], dtype=object
    )
    actors = np.concatenate([np.array(MAIN_ACTORS, dtype=object), militias])
    actor_p = np.concatenate(
        [np.geomspace(1.0, 0.02, len(MAIN_ACTORS)), np.full(len(militias), 0.004)]
    )
    actor1 = actors[rng.choice(len(actors), size=n, p=actor_p / actor_p.sum())]
    actor2 = actors[rng.choice(len(actors), size=n, p=actor_p / actor_p.sum())]
    actor2[event_type == EventType.VIOLENCE_AGAINST_CIVILIANS.value] = "Civilians"
    actor2[rng.random(n) < 0.1] = ""
    assoc = np.where(rng.random(n) < 0.05, "Wagner Group", "")

    fatalities = np.where(rng.random(n) < 0.45, 0, rng.geometric(0.12, n))
    ids = np.char.add("gen-", np.arange(n).astype(str))
    table = pd.DataFrame(
        {
            "event_id": ids,
            "event_date": pd.to_datetime(dates).strftime("%Y-%m-%d"),
            "time_precision": rng.choice([1, 2, 3], size=n, p=[0.8, 0.15, 0.05]),
            "event_type": event_type,
            "sub_event_type": sub_event,
            "actor1": actor1,
            "assoc_actor_1": "",
            "actor2": actor2,
            "assoc_actor_2": assoc,
            "iso3": where["iso3"].to_numpy(),
            "country": where["country"].to_numpy(),
            "admin1": where["admin1"].to_numpy(),
            "location": np.char.add("Place ", rng.integers(0, 5000, n).astype(str)),
            "latitude": np.round(lat, 5),
            "longitude": np.round(lon, 5),
            "geo_precision": rng.choice([1, 2, 3], size=n, p=[0.7, 0.25, 0.05]),
            "fatalities": fatalities,
            "source": "synthetic",
            "uncertainty_m": 2000.0,
            "status": "verified",
        }
    )
    return frame_from_table(table)


def _place(
    lon: np.ndarray, lat: np.ndarray, centre: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Move points that fall outside the three countries back near their hotspot."""
    areas = load_admin1()
    for _ in range(6):
        pts = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        where = join_admin_areas(pts, areas, columns=("iso3", "country", "admin1"))
        missing = where["admin1"].isna().to_numpy()
        if not missing.any():
            break
        k = missing.sum()
        lon[missing] = centre[missing, 0] + rng.normal(0, 0.05, k)
        lat[missing] = centre[missing, 1] + rng.normal(0, 0.05, k)
    return lon, lat, where
