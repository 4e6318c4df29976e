"""What the benchmark scripts share; each imports it before anything else (they run as
``python benchmarks/X.py``).

Importing it takes this folder off ``sys.path``: run as a script, its files would shadow installed packages
(``incremental.py`` shadows Twisted's ``incremental``). :func:`crawl_bench` loads ``benchmarks/crawl.py`` (the
logged demo portals, the bare spider, peak RSS) as a module for the scripts that build on it.
"""

from __future__ import annotations

import importlib.util
import random
import re
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
if sys.path and Path(sys.path[0]).resolve() == HERE:
    sys.path.pop(0)


def crawl_bench() -> ModuleType:
    """``benchmarks/crawl.py`` as the module ``bench_crawl`` (loaded once)."""
    if "bench_crawl" in sys.modules:
        return sys.modules["bench_crawl"]
    spec = importlib.util.spec_from_file_location("bench_crawl", HERE / "crawl.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_crawl"] = module
    spec.loader.exec_module(module)
    return module


# ---- real-sized pages -------------------------------------------------------------------------------
# The demo renderers write lean pages (about 2.7 KB); real portal pages weigh 30-80 KB: a header with a
# top bar, a two-level menu, side boxes, a 相关链接 select, inline scripts and styles, a hidden block and
# a long footer (measured on real pages: ~150 links, ~120 divs, ~130 list items, 7-18 KB of script).
# ``real_sized`` wraps a rendered page's body in such a frame, generated (no real page is copied). Its
# links are ``javascript:;`` ones, so the crawl requests exactly what it requested from the lean pages.
_MENU = ("首页", "政务公开", "政务服务", "互动交流", "走进本地", "专题专栏", "数据发布", "政策文件", "新闻中心",
         "办事指南")
_SUB = ("领导信息", "机构职能", "政策解读", "通知公告", "工作动态", "规划计划", "财政信息", "人事信息", "建议提案",
        "公示公告", "统计数据", "应急管理")
_BOXES = ("热点专题", "便民服务", "政务新媒体", "友情链接", "在线访谈", "征集调查")
_FILLER = "坚持以人民为中心的发展思想，持续深化政务公开，优化营商环境，提升政务服务水平。"
_BODY_RE = re.compile(rb"<body[^>]*>", re.I)
_BODY_END_RE = re.compile(rb"</body\s*>", re.I)


