"""Crawl results written by the pipeline and read back as the snapshot the rules evaluate."""

from __future__ import annotations

from datetime import date

import pytest
from helpers import dated_article_urls, known_entry_urls, site_columns

from core.config import parse_config
from rules.snapshot import ColumnSnap, EntrySnap, SiteSnap
from storage import Store, column_id

AS_OF = date(2026, 11, 20)
SITE = "清河市人民政府"
UNIT = "清河市政务公开办"
BASE = "http://127.0.0.1:9/"
CONFIG = parse_config({
    "units": [{"name": UNIT, "email": "gk@example.invalid"}],
    "sites": [{"name": SITE, "url": BASE, "unit": UNIT, "kind": "government"}],
})


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "patrol.db") as s:
        s.sync_registry(CONFIG.units, CONFIG.sites)
        yield s


def _column(store: Store, run_id: int, name: str, url: str | None, kind: str = "list", **kw) -> str:
    args = {"parent": None, "category": None, "status": 200, "error": None, "meta": {}, "page_date": None}
    return store.record_column(run_id, SITE, name=name, url=url, kind=kind, **{**args, **kw})


def _site(store: Store, run_id: int) -> None:
    store.record_site(run_id, SITE, url=BASE, status=200, error=None,
                      identifiers={"site_id_code": "3209000001", "conac": True},
                      home_dates=[date(2026, 11, 18), date(2026, 11, 17)],
                      home_entries=[{"title": "要闻一", "url": BASE + "yw/1.html", "date": date(2026, 11, 18)}])


def _crawl(store: Store) -> tuple[int, dict[str, str]]:
    """Run 1 sees an old column; run 2 sees the current tree, entries and articles."""
    run1, _ = store.start_run("run", AS_OF)
    _site(store, run1)
    _column(store, run1, "旧栏目", BASE + "old/")
    store.finish_run(run1)
    run2, _ = store.start_run("run", AS_OF)
    _site(store, run2)
    ids = {
        "group": _column(store, run2, "法定主动公开内容", None, kind="group", status=None),
        "gzdt": _column(store, run2, "工作动态", BASE + "gzdt/", parent="法定主动公开内容",
                        meta={"ColumnName": "工作动态"}),
        "tzgg": _column(store, run2, "通知公告", BASE + "tzgg/", category="notice"),
        "jgzn": _column(store, run2, "机构职能", BASE + "jgzn/", kind="page", page_date=date(2026, 3, 1)),
    }
    store.record_entries(run2, ids["gzdt"], SITE, [
        {"title": "动态一", "url": BASE + "gzdt/1.html", "list_date": date(2026, 11, 18),
         "list_date_raw": "2026-11-18", "list_date_status": "ok"},
        {"title": "动态二", "url": BASE + "gzdt/2.html", "list_date": None, "list_date_raw": None,
         "list_date_status": "missing"},
        {"title": "动态三", "url": BASE + "gzdt/3.html", "list_date": date(2026, 12, 1),
         "list_date_raw": "2026-12-01", "list_date_status": "future"},
        {"title": "", "url": BASE + "gzdt/4.html", "list_date": None, "list_date_raw": "2026-13-45",
         "list_date_status": "invalid"},
    ])
    store.record_article(run2, BASE + "gzdt/1.html", status=200, published=date(2026, 11, 18),
                         published_raw="2026-11-18 09:30", published_from="label", title="动态一（全文）")
    store.record_article(run2, BASE + "gzdt/2.html", status=200, published=date(2026, 11, 10),
                         published_raw="2026-11-10", published_from="meta", title="动态二")
    store.record_article(run2, BASE + "gzdt/4.html", status=404, published=None, published_raw=None,
                         published_from=None, title="动态四")
    store.complete_column(run2, ids["gzdt"], 4)
    store.complete_column(run2, ids["tzgg"], 0)
    store.complete_column(run2, ids["jgzn"], None)
    store.finish_run(run2)
    return run2, ids


