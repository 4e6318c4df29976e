"""Candidates in the store and the `patrol review` workflow: list, confirm, dismiss; a dismissed one does not
return for the same text; no full value anywhere in the database file."""

from __future__ import annotations

import json

from click.testing import CliRunner
from review_corpus import Corpus

from patrol.cli import cli
from review.attachments import read
from review.scan import scan
from review.wording import WordingChecker, load_words
from storage.store import Store


def _stored(tmp_path):
    corpus = Corpus()
    found = scan(read(corpus.xlsx()).blocks, source="附件 名单.xlsx", url="http://127.0.0.1/a.xlsx",
                 checker=WordingChecker(load_words()))
    db = tmp_path / "patrol.db"
    with Store(db) as store:
        store.record_candidates("清河", "http://127.0.0.1/a.xlsx", found, run=1)
    return corpus, found, db


def test_candidates_are_stored_masked_and_listed(tmp_path) -> None:
    corpus, found, db = _stored(tmp_path)
    with Store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert [v for v in corpus.planted if v.encode() in raw] == []
    result = CliRunner().invoke(cli, ["review", "--db", str(db), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) == len(found) == 2 and {r["status"] for r in rows} == {"pending"}
    assert all(v not in result.output for v in corpus.planted)
    table = CliRunner().invoke(cli, ["review", "--db", str(db)])
    assert "待核实" in table.output and "姓名+身份证号" in table.output


def test_confirm_and_dismiss_are_recorded_and_a_dismissed_one_does_not_return(tmp_path) -> None:
    _, found, db = _stored(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["review", "--db", str(db), "confirm", "1", "--reason", "核实属实"]).exit_code == 0
    result = runner.invoke(cli, ["review", "--db", str(db), "dismiss", "2", "--reason", "测试数据"])
    assert result.exit_code == 0 and "已排除候选 2" in result.output
    with Store(db) as store:
        store.record_candidates("清河", "http://127.0.0.1/a.xlsx", found, run=2)  # the next run finds them again
        assert store.review_candidates() == []
        rows = store.review_candidates(statuses=("confirmed", "dismissed"))
    assert [(r["id"], r["status"], r["reason"]) for r in rows] == [(1, "confirmed", "核实属实"),
                                                                    (2, "dismissed", "测试数据")]
    assert runner.invoke(cli, ["review", "--db", str(db), "dismiss", "99", "--reason", "x"]).exit_code == 2
    missing = tmp_path / "none.db"
    assert runner.invoke(cli, ["review", "--db", str(missing), "confirm", "1", "--reason", "x"]).exit_code == 2
    assert not missing.exists()  # a decision never creates an empty database
    assert runner.invoke(cli, ["review", "--db", str(db), "--json"]).output == ""


def test_the_web_view_lists_pending_candidates_with_chinese_labels(tmp_path) -> None:
    import asyncio

    from web.app import build

    corpus, found, db = _stored(tmp_path)
    with Store(db) as store:
        store.decide_candidate(2, "dismissed", "测试数据")

    async def view() -> tuple[dict, list[dict]]:
        ds = build(db)
        meta = (await ds.client.get("/-/metadata.json")).json()
        response = await ds.client.get("/patrol/review_pending.json?_shape=array&site=")
        assert response.status_code == 200, response.text
        return meta, response.json()

    meta, rows = asyncio.run(view())
    assert meta["databases"]["patrol"]["queries"]["review_pending"]["title"] == "待核实"
    assert [(r["候选编号"], r["类别"], r["状态"]) for r in rows] == [(1, "个人信息", "待核实")]
    assert rows[0]["把握"] in ("较高（有表头或标注）", "一般（仅凭数值或字词）")
    assert "*" in rows[0]["证据（已脱敏）"] and not any(v in str(rows) for v in corpus.planted)


def test_candidates_no_longer_found_are_gone_and_a_confirmed_one_stops_counting(tmp_path) -> None:
    _, found, db = _stored(tmp_path)
    url = "http://127.0.0.1/a.xlsx"
    with Store(db) as store:
        store.register_site("清河", "http://127.0.0.1/", unit="清河市")
        store.decide_candidate(1, "confirmed", "属实")
        assert [c["id"] for c in store.snapshot("清河").confirmed] == [1]
        store.record_candidates("清河", url, found[1:], run=2)  # the file fixed its first sheet
        assert store.snapshot("清河").confirmed == () and [r["id"] for r in store.review_candidates()] == [2]
        store.record_candidates("清河", url, [], run=3)  # and then the second
        assert store.review_candidates() == []
        store.record_candidates("清河", url, found, run=4)  # both back: the decision stands
        assert [c["id"] for c in store.snapshot("清河").confirmed] == [1]
        assert [r["id"] for r in store.review_candidates()] == [2]


def test_every_column_of_the_review_tables_is_described_in_chinese(tmp_path) -> None:
    from web.metadata import TABLES

    with Store(tmp_path / "patrol.db") as store:
        for table in ("review_candidates", "attachments"):
            undescribed = [c.name for c in store.db[table].columns if c.name not in TABLES[table][3]]
            assert undescribed == [], table
