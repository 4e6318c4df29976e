"""Distributed crawl throughput: pages/s of `patrol run --redis` with 1 and 2 `patrol worker`s, against one process.

Run: ``python benchmarks/workers.py [--sites 40] [--columns 10] [--entries 30] [--batch 8] [--quick]``.

The bulk fixture sites of ``benchmarks/crawl.py`` (``patrol.demo.make_bulk_sites``, every CMS style) are served
on 127.0.0.1 by this process, and a ``redis-server`` (Debian's package) is started on a free loopback port.
Each pass crawls every site into a fresh database, as a first run: one ``patrol run`` process; then a
coordinator (``patrol run --redis``) with one worker; then with two. The server's request log counts pages;
wall time runs from the coordinator's start to its end (workers start with it), so it includes each
process's start-up and the rule evaluation, as a nightly run would. CPU seconds of the run (or coordinator),
the workers and the fixture server show where a machine's cores went: on one small machine all of them,
and redis-server, share the same cores, so the figures measure the overhead of the distribution more than
its gain, which comes from workers on machines of their own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import support  # first: takes this folder off sys.path (benchmarks/support.py)

# isort: split

from core.tables import render_table
from patrol.demo import make_bulk_sites

bench = support.crawl_bench()


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("需要 redis-server（apt-get install redis-server）")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no", "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    client = redis.Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    return server, f"redis://127.0.0.1:{port}/0"


def one_pass(name: str, portals: bench.LoggedPortals, tmp: Path, config: Path, as_of: date, redis_url: str | None,
             workers: int, batch: int) -> dict:
    db = tmp / f"{name}.db"
    cmd = bench.patrol_cmd(config, db, as_of, None)
    if redis_url:
        cmd += ["--redis", redis_url]
    children = [subprocess.Popen([sys.executable, "-m", "patrol", "worker", "--redis", redis_url or "", "--quiet",
                                  "--batch", str(batch)], stdout=subprocess.DEVNULL,
                                 stderr=(tmp / f"{name}-w{i}.log").open("wb"))
                for i in range(workers)]
    result, hits = bench.measure(name, cmd, portals, str(tmp))
    worker_cpu = 0.0
    for child in children:
        _, _, usage = os.wait4(child.pid, 0)
        worker_cpu += usage.ru_utime + usage.ru_stime
    if result.exit_code not in (0, 1):
        sys.exit(f"{name} 运行失败（退出码 {result.exit_code}）：\n"
                 + (tmp / f"{name}.out").read_text(encoding="utf-8", errors="replace")[-2000:])
    import sqlite3

    con = sqlite3.connect(db)
    entries = con.execute("SELECT count(*) FROM entries").fetchone()[0]
    con.close()
    first = min((h.t for h in hits), default=0.0)
    last = max((h.t for h in hits), default=0.0)
    return {"name": name, "pages": len(hits), "wall": result.wall, "span": last - first, "entries": entries,
            "cpu": result.cpu, "worker_cpu": worker_cpu, "server_cpu": result.server_cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=40)
    parser.add_argument("--columns", type=int, default=10)
    parser.add_argument("--entries", type=int, default=30)
    parser.add_argument("--batch", type=int, default=8, help="sites a worker claims at a time")
    parser.add_argument("--quick", action="store_true", help="12 sites, 6 columns, 20 entries")
    args = parser.parse_args()
    if args.quick:
        args.sites, args.columns, args.entries = 12, 6, 20
    as_of = date(2026, 11, 20)
    with tempfile.TemporaryDirectory(prefix="patrol-workers-") as folder, \
            bench.LoggedPortals(as_of, sites=make_bulk_sites(args.sites, args.columns, args.entries)) as portals:
        tmp = Path(folder)
        config = tmp / "sites.toml"
        config.write_text(bench.bench_config(portals, str(tmp / "patrol.db")), encoding="utf-8")
        server, url = start_redis(tmp)
        try:
            passes = []
            for name, redis_url, workers in (("单进程", None, 0), ("1 个 worker", url, 1), ("2 个 worker", url, 2)):
                print(f"{name}：巡查 {args.sites} 个站点……", file=sys.stderr)
                passes.append(one_pass(name, portals, tmp, config, as_of, redis_url, workers,
                                       args.batch))
        finally:
            server.terminate()
            server.wait(timeout=10)
    rows = [[p["name"], str(p["pages"]), f"{p['wall']:.1f}", f"{p['pages'] / p['wall']:.0f}", f"{p['span']:.1f}",
             f"{p['pages'] / max(p['span'], 1e-9):.0f}", f"{p['cpu']:.1f}", f"{p['worker_cpu']:.1f}",
             f"{p['server_cpu']:.1f}", str(p["entries"])] for p in passes]
    print(f"{args.sites} 个站点 × {args.columns} 个栏目 × {args.entries} 条；worker 每次领取 {args.batch} 个站点")
    print(render_table(["巡查方式", "页数", "用时(秒)", "页/秒", "抓取窗口(秒)", "窗口页/秒", "巡查进程CPU(秒)",
                        "worker CPU(秒)", "服务端CPU(秒)", "条目数"], rows))
    print("巡查进程 CPU：patrol run 进程（分布式时即协调端：解码与写库）；worker CPU：全部 worker 进程；"
          "服务端 CPU：本进程中的演示站点服务。三者与 redis-server 共用本机的 CPU。")
    same = len({p["entries"] for p in passes}) == 1 and len({p["pages"] for p in passes}) == 1
    print("三次巡查的页数与条目数" + ("一致" if same else "不一致！"))


if __name__ == "__main__":
    main()
