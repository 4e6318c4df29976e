"""Right facts about a site: its kind from its own name, the checks `patrol check` skipped, why a site could
not be reached, and paths read from the config file's folder."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from helpers import AS_OF, run_cli
from notices_fixtures import free_port
from OpenSSL import SSL
from rules_fixtures import column, replacing, report
from scrapy.exceptions import CannotResolveHostError, DownloadCancelledError, DownloadFailedError, IgnoreRequest
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from core.config import load_config
from crawler.failures import from_exception, from_status
from patrol.demo.server import DemoPortals
from rules.engine import evaluate

# --- the kind of a site comes from its own name ---------------------------------------------------------


def _late(site: Any) -> list[str]:
    return [f.rule for f in evaluate(site, AS_OF).findings if f.rule == "annual-report-late"]


def test_kind_comes_from_the_sites_own_name_not_its_host() -> None:
    base = replacing(column("政府信息公开年报", slug="gknb", entries=(report(2025, date(2026, 3, 15)),)))
    by_host = replace(base, name="www.qinghe.gov.cn", unit="www.qinghe.gov.cn")
    assert _late(by_host)  # no name to go by: a department, due 31 January
    assert _late(replace(by_host, title="清河县柳镇人民政府")) == []  # a government: due 31 March
    assert _late(replace(by_host, title="清河市人民政府门户网站")) == []
    assert _late(replace(by_host, title="清河市人民政府国有资产监督管理委员会"))  # a department of it
    assert _late(replace(by_host, title="清河市人民政府办公室"))
    assert _late(replace(by_host, title="清河县柳镇人民政府", kind="department"))  # set explicitly


def test_check_of_a_government_site_applies_the_government_deadline() -> None:
    spring = date(2026, 3, 20)  # after a department's 31 January, before a government's 31 March
    with DemoPortals(spring, base_port=0) as portals:
        site = _gov_site(portals)
        guessed = run_cli("check", site.url, "--as-of", spring.isoformat(), "--json").json_lines()[0]
        forced = run_cli("check", site.url, "--as-of", spring.isoformat(), "--json", "--kind", "department")
    assert guessed["site"]["name"].endswith("人民政府")
    assert not [f for f in guessed["findings"] if f["rule"].startswith("annual-report")]
    [late] = [f for f in forced.json_lines()[0]["findings"] if f["rule"] == "annual-report-late"]
    assert late["evidence"]["kind"] == "department"


def _gov_site(portals: DemoPortals) -> Any:
    return next(s for s in portals.sites if s.name.endswith("人民政府"))


def test_check_names_the_checks_it_skipped_and_full_runs_them(portals: DemoPortals) -> None:
    site = _gov_site(portals)
    quick = run_cli("check", site.url, "--as-of", AS_OF.isoformat(), "--json")
    [data] = quick.json_lines()
    assert {s["rule"] for s in data["skipped"]} == {"entry-link-broken", "entry-date-mismatch"}
    text = run_cli("check", site.url, "--as-of", AS_OF.isoformat(), "--quiet", "--kind", "department")
    assert "未执行的检查（加 --full 执行）" in text.stdout and "entry-link-broken" in text.stdout
    full = run_cli("check", site.url, "--as-of", AS_OF.isoformat(), "--json", "--full")
    [full_data] = full.json_lines()
    assert full_data["skipped"] == []
    assert full_data["site"]["name"] == data["site"]["name"]
    bad = run_cli("check", site.url, "--kind", "bureau")
    assert bad.code == 2


# --- why a site could not be reached ---------------------------------------------------------------------


@pytest.mark.parametrize(("exc", "kind", "reason"), [
    (tx.DNSLookupError("www.qinghe.gov.cm"), "dns", "域名无法解析"),
    (CannotResolveHostError("no such host"), "dns", "域名无法解析"),
    (tx.ConnectionRefusedError("Connection was refused by other side"), "refused", "连接被拒绝"),
    (tx.TCPTimedOutError(), "timeout", "超时"),
    (IgnoreRequest("Forbidden by robots.txt"), "robots", "robots.txt 禁止抓取"),
    (DownloadCancelledError("Received 9000000 bytes which is larger than download max size (8388608)"),
     "too-large", "页面过大"),
    (ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "certificate verify failed")]))]),
     "tls", "证书错误"),
    (ValueError("something else"), "other", "无法访问"),
])
def test_failures_are_classified_with_a_chinese_reason(exc: BaseException, kind: str, reason: str) -> None:
    cause = from_exception(exc)
    assert (cause.kind, cause.reason) == (kind, reason)
    assert cause.text().startswith(reason)


def test_wrapped_failures_are_looked_through() -> None:
    try:
        try:
            raise ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "certificate verify failed")]))])
        except ResponseNeverReceived as inner:
            raise DownloadFailedError(str(inner)) from inner
    except DownloadFailedError as outer:
        assert from_exception(outer).kind == "tls"
    assert from_status(503).kind == "http-5xx" and "503" in from_status(503).reason
    assert from_status(404).kind == "http-4xx"


@contextmanager
def _server(status: int, size: int = 0) -> Iterator[str]:
    body = b"<html><head><title>x</title></head><body>" + b"x" * size + b"</body></html>"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_an_unreachable_site_names_its_cause() -> None:
    refused = run_cli("check", f"http://127.0.0.1:{free_port()}/", "--as-of", AS_OF.isoformat(), "--quiet")
    assert "连接被拒绝" in refused.stdout and refused.code == 1, refused.stdout + refused.stderr
    with _server(503) as url:
        down = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--quiet")
    assert "HTTP 503" in down.stdout, down.stdout
    with _server(200, size=9 * 1024 * 1024) as url:
        big = run_cli("check", url, "--as-of", AS_OF.isoformat(), "--quiet")
    assert "页面过大" in big.stdout, big.stdout + big.stderr


# --- paths are read from the config file's folder -------------------------------------------------------


def test_database_and_notices_folder_are_relative_to_the_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "sites.toml"
    path.write_text('database = "data/patrol.db"\n[notify]\nout_dir = "notices"\n'
                    f'[schedule]\nlog_file = "{(tmp_path / "abs.log").as_posix()}"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)
    try:
        config = load_config(Path("..") / "office" / "sites.toml")
    finally:
        os.chdir(cwd)
    assert Path(config.database).resolve() == folder / "data" / "patrol.db"
    assert Path(config.notify.out_dir).resolve() == folder / "notices"
    assert config.schedule.log_file == (tmp_path / "abs.log").as_posix()  # absolute paths stay
