"""Demo portals: fictional units' websites in several CMS styles, served on 127.0.0.1.

They are the content of ``patrol demo``, the fixture portals of the tests and (via ``make_bulk_sites``)
the benchmark corpus. Every page is rendered on request from a declarative ``SiteSpec`` whose dates
are relative to ``today``, so the demo shows the same fresh, stale and blank columns on any day.

Default sites (``defaults.py``), each on its own port:

- ``qinghe``  清河市人民政府, TRS WCM, UTF-8: ``/`` 要闻 list; ``/xxgk/`` 信息公开 catalog (法定主动公开内容
  is a heading, not a link); lists ``/xxgk/<group>/<col>/index.html``, ``index_1.html`` … paged by
  ``createPageHTML(n, i, "index", "html")``; articles ``./YYYYMM/tYYYYMMDD_N.html``.
- ``fgw``     清河市发展和改革委员会, Hanweb JCMS: ``/col/col1/index.html`` catalog with a left-nav tree;
  columns ``/col/colN/index.html`` holding a ``<datastore>`` first group; the rest through
  ``POST /module/web/jpage/dataproxy.jsp?startrecord=A&endrecord=B&perpage=P`` (form: col, appid,
  webid, path, columnid, sourceContentType, unitid, webname, permissiontype); ``/art/Y/M/D/art_C_N.html``.
- ``jyj``     清河市教育局, table CMS in GBK: ``/index.asp``; ``/xxgk.asp`` catalog (not linked from the
  home page); ``/list.asp?classid=N&page=K`` with 下一页/尾页; ``/show.asp?id=N``.
- ``liuzhen`` 清河县柳镇人民政府, plain ul/li: ``/zwgk/index.html`` catalog; ``/zwgk/<col>/index.html``,
  ``index_2.html`` … with 下一页 links; ``content_N.html`` articles.
- ``czj``     清河市财政局, TRS WCM: everything fresh (a pass).
- ``lyj``     清河市林业局, TRS WCM behind a gateway home page: no text link to 信息公开 — a script-written
  nav whose 政务公开 entry is a redirect stub, an image-only entry, a 领导之窗 list of names; the
  ``/zwgk/`` landing page merges the newest entries and links ``/xxgk/`` (written by script) from a
  JS menu array. Everything fresh: it passes only when the catalog is found from the home page.
- plus, in ``config_toml()``, 清河市地方志办公室 at a port where nothing listens (site-unreachable), and
  清河市公安局 behind an anti-bot layer: every path answers 412 with a JavaScript cookie challenge in the
  style of 瑞数 (``handler.ChallengeHandler``), so it is reported as site-blocked (巡查被拦截).

Routes on every site: ``/robots.txt`` (allow all), ``/_status/<code>``, ``/_delay/<seconds>``,
``/_redirect?to=<path>`` (302). Pages carry ETag and Last-Modified (stable while the content is
unchanged) and answer If-None-Match / If-Modified-Since with 304 — except on sites whose spec says
``validators=False`` (``jyj``, and the bulk table sites), which send neither, as dynamic ASP pages do;
HEAD is supported. ``set_page``
overrides or adds a page (``None`` = 404) and ``set_today`` re-dates everything. ``requests`` counts
``(site_key, path-with-query)`` served. ``expected()`` is the ground truth computed from the specs.
"""

from __future__ import annotations

import collections
import socket
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, time
from http.server import ThreadingHTTPServer
from typing import Any

from patrol.demo.bulk import make_bulk_sites
from patrol.demo.config_text import ServedSite, render_config
from patrol.demo.handler import (
    ChallengeHandler,
    DemoHandler,
    DemoServer,
    etag_of,
    http_date,
    not_modified,
    parse_query,
    split,
    test_route,
)
from patrol.demo.model import Column, resolve
from patrol.demo.render_common import Page, Style
from patrol.demo.render_gateway import GatewayStyle
from patrol.demo.render_hanweb import HanwebStyle
from patrol.demo.render_plain import PlainStyle
from patrol.demo.render_table import TableStyle
from patrol.demo.render_trs import TrsStyle
from patrol.demo.spec import ColumnSpec, EntrySpec, SiteSpec

