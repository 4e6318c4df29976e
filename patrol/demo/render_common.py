"""What every CMS-style renderer shares: the page type, encoding, footer identifiers, filler text."""

from __future__ import annotations

import html
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial

from patrol.demo.model import Column, Entry, Site, format_date
from patrol.demo.render_report import is_report, report_body

# The real national sites a portal's footer links to, as real portals' footers do (ICP 备案, 公安备案, the
# 党政机关 mark). A demo or test crawl must never contact them: every demo config lists them in
# [crawl] link_skip_hosts (REAL_LINK_HOSTS), and tests/crawler/test_links_offline.py checks no request leaves 127.0.0.1.
ICP_HOST = "beian.miit.gov.cn"
POLICE_HOST = "www.beian.gov.cn"
CONAC_HOST = "bszs.conac.cn"
REAL_LINK_HOSTS = (ICP_HOST, POLICE_HOST, CONAC_HOST)

PARAGRAPHS = (
    "为深入贯彻落实上级有关部署要求，进一步提升工作质效，现将有关事项通知如下。",
    "各单位要提高思想认识，加强组织领导，明确责任分工，确保各项任务落到实处。",
    "会议强调，要坚持问题导向，细化工作措施，强化督促检查，推动工作取得实效。",
    "下一步，将继续完善工作机制，加强信息公开，主动接受社会监督。",
)


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def clock(eid: int) -> str:
    """A stable time of day for an article (09:00-17:59)."""
    return f"{9 + eid % 9:02d}:{(eid * 7) % 60:02d}"


def body_text(title: str, eid: int) -> str:
    """A few paragraphs of plausible filler for an article page (an annual report's six sections)."""
    if is_report(title):
        return report_body(title, eid)
    paras = [f"　　{title}。"] + [f"　　{PARAGRAPHS[(eid + i) % len(PARAGRAPHS)]}" for i in range(3)]
    return "\n".join(f"<p>{esc(p)}</p>" for p in paras)


