"""Crawl throughput: Patrol against a bare Scrapy spider that requests the same pages and extracts nothing.

Run: ``python benchmarks/crawl.py [--sites 100] [--columns 10] [--entries 30] [--quick] [--profile OUT]``.

Bulk fixture sites (``patrol.demo.make_bulk_sites``, every CMS style) are served on 127.0.0.1 by this
process; the crawlers run as child processes, so the server never shares a GIL with the crawler it serves
(this process only blocks in ``wait4`` meanwhile). The server's request log is the neutral page counter
for both passes and, through the ``Referer`` header Scrapy sets, gives the link tree the bare spider
replays: it starts from the same home pages and, on each response, requests exactly what Patrol requested
from that page (method, URL and POST body), with Patrol's own Scrapy settings. Peak RSS comes from
``os.wait4`` on each child. Targets: ratio ≥ 0.8, Patrol peak RSS ≤ 250 MB.

A third replay (``reading``) has the bare spider also read each HTML page as the smallest Scrapy crawler
that follows links must: Scrapy's ``LinkExtractor`` over the page (Scrapy's decoding, one lxml parse, the
links). Patrol's CPU per page is reported against it too, as the cost of what Patrol reads beyond links.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import support  # noqa: F401 - first: takes this folder off sys.path (benchmarks/support.py)

# isort: split

import scrapy
from scrapy.http import HtmlResponse, Request, Response
from scrapy.linkextractors import LinkExtractor

from core.tables import render_table
from crawler.settings import CONCURRENT_ITEMS
from patrol.demo import DemoPortals, make_bulk_sites
from patrol.demo.config_text import skip_hosts_line

RATIO_TARGET = 0.8
RSS_TARGET_MB = 250.0
CRAWL_TOML = """database = {database}

[crawl]
concurrency_per_host = 4
delay = 0.0
timeout = 10.0
retries = 1
{skip_hosts}
"""


class Hit(NamedTuple):
    """One request as the server saw it."""

    t: float  # time.monotonic() on arrival (system-wide clock, comparable with the child's start)
    method: str
    url: str
    body: bytes
    content_type: str | None
    referer: str | None
    status: int


class LoggedPortals(DemoPortals):
    """Demo portals that also log every request (method, URL, body, Referer); with ``real_size`` their HTML
    pages come in a generated real-sized frame (``support.real_sized``: 30-80 KB, GBK for the table CMS)."""

    def __init__(self, *args: Any, real_size: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log: list[Hit] = []
        self.real_size = real_size

    def _page(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> Any:
        page = super()._page(key, method, raw_path, headers, body)
        if self.real_size and page.status == 200 and page.content_type.startswith("text/html"):
            encoding = "gbk" if self.style(key).gbk() else "utf-8"
            page = replace(page, body=support.real_sized(page.body, self.url(key, raw_path), encoding))
        return page

    def respond(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> Any:
        arrived = time.monotonic()
        page, out = super().respond(key, method, raw_path, headers, body)
        self.log.append(Hit(arrived, method, self.url(key, raw_path), body, headers.get("Content-Type"),
                            headers.get("Referer"), page.status))
        return page, out


@dataclass
class Pass:
    """One measured crawl: a child process and the requests the server answered meanwhile."""

    name: str
    pages: int
    wall: float  # child start to exit
    window: float  # child start to the last request served
    rss_mb: float
    cpu: float  # the child's user + system CPU seconds
    server_cpu: float
    exit_code: int

    @property
    def rate(self) -> float:
        return self.pages / self.wall if self.wall else 0.0

    @property
    def window_rate(self) -> float:
        return self.pages / self.window if self.window else 0.0


# ---- configuration ----------------------------------------------------------------------------------
def _s(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON string escapes are valid TOML


def bench_config(portals: DemoPortals, database: str) -> str:
    """``sites.toml`` for the served bulk sites, with the [crawl] settings of the demo config."""
    parts = [CRAWL_TOML.format(database=_s(database), skip_hosts=skip_hosts_line())]
    served = portals.sites
    parts += [f"\n[[units]]\nname = {_s(s.unit)}\nemail = {_s(s.unit_email)}\n" for s in served]
    for site in served:
        parts.append(f"\n[[sites]]\nname = {_s(site.name)}\nurl = {_s(site.url)}\nunit = {_s(site.unit)}\n"
                     f"kind = {_s(site.kind)}\n")
        if site.spec is not None and not site.spec.catalog_linked:
            parts.append(f"catalog = {_s(portals.url(site.key, portals.style(site.key).catalog_path()))}\n")
    return "".join(parts)


# ---- measuring a child ------------------------------------------------------------------------------
def measure(name: str, cmd: list[str], portals: LoggedPortals, cwd: str) -> tuple[Pass, list[Hit]]:
    """Run ``cmd`` to completion; wall time, peak RSS (wait4) and the server's log of the pass."""
    portals.log = []
    cpu0 = time.process_time()
    with open(Path(cwd) / f"{name}.out", "wb") as out:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    hits = portals.log
    last = max((h.t for h in hits), default=started)
    return Pass(name, len(hits), wall, last - started, usage.ru_maxrss / 1024,
                usage.ru_utime + usage.ru_stime, time.process_time() - cpu0,
                proc.returncode), hits


