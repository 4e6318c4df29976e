"""What the crawler writes: sites, columns, entries, articles and page validators."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import date
from typing import Any

from core.dates import latest_not_after
from storage.base import StoreBase
from storage.values import column_id as stable_column_id
from storage.values import dumps, entry_id, iso, now

ARTICLE_FIELDS = ("published", "published_raw", "published_from", "status")

_UPSERT_ENTRY = """
INSERT INTO entries (id, column_id, site, title, url, list_date, list_date_raw, list_date_status,
                     first_run, last_run, listed_run, removed_run)
VALUES (:id, :column_id, :site, :title, :url, :list_date, :list_date_raw, :list_date_status,
        :run, :run, :run, NULL)
ON CONFLICT (id) DO UPDATE SET
    title = excluded.title, list_date = excluded.list_date, list_date_raw = excluded.list_date_raw,
    list_date_status = excluded.list_date_status, last_run = excluded.last_run,
    listed_run = excluded.listed_run, removed_run = NULL
"""

_UPSERT_SITE = """
INSERT INTO sites (name, url, status, error, identifiers, home_dates, home_entries, title, final_url, redirects,
                   blocked, last_run)
VALUES (:name, :url, :status, :error, :identifiers, :home_dates, :home_entries, :title, :final_url, :redirects,
        :blocked, :run)
ON CONFLICT (name) DO UPDATE SET
    title = coalesce(excluded.title, title), status = excluded.status, error = excluded.error,
    identifiers = excluded.identifiers, final_url = excluded.final_url, redirects = excluded.redirects,
    blocked = excluded.blocked,
    home_dates = excluded.home_dates, home_entries = excluded.home_entries, last_run = excluded.last_run
"""

_UPSERT_COLUMN = """
INSERT INTO "columns" (id, site, name, url, parent, kind, category, status, error, meta, page_date,
                       final_url, redirects, blocked, found, rendered, first_run, last_run)
VALUES (:id, :site, :name, :url, :parent, :kind, :category, :status, :error, :meta, :page_date,
        :final_url, :redirects, :blocked, :found, :rendered, :run, :run)
ON CONFLICT (id) DO UPDATE SET
    parent = excluded.parent, kind = excluded.kind, category = excluded.category,
    status = excluded.status, error = excluded.error, meta = excluded.meta,
    final_url = excluded.final_url, redirects = excluded.redirects, blocked = excluded.blocked,
    page_date = excluded.page_date, found = coalesce(excluded.found, found), rendered = excluded.rendered,
    last_run = excluded.last_run
