"""A province night with real latency: the first and the unchanged next night, one process and two workers.

Run: ``python benchmarks/province.py [--sites 200] [--columns 3] [--entries 10] [--seed 1] [--no-workers]``
(``--sites 2000 --columns 10 --entries 30`` is the full province, hours on one small machine).

The bulk fixture sites of ``patrol.demo.make_bulk_sites`` (real-sized pages, as ``crawl.py`` serves them) are
spread over many loopback addresses 127.0.x.y, several sites per address as 集约化 platforms host them (a few
platforms of a dozen sites, most addresses one to four), each site on its own port. Every answer waits a
latency drawn per request around the site's own (100-800 ms), a few sites answer in 2-5 s, a few answer 503
to everything, and a few sites are registered at an address where nothing listens (connection refused).
The server is threads of this process (``ThreadingHTTPServer``, one per site): the latency is a sleep in the
request's thread, which holds no CPU and no GIL; its CPU during each pass is printed beside the crawl's.

Passes, with the default politeness (no ``[crawl]`` concurrency key in the config: ``CrawlSettings``'s
defaults): the first night and the unchanged next night (the next day's as-of date, the same pages) of one
``patrol run`` process; then the same two nights of a coordinator (``patrol run --redis``) and two
``patrol worker``s on a local ``redis-server`` (skipped with a line when it is missing). Printed: wall time,
pages/s, CPU per page (the run or coordinator plus the workers), peak RSS of each process, requests, then
an extrapolation to 2,000 sites / 600,000 pages on two worker machines from the measured CPU per page (CPU
bound) and from latency × pages ÷ requests in flight (latency bound).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import support  # first: takes this folder off sys.path (benchmarks/support.py)

# isort: split

from core.config import CrawlSettings
from core.tables import render_table
from crawler import settings as crawler_settings
from patrol.demo import make_bulk_sites
from patrol.demo.config_text import skip_hosts_line
from patrol.demo.handler import DemoHandler, DemoServer
from patrol.demo.render_common import Page

bench = support.crawl_bench()

PLATFORM_SIZES = (1, 2, 4, 1, 3, 12, 2, 1, 6, 2)  # sites per address, in turn (mean 3.4; 集约化 platforms 6-12)
TARGET_PAGES = 600_000
TARGET_SECONDS = 3600.0


@dataclass
class Host:
    """How one served site answers: its address, its usual latency and how it fails."""

    address: str
    latency: float  # seconds, the site's usual time to answer
    slow: bool = False
    failing: bool = False  # every answer 503


@dataclass
class Night:
    """One measured pass: the run (or coordinator) and its workers."""

    name: str
    pages: int
    wall: float
    cpu: float  # run/coordinator + workers, user + system seconds
    run_rss: float
    worker_rss: list[float]
    worker_cpu: float
    server_cpu: float
    statuses: Counter = field(default_factory=Counter)
    latency_sum: float = 0.0  # seconds the server slept over the pass's requests

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0


class ProvincePortals(bench.LoggedPortals):
    """The logged real-sized bulk portals, each site on its own address of 127.0.0.0/8 and with latency."""

    def __init__(self, today: date, sites: list[Any], hosts: dict[str, Host], seed: int) -> None:
        super().__init__(today, sites=sites)
        self.hosts = hosts
        self.rng = random.Random(seed)
        self.rng_lock = threading.Lock()
        self.slept = 0.0

    def _serve(self, key: str, port: int) -> None:
        httpd = DemoServer((self.hosts[key].address, 0), DemoHandler)
        httpd.daemon_threads = True
        httpd.request_queue_size = 64
        httpd.portals, httpd.site_key = self, key
        # a long poll: hundreds of idle server threads waking ten times a second would cost the server CPU
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 1.0},
                                  name=f"province-{key}", daemon=True)
        thread.start()
        self._servers[key] = httpd
        self._threads.append(thread)

    def url(self, key: str, path: str = "/") -> str:
        host, port = self._servers[key].server_address[:2]
        return f"http://{host}:{port}{path}"

    def respond(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> Any:
        host = self.hosts[key]
        with self.rng_lock:
            wait = host.latency * self.rng.uniform(0.6, 1.4)
            self.slept += wait
        time.sleep(wait)  # in this request's thread: no CPU, no GIL
        if host.failing:
            page = Page(b"<html><body>503 Service Unavailable</body></html>", 503)
            self.log.append(bench.Hit(time.monotonic(), method, self.url(key, raw_path), body,
                                      headers.get("Content-Type"), headers.get("Referer"), 503))
            return page, {"Content-Type": page.content_type, "Content-Length": str(len(page.body))}
        return super().respond(key, method, raw_path, headers, body)


# ---- the province: sites over addresses ---------------------------------------------------------------
def place(n: int, seed: int) -> tuple[list[Host], list[str]]:
    """Hosts for ``n`` sites (several per address, latencies, a few slow and failing ones) and the
    addresses of the refusing sites (nothing listens there)."""
    rng = random.Random(seed)
    hosts: list[Host] = []
    address = 0
    while len(hosts) < n:
        size = PLATFORM_SIZES[address % len(PLATFORM_SIZES)]
        ip = f"127.0.{1 + address // 250}.{1 + address % 250}"
        for _ in range(min(size, n - len(hosts))):
            hosts.append(Host(ip, rng.uniform(0.1, 0.8)))
        address += 1
    for i in rng.sample(range(n), max(1, n // 50)):  # 2%: slow, 2-5 s an answer
        hosts[i].latency, hosts[i].slow = rng.uniform(2.0, 5.0), True
    for i in rng.sample([i for i in range(n) if not hosts[i].slow], max(1, n // 100)):  # 1%: 503 to everything
        hosts[i].failing = True
    refused = [f"127.0.{200 + k // 250}.{1 + k % 250}" for k in range(max(1, n // 100))]  # 1%: refused
    return hosts, refused


def closed_port(address: str) -> int:
    """A port on ``address`` that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def province_config(portals: ProvincePortals, refused: list[str], database: str) -> str:
    """``sites.toml``: the default [crawl] politeness (only the demo footers' real hosts skipped), every served
    site and the refusing ones."""
    s = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - JSON string escapes are valid TOML
    parts = [f"database = {s(database)}\n\n[crawl]\n{skip_hosts_line()}\n"]
    served = portals.sites
    dead = [(f"不可达单位{k + 1}", f"http://{ip}:{closed_port(ip)}/") for k, ip in enumerate(refused)]
    parts += [f"\n[[units]]\nname = {s(x.unit)}\nemail = {s(x.unit_email)}\n" for x in served]
    parts += [f"\n[[units]]\nname = {s(name)}\nemail = \"dead{k}@qinghe.example.org\"\n"
              for k, (name, _) in enumerate(dead)]
    for site in served:
        parts.append(f"\n[[sites]]\nname = {s(site.name)}\nurl = {s(site.url)}\nunit = {s(site.unit)}\n"
                     f"kind = {s(site.kind)}\n")
        if site.spec is not None and not site.spec.catalog_linked:
            parts.append(f"catalog = {s(portals.url(site.key, portals.style(site.key).catalog_path()))}\n")
    for name, url in dead:
        parts.append(f"\n[[sites]]\nname = {s(name + '网站')}\nurl = {s(url)}\nunit = {s(name)}\n"
                     "kind = \"department\"\n")
    return "".join(parts)


