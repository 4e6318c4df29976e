"""`patrol probe`: probe the registered sites' home pages once and record the results (站点可用性探测).

The scheduler runs it every ``[schedule] probe_every_seconds`` with ``due_only``: each site then gets
``probes_per_day`` probes a day, one per period of ``86400 / probes_per_day`` seconds, at a phase of its
own (a hash of its name) so a thousand sites do not fire at once. A site never probed starts at its
first slot, not at once. Probes take no inspection lock: they never wait for a crawl, nor a crawl for them.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from core.config import Config, SiteConfig
from crawler.probe import ProbeResult, Target, probe_all
from storage.probes import probe_row
from storage.store import Store


@dataclass(frozen=True)
class Slots:
    """A site's probe slots: every ``period`` seconds from its ``phase`` (epoch seconds modulo period)."""

    period: float
    phase: float

    def index(self, ts: float) -> int:
        return math.floor((ts - self.phase) / self.period)

    def start(self, index: int) -> float:
        return self.phase + index * self.period


def slots(site: str, probes_per_day: int) -> Slots:
    """The slots of ``site``: the day split in ``probes_per_day`` periods, the phase spread by a hash."""
    period = 86400.0 / probes_per_day
    fraction = int(hashlib.sha1(site.encode("utf-8")).hexdigest()[:8], 16) / 0x1_0000_0000
    return Slots(period, fraction * period)


def is_due(site: str, last: float | None, now: float, probes_per_day: int, tick: float) -> bool:
    """Whether ``site`` should be probed at ``now``: its current slot has no probe yet. A site never probed
    waits for a slot that began within the last two ticks, so the first probes spread over a period too."""
    s = slots(site, probes_per_day)
    current = s.index(now)
    if last is None:
        return now - s.start(current) < 2 * tick
    return s.index(last) < current


def targets(config: Config, sites: list[str] | None = None) -> list[Target]:
    """The home pages (and, with ``[probe] catalog``, the configured 信息公开目录) to probe."""
    chosen: list[SiteConfig] = [s for s in config.sites if not sites or s.name in sites]
    out = [Target(s.name, s.url, "home") for s in chosen]
    if config.probe.catalog:
        out += [Target(s.name, s.catalog, "catalog") for s in chosen if s.catalog]
    return out


def run_probes(config: Config, db: str, *, sites: list[str] | None = None, due_only: bool = False,
               now: float | None = None) -> list[ProbeResult]:
    """Probe the chosen sites (only those due, with ``due_only``) and record every probe; returns them."""
    now = time.time() if now is None else now
    chosen = targets(config, sites)
    if due_only:
        with Store(db) as store:
            last = store.last_probes("home")
        due = {t.site for t in chosen if t.kind == "home"
               and is_due(t.site, last.get(t.site), now, config.schedule.probes_per_day,
                          config.schedule.probe_every_seconds)}
        chosen = [t for t in chosen if t.site in due]
    p = config.probe
    results = probe_all(chosen, timeout=p.timeout, concurrency=p.concurrency, delay=p.delay,
                        user_agent=config.crawl.user_agent)
    zone = ZoneInfo(config.schedule.timezone)
    with Store(db) as store:
        store.add_probes(probe_row(r.target.site, r.target.kind, r.target.url, r.started, r.elapsed, r.status,
                                   r.outcome, r.cause, r.error, r.final_url, zone) for r in results)
    return results


def probe_series(config: Config, count: int, interval: float) -> list[ProbeResult]:
    """``count`` probes of every configured home page, started ``interval`` seconds apart (``patrol check``'s
    short series, not recorded: a hint, never the week the veto needs). Each probe has its own time limit and
    they overlap: a site that never answers holds the series for one limit plus the spacing, not one per probe."""
    p = config.probe
    rounds: list[list[ProbeResult]] = [[] for _ in range(count)]

    def one(i: int) -> None:
        rounds[i] = probe_all(targets(config), timeout=p.timeout, concurrency=p.concurrency, delay=p.delay,
                              user_agent=config.crawl.user_agent)

    threads = []
    for i in range(count):
        if i:
            time.sleep(interval)
        thread = threading.Thread(target=one, args=(i,), name=f"probe-{i}", daemon=True)
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    return [r for results in rounds for r in results]


class ProbeSeries:
    """A :func:`probe_series` run in a thread of its own, so a check's probes and its crawl go on together."""

    def __init__(self, config: Config, count: int, interval: float) -> None:
        self.count, self.interval = count, interval
        self.results: list[ProbeResult] = []
        self.thread = threading.Thread(target=self._run, args=(config,), name="probe-series", daemon=True)
        if count:
            self.thread.start()

    def _run(self, config: Config) -> None:
        self.results = probe_series(config, self.count, self.interval)

    def summary(self) -> dict[str, Any] | None:
        """The series' figures once it has ended (None when no probe was asked for)."""
        if not self.count:
            return None
        self.thread.join()
        return series_summary(self.results, self.interval)


def series_summary(results: list[ProbeResult], interval: float) -> dict[str, Any]:
    """What a short probe series showed: probes, failures, WAF answers, failure classes and a plain caveat."""
    failed = [r for r in results if r.outcome == "fail"]
    blocked = sum(r.outcome == "blocked" for r in results)
    measured = len(results) - blocked
    causes: dict[str, int] = {}
    for r in failed:
        causes[r.cause or "other"] = causes.get(r.cause or "other", 0) + 1
    return {"probes": len(results), "interval_seconds": interval, "failures": len(failed), "blocked": blocked,
            "failure_pct": round(100 * len(failed) / measured, 1) if measured else None, "causes": causes,
            "note": SERIES_NOTE}


SERIES_NOTE = ("仅为即时参考：“站点无法访问”单项否决须连续监测7天、每天探测20次以上，失败占比达5%才认定"
               "（国办秘函〔2019〕19号），需在 patrol schedule 中持续探测")
