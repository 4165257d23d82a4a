"""Folium layers built from event and boundary frames."""
