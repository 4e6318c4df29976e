"""Per-IP politeness: cap requests in flight per resolved IP as well as per host.

Many units' sites sit on one 集约化 (consolidated) platform behind one IP. Scrapy keeps one downloader slot
per key: the spider keys slots by host (request meta ``download_slot``), so each host gets
``CONCURRENT_REQUESTS_PER_DOMAIN`` and AutoThrottle adapts each host's delay. Scrapy's own
``CONCURRENT_REQUESTS_PER_IP`` cannot add a second, per-IP cap: it only keys slots by IP when no
``download_slot`` is given, and otherwise merely replaces the per-host concurrency of every slot. So it
stays 0 and this downloader middleware holds the IP cap instead.

``IpGateMiddleware`` runs last before the downloader (order 900, after DownloaderStats at 850). It
resolves each host once (Twisted's resolver, i.e. Scrapy's DNS cache), then lets a request on only when
both its host and its IP have fewer than their cap in flight (``CONCURRENT_REQUESTS_PER_DOMAIN``,
``PATROL_CONCURRENCY_PER_IP``); otherwise the request waits, first come first served, without blocking
requests for other hosts or IPs. A request holds its place until it leaves the downloader
(``request_left_downloader``), so retries, redirects and Retry-After waits are counted again only when
they are sent again. Counting the host cap here too keeps a request that holds an IP place from
waiting behind its host's Scrapy slot.
"""

from __future__ import annotations

import ipaddress
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from crawler.walk import netloc


@dataclass
class Gate:
    """In-flight counts per host and per IP, with the requests waiting for a place (pure bookkeeping).

    Waiting requests are kept per IP, then per host (each host resolves to one IP), so a place given back
    only looks at the requests it can let on: O(1) per request rather than a scan of every waiting one."""

    per_host: int
    per_ip: int
    hosts: Counter[str] = field(default_factory=Counter)
    ips: Counter[str] = field(default_factory=Counter)
    waiting: dict[str, dict[str, deque[Deferred[None]]]] = field(default_factory=dict)
    peak_ip: int = 0

    def fits(self, host: str, ip: str) -> bool:
        return (not self.per_host or self.hosts[host] < self.per_host) and \
            (not self.per_ip or self.ips[ip] < self.per_ip)

    def take(self, host: str, ip: str) -> None:
        self.hosts[host] += 1
        self.ips[ip] += 1
        self.peak_ip = max(self.peak_ip, self.ips[ip])

    def wait(self, host: str, ip: str, d: Deferred[None]) -> None:
        """Queue ``d`` until its host and IP have a place."""
        self.waiting.setdefault(ip, {}).setdefault(host, deque()).append(d)

    def give_back(self, host: str, ip: str) -> None:
        self.hosts[host] -= 1
        self.ips[ip] -= 1
        if self.hosts[host] <= 0:
            del self.hosts[host]
        if self.ips[ip] <= 0:
            del self.ips[ip]
        self.wake(host, ip)

    def wake(self, host: str, ip: str) -> None:
        """Let on the waiting requests of ``ip`` that fit now: ``host``'s first, then other hosts' in the order
        they began to wait. Only a request of this IP can fit after a place of it is given back."""
        queues = self.waiting.get(ip)
        if not queues:
            return
        order = [host, *(h for h in queues if h != host)] if host in queues else list(queues)
        for h in order:
            if self.per_ip and self.ips[ip] >= self.per_ip:
                break
            queue = queues.get(h)
            while queue and self.fits(h, ip):
                self.take(h, ip)
                queue.popleft().callback(None)
            if not queue:
                queues.pop(h, None)
            if not self.per_ip:
                break  # only the host's own place was freed that matters
        if not queues:
            self.waiting.pop(ip, None)


def _hostname(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class IpGateMiddleware:
    """Downloader middleware: at most ``PATROL_CONCURRENCY_PER_IP`` requests in flight per resolved IP."""

    def __init__(self, crawler: Any) -> None:
        s = crawler.settings
        self.gate = Gate(per_host=s.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 0),
                         per_ip=s.getint("PATROL_CONCURRENCY_PER_IP", 0))
        self.resolved: dict[str, str] = {}
        self.held: dict[Request, tuple[str, str]] = {}
        self.stats = crawler.stats
        crawler.signals.connect(self.left, signal=signals.request_left_downloader)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> IpGateMiddleware:
        return cls(crawler)

    async def ip_of(self, name: str) -> str:
        """The host's IP, resolved once per crawl; the name itself when it is an IP or does not resolve."""
        if name in self.resolved:
            return self.resolved[name]
        ip = name
        if name and not _is_ip(name):
            from twisted.internet import reactor  # the installed one (importing it early would install one)

            try:
                ip = await maybe_deferred_to_future(reactor.resolve(name))
            except Exception:  # noqa: BLE001 - the download itself reports the DNS failure
                ip = name
        self.resolved[name] = ip
        return ip

    async def process_request(self, request: Request) -> None:
        if not self.gate.per_ip and not self.gate.per_host:
            return None
        host = netloc(request.url)
        ip = await self.ip_of(_hostname(request.url))
        if self.gate.fits(host, ip):
            self.gate.take(host, ip)
        else:
            d: Deferred[None] = Deferred()
            self.gate.wait(host, ip, d)
            if self.stats is not None:
                self.stats.inc_value("politeness/waited")
            await maybe_deferred_to_future(d)
        self.held[request] = (host, ip)
        return None

    def left(self, request: Request, spider: Any = None) -> None:
        place = self.held.pop(request, None)
        if place is not None:
            self.gate.give_back(*place)

    def closed(self, spider: Any = None) -> None:
        if self.stats is not None:
            self.stats.set_value("politeness/peak_per_ip", self.gate.peak_ip)
