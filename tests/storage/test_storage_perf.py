"""A column of 10,000 entries records in one batch well within a nightly run's budget."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from helpers import dated_article_urls, known_entry_urls, site_columns

from storage import Store

SITE = "清河市人民政府"
BASE = "http://127.0.0.1:9/"


def test_ten_thousand_entries_record_quickly(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        store.register_site(SITE, BASE)
        run_id, _ = store.start_run("run", date(2026, 11, 20))
        cid = store.record_column(run_id, SITE, name="工作动态", url=BASE + "gzdt/", parent=None, kind="list",
                                  category=None, status=200, error=None, meta={}, page_date=None)
        day = date(2026, 11, 20)
        entries = [{"title": f"工作动态第{i}条", "url": f"{BASE}gzdt/{i}.html",
                    "list_date": day - timedelta(days=i % 900), "list_date_raw": None,
                    "list_date_status": "ok"} for i in range(10_000)]
        started = time.perf_counter()
        store.record_entries(run_id, cid, SITE, entries)
        elapsed = time.perf_counter() - started
        print(f"record_entries: 10000 rows in {elapsed:.3f} s ({10_000 / elapsed:,.0f} rows/s)")
        assert elapsed < 10
        store.complete_column(run_id, cid, None)
        assert site_columns(store, SITE)[0]["entry_count"] == 10_000
        assert len(known_entry_urls(store, cid)) == 10_000


def test_one_store_shared_by_threads(tmp_path):
    with Store(tmp_path / "patrol.db") as store:
        store.register_site(SITE, BASE)
        run_id, _ = store.start_run("run", date(2026, 11, 20))
        cid = store.record_column(run_id, SITE, name="工作动态", url=BASE + "gzdt/", parent=None, kind="list",
                                  category=None, status=200, error=None, meta={}, page_date=None)

        def write(n: int) -> int:
            for i in range(20):
                store.record_entries(run_id, cid, SITE, [{"title": "t", "url": f"{BASE}{n}/{i}.html"}])
                store.record_article(run_id, f"{BASE}{n}/{i}.html", status=200, published=date(2026, 11, 1),
                                     published_raw=None, published_from="meta", title=None)
            return len(known_entry_urls(store, cid))

        with ThreadPoolExecutor(max_workers=8) as pool:
            seen = list(pool.map(write, range(8)))
        assert max(seen) == 160
        assert len(dated_article_urls(store, SITE)) == 160
