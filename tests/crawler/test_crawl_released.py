"""A run is judged with nothing of its crawl left in memory: once ``patrol.crawl.run_crawl`` returns, the
crawler, its spider, the sites' walks, queued requests and the parsed pages are gone, and the cyclic collector
is no longer frozen (``patrol/crawl.py``: ``released``). Judging then reuses the crawl's memory instead of
adding to its peak.

A real crawl of bulk demo sites on 127.0.0.1 into real SQLite, in a child process (Scrapy's reactor runs once
per process), which counts the live objects of each kind between the crawl and the judging.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, rows

from patrol.demo import make_bulk_sites
from patrol.demo.server import DemoPortals

CHILD = """
import gc, json, sys
from datetime import date

from lxml.html import HtmlElement
from scrapy import Request
from scrapy.crawler import Crawler

from core.config import load_config
from crawler.spiders.portal import PortalSpider
from crawler.walk import SiteWalk
from patrol.crawl import run_crawl
from patrol.inspection import close_run, open_run

config_path, db, day = sys.argv[1:4]
as_of = date.fromisoformat(day)
config = load_config(config_path)
run_id, resumed = open_run(config, db, as_of)
stats = run_crawl(config, db, run_id, as_of, progress=False)
kinds = {"crawler": Crawler, "spider": PortalSpider, "walk": SiteWalk, "request": Request, "element": HtmlElement}
objects = gc.get_objects()
alive = {name: sum(isinstance(o, kind) for o in objects) for name, kind in kinds.items()}
del objects
alive["frozen"] = gc.get_freeze_count()
result = close_run(config, db, run_id, resumed, as_of, stats)
print(json.dumps({"alive": alive, "judged": sorted(result.evaluations), "pages": sum(stats["pages_by_site"].values())}))
"""


@pytest.fixture(scope="module")
def bulk() -> Iterator[DemoPortals]:
    with DemoPortals(AS_OF, sites=make_bulk_sites(4, 2, 4, seed=5)) as served:
        yield served


def test_nothing_of_the_crawl_is_alive_when_the_run_is_judged(bulk: DemoPortals, tmp_path: Path) -> None:
    db, config = tmp_path / "patrol.db", tmp_path / "sites.toml"
    config.write_text(bulk.config_toml(database=str(db)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CHILD, str(config), str(db), AS_OF.isoformat()], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["pages"] > 50  # the sites were really crawled
    assert report["alive"] == {"crawler": 0, "spider": 0, "walk": 0, "request": 0, "element": 0, "frozen": 0}
    judged = {r["site"] for r in rows(db, "SELECT site FROM evaluations WHERE run_id = 1")}
    assert judged == set(report["judged"]) and len(judged) == len(bulk.sites) + 2  # + unreachable, blocked
