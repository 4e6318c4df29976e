"""Stopping on Ctrl-C (SIGINT) and SIGTERM: a crawl stops within seconds, the demo server at once.

During a crawl the first signal asks Scrapy to close the spider (pipelines flush, the run is marked
interrupted for the next run to resume); requests still in flight are not waited for beyond
``STOP_GRACE`` seconds, and a second signal stops at once. SQLite writes are synchronous in the
reactor's callbacks, so stopping between callbacks leaves every committed write whole.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

STOP_GRACE = 3.0  # seconds a stopping crawl may wait for requests in flight
SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def terminate_as_interrupt() -> None:
    """Make SIGTERM raise KeyboardInterrupt, as Ctrl-C does, so ``finally`` blocks and handlers run."""
    signal.signal(signal.SIGTERM, _interrupt)


class CrawlStopper:
    """Signal handlers for the time a Scrapy ``CrawlerProcess`` runs (started without its own handlers)."""

    def __init__(self, process: Any, grace: float = STOP_GRACE) -> None:
        self.process = process
        self.grace = grace
        self.signum: int | None = None
        self.forced = False

    def handle(self, signum: int, frame: Any) -> None:
        from twisted.internet import reactor
        from twisted.internet.interfaces import IReactorThreads

        first = self.signum is None
        self.signum = signum
        IReactorThreads(reactor).callFromThread(self._begin if first else self._now)

    def _begin(self) -> None:
        from twisted.internet import reactor

        self.process.stop()  # close the spiders: finish_reason "shutdown", pipelines flush
        reactor.callLater(self.grace, self._now)

    def _now(self) -> None:
        from twisted.internet import reactor

        self.forced = True
        with suppress(RuntimeError):  # already stopped or stopping
            reactor.stop()


@contextmanager
def crawl_signals(process: Any, grace: float = STOP_GRACE) -> Iterator[CrawlStopper]:
    """Install a :class:`CrawlStopper` for SIGINT and SIGTERM; restore the previous handlers after."""
    stopper = CrawlStopper(process, grace)
    previous: dict[int, Callable | int | None] = {}
    for sig in SIGNALS:
        previous[sig] = signal.getsignal(sig)
        signal.signal(sig, stopper.handle)
    try:
        yield stopper
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
