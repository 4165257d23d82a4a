"""Store backends (GeoPackage, PostgreSQL + PostGIS) behind :mod:`events.io.store`."""