def test_snapshot_equals_the_recorded_site(store):
    _crawl(store)
    gzdt_entries = (
        EntrySnap("动态三", BASE + "gzdt/3.html", list_date=date(2026, 12, 1), list_date_raw="2026-12-01"),
        EntrySnap("动态一", BASE + "gzdt/1.html", list_date=date(2026, 11, 18), list_date_raw="2026-11-18",
                  published=date(2026, 11, 18), published_raw="2026-11-18 09:30", published_from="label",
                  status=200),
        EntrySnap("动态二", BASE + "gzdt/2.html", published=date(2026, 11, 10), published_raw="2026-11-10",
                  published_from="meta", status=200),
        EntrySnap("动态四", BASE + "gzdt/4.html", list_date_raw="2026-13-45", status=404),
    )
    expected = SiteSnap(
        name=SITE, url=BASE, unit=UNIT, kind="government", status=200, error=None,
        identifiers={"site_id_code": "3209000001", "conac": True},
        home_dates=(date(2026, 11, 18), date(2026, 11, 17)),
        home_entries=(EntrySnap("要闻一", BASE + "yw/1.html", list_date=date(2026, 11, 18)),),
        columns=(
            ColumnSnap("法定主动公开内容", None, kind="group", status=None),
            ColumnSnap("工作动态", BASE + "gzdt/", parent="法定主动公开内容", status=200,
                       meta={"ColumnName": "工作动态"}, entries=gzdt_entries, entry_count=4),
            ColumnSnap("通知公告", BASE + "tzgg/", category="notice", status=200, entry_count=0),
            ColumnSnap("机构职能", BASE + "jgzn/", kind="page", status=200, page_date=date(2026, 3, 1),
                       entry_count=0),
        ),
    )
    assert store.snapshot(SITE) == expected


def test_latest_excludes_future_dates_and_falls_back_to_the_article_date(store):
    run2, ids = _crawl(store)
    latest = {c["name"]: (c["latest"], c["entry_count"], c["walked_run"]) for c in site_columns(store, SITE)}
    assert latest == {"法定主动公开内容": (None, None, None), "工作动态": ("2026-11-18", 4, run2),
                      "通知公告": (None, 0, run2), "机构职能": ("2026-03-01", 0, run2)}
    # an entry with only an article date newer than the list dates becomes the latest
    store.record_entries(run2, ids["tzgg"], SITE, [{"title": "通知", "url": BASE + "tzgg/1.html"}])
    store.record_article(run2, BASE + "tzgg/1.html", status=200, published=date(2026, 11, 19),
                         published_raw=None, published_from="url", title=None)
    store.complete_column(run2, ids["tzgg"], None)
    assert {c["name"]: c["latest"] for c in site_columns(store, SITE)}["通知公告"] == "2026-11-19"


def test_unknown_site_is_a_key_error(store):
    with pytest.raises(KeyError):
        store.snapshot("不存在的网站")
    run_id, _ = store.start_run("run", AS_OF)
    with pytest.raises(KeyError, match="尚未登记"):
        store.record_column(run_id, "不存在的网站", name="x", url=None, parent=None, kind="group",
                            category=None, status=None, error=None, meta={}, page_date=None)


def test_a_site_never_reached_has_no_columns(store):
    snap = store.snapshot(SITE)
    assert (snap.url, snap.unit, snap.status, snap.columns) == (BASE, UNIT, None, ())


def test_relisting_keeps_article_fields_unless_given_and_is_idempotent(store):
    run2, ids = _crawl(store)
    run3, _ = store.start_run("run", AS_OF)
    again = [{"title": "动态一", "url": BASE + "gzdt/1.html", "list_date": date(2026, 11, 18)}]
    store.record_entries(run3, ids["gzdt"], SITE, again)
    store.record_entries(run3, ids["gzdt"], SITE, again)
    row = store.conn.execute("SELECT published, published_from, status, first_run, last_run FROM entries "
                             "WHERE url = ?", (BASE + "gzdt/1.html",)).fetchone()
    assert row == ("2026-11-18", "label", 200, run2, run3)
    store.record_entries(run3, ids["gzdt"], SITE, [{**again[0], "status": 500, "published": None}])
    row = store.conn.execute("SELECT published, published_from, status FROM entries WHERE url = ?",
                             (BASE + "gzdt/1.html",)).fetchone()
    assert row == (None, "label", 500)
    assert store.conn.execute("SELECT count(*) FROM entries").fetchone()[0] == 4


def test_known_and_dated_urls(store):
    _, ids = _crawl(store)
    assert known_entry_urls(store, ids["gzdt"]) == {BASE + f"gzdt/{i}.html" for i in (1, 2, 3, 4)}
    assert dated_article_urls(store, SITE) == {BASE + "gzdt/1.html", BASE + "gzdt/2.html"}


