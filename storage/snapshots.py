"""Reading a site back as the snapshot the rules evaluate."""

from __future__ import annotations

from datetime import date
from typing import Any

from rules.snapshot import ColumnSnap, EntrySnap, SiteSnap
from storage.indicators import IndicatorsMixin
from storage.links import LinksMixin
from storage.probes import ProbesMixin
from storage.values import loads, to_date

_ENTRIES = """
SELECT column_id, title, article_title, url, list_date, list_date_raw, published, published_raw,
       published_from, status, written, metas
FROM entries WHERE site = ? AND removed_run IS NULL
ORDER BY column_id, coalesce(list_date, published) DESC NULLS LAST, rowid
"""


class SnapshotMixin(ProbesMixin, LinksMixin, IndicatorsMixin):
    def site_names(self, *, configured: bool = False) -> list[str]:
        """Names of the known sites (only those in the last synced config when ``configured``)."""
        sql = "SELECT name FROM sites" + (" WHERE in_config = 1" if configured else "") + " ORDER BY name"
        return self._firsts(sql)

    def site_title(self, name: str) -> str | None:
        """The title the site's home page showed when last fetched (None if never read)."""
        return self._value("SELECT title FROM sites WHERE name = ?", (name,))

    def site(self, name: str) -> dict[str, Any] | None:
        """A site's row, JSON fields parsed."""
        row = self._row("SELECT * FROM sites WHERE name = ?", (name,))
        if row:
            for key, default in (("identifiers", {}), ("home_dates", []), ("home_entries", []),
                                 ("discovery", None), ("redirects", [])):
                row[key] = loads(row[key], default)
        return row

    def snapshot(self, site: str, as_of: date | None = None) -> SiteSnap:
        """The latest known state of a site: the columns seen in the latest run that reached it.

        With ``as_of``, the home page probes' daily figures up to that date are attached (``availability``).

        That run is the newest one that recorded its home page or any of its columns. Entries are those
        of each column not removed by a full walk, newest first; a column never walked has ``entry_count``
        None. Raises KeyError for an unknown site.
        """
        row = self.site(site)
        if row is None:
            raise KeyError(f"没有名为 {site!r} 的网站")
        columns = self._latest_columns(site, self._latest_run(site))
        entries = self._entries_by_column(site) if columns else {}
        names = {c["name"] for c in columns}  # links of columns no longer in the catalog are left out
        links = tuple(k for k in self.site_links(site) if k.place == "home" or k.column in names)
        return SiteSnap(
            name=row["name"], url=row["url"], unit=row["unit"], kind=row["kind"], title=row.get("title"),
            status=row["status"],
            error=row["error"], identifiers=row["identifiers"],
            home_dates=tuple(d for d in map(to_date, row["home_dates"]) if d is not None),
            home_entries=tuple(_home_entry(e) for e in row["home_entries"]),
            columns=tuple(_column(c, entries.get(c["id"], ())) for c in columns),
            catalog=row["discovery"],
            final_url=row["final_url"], redirects=tuple(row["redirects"]), blocked=row["blocked"],
            availability=self.availability(site, as_of) if as_of is not None else None,
            links=links, facts=self.site_facts(site), messages=self.site_messages(site),
            confirmed=tuple(self._confirmed_candidates(site)),
        )

    def _confirmed_candidates(self, site: str) -> list[dict[str, Any]]:
        """Content-review candidates a person confirmed and the latest reading still holds (what the review
        rules count)."""
        return self._rows("SELECT id, kind, url, location, summary, sample, reason FROM review_candidates "
                          "WHERE site = ? AND status = 'confirmed' AND present = 1 ORDER BY id", (site,))

    def snapshot_as_of(self, site: str) -> date | None:
        """The as-of date of the run the site's snapshot comes from (None: never crawled): a past report may
        re-evaluate the snapshot only when this is not after its day."""
        run_id = self._latest_run(site)
        day = self._value("SELECT as_of FROM runs WHERE id = ?", (run_id,)) if run_id else None
        return date.fromisoformat(day) if day else None

    def _latest_run(self, site: str) -> int | None:
        """The newest run that recorded the site's home page or any of its columns."""
        return self._value('SELECT max(coalesce((SELECT last_run FROM sites WHERE name = :s), 0), '
                           'coalesce((SELECT max(last_run) FROM "columns" WHERE site = :s), 0))',
                           {"s": site}) or None

    def _latest_columns(self, site: str, run_id: int | None) -> list[dict[str, Any]]:
        if run_id is None:
            return []
        return self._rows('SELECT * FROM "columns" WHERE site = ? AND last_run = ? ORDER BY rowid',
                          (site, run_id))

    def _entries_by_column(self, site: str) -> dict[str, list[EntrySnap]]:
        grouped: dict[str, list[EntrySnap]] = {}
        for r in self._rows(_ENTRIES, (site,)):
            grouped.setdefault(r["column_id"], []).append(EntrySnap(
                title=r["title"] or r["article_title"] or "", url=r["url"], list_date=to_date(r["list_date"]),
                list_date_raw=r["list_date_raw"], published=to_date(r["published"]),
                published_raw=r["published_raw"], published_from=r["published_from"], status=r["status"],
                written=to_date(r["written"]), metas=_metas(r["metas"])))
        return grouped


def _column(row: dict[str, Any], entries: list[EntrySnap] | tuple[()]) -> ColumnSnap:
    return ColumnSnap(
        name=row["name"], url=row["url"], kind=row["kind"], parent=row["parent"], category=row["category"],
        status=row["status"], error=row["error"], meta=loads(row["meta"], {}),
        page_date=to_date(row["page_date"]), entries=tuple(entries), entry_count=row["entry_count"],
        final_url=row["final_url"], redirects=tuple(loads(row["redirects"], [])), blocked=row["blocked"],
        cut=row.get("cut"), found=row.get("found"), rendered=bool(row.get("rendered")))


def _home_entry(e: dict[str, Any]) -> EntrySnap:
    return EntrySnap(
        title=e.get("title") or "", url=e.get("url") or "", list_date=to_date(e.get("list_date")),
        list_date_raw=e.get("list_date_raw"), published=to_date(e.get("published")),
        published_raw=e.get("published_raw"), published_from=e.get("published_from"),
        status=e.get("status"))


def _metas(text: str | None) -> tuple[str, ...] | None:
    value = loads(text, None)
    return tuple(str(v) for v in value) if isinstance(value, list) else None
