"""Availability probes (站点可用性探测): one plain GET per URL with a hard time limit, no Scrapy.

A probe opens the page as a visitor would: it follows redirects (at most ``MAX_REDIRECTS`` hops, never
round a loop; to another host only where the URL policy allows, ``crawler.urlpolicy``: public addresses,
judged on the resolved address of every hop) and reads the status, the headers and the first
``MAX_BODY`` bytes, all within ``timeout`` seconds from the first connection. It fails when it has not
done so in time, when the connection fails (DNS, refused, TLS, reset) or when the answer is an HTTP
error; a WAF / anti-bot answer (``crawler.extract.blocked``) is ``blocked``: the site answered, so it
is no failure of the site, but its page was not seen either.

:func:`probe_all` probes many URLs at once, one request at a time per host, ``delay`` seconds apart.
"""

from __future__ import annotations

import http.client
import queue
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crawler.extract.blocked import MAX_BLOCK_PAGE, detect_block
from crawler.failures import FailureCause, from_exception, from_status
from crawler.httpget import REDIRECT_STATUSES, Answer, get
from crawler.urlpolicy import AddressNotAllowed
from crawler.walk import site_hosts

MAX_REDIRECTS = 5
MAX_BODY = MAX_BLOCK_PAGE  # enough to tell a block page; the rest of a page is not needed
OUTCOMES = ("ok", "fail", "blocked")


@dataclass(frozen=True)
class Target:
    """What to probe: a site's home page (``home``) or its 信息公开目录 (``catalog``)."""

    site: str
    url: str
    kind: str = "home"


@dataclass(frozen=True)
class ProbeResult:
    target: Target
    started: float  # epoch seconds
    elapsed: float  # seconds until the page was read or the probe gave up
    status: int  # final HTTP status; 0 = no answer
    outcome: str  # "ok" | "fail" | "blocked"
    cause: str | None = None  # failure class: dns, refused, timeout, tls, http-5xx, http-4xx, lost, redirect, other
    error: str | None = None  # Chinese reason (blocked: the WAF named)
    final_url: str | None = None  # where redirects ended, when they did


def _get(url: str, deadline: float, user_agent: str, trusted: set[str]) -> Answer:
    """One GET within the deadline: status, headers and up to ``MAX_BODY`` bytes of the body; a deadline
    that passes or a connection lost while the body is read is the probe's failure, as before any answer."""
    got = get(url, deadline, trusted=trusted, max_bytes=MAX_BODY,
              headers={"User-Agent": user_agent, "Accept": "text/html,*/*;q=0.8", "Connection": "close"})
    if got.timed_out:
        raise TimeoutError("超过时限")
    if got.failed is not None:
        raise got.failed
    return got


def _failure(target: Target, started: float, t0: float, cause: FailureCause, status: int = 0,
             final_url: str | None = None) -> ProbeResult:
    return ProbeResult(target, started, round(time.monotonic() - t0, 3), status, "fail", cause.kind,
                       cause.text(), final_url)


def probe(target: Target, timeout: float = 15.0, user_agent: str = "Mozilla/5.0 (compatible; Patrol/0.1)"
          ) -> ProbeResult:
    """Probe one URL; never raises for network trouble (it is the result)."""
    started, t0 = time.time(), time.monotonic()
    deadline = t0 + timeout
    url, chain = target.url, [target.url]
    trusted = site_hosts([target.url])  # the configured address; redirects elsewhere must be public
    try:
        while True:
            got = _get(url, deadline, user_agent, trusted)
            status, location = got.status, got.header("location")
            if status in REDIRECT_STATUSES and location:
                nxt = urljoin(url, location.strip())
                if nxt in chain or len(chain) > MAX_REDIRECTS:
                    why = "重定向循环" if nxt in chain else f"重定向超过{MAX_REDIRECTS}次"
                    return _failure(target, started, t0, FailureCause("redirect", why), status, url)
                chain.append(nxt)
                url = nxt
                continue
            break
    except AddressNotAllowed:
        return _failure(target, started, t0, FailureCause("redirect", "重定向到不允许访问的地址，未跟随"),
                        final_url=url)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if isinstance(exc, TimeoutError):
            cause = FailureCause("timeout", f"超时（{timeout:g}秒内未打开）")
        else:
            cause = from_exception(exc)
        return _failure(target, started, t0, cause, final_url=url if len(chain) > 1 else None)
    elapsed = round(time.monotonic() - t0, 3)
    final = url if len(chain) > 1 else None
    blocked = detect_block(got.body, status, got.headers)
    if blocked:
        return ProbeResult(target, started, elapsed, status, "blocked", None, blocked, final)
    if status >= 400 or status < 200:
        cause = from_status(status)
        return ProbeResult(target, started, elapsed, status, "fail", cause.kind, cause.text(), final)
    return ProbeResult(target, started, elapsed, status, "ok", None, None, final)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


def probe_all(targets: Sequence[Target], *, timeout: float = 15.0, concurrency: int = 32, delay: float = 1.0,
              user_agent: str = "Mozilla/5.0 (compatible; Patrol/0.1)") -> list[ProbeResult]:
    """Probe every target once: hosts in parallel (``concurrency`` at a time), one host's URLs in turn."""
    by_host: dict[str, list[Target]] = {}
    for t in targets:
        by_host.setdefault(_host(t.url), []).append(t)

    def run_host(group: list[Target]) -> list[ProbeResult]:
        out = []
        for i, t in enumerate(group):
            if i and delay > 0:
                time.sleep(delay)
            out.append(probe(t, timeout, user_agent))
        return out

    groups = list(by_host.values())
    pending: queue.SimpleQueue[int] = queue.SimpleQueue()
    for i in range(len(groups)):
        pending.put(i)
    done: dict[int, list[ProbeResult] | BaseException] = {}

    def worker() -> None:
        while True:
            try:
                i = pending.get_nowait()
            except queue.Empty:
                return
            try:
                done[i] = run_host(groups[i])
            except BaseException as exc:  # re-raised in the caller's thread
                done[i] = exc

    # Daemon threads, not an executor: Ctrl-C stops the caller at once instead of waiting out the probes
    # in flight (an executor's threads are joined at exit, up to a whole probe timeout).
    threads = [threading.Thread(target=worker, name=f"probe-{n}", daemon=True)
               for n in range(min(concurrency, len(groups)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results: list[ProbeResult] = []
    for i in range(len(groups)):
        outcome = done[i]
        if isinstance(outcome, BaseException):
            raise outcome
        results.extend(outcome)
    return results
