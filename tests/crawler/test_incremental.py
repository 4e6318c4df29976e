"""Incremental nightly runs (issue 10): a re-run costs what changed and leaves every finding as it was.

Real demo portals over HTTP, real SQLite, the real CLI. Sites: 清河市人民政府 (TRS, ETag + Last-Modified,
paginated lists), 清河市发展和改革委员会 (Hanweb, dataproxy paging), 清河市教育局 (GBK table CMS without
validators: the content-hash path) and 清河县柳镇人民政府 (plain lists, a stub column).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import AS_OF, run_cli

from patrol.demo.server import DemoPortals

KEYS = ("qinghe", "fgw", "jyj", "liuzhen")


class Crawl:
    """A config over a few demo sites, run by the real CLI; counts what each run asked the servers."""

    def __init__(self, portals: DemoPortals, work: Path) -> None:
        self.portals, self.db = portals, work / "patrol.db"
        self.config = work / "sites.toml"
        self.config.write_text(portals.config_toml(database=str(self.db)), encoding="utf-8")
        self.sites = [s.name for s in portals.sites if s.key in KEYS]

    def run(self, *extra: str, day: int = 0) -> Counter:
        self.portals.requests.clear()
        site_args = [a for name in self.sites for a in ("--site", name)]
        result = run_cli("run", "--config", str(self.config), "--as-of", (AS_OF + timedelta(days=day)).isoformat(),
                         "--quiet", *site_args, *extra)
        assert result.code in (0, 1), result.stderr
        return Counter(self.portals.requests)

    def rows(self, sql: str, *args: object) -> list[tuple]:
        con = sqlite3.connect(self.db)
        try:
            return sorted(con.execute(sql, args).fetchall(), key=repr)
        finally:
            con.close()

    def state(self) -> dict[str, list[tuple]]:
        """What the rules and the notices rest on, as of the newest run."""
        return {
            "findings": self.rows("SELECT key, rule, severity, site, \"column\", url, message, evidence, "
                                  "exempt_reason FROM findings WHERE state != 'fixed'"),
            "evaluations": self.rows("SELECT site, score, verdict, veto, deduct, warn FROM evaluations "
                                     "WHERE run_id = (SELECT max(run_id) FROM evaluations)"),
            "columns": self.rows('SELECT id, name, kind, category, status, error, entry_count, latest, page_date '
                                 'FROM "columns" WHERE last_run = (SELECT max(id) FROM runs)'),
            "entries": self.rows("SELECT id, title, list_date, published, status, removed_run FROM entries"),
        }


def entry_paths(portals: DemoPortals) -> set[tuple[str, str]]:
    return {(key, e.path) for key in KEYS for c in portals.style(key).site.columns for e in c.entries}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    """Own portals (the tests publish entries), crawled once in full."""
    with DemoPortals(AS_OF) as portals:
        crawl = Crawl(portals, tmp_path_factory.mktemp("incremental"))
        crawl.first = crawl.run()
        crawl.first_state = crawl.state()
        yield crawl


def test_unchanged_rerun_makes_a_handful_of_requests_and_keeps_every_finding(crawl: Crawl) -> None:
    second = crawl.run()
    columns = len([c for c in crawl.first_state["columns"] if c[2] != "group"])
    broken = {(k, p) for k in KEYS for c in crawl.portals.style(k).site.columns for e in c.entries
              if e.status >= 400 for p in [e.path]}
    channels = sum(n for (_, path), n in second.items() if path.startswith("/hdjl/"))  # 互动交流 lists, each run
    bound = 1.2 * columns + 2 * len(KEYS) + len(broken) + channels  # 2: home, catalog
    assert sum(second.values()) <= bound, sorted(second)
    assert sum(second.values()) * 5 < sum(crawl.first.values())
    assert set(second) & entry_paths(crawl.portals) == broken, "only broken links are fetched again"
    assert crawl.state() == crawl.first_state
    # the TRS site answered 304 (validators sent), the table site has none: same content, kept by its hash
    statuses = dict(crawl.rows("SELECT url, status FROM pages WHERE run_id = (SELECT max(id) FROM runs)"))
    assert statuses[crawl.portals.url("qinghe", "/xxgk/fdzdgknr/gzdt/")] == 304
    assert not [u for u, status in statuses.items() if u.startswith(crawl.portals.url("jyj")) and status == 304]


def test_a_304_column_keeps_its_entries_pages_and_dates(crawl: Crawl) -> None:
    crawl.run()
    expected = crawl.portals.expected()["qinghe"]["columns"]["工作动态"]
    assert expected["pages"] > 1
    (cid, count, latest), = crawl.rows('SELECT id, entry_count, latest FROM "columns" WHERE name = ? AND site = ?',
                                       "工作动态", "清河市人民政府")
    assert (count, latest) == (expected["entries"], expected["latest"])
    kept = crawl.rows("SELECT url FROM entries WHERE column_id = ? AND removed_run IS NULL", cid)
    assert len(kept) == expected["entries"]


def column_counts(crawl: Crawl) -> dict[tuple[str, str], tuple[int, str]]:
    return {(site, name): (count, latest) for site, name, count, latest
            in crawl.rows('SELECT site, name, entry_count, latest FROM "columns"')}


def test_changed_columns_are_picked_up_and_walked_only_to_known_entries(crawl: Crawl) -> None:
    portals = crawl.portals
    portals.publish("qinghe", "工作动态", "清河市召开冬季安全生产工作会议")  # the ETag changes
    portals.publish("jyj", "教育动态", "市教育局部署寒假安全教育工作")  # no validators: the hash changes
    before, counts = crawl.state(), column_counts(crawl)
    third = crawl.run()
    news = {(k, c.entries[0].path) for k in ("qinghe", "jyj") for c in portals.style(k).site.columns
            if c.name in ("工作动态", "教育动态")}
    broken = {(k, e.path) for k in KEYS for c in portals.style(k).site.columns for e in c.entries if e.status >= 400}
    assert set(third) & entry_paths(portals) == news | broken
    gzdt = sorted(p for k, p in third if k == "qinghe" and p.startswith("/xxgk/fdzdgknr/gzdt/") and "/t20" not in p)
    assert gzdt == ["/xxgk/fdzdgknr/gzdt/", "/xxgk/fdzdgknr/gzdt/index_1.html"], \
        "page 1 changed, page 2 lists only known entries: the walk stops there"
    after = column_counts(crawl)
    for key in (("清河市人民政府", "工作动态"), ("清河市教育局", "教育动态")):
        assert after[key] == (counts[key][0] + 1, AS_OF.isoformat())
    assert {k: v for k, v in after.items() if k not in (("清河市人民政府", "工作动态"), ("清河市教育局", "教育动态"))} \
        == {k: v for k, v in counts.items() if k not in (("清河市人民政府", "工作动态"), ("清河市教育局", "教育动态"))}
    entries = crawl.state()["entries"]
    assert {e[3] for e in set(entries) - set(before["entries"])} == {AS_OF.isoformat()}, "new articles read, dated"
    assert not [e for e in entries if e[5] is not None], "nothing known was marked removed"


def test_full_rereads_every_page_and_agrees_with_the_incremental_state(crawl: Crawl) -> None:
    incremental = crawl.state()
    full = crawl.run("--full")
    assert entry_paths(crawl.portals) <= set(full), "every entry page read again"
    assert sum(full.values()) >= sum(crawl.first.values())
    assert crawl.state() == incremental


def test_entry_pages_are_rechecked_after_recheck_days(crawl: Crawl) -> None:
    portals = crawl.portals
    column = next(c for c in portals.style("liuzhen").site.columns if c.name == "工作动态")
    gone = next(e.path for e in column.entries if e.published and e.status == 200)
    portals.set_page("liuzhen", gone, None)
    try:
        soon = crawl.run(day=6)
        assert ("liuzhen", gone) not in soon
        later = crawl.run(day=7)  # [crawl] recheck_days = 7 (the default)
        assert entry_paths(portals) <= set(later)
        broken = crawl.rows("SELECT url FROM findings WHERE rule = 'entry-link-broken' AND state != 'fixed'")
        assert (portals.url("liuzhen", gone),) in broken, "a link broken since it was read is found by the recheck"
    finally:
        portals.clear_page("liuzhen", gone)
