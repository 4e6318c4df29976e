"""``[crawl] fetch_articles = false``: the nightly run reads entry pages only for entries listed undated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import AS_OF, run_cli

from core.config import Config, CrawlSettings
from patrol.demo.server import DemoPortals
from patrol.inspection import entry_pages_to_read

SITE = "清河市教育局"


def test_the_setting_chooses_which_entry_pages_are_read() -> None:
    assert entry_pages_to_read(Config(path=None, units=(), sites=())) == "all"
    off = Config(path=None, units=(), sites=(), crawl=CrawlSettings(fetch_articles=False))
    assert entry_pages_to_read(off) == "undated"


def test_run_without_fetch_articles_reads_only_undated_entry_pages(portals: DemoPortals, tmp_path: Path) -> None:
    config = tmp_path / "sites.toml"
    text = portals.config_toml(database=str(tmp_path / "patrol.db"))
    config.write_text(text.replace("[crawl]\n", "[crawl]\nfetch_articles = false\n", 1), encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--quiet", "--site", SITE,
                     cwd=tmp_path)
    assert result.code in (0, 1), result.stderr
    with sqlite3.connect(tmp_path / "patrol.db") as db:
        rows = db.execute("select list_date, status from entries where site = ?", (SITE,)).fetchall()
    dated = [status for list_date, status in rows if list_date is not None]
    undated = [status for list_date, status in rows if list_date is None]
    assert len(dated) > 20 and undated
    assert all(status is None for status in dated)  # never requested
    assert all(status is not None for status in undated)  # read for their publish date
