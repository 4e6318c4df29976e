"""Link checks never leave 127.0.0.1 in tests: the demo portals' footers link to real national sites (ICP
备案, 公安备案, 党政机关标识), which every demo config lists in ``[crawl] link_skip_hosts``.

A real crawl of every demo portal with link checks on (the default) counts the requests it sent by host
(``crawler.middlewares.guard`` stats); each must be a loopback one. ``[crawl] link_skip_hosts`` is validated at load.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import AS_OF, ROOT, rows

from core.config import ConfigError, CrawlSettings, load_config
from crawler.walk import host_skipped
from patrol.demo.render_common import REAL_LINK_HOSTS
from patrol.demo.server import DemoPortals

# the child: one crawl (Scrapy's reactor runs once per process), its guard stats as JSON on stdout
CHILD = """
import json, sys
from datetime import date
from core.config import load_config
from patrol.crawl import run_crawl
from storage.store import Store
config, db, day = load_config(sys.argv[1]), sys.argv[2], date.fromisoformat(sys.argv[3])
with Store(db) as store:
    store.sync_registry(config.units, config.sites)
    run_id, _ = store.start_run("run", day, sys.argv[1])
stats = run_crawl(config, db, run_id, day, progress=False)
print(json.dumps({k: v for k, v in stats.items() if k.startswith("guard/") or k == "finish_reason"}))
"""


def test_a_demo_crawl_with_link_checks_sends_nothing_beyond_loopback(portals: DemoPortals, tmp_path: Path) -> None:
    config, db = tmp_path / "sites.toml", tmp_path / "patrol.db"
    config.write_text(portals.config_toml(database=str(db)), encoding="utf-8")
    assert load_config(config).crawl.check_links  # on by default, not switched on by the demo config
    done = subprocess.run([sys.executable, "-c", CHILD, str(config), str(db), AS_OF.isoformat()], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    stats = json.loads(done.stdout.splitlines()[-1])
    assert stats["finish_reason"] == "finished"
    hosts = {k.removeprefix("guard/host/"): v for k, v in stats.items() if k.startswith("guard/host/")}
    assert len(hosts) >= len(portals.sites) and sum(hosts.values()) > 500
    assert [h for h in hosts if not h.startswith("127.0.0.1:")] == []
    assert stats["guard/link_checks"] > 30  # home, list and content pages' links (not the crawl's own pages)
    # the footers' real links were seen on the pages (and stored), never checked
    seen = {r["url"] for r in rows(db, "SELECT DISTINCT url FROM links")}
    assert {h for h in REAL_LINK_HOSTS if any(f"//{h}/" in u for u in seen)} == set(REAL_LINK_HOSTS)
    checked = [r["url"] for r in rows(db, "SELECT url FROM link_checks")]
    assert checked and [u for u in checked if not u.startswith("http://127.0.0.1:")] == []
    assert {r["outcome"] for r in rows(db, "SELECT outcome FROM link_checks")} == {"ok"}  # the demo links work
    pages = {r["page"] for r in rows(db, "SELECT DISTINCT page FROM links WHERE place = 'page'")}
    entries = {r["url"] for r in rows(db, "SELECT url FROM entries")}
    assert pages & entries  # content pages' links are stored and checked too
    # the site's frame (导航, 页脚) is stored and checked with the home page, not again with every page
    framed = rows(db, "SELECT p.site, p.url FROM links p JOIN links h ON h.site = p.site AND h.url = p.url "
                      "WHERE p.place = 'page' AND h.place = 'home'")
    assert framed == []


def test_skipped_hosts_match_the_host_and_its_subdomains() -> None:
    skip = ("beian.miit.gov.cn", "conac.cn")
    assert host_skipped("https://beian.miit.gov.cn/", skip)
    assert host_skipped("https://bszs.conac.cn/sitename?method=show", skip)
    assert host_skipped("http://BEIAN.MIIT.GOV.CN:8080/x", skip)
    assert not host_skipped("http://miit.gov.cn/", skip)
    assert not host_skipped("http://notconac.cn/", skip)
    assert not host_skipped("http://127.0.0.1:8000/", ())


def _config(tmp_path: Path, crawl: str) -> Path:
    path = tmp_path / "sites.toml"
    path.write_text(f'[crawl]\n{crawl}\n[[sites]]\nname = "甲"\nurl = "http://127.0.0.1:9/"\nunit = "甲"\n',
                    encoding="utf-8")
    return path


def test_link_skip_hosts_are_checked_when_the_config_loads(tmp_path: Path) -> None:
    assert CrawlSettings().check_links and CrawlSettings().link_skip_hosts == ()
    good = load_config(_config(tmp_path, 'link_skip_hosts = ["beian.miit.gov.cn", "www.beian.gov.cn"]'))
    assert good.crawl.link_skip_hosts == ("beian.miit.gov.cn", "www.beian.gov.cn")
    with pytest.raises(ConfigError) as bad:
        load_config(_config(tmp_path, 'link_skip_hosts = ["https://beian.miit.gov.cn/", "bszs.conac.cn:443", 5]'))
    problems = {p.split(": ")[1]: p for p in bad.value.problems}
    assert sorted(problems) == [f"crawl.link_skip_hosts[{i}]" for i in range(3)]
    first = problems["crawl.link_skip_hosts[0]"]
    assert first.startswith(f"{tmp_path / 'sites.toml'}: crawl.link_skip_hosts[0]: 值为 'https://beian.miit.gov.cn/'")
    assert "应为主机名（不含 http://、端口和路径），如 \"beian.miit.gov.cn\"" in first
    assert "值为 5，应为字符串" in problems["crawl.link_skip_hosts[2]"]
    with pytest.raises(ConfigError, match="crawl.link_skip_hosts: 值为 'beian.miit.gov.cn'"):
        load_config(_config(tmp_path, 'link_skip_hosts = "beian.miit.gov.cn"'))
