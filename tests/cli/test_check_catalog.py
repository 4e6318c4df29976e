"""`patrol check` finds the 信息公开目录 from the home page as it finds it from the catalog URL, on the demo
gateway portal and on a whole real TRS portal; a site whose catalog is not found fails with what was tried."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import realsites
from helpers import AS_OF, run_cli

from patrol.demo.defaults import DEFAULT_SITES
from patrol.demo.server import DemoPortals

# The 信息公开目录 of the real portal, as a careful reader sees it: the home page's 信息公开 menu entry (and
# its six image entries) lead to xxgk/bmwj/, whose left menu under the heading 信息公开 lists the columns.
# 部门文件 is the page itself (its link is written href=""); 财政专项清单, 政策解读, 双随机一公开, 双公示 and
# 政府信息公开 are javascript:; links — columns never published, not headings of what follows them.
JILIN_COLUMNS = [("部门文件", "xxgk/bmwj/index.html"), ("年度报告", "xxgk/ndbg/index.html"),
                 ("规划计划", "xxgk/ghjh/index.html"), ("应急管理", "xxgk/yjgl/index.html"),
                 ("责权清单", "xxgk/zqqd/index.html"), ("行政执法", "xxgk/xzzf/index.html")]


def check(url: str, *extra: str) -> tuple[int, dict]:
    result = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra)
    lines = result.json_lines()
    assert len(lines) == 1, result.stdout + result.stderr
    return result.code, lines[0]


def _columns(out: dict) -> set[tuple[str, str | None]]:
    return {(c["name"], c["url"]) for c in out["columns"]}


@pytest.fixture(scope="module")
def jilin() -> Iterator[str]:
    """The saved real portal served at its own paths on 127.0.0.1."""
    if not realsites.available("jilin-lyj"):
        pytest.skip("shared/realsites/jilin-lyj is not available")
    with realsites.serve("jilin-lyj") as base:
        yield base


def _catalog_columns(out: dict) -> set[tuple[str, str | None]]:
    return {(c["name"], c["url"]) for c in out["columns"] if c["found"] == "catalog"}


def test_real_portal_catalog_from_home_equals_catalog_from_its_url(jilin: str) -> None:
    code_home, from_home = check(jilin)
    code_catalog, from_catalog = check(jilin, "--catalog", jilin + "xxgk/bmwj/index.html")
    expected = {(name, jilin + path) for name, path in JILIN_COLUMNS}
    assert _catalog_columns(from_home) == expected
    assert _catalog_columns(from_catalog) == expected
    assert all(f["rule"] != "catalog-not-found" for f in from_home["findings"] + from_catalog["findings"])
    # the news and other columns its menus lead to are found too, the same from either start
    assert {url for _, url in _columns(from_home)} == {url for _, url in _columns(from_catalog)}
    assert (jilin + "xwdt/lyxx/index.html") in {url for _, url in _columns(from_home)}
    assert (code_home, from_home["verdict"]) == (code_catalog, from_catalog["verdict"])


def test_gateway_demo_site_is_found_from_its_home_page(portals: DemoPortals) -> None:
    truth = portals.expected()["lyj"]
    code, out = check(truth["url"])
    assert {(c["name"], c["url"]) for c in out["columns"]} == {
        (name, col["url"]) for name, col in truth["columns"].items()}
    assert not any(c["name"] in ("张明远", "政策解读", "林业要闻") for c in out["columns"])
    assert out["verdict"] == "pass" and code == 0
    lists = {c["name"]: c for c in out["columns"] if c["kind"] == "list"}
    assert lists["林业动态"]["entries"] == truth["columns"]["林业动态"]["entries"]


LEADERS_ONLY_HOME = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>清河市林业局</title></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/ldzc/ld1.html">领导信息</a></li>
<li><a href="/hdjl/">互动交流</a></li></ul></div>
<div class="ldzc"><h3>领导之窗</h3><ul><li><a href="/ldzc/ld1.html">张明远</a></li>
<li><a href="/ldzc/ld2.html">李华</a></li>
<li><a href="/ldzc/ld3.html">王建国</a></li><li><a href="/ldzc/ld4.html">陈静</a></li></ul></div>
<div class="rk"><a href="./zwgk.html"><img src="./images/rk_zwgk.jpg"></a></div>
<div class="foot">网站标识码：3299000045 苏ICP备05010045号-2 苏公网安备 32990202000145号</div></body></html>"""


def test_a_catalog_not_found_is_a_finding_with_what_was_tried_and_the_site_fails() -> None:
    spec = next(s for s in DEFAULT_SITES if s.key == "lyj")
    with DemoPortals(AS_OF, sites=[spec]) as served:
        served.set_page("lyj", "/", LEADERS_ONLY_HOME)
        served.set_page("lyj", "/zwgk/", None)  # the landing page is gone: the stub leads to a 404
        home = served.url("lyj")
        code, out = check(home)
        # the columns its other menus lead to are read, but none is taken for the catalog's
        assert code == 1 and out["verdict"] == "fail"
        assert all(c["found"] not in ("catalog", "config") for c in out["columns"])
        found = [f for f in out["findings"] if f["rule"] == "catalog-not-found"]
        assert len(found) == 1 and found[0]["severity"] == "deduct"
        assert found[0]["message"].startswith("未找到政府信息公开目录")
        tried = found[0]["evidence"]["tried"]
        assert [(t["url"], t["how"], t["result"]) for t in tried] == [
            (home + "zwgk.html", "image", "跳转页"), (home + "zwgk/", "stub", "HTTP 404")]
        assert "column-missing" not in {f["rule"] for f in out["findings"]}
        _, given = check(home, "--catalog", home + "xxgk/")
        assert given["verdict"] == "pass" and len(given["columns"]) == len(spec.walk())
