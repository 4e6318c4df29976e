"""Footer identifiers: 网站标识码, ICP 备案, 公安备案 and the 党政机关 mark."""

import pytest

from crawler.extract.html import parse_html
from crawler.extract.identifiers import extract_identifiers


def page(footer: str, head: str = "") -> str:
    body = f"<div class='content'>正文</div><div class='footer'>{footer}</div>"
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_full_footer():
    footer = (
        '<p>主办：某市人民政府办公室 <a href="http://beian.miit.gov.cn/">冀ICP备05029117号-1</a></p>'
        '<p><a href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=13042002000523">'
        "<font>冀公网安备 13042002000523号</font></a></p><p>网站标识码 1304000009</p>"
        '<a href="https://bszs.conac.cn/sitename?method=show&id=1"><img src="dzjg.png"></a>'
    )
    assert extract_identifiers(page(footer)) == {
        "site_id_code": "1304000009",
        "icp": "冀ICP备05029117号-1",
        "police": "冀公网安备 13042002000523号",
        "conac": True,
    }


def test_accepts_a_parsed_root():
    root = parse_html(page("<span>网站标识码：bm07000001</span>"))
    assert extract_identifiers(root)["site_id_code"] == "bm07000001"


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("政府网站标识码 3702000025", "3702000025"),
        ("网站标识码：3300000020<a href='#'>x</a>", "3300000020"),
        ("网站标识码: 1300000065 &nbsp; 网站地图", "1300000065"),
        ("网站标识码：BM07000001", "BM07000001"),
        ("网站标识码：12345", None),
        ("网站标识码：123456789012", None),
        ("电话 1300000065", None),
    ],
)
def test_site_id_code_formats(footer, expected):
    assert extract_identifiers(page(footer))["site_id_code"] == expected


def test_site_id_code_falls_back_to_meta_then_jiucuo():
    meta = '<meta name="SiteIDCode" content="4303000006">'
    assert extract_identifiers(page("", meta))["site_id_code"] == "4303000006"
    empty_meta = '<meta name="SiteIDCode" content="">'
    jiucuo = "<script id='_jiucuo_' sitecode='1100000224' src='/js/jiucuo.js'></script>"
    assert extract_identifiers(page(jiucuo, empty_meta))["site_id_code"] == "1100000224"
    by_src = '<script src="https://zfwzgl.www.gov.cn/exposure/jiucuo.js?sitecode=1506000140"></script>'
    assert extract_identifiers(page(by_src))["site_id_code"] == "1506000140"
    assert extract_identifiers(page("", empty_meta))["site_id_code"] is None


@pytest.mark.parametrize("placeholder", ["政府网站标识码", "XXXXXXXXXX", "xxxxxxxx", " "])
def test_placeholders_are_no_site_code(placeholder):
    """A template's placeholder left in the meta or the footer (the label repeated, XXXX, empty) is no code."""
    meta = f'<meta name="SiteIDCode" content="{placeholder}">'
    assert extract_identifiers(page(f"网站标识码：{placeholder}", meta))["site_id_code"] is None
    assert extract_identifiers(page("网站标识码：<span></span>", meta))["site_id_code"] is None


def test_footer_code_wins_over_meta():
    meta = '<meta name="SiteIDCode" content="3300000099">'
    assert extract_identifiers(page("网站标识码：3300000020", meta))["site_id_code"] == "3300000020"


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("<a>鲁ICP备 05038584号</a>", "鲁ICP备 05038584号"),
        ("备案号：<a>浙ICP备05018911号</a>", "浙ICP备05018911号"),
        ("<span>京ICP备20014478号-1</span>", "京ICP备20014478号-1"),
        ("<span>京ICP备\n      10032462号</span>", "京ICP备 10032462号"),
        ("ICP备05018911号", "ICP备05018911号"),
        ("正文 <b>京ICP证030173号</b>", "京ICP证030173号"),  # a licence shown for the 备案: read, as a reader would
        ("<p>京ICP备13026484</p>", "京ICP备13026484"),  # no 号
        ("无备案", None),
    ],
)
def test_icp(footer, expected):
    assert extract_identifiers(page(footer))["icp"] == expected


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        (
            "<a><img src='ga.png' alt=''>鲁公网安备\n                    37020202000341号</a>",
            "鲁公网安备 37020202000341号",
        ),
        ("<a>京公网安备11040102700108号</a>", "京公网安备11040102700108号"),
        ("冀公网安备 <a href='http://www.beian.gov.cn/'>13010402001602</a>", "冀公网安备 13010402001602"),
        ("公安备案号：35012899001-19002", "公安备案号：35012899001-19002"),
        ("京公网安备 1104020243号", None),
        ("<p>京公网安备:110105011222</p>", "京公网安备:110105011222"),  # an older 12-digit number
        ("网警备案号：32010202000001", "网警备案号：32010202000001"),
        ("", None),
    ],
)
def test_police(footer, expected):
    assert extract_identifiers(page(footer))["police"] == expected


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ('<a href="http://bszs.conac.cn/sitename?method=show&id=1"><img src="a.png"></a>', True),
        ('<img src="static/picture/dzjg.png" alt="">', True),
        ('<img src="static/picture/mark.png" alt="党政机关标识">', True),
        ("<script src='http://dcs.conac.cn/js/05/107/0000/1.js'></script>", True),
        ('<img src="static/picture/logo.png" alt="网站logo">', False),
        ("<!-- <a href='http://bszs.conac.cn/'>x</a> -->", False),
    ],
)
def test_conac_mark(footer, expected):
    assert extract_identifiers(page(footer))["conac"] is expected


def test_hidden_identifiers_are_not_shown():
    footer = "<div style='display:none'>京ICP备12345678号 网站标识码 1100000001</div>"
    assert extract_identifiers(page(footer)) == {"site_id_code": None, "icp": None, "police": None, "conac": False}
