"""Content review in the store: candidates for a person to confirm, their decisions, and the attachments read.

A candidate is keyed by (site, hash of its masked text): seen again, it keeps its decision, so a dismissed
one does not return for the same text. Nothing here ever holds a full personal value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from review.aggregate import Candidate
from storage.base import StoreBase
from storage.values import now

REVIEW_STATUSES = {"pending": "待核实", "confirmed": "已确认", "dismissed": "已排除"}

_UPSERT = """
INSERT INTO review_candidates (site, url, kind, location, summary, sample, confidence, text_hash,
                               first_seen, last_seen, last_run)
VALUES (:site, :url, :kind, :location, :summary, :sample, :confidence, :text_hash, :stamp, :stamp, :run)
ON CONFLICT (site, text_hash) DO UPDATE SET last_seen = excluded.last_seen, last_run = excluded.last_run,
    location = excluded.location, summary = excluded.summary, sample = excluded.sample, present = 1
"""

_UPSERT_ATTACHMENT = """
INSERT INTO attachments (url, site, page_url, name, kind, size, sha256, content_hash, etag, last_modified, status,
                         note, candidates, fetched_at, last_run)
VALUES (:url, :site, :page_url, :name, :kind, :size, :sha256, :content_hash, :etag, :last_modified, :status,
        :note, :candidates, :fetched_at, :last_run)
ON CONFLICT (url) DO UPDATE SET site = excluded.site, page_url = excluded.page_url, name = excluded.name,
    kind = excluded.kind, size = excluded.size, sha256 = excluded.sha256, content_hash = excluded.content_hash,
    etag = excluded.etag,
    last_modified = excluded.last_modified, status = excluded.status, note = excluded.note,
    candidates = excluded.candidates, fetched_at = excluded.fetched_at, last_run = excluded.last_run
"""


class ReviewMixin(StoreBase):
    def record_candidates(self, site: str, url: str, candidates: Sequence[Candidate],
                          run: int | None = None) -> None:
        """Store everything a page or attachment gave when read: one already known (same text) keeps its
        decision; those of the same address not given again are marked gone (``present = 0``: no longer listed,
        and a confirmed one no longer counts, so its finding is closed as fixed)."""
        stamp = now()
        rows = [{"site": site, "url": url, "kind": c.kind, "location": c.location, "summary": c.summary,
                 "sample": c.sample, "confidence": c.confidence, "text_hash": c.text_hash, "stamp": stamp,
                 "run": run} for c in candidates]
        hashes = [c.text_hash for c in candidates]
        with self._tx() as conn:
            conn.executemany(_UPSERT, rows)
            conn.execute(f"UPDATE review_candidates SET present = 0 WHERE site = ? AND url = ? AND present = 1 "
                         f"AND text_hash NOT IN ({', '.join('?' * len(hashes))})", [site, url, *hashes])

    def review_candidates(self, site: str | None = None, statuses: Sequence[str] = ("pending",),
                          sites: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Candidates still present in the given statuses (pending by default), by site."""
        where = ["present = 1", f"status IN ({', '.join('?' * len(statuses))})"]
        params: list[Any] = list(statuses)
        if site is not None:
            where.append("site = ?")
            params.append(site)
        if sites is not None:
            where.append(f"site IN ({', '.join('?' * len(sites))})")
            params.extend(sites)
        return self._rows(f"SELECT * FROM review_candidates WHERE {' AND '.join(where)} "
                          "ORDER BY site, kind, id", params)

    def review_candidate(self, candidate_id: int) -> dict[str, Any] | None:
        return self._row("SELECT * FROM review_candidates WHERE id = ?", (candidate_id,))

    def decide_candidate(self, candidate_id: int, status: str, reason: str) -> dict[str, Any]:
        """Record a person's decision (confirmed or dismissed) with the reason; KeyError for an unknown id."""
        if status not in ("confirmed", "dismissed", "pending"):
            raise ValueError(f"未知的核实结果 {status!r}")
        with self._tx() as conn:
            cursor = conn.execute("UPDATE review_candidates SET status = ?, reason = ?, decided_at = ? WHERE id = ?",
                                  (status, reason, now(), candidate_id))
            if cursor.rowcount == 0:
                raise KeyError(candidate_id)
        row = self.review_candidate(candidate_id)
        assert row is not None
        return row

    def record_attachment(self, row: dict[str, Any]) -> None:
        """Store one attachment's fetch and reading (url, site, sha256, validators, status …)."""
        values = {k: row.get(k) for k in ("url", "site", "page_url", "name", "kind", "size", "sha256",
                                          "content_hash", "etag", "last_modified", "status", "note", "last_run")}
        values["candidates"] = row.get("candidates") or 0
        values["fetched_at"] = row.get("fetched_at") or now()
        with self._tx() as conn:
            conn.execute(_UPSERT_ATTACHMENT, values)

    def unread_attachments(self, sites: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Attachments the review could not read (scanned, garbled, too large, timed out, damaged, no
        LibreOffice): listed for a person, never taken as clean. A broken link is the link check's."""
        rows = self._rows("SELECT * FROM attachments WHERE status NOT IN ('read', 'http-error') ORDER BY site, url")
        return [r for r in rows if sites is None or r["site"] in sites]

    def attachment(self, url: str) -> dict[str, Any] | None:
        return self._row("SELECT * FROM attachments WHERE url = ?", (url,))

    def attachments(self, site: str | None = None) -> list[dict[str, Any]]:
        if site is None:
            return self._rows("SELECT * FROM attachments ORDER BY site, url")
        return self._rows("SELECT * FROM attachments WHERE site = ? ORDER BY url", (site,))
