"""A fixture portal for the indicators of issue 20: the department site of ``shaped_portals`` with a 领导信箱
(answered, unanswered and 办理中 messages across a year, one 未回复 for over 3 months), an exempt 网上信访
column, a search box, and two 通知公告 articles showing a 成文日期 (one beyond 20 working days across 国庆).
Served on 127.0.0.1 by ``shaped_portals.serve``."""

from __future__ import annotations

import re
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


def _guide_page(title: str, body: str) -> str:
    return (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><div class="position">当前位置：'
            f'政务服务 &gt; 办事指南</div><div class="guide"><h1>{title}</h1>{body}</div></body></html>')


GUIDE_TABLE = ("<table class=\"zn\"><tr><th>事项名称</th><td>食品经营许可</td></tr>"
               "<tr><th>设定依据</th><td>《中华人民共和国食品安全法》第三十五条</td></tr>"
               "<tr><th>申请条件</th><td>有与经营的食品品种、数量相适应的经营场所</td></tr>"
               "<tr><th>申请材料</th><td>1.食品经营许可申请书；2.营业执照复印件</td></tr>"
               "<tr><th>办理地点</th><td>清河市政务服务中心二楼市场监管窗口</td></tr>"
               "<tr><th>办理时间</th><td>工作日 9:00-17:00</td></tr><tr><th>咨询电话</th><td>0512-12345678</td></tr>"
               "<tr><th>办理流程</th><td>申请—受理—审查—决定—送达</td></tr></table>")
# a guide written as a definition list and lines: 设定依据 and 办理时间 left out unless ``complete``
GUIDE_LINES = ("<dl><dt>事项名称</dt><dd>个体工商户设立登记</dd><dt>受理条件</dt><dd>有经营能力的公民</dd></dl>"
               "<div class=\"info\">【办理材料】登记申请书、身份证明<br>办理地点：各区市场监管所<br>"
               "联系电话：0512-87654321{extra}</div><h3>办理流程</h3><p>网上申请，窗口核验，当场发照。</p>")
GUIDE_ELEMENT_NAMES = ["事项名称", "设定依据", "申请条件", "办理材料", "办理地点", "办理时间", "联系电话", "办理流程"]
GUIDES = [("食品经营许可办事指南", GUIDE_TABLE), ("个体工商户设立登记办事指南", GUIDE_LINES)]


def hall_pages(complete: bool) -> sp.Pages:
    """A 政务服务 hall listing two guides (a table; a definition list with lines) and its menu links."""
    extra = "<br>设定依据：《市场主体登记管理条例》<br>办理时间：工作日上午9:00-12:00" if complete else ""
    links = "".join(f'<li><a href="/bsfw/zn/{i}.html">{name}</a></li>' for i, (name, _) in enumerate(GUIDES, 1))
    pages: sp.Pages = {"/bsfw/": sp._utf8(
        '<html><head><meta charset="utf-8"><title>政务服务</title></head><body><div class="nav"><a href="/">首页</a>'
        '<a href="/bsfw/">办事指南</a></div><h2>个人办事</h2><ul class="list">' + links + "</ul></body></html>")}
    for i, (name, body) in enumerate(GUIDES, 1):
        pages[f"/bsfw/zn/{i}.html"] = sp._utf8(_guide_page(name, body.format(extra=extra)))
    return pages


