"""Lists a script builds from JSON: rendered in headless Chromium (Debian's ``chromium``), bounded, loading the
site's own host only; with rendering off, such a column is unread, never blank."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest
import shaped_portals as sp
from helpers import AS_OF, run_cli

from crawler.middlewares.render import RenderFailed, render_dom

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None and shutil.which("chromium-browser") is None,
                                reason="Chromium is not installed (apt-get install chromium)")


def check(url: str, *extra: str, cwd=None) -> tuple[int, dict]:
    result = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--json", *extra, cwd=cwd)
    (out,) = result.json_lines()
    return result.code, out


def test_a_script_built_list_is_read_as_the_browser_shows_it() -> None:
    with sp.serve(sp.scripted_pages(AS_OF)) as base:
        code, out = check(base)
    column = next(c for c in out["columns"] if c["name"] == "政策文件")
    assert column["rendered"] is True and column["kind"] == "list"
    assert (column["entries"], column["latest"]) == (5, (AS_OF - timedelta(days=25)).isoformat())
    static = next(c for c in out["columns"] if c["name"] == "通知公告")
    assert "rendered" not in static  # a static list is read as served
    assert not any(f["rule"] == "column-blank" for f in out["findings"])


def test_with_rendering_off_the_column_is_unread_never_blank(tmp_path) -> None:
    with sp.serve(sp.scripted_pages(AS_OF)) as base:
        (tmp_path / "sites.toml").write_text(
            f'[crawl]\nrender = "never"\ncheck_links = false\n\n[[units]]\nname = "清河市科学技术局"\n\n[[sites]]\n'
            f'name = "清河市科学技术局"\nunit = "清河市科学技术局"\nurl = "{base}"\n', encoding="utf-8")
        result = run_cli("run", "--config", str(tmp_path / "sites.toml"), "--db", str(tmp_path / "p.db"),
                         "--as-of", AS_OF.isoformat(), cwd=tmp_path)
        assert result.code in (0, 1), result.stderr
        report = run_cli("report", "--config", str(tmp_path / "sites.toml"), "--db", str(tmp_path / "p.db"),
                         "--as-of", AS_OF.isoformat(), "--json", cwd=tmp_path)
    text = report.stdout
    assert "政策文件" in text and "栏目列表由脚本生成" in text and "render = \\\"never\\\"" in text
    assert "政策文件栏目为空白栏目" not in text


def test_the_browser_reaches_nothing_but_the_site(tmp_path) -> None:
    """A page that makes the browser ask loopback, another port and a link-local address gets none of them."""
    asked: list[str] = []
    other = {"/secret": (b"secret", "text/plain")}
    with sp.serve(other, log=asked) as elsewhere:
        page = (f'<html><body><ul id="list"></ul><img src="{elsewhere}img.png">'
                f'<iframe src="{elsewhere}frame"></iframe><script>'
                f"fetch('{elsewhere}secret').then(function (r) {{ return r.text(); }})"
                ".then(function (t) { document.getElementById('list').innerHTML = '<li>' + t + '</li>'; });"
                "fetch('http://169.254.169.254/latest/meta-data/');"
                "fetch('http://localhost:" + elsewhere.rsplit(":", 1)[1].rstrip("/") + "/secret');"
                "</script></body></html>")
        with sp.serve({"/": (page.encode("utf-8"), "text/html; charset=utf-8")}) as site:
            host = site.split("//", 1)[1].rstrip("/")
            dom = render_dom(site, {host}, 20)
    assert "<ul id=\"list\">" in dom and "secret" not in dom.split("<ul id=\"list\">", 1)[1][:40]
    assert asked == [], asked
    with pytest.raises(RenderFailed):
        render_dom("file:///etc/passwd", {"127.0.0.1"}, 5)
