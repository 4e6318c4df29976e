"""One inspection: crawl the configured sites, evaluate the rules, keep the findings' history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from core.config import Config
from rules.engine import Evaluation, evaluate
from rules.settings import rule_settings
from storage.store import Store


class HistoryError(ValueError):
    """A run dated before the newest run on the database would rewrite history."""


@dataclass
class Inspection:
    run_id: int
    resumed: bool
    as_of: date
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    pages_by_site: dict[str, int] = field(default_factory=dict)
    interrupted: bool = False  # the crawl stopped early; the next run resumes it
    stopped_by_signal: int | None = None  # SIGINT/SIGTERM that stopped the crawl


def evaluate_sites(store: Store, config: Config, run_id: int, as_of: date,
                   sites: list[str] | None = None) -> dict[str, Evaluation]:
    """Evaluate every site's latest snapshot and record the findings' lifecycle, one site at a time: of each,
    only its evaluation is kept (its snapshot and its findings' stored rows are not)."""
    evaluations: dict[str, Evaluation] = {}
    settings = rule_settings(config)
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        evaluation = evaluate(store.snapshot(site.name, as_of), as_of, settings)
        store.apply_findings(run_id, site.name, evaluation.findings, as_of, evaluation.exempted)
        store.record_evaluation(run_id, site.name, as_of=as_of, score=evaluation.score,
                                verdict=evaluation.verdict)
        store.record_evaluation_findings(run_id, site.name, evaluation.findings, evaluation.exempted)
        evaluations[site.name] = evaluation
    return evaluations


@dataclass
class PastReport:
    """What ``patrol report --as-of`` can say: only what was known on that day.

    ``inspected``: each site's newest completed inspection on or before the day; ``evaluations``: those sites
    judged; ``recorded``: sites crawled again after the day, whose evaluation is the one recorded by that
    inspection (the stored pages are newer than the day, so they are not judged again), with whether the
    findings of that evaluation were kept; ``not_inspected``: sites with no completed inspection by then.
    """

    as_of: date
    inspected: dict[str, date] = field(default_factory=dict)
    evaluations: dict[str, Evaluation] = field(default_factory=dict)
    recorded: dict[str, bool] = field(default_factory=dict)
    not_inspected: list[str] = field(default_factory=list)


def reevaluate(store: Store, config: Config, as_of: date, sites: list[str] | None = None) -> PastReport:
    """Judge each site as of ``as_of`` without writing anything (``patrol report``), from what was known then.

    A site whose stored snapshot comes from a run dated on or before ``as_of`` is evaluated again as of that
    day; one crawled again since gets the evaluation recorded by its inspection on or before the day (its
    verdict, score and findings as worded then), never a judgement of pages read later.
    """
    report = PastReport(as_of=as_of)
    known = store.inspected_at(as_of)
    settings = rule_settings(config)
    for site in config.sites:
        if sites and site.name not in sites:
            continue
        if site.name not in known:
            report.not_inspected.append(site.name)
            continue
        report.inspected[site.name] = known[site.name]
        data_day = store.snapshot_as_of(site.name)
        if data_day is not None and data_day <= as_of:
            report.evaluations[site.name] = evaluate(store.snapshot(site.name, as_of), as_of, settings)
            continue
        row = store.completed_evaluation(site.name, as_of)
        assert row is not None  # the site has a completed inspection by then
        kept = store.evaluation_findings(row["run_id"], site.name)
        findings, exempted = kept if kept is not None else ([], {})
        report.evaluations[site.name] = Evaluation(
            site=site.name, as_of=date.fromisoformat(row["as_of"]), findings=findings, score=row["score"],
            verdict=row["verdict"], columns=[], exempted=exempted)
        report.recorded[site.name] = kept is not None
    return report


def entry_pages_to_read(config: Config) -> str:
    """``[crawl] fetch_articles``: every entry page ("all"), or only those of entries listed without a date
    ("undated", as `patrol check` without --full), whose publish date only the page itself can give."""
    return "all" if config.crawl.fetch_articles else "undated"


def inspect(config: Config, db: str, as_of: date, *, kind: str = "run", progress: bool = True,
            sites: list[str] | None = None, articles: str | None = None, full: bool = False) -> Inspection:
    """Crawl then evaluate; a run interrupted earlier is resumed and completed.

    ``full`` re-reads every page; otherwise ``[crawl] incremental`` decides (by default only what changed).
    ``articles`` (which entry pages to read: "all", "undated", "none") defaults to ``[crawl] fetch_articles``.
    """
    if articles is None:
        articles = entry_pages_to_read(config)
    from patrol.crawl import run_crawl

    run_id, resumed = open_run(config, db, as_of, kind)
    try:
        stats = run_crawl(config, db, run_id, as_of, sites=sites, articles=articles, progress=progress,
                          incremental=False if full else None)
    except BaseException:
        with Store(db) as store:
            store.mark_interrupted(run_id)
        raise
    return close_run(config, db, run_id, resumed, as_of, stats, sites)


def open_run(config: Config, db: str, as_of: date, kind: str = "run") -> tuple[int, bool]:
    """Start the run, or resume the interrupted one: ``(run_id, resumed)``; refuses to rewrite history."""
    with Store(db) as store:
        newest = store.newest_as_of()
        if newest is not None and as_of < newest:
            raise HistoryError(
                f"巡查基准日 {as_of.isoformat()} 早于数据库 {db} 中最近一次巡查的基准日 {newest.isoformat()}；"
                "按更早的日期巡查会改写问题的历史（整改、复发与通知期限），已拒绝。"
                f"如需复现过去某日的结论，请用只读的 patrol report --as-of {as_of.isoformat()}；"
                "如需从头巡查，请用 --db 指定新的数据库文件。")
        store.sync_registry(config.units, config.sites)
        return store.start_run(kind, as_of, str(config.path or ""))


def close_run(config: Config, db: str, run_id: int, resumed: bool, as_of: date, stats: dict[str, Any],
              sites: list[str] | None = None) -> Inspection:
    """After the crawl: a crawl that did not finish leaves the run interrupted (to resume); a finished one is
    judged (rules, findings' lifecycle) and the run completed. ``stats``: ``finish_reason``, ``pages_by_site``,
    ``stopped_by_signal``."""
    result = Inspection(run_id=run_id, resumed=resumed, as_of=as_of,
                        pages_by_site=stats.get("pages_by_site", {}),
                        stopped_by_signal=stats.get("stopped_by_signal"))
    with Store(db) as store:
        if stats.get("finish_reason") != "finished":
            store.mark_interrupted(run_id)
            result.interrupted = True
            return result
        result.evaluations = evaluate_sites(store, config, run_id, as_of, sites)
        store.finish_run(run_id, "complete")
    return result
