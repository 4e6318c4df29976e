"""A run's figures per site, read from the database so the summary agrees with ``runs`` (``Store.run_figures``).

``pages`` are the pages of the run stored in the ``pages`` table (home, catalog and list pages, each URL
once), given to a site by host; ``errors`` are the site itself and its columns that could not be read in
the run, as ``runs.errors`` counts them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storage.base import StoreBase


@dataclass
class RunFigures:
    pages: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    total_pages: int = 0  # runs.pages once the run finished, else counted from ``pages``
    total_errors: int = 0


def _folder(url: str) -> tuple[str, str]:
    """(host, path up to its last '/'): the part of a URL that the pages beside it share."""
    parts = urlsplit(url)
    return parts.netloc.lower(), parts.path[: parts.path.rfind("/") + 1] or "/"


class _Owners:
    """Which site a URL belongs to: the site whose known URL shares its host and the longest folder."""

    def __init__(self, rows: list[tuple]) -> None:
        self.by_host: dict[str, list[tuple[str, str]]] = {}
        for site, *urls in rows:
            for url in urls:
                if url:
                    host, folder = _folder(url)
                    self.by_host.setdefault(host, []).append((folder, site))
        for known in self.by_host.values():
            known.sort(key=lambda pair: -len(pair[0]))

    def site(self, url: str) -> str | None:
        host, folder = _folder(url)
        known = self.by_host.get(host, [])
        match = next((site for prefix, site in known if folder.startswith(prefix)), None)
        return match or (known[-1][1] if known else None)  # same host, another folder: the shortest


class FiguresMixin(StoreBase):
    """The figures of one run, per site."""

    def run_figures(self, run_id: int) -> RunFigures:
        """Pages read and errors per site in run ``run_id``."""
        figures = RunFigures()
        rows = [tuple(r.values()) for r in self._rows("SELECT name, url, final_url, catalog FROM sites")]
        rows += [tuple(r.values()) for r in self._rows('SELECT site, url, final_url, NULL FROM "columns"')]
        owners = _Owners(rows)
        with self._lock:  # row by row: a province's run stores some 100,000 pages
            for (url,) in self.conn.execute("SELECT url FROM pages WHERE run_id = ?", (run_id,)):
                site = owners.site(url)
                if site:
                    figures.pages[site] += 1
        for site in self._firsts("SELECT name FROM sites WHERE last_run = ? AND error IS NOT NULL", (run_id,)):
            figures.errors[site] += 1
        for site in self._firsts('SELECT site FROM "columns" WHERE last_run = ? AND error IS NOT NULL', (run_id,)):
            figures.errors[site] += 1
        stored = self._row("SELECT status, pages, errors FROM runs WHERE id = ?", (run_id,))
        finished = stored is not None and stored["status"] != "running"
        figures.total_pages = stored["pages"] if stored and finished else \
            self._value("SELECT count(*) FROM pages WHERE run_id = ?", (run_id,))
        figures.total_errors = stored["errors"] if stored and finished else sum(figures.errors.values())
        return figures