def _frame(seed: int) -> tuple[str, str]:
    """The header (top bar, menu, side boxes) and footer of a real-sized page, about 30-80 KB in all."""
    rng = random.Random(seed)
    target = 30_000 + rng.randrange(50_000)  # bytes in UTF-8
    nav = "".join(
        f'<li class="nav-item"><a href="javascript:;" class="nav-a">{m}</a><div class="sub"><ul>'
        + "".join(f'<li><a href="javascript:;" title="{s}">{s}</a></li>' for s in rng.sample(_SUB, 8))
        + "</ul></div></li>" for m in _MENU)
    boxes = "".join(
        f'<div class="box side-{i}"><div class="box-hd"><span>{b}</span><a href="javascript:;">更多&gt;&gt;</a>'
        f'</div><div class="box-bd"><ul>'
        + "".join(f'<li><a href="javascript:;"><img src="data:," alt="{b}{k}">{b}{k}</a></li>' for k in range(5))
        + "</ul></div></div>" for i, b in enumerate(_BOXES))
    select = '<select class="links" onchange="go(this)"><option>—相关链接—</option>' + "".join(
        f"<option value=\"javascript:;\">{rng.choice(_SUB)}网站{k}</option>" for k in range(40)) + "</select>"
    style = "<style>" + "".join(f".c{k}{{margin:{k % 9}px;padding:{k % 7}px;color:#{k * 2749 % 0xFFFFFF:06x}}}"
                                for k in range(120)) + "</style>"
    header = (f'{style}<div class="top"><div class="w"><span>欢迎访问本网站</span><a href="javascript:;">无障碍</a>'
              f'<a href="javascript:;">长者模式</a><a href="javascript:;">English</a><a href="javascript:;">登录</a>'
              f'</div></div><div class="head"><div class="logo"><img src="data:," alt="logo"></div>'
              f'<div class="search"><input type="text" placeholder="请输入关键词"><a href="javascript:;">搜索</a></div>'
              f'</div><div class="nav"><ul>{nav}</ul></div><div class="sidebar">{boxes}</div>'
              f'<div style="display:none" class="hide">{_FILLER * 3}</div>')
    footer_lines = "".join(f'<p class="f{k}">{_FILLER[: 12 + k * 3]}</p>' for k in range(6))
    footer = f'<div class="foot"><div class="w">{select}{footer_lines}</div></div>'
    room = max(0, target - len(header.encode()) - len(footer.encode()))
    words = [f'"{rng.choice(_SUB)}{k}"' for k in range(room // 18)]  # about 18 bytes each
    script = f"<script>var menuData=[{','.join(words)}];function go(s){{return s.value}}</script>"
    return header, footer + script


def real_sized(body: bytes, url: str, encoding: str) -> bytes:
    """``body`` (an HTML page in ``encoding``) inside a generated real-sized frame; other bodies unchanged."""
    head, end = _BODY_RE.search(body), None
    ends = list(_BODY_END_RE.finditer(body))
    end = ends[-1] if ends else None
    if head is None or end is None or end.start() < head.end():
        return body
    header, footer = _frame(zlib.crc32(url.encode("utf-8")))
    enc = lambda s: s.encode(encoding, errors="xmlcharrefreplace")  # noqa: E731
    return body[:head.end()] + enc(header) + body[head.end():end.start()] + enc(footer) + body[end.start():]


# ---- CPU per reader stage ---------------------------------------------------------------------------
STAGES = ("解析", "列表", "正文/日期", "链接", "入库")  # parse, list (list pages), article/date, links, store


def stage_times(pages: list[tuple[str, bytes, str | None]], db: str, as_of: Any) -> dict[str, float]:
    """CPU seconds per page of each reader stage over ``pages`` (url, body, Content-Type), read as the crawl
    reads them: parse (decode + one tree), list (entries, paging), article/date, links, store (each page's
    validators and links written 100 pages a transaction into a copy of the crawl's database ``db``)."""
    import shutil
    import tempfile
    import time

    from crawler.extract.html import parse_html
    from crawler.extract.listing import is_article_url
    from crawler.extract.reader import read_page
    from crawler.items import PageItem, PageLinks
    from crawler.pipelines import write_page
    from storage.store import Store

    totals = dict.fromkeys(STAGES, 0.0)
    readings = []
    clock = time.process_time
    parse_html.cache_clear()
    for url, body, ctype in pages:
        t0 = clock()
        page = read_page(body, url, headers={"Content-Type": ctype} if ctype else None, as_of=as_of)
        page.root  # noqa: B018 - the parse
        t1 = clock()
        if not is_article_url(url):  # the crawl reads entries and paging on list pages, not on articles
            _ = page.entries, page.pagination
        t2 = clock()
        _ = page.article
        t3 = clock()
        links = page.links
        t4 = clock()
        totals["解析"] += t1 - t0
        totals["列表"] += t2 - t1
        totals["正文/日期"] += t3 - t2
        totals["链接"] += t4 - t3
        readings.append((url, page.encoding, [(k.url, k.text) for k in links]))
    with tempfile.TemporaryDirectory() as tmp:
        copy = str(Path(tmp) / "stages.db")
        shutil.copy(db, copy)
        with Store(copy) as store:
            site = store._value("SELECT name FROM sites LIMIT 1")
            run = store._value("SELECT max(id) FROM runs")
            t0 = clock()
            for at in range(0, len(readings), 100):
                with store.transaction():
                    for url, encoding, links in readings[at:at + 100]:
                        write_page(store, run, PageItem(url=url, status=200, etag=None, last_modified=None,
                                                        content_hash="0" * 40, encoding=encoding,
                                                        links=PageLinks(site, url, "page", None, links)))
            totals["入库"] = clock() - t0
    return {k: v / max(1, len(pages)) for k, v in totals.items()}


def stage_line(times: dict[str, float], pages: int) -> str:
    """The stages as one Chinese line (milliseconds of CPU per page)."""
    parts = "，".join(f"{k} {v * 1000:.2f}" for k, v in times.items())
    return f"各阶段每页 CPU（毫秒，{pages} 页样本，本进程内重读）：{parts}；合计 {sum(times.values()) * 1000:.2f}"