def test_a_full_walk_prunes_entries_no_longer_listed(store):
    _, ids = _crawl(store)
    run3, _ = store.start_run("run", AS_OF)
    _site(store, run3)
    for name, url, kind in (("工作动态", BASE + "gzdt/", "list"),):
        _column(store, run3, name, url, kind=kind, parent="法定主动公开内容", meta={"ColumnName": "工作动态"})
    store.record_entries(run3, ids["gzdt"], SITE, [{"title": "动态一", "url": BASE + "gzdt/1.html",
                                                    "list_date": date(2026, 11, 18)}])
    store.complete_column(run3, ids["gzdt"], None, prune=True)
    [column] = store.snapshot(SITE).columns
    assert [e.url for e in column.entries] == [BASE + "gzdt/1.html"]
    assert column.entry_count == 1
    # an entry that shows up again is listed again
    store.record_entries(run3, ids["gzdt"], SITE, [{"title": "动态二", "url": BASE + "gzdt/2.html"}])
    assert len(store.snapshot(SITE).columns[0].entries) == 2


def test_page_validators_survive_a_304(store):
    run_id, _ = store.start_run("run", AS_OF)
    url = BASE + "gzdt/"
    assert store.page_validators(url) is None
    store.record_page(run_id, url, status=200, etag='"abc"', last_modified="Wed, 18 Nov 2026 01:00:00 GMT",
                      content_hash="h1", encoding="gb18030")
    store.record_page(run_id, url, status=304, etag=None, last_modified=None, content_hash=None, encoding=None)
    got = store.page_validators(url)
    assert (got["etag"], got["last_modified"], got["content_hash"], got["encoding"], got["status"]) == \
        ('"abc"', "Wed, 18 Nov 2026 01:00:00 GMT", "h1", "gb18030", 304)
    store.record_page(run_id, url, status=200, etag=None, last_modified=None, content_hash="h2", encoding="utf-8")
    got = store.page_validators(url)
    assert (got["etag"], got["content_hash"]) == (None, "h2")


def test_sync_registry_flags_sites_that_left_the_config(store):
    store.register_site("临时检查站", "http://127.0.0.1:8/")
    assert store.site_names() == sorted([SITE, "临时检查站"])
    assert store.site_names(configured=True) == [SITE]
    config = parse_config({"sites": [{"name": "新站", "url": "http://127.0.0.1:7/"}]})
    store.sync_registry(config.units, config.sites)
    assert store.site_names(configured=True) == ["新站"]
    assert store.site("新站")["unit"] == "新站"


def test_articles_read_after_the_walk_refresh_latest(store):
    run_id, _ = store.start_run("run", AS_OF)
    cid = _column(store, run_id, "通知公告", BASE + "tzgg/")
    store.record_entries(run_id, cid, SITE, [{"title": "通知", "url": BASE + "tzgg/1.html"}])
    store.complete_column(run_id, cid, 1)
    assert site_columns(store, SITE)[0]["latest"] is None
    store.record_article(run_id, BASE + "tzgg/1.html", status=200, published=date(2026, 11, 12),
                         published_raw="2026年11月12日", published_from="label", title="通知")
    store.refresh_latest(run_id)
    assert site_columns(store, SITE)[0]["latest"] == "2026-11-12"


def test_caller_computed_column_ids_must_match(store):
    run_id, _ = store.start_run("run", AS_OF)
    cid = column_id(SITE, "工作动态", BASE + "gzdt/")
    assert _column(store, run_id, "工作动态", BASE + "gzdt/", column_id=cid) == cid
    with pytest.raises(ValueError, match="不一致"):
        _column(store, run_id, "工作动态", BASE + "gzdt/", column_id="0" * 20)


def test_site_title_is_kept_when_a_later_fetch_has_none(store):
    run_id, _ = store.start_run("run", AS_OF)
    assert store.site_title(SITE) is None
    store.record_site(run_id, SITE, url=BASE, status=200, error=None, identifiers={}, home_dates=[],
                      home_entries=[], title="清河市人民政府门户网站")
    store.record_site(run_id, SITE, url=BASE, status=0, error="超时", identifiers={}, home_dates=[],
                      home_entries=[])
    assert store.site_title(SITE) == "清河市人民政府门户网站"
    assert store.snapshot(SITE).status == 0
