"""Generic geography: gazetteer, geocoding, boundaries and spatial joins."""
