"""The floor of the page benchmarks: a Streamlit page holding one vendored-Leaflet st_folium map.

Run by ``bench.map_page`` with ``streamlit run``; nothing else: no data, no filters.
"""

import streamlit as st
from streamlit_folium import st_folium

from layers.base import make_map

st.set_page_config(page_title="floor", layout="wide")
st_folium(make_map([], None), key="map", height=620, use_container_width=True, returned_objects=[])