def patrol_cmd(config: Path, db: Path, as_of: date, profile: str | None) -> list[str]:
    prefix = [sys.executable] + (["-m", "cProfile", "-o", str(Path(profile).resolve())] if profile else [])
    return prefix + ["-m", "patrol", "run", "--config", str(config), "--db", str(db),
                     "--as-of", as_of.isoformat(), "--quiet"]


# ---- the bare spider's plan: Patrol's requests as a link tree ---------------------------------------
def build_plan(hits: list[Hit]) -> dict[str, Any]:
    """Each request becomes a child of the earliest earlier request of its Referer URL."""
    first: dict[str, int] = {}
    items: list[dict[str, Any]] = []
    roots: list[int] = []
    for i, hit in enumerate(sorted(hits, key=lambda h: h.t)):
        items.append({"method": hit.method, "url": hit.url, "body": hit.body.decode("latin-1"),
                      "content_type": hit.content_type, "children": []})
        parent = first.get(hit.referer) if hit.referer else None
        (items[parent]["children"] if parent is not None else roots).append(i)
        first.setdefault(hit.url, i)
    return {"items": items, "roots": roots}


def answer_differences(first: list[Hit], second: list[Hit]) -> int:
    """How many (method, URL, body, status) requests one pass made that the other did not."""
    key = lambda h: (h.method, h.url, h.body, h.status)  # noqa: E731
    a, b = Counter(map(key, first)), Counter(map(key, second))
    return sum(((a - b) + (b - a)).values())


