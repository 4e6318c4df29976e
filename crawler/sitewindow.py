"""A window of sites in progress: one crawl process walks at most ``limit`` sites at once.

Every site being walked holds its frontier: requests queued with their meta (column walks, search state),
its :class:`crawler.walk.SiteWalk`, pages held for the discovery walk to settle. Started all at once (the
spider's ``start()`` used to hand Scrapy every site's home page at the outset), these grew a single process's
memory with the number of sites. The spider's ``start()`` now admits a site only when fewer than ``limit``
admitted sites still have work: a site has work while the scheduler holds one of its requests or the engine
has one in progress (downloading, or its callback's output still being handled, which is where its further
requests come from). Start requests are consumed by Scrapy in a task of their own, so waiting there for room
does not stall the crawl; the engine stays open (not idle) until ``start()`` is exhausted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy.core.scheduler import Scheduler
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

POLL_SECONDS = 0.05  # how often a full window looks for a finished site


class SiteScheduler(Scheduler):
    """Scrapy's scheduler, also counting the requests it holds for each site (``meta["site"]``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.held: Counter[str] = Counter()

    def enqueue_request(self, request: Request) -> bool:
        queued = super().enqueue_request(request)
        site = request.meta.get("site")
        if queued and site:
            self.held[site] += 1
        return queued

    def next_request(self) -> Request | None:
        request = super().next_request()
        site = request.meta.get("site") if request is not None else None
        if site:
            self.held[site] -= 1
            if self.held[site] <= 0:
                del self.held[site]
        return request


def busy_sites(engine: Any) -> set[str] | None:
    """Sites with a request held by the scheduler or in progress in the engine (from its dequeue until its
    callback's output is handled); None when the scheduler does not count per site (another ``SCHEDULER``
    set on the command line: no window then). ``engine._slot`` is Scrapy's own bookkeeping, the one
    ``scrapy.utils.engine.get_engine_status`` reports."""
    slot = getattr(engine, "_slot", None)
    held = getattr(getattr(slot, "scheduler", None), "held", None)
    if slot is None or held is None:
        return None
    return set(held) | {r.meta["site"] for r in slot.inprogress if r.meta.get("site")}


class SiteWindow:
    """The sites admitted and not yet finished, at most ``limit`` (``[crawl] sites_at_once``) of them."""

    def __init__(self, limit: int) -> None:
        self.limit = max(1, limit)
        self.open: set[str] = set()
        self.peak = 0  # most sites walked at once (tests and the run's stats read it)

    def has_room(self, engine: Any) -> bool:
        """Forget the admitted sites that have finished; True when another may start."""
        if len(self.open) >= self.limit:
            busy = busy_sites(engine)
            self.open = self.open & busy if busy is not None else set()
        return len(self.open) < self.limit

    def admit(self, site: str) -> None:
        self.open.add(site)
        self.peak = max(self.peak, len(self.open))


def _stopping(engine: Any) -> bool:
    """The engine is stopping (Ctrl-C) or closing the spider: no further site is started."""
    slot = getattr(engine, "_slot", None)
    return not getattr(engine, "running", False) or slot is None or slot.closing is not None


async def windowed(requests: Iterable[Request], window: SiteWindow, engine: Any) -> AsyncIterator[Request]:
    """``requests`` (grouped by site, as ``start_requests`` yields them), each new site's first request held
    back until the window has room. Ends early when the engine stops (Ctrl-C)."""
    from twisted.internet import reactor

    for request in requests:
        site = request.meta.get("site")
        if site and site not in window.open:
            while not window.has_room(engine):
                if _stopping(engine):
                    return
                await maybe_deferred_to_future(deferLater(reactor, POLL_SECONDS, lambda: None))
            window.admit(site)
        yield request