"""

# The dates that say when a column was last updated: its listed entries' (list date, else published), and a
# page column's own date; the newest not after the run's as-of is ``core.dates.latest_not_after``.
_DATES = """
SELECT coalesce(list_date, published) FROM entries WHERE column_id = :id AND removed_run IS NULL
UNION ALL
SELECT page_date FROM "columns" WHERE id = :id AND kind = 'page'
"""


class CrawlMixin(StoreBase):
    def record_site(self, run_id: int, site: str, *, url: str, status: int | None, error: str | None,
                    identifiers: dict, home_dates: list[date], home_entries: list[dict],
                    title: str | None = None, final_url: str | None = None,
                    redirects: list[dict] | None = None, blocked: str | None = None) -> None:
        """Store what the site's home page showed in this run; an unregistered site is created with ``url``.

        ``final_url`` and ``redirects`` (hops: url, status, to) keep the redirects followed or refused;
        ``blocked`` the reason when a WAF / anti-bot layer answered instead of the page.
        """
        row = {"name": site, "url": url, "status": status, "error": error,
               "identifiers": dumps(identifiers), "home_dates": dumps([iso(d) for d in home_dates]),
               "home_entries": dumps([_home_entry(e) for e in home_entries]), "title": title,
               "final_url": final_url, "redirects": dumps(redirects or []), "blocked": blocked, "run": run_id}
        with self._tx() as conn:
            conn.execute(_UPSERT_SITE, row)

    def record_catalog(self, run_id: int, site: str, *, url: str | None, source: str,
                       evidence: dict[str, Any]) -> None:
        """Store where this run found the site's 信息公开目录 (``url`` None: not found) and what it tried."""
        value = dumps({"url": url, "source": source, "run": run_id, **evidence})
        with self._tx() as conn:
            self._require_site(site)
            conn.execute("UPDATE sites SET discovery = ? WHERE name = ?", (value, site))

    def record_column(self, run_id: int, site: str, *, name: str, url: str | None, parent: str | None,
                      kind: str, category: str | None, status: int | None, error: str | None, meta: dict,
                      page_date: date | None, column_id: str | None = None, final_url: str | None = None,
                      redirects: list[dict] | None = None, blocked: str | None = None,
                      found: str | None = None, rendered: bool = False) -> str:
        """Store a column as seen in this run; returns its stable id. Counts stay until it is walked.
        ``found``: how the crawl found it (catalog, config, menu, more, frame).

        ``column_id``, when the caller computed it, must equal ``storage.column_id(site, name, url)``.
        """
        cid = stable_column_id(site, name, url)
        if column_id is not None and column_id != cid:
            raise ValueError(f"栏目编号 {column_id!r} 与网站、名称和网址算出的 {cid!r} 不一致")
        with self._tx() as conn:
            self._require_site(site)
            conn.execute(_UPSERT_COLUMN, {
                "id": cid, "site": site, "name": name, "url": url, "parent": parent, "kind": kind,
                "category": category, "status": status, "error": error, "meta": dumps(meta),
                "page_date": iso(page_date), "final_url": final_url, "redirects": dumps(redirects or []),
                "blocked": blocked, "found": found, "rendered": int(rendered), "run": run_id})
        return cid

    def record_entries(self, run_id: int, column_id: str, site: str, entries: list[dict]) -> None:
        """Upsert a batch of list entries of one column in one transaction.

        Keys: title, url, list_date, list_date_raw, list_date_status; optional article fields
        (published, published_raw, published_from, status) overwrite stored ones only when present.
        """
        rows = [_entry_row(run_id, column_id, site, e) for e in entries]
        with self._tx() as conn:
            conn.executemany(_UPSERT_ENTRY, rows)
            for fields, params in _article_updates(column_id, entries).items():
                sets = ", ".join(f"{f} = :{f}" for f in fields)
                conn.executemany(f"UPDATE entries SET {sets} WHERE id = :id", params)

    def record_article(self, run_id: int, url: str, *, status: int | None, published: date | None,
                       published_raw: str | None, published_from: str | None, title: str | None) -> None:
        """Store what an entry's own page showed, on every entry row that links to it."""
        self.record_articles(run_id, [{"url": url, "status": status, "published": published,
                                       "published_raw": published_raw, "published_from": published_from,
                                       "title": title}])

    def record_articles(self, run_id: int, articles: list[dict]) -> None:
        """``record_article`` for many pages in one transaction (keys: url, status, published, published_raw,
        published_from, title, written, metas)."""
        rows = [(a["status"], iso(a.get("published")), a.get("published_raw"), a.get("published_from"),
                 a.get("title"), iso(a.get("written")), None if a.get("metas") is None else dumps(a["metas"]),
                 run_id, a["url"]) for a in articles]
        with self._tx() as conn:
            conn.executemany(
                "UPDATE entries SET status = ?, published = ?, published_raw = ?, published_from = ?, "
                "article_title = ?, written = ?, metas = ?, last_run = ? WHERE url = ?", rows)

    def complete_column(self, run_id: int, column_id: str, entry_count: int | None,
                        *, prune: bool = False, cut: str | None = None) -> None:
        """Mark a column's walk finished in this run, with its entry count and newest date.

        ``entry_count`` None counts the stored entries. ``prune`` (the walk saw every list page) marks
        entries not listed in this run as removed, so snapshots leave them out. ``cut`` says why a limit
        (page limit, site budget, off-site paging) cut the walk short: rules judge only what was seen.
        """
        with self._tx() as conn:
            if prune:
                conn.execute("UPDATE entries SET removed_run = ? WHERE column_id = ? AND removed_run IS NULL "
                             "AND (listed_run IS NULL OR listed_run != ?)", (run_id, column_id, run_id))
            if entry_count is None:
                entry_count = self._value("SELECT count(*) FROM entries WHERE column_id = ? "
                                          "AND removed_run IS NULL", (column_id,))
            conn.execute('UPDATE "columns" SET walked_run = ?, entry_count = ?, last_run = ?, cut = ? WHERE id = ?',
                         (run_id, entry_count, run_id, cut, column_id))
            self._refresh(conn, column_id, self._run_as_of(run_id))

    def refresh_latest(self, run_id: int) -> None:
        """Recompute ``latest`` of the columns walked in this run, now that their articles were read."""
        as_of = self._run_as_of(run_id)
        with self._tx() as conn:
            for cid in self._firsts('SELECT id FROM "columns" WHERE walked_run = ?', (run_id,)):
                self._refresh(conn, cid, as_of)

    def _refresh(self, conn: sqlite3.Connection, column_id: str, as_of: str) -> None:
        latest = latest_not_after(self._firsts(_DATES, {"id": column_id}), as_of)
        conn.execute('UPDATE "columns" SET latest = ? WHERE id = ?', (latest, column_id))

    def walked_columns(self, run_id: int, site: str | None = None) -> set[str]:
        """Ids of the columns (of one site, or all) whose walk completed in this run (skipped when resuming)."""
        return set(self._firsts('SELECT id FROM "columns" WHERE walked_run = :run AND (:site IS NULL OR site = :site)',
                                {"run": run_id, "site": site}))

    def walked_entry_dates(self, run_id: int, site: str) -> dict[str, date | None]:
        """URL → list date of the entries of the site's columns walked in this run (a resumed run reads the entry
        pages the interrupted one had not stored yet)."""
        sql = ('SELECT e.url, e.list_date FROM entries e JOIN "columns" c ON c.id = e.column_id '
               "WHERE c.site = ? AND c.walked_run = ? AND e.removed_run IS NULL")
        return {r["url"]: date.fromisoformat(r["list_date"]) if r["list_date"] else None
                for r in self._rows(sql, (site, run_id))}

    def settled_article_urls(self, site: str, *, checked_after: date | None = None,
                             run_id: int | None = None) -> set[str]:
        """URLs of the site's entries whose own page answered (2xx/3xx) when last fetched, by a run dated after
        ``checked_after`` (the slower recheck cycle) or by the run ``run_id`` (a resumed run).

        Broken or unanswered links are never settled: they are fetched again on every run. Entry pages
        fetched before fetches were recorded in ``pages`` count as never fetched.
        """
        sql = ("SELECT DISTINCT e.url FROM entries e JOIN pages p ON p.url = e.url JOIN runs r ON r.id = p.run_id "
               "WHERE e.site = :site AND e.status BETWEEN 200 AND 399 AND p.status BETWEEN 200 AND 399")
        if checked_after is not None:
            sql += " AND r.as_of > :after"
        if run_id is not None:
            sql += " AND p.run_id = :run"
        return set(self._firsts(sql, {"site": site, "after": iso(checked_after), "run": run_id}))

    def incremental_columns(self, site: str) -> dict[str, set[str]]:
        """The site's columns an incremental run may take as unchanged, with the entry URLs each lists.

        Those whose last walk completed without an error (list or single page); an unchanged first page
        keeps everything read from them, and a changed list is walked only until its entries are known.
        """
        ids = self._firsts('SELECT id FROM "columns" WHERE site = ? AND walked_run IS NOT NULL '
                           "AND error IS NULL AND kind IN ('list', 'page')", (site,))
        known: dict[str, set[str]] = {cid: set() for cid in ids}
        for cid, url in self.conn.execute("SELECT column_id, url FROM entries WHERE site = ? "
                                          "AND removed_run IS NULL", (site,)).fetchall():
            if cid in known:
                known[cid].add(url)
        return known

    def keep_column(self, run_id: int, column_id: str, *, parent: str | None, category: str | None) -> None:
        """A column seen unchanged (304 or the same content): everything read from it stays valid.

        Its entries, dates, entry count and removed entries stay as they are; it counts as seen and walked
        in this run, and its newest date is re-derived as of this run's date.
        """
        with self._tx() as conn:
            conn.execute('UPDATE "columns" SET parent = ?, category = ?, walked_run = ?, last_run = ? '
                         "WHERE id = ?", (parent, category, run_id, run_id, column_id))
            self._refresh(conn, column_id, self._run_as_of(run_id))

    def record_checked(self, run_id: int, pages: list[tuple[str, int | None]]) -> None:
        """Remember when entry pages (url, status) were fetched, for the slower recheck cycle."""
        stamp = now()
        rows = [{"url": url, "status": status, "etag": None, "last_modified": None, "content_hash": None,
                 "encoding": None, "fetched_at": stamp, "run_id": run_id} for url, status in pages]
        with self._tx() as conn:
            conn.executemany(_UPSERT_PAGE_KEEP, rows)

    def record_page(self, run_id: int, url: str, *, status: int, etag: str | None, last_modified: str | None,
                    content_hash: str | None, encoding: str | None) -> None:
        """Store a fetched page's validators; a 304 keeps the stored ones the answer leaves out."""
        keep = status == 304
        with self._tx() as conn:
            conn.execute(_UPSERT_PAGE_KEEP if keep else _UPSERT_PAGE, {
                "url": url, "status": status, "etag": etag, "last_modified": last_modified,
                "content_hash": content_hash, "encoding": encoding, "fetched_at": now(), "run_id": run_id})

    def page_validators(self, url: str) -> dict[str, Any] | None:
        """The stored ETag, Last-Modified, content hash and encoding of a URL, or None; for an attachment read
        by the content review, those its ``attachments`` row keeps."""
        return self._row("SELECT etag, last_modified, content_hash, NULL AS encoding, 200 AS status, fetched_at "
                         "FROM attachments WHERE url = ? AND content_hash IS NOT NULL", (url,)) or \
            self._row("SELECT etag, last_modified, content_hash, encoding, status, fetched_at "
                      "FROM pages WHERE url = ?", (url,))

    def validators_under(self, prefixes: list[str]) -> dict[str, dict[str, Any]]:
        """Stored validators (as :meth:`page_validators` gives them) of every page whose URL starts with one of
        ``prefixes`` and that has any (list, home and catalog pages; entry pages keep none)."""
        out: dict[str, dict[str, Any]] = {}
        for prefix in prefixes:  # a range on the primary key: ``prefix <= url < prefix + U+FFFF``
            for row in self._rows("SELECT url, etag, last_modified, content_hash, encoding, status, fetched_at "
                                  "FROM pages WHERE url >= ? AND url < ? AND (etag IS NOT NULL OR "
                                  "last_modified IS NOT NULL OR content_hash IS NOT NULL)",
                                  (prefix, prefix + "\uffff")):
                out[row.pop("url")] = row
        return out

    def stored_site_urls(self, site: str) -> list[str]:
        """URLs this site's stored rows lead to (its home's and columns' addresses and redirect targets)."""
        sql = ('SELECT url FROM "columns" WHERE site = :s UNION SELECT final_url FROM "columns" WHERE site = :s '
               "UNION SELECT final_url FROM sites WHERE name = :s")
        return [u for u in self._firsts(sql, {"s": site}) if u]

    def _require_site(self, site: str) -> None:
        if self._value("SELECT 1 FROM sites WHERE name = ?", (site,)) is None:
            raise KeyError(f"网站 {site!r} 尚未登记：请先调用 sync_registry、register_site 或 record_site")


