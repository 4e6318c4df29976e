"""A fixture portal for the indicators of issue 20: the department site of ``shaped_portals`` with a 领导信箱
(answered, unanswered and 办理中 messages across a year, one 未回复 for over 3 months), an exempt 网上信访
column, a search box, and two 通知公告 articles showing a 成文日期 (one beyond 20 working days across 国庆).
Served on 127.0.0.1 by ``shaped_portals.serve``."""

from __future__ import annotations

from datetime import date, timedelta

import annual_reports as ar
import shaped_portals as sp

CHANNELS = '<li><a href="/hdjl/ldxx/">领导信箱</a></li><li><a href="/hdjl/wsxf/">网上信访</a></li>'
SEARCH = '<form action="/search/" method="get"><input type="text" name="q"><button>搜索</button></form>'
# (title, asked days ago, replied days ago or None, state shown)
MAILBOX = [("道路照明", 200, 190, "已回复"), ("小区停车", 120, None, "未回复"), ("公交线路", 30, None, "办理中"),
           ("垃圾分类", 100, None, "已回复"), ("学校周边交通", 70, 12, "已办结")]
PETITION = [("拆迁补偿", 150, None, "未回复")]


def _day(as_of: date, days: int | None) -> str:
    return (as_of - timedelta(days=days)).isoformat() if days is not None else ""


def _channel(name: str, rows: list[tuple[str, int, int | None, str]], as_of: date) -> str:
    body = "".join(f'<tr><td><a href="./{i}.html">{title}</a></td><td>{_day(as_of, asked)}</td>'
                   f"<td>{_day(as_of, replied)}</td><td>{state}</td></tr>"
                   for i, (title, asked, replied, state) in enumerate(rows))
    return (f'<html><head><meta charset="utf-8"><title>{name}</title></head><body><h1>{name}</h1>'
            '<table class="list"><tr><th>留言标题</th><th>留言时间</th><th>回复时间</th><th>办理状态</th></tr>'
            f"{body}</table></body></html>")


def _article(title: str, head: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
            f'{head}<div class="content"><p>{title}的正文。</p></div></body></html>')


def report_pages(as_of: date, report: str) -> sp.Pages:
    """The newest annual report of the 政府信息公开年报 column (listed 250 days before ``as_of``) as ``report``
    says: ``html`` (right), ``wrong`` (title, a heading, the 总计), ``docx``, ``pdf`` or ``scan`` (attachments)."""
    day = as_of - timedelta(days=250)
    path = f"/zwgk/ndbg/{day:%Y%m}/t{day:%Y%m%d}_1.html"
    right = ar.Report(year=day.year - 1)
    if report in ("html", "wrong"):
        wrong = ar.Report(year=day.year - 1, title=f"{day.year - 1}年度政府信息公开工作报告",
                          drop=ar.HEADINGS[4], total_off=1)
        return {path: sp._utf8(ar.report_html(right if report == "html" else wrong))}
    files = {"docx": (ar.report_docx(right), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             "pdf": (ar.report_pdf(right), "application/pdf"), "scan": (ar.scanned_pdf(), "application/pdf")}
    name = f"P0{day:%Y%m%d}.{'docx' if report == 'docx' else 'pdf'}"
    return {path: sp._utf8(ar.attachment_page(right, f"./{name}")), path.rsplit("/", 1)[0] + f"/{name}": files[report]}


def indicator_pages(as_of: date, *, channels: bool = True, report: str | None = None) -> sp.Pages:
    """The department site with the indicators' pages; ``channels`` False leaves only 网上信访 on its home;
    ``report`` serves the newest annual report (``report_pages``)."""
    pages = sp.dept_pages(as_of)
    pages.update(report_pages(as_of, report) if report else {})
    home = pages["/"][0].decode("gbk")  # type: ignore[index]
    links = CHANNELS if channels else '<li><a href="/hdjl/wsxf/">网上信访</a></li>'
    home = home.replace('<li><a href="/hdjl/">互动交流</a></li>', links).replace('<div class="main">',
                                                                            SEARCH + '<div class="main">', 1)
    pages["/"] = pages["/index.html"] = sp._gbk(home)
    pages["/hdjl/ldxx/"] = sp._utf8(_channel("领导信箱", MAILBOX, as_of))
    pages["/hdjl/wsxf/"] = sp._utf8(_channel("网上信访", PETITION, as_of))
    # 通知公告 rows are 2 and 17 days old: 2026-11-18 and 2026-11-03 for an inspection on 2026-11-20
    late, ontime = as_of - timedelta(days=2), as_of - timedelta(days=17)
    pages[f"/zwgk/tzgg/{late:%Y%m}/t{late:%Y%m%d}_1.html"] = sp._utf8(_article(
        "关于秋季道路养护的通知", '<table class="head"><tr><td>成文日期</td><td>2026年09月28日</td>'
        f"<td>发布日期</td><td>{late:%Y年%m月%d日}</td></tr></table>"))
    pages[f"/zwgk/tzgg/{ontime:%Y%m}/t{ontime:%Y%m%d}_2.html"] = sp._utf8(_article(
        "关于冬季运输保障的通知", f'<div class="info">成文日期：2026-10-20　发布时间：{ontime.isoformat()}</div>'))
    return pages
