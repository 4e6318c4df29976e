"""Shared pieces of the notices tests: a config, findings pushed through the real lifecycle, an SMTP
server and a chat-robot server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from core.config import Config, parse_config
from rules.finding import Finding
from storage.store import Store

EDU, HEALTH = "清河市教育局", "清河市卫生健康委员会"
EDU_SITE, HEALTH_SITE = "清河市教育局网站", "清河市卫健委网站"
BASE = "http://127.0.0.1:9/"
MON1, MON2, MON3 = date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_config(tmp: Path, *, smtp_port: int | None = None, unit_hooks: tuple[str, ...] = (),
                office_hooks: tuple[str, ...] = (), extra: dict[str, Any] | None = None) -> Config:
    data: dict[str, Any] = {
        "database": str(tmp / "patrol.db"),
        "units": [{"name": EDU, "email": "edu@example.test", "webhooks": list(unit_hooks)},
                  {"name": HEALTH, "email": "health@example.test"}],
        "sites": [{"name": EDU_SITE, "url": BASE + "edu/", "unit": EDU},
                  {"name": HEALTH_SITE, "url": BASE + "wjw/", "unit": HEALTH}],
        "notify": {"office_name": "清河市政务公开办公室", "out_dir": str(tmp / "out"), "webhooks": list(office_hooks)},
    }
    if smtp_port is not None:
        data["mail"] = {"host": "127.0.0.1", "port": smtp_port, "sender": "patrol@example.test",
                        "office": ["office@example.test"]}
    data.update(extra or {})
    return parse_config(data, "<test>", tmp / "sites.toml")


def finding(rule: str, site: str, column: str | None, message: str, severity: str = "deduct",
            url: str | None = None) -> Finding:
    return Finding(rule=rule, severity=severity, site=site, message=message, column=column,
                   url=url or (BASE + (column or "home") + "/"))


STALE = finding("column-stale", EDU_SITE, "工作动态", "工作动态栏目最近更新于2026-10-28，已超过2周未更新")
BLANK = finding("column-blank", EDU_SITE, "人事信息", "人事信息栏目为空白栏目")
SOON = finding("column-stale-soon", EDU_SITE, "通知公告", "通知公告栏目将于7天内超过更新期限", "warn")
BROKEN = finding("entry-link-broken", EDU_SITE, "政策文件", "<script>alert(1)</script>=HYPERLINK(\"x\")链接失效",
                 url="javascript:alert(1)")
HOME = finding("home-stale", HEALTH_SITE, None, "首页2周内无更新", "veto")


def inspect_day(db: Path, config: Config, day: date, per_site: dict[str, list[Finding]],
                scores: dict[str, tuple[float, str]], exempt: dict[str, str] | None = None) -> int:
    """One inspection's worth of history: a run, each site's findings and its evaluation."""
    with Store(db) as store:
        store.sync_registry(config.units, config.sites)
        run_id, _ = store.start_run("run", day)
        for site, found in per_site.items():
            store.apply_findings(run_id, site, found, day, exempt or {})
            score, verdict = scores[site]
            store.record_evaluation(run_id, site, as_of=day, score=score, verdict=verdict)
        store.finish_run(run_id)
    return run_id


def week1(db: Path, config: Config) -> None:
    inspect_day(db, config, MON1, {EDU_SITE: [STALE, BLANK, SOON], HEALTH_SITE: [HOME]},
                {EDU_SITE: (82.0, "pass"), HEALTH_SITE: (0.0, "fail")})


def week2(db: Path, config: Config) -> None:
    inspect_day(db, config, MON2, {EDU_SITE: [STALE, SOON, BROKEN], HEALTH_SITE: [HOME]},
                {EDU_SITE: (86.0, "pass"), HEALTH_SITE: (0.0, "fail")})


def week3(db: Path, config: Config) -> None:
    inspect_day(db, config, MON3, {EDU_SITE: [STALE, BROKEN], HEALTH_SITE: []},
                {EDU_SITE: (88.0, "pass"), HEALTH_SITE: (95.0, "pass")})


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if address in rcpt]


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[tuple[int, _Inbox]]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1."""
    inbox = _Inbox()
    port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def attachments(msg: EmailMessage) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in msg.iter_attachments()}


@contextmanager
def robot_server(answer: dict[str, Any] | None = None) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A chat-robot endpoint on 127.0.0.1 that records each JSON body it receives."""
    received: list[dict[str, Any]] = []
    body = json.dumps(answer or {"errcode": 0, "errmsg": "ok"}).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server API
            length = int(self.headers["Content-Length"])
            received.append({"path": self.path, "json": json.loads(self.rfile.read(length).decode("utf-8"))})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