_PAGE_COLUMNS = "(url, status, etag, last_modified, content_hash, encoding, fetched_at, run_id)"
_PAGE_VALUES = "(:url, :status, :etag, :last_modified, :content_hash, :encoding, :fetched_at, :run_id)"
_UPSERT_PAGE = f"""
INSERT INTO pages {_PAGE_COLUMNS} VALUES {_PAGE_VALUES}
ON CONFLICT (url) DO UPDATE SET status = excluded.status, etag = excluded.etag,
    last_modified = excluded.last_modified, content_hash = excluded.content_hash,
    encoding = excluded.encoding, fetched_at = excluded.fetched_at, run_id = excluded.run_id
"""
_UPSERT_PAGE_KEEP = f"""
INSERT INTO pages {_PAGE_COLUMNS} VALUES {_PAGE_VALUES}
ON CONFLICT (url) DO UPDATE SET status = excluded.status, etag = coalesce(excluded.etag, etag),
    last_modified = coalesce(excluded.last_modified, last_modified),
    content_hash = coalesce(excluded.content_hash, content_hash),
    encoding = coalesce(excluded.encoding, encoding), fetched_at = excluded.fetched_at,
    run_id = excluded.run_id
"""


def _entry_row(run_id: int, cid: str, site: str, e: dict) -> dict[str, Any]:
    return {"id": entry_id(cid, e["url"]), "column_id": cid, "site": site, "title": e.get("title") or "",
            "url": e["url"], "list_date": iso(e.get("list_date")), "list_date_raw": e.get("list_date_raw"),
            "list_date_status": e.get("list_date_status"), "run": run_id}


def _article_updates(cid: str, entries: list[dict]) -> dict[tuple[str, ...], list[dict]]:
    """Article fields given with list entries, grouped by which fields each entry gives."""
    groups: dict[tuple[str, ...], list[dict]] = defaultdict(list)
    for e in entries:
        fields = tuple(f for f in ARTICLE_FIELDS if f in e)
        if fields:
            params = {f: iso(e[f]) if f == "published" else e[f] for f in fields}
            groups[fields].append({"id": entry_id(cid, e["url"]), **params})
    return groups


def _home_entry(e: dict) -> dict[str, Any]:
    """A home-page entry as JSON-ready data; ``date`` is accepted for ``list_date``."""
    out = {k: iso(v) if isinstance(v, date) else v for k, v in e.items() if k != "date"}
    if "date" in e and "list_date" not in e:
        out["list_date"] = iso(e["date"])
    return out
