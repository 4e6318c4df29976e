"""Per-site config: selector overrides, category overrides by column name, explicit columns."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import AS_OF, run_cli

from patrol.demo.server import DemoPortals

SITE = "清河市财政局"


def crawl(portals: DemoPortals, tmp_path: Path, extra: str) -> dict[str, sqlite3.Row]:
    db, config = tmp_path / "o.db", tmp_path / "sites.toml"
    text = portals.config_toml(database=str(db))
    marker = f'[[sites]]\nname = "{SITE}"'
    assert marker in text
    end = text.find("\n[", text.index(marker))  # the site's table ends where the next table starts
    end = len(text) if end < 0 else end
    config.write_text(text[:end] + "\n" + extra + text[end:], encoding="utf-8")
    result = run_cli("run", "--config", str(config), "--site", SITE, "--as-of", AS_OF.isoformat(), "--quiet")
    assert result.code in (0, 1), result.stderr
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        return {r["name"]: r for r in con.execute("select * from columns where site = ?", (SITE,))}
    finally:
        con.close()


def test_selector_overrides_and_category_by_name(portals: DemoPortals, tmp_path: Path) -> None:
    truth = portals.expected()["czj"]["columns"]
    extra = """
[sites.overrides]
list_item = "div.right tr"
item_date = "td[width='80']"

[[sites.columns]]
name = "财政动态"
category = "notice"
"""
    columns = crawl(portals, tmp_path, extra)
    assert columns["财政动态"]["category"] == "notice"
    assert columns["财政动态"]["entry_count"] == truth["财政动态"]["entries"]
    assert columns["财政动态"]["latest"] == truth["财政动态"]["latest"]
    assert set(truth) <= set(columns)  # discovery still ran


def test_a_wrong_selector_override_is_really_used(portals: DemoPortals, tmp_path: Path) -> None:
    columns = crawl(portals, tmp_path, '\n[sites.overrides]\nlist_item = "ul.no-such-list li"\n')
    assert columns["财政动态"]["entry_count"] == 0


def test_explicit_columns_replace_discovery(portals: DemoPortals, tmp_path: Path) -> None:
    truth = portals.expected()["czj"]["columns"]["通知公告"]
    extra = f'\n[[sites.columns]]\nname = "通知公告"\nurl = "{truth["url"]}"\ncategory = "notice"\n'
    columns = crawl(portals, tmp_path, extra)
    assert list(columns) == ["通知公告"]
    assert columns["通知公告"]["entry_count"] == truth["entries"]
