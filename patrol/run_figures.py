"""A run's figures per site, read from the database so the summary agrees with ``runs``.

``pages`` are the pages of the run stored in the ``pages`` table (home, catalog and list pages, each URL
once), given to a site by host; ``errors`` are the site itself and its columns that could not be read in
the run, as ``runs.errors`` counts them.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit


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


def run_figures(db: str, run_id: int) -> RunFigures:
    """Pages read and errors per site in run ``run_id`` (read-only)."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        figures = RunFigures()
        rows = con.execute("SELECT name, url, final_url, catalog FROM sites").fetchall()
        rows += con.execute('SELECT site, url, final_url, NULL FROM "columns"').fetchall()
        owners = _Owners(rows)
        for (url,) in con.execute("SELECT url FROM pages WHERE run_id = ?", (run_id,)):
            site = owners.site(url)
            if site:
                figures.pages[site] += 1
        for (site,) in con.execute("SELECT name FROM sites WHERE last_run = ? AND error IS NOT NULL", (run_id,)):
            figures.errors[site] += 1
        for (site,) in con.execute('SELECT site FROM "columns" WHERE last_run = ? AND error IS NOT NULL',
                                   (run_id,)):
            figures.errors[site] += 1
        stored = con.execute("SELECT status, pages, errors FROM runs WHERE id = ?", (run_id,)).fetchone()
        finished = stored is not None and stored[0] != "running"
        figures.total_pages = stored[1] if finished else \
            con.execute("SELECT count(*) FROM pages WHERE run_id = ?", (run_id,)).fetchone()[0]
        figures.total_errors = stored[2] if finished else sum(figures.errors.values())
        return figures
    finally:
        con.close()
