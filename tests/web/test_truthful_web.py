"""The web view's "today" is the office's day, as the CLI's; its pages are Chinese; its notices log is true.

The server and the CLI run with TZ=UTC while the config's ``[schedule] timezone`` is a zone whose date differs
from UTC's at this hour (Pacific/Kiritimati is UTC+14, Etc/GMT+12 is UTC-12), so the machine's "today" and
the office's differ. A site is inspected on the office's day by the real CLI; the views asked for no date
must agree with that day, and with `patrol report`.
"""

from __future__ import annotations

import html as html_text
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from helpers import ROOT, rows
from served_web import patrol_serve

from patrol.demo.server import DemoPortals

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
ENGLISH_CHROME = ("Powered by", "Custom SQL query", "Run SQL", "Edit SQL", "Format SQL", ">home<", ">hide<",
                  "Query parameters", "This data as")


def _render(url: str, screenshot: str, profile: Path) -> str:
    """The DOM headless Chromium builds for ``url``, and a PNG of it in test-artifacts/ (its own profile
    folder, so it never shares one with another test's Chromium)."""
    args = [str(CHROMIUM), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--hide-scrollbars", "--window-size=1400,1600", "--virtual-time-budget=5000", f"--user-data-dir={profile}"]
    dom = subprocess.run([*args, "--dump-dom", url], capture_output=True, text=True, timeout=90).stdout
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run([*args, f"--screenshot={ARTIFACTS / screenshot}", url], capture_output=True, timeout=90)
    assert (ARTIFACTS / screenshot).stat().st_size > 10_000, "Chromium wrote no screenshot"
    return dom


def _office_zone() -> str:
    """A zone whose date is not UTC's now (and will not be for the next hour)."""
    return "Pacific/Kiritimati" if datetime.now(UTC).hour >= 11 else "Etc/GMT+12"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run([sys.executable, "-m", "patrol", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def _get(base: str, path: str, **params: str) -> str:
    url = base + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def _view(base: str, name: str, **params: str) -> list[dict]:
    return json.loads(_get(base, f"/patrol/{name}.json", _shape="array", **params))


@pytest.fixture(scope="module")
def office(crawled: tuple[Path, object], portals: DemoPortals,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A copy of the AS_OF crawl, one site inspected again on the office's day, a files-only notify of its
    unit, and `patrol serve` on it; all with TZ=UTC."""
    work = tmp_path_factory.mktemp("office-day")
    db = work / "patrol.db"
    shutil.copy(crawled[0], db)
    zone = _office_zone()
    today = datetime.now(ZoneInfo(zone)).date()
    machine = datetime.now(UTC).date()
    assert today != machine
    config = work / "sites.toml"
    config.write_text(portals.config_toml(database=str(db)) + f'\n[schedule]\ntimezone = "{zone}"\n',
                      encoding="utf-8")
    site = next(r["site"] for r in rows(db, "SELECT site FROM evaluations WHERE verdict = 'fail' ORDER BY site"))
    unit = rows(db, "SELECT unit FROM sites WHERE name = ?", site)[0]["unit"]
    run = _cli("run", "--config", str(config), "--site", site, "--quiet", cwd=work)
    assert run.returncode in (0, 1), run.stdout + run.stderr
    notified = _cli("notify", "--config", str(config), "--unit", unit, "--out", str(work / "out"), cwd=work)
    assert notified.returncode == 0, notified.stdout + notified.stderr
    with patrol_serve(["--config", str(config)], cwd=work, env={**os.environ, "TZ": "UTC"}) as base:
        yield {"base": base, "db": db, "config": config, "work": work, "site": site, "unit": unit,
               "today": today, "machine": machine, "notify": notified}


def test_the_run_and_the_views_take_the_offices_day(office: dict) -> None:
    today = office["today"].isoformat()
    assert rows(office["db"], "SELECT max(as_of) AS d FROM runs")[0]["d"] == today  # the CLI's day
    default = _view(office["base"], "columns_status", site=office["site"], as_of="")
    pinned = _view(office["base"], "columns_status", site=office["site"], as_of=today)
    machine = _view(office["base"], "columns_status", site=office["site"], as_of=office["machine"].isoformat())
    assert default and default == pinned
    assert [r["距今天数"] for r in default] != [r["距今天数"] for r in machine]
    findings = _view(office["base"], "open_findings", unit=office["unit"], as_of="")
    assert findings and findings == _view(office["base"], "open_findings", unit=office["unit"], as_of=today)


def test_the_site_page_counts_days_as_the_cli_does(office: dict) -> None:
    report = _cli("report", "--config", str(office["config"]), "--site", office["site"], "--json",
                  cwd=office["work"])
    [data] = json.loads(report.stdout)["sites"]
    assert data["as_of"] == office["today"].isoformat() and data["basis"] == "reevaluated"
    cli_days = {c["name"]: (office["today"] - date.fromisoformat(c["latest"])).days
                for c in data["columns"] if c["latest"]}
    web = {r["栏目"]: r["距今天数"] for r in _view(office["base"], "columns_status", site=office["site"], as_of="")}
    assert cli_days and all(web[name] == days for name, days in cli_days.items())
    page = _get(office["base"], "/-/patrol/site/" + urllib.parse.quote(office["site"]))
    assert f"评判日期：{office['today'].isoformat()}（今天" in page
    overview = _get(office["base"], "/")
    assert f"评判日期：{office['today'].isoformat()}（今天" in overview
    league = overview.split('id="league"')[1].split("</table>")[0]
    row = league.split(office["unit"], 1)[1].split("</tr>")[0]
    assert "未巡查" not in row and ("不合格" in row or "合格" in row)


def test_files_only_notices_are_generated_not_delivered_and_keep_their_deadline(office: dict) -> None:
    assert "已生成（未配置邮件，未发送）" in office["notify"].stdout
    log = _view(office["base"], "notices_log", unit=office["unit"])
    assert log and all(r["结果"] == "已生成（未送达）" for r in log) and all(r["送达时间"] is None for r in log)
    stored = rows(office["db"], "SELECT status, sent_at FROM notices WHERE unit = ?", office["unit"])
    assert {r["status"] for r in stored} == {"written"} and all(r["sent_at"] is None for r in stored)
    findings = _view(office["base"], "open_findings", unit=office["unit"], as_of="")
    deadlines = {r["整改期限"] for r in findings if r["类别"] != "预警"}
    assert deadlines and None not in deadlines
    [notice] = (office["work"] / "out").glob("*/*整改通知.docx")
    cells = {c.text.strip() for t in docx.Document(str(notice)).tables for row in t.rows for c in row.cells}
    assert deadlines <= cells  # 问题清单 shows the dates the DOCX gives the unit
    created = log[0]["生成时间"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", created)  # on the office's clock, no offset
    assert created.startswith(office["today"].isoformat())


def test_canned_views_show_the_table_in_chinese_not_the_sql(office: dict) -> None:
    html = _get(office["base"], "/patrol/open_findings", unit=office["unit"], as_of="")
    assert "<title>问题清单" in html and "WITH" not in html and "SELECT" not in html
    for english in ENGLISH_CHROME:
        assert english not in html, english
    assert "评判日期" in html and "导出" in html
    database = _get(office["base"], "/patrol")
    assert "固定查询" in database and "问题清单" in database and "问题（" not in database
    for english in (*ENGLISH_CHROME, "Queries", "Tables", "rows"):
        assert english not in database, english


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)")
def test_chromium_shows_todays_findings_in_chinese(office: dict, tmp_path: Path) -> None:
    base, unit = office["base"], office["unit"]
    pages = {"truthful-overview.png": f"{base}/",
             "truthful-open-findings.png": f"{base}/patrol/open_findings?unit={urllib.parse.quote(unit)}&as_of=",
             "truthful-site.png": f"{base}/-/patrol/site/{urllib.parse.quote(office['site'])}"}
    doms = {name: _render(url, name, tmp_path / "chromium") for name, url in pages.items()}
    for dom in doms.values():
        for english in ENGLISH_CHROME:
            assert english not in dom, english
    assert office["today"].isoformat() in doms["truthful-overview.png"]
    first = _view(base, "open_findings", unit=unit, as_of="")[0]["问题描述"]
    assert first in doms["truthful-open-findings.png"]
    assert (ROOT / "test-artifacts" / "truthful-site.png").is_file()


def _visible_text(html: str) -> str:
    """What a reader sees: no scripts, styles, comments, tags or table cells (cells are the stored data)."""
    hidden = (r"<script.*?</script>", r"<style.*?</style>", r"<!--.*?-->", r"<td[^>]*>.*?</td>", r"<head>.*?</head>")
    for pattern in hidden:
        html = re.sub(pattern, " ", html, flags=re.S)
    return html_text.unescape(re.sub(r"<[^>]+>", " ", html))


def _english_words(html: str) -> set[str]:
    """English words a reader would see, beyond the product's name and the export formats' names."""
    return set(re.findall(r"[A-Za-z]{3,}", _visible_text(html))) - {"Patrol", "CSV", "JSON", "HTTP"}


def test_raw_table_and_row_pages_are_chinese_with_chinese_cells(office: dict) -> None:
    base = office["base"]
    table = _get(base, "/patrol/findings", severity="veto", _sort="site")
    assert not _english_words(table), _english_words(table)
    assert "<title>问题" in table and "共 " in table and "筛选：类别 等于 单项否决" in table and "按网站升序" in table
    assert ">类别<" in table.replace("\n", "").replace(" ", "") and "CREATE TABLE" not in table
    cells = re.findall(r'<td class="col-severity[^"]*">([^<]*)</td>', table)
    assert cells and set(cells) == {"单项否决"}  # the stored code shows its label
    key = rows(office["db"], "SELECT key FROM findings WHERE severity = 'veto' LIMIT 1")[0]["key"]
    row = _get(base, f"/patrol/findings/{key}")
    assert not _english_words(row.replace(key, "")), _english_words(row)  # the key is hex
    assert "问题：" + key in row and "单项否决" in row
    runs = _get(base, "/patrol/runs")
    started = re.findall(r'<td class="col-started[^"]*">([^<]*)</td>', runs)
    assert started and all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", s) for s in started)  # office clock


def test_an_unknown_page_is_a_chinese_error(office: dict) -> None:
    for path in ("/patrol/no_such_table", "/patrol/findings/no-such-key"):
        try:
            urllib.request.urlopen(office["base"] + path, timeout=30)
        except urllib.error.HTTPError as error:
            assert error.code == 404
            html = error.read().decode("utf-8")
            assert "未找到此页面或记录" in html and not _english_words(html), _english_words(html)
        else:
            raise AssertionError(f"{path} answered 200")
