"""Incremental nightly runs: what a re-run costs against the first run, in requests and wall time.

Run: ``python benchmarks/incremental.py [--sites 100] [--columns 10] [--entries 30] [--changed 0.1] [--quick]``.

The bulk fixture sites (``patrol.demo.make_bulk_sites``; TRS, Hanweb and plain sites send ETag and
Last-Modified and answer 304, the GBK table sites send no validators, so they take the content-hash path)
are served on 127.0.0.1 by this process and crawled by ``patrol run`` in child processes, one database
throughout, as nightly runs on consecutive days:

1. the first run (everything read);
2. an unchanged re-run the next day;
3. a re-run after a tenth of the list columns (``--changed``) each published one new entry;
4. ``patrol run --full`` (re-reads everything), for comparison.

The server's request log counts requests. Target: the unchanged re-run costs ≤ 1.2 requests per column plus
one per site; with changed columns, requests grow only by what changed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import support  # first: takes this folder off sys.path (benchmarks/support.py)

# isort: split

from core.tables import render_table
from patrol.demo import make_bulk_sites

bench = support.crawl_bench()

PER_COLUMN_TARGET = 1.2


def list_columns(portals: bench.LoggedPortals) -> list[tuple[str, str]]:
    """(site key, column name) of every list column of the served sites."""
    return [(key, c.name) for key in portals.specs for c in portals.style(key).site.columns if c.kind == "list"]


def run_pass(name: str, portals: bench.LoggedPortals, tmp: str, config: Path, db: Path, day: date,
             *extra: str) -> bench.Pass:
    cmd = bench.patrol_cmd(config, db, day, None) + list(extra)
    result, _ = bench.measure(name, cmd, portals, tmp)
    if result.exit_code not in (0, 1):
        sys.exit(f"{name} 运行失败（退出码 {result.exit_code}）：\n"
                 + (Path(tmp) / f"{name}.out").read_text(encoding="utf-8", errors="replace")[-2000:])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=100, help="fixture sites (default 100)")
    parser.add_argument("--columns", type=int, default=10, help="list columns per site (default 10)")
    parser.add_argument("--entries", type=int, default=30, help="entries per column (default 30)")
    parser.add_argument("--changed", type=float, default=0.1, help="share of list columns changed (default 0.1)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 sites")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    args = parser.parse_args()
    if args.quick:
        args.sites = 10
    with tempfile.TemporaryDirectory(prefix="patrol-incr-") as tmp, \
            bench.LoggedPortals(args.as_of, sites=make_bulk_sites(args.sites, args.columns, args.entries)) as portals:
        db, config = Path(tmp) / "patrol.db", Path(tmp) / "sites.toml"
        config.write_text(bench.bench_config(portals, str(db)), encoding="utf-8")
        columns = list_columns(portals)
        print(f"首次巡查 {args.sites} 个站点、{len(columns)} 个列表栏目……", file=sys.stderr)
        first = run_pass("first", portals, tmp, config, db, args.as_of)
        print("未变化时复跑……", file=sys.stderr)
        same = run_pass("unchanged", portals, tmp, config, db, args.as_of + timedelta(days=1))
        changed = random.Random(0).sample(columns, max(1, round(len(columns) * args.changed)))
        for key, name in changed:
            portals.publish(key, name, f"{name}新发布信息")
        print(f"{len(changed)} 个栏目各新增 1 条信息后复跑……", file=sys.stderr)
        moved = run_pass("changed", portals, tmp, config, db, args.as_of + timedelta(days=2))
        print("全量复跑（--full）……", file=sys.stderr)
        full = run_pass("full", portals, tmp, config, db, args.as_of + timedelta(days=3), "--full")
    n_sites = args.sites
    budget = PER_COLUMN_TARGET * len(columns) + n_sites
    rows = []
    for label, p in (("首次巡查", first), ("未变化复跑", same), (f"{len(changed)} 个栏目变化后复跑", moved),
                     ("全量复跑 --full", full)):
        rows.append([label, f"{p.pages:,}", f"{p.pages / len(columns):.2f}", f"{p.pages / first.pages:.1%}",
                     f"{p.wall:.1f}", f"{p.wall / first.wall:.1%}", f"{p.rss_mb:.0f}"])
    table = render_table(["巡查", "请求数", "每栏目请求", "占首次请求", "用时(秒)", "占首次用时", "峰值内存(MB)"],
                         rows, right=range(1, 7))
    ok = lambda good: "达标" if good else "未达标"  # noqa: E731
    growth = moved.pages - same.pages
    print("\n".join([
        f"站点 {n_sites} 个 × 列表栏目 {args.columns} 个（另有年报栏目，共 {len(columns)} 个）× 每栏目条目 "
        f"{args.entries} 条；表格类站点（GBK ASP）不发 ETag/Last-Modified，按内容哈希判断",
        "", table, "",
        f"未变化复跑：{same.pages:,} 个请求，目标 ≤ 1.2 × {len(columns)} 栏目 + {n_sites} 站点 = {budget:,.0f}"
        f"（{ok(same.pages <= budget)}）",
        f"{len(changed)} 个栏目变化：请求比未变化复跑多 {growth:,} 个，即每个变化栏目 {growth / len(changed):.2f} 个"
        "（新条目页 1 个 + 变化的列表页读到已知条目为止）",
        "说明：用时为子进程从启动到退出（含规则评估）；复跑时每个站点仍读取首页与信息公开目录页（栏目可能增减）。",
    ]))


if __name__ == "__main__":
    main()