def report_pages(as_of: date, report: str) -> sp.Pages:
    """The newest annual report of the 政府信息公开年报 column (listed 250 days before ``as_of``) as ``report``
    says: ``html`` (right), ``wrong`` (title, a heading, the 总计), ``docx``, ``pdf`` or ``scan`` (attachments),
    ``offsite`` (an attachment on another host)."""
    day = as_of - timedelta(days=250)
    path = f"/zwgk/ndbg/{day:%Y%m}/t{day:%Y%m%d}_1.html"
    right = ar.Report(year=day.year - 1)
    if report in ("html", "wrong"):
        wrong = ar.Report(year=day.year - 1, title=f"{day.year - 1}年度政府信息公开工作报告",
                          drop=ar.HEADINGS[4], total_off=1)
        return {path: sp._utf8(ar.report_html(right if report == "html" else wrong))}
    files = {"docx": (ar.report_docx(right), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
             "pdf": (ar.report_pdf(right), "application/pdf"), "scan": (ar.scanned_pdf(), "application/pdf")}
    if report == "offsite":  # an attachment on a host the site does not own: never fetched
        return {path: sp._utf8(ar.attachment_page(right, "http://files.example.invalid/P0.pdf"))}
    name = f"P0{day:%Y%m%d}.{'docx' if report == 'docx' else 'pdf'}"
    return {path: sp._utf8(ar.attachment_page(right, f"./{name}")), path.rsplit("/", 1)[0] + f"/{name}": files[report]}


def add_columns(pages: sp.Pages, columns: list[tuple], as_of: date) -> None:
    """Add list columns ``(slug, name[, days])`` to the 政务公开 menu of every page, each with one entry
    ``days`` (default 30) old."""
    menu = '<div class="leftmenu"><h2>政务公开</h2><ul>'
    items = "".join(f'<li><a href="/zwgk/{slug}/">{name}</a></li>' for slug, name, *_ in columns)
    for path, page in list(pages.items()):
        if page is not None and page[1].endswith("GBK") and menu.encode("gbk") in page[0]:
            pages[path] = sp._gbk(page[0].decode("gbk").replace(menu, menu + items))
    for slug, name, *age in columns:
        day = as_of - timedelta(days=age[0] if age else 30)
        row = f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_1.html">{name}第1号</a><span class="date">{day}</span></li>'
        pages[f"/zwgk/{slug}/"] = sp._utf8(f'<html><head><meta charset="utf-8"><title>{name}</title></head><body>'
                                          f'<div class="leftmenu"><h2>政务公开</h2><ul>{items}</ul></div>'
                                          f'<div class="list"><ul>{row}</ul></div></body></html>')


# 政策解读 entries: (title, the policy's page or None, whether the policy links back)
READINGS = [("《清河市食品摊贩管理办法》政策解读", "bf1", True), ("《清河市广告设置管理规定》解读", "gd2", False),
            ("图解：今年市场监管工作要点", None, False)]


def reading_pages(as_of: date) -> sp.Pages:
    """A 政策解读 column of three interpretations and the policies they explain (``READINGS``)."""
    day = as_of - timedelta(days=40)
    rows, pages = [], {}
    for i, (title, policy, back) in enumerate(READINGS, 1):
        path = f"/zwgk/zcjd/{day:%Y%m}/t{day:%Y%m%d}_{i}.html"
        rows.append(f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_{i}.html">{title}</a><span>{day}</span></li>')
        link = f'<p>政策原文：<a href="/zwgk/zcwj/{policy}.html">{title.split("》")[0]}》</a></p>' if policy else ""
        pages[path] = sp._utf8(_article(title, f'<div class="info">发布时间：{day}</div>{link}'))
        if policy:
            name = title.split("》")[0].lstrip("《")
            back_link = f'<p>相关解读：<a href="{path}">{title}</a></p>' if back else ""
            pages[f"/zwgk/zcwj/{policy}.html"] = sp._utf8(_article(name, f"<p>第一条 为了规范管理……</p>{back_link}"))
    pages["/zwgk/zcjd/"] = sp._utf8('<html><head><meta charset="utf-8"><title>政策解读</title></head><body>'
                                    f'<div class="list"><ul>{"".join(rows)}</ul></div></body></html>')
    return pages


SITE_METAS = ('<meta name="SiteName" content="清河市市场监督管理局">'
              '<meta name="SiteDomain" content="scjgj.qinghe.gov.cn"><meta name="SiteIDCode" content="3299000099">')


def add_metas(pages: sp.Pages) -> None:
    """The 发展指引 metas on every HTML page: the site's, an article's on articles, a column's on the others."""
    for path, page in list(pages.items()):
        if page is None or not page[1].startswith("text/html"):
            continue
        gbk = page[1].endswith("GBK")
        text = page[0].decode("gbk" if gbk else "utf-8")
        tags = SITE_METAS
        if re.search(r"/t\d{8}_\d+\.html$", path):
            tags += ('<meta name="ArticleTitle" content="文章"><meta name="PubDate" content="2026-11-18 09:00">'
                     '<meta name="ContentSource" content="清河市市场监督管理局">')
        elif path not in ("/", "/index.html"):  # every other page is a column's
            tags += '<meta name="ColumnName" content="栏目"><meta name="ColumnType" content="列表">'
        text = re.sub(r"<title>", tags + "<title>", text, count=1, flags=re.I)
        pages[path] = sp._gbk(text) if gbk else sp._utf8(text)


def indicator_pages(as_of: date, *, channels: bool = True, report: str | None = None,
                    hall: str | None = None, columns: list[tuple] | None = None,
                    metas: bool = False, readings: bool = False) -> sp.Pages:
    """The department site with the indicators' pages; ``channels`` False leaves only 网上信访 on its home;
    ``report`` serves the newest annual report (``report_pages``); ``hall`` (``complete`` | ``incomplete``)
    links a 政务服务 hall from the home page (``hall_pages``); ``columns`` adds catalog columns (``add_columns``);
    ``metas`` gives every page its 发展指引 metas (``add_metas``); ``readings`` adds a 政策解读 column."""
    pages = sp.dept_pages(as_of)
    pages.update(report_pages(as_of, report) if report else {})
    pages.update(hall_pages(hall == "complete") if hall else {})
    add_columns(pages, (columns or []) + ([("zcjd", "政策解读")] if readings else []), as_of)
    pages.update(reading_pages(as_of) if readings else {})
    home = pages["/"][0].decode("gbk")  # type: ignore[index]
    links = (CHANNELS if channels else '<li><a href="/hdjl/wsxf/">网上信访</a></li>') + \
        ('<li><a href="/bsfw/">政务服务</a></li>' if hall else "")
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
    if metas:
        add_metas(pages)
    return pages
