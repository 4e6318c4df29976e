"""Measure how fast ``Store.record_entries`` writes: fresh inserts, then re-listing the same entries.

Run: ``python benchmarks/store_writes.py [--rows 50000] [--batch 1000]``; prints rows per second.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import support  # noqa: F401 - first: takes this folder off sys.path (benchmarks/support.py)

# isort: split
from storage import Store

SITE = "基准测试网站"
BASE = "http://127.0.0.1:9/"


def _entries(start: int, count: int, day: date) -> list[dict]:
    return [{"title": f"条目{i}", "url": f"{BASE}list/{i}.html", "list_date": day - timedelta(days=i % 900),
             "list_date_raw": None, "list_date_status": "ok"} for i in range(start, start + count)]


def _measure(store: Store, run_id: int, column: str, rows: int, batch: int) -> float:
    day = date(2026, 11, 20)
    batches = [_entries(i, min(batch, rows - i), day) for i in range(0, rows, batch)]
    started = time.perf_counter()
    for entries in batches:
        store.record_entries(run_id, column, SITE, entries)
    return rows / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=1_000, help="entries per record_entries call")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        store.register_site(SITE, BASE)
        run_id, _ = store.start_run("run", date(2026, 11, 20))
        column = store.record_column(run_id, SITE, name="列表", url=BASE + "list/", parent=None, kind="list",
                                     category=None, status=200, error=None, meta={}, page_date=None)
        insert = _measure(store, run_id, column, args.rows, args.batch)
        relist = _measure(store, run_id, column, args.rows, args.batch)
    print(f"record_entries, {args.rows} rows in batches of {args.batch}:")
    print(f"  insert  {insert:12,.0f} rows/s")
    print(f"  relist  {relist:12,.0f} rows/s")


if __name__ == "__main__":
    main()