class BareSpider(scrapy.Spider):
    """Requests what Patrol requested, page by page along the same links, and reads nothing (``reads``:
    extracts each HTML page's links with Scrapy's ``LinkExtractor``, and uses them for nothing)."""

    name = "bare"

    def __init__(self, plan: str = "", reads: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        data = json.loads(Path(plan).read_text(encoding="utf-8"))
        self.items: list[dict[str, Any]] = data["items"]
        self.roots: list[int] = data["roots"]
        self.links = LinkExtractor() if reads else None

    async def start(self) -> Any:
        for i in self.roots:
            yield self._request(i)

    def _request(self, i: int) -> Request:
        item = self.items[i]
        headers = {"Content-Type": item["content_type"]} if item["content_type"] else None
        slot = item["url"].split("/")[2].lower()
        return Request(item["url"], method=item["method"], body=item["body"].encode("latin-1") or None,
                       headers=headers, callback=self.parse, errback=self.failed, dont_filter=True,
                       meta={"i": i, "handle_httpstatus_all": True, "download_slot": slot})

    def parse(self, response: Response) -> Iterator[Request]:
        if self.links is not None and isinstance(response, HtmlResponse):
            self.links.extract_links(response)
        for child in self.items[response.meta["i"]]["children"]:
            yield self._request(child)

    def failed(self, failure: Any) -> Iterator[Request]:
        for child in self.items[failure.request.meta["i"]]["children"]:
            yield self._request(child)


def run_bare(plan: str, config_path: str, engine: str = "same") -> None:
    """Child-process entry: crawl the plan with Patrol's Scrapy settings (as ``patrol.crawl`` builds them);
    engine "stock" keeps Patrol's politeness settings but Scrapy's default CONCURRENT_ITEMS; "reading" also
    extracts every HTML page's links."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from core.config import load_config
    from crawler import settings as default_settings
    from crawler.settings import crawl_settings

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.setdict(crawl_settings(load_config(config_path).crawl), priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    if engine == "stock":
        settings.set("CONCURRENT_ITEMS", 100, priority="cmdline")
    process = CrawlerProcess(settings)
    # as patrol.crawl.honour_log_level does (not imported: the bare spider loads no Patrol reader code)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL") or "WARNING")
    # the config, as Patrol's spider holds it: the URL policy lets requests to its (loopback) hosts through
    process.crawl(BareSpider, plan=plan, reads=engine == "reading", config=load_config(config_path))
    process.start()


def reader_stages(hits: list[Hit], db: str, as_of: date, sample: int) -> str:
    """CPU per page of each reader stage on an even sample of the pages Patrol fetched (GET, 200), fetched
    again first so the timing sees no server work."""
    import urllib.request

    pages = [h for h in hits if h.method == "GET" and h.status == 200]
    step = max(1, len(pages) // max(1, sample))
    bodies = []
    for hit in pages[::step][:sample]:
        with urllib.request.urlopen(hit.url, timeout=10) as answer:  # noqa: S310 - our own 127.0.0.1 server
            bodies.append((hit.url, answer.read(), answer.headers.get("Content-Type")))
    return support.stage_line(support.stage_times(bodies, db, as_of), len(bodies))


# ---- report -----------------------------------------------------------------------------------------
def report(args: argparse.Namespace, patrol: Pass, bare: Pass, stock: Pass, reading: Pass,
           plan: dict[str, Any]) -> str:
    rows = [[label, f"{p.pages:,}", f"{p.wall:.1f}", f"{p.rate:.0f}", f"{p.window:.1f}", f"{p.window_rate:.0f}",
             f"{p.rss_mb:.0f}", f"{p.cpu:.1f}", f"{p.server_cpu:.1f}"]
            for label, p in (("Patrol", patrol), ("裸 Scrapy（相同设置）", bare),
                             ("裸 Scrapy（默认 CONCURRENT_ITEMS）", stock), ("裸 Scrapy（解析并提取链接）", reading))]
    table = render_table(["爬虫", "页面数", "用时(秒)", "页/秒", "抓取窗口(秒)", "窗口页/秒", "峰值内存(MB)",
                          "CPU(秒)", "服务端CPU(秒)"], rows, right=range(1, 9))
    ratio = patrol.rate / bare.rate if bare.rate else 0.0
    window_ratio = patrol.window_rate / bare.window_rate if bare.window_rate else 0.0
    cpu_ratio = bare.cpu / patrol.cpu if patrol.cpu else 0.0
    reading_ratio = reading.cpu / patrol.cpu if patrol.cpu else 0.0
    per_page = lambda p: p.cpu / p.pages * 1000 if p.pages else 0.0  # noqa: E731
    ok = lambda good: "达标" if good else "未达标"  # noqa: E731
    lines = [f"站点 {args.sites} 个 × 栏目 {args.columns} 个 × 每栏目条目 {args.entries} 条；"
             f"Patrol 共请求 {patrol.pages:,} 页（其中根请求 {len(plan['roots'])} 个）",
             "", table, "",
             f"比值（Patrol 页/秒 ÷ 裸 Scrapy 页/秒）：{ratio:.2f}"
             f"（目标 ≥ {RATIO_TARGET}，{ok(ratio >= RATIO_TARGET)}）；按抓取窗口计：{window_ratio:.2f}；"
             f"按每页 CPU 计：{cpu_ratio:.2f}",
             f"每页 CPU（毫秒）：Patrol {per_page(patrol):.2f}，裸 Scrapy {per_page(bare):.2f}，"
             f"解析并提取链接的裸 Scrapy {per_page(reading):.2f}（按每页 CPU 计比值 {reading_ratio:.2f}）",
             f"对照默认引擎设置的裸 Scrapy：比值 {patrol.rate / stock.rate if stock.rate else 0.0:.2f}"
             f"（Patrol 设 CONCURRENT_ITEMS={CONCURRENT_ITEMS}，Scrapy 默认 100；礼貌性设置相同）",
             f"Patrol 峰值内存：{patrol.rss_mb:.0f} MB（目标 ≤ {RSS_TARGET_MB:.0f} MB，"
             f"{ok(patrol.rss_mb <= RSS_TARGET_MB)}）",
             "说明：用时为子进程从启动到退出（Patrol 含规则评估）；抓取窗口为启动到服务端收到最后一个请求。"]
    if args.profile:
        lines.append(f"注意：Patrol 在 cProfile 下运行，数字偏慢；剖析结果：{args.profile}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=100, help="fixture sites (default 100)")
    parser.add_argument("--columns", type=int, default=10, help="list columns per site (default 10)")
    parser.add_argument("--entries", type=int, default=30, help="entries per column (default 30)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10 sites")
    parser.add_argument("--as-of", type=date.fromisoformat, default=date.today(), help="YYYY-MM-DD")
    parser.add_argument("--profile", metavar="OUT", help="run Patrol under cProfile, writing OUT")
    parser.add_argument("--stage-sample", type=int, default=300, help="pages re-read per stage (default 300)")
    parser.add_argument("--lean-pages", action="store_true", help="serve the demo's lean pages (~2.7 KB), "
                        "not real-sized ones")
    parser.add_argument("--bare", nargs=3, metavar=("PLAN", "CONFIG", "ENGINE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.sites = 10
    return args


def main() -> None:
    args = parse_args()
    if args.bare:
        run_bare(*args.bare)
        return
    with tempfile.TemporaryDirectory(prefix="patrol-bench-") as tmp, \
            LoggedPortals(args.as_of, sites=make_bulk_sites(args.sites, args.columns, args.entries),
                          real_size=not args.lean_pages) as portals:
        config = Path(tmp) / "sites.toml"
        config.write_text(bench_config(portals, str(Path(tmp) / "patrol.db")), encoding="utf-8")
        print(f"Patrol 巡查 {args.sites} 个站点……", file=sys.stderr)
        patrol, hits = measure("patrol", patrol_cmd(config, Path(tmp) / "patrol.db", args.as_of, args.profile),
                               portals, tmp)
        if patrol.exit_code not in (0, 1) or not hits:
            sys.exit(f"Patrol 运行失败（退出码 {patrol.exit_code}），输出末尾：\n"
                     + (Path(tmp) / "patrol.out").read_text(encoding="utf-8", errors="replace")[-2000:])
        plan = build_plan(hits)
        plan_path = Path(tmp) / "plan.json"
        plan_path.write_text(json.dumps(plan), encoding="utf-8")
        print("裸 Scrapy 按相同链接重放……", file=sys.stderr)
        passes = []
        for engine in ("same", "stock", "reading"):
            bare, bare_hits = measure("bare", [sys.executable, str(Path(__file__).resolve()), "--bare",
                                               str(plan_path), str(config), engine], portals, tmp)
            differ = answer_differences(hits, bare_hits)
            if bare.exit_code != 0 or differ:
                print(f"警告：裸 Scrapy 退出码 {bare.exit_code}；与 Patrol 的请求或应答状态有 {differ} 处不同",
                      file=sys.stderr)
                if not bare.pages:
                    print((Path(tmp) / "bare.out").read_text(encoding="utf-8", errors="replace")[-2000:],
                          file=sys.stderr)
            passes.append(bare)
        stages = reader_stages(hits, str(Path(tmp) / "patrol.db"), args.as_of, args.stage_sample)
        print(report(args, patrol, *passes, plan))
        print(stages)


if __name__ == "__main__":
    main()
