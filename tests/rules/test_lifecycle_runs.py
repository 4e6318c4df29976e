"""Findings live across runs: new → open → fixed → reopened, with exemptions and their expiry."""

from __future__ import annotations

import sqlite3
import urllib.request
from datetime import timedelta
from pathlib import Path

from helpers import AS_OF, run_cli

from patrol.demo.server import DemoPortals

SITE = "清河县柳镇人民政府"
EXEMPTIONS = f"""
[[exemptions]]
site = "{SITE}"
rule = "site-identifiers-missing"
reason = "备案办理中"
expires = 2026-12-31

[[exemptions]]
site = "{SITE}"
rule = "column-missing"
reason = "已过期的豁免"
expires = 2026-11-01
"""


def finding(db: Path, rule: str, column: str | None = None) -> sqlite3.Row:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    sql, args = "select * from findings where site = ? and rule = ?", [SITE, rule]
    if column is not None:
        sql, args = sql + " and column = ?", [*args, column]
    try:
        row = con.execute(sql, args).fetchone()
        assert row is not None, (rule, column)
        return row
    finally:
        con.close()


def test_blank_column_finding_lifecycle_and_exemptions(portals: DemoPortals, tmp_path: Path) -> None:
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)) + EXEMPTIONS, encoding="utf-8")
    site = next(s for s in portals.sites if s.name == SITE)
    blank_path = "/zwgk/rsxx/"
    filled = urllib.request.urlopen(site.url.rstrip("/") + "/zwgk/zcwj/").read()

    def run(day_offset: int) -> None:
        day = AS_OF + timedelta(days=day_offset)
        result = run_cli("run", "--config", str(config), "--site", SITE, "--as-of", day.isoformat(), "--quiet")
        assert result.code in (0, 1), result.stderr

    try:
        run(0)
        first = finding(db, "column-blank", "人事信息")
        assert first["state"] == "new" and first["first_seen"] == AS_OF.isoformat()
        run(1)
        assert finding(db, "column-blank", "人事信息")["state"] == "open"
        portals.set_page(site.key, blank_path, filled)
        run(2)
        fixed = finding(db, "column-blank", "人事信息")
        assert fixed["state"] == "fixed" and fixed["fixed_at"] == (AS_OF + timedelta(days=2)).isoformat()
        portals.clear_page(site.key, blank_path)
        run(3)
        back = finding(db, "column-blank", "人事信息")
        assert back["state"] == "reopened" and back["first_seen"] == AS_OF.isoformat()
    finally:
        portals.clear_page(site.key, blank_path)

    assert finding(db, "site-identifiers-missing")["exempt_reason"] == "备案办理中"
    assert finding(db, "column-missing")["exempt_reason"] is None


def test_entries_gone_from_a_column_no_longer_count(portals: DemoPortals, tmp_path: Path) -> None:
    """A column emptied between runs is blank again: its earlier entries do not keep it looking fresh."""
    db = tmp_path / "patrol.db"
    config = tmp_path / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
    site = next(s for s in portals.sites if s.name == SITE)
    path = "/zwgk/rsxx/"
    filled = urllib.request.urlopen(site.url.rstrip("/") + "/zwgk/zcwj/").read()

    def run(day_offset: int) -> None:
        day = (AS_OF + timedelta(days=day_offset)).isoformat()
        result = run_cli("run", "--config", str(config), "--site", SITE, "--as-of", day, "--quiet")
        assert result.code in (0, 1), result.stderr

    try:
        portals.set_page(site.key, path, filled)
        run(0)
        portals.clear_page(site.key, path)
        run(1)
    finally:
        portals.clear_page(site.key, path)
    con = sqlite3.connect(db)
    try:
        count, latest = con.execute("select entry_count, latest from columns where site = ? and name = '人事信息'",
                                    (SITE,)).fetchone()
    finally:
        con.close()
    assert (count, latest) == (0, None)
    assert finding(db, "column-blank", "人事信息")["state"] == "new"
