"""The demo portals over real HTTP on 127.0.0.1: styles, encodings, paging, caching and ground truth."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

import pytest

from core.config import load_config
from patrol.demo import DemoPortals, make_bulk_sites
from patrol.demo.defaults import DEFAULT_SITES

TODAY = date(2026, 11, 20)
PROXY = "/module/web/jpage/dataproxy.jsp"
LINKS = {  # one simple entry-link regex per style: a sanity check, not an extractor
    "trs": re.compile(r'<A \s*href="\./\d{6}/t\d{8}_\d+\.html"'),
    "gateway": re.compile(r'<A \s*href="\./\d{6}/t\d{8}_\d+\.html"'),
    "hanweb": re.compile(r'<li><a href="/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html"'),
    "table": re.compile(r'class="tt">·<a href="show\.asp\?id=\d+"'),
    "plain": re.compile(r'<li><a href="content_\d+\.html"'),
}


@pytest.fixture(scope="module")
def portals():
    with DemoPortals(TODAY) as p:
        yield p


def fetch(url: str, headers: dict | None = None, data: bytes | None = None, method: str | None = None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def text(url: str, encoding: str = "utf-8") -> str:
    status, _, body = fetch(url)
    assert status == 200, url
    return body.decode(encoding)


def proxy_records(portals, key: str, columnid: str, start: int, end: int, per: int = 15) -> list[str]:
    form = {"col": "1", "appid": "1", "webid": "3185", "path": "/", "columnid": columnid,
            "sourceContentType": "1", "unitid": "1", "webname": "演示", "permissiontype": "0"}
    url = portals.url(key, f"{PROXY}?startrecord={start}&endrecord={end}&perpage={per}")
    status, headers, body = fetch(url, data=urllib.parse.urlencode(form).encode())
    assert status == 200 and "xml" in headers["Content-Type"]
    return re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", body.decode("utf-8"), re.S)


def columns(portals, key: str, kind: str = "list") -> dict[str, dict]:
    return {n: c for n, c in portals.expected()[key]["columns"].items() if c["kind"] == kind}


def test_every_style_serves_its_pages(portals):
    markers = {"trs": 'createPageHTML(3, 0, "index", "html")', "hanweb": '<script type="text/xml"><datastore>',
               "table": "下一页", "plain": "下一页"}
    for site in portals.sites:
        exp = portals.expected()[site.key]
        enc = "gb18030" if site.spec.encoding == "gbk" else "utf-8"
        home = text(site.url, enc)
        assert site.name in home and "<html" in home.lower()
        assert "政府信息公开" in text(exp["catalog"], enc)
        biggest = max(columns(portals, site.key).values(), key=lambda c: c["entries"])
        page = text(biggest["url"], enc)
        if site.key in ("qinghe", "fgw", "jyj", "liuzhen"):
            assert markers[site.spec.style] in page, site.key


def test_trs_catalog_has_a_heading_that_is_not_a_link(portals):
    page = text(portals.url("qinghe", "/xxgk/"))
    assert "<span>法定主动公开内容</span>" in page
    assert not re.search(r"<a [^>]*>法定主动公开内容</a>", page)
    assert re.search(r'<a href="/xxgk/fdzdgknr/jgzn/"[^>]*>机构职能</a>', page)


def test_trs_articles_show_label_meta_and_decoys(portals):
    site = portals.style("qinghe").site
    gfx = next(c for c in site.columns if c.name == "规范性文件")
    migrated, decoyed = gfx.entries[1], gfx.entries[2]
    page = text(portals.url("qinghe", migrated.path))
    assert f"发布时间：{migrated.published.isoformat()}" in page
    assert f'name="PubDate" content="{(TODAY - timedelta(days=7)).isoformat()}' in page
    assert re.search(r'<meta name="SiteIDCode" content="3299000001">', page)
    page = text(portals.url("qinghe", decoyed.path))
    assert "生成日期：" in page and f"发布时间：{decoyed.published.isoformat()}" in page
    assert "网站标识码：3299000001" in page and "公网安备" in page and "党政机关" in page


def test_gbk_site_bytes_and_charset_declarations(portals):
    status, headers, body = fetch(portals.url("jyj", "/list.asp?classid=1"))
    assert status == 200 and headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    page = body.decode("gb18030")
    assert "喆" in page and "堃" in page and 'charset=gb2312' in page
    assert "2026.11.19" in page and "２０２６" in page and "年" in page and "[2026-" in page
    status, headers, body = fetch(portals.url("jyj", "/list.asp?classid=1&page=2"))
    assert "2026-13-45" in body.decode("gb18030")
    _, headers, body = fetch(portals.url("jyj", "/list.asp?classid=5"))  # HTTP header only
    assert headers["Content-Type"] == "text/html; charset=GBK" and b"charset=gb2312" not in body
    _, headers, body = fetch(portals.url("jyj", "/list.asp?classid=6"))  # not declared at all
    assert headers["Content-Type"] == "text/html" and b"charset" not in body


def test_gbk_site_traps(portals):
    cols = portals.expected()["jyj"]["columns"]
    news = cols["教育动态"]
    assert len(news["broken_links"]) == 1 and fetch(news["broken_links"][0])[0] == 404
    assert len(news["invalid_dates"]) == 1 and len(news["mismatched"]) == 1
    assert len(cols["通知公告"]["future_dates"]) == 1
    undated_on_list = {e.spec.date_form: e for e in portals.style("jyj").site.columns[0].entries if not e.list_text}
    assert set(undated_on_list) == {"label", "byline", "meta"}
    labelled = undated_on_list["label"]
    assert f"发布日期：{labelled.published.isoformat()}" in text(portals.url("jyj", labelled.path), "gb18030")
    byline = undated_on_list["byline"]
    page = text(portals.url("jyj", byline.path), "gb18030")
    assert f"发布日期：{byline.published.isoformat()}" not in page and byline.published.isoformat() in page
    assert f'<meta name="others" content="页面生成时间 {portals.today.isoformat()}' in page
    hidden = undated_on_list["meta"]
    page = text(portals.url("jyj", hidden.path), "gb18030")
    assert f'<meta name="PubDate" content="{hidden.published.isoformat()}' in page
    assert page.count(hidden.published.isoformat()) == 1  # shown nowhere but in the meta


def test_dataproxy_answers_record_windows(portals):
    news = columns(portals, "fgw")["部门动态"]
    assert news["entries"] > 100
    columnid = re.search(r"col(\d+)/", news["url"]).group(1)
    page = text(news["url"])
    assert len(re.findall(r"<record>", page)) == 45 and "'columnid':" + columnid in page
    assert len(proxy_records(portals, "fgw", columnid, 46, 90)) == 45
    total, start = 0, 1
    while records := proxy_records(portals, "fgw", columnid, start, start + 44):
        total += len(records)
        start += 45
    assert total == news["entries"]
    assert proxy_records(portals, "fgw", "999", 1, 45) == []


def test_hanweb_article_markers(portals):
    site = portals.style("fgw").site
    entry = next(c for c in site.columns if c.name == "部门动态").entries[0]
    page = text(portals.url("fgw", entry.path))
    assert re.fullmatch(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html", entry.path)
    assert f"<!--<$[标题]>begin-->{entry.title}<!--<$[标题]>end-->" in page
    assert f"发布日期：{TODAY.isoformat()}" in page


def test_expected_counts_match_served_list_links(portals):
    for site in portals.sites:
        style, enc = site.spec.style, ("gb18030" if site.spec.encoding == "gbk" else "utf-8")
        for name, col in columns(portals, site.key).items():
            if style == "hanweb":
                cid = re.search(r"col(\d+)/", col["url"]).group(1)
                found = len(proxy_records(portals, site.key, cid, 1, 10_000))
            else:
                found = sum(len(LINKS[style].findall(text(url, enc))) for url in _list_pages(site, col))
            assert found == col["entries"], (site.key, name)


def _list_pages(site, col: dict) -> list[str]:
    n, url = col["pages"], col["final_url"]  # where the catalog link leads (a slashless one is redirected)
    if site.spec.style in ("trs", "gateway"):
        return [url + ("index.html" if k == 0 else f"index_{k}.html") for k in range(n)]
    if site.spec.style == "plain":  # a stub column root sends the reader on to list.html
        base = "list" if col["stub"] else "index"
        return [url + (f"{base}.html" if k == 0 else f"{base}_{k + 1}.html") for k in range(n)]
    return [f"{url}&page={k + 1}" for k in range(n)]


def test_blank_stale_and_missing_columns_of_the_lagging_unit(portals):
    cols = portals.expected()["liuzhen"]["columns"]
    assert sum(1 for c in cols.values() if c["kind"] == "list" and c["entries"] == 0) >= 2
    assert "政府信息公开年报" not in cols and "政府信息公开工作年度报告" not in cols
    home = text(portals.url("liuzhen"))
    assert re.search(r'<span class="date">\d{2}-\d{2}</span>', home)
    assert "网站标识码" not in home and "公网安备" not in home
    assert "暂无信息" in text(cols["人事信息"]["url"])
    assert cols["工作动态"]["latest"] < (TODAY - timedelta(days=14)).isoformat()


def test_annual_report_of_last_year_on_time(portals):
    report = columns(portals, "qinghe")["政府信息公开年报"]
    page = text(report["url"])
    assert "清河市人民政府2025年政府信息公开工作年度报告" in page
    assert report["latest"] == "2026-03-20"


def test_conditional_requests_and_head(portals):
    url = portals.url("qinghe", "/xxgk/fdzdgknr/gzdt/")
    status, headers, body = fetch(url)
    assert status == 200 and headers["ETag"] and headers["Last-Modified"]
    again = fetch(url)
    assert again[1]["ETag"] == headers["ETag"] and again[1]["Last-Modified"] == headers["Last-Modified"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"other"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    status, head_headers, head_body = fetch(url, method="HEAD")
    assert status == 200 and head_body == b"" and head_headers["Content-Length"] == str(len(body))


def test_set_page_changes_a_page_between_runs(portals):
    path = "/xxgk/fdzdgknr/tzgg/"
    url = portals.url("czj", path)
    before = fetch(url)
    portals.set_page("czj", path, "<html><body>改版中</body></html>")
    changed = fetch(url)
    assert "改版中" in changed[2].decode() and changed[1]["ETag"] != before[1]["ETag"]
    assert fetch(url, {"If-Modified-Since": before[1]["Last-Modified"]})[0] == 200
    portals.set_page("czj", path, None)
    assert fetch(url)[0] == 404
    portals.clear_page("czj", path)
    assert fetch(url)[2] == before[2]


def test_support_routes_and_request_counter(portals):
    assert fetch(portals.url("fgw", "/_status/503"))[0] == 503
    assert fetch(portals.url("fgw", "/_delay/0.05"))[0] == 200
    status, _, body = fetch(portals.url("qinghe", "/_redirect?to=/xxgk/"))
    assert status == 200 and "法定主动公开内容" in body.decode()
    assert b"Allow: /" in fetch(portals.url("jyj", "/robots.txt"))[2]
    before = portals.requests[("liuzhen", "/zwgk/")]
    fetch(portals.url("liuzhen", "/zwgk/"))
    assert portals.requests[("liuzhen", "/zwgk/")] == before + 1


def test_config_toml_loads_and_has_an_unreachable_and_a_blocked_site(portals, tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(portals.config_toml("demo.db"), encoding="utf-8")
    config = load_config(path)
    assert config.database == str(path.parent / "demo.db") and len(config.sites) == len(DEFAULT_SITES) + 2
    status, headers, body = fetch(config.site(portals.blocked.name).url + "xxgk/")
    assert status == 412 and b"$_ts" in body and "80S=" in headers["Set-Cookie"]
    assert {u.name for u in config.units} >= {s.unit for s in portals.sites}
    assert config.site("清河市教育局").catalog == portals.expected()["jyj"]["catalog"]
    assert config.site("清河市人民政府").catalog is None and config.site("清河市人民政府").kind == "government"
    port = urllib.parse.urlsplit(config.site(portals.unreachable.name).url).port
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_set_today_redates_content():
    with DemoPortals(TODAY, sites=[DEFAULT_SITES[4]]) as p:
        before = p.expected()["czj"]["columns"]["财政动态"]["latest"]
        etag = fetch(p.url("czj", "/"))[1]["ETag"]
        p.set_today(TODAY + timedelta(days=30))
        after = p.expected()["czj"]["columns"]["财政动态"]["latest"]
        assert date.fromisoformat(after) - date.fromisoformat(before) == timedelta(days=30)
        assert fetch(p.url("czj", "/"))[1]["ETag"] != etag


def _free_run(n: int) -> int:
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + n < 65000 and all(_bindable(base + i) for i in range(n)):
            return base
    pytest.skip("no run of free ports")


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def test_base_port_mode():
    base = _free_run(3)
    with DemoPortals(TODAY, base_port=base, sites=DEFAULT_SITES[:2]) as p:
        assert [s.url for s in p.sites] == [f"http://127.0.0.1:{base}/", f"http://127.0.0.1:{base + 1}/"]
        assert fetch(p.sites[1].url)[0] == 200
        with pytest.raises(OSError, match="端口"):
            DemoPortals(TODAY, base_port=base, sites=DEFAULT_SITES[:1]).start()


def test_bulk_sites_are_large_deterministic_and_served():
    sites = make_bulk_sites(100, 30, 10, seed=7)
    assert len(sites) == 100 and len({s.style for s in sites}) == 4
    articles = sum(len(c.entries) for s in sites for c, _ in s.walk())
    assert articles >= 30_000
    again = make_bulk_sites(100, 30, 10, seed=7)
    assert [e.title for e in sites[99].columns[0].children[3].entries] == \
        [e.title for e in again[99].columns[0].children[3].entries]
    with DemoPortals(TODAY, sites=sites) as p:
        key = sites[99].key
        entry = p.style(key).site.lists()[5].entries[4]
        status, _, body = fetch(p.url(key, entry.path))
        assert status == 200 and entry.title in body.decode("gb18030" if sites[99].encoding == "gbk" else "utf-8")
