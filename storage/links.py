"""Link checks (链接可用性): the links each page showed, and the latest check of each target per site."""

from __future__ import annotations

from datetime import date

from rules.snapshot import LinkSnap
from storage.base import StoreBase
from storage.values import iso, to_date

_UPSERT_LINK = """
INSERT INTO links (site, page, url, text, place, column_name, seen_run)
VALUES (:site, :page, :url, :text, :place, :column, :run)
ON CONFLICT (site, page, url) DO UPDATE SET text = excluded.text, place = excluded.place,
    column_name = excluded.column_name, seen_run = excluded.seen_run
"""

_UPSERT_CHECK = """
INSERT INTO link_checks (site, url, status, error, outcome, fails, failing_since, checked_run, checked_on)
VALUES (:site, :url, :status, :error, :outcome, :fails, :since, :run, :on)
ON CONFLICT (site, url) DO UPDATE SET status = excluded.status, error = excluded.error,
    outcome = excluded.outcome, fails = excluded.fails, failing_since = excluded.failing_since,
    checked_run = excluded.checked_run, checked_on = excluded.checked_on
"""

# the links of each page as last read (a page read again replaces its links), with their latest check
_CURRENT = """
SELECT l.page, l.url, l.text, l.place, l.column_name, c.status, c.error, c.outcome, c.fails, c.failing_since,
       c.checked_on
FROM links l LEFT JOIN link_checks c ON c.site = l.site AND c.url = l.url
WHERE l.site = :site AND l.seen_run = (SELECT max(seen_run) FROM links m WHERE m.site = l.site AND m.page = l.page)
ORDER BY l.place, l.page, l.rowid
"""


class LinksMixin(StoreBase):
    def record_page_links(self, run_id: int, site: str, page: str, place: str, column: str | None,
                          links: list[tuple[str, str]]) -> None:
        """Store the links (target, text) a page showed in this run; links it no longer shows drop out."""
        rows = [{"site": site, "page": page, "url": url, "text": text, "place": place, "column": column,
                 "run": run_id} for url, text in links]
        with self._tx() as conn:
            conn.execute("DELETE FROM links WHERE site = ? AND page = ? AND seen_run != ?", (site, page, run_id))
            conn.executemany(_UPSERT_LINK, rows)

    def record_link_check(self, run_id: int, site: str, url: str, *, status: int | None, error: str | None,
                          outcome: str) -> int:
        """Store one check of a link target; returns its failed checks in a row.

        A failure adds one to the count kept from earlier checks (the previous run's, or this run's first
        check for a recheck); a success resets it; a ``restricted`` answer (401/403/429, a WAF) leaves it.
        """
        on = self._run_as_of(run_id)
        with self._tx() as conn:
            prev = self._row("SELECT fails, failing_since FROM link_checks WHERE site = ? AND url = ?",
                             (site, url)) or {"fails": 0, "failing_since": None}
            fails, since = prev["fails"], prev["failing_since"]
            if outcome == "fail":
                fails, since = fails + 1, since or on
            elif outcome == "ok":
                fails, since = 0, None
            conn.execute(_UPSERT_CHECK, {"site": site, "url": url, "status": status, "error": error,
                                         "outcome": outcome, "fails": fails, "since": since, "run": run_id,
                                         "on": on})
        return fails

    def link_fails(self, site: str) -> dict[str, int]:
        """Failed checks in a row of each link target of a site that is failing now."""
        return {r["url"]: r["fails"] for r in self._rows(
            "SELECT url, fails FROM link_checks WHERE site = ? AND fails > 0", (site,))}

    def settled_link_urls(self, site: str, checked_after: date) -> set[str]:
        """Targets whose last check, by a run dated after ``checked_after``, opened (the slower recheck cycle)."""
        return set(self._firsts("SELECT url FROM link_checks WHERE site = ? AND outcome = 'ok' AND checked_on > ?",
                                (site, iso(checked_after))))

    def site_links(self, site: str) -> list[LinkSnap]:
        """The links of the site's pages as last read, each with its latest check (None: never checked)."""
        return [LinkSnap(page=r["page"], url=r["url"], text=r["text"], place=r["place"], column=r["column_name"],
                         status=r["status"], error=r["error"], outcome=r["outcome"], fails=r["fails"] or 0,
                         since=to_date(r["failing_since"]), checked_on=to_date(r["checked_on"]))
                for r in self._rows(_CURRENT, {"site": site})]