# ---- passes -----------------------------------------------------------------------------------------
def load_workers_bench() -> Any:
    """``benchmarks/workers.py`` (its ``start_redis``) as a module."""
    spec = importlib.util.spec_from_file_location("bench_workers", support.HERE / "workers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def night(name: str, portals: ProvincePortals, tmp: Path, config: Path, db: Path, as_of: date,
          redis_url: str | None, workers: int, batch: int) -> Night:
    """One night: ``patrol run`` (with ``--redis`` and ``workers`` workers when given) to its end."""
    cmd = bench.patrol_cmd(config, db, as_of, None) + (["--redis", redis_url] if redis_url else [])
    children = [subprocess.Popen([sys.executable, "-m", "patrol", "worker", "--redis", redis_url or "", "--quiet",
                                  "--batch", str(batch)], stdout=subprocess.DEVNULL,
                                 stderr=(tmp / f"{name}-w{i}.log").open("wb"))
                for i in range(workers)]
    portals.slept = 0.0
    result, hits = bench.measure(name, cmd, portals, str(tmp))
    worker_cpu, worker_rss = 0.0, []
    for child in children:
        _, _, usage = os.wait4(child.pid, 0)
        worker_cpu += usage.ru_utime + usage.ru_stime
        worker_rss.append(usage.ru_maxrss / 1024)
    if result.exit_code not in (0, 1):
        sys.exit(f"{name} 运行失败（退出码 {result.exit_code}）：\n"
                 + (tmp / f"{name}.out").read_text(encoding="utf-8", errors="replace")[-2000:])
    return Night(name, len(hits), result.wall, result.cpu + worker_cpu, result.rss_mb, worker_rss, worker_cpu,
                 result.server_cpu, Counter(h.status for h in hits), portals.slept)


