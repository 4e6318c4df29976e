"""The <meta> tags of 《政府网站发展指引》 (国办发〔2017〕47号) over a sample of the pages the crawl read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from rules.context import Context
from rules.finding import Finding
from rules.registry import rule

INDICATOR = "《政府网站发展指引》（国办发〔2017〕47号）网页元数据（<meta> 标签）"
CLASS_LABELS = {"home": "首页", "column": "栏目页", "article": "文章页"}


def _pages(ctx: Context) -> dict[str, list[tuple[str, set[str]]]]:
    """Pages read, by class: (url, meta names carried with content), each class in address order. Entry pages:
    a sample of those whose page was read (the ``sample`` whose addresses hash lowest: the same pages whichever
    run read them)."""
    facts = ctx.site.facts or {}
    pages: dict[str, list[tuple[str, set[str]]]] = {"home": [], "column": [], "article": []}
    if "metas" in facts:
        pages["home"].append((ctx.site.url, set(facts["metas"])))
    for v in ctx.views:
        c = v.column
        if c.url and c.status == 200 and not c.blocked and c.kind in ("list", "page"):
            pages["column"].append((c.url, {k for k, val in c.meta.items() if str(val).strip()}))
    # by address: the examples never depend on the order the columns were stored in (a distributed run stores
    # them as the answers arrive)
    pages["column"].sort(key=lambda page: page[0])
    read = {e.url: set(e.metas) for v in ctx.views for e in v.column.entries if e.metas is not None}
    sample = sorted(read, key=lambda u: hashlib.sha1(u.encode("utf-8")).hexdigest())[:ctx.params()["sample"]]
    pages["article"] = [(url, read[url]) for url in sorted(sample)]
    return pages


def tally(ctx: Context) -> dict[str, dict[str, Any]]:
    """Per required tag: pages sampled, pages without it, the first few of those."""
    p = ctx.params()
    wanted = {"home": p["site_tags"], "column": p["site_tags"] + p["column_tags"],
              "article": p["site_tags"] + p["article_tags"]}
    counts: dict[str, dict[str, Any]] = {}
    for kind, pages in _pages(ctx).items():
        for tag in wanted[kind]:
            c = counts.setdefault(tag, {"pages": 0, "missing": 0, "examples": []})
            for url, metas in pages:
                c["pages"] += 1
                if tag not in metas:
                    c["missing"] += 1
                    c["examples"] += [url] if len(c["examples"]) < 3 else []
    return {tag: c for tag, c in counts.items() if c["pages"]}


@rule(
    "page-meta-missing",
    title="网页缺少规定的元数据标签",
    indicator=INDICATOR,
    severity="deduct",
    params={"site_tags": ["SiteName", "SiteDomain", "SiteIDCode"], "column_tags": ["ColumnName", "ColumnType"],
            "article_tags": ["ArticleTitle", "PubDate", "ContentSource"], "sample": 20},
    doc="""
检查内容：抓取读过的页面中，`<meta>` 标签是否齐全且有内容：每个页面（首页、栏目页、文章页）都应有 `site_tags`
（SiteName、SiteDomain、SiteIDCode），栏目页还应有 `column_tags`（ColumnName、ColumnType），文章页还应有
`article_tags`（ArticleTitle、PubDate、ContentSource）。按标签统计抽查页面数和缺失页面数，并列出缺失的页面示例。
文章页取读过正文的条目中固定的 `sample` 页（默认20页，按地址散列抽取，各次巡查抽到同一批；快速检查只读无日期的
条目，`--full` 读全部）；内容为空的标签按缺失计。
依据：《政府网站发展指引》（国办发〔2017〕47号）附件《政府网站网页元数据规范》：站点、栏目、文章页面的元数据（P：
标签名见于间接来源，哪些为必选项为假定 M）。分值为假定值（M）。
不合格示例：栏目页有 `<meta name="ColumnName">` 却没有 `SiteIDCode`；文章页没有 `PubDate`。
合格示例：每个页面的 `<head>` 都有 `<meta name="SiteIDCode" content="3209000001">` 等标签。
""",
)
def check_metas(ctx: Context) -> Iterator[Finding]:
    if "metas" not in (ctx.site.facts or {}):  # the home page's metas were never read: no verdict
        return
    counts = tally(ctx)
    short = {tag: c for tag, c in counts.items() if c["missing"]}
    if not short:
        return
    listed = "；".join(f"{tag}（{c['missing']}/{c['pages']}页缺失）" for tag, c in short.items())
    message = f"抽查的页面缺少《政府网站发展指引》规定的元数据标签：{listed}"
    yield ctx.finding(message, url=ctx.site.url, tags=short, sampled={k: len(v) for k, v in _pages(ctx).items()})
