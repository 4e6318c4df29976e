"""SQLite storage: schema, migrations and every query."""

from storage.store import Store
from storage.values import column_id, entry_id

__all__ = ["Store", "column_id", "entry_id"]