# ---- report -----------------------------------------------------------------------------------------
def settings_line(crawl: CrawlSettings) -> str:
    return (f"并发设置（默认礼貌性）：concurrency_per_host = {crawl.concurrency_per_host}，concurrency_per_ip = "
            f"{crawl.concurrency_per_ip}，delay = {crawl.delay:g}，timeout = {crawl.timeout:g}，retries = "
            f"{crawl.retries}；每进程 CONCURRENT_REQUESTS = {crawler_settings.CONCURRENT_REQUESTS}"
            "（crawler/settings.py），"
            f"AutoThrottle 开（目标并发 = concurrency_per_host）")


def table(nights: list[Night]) -> str:
    rows = []
    for n in nights:
        rss = f"{n.run_rss:.0f}" + (" / " + " / ".join(f"{r:.0f}" for r in n.worker_rss) if n.worker_rss else "")
        rows.append([n.name, f"{n.pages:,}", f"{n.wall:.1f}", f"{n.rate:.1f}",
                     f"{n.cpu * 1000 / max(1, n.pages):.1f}", f"{n.cpu:.1f}", f"{n.worker_cpu:.1f}",
                     f"{n.cpu / n.wall:.2f}" if n.wall else "-", rss,
                     f"{n.server_cpu:.1f}", f"{n.latency_sum / max(1, n.pages):.2f}",
                     " ".join(f"{k}:{v}" for k, v in sorted(n.statuses.items()))])
    return render_table(["巡查", "请求数", "用时(秒)", "页/秒", "每页CPU(毫秒)", "CPU合计(秒)", "其中worker(秒)",
                         "CPU核数(CPU÷用时)", "峰值内存(MB) 进程/worker", "服务端CPU(秒)", "平均延迟(秒)",
                         "应答状态"], rows, right=range(1, 11))


