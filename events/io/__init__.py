"""Store backends (GeoPackage, PostgreSQL + PostGIS) behind one interface: :mod:`events.io.store`."""