__all__ = ["DemoPortals", "ServedSite", "free_port", "make_bulk_sites"]

RENDERERS: dict[str, type[Style]] = {"trs": TrsStyle, "hanweb": HanwebStyle, "table": TableStyle,
                                     "plain": PlainStyle, "gateway": GatewayStyle}
UNREACHABLE = {"key": "dfz", "name": "清河市地方志办公室", "email": "dfz@qinghe.example.org", "kind": "department"}
BLOCKED = {"key": "gaj", "name": "清河市公安局", "email": "gaj@qinghe.example.org", "kind": "department"}


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class DemoPortals:
    """Serve a set of demo sites, one HTTP server per site, until ``stop()``."""

    def __init__(self, today: date, *, base_port: int = 0, sites: list[SiteSpec] | None = None) -> None:
        if sites is None:
            from patrol.demo.defaults import DEFAULT_SITES

            sites = DEFAULT_SITES
        keys = [s.key for s in sites]
        if len(set(keys)) != len(keys):
            raise ValueError("演示站点的 key 必须唯一")
        self.today = today
        self.base_port = base_port
        self.specs = {s.key: s for s in sites}
        self.requests: collections.Counter = collections.Counter()
        self._lock = threading.Lock()
        self._styles: dict[str, Style] = {}
        self._overrides: dict[tuple[str, str], Page] = {}
        self._stamps: dict[tuple[str, str], tuple[str, float]] = {}
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._unreachable_port: int | None = None
        self._blocked: ThreadingHTTPServer | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> DemoPortals:
        if self._servers:
            return self
        try:
            for i, key in enumerate(self.specs):
                self._serve(key, self.base_port + i if self.base_port else 0)
            self._unreachable_port = self._pick_unreachable()
            self._serve_blocked()
        except OSError:
            self.stop()
            raise
        return self

    def _serve_blocked(self) -> None:
        """The site behind an anti-bot layer, on the port after the unreachable one (or any free port)."""
        port = self._unreachable_port + 1 if self.base_port and self._unreachable_port else 0
        try:
            httpd = ThreadingHTTPServer(("127.0.0.1", port), ChallengeHandler)
        except OSError:
            httpd = ThreadingHTTPServer(("127.0.0.1", 0), ChallengeHandler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                  name="demo-blocked", daemon=True)
        thread.start()
        self._blocked = httpd
        self._threads.append(thread)

    def _serve(self, key: str, port: int) -> None:
        try:
            httpd = DemoServer(("127.0.0.1", port), DemoHandler)
        except OSError as exc:
            raise OSError(exc.errno, f"演示站点 {key} 无法监听 127.0.0.1:{port}（端口已被占用？"
                                     f"请换一个 --port 起始端口）：{exc.strerror}") from exc
        httpd.daemon_threads = True
        httpd.portals, httpd.site_key = self, key
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                  name=f"demo-{key}", daemon=True)
        thread.start()
        self._servers[key] = httpd
        self._threads.append(thread)

    def _pick_unreachable(self) -> int:
        if self.base_port:
            port = self.base_port + len(self.specs)
            if port < 65536 and _port_free(port):
                return port
        return free_port()

    def stop(self) -> None:
        # Shut the servers down in parallel: each shutdown() waits up to one poll interval.
        servers = [*self._servers.values(), *([self._blocked] if self._blocked else [])]
        stoppers = [threading.Thread(target=httpd.shutdown) for httpd in servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        for httpd in servers:
            httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers.clear()
        self._threads.clear()
        self._blocked = None

    def __enter__(self) -> DemoPortals:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- sites ----------------------------------------------------------------------------------
    def url(self, key: str, path: str = "/") -> str:
        if key not in self._servers:
            raise RuntimeError(f"演示站点 {key} 未在运行：请先调用 start()")
        return f"http://127.0.0.1:{self._servers[key].server_address[1]}{path}"

    @property
    def sites(self) -> list[ServedSite]:
        return [ServedSite(s.key, s.name, s.unit, s.unit_email, s.kind, self.url(s.key), s)
                for s in self.specs.values()]

    @property
    def unreachable(self) -> ServedSite:
        """The registered site with nothing listening on its port."""
        if self._unreachable_port is None:
            raise RuntimeError("演示站点未在运行：请先调用 start()")
        u = UNREACHABLE
        return ServedSite(u["key"], u["name"], u["name"], u["email"], u["kind"],
                          f"http://127.0.0.1:{self._unreachable_port}/", None)

    @property
    def blocked(self) -> ServedSite:
        """The registered site whose every page is an anti-bot challenge (412, JavaScript cookie)."""
        if self._blocked is None:
            raise RuntimeError("演示站点未在运行：请先调用 start()")
        b = BLOCKED
        return ServedSite(b["key"], b["name"], b["name"], b["email"], b["kind"],
                          f"http://127.0.0.1:{self._blocked.server_address[1]}/", None)

    def style(self, key: str) -> Style:
        """The resolved, laid-out renderer of a site (cached until ``set_today``)."""
        with self._lock:
            style = self._styles.get(key)
            if style is None:
                spec = self.specs[key]
                style = RENDERERS[spec.style](resolve(spec, self.today))
                self._styles[key] = style
            return style

    def set_today(self, today: date) -> None:
        with self._lock:
            self.today = today
            self._styles.clear()

    def set_page(self, site_key: str, path: str, body: bytes | str | None, status: int = 200,
                 content_type: str = "text/html; charset=utf-8") -> None:
        """Override (or add) the page at ``path`` (query included); ``body=None`` makes it a 404."""
        if site_key not in self.specs:
            raise KeyError(site_key)
        if body is None:
            page = self.style(site_key).not_found()
        else:
            page = Page(body.encode("utf-8") if isinstance(body, str) else body, status, content_type)
        with self._lock:
            self._overrides[(site_key, path)] = page

    def publish(self, site_key: str, column: str, title: str, age: int = 0) -> None:
        """Publish a new entry at the top of a list column (by name or slug), as a unit's editor does: the
        column's list pages change, its older entries keep their URLs, the new article page appears."""
        spec = self.specs[site_key]
        order = {id(cs): i for i, (cs, _) in enumerate(spec.walk())}
        added = [0]

        def update(cs: ColumnSpec) -> ColumnSpec:
            if cs.name == column or cs.slug == column:
                added[0] += 1  # ids past any positional one of the column: unique within the site
                eid = (order[id(cs)] + 1) * 100000 + 90000 + sum(e.eid is not None for e in cs.entries) + 1
                return replace(cs, entries=(EntrySpec(title, age, eid=eid), *cs.entries))
            return replace(cs, children=tuple(update(c) for c in cs.children)) if cs.children else cs

        columns = tuple(update(c) for c in spec.columns)
        if not added[0]:
            raise KeyError(f"{site_key} 没有名为 {column} 的栏目")
        with self._lock:
            self.specs[site_key] = replace(spec, columns=columns)
            self._styles.pop(site_key, None)

    def clear_page(self, site_key: str, path: str) -> None:
        with self._lock:
            self._overrides.pop((site_key, path), None)

    # -- serving --------------------------------------------------------------------------------
    def respond(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> tuple[Page, dict]:
        """Answer one request: overrides, test routes, then the site's renderer."""
        with self._lock:
            self.requests[(key, raw_path)] += 1
        page = self._page(key, method, raw_path, headers, body)
        out = {"Content-Type": page.content_type, "Content-Length": str(len(page.body)), **page.headers}
        if page.status != 200 or method == "POST" or not self.specs[key].validators:
            return page, out
        etag, stamp = self._stamp(key, raw_path, page.body)
        out.update({"ETag": etag, "Last-Modified": http_date(stamp), "Cache-Control": "no-cache"})
        if not_modified(headers, etag, stamp):
            out.pop("Content-Length")
            return Page(b"", 304, page.content_type), {k: v for k, v in out.items() if k != "Content-Type"}
        return page, out

    def _page(self, key: str, method: str, raw_path: str, headers: Any, body: bytes) -> Page:
        path, query = split(raw_path)
        with self._lock:
            override = self._overrides.get((key, raw_path)) or self._overrides.get((key, path))
        if override is not None:
            return override
        special = test_route(path, query)
        if special is not None:
            return special
        if path == "/" and self.specs[key].home_redirect:  # absolute, as most servers write it
            host = headers.get("Host") or f"127.0.0.1:{self._servers[key].server_address[1]}"
            return Page(b"", 302, "text/html; charset=utf-8", {"Location": f"http://{host}/index.html"})
        form = {}
        if method == "POST" and "form-urlencoded" in (headers.get("Content-Type") or ""):
            form = parse_query(body.decode("utf-8", errors="replace"))
        style = self.style(key)
        return style.route(path, query, form) or style.not_found()

    def _stamp(self, key: str, raw_path: str, body: bytes) -> tuple[str, float]:
        etag = etag_of(body)
        with self._lock:
            old = self._stamps.get((key, raw_path))
            if old and old[0] == etag:
                return old
            if old is None:  # first sight: midnight of the demo's today, the same in every process
                stamp = datetime.combine(self.today, time(0, 0), tzinfo=UTC).timestamp()
            else:  # changed: strictly later than before, so If-Modified-Since sees the change
                stamp = float(int(max(old[1] + 1, datetime.now(UTC).timestamp())))
            self._stamps[(key, raw_path)] = (etag, stamp)
            return etag, stamp

    # -- config and ground truth ----------------------------------------------------------------
    def config_toml(self, database: str = "patrol.db") -> str:
        return render_config(self.sites + [self.unreachable, self.blocked], self.blocked.key,
                             lambda site: self.url(site.key, self.style(site.key).catalog_path()), database)

    def expected(self) -> dict:
        """Ground truth per served site, computed from the specs (not from the served pages)."""
        return {key: self._expected_site(key) for key in self.specs}

    def _expected_site(self, key: str) -> dict:
        style = self.style(key)
        site, today = style.site, style.site.today
        home = [e.published for e in site.home_entries() if e.published is not None and e.published <= today]
        spec = site.spec
        return {
            "name": spec.name, "unit": spec.unit, "kind": spec.kind, "style": spec.style,
            "url": self.url(key), "catalog": self.url(key, style.catalog_path()),
            "final_url": self.url(key, "/index.html") if spec.home_redirect else self.url(key),
            "catalog_linked": spec.catalog_linked, "encoding": spec.encoding,
            "home_latest": max(home).isoformat() if home else None,
            "identifiers": {"site_id_code": spec.site_id_code, "icp": spec.icp, "police": spec.police,
                            "conac": spec.conac},
            "columns": {c.name: self._expected_column(key, c, today) for c in site.columns},
        }

    def _expected_column(self, key: str, col: Column, today: date) -> dict:
        latest = col.latest(today)
        href = self.style(key).link(col)
        url = self.url(key, href) if href else None  # as the catalog links it
        link = lambda e: self.url(key, e.path)  # noqa: E731
        return {
            "url": url, "final_url": self.url(key, col.path) if col.path else None,
            "kind": col.kind, "parent": col.parent.name if col.parent else None,
            "category_hint": col.spec.category, "in_catalog": col.spec.in_catalog,
            "entries": len(col.entries), "pages": col.pages if col.kind == "list" else 0, "stub": col.spec.stub,
            "latest": latest.isoformat() if latest else None,
            "broken_links": [link(e) for e in col.entries if e.status >= 400],
            "invalid_dates": [link(e) for e in col.entries if e.spec.list_raw is not None],
            "future_dates": [link(e) for e in col.entries if e.date and e.date > today],
            "undated": [link(e) for e in col.entries if not e.list_text and e.published is None],
            "unshown": [link(e) for e in col.entries
                        if not e.list_text and e.published is not None and e.spec.date_form == "meta"],
            "mismatched": [link(e) for e in col.entries
                           if e.list_date and e.published and e.list_date != e.published],
        }
