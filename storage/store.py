"""The Store: the one object the crawler, the rules, the notices and the CLI use to read and write.

Every public write method is one transaction, so a run killed halfway leaves only whole rows behind;
writes are upserts keyed by stable ids, so repeating them (a resumed run) changes nothing twice.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from core.config import SiteConfig, UnitConfig
from core.secrets import mask_url
from storage.faults import Corrupt
from storage.figures import FiguresMixin
from storage.findings import FindingsMixin
from storage.history import HistoryMixin
from storage.jobs import JobsMixin
from storage.memory import MemoryMixin
from storage.probes import ProbesMixin
from storage.review import ReviewMixin
from storage.runs import RunsMixin
from storage.schema import open_database, open_read_only
from storage.snapshots import SnapshotMixin
from storage.values import dumps

_UPSERT_UNIT = """
INSERT INTO units (name, email, webhooks, in_config) VALUES (:name, :email, :webhooks, 1)
ON CONFLICT (name) DO UPDATE SET email = excluded.email, webhooks = excluded.webhooks, in_config = 1
"""

_UPSERT_SITE = """
INSERT INTO sites (name, url, unit, kind, catalog, in_config)
VALUES (:name, :url, :unit, :kind, :catalog, :in_config)
ON CONFLICT (name) DO UPDATE SET url = excluded.url, unit = excluded.unit, kind = excluded.kind,
    catalog = excluded.catalog, in_config = max(in_config, excluded.in_config)
"""


class Store(RunsMixin, MemoryMixin, SnapshotMixin, FindingsMixin, HistoryMixin, ProbesMixin,
            JobsMixin, FiguresMixin, ReviewMixin):
    """Patrol's SQLite database: opened in WAL mode with foreign keys on, migrated on open."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        """``read_only`` opens an existing file without migrating it; any write then fails."""
        self.path = Path(path)
        self._lock = threading.RLock()
        self.db = open_read_only(self.path) if read_only else open_database(self.path)

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def check_integrity(self) -> None:
        """Raise :class:`storage.faults.Corrupt` when SQLite's quick check finds damage (before a run writes
        anything into a damaged file)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)").fetchall()]
        if problems != ["ok"]:
            raise Corrupt("；".join(problems))

    def sync_registry(self, units: Sequence[UnitConfig], sites: Sequence[SiteConfig]) -> None:
        """Register the configured units and sites (facts such as a site's kind enter the store here, once);
        those no longer configured keep their history, flagged out."""
        unit_rows = [{"name": u.name, "email": u.email, "webhooks": dumps([mask_url(w) for w in u.webhooks])}
                     for u in units]  # a robot's key never enters the database (the web view shows it)
        site_rows = [{"name": s.name, "url": s.url, "unit": s.unit, "kind": s.kind, "catalog": s.catalog,
                      "in_config": 1} for s in sites]
        with self._tx() as conn:
            conn.execute("UPDATE units SET in_config = 0")
            conn.execute("UPDATE sites SET in_config = 0")
            conn.executemany(_UPSERT_UNIT, unit_rows)
            conn.executemany(_UPSERT_SITE, site_rows)

    def register_site(self, name: str, url: str, *, unit: str | None = None, kind: str | None = None,
                      catalog: str | None = None) -> None:
        """Register one site outside the config (``patrol check``); its unit is created if needed."""
        with self._tx() as conn:
            if unit is not None:
                conn.execute("INSERT INTO units (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (unit,))
            conn.execute(_UPSERT_SITE, {"name": name, "url": url, "unit": unit, "kind": kind,
                                        "catalog": catalog, "in_config": 0})
