"""SQLite storage: schema, migrations and every query."""