class Style:
    """A CMS style: lays out a resolved site's URLs and renders its pages on request."""

    name = "base"

    def __init__(self, site: Site) -> None:
        self.site = site
        self.spec = site.spec
        self.today = site.today
        self.routes: dict[str, Callable[[], Page]] = {}
        self.layout()
        if self.spec.citizen:
            self.add_sections({"/hdjl/ldxx/": "领导信箱"})

    def citizen_links(self) -> str:
        """The header's 领导信箱 link and site search box (none where the spec leaves them out)."""
        if not self.spec.citizen:
            return ""
        return ('<div class="citizen"><a href="/hdjl/ldxx/">领导信箱</a><form action="/search/" method="get">'
                '<input type="text" name="q"><button type="submit">搜索</button></form></div>\n')

    # -- layout -------------------------------------------------------------------------------
    def layout(self) -> None:
        raise NotImplementedError

    def home_path(self) -> str:
        return "/"

    def catalog_path(self) -> str:
        raise NotImplementedError

    def add(self, path: str, fn: Callable[[], Page]) -> None:
        self.routes[path] = fn

    def route(self, path: str, query: dict[str, str], form: dict[str, str]) -> Page | None:
        fn = self.routes.get(path)
        if fn is None and not path.endswith("/") and path + "/" in self.routes:
            # a directory asked for without its slash: 301 to it, as Apache and nginx answer
            return Page(b"", 301, "text/html; charset=utf-8", {"Location": path + "/"})
        return fn() if fn else None

    def link(self, col: Column) -> str | None:
        """A column's path as the catalog writes it (without the trailing slash on ``slashless_links`` sites)."""
        if col.path and self.spec.slashless_links and col.path.endswith("/") and col.path != "/":
            return col.path.rstrip("/")
        return col.path

    # -- encoding -----------------------------------------------------------------------------
    def gbk(self) -> bool:
        return self.spec.encoding.lower() in ("gbk", "gb2312", "gb18030")

    def decl(self, col: Column | None) -> str:
        return col.spec.charset_decl if (col is not None and self.gbk()) else "meta"

    def meta_charset(self, col: Column | None = None) -> str:
        if not self.gbk():
            return '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        return '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' \
            if self.decl(col) == "meta" else ""

    def page(self, text: str, col: Column | None = None, status: int = 200) -> Page:
        if not self.gbk():
            return Page(text.encode("utf-8"), status, "text/html; charset=utf-8")
        ctype = "text/html; charset=GBK" if self.decl(col) == "header" else "text/html"
        return Page(text.encode("gbk", errors="xmlcharrefreplace"), status, ctype)

    def add_sections(self, sections: dict[str, str]) -> None:
        """Pages outside the catalog that the frame links to (互动交流, 网站地图 …: path → name), so a link check
        of the demo finds them open, as on a real portal."""
        for path, name in sections.items():
            text = (f"<html><head>{self.meta_charset()}<title>{esc(name)}_{esc(self.spec.name)}</title></head>"
                    f"<body><h1>{esc(name)}</h1><p>{esc(self.spec.name)}{esc(name)}栏目正在建设中，欢迎提出意见和建议。</p>"
                    f'<p><a href="{self.home_path()}">返回首页</a></p></body></html>')
            self.add(path, partial(self.page, text))

    def not_found(self) -> Page:
        text = (f"<html><head>{self.meta_charset()}<title>404 页面不存在</title></head><body>"
                "<h1>404</h1><p>您访问的页面不存在或已被删除。</p>"
                f'<p><a href="{self.home_path()}">返回首页</a></p></body></html>')
        return self.page(text, status=404)

    # -- shared fragments ---------------------------------------------------------------------
    def article_status(self, entry: Entry) -> Callable[[], Page]:
        def render() -> Page:
            return self.not_found() if entry.status == 404 else self.render_article(entry)
        return render

    def render_article(self, entry: Entry) -> Page:
        raise NotImplementedError

    def pub_meta(self, entry: Entry) -> str:
        if entry.spec.regenerated:  # a PubDate that is the page's generation time, as the others meta says
            stamp = f"{self.today.isoformat()} 03:{entry.eid % 60:02d}:17"
            return (f'<meta name="PubDate" content="{stamp}">\n'
                    f'<meta name="others" content="页面生成时间 {stamp}">')
        if entry.meta_date is None:
            return ""
        return f'<meta name="PubDate" content="{entry.meta_date.isoformat()} {clock(entry.eid)}">'

    def shown_date(self, entry: Entry, labelled: str) -> str:
        """The article's date line: ``labelled`` (a template with {date} and {clock}) as the style writes it,
        an unlabelled byline date, or nothing when the date is only in the meta tag."""
        if entry.published is None or entry.spec.date_form == "meta":
            return ""
        if entry.spec.date_form == "byline":
            return f"<span>{entry.published.isoformat()} {clock(entry.eid)}</span>&nbsp;&nbsp;"
        return labelled.format(date=entry.published.isoformat(), clock=clock(entry.eid))

    def site_metas(self) -> str:
        code = self.spec.site_id_code or ""
        return (f'<meta name="SiteName" content="{esc(self.spec.name)}">\n'
                f'<meta name="SiteDomain" content="{esc(self.spec.domain)}">\n'
                f'<meta name="SiteIDCode" content="{code}">')

    def column_metas(self, col: Column) -> str:
        return (f'<meta name="ColumnName" content="{esc(col.name)}">\n'
                f'<meta name="ColumnDescription" content="{esc(self.spec.name + col.name)}栏目">\n'
                f'<meta name="ColumnKeywords" content="{esc(col.name)}">\n'
                f'<meta name="ColumnType" content="{esc(col.name)}">')

    def footer_ids(self) -> list[str]:
        """Footer lines: 主办单位, 网站标识码, ICP, 公安备案 and the 党政机关 mark, as configured."""
        s = self.spec
        lines = [f"主办单位：{esc(s.unit)}"]
        if s.site_id_code:
            lines.append(f"网站标识码：{s.site_id_code}")
        if s.icp:
            lines.append(f'<a href="https://{ICP_HOST}/" target="_blank">{esc(s.icp)}</a>')
        if s.police:
            code = "".join(ch for ch in s.police if ch.isdigit())
            lines.append(f'<a href="http://{POLICE_HOST}/portal/registerSystemInfo?recordcode='
                         f'{code}" target="_blank"><img src="/images/ga.png" alt="">{esc(s.police)}</a>')
        if s.conac:
            lines.append(f'<span id="_ideConac"><a href="https://{CONAC_HOST}/sitename?method=show&amp;id='
                         f'{zlib.crc32(s.key.encode()):012d}" target="_blank">'
                         '<img src="/images/red.png" alt="党政机关" title="党政机关"></a></span>')
        return lines

    def home_date(self, entry: Entry) -> str:
        """The date beside an entry on the home page (year-less where the site writes it so)."""
        return format_date(entry.published or self.today, "md" if self.spec.home_md_dates else "iso")

    def decoy_date(self, entry: Entry) -> date:
        """A 生成日期 that is not the publish date."""
        return (entry.published or self.today) - timedelta(days=3)
