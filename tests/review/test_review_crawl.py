"""Content review end to end: a fixture portal on 127.0.0.1 whose article has a wrong country name and links
to a synthetic XLSX list, an HTML table saved as .xls and a scanned PDF; `patrol run` with `[review]
enabled` stores masked candidates and the attachments' reading; `patrol notify` shows them as 待核实; no full
value in the database, the notices or the logs; a second run does not read unchanged attachments again."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
import review_portal as rp
import shaped_portals as sp
from helpers import AS_OF, run_cli
from review_corpus import Corpus


def _config(tmp_path: Path, base: str, enabled: bool = True, extra: str = "") -> Path:
    config = tmp_path / "sites.toml"
    config.write_text(f'database = "{tmp_path / "patrol.db"}"\n[crawl]\ndelay = 0.0\nconcurrency_per_host = 4\n'
                      'retries = 0\ncheck_links = false\ndiscovery_pages = 0\n'
                      f'[review]\nenabled = {str(enabled).lower()}\n{extra or "max_files = 10"}\n'
                      '[[units]]\nname = "清河市市场监督管理局"\n[[sites]]\nname = "市场监管局网站"\n'
                      f'url = "{base}"\nunit = "清河市市场监督管理局"\n', encoding="utf-8")
    return config


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp_path = tmp_path_factory.mktemp("review")
    corpus = Corpus()
    asked: list[str] = []
    with sp.serve(rp.review_pages(AS_OF, corpus), asked) as base:
        config = _config(tmp_path, base)
        first = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat())
        files_first = [p for p in asked if p.startswith("/files/")]
        con = sqlite3.connect(tmp_path / "patrol.db")
        (personal,), (wording,) = (con.execute(f"SELECT min(id) FROM review_candidates WHERE kind = '{k}'")
                                   .fetchone() for k in ("personal-data", "wording"))
        con.close()
        decided = [run_cli("review", "--config", str(config), "confirm", str(personal), "--reason", "名单未脱敏"),
                   run_cli("review", "--config", str(config), "dismiss", str(wording), "--reason", "测试")]
        second = run_cli("run", "--config", str(config), "--as-of", AS_OF.isoformat(), "--full")  # pages re-read
    notify = run_cli("notify", "--config", str(config), "--as-of", AS_OF.isoformat(), "--dry-run",
                     "--out", str(tmp_path / "out"), "--allow-stale")
    return {"tmp": tmp_path, "corpus": corpus, "runs": (first, second), "notify": notify,
            "files_first": files_first, "asked": asked, "decided": decided, "ids": (personal, wording)}


def _rows(tmp_path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(tmp_path / "patrol.db")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_attachments_and_the_page_give_masked_candidates(reviewed: dict) -> None:
    first, _ = reviewed["runs"]
    assert first.code in (0, 1), first.stderr
    rows = _rows(reviewed["tmp"], "SELECT kind, summary, status FROM review_candidates ORDER BY id")
    summaries = [r[1] for r in rows]
    assert sorted(r[2] for r in rows) == ["confirmed", "dismissed"] + ["pending"] * 5
    listed = "附件 2026年低保名单.xlsx 第1张表（低保名单） 12 行含 姓名+身份证号+手机号+银行卡号"
    assert any(listed in s for s in summaries)
    assert any("第2张表（补贴） 5 行含 姓名+身份证号" in s for s in summaries)
    assert "附件 补贴发放表.xls 第1张表 3 行含 姓名+身份证号+手机号（未去标识化）" in summaries
    wording = [s for kind, s, _ in rows if kind == "wording"]
    assert wording == ["页面 正文 出现“中华人民共合国”，应为“中华人民共和国”（1 处）"]  # the quoted one is skipped
    direct = [s for s in summaries if s.startswith("附件 补贴名单 ")]  # the column's entry that is a document
    assert sorted(direct) == ["附件 补贴名单 文本框 1 处含 身份证号（未去标识化）",
                              "附件 补贴名单 第1个表格 3 行含 姓名+身份证号（未去标识化）",
                              "附件 补贴名单 页眉 1 处含 手机号（未去标识化）"]


def test_the_scanned_pdf_is_listed_as_unreadable(reviewed: dict) -> None:
    rows = dict(_rows(reviewed["tmp"], "SELECT substr(url, instr(url, '/files/')), status FROM attachments"))
    # the link to another host (a private address) is not fetched: the site's hosts and the URL policy apply
    assert rows == {"/files/dibao.xlsx": "read", "/files/butie.xls": "read", "/files/scan.pdf": "unreadable",
                    "/files/direct.docx": "read"}  # the last an entry of the column that is a document itself
    # attachments stay out of the pages a run's figures count
    assert _rows(reviewed["tmp"], "SELECT url FROM pages WHERE url LIKE '%/files/%' AND url NOT LIKE '%direct%'") == []


def test_the_notice_shows_a_pending_section(reviewed: dict) -> None:
    assert reviewed["notify"].code == 0, reviewed["notify"].stderr
    html = next((reviewed["tmp"] / "out").rglob("*清河市市场监督管理局*.html")).read_text(encoding="utf-8")
    # two still pending and the unread PDF; the confirmed one is a finding (单项否决), the dismissed one is gone
    assert "待核实问题（6条）" in html and "姓名+身份证号" in html and "中华人民共合国" not in html
    # the scanned PDF: listed for a person, never clean
    assert "附件 审批表.pdf：无法识别文字（扫描件或乱码），需人工查看（扫描件，无文字层）" in html
    assert "已经人工核实" in html
    assert "<th>把握</th>" in html.replace(" ", "") or "把握" in html
    assert "较高（有表头或标注）" in html  # the ID list sits under a 身份证号 header


def test_a_confirmed_candidate_counts_at_the_next_run_and_a_dismissed_one_stays_away(reviewed: dict) -> None:
    assert all(r.code == 0 for r in reviewed["decided"]), [r.stderr for r in reviewed["decided"]]
    personal, wording = reviewed["ids"]
    findings = _rows(reviewed["tmp"], "SELECT rule, severity, message FROM findings WHERE rule IN "
                                      "('personal-data-exposed', 'wording-suspect')")
    assert [(r[0], r[1]) for r in findings] == [("personal-data-exposed", "veto")]
    assert "已经人工核实" in findings[0][2]
    status = dict(_rows(reviewed["tmp"], "SELECT id, status FROM review_candidates"))
    # the second run read the page again (its wording candidate found again stays dismissed)
    assert (status[personal], status[wording]) == ("confirmed", "dismissed")
    last = dict(_rows(reviewed["tmp"], "SELECT id, last_run FROM review_candidates"))
    assert last[wording] == _rows(reviewed["tmp"], "SELECT max(id) FROM runs")[0][0]


def test_no_full_value_in_the_database_the_notices_or_the_logs(reviewed: dict) -> None:
    tmp: Path = reviewed["tmp"]
    con = sqlite3.connect(tmp / "patrol.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    outputs = b"".join(p.read_bytes() for p in tmp.rglob("*") if p.is_file())
    logs = "".join(r.stdout + r.stderr for r in (*reviewed["runs"], reviewed["notify"]))
    planted = reviewed["corpus"].planted
    assert planted and [v for v in planted if v.encode() in outputs or v in logs] == []
    packed = [p for p in tmp.rglob("*") if p.suffix in (".xlsx", ".docx")]  # the notices unpacked (zip files)
    assert len(packed) >= 2
    for path in packed:
        with zipfile.ZipFile(path) as z:
            text = b"".join(z.read(n) for n in z.namelist())
        assert [v for v in planted if v.encode() in text] == []


def test_unchanged_attachments_are_not_read_again(reviewed: dict) -> None:
    _, second = reviewed["runs"]
    assert second.code in (0, 1), second.stderr
    assert sorted(set(reviewed["files_first"])) == ["/files/butie.xls", "/files/dibao.xlsx", "/files/direct.docx",
                                                    "/files/scan.pdf"]
    got = {p: [q for q in reviewed["asked"] if q.startswith("/files/")].count(p) for p in reviewed["files_first"]}
    assert all(n >= 2 for n in got.values()), got  # each asked again by the second run
    runs = _rows(reviewed["tmp"], "SELECT max(id) FROM runs")[0][0]
    # the second run asked again (conditionally) but got the same bytes: not read, rows keep the first reading
    assert {r[0] for r in _rows(reviewed["tmp"], "SELECT last_run FROM attachments")} == {runs - 1}
    assert len(_rows(reviewed["tmp"], "SELECT id FROM review_candidates")) == 7  # none added by the second run


def test_patrol_review_lists_the_pending_and_the_unread(reviewed: dict) -> None:
    listed = run_cli("review", "--db", str(reviewed["tmp"] / "patrol.db"))
    assert listed.code == 0, listed.stderr
    assert "无法读取、需人工查看的附件（1 个" in listed.stdout and "/files/scan.pdf" in listed.stdout
    assert listed.stdout.count("待核实") == 5 and not any(v in listed.stdout for v in reviewed["corpus"].planted)


def test_size_and_count_caps_and_review_off(tmp_path: Path) -> None:
    """Over ``max_bytes`` a download is cut (listed as too large, never clean); ``max_files`` caps the count;
    with review off nothing is fetched for review and nothing stored."""
    asked: list[str] = []
    with sp.serve(rp.review_pages(AS_OF, Corpus()), asked) as base:
        capped = _config(tmp_path, base, extra="max_bytes = 3000\nmax_files = 3")
        result = run_cli("run", "--config", str(capped), "--as-of", AS_OF.isoformat())
        assert result.code in (0, 1), result.stderr
        rows = dict(_rows(tmp_path, "SELECT substr(url, instr(url, '/files/')), status FROM attachments"))
        off = tmp_path / "off"
        off.mkdir()
        plain = _config(off, base, enabled=False)
        asked.clear()
        assert run_cli("run", "--config", str(plain), "--as-of", AS_OF.isoformat()).code in (0, 1)
    assert len(rows) == 3 and "too-large" in rows.values()  # three of the four files, the big ones cut
    assert all(status in ("too-large", "read", "unreadable") for status in rows.values())
    assert [p for p in asked if p.startswith("/files/") and p != "/files/direct.docx"] == []
    assert _rows(off, "SELECT count(*) FROM review_candidates") == [(0,)]
