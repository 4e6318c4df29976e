"""Facts of the national indicators (issue 20): a site's home page facts and its channels' messages (留言)."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.ids import stable_id
from rules.snapshot import MessageSnap
from storage.base import StoreBase
from storage.values import dumps, iso, loads, to_date

_INSERT_MESSAGE = """
INSERT OR REPLACE INTO messages (id, site, column_name, column_url, kind, url, title, asked, replied, state,
                                 state_raw, days, last_run)
VALUES (:id, :site, :column, :column_url, :kind, :url, :title, :asked, :replied, :state, :state_raw, :days, :run)
"""


def _facts_text(facts: dict[str, Any]) -> str:
    """A site's facts as JSON, keys in order: the text does not depend on which read answered first."""
    return dumps(dict(sorted(facts.items())))


class IndicatorsMixin(StoreBase):
    def record_site_facts(self, run_id: int, site: str, facts: dict[str, Any]) -> None:
        """Store what the home page offers (channels, service entries, search, metas) as read in this run; the
        facts read beyond the home page (``record_site_fact``) stay as last read until read again."""
        with self._tx() as conn:
            row = conn.execute("SELECT facts FROM sites WHERE name = ?", (site,)).fetchone()
            old = loads(row[0] if row else None, None) or {}
            text = _facts_text({**old, **facts, "run": run_id})
            conn.execute("UPDATE sites SET facts = ? WHERE name = ?", (text, site))

    def record_site_fact(self, run_id: int, site: str, key: str, value: dict[str, Any]) -> None:
        """Set ``facts[key]`` of a site, keeping the other facts (the home page's of this run come first)."""
        with self._tx() as conn:
            row = conn.execute("SELECT facts FROM sites WHERE name = ?", (site,)).fetchone()
            facts = loads(row[0] if row else None, None) or {}
            conn.execute("UPDATE sites SET facts = ? WHERE name = ?", (_facts_text({**facts, key: value}), site))

    def record_messages(self, run_id: int, site: str, column: str, column_url: str, kind: str,
                        messages: list[dict[str, Any]]) -> None:
        """Replace the messages stored for a channel with those its list shows in this run."""
        rows = []
        for m in messages:
            asked, replied = _day(m.get("asked")), _day(m.get("replied"))
            rows.append({"id": stable_id(site, column, m.get("url") or "", m.get("title") or "", iso(asked)),
                         "site": site, "column": column, "column_url": column_url, "kind": kind,
                         "url": m.get("url"), "title": m.get("title") or "", "asked": iso(asked),
                         "replied": iso(replied), "state": m.get("state"), "state_raw": m.get("state_raw"),
                         "days": (replied - asked).days if asked and replied else None, "run": run_id})
        with self._tx() as conn:
            conn.execute("DELETE FROM messages WHERE site = ? AND column_name = ?", (site, column))
            conn.executemany(_INSERT_MESSAGE, rows)

    def site_facts(self, site: str) -> dict[str, Any] | None:
        """The home page facts last read (None: never read)."""
        return loads(self._value("SELECT facts FROM sites WHERE name = ?", (site,)), None)

    def site_messages(self, site: str) -> tuple[MessageSnap, ...]:
        """The stored messages of a site's channels, oldest first."""
        rows = self._rows("SELECT * FROM messages WHERE site = ? ORDER BY asked NULLS LAST, rowid", (site,))
        return tuple(MessageSnap(column=r["column_name"], title=r["title"], url=r["url"], asked=to_date(r["asked"]),
                                 replied=to_date(r["replied"]), state=r["state"], state_raw=r["state_raw"],
                                 exempt=r["kind"] == "exempt") for r in rows)


def _day(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    return to_date(value) if isinstance(value, str) else None
