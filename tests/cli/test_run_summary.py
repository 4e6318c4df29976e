"""The run summary's figures are the database's, and a site failed despite its score names its veto."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from helpers import CliResult


def _summary_rows(stdout: str) -> dict[str, list[str]]:
    """Site name -> the cells of its summary row (split on runs of two or more spaces)."""
    rows = {}
    for line in stdout.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        if len(cells) >= 6 and cells[0] and not cells[0].startswith("-") and cells[0] != "站点":
            rows[cells[0]] = cells
    return rows


def test_summary_pages_and_errors_agree_with_the_database(crawled: tuple[Path, CliResult]) -> None:
    db, result = crawled
    header = next(line for line in result.stdout.splitlines() if line.startswith("站点"))
    columns = re.split(r"\s{2,}", header.strip())
    pages_at, errors_at = columns.index("抓取页数"), columns.index("错误")
    rows = _summary_rows(result.stdout)
    con = sqlite3.connect(db)
    try:
        run_pages, run_errors = con.execute("SELECT pages, errors FROM runs WHERE id = 1").fetchone()
        site_errors = dict(con.execute(
            "SELECT s.name, (s.error IS NOT NULL) + (SELECT count(*) FROM \"columns\" c WHERE c.site = s.name "
            "AND c.last_run = 1 AND c.error IS NOT NULL) FROM sites s").fetchall())
        stored_pages = con.execute("SELECT count(*) FROM pages WHERE run_id = 1").fetchone()[0]
    finally:
        con.close()
    total = rows.pop("合计")
    # the 合计 row (the rows with an empty newest-date cell lose one cell in the split) is runs.pages/errors
    assert [int(x) for x in total[3:5]] == [run_pages, run_errors]
    assert run_pages == stored_pages > 0
    assert sum(int(r[pages_at]) for r in rows.values()) == run_pages
    assert {name: int(r[errors_at]) for name, r in rows.items()} == {n: site_errors[n] for n in rows}
    assert run_errors == sum(site_errors.values()) >= 2  # the unreachable site and the blocked one


def test_summary_names_the_veto_of_a_site_that_scored_a_pass(crawled: tuple[Path, CliResult]) -> None:
    _, result = crawled
    rows = _summary_rows(result.stdout)
    town = rows["清河县柳镇人民政府"]
    assert "不合格" in town and float(town[-2]) >= 60
    line = next(line for line in result.stdout.splitlines() if line.startswith("清河县柳镇人民政府 得分"))
    assert "但不合格，单项否决：" in line and "（veto-stale-columns）" in line
    assert not any(line.startswith("清河市人民政府 得分") for line in result.stdout.splitlines())
