"""Requests ``patrol check`` spends on a session trap: a site whose 通知公告 list links its "next page" as the
same page under a fresh random parameter (``?page=1&ck=<random>``), with new entries every time.

Run: ``python benchmarks/trap.py``. A small server on 127.0.0.1 (this process) serves the home page, the trap
and the entry pages and counts the requests; the check runs as a child process. Target: ≤ 100 requests, the
column's walk cut.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import support  # noqa: F401 - first: takes this folder off sys.path (benchmarks/support.py)

TARGET = 100


def _page(title: str, body: str) -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>{body}"
            "<div class='foot'>主办单位：陷阱测试单位</div></body></html>").encode()


def _rows(prefix: str, n: int) -> str:
    return "".join(f"<li><a href='/art/{prefix}_{i}.html'>{prefix}通知第{i}号</a><span>2026-11-{10 + i % 9:02d}</span>"
                   "</li>" for i in range(n))


class TrapHandler(BaseHTTPRequestHandler):
    hits: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer()

    def _answer(self, head: bool = False) -> None:
        self.hits.append(self.path)
        if self.path == "/":
            body = _page("陷阱测试单位", "<ul class='nav'><li><a href='/rand/list.jsp'>通知公告</a></li></ul>")
        elif self.path.startswith("/rand/"):
            token = "k" + uuid.uuid4().hex[:8] + "7"
            body = _page("通知公告", f"<ul class='list'>{_rows(token[:8], 5)}</ul>"
                                 f"<a href='/rand/list.jsp?page=1&ck={token}'>下一页</a>")
        else:
            body = _page("通知", "<div class='info'>发布时间：2026-11-10</div><div class='content'><p>正文。</p></div>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), TrapHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        done = subprocess.run([sys.executable, "-m", "patrol", "check", url, "--json"], capture_output=True,
                              text=True, encoding="utf-8")
    finally:
        server.shutdown()
    hits = TrapHandler.hits
    lists = sum(h.startswith("/rand/") for h in hits)
    try:
        columns = json.loads(done.stdout).get("columns", [])
    except ValueError:
        sys.exit(f"patrol check 失败（退出码 {done.returncode}）：{done.stderr[-1000:]}")
    entries = next((c.get("entries") for c in columns if c.get("name") == "通知公告"), None)
    ok = "达标" if len(hits) <= TARGET else "未达标"
    print(f"会话陷阱：patrol check 共请求 {len(hits)} 次（其中列表页 {lists} 次，目标 ≤ {TARGET}，{ok}）；"
          f"通知公告读到条目 {entries} 条")


if __name__ == "__main__":
    main()
