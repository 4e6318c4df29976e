"""Time ``patrol check URL --json`` end to end on a 30-column fixture site of each CMS style.

Run: ``python benchmarks/check.py [--columns 30] [--entries 100] [--repeat 3] [--styles trs,hanweb,table,plain]``.

One bulk site per style (``patrol.demo.make_bulk_sites``) is served on 127.0.0.1 by this process; each check
runs as a child process (start-up, crawl, rules and JSON output included) and is timed by wall clock.
The server's request counter gives the pages each check fetched; ``os.wait4`` gives each child's CPU seconds.
Target: a 30-column site in ≤ 2 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from datetime import date

import support  # noqa: F401 - first: takes this folder off sys.path (benchmarks/support.py)

# isort: split
from core.tables import render_table
from patrol.demo import DemoPortals, make_bulk_sites
from patrol.demo.spec import STYLES

TARGET_SECONDS = 2.0
STYLE_NAMES = {"trs": "TRS WCM", "hanweb": "大汉 JCMS", "table": "表格式 ASP（GBK）", "plain": "简易列表"}


def served(portals: DemoPortals, key: str) -> int:
    return sum(n for (site, _), n in portals.requests.items() if site == key)


def check_once(url: str, as_of: date) -> tuple[float, float, dict]:
    """Wall-clock and CPU seconds of one ``patrol check`` child process, and its JSON answer."""
    cmd = [sys.executable, "-m", "patrol", "check", url, "--as-of", as_of.isoformat(), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        sys.exit(f"patrol check 失败（退出码 {proc.returncode}）：\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, cpu, json.loads(proc.stdout)


def bench_style(portals: DemoPortals, key: str, as_of: date, repeat: int) -> list[object]:
    """One table row: style, list columns found, requests per check, min and median seconds, median CPU."""
    url = portals.url(key)
    times, cpus, requests, answer = [], [], [], {}
    for _ in range(repeat):
        before = served(portals, key)
        seconds, cpu, answer = check_once(url, as_of)
        times.append(seconds)
        cpus.append(cpu)
        requests.append(served(portals, key) - before)
    lists = sum(1 for c in answer.get("columns", []) if c.get("kind") == "list")
    best, median = min(times), statistics.median(times)
    return [STYLE_NAMES.get(portals.specs[key].style, key), lists, "/".join(map(str, sorted(set(requests)))),
            f"{best:.2f}", f"{median:.2f}", f"{statistics.median(cpus):.2f}",
            "达标" if median <= TARGET_SECONDS else "未达标"]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--columns", type=int, default=30, help="list columns per site (default 30)")
    parser.add_argument("--entries", type=int, default=100, help="entries per column (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="checks per style (default 3)")
    parser.add_argument("--styles", default=",".join(STYLES), help="comma-separated: trs,hanweb,table,plain")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    args = parser.parse_args()
    args.styles = [s for s in args.styles.split(",") if s]
    unknown = [s for s in args.styles if s not in STYLES]
    if unknown:
        parser.error(f"未知的网站风格：{', '.join(unknown)}（可选：{', '.join(STYLES)}）")
    return args


def main() -> None:
    args = parse_args()
    sites = [s for s in make_bulk_sites(len(STYLES), args.columns, args.entries) if s.style in args.styles]
    rows = []
    with DemoPortals(args.as_of, sites=sites) as portals:
        for site in sites:
            print(f"检查 {STYLE_NAMES[site.style]} 站点……", file=sys.stderr)
            rows.append(bench_style(portals, site.key, args.as_of, args.repeat))
    print(f"patrol check 单站检查：每站 {args.columns} 个栏目 × 每栏目 {args.entries} 条，每种风格 {args.repeat} 次")
    print(render_table(["网站风格", "识别列表栏目", "请求数/次", "最快(秒)", "中位(秒)", "CPU 中位(秒)",
                        f"目标 ≤ {TARGET_SECONDS:g} 秒"], rows, right=(1, 2, 3, 4, 5)))


if __name__ == "__main__":
    main()
