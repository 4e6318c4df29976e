"""Past reports, year figures, the 通报 and a partial run's summary say only what is true.

Real crawls of the demo portals into real SQLite: the session's crawl on AS_OF, then a second run of two
sites three days later on a copy.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import docx
import pytest
from helpers import AS_OF, CliResult, rows, run_cli

LATER = AS_OF + timedelta(days=3)


def _copy(crawled: tuple[Path, object], target: Path) -> tuple[Path, Path]:
    db = target / "patrol.db"
    shutil.copy(crawled[0], db)
    return db, crawled[0].parent / "sites.toml"


def _report(config: Path, db: Path, day: object, *extra: str) -> CliResult:
    return run_cli("report", "--config", str(config), "--db", str(db), "--as-of", str(day), *extra, timeout=120)


@pytest.fixture(scope="module")
def two_runs(crawled: tuple[Path, object], tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the AS_OF crawl, the report of one site on AS_OF, then a run of two sites on LATER."""
    db, config = _copy(crawled, tmp_path_factory.mktemp("history"))
    judged = sorted(r["site"] for r in rows(db, "SELECT site FROM evaluations WHERE verdict IN ('pass', 'fail')"))
    first, second = judged[0], judged[1]
    before = _report(config, db, AS_OF.isoformat(), "--site", first, "--json")
    assert before.code in (0, 1), before.stderr
    run = run_cli("run", "--config", str(config), "--db", str(db), "--as-of", LATER.isoformat(), "--quiet",
                  "--site", first, "--site", second, cwd=db.parent)
    assert run.code in (0, 1), run.stdout + run.stderr
    return {"db": db, "config": config, "site": first, "other": second, "before": before.json_lines()[0],
            "run": run, "all": sorted(r["name"] for r in rows(db, "SELECT name FROM sites WHERE in_config = 1"))}


def test_a_report_before_any_inspection_refuses(two_runs: dict) -> None:
    result = _report(two_runs["config"], two_runs["db"], (AS_OF - timedelta(days=1)).isoformat())
    assert result.code == 1, result.stdout + result.stderr
    assert "未评估" in result.stderr and "还没有完成的巡查" in result.stderr and AS_OF.isoformat() in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_a_report_between_two_runs_shows_the_first_runs_findings_only(two_runs: dict) -> None:
    site, before = two_runs["site"], two_runs["before"]["sites"][0]
    between = _report(two_runs["config"], two_runs["db"], (AS_OF + timedelta(days=1)).isoformat(), "--site", site,
                      "--json")
    [data] = between.json_lines()[0]["sites"]
    assert data["inspected"] == AS_OF.isoformat() and data["basis"] == "recorded"
    assert (data["verdict"], data["score"]) == (before["verdict"], before["score"])
    recorded = [(f["key"], f["message"]) for f in data["findings"]]
    assert recorded == [(f["key"], f["message"]) for f in before["findings"]]
    after = _report(two_runs["config"], two_runs["db"], LATER.isoformat(), "--site", site, "--json")
    [later] = after.json_lines()[0]["sites"]
    assert later["inspected"] == LATER.isoformat() and later["basis"] == "reevaluated"
    assert {f["message"] for f in later["findings"]} != {f["message"] for f in before["findings"]}  # days went by
    text = _report(two_runs["config"], two_runs["db"], (AS_OF + timedelta(days=1)).isoformat())
    assert "当日巡查记录" in text.stdout and "按基准日重新评估" in text.stdout  # the other sites: not crawled since
    assert "发布日期晚于检查日期" not in text.stdout


def test_a_run_of_some_sites_summarises_only_them(two_runs: dict) -> None:
    out = two_runs["run"].stdout
    assert f"只巡查指定的2个站点（共登记{len(two_runs['all'])}个）" in out
    table = [line.split()[0] for line in out.splitlines() if line.split()]
    named = [name for name in two_runs["all"] if name in table]
    assert sorted(named) == sorted([two_runs["site"], two_runs["other"]])
    assert "合计" in table


def test_year_figures_say_which_inspections_they_rest_on(crawled: tuple[Path, object], tmp_path: Path) -> None:
    db = crawled[0]
    years = sorted({int(r["y"]) for r in rows(db, "SELECT substr(coalesce(list_date, published), 1, 4) AS y "
                                                 "FROM entries WHERE coalesce(list_date, published) IS NOT NULL")})
    earlier = [y for y in years if y < AS_OF.year]
    assert earlier, "the demo portals list entries of earlier years"
    result = run_cli("stats", "--year", str(earlier[-1]), "--db", str(db), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert f"{earlier[-1]}年公开目录信息更新" in result.stdout and f"{earlier[-1]}年内没有巡查" in result.stdout
    assert "没有完成的巡查" not in result.stdout + result.stderr and AS_OF.isoformat() in result.stdout
    future = run_cli("stats", "--year", str(AS_OF.year + 1), "--db", str(db), cwd=tmp_path)
    assert future.code == 1 and future.stdout == "" and "无法统计" in future.stderr


def test_the_office_report_counts_every_registered_site(crawled: tuple[Path, object], tmp_path: Path) -> None:
    db, config = _copy(crawled, tmp_path)
    sites = rows(db, "SELECT name, unit FROM sites WHERE in_config = 1")
    unchecked = {r["site"] for r in rows(db, "SELECT site FROM evaluations WHERE verdict = 'unchecked'")}
    unchecked |= {r["name"] for r in sites} - {r["site"] for r in rows(db, "SELECT site FROM evaluations")}
    assert unchecked, "the demo has sites that cannot be checked"
    result = run_cli("notify", "--config", str(config), "--db", str(db), "--as-of", AS_OF.isoformat(), "--dry-run",
                     "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.code == 0, result.stdout + result.stderr
    [office] = (tmp_path / "out").glob("*/*巡查通报.docx")
    body = "\n".join(p.text for p in docx.Document(str(office)).paragraphs)
    units = len({r["unit"] for r in sites})
    assert f"对{units}个单位的{len(sites)}个政府网站进行了巡查，其中{len(unchecked)}个网站未能检查（" in body
    assert all(name in body.split("未能检查（", 1)[1].split("）", 1)[0] for name in unchecked)
