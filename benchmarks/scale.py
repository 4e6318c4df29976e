"""Province scale in one process: a single ``patrol run`` over ≥ 100,000 pages, its peak RSS and speed.

Run: ``python benchmarks/scale.py [--pages 100000] [--columns 10] [--entries 30] [--quick] [--no-bare]
[--trace OUT]``.

The bulk fixture sites of ``patrol.demo.make_bulk_sites`` (TRS WCM, Hanweb/大汉 JCMS with ``dataproxy.jsp``,
GBK table CMS, plain lists; catalog, paged list pages and article pages, rendered on request from a
deterministic spec) are served on 127.0.0.1 by this process, as many sites as it takes to reach ``--pages``.
One ``patrol run`` (the real PortalSpider and StorePipeline into a real SQLite file, then rule evaluation)
runs as a child process, so its memory is its own: peak RSS is ``ru_maxrss`` from ``os.wait4`` on the child,
and a sampler reads the child's ``VmRSS`` from ``/proc`` every half second, which shows how memory grows with
the pages fetched. Then the bare Scrapy spider of ``crawl.py`` replays the same requests with the same
settings, for the crawl ratio. The server's CPU time is this process's CPU time during each pass.
Target: peak RSS ≤ 250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import support  # first: takes this folder off sys.path (benchmarks/support.py)

# isort: split

from core.tables import render_table
from patrol.demo import make_bulk_sites
from patrol.demo.model import resolve
from patrol.demo.spec import SiteSpec

bench = support.crawl_bench()

RSS_TARGET_MB = 250.0
SAMPLE_SECONDS = 0.5


# ---- sizing the corpus ------------------------------------------------------------------------------
def site_pages(spec: SiteSpec, today: date) -> int:
    """A lower bound of the pages a full crawl of ``spec`` fetches: home, catalog, one list page per column
    (a Hanweb ``dataproxy.jsp`` call answers several) and every article listed on ``today``."""
    return 2 + sum(len(c.entries) + 1 for c in resolve(spec, today).lists())


def sites_for(pages: int, columns: int, entries: int, today: date) -> list[SiteSpec]:
    """The fewest bulk sites (every style in turn) whose pages add up to ``pages``."""
    n = 4
    while True:
        sites = make_bulk_sites(n, columns, entries)
        sizes = [site_pages(s, today) for s in sites]
        if sum(sizes) >= pages:
            break
        n = max(n + 1, int(n * pages / sum(sizes)) + 1)
    while n > 1 and sum(sizes[:n - 1]) >= pages:  # overshot: trim to the fewest sites
        n -= 1
    return sites[:n]


# ---- measuring a child, with its RSS over time ------------------------------------------------------
@dataclass
class Sample:
    t: float  # seconds since the child started
    pages: int  # requests the server answered so far
    rss_mb: float


def vm_rss_mb(pid: int) -> float | None:
    """The current resident set of ``pid`` from /proc (None once it is gone)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def measure(name: str, cmd: list[str], portals: bench.LoggedPortals, cwd: str
            ) -> tuple[bench.Pass, list[bench.Hit], list[Sample]]:
    """``crawl.measure`` plus a sampler of the child's VmRSS (the main thread blocks in ``wait4``)."""
    portals.log = []
    samples: list[Sample] = []
    stop = threading.Event()
    cpu0 = time.process_time()
    with open(Path(cwd) / f"{name}.out", "wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)

        def sample() -> None:
            while not stop.wait(SAMPLE_SECONDS):
                rss = vm_rss_mb(proc.pid)
                if rss is not None:
                    samples.append(Sample(time.monotonic() - started, len(portals.log), rss))

        sampler = threading.Thread(target=sample, name="rss-sampler", daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        stop.set()
        sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    hits = portals.log
    last = max((h.t for h in hits), default=started)
    return bench.Pass(name, len(hits), wall, last - started, usage.ru_maxrss / 1024,
                      usage.ru_utime + usage.ru_stime, time.process_time() - cpu0,
                      proc.returncode), hits, samples


def traced_cmd(cmd: list[str], out: Path) -> list[str]:
    """``cmd`` (``python -m patrol …``) run under tracemalloc, writing the allocation sites at its peak."""
    return [cmd[0], str(Path(__file__).resolve()), "--trace-child", str(out), "--", *cmd[3:]]


def trace_child(out: str, argv: list[str]) -> None:
    """Child entry of ``--trace``: run ``patrol`` with tracemalloc on; a thread keeps the snapshot taken at
    the highest traced size, written (top allocation sites, by line and by call stack) when it exits."""
    import atexit
    import tracemalloc

    tracemalloc.start(6)
    best: dict[str, object] = {"size": 0, "snap": None}

    def watch() -> None:
        while True:
            time.sleep(30.0)  # a snapshot of a large heap holds the GIL for seconds
            size = tracemalloc.get_traced_memory()[0]
            if size > best["size"]:  # type: ignore[operator]
                best["size"], best["snap"] = size, tracemalloc.take_snapshot()

    def dump() -> None:
        snap = best["snap"]
        if not isinstance(snap, tracemalloc.Snapshot):
            return
        snap = snap.filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        lines = [f"peak traced: {best['size'] / 2**20:.1f} MiB", "", "== by line =="]
        lines += [str(s) for s in snap.statistics("lineno")[:40]]
        lines += ["", "== by call stack (top 12) =="]
        for stat in snap.statistics("traceback")[:12]:
            lines.append(f"{stat.size / 2**20:.1f} MiB in {stat.count} blocks")
            lines += ["    " + line for line in stat.traceback.format()]
        Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")

    atexit.register(dump)
    threading.Thread(target=watch, name="tracemalloc-watch", daemon=True).start()
    sys.argv = ["patrol", *argv]
    from patrol.cli import main as patrol_main

    patrol_main()


# ---- report -----------------------------------------------------------------------------------------
def growth(samples: list[Sample], pages: int) -> list[list[str]]:
    """RSS at each quarter of the pages fetched, and the highest RSS seen up to then."""
    rows = []
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        upto = [s for s in samples if s.pages <= pages * share]
        if upto:
            at = upto[-1]
            rows.append([f"{share:.0%}", f"{at.pages:,}", f"{at.t:.0f}", f"{at.rss_mb:.0f}",
                         f"{max(s.rss_mb for s in upto):.0f}"])
    return rows


def db_size(db: Path) -> int:
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def report(args: argparse.Namespace, n_sites: int, patrol: bench.Pass, samples: list[Sample], db: Path,
           bare: bench.Pass | None) -> str:
    ok = lambda good: "达标" if good else "未达标"  # noqa: E731
    crawl_peak = max((s.rss_mb for s in samples if s.t <= patrol.window), default=0.0)
    judge_peak = max((s.rss_mb for s in samples if s.t > patrol.window), default=0.0)  # after the last request
    rows = [["Patrol（patrol run）", f"{patrol.pages:,}", f"{patrol.wall:.1f}", f"{patrol.rate:.0f}",
             f"{patrol.window:.1f}", f"{patrol.window_rate:.0f}", f"{patrol.rss_mb:.0f}", f"{patrol.cpu:.1f}",
             f"{patrol.server_cpu:.1f}"]]
    if bare is not None:
        rows.append(["裸 Scrapy（相同设置）", f"{bare.pages:,}", f"{bare.wall:.1f}", f"{bare.rate:.0f}",
                     f"{bare.window:.1f}", f"{bare.window_rate:.0f}", f"{bare.rss_mb:.0f}", f"{bare.cpu:.1f}",
                     f"{bare.server_cpu:.1f}"])
    table = render_table(["爬虫", "页面数", "用时(秒)", "页/秒", "抓取窗口(秒)", "窗口页/秒", "峰值内存(MB)",
                          "CPU(秒)", "服务端CPU(秒)"], rows, right=range(1, 9))
    curve = render_table(["已抓取比例", "页面数", "时刻(秒)", "当时内存(MB)", "此前峰值(MB)"],
                         growth(samples, patrol.pages), right=range(0, 5))
    size = db_size(db)
    lines = [f"站点 {n_sites} 个 × 栏目 {args.columns} 个 × 每栏目条目 {args.entries} 条（TRS、大汉、GBK 表格、"
             f"普通列表轮换）；目标页面数 ≥ {args.pages:,}，Patrol 实际请求 {patrol.pages:,} 页"
             f"（{ok(patrol.pages >= args.pages)}）",
             "", table, "",
             f"Patrol 峰值内存（wait4 ru_maxrss）：{patrol.rss_mb:.0f} MB（目标 ≤ {RSS_TARGET_MB:.0f} MB，"
             f"{ok(patrol.rss_mb <= RSS_TARGET_MB)}）；抓取期间采样峰值 {crawl_peak:.0f} MB，"
             f"抓取结束后（规则评估、汇总）采样峰值 {judge_peak:.0f} MB",
             f"数据库大小：{size / 2**20:.1f} MB（{size / max(patrol.pages, 1) / 1024:.2f} KB/页）",
             "", "Patrol 内存随抓取进度（/proc VmRSS，每 0.5 秒采样）：", curve, ""]
    if bare is not None:
        ratio = patrol.rate / bare.rate if bare.rate else 0.0
        window_ratio = patrol.window_rate / bare.window_rate if bare.window_rate else 0.0
        lines.append(f"比值（Patrol 页/秒 ÷ 裸 Scrapy 页/秒）：{ratio:.2f}（crawl.py 目标 ≥ {bench.RATIO_TARGET}，"
                     f"{ok(ratio >= bench.RATIO_TARGET)}）；按抓取窗口计：{window_ratio:.2f}")
    served = patrol.server_cpu / max(patrol.pages, 1) * 1000
    lines.append(f"服务端与爬虫同机（{os.cpu_count()} 核）：Patrol 一轮中服务端 CPU {patrol.server_cpu:.1f} 秒，"
                 f"每页 {served:.2f} 毫秒，占一个核的 {patrol.server_cpu / max(patrol.wall, 1e-9):.0%}；"
                 f"Patrol 进程 CPU 为其用时的 {patrol.cpu / max(patrol.wall, 1e-9):.0%}"
                 "（其余为等待：服务端或机器上的其他负载）")
    lines.append("说明：用时为子进程从启动到退出（含规则评估）；抓取窗口为启动到服务端收到最后一个请求。")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100_000, help="pages to fetch at least (default 100000)")
    parser.add_argument("--columns", type=int, default=10, help="list columns per site (default 10)")
    parser.add_argument("--entries", type=int, default=30, help="entries per column (default 30)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 3,000 pages")
    parser.add_argument("--stage-sample", type=int, default=300, help="pages re-read per stage (default 300)")
    parser.add_argument("--lean-pages", action="store_true", help="serve the demo's lean pages (~2.7 KB)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare Scrapy pass (no crawl ratio)")
    parser.add_argument("--trace", metavar="OUT", help="run Patrol under tracemalloc (slow); write the top "
                        "allocation sites at its traced peak to OUT")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    if args.quick:
        args.pages = 3_000
    return args


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--trace-child":  # child of --trace: OUT -- patrol args…
        trace_child(sys.argv[2], sys.argv[4:])
        return
    args = parse_args()
    sites = sites_for(args.pages, args.columns, args.entries, args.as_of)
    with tempfile.TemporaryDirectory(prefix="patrol-scale-") as tmp, \
            bench.LoggedPortals(args.as_of, sites=sites, real_size=not args.lean_pages) as portals:
        db, config = Path(tmp) / "patrol.db", Path(tmp) / "sites.toml"
        config.write_text(bench.bench_config(portals, str(db)), encoding="utf-8")
        cmd = bench.patrol_cmd(config, db, args.as_of, None)
        if args.trace:
            cmd = traced_cmd(cmd, Path(args.trace).resolve())
        least = sum(site_pages(s, args.as_of) for s in sites)
        print(f"Patrol 巡查 {len(sites)} 个站点（至少 {least:,} 页）……", file=sys.stderr)
        patrol, hits, samples = measure("patrol", cmd, portals, tmp)
        if patrol.exit_code not in (0, 1) or not hits:
            sys.exit(f"Patrol 运行失败（退出码 {patrol.exit_code}），输出末尾：\n"
                     + (Path(tmp) / "patrol.out").read_text(encoding="utf-8", errors="replace")[-2000:])
        bare = None
        sample = [h for h in hits if h.method == "GET" and h.status == 200][::max(1, len(hits) // args.stage_sample)]
        if not args.no_bare:
            plan_path = Path(tmp) / "plan.json"
            plan_path.write_text(json.dumps(bench.build_plan(hits)), encoding="utf-8")
            del hits
            print("裸 Scrapy 按相同链接重放……", file=sys.stderr)
            bare_cmd = [sys.executable, str(support.HERE / "crawl.py"), "--bare", str(plan_path), str(config), "same"]
            bare, bare_hits, _ = measure("bare", bare_cmd, portals, tmp)
            if bare.exit_code != 0 or bare.pages != patrol.pages:
                print(f"警告：裸 Scrapy 退出码 {bare.exit_code}，请求 {bare.pages:,} 页（Patrol {patrol.pages:,} 页）",
                      file=sys.stderr)
            del bare_hits
        print(report(args, len(sites), patrol, samples, db, bare))
        print(bench.reader_stages(sample, str(db), args.as_of, args.stage_sample))
        if args.trace:
            print(f"tracemalloc 峰值分配位置：{args.trace}（在 tracemalloc 下运行，用时与内存偏高）")


if __name__ == "__main__":
    main()