def extrapolate(first: Night, crawl: CrawlSettings, hosts: list[Host], workers_first: Night | None,
                batch: int) -> list[str]:
    """2,000 sites / 600k pages on two worker machines: the CPU bound, the latency bound, and the settings."""
    # the workers' CPU per page when measured (the coordinator has a core of its own), else the one process's
    cpu_page = (workers_first.worker_cpu / max(1, workers_first.pages) if workers_first
                else first.cpu / max(1, first.pages))
    latency = first.latency_sum / max(1, first.pages)
    in_flight = crawler_settings.CONCURRENT_REQUESTS
    rate_needed = TARGET_PAGES / TARGET_SECONDS
    lines = [""]
    if first.pages < 2000:
        lines.append(f"注意：只有 {first.pages} 个请求，每页 CPU 主要是进程启动与规则评估，外推偏高；请用默认规模。")
    lines += [f"外推到 2,000 个站点 / {TARGET_PAGES:,} 页、两台 worker 机器、一小时内（{rate_needed:.0f} 页/秒）："]
    # CPU bound: one worker process uses at most one core; a machine with C cores runs C workers
    cores_needed = TARGET_PAGES * cpu_page / TARGET_SECONDS
    source = "两个 worker 首夜的 worker 进程" if workers_first else "单进程首夜的 patrol run"
    lines.append(f"- CPU 上限：实测每页 CPU {cpu_page * 1000:.1f} 毫秒（{source}），{TARGET_PAGES:,} 页需 "
                 f"{TARGET_PAGES * cpu_page / 3600:.1f} 核·小时，即一小时内约 {cores_needed:.1f} 个核同时满载"
                 f"（每个 worker 进程单线程，至多用满一核）。")
    # latency bound: Little's law, pages/s = requests in flight / latency
    per_process = in_flight / latency
    lines.append(f"- 延迟上限：平均应答延迟 {latency:.2f} 秒（本次首夜实测）；每个进程至多 {in_flight} 个请求在途"
                 f"（CONCURRENT_REQUESTS），按 在途数 ÷ 延迟 至多 {per_process:.0f} 页/秒；每个主机 "
                 f"AutoThrottle 以 {crawl.concurrency_per_host} 个在途为目标，约 "
                 f"{crawl.concurrency_per_host / latency:.1f} 页/秒；每个 IP 每个 worker 至多 "
                 f"{crawl.concurrency_per_ip} 个在途，约 {crawl.concurrency_per_ip / latency:.1f} 页/秒。")
    # this corpus's own latency floor, against the measured wall: which bound held here
    per_site = first.pages / max(1, len(hosts))
    by_ip = Counter(h.address for h in hosts)
    floors = {"全局在途": first.pages * latency / in_flight,
              "最慢站点": max(per_site * h.latency / crawl.concurrency_per_host for h in hosts),
              "最大平台": max(by_ip.values()) * per_site * latency / crawl.concurrency_per_ip}
    name, floor = max(floors.items(), key=lambda kv: kv[1])
    lines.append(f"- 本次单进程首夜：用时 {first.wall:.0f} 秒，CPU {first.cpu / first.wall:.2f} 核；按延迟算的下限 "
                 + "，".join(f"{k} {v:.0f} 秒" for k, v in floors.items())
                 + f"（最大的是{name}，{floor:.0f} 秒）。"
                 + ("用时远超延迟下限：本机 CPU 是上限（与其他任务共用 2 核时进程只分到上表的核数）。"
                    if first.wall > 1.5 * floor else "用时接近延迟下限：延迟是上限。"))
    in_flight_needed = rate_needed * latency
    # a worker crawls only the sites of its claimed batch (the next batch once all are walked)
    batch = max(batch, 16)
    per_worker = min(in_flight, batch * crawl.concurrency_per_host)
    procs_latency = in_flight_needed / per_worker
    lines.append(f"- {rate_needed:.0f} 页/秒 × {latency:.2f} 秒 = 全省同时约 {in_flight_needed:.0f} 个请求在途。"
                 f"一个 worker 同时只抓它领取的一批站点（--batch {batch}），至多 min({in_flight}, {batch} × "
                 f"{crawl.concurrency_per_host}) = {per_worker} 个在途，故至少 {procs_latency:.1f} 个 worker"
                 f"（批内的慢站点拖住整批时更多）；CPU 则要 {cores_needed:.1f} 核。")
    workers = max(2, int(-(-max(cores_needed / 0.8, procs_latency) // 1)))  # a core at 80%, rounded up
    workers += workers % 2  # the same on both machines
    bound = "CPU" if cores_needed / 0.8 >= procs_latency else "延迟"
    lines.append(f"- 结论：{bound} 为主要上限。建议每台 worker 机器 {workers // 2} 个 `patrol worker` 进程"
                 f"（至少 {workers // 2} 核，每核一个），两台共 {workers} 个；协调端另占一核（解码与写库）。")
    if workers_first is not None:
        coord = (workers_first.cpu - workers_first.worker_cpu) / max(1, workers_first.pages)
        enough = "一核够用" if TARGET_PAGES * coord < 0.8 * TARGET_SECONDS else "一核不够，协调端会成为瓶颈"
        lines.append(f"- 协调端：实测每页 {coord * 1000:.1f} 毫秒 CPU（解码 worker 送回的条目并写库），"
                     f"{TARGET_PAGES:,} 页约 {TARGET_PAGES * coord / 60:.0f} 分钟的一核：{enough}。")
    site_rate = crawl.concurrency_per_host / latency
    lines.append(f"- 单个站点：AutoThrottle 下每站约 {site_rate:.1f} 页/秒，一小时内每站至多约 "
                 f"{site_rate * TARGET_SECONDS:,.0f} 页；5 秒一应答的慢站点约 "
                 f"{crawl.concurrency_per_host / 5 * TARGET_SECONDS:,.0f} 页（max_site_seconds 默认 "
                 f"{crawl.max_site_seconds:.0f} 秒）。")
    # one 集约化 platform: its pages pass the per-IP gate of each worker crawling its sites
    biggest = max(Counter(h.address for h in hosts).values())
    per_site = TARGET_PAGES / 2000
    ip_hour = crawl.concurrency_per_ip / latency * TARGET_SECONDS
    lines.append(f"- 集约化平台（本次最大的地址托管 {biggest} 个站点）：一个 worker 对一个 IP 至多 "
                 f"{crawl.concurrency_per_ip} 个在途，即 {crawl.concurrency_per_ip / latency:.1f} 页/秒、一小时约 "
                 f"{ip_hour:,.0f} 页（每站 {per_site:.0f} 页时约 {ip_hour / per_site:.0f} 个站点）；托管更多站点的平台"
                 f"要由几个 worker 同时抓（{workers} 个 worker 同抓时平台上至多 {workers * crawl.concurrency_per_ip} "
                 "个在途，README 所述：N 个 worker 即 N 倍，平台承受不了时调低 concurrency_per_ip）。")
    lines.append(f"- 建议设置：[crawl] concurrency_per_host = {crawl.concurrency_per_host}，concurrency_per_ip = "
                 f"{crawl.concurrency_per_ip}，delay = {crawl.delay:g}（默认值），worker 共 {workers} 个（两台机器各 "
                 f"{workers // 2} 个，`patrol worker --batch {batch}`）。")
    lines.append("- 方法：CPU 上限 = 页数 × 实测每页 CPU ÷ 一小时（2 核机器上与服务端、redis 和其他任务共享，"
                 "偏高而非偏低）；"
                 "延迟上限 = 页数 × 实测平均延迟 ÷ 在途请求数（Little 定律）。慢站点和失败站点只拖长各自站点的时间，"
                 "不占全局并发的大头。")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=200, help="served sites (default 200)")
    parser.add_argument("--columns", type=int, default=3, help="list columns per site (default 3)")
    parser.add_argument("--entries", type=int, default=10, help="entries per column (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="latencies and failures (default 1)")
    parser.add_argument("--batch", type=int, default=8, help="sites a worker claims at a time (default 8)")
    parser.add_argument("--no-workers", action="store_true", help="one process only")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 20), help="YYYY-MM-DD")
    args = parser.parse_args()
    hosts, refused = place(args.sites, args.seed)
    sites = make_bulk_sites(args.sites, args.columns, args.entries)
    crawl = CrawlSettings()
    nights: list[Night] = []
    workers_first: Night | None = None
    with tempfile.TemporaryDirectory(prefix="patrol-province-") as folder, \
            ProvincePortals(args.as_of, sites, {s.key: h for s, h in zip(sites, hosts, strict=True)},
                            args.seed) as portals:
        tmp = Path(folder)
        config = tmp / "sites.toml"
        config.write_text(province_config(portals, refused, str(tmp / "patrol.db")), encoding="utf-8")
        addresses = len({h.address for h in hosts})
        print(f"{args.sites} 个站点 × {args.columns} 个栏目 × {args.entries} 条，分布在 {addresses} 个地址上"
              f"（每地址最多 {max(Counter(h.address for h in hosts).values())} 个站点）；慢站点 "
              f"{sum(h.slow for h in hosts)} 个（2-5 秒），503 站点 {sum(h.failing for h in hosts)} 个，"
              f"拒绝连接的站点 {len(refused)} 个", file=sys.stderr)
        one = tmp / "one.db"
        for name, day in (("单进程 首夜", args.as_of), ("单进程 次夜（无变化）", args.as_of + timedelta(days=1))):
            print(f"{name}……", file=sys.stderr)
            nights.append(night(name, portals, tmp, config, one, day, None, 0, args.batch))
            print(table(nights[-1:]), file=sys.stderr)
        if args.no_workers:
            skipped = "（--no-workers：跳过两个 worker 的巡查）"
        elif shutil.which("redis-server") is None:
            skipped = "（未安装 redis-server：跳过两个 worker 的巡查）"
        else:
            skipped = ""
            server, url = load_workers_bench().start_redis(tmp)
            try:
                two = tmp / "two.db"
                for name, day in (("2 个 worker 首夜", args.as_of),
                                  ("2 个 worker 次夜（无变化）", args.as_of + timedelta(days=1))):
                    print(f"{name}……", file=sys.stderr)
                    nights.append(night(name, portals, tmp, config, two, day, url, 2, args.batch))
                    print(table(nights[-1:]), file=sys.stderr)
                workers_first = nights[2]
            finally:
                server.terminate()
                server.wait(timeout=10)
    print(f"{args.sites} 个站点（另有 {len(refused)} 个拒绝连接）× {args.columns} 个栏目 × {args.entries} 条；"
          f"{addresses} 个回环地址；每次应答延迟为站点自身延迟 ×0.6–1.4（站点延迟 0.1–0.8 秒，慢站点 2–5 秒）")
    print(settings_line(crawl))
    print(table(nights))
    if skipped:
        print(skipped)
    print("每页 CPU = 巡查进程（分布式时为协调端）与全部 worker 的 CPU 之和 ÷ 请求数；峰值内存为 ru_maxrss；"
          "服务端 CPU 为本进程（站点服务线程）在该次巡查中的 CPU。本机 2 核，与其他任务共用。")
    for line in extrapolate(nights[0], crawl, hosts, workers_first, args.batch):
        print(line)


if __name__ == "__main__":
    main()
