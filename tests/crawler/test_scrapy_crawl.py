"""The spider also runs as plain `scrapy crawl portal`, starting and finishing its own run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import AS_OF, ROOT

from patrol.demo.server import DemoPortals


def scrapy_crawl(config: Path) -> None:
    """`scrapy crawl portal -a config=…` of one demo site, as the README gives it."""
    done = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "portal", "-a", f"config={config}",
                           "-a", f"as_of={AS_OF.isoformat()}", "-a", "sites=清河市财政局"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def test_scrapy_crawl_portal_records_a_complete_run(portals: DemoPortals, tmp_path: Path) -> None:
    db, config = tmp_path / "s.db", tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
    scrapy_crawl(config)
    con = sqlite3.connect(db)
    try:
        assert con.execute("select kind, status from runs").fetchall() == [("run", "complete")]
        truth = portals.expected()["czj"]["columns"]["财政动态"]
        got = con.execute("select entry_count, latest from columns where name = '财政动态'").fetchone()
    finally:
        con.close()
    assert got == (truth["entries"], truth["latest"])


def test_scrapy_crawl_portal_honours_the_crawl_table(portals: DemoPortals, tmp_path: Path) -> None:
    """[crawl] reaches Scrapy's settings: a small site budget cuts the walk, as it would under `patrol run`."""
    db, config = tmp_path / "b.db", tmp_path / "sites.toml"
    text = portals.config_toml(database=str(db))
    config.write_text(text + "\n[crawl]\nmax_pages_per_column = 2\nmax_pages_per_site = 4\n"
                      if "[crawl]" not in text else
                      text.replace("[crawl]", "[crawl]\nmax_pages_per_column = 2\nmax_pages_per_site = 4", 1),
                      encoding="utf-8")
    scrapy_crawl(config)
    con = sqlite3.connect(db)
    try:
        cut = con.execute("select count(*) from columns where cut is not null").fetchone()[0]
        pages = con.execute("select pages from runs").fetchone()[0]
    finally:
        con.close()
    assert cut >= 1 and pages <= 6
