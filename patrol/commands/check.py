"""`patrol check URL`: an ad-hoc inspection of one site into a throw-away database."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import click

from core.config import Config, CrawlSettings, SiteConfig, UnitConfig
from core.dates import local_today
from patrol.cli_support import INCOMPLETE_EXIT, as_of_option, exit_for
from patrol.output import SKIPPED_WITHOUT_FULL, check_json, render_check
from patrol.stopping import terminate_as_interrupt


@click.command()
@click.argument("url")
@as_of_option()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（供脚本读取）")
@click.option("--catalog", metavar="URL", help="信息公开目录页地址（首页上找不到目录时指定）")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--kind", type=click.Choice(["government", "department"]), default=None,
              help="站点类型：government 本级人民政府 | department 政府部门（决定年报期限；默认按网站自身名称判断）")
@click.option("--full", is_flag=True, help="抓取全部条目页面，检查条目链接失效与列表/正文日期不一致（较慢）")
@click.option("--probes", type=click.IntRange(0, 100), default=3, show_default=True,
              help="首页可用性探测次数（每次限时15秒；0 不探测）；仅供参考，单项否决需一周的探测")
# three probes half a second apart end within a check's crawl: the series adds nothing to the wait
@click.option("--probe-interval", type=click.FloatRange(0, 600), default=0.5, show_default=True, metavar="SECONDS",
              help="两次探测之间的间隔秒数（探测与抓取同时进行）")
def check(url: str, as_of: date | None, as_json: bool, catalog: str | None, quiet: bool, kind: str | None,
          full: bool, probes: int, probe_interval: float) -> None:
    """即时检查单个网站：发现信息公开目录与栏目，评分并给出结论。

    默认只抓取缺少日期的条目页面，因此不检查条目链接失效与日期不一致（输出中注明）；加 --full 全部检查。
    另对首页做几次可用性探测（--probes、--probe-interval）：只作即时参考，“站点无法访问”单项否决需连续一周的探测。

    示例：patrol check http://www.example.gov.cn/ --as-of 2026-11-20 --json
    """
    from patrol.inspection import inspect
    from patrol.probing import ProbeSeries
    from storage.store import Store

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.UsageError(f"网址无效：{url!r}；请给出以 http:// 或 https:// 开头的完整网址")
    if catalog is not None and (urlsplit(catalog).scheme not in ("http", "https") or not urlsplit(catalog).netloc):
        raise click.UsageError(f"目录网址无效：{catalog!r}；请给出以 http:// 或 https:// 开头的完整网址")
    day = as_of or local_today()
    terminate_as_interrupt()  # SIGTERM stops the check as Ctrl-C does (exit 3)
    site = SiteConfig(name=parts.netloc, url=url, unit=parts.netloc, catalog=catalog, kind=kind)
    # an ad-hoc check is bounded tighter than the nightly run: a trap site must not hold the user for long
    # no link checks (链接可用性): a link is broken only when it fails twice, a recheck minutes apart or the next
    # nightly run; a one-off check would wait for the recheck or report noise (patrol run checks links)
    quick = CrawlSettings(concurrency_per_host=8, retries=1, timeout=10.0, max_pages_per_site=2000,
                          max_site_seconds=300.0, retry_after_max=10.0, check_links=False)
    config = Config(path=None, units=(UnitConfig(name=site.unit),), sites=(site,), crawl=quick)
    with tempfile.TemporaryDirectory(prefix="patrol-check-") as tmp:
        db = str(Path(tmp) / "check.db")
        prober = ProbeSeries(config, probes, probe_interval)  # beside the crawl, not before it
        try:
            result = inspect(config, db, day, kind="check", progress=not quiet and not as_json,
                             articles="all" if full else "undated")
        except KeyboardInterrupt:
            _stop_now(tmp)
        if result.interrupted:
            _stop_now(tmp)
        with Store(db) as store:
            name = store.site_title(site.name) or site.name
        series = prober.summary()
    evaluation = result.evaluations[site.name]
    skipped = [] if full else SKIPPED_WITHOUT_FULL
    if as_json:
        click.echo(json.dumps(check_json(url, name, evaluation, skipped, series), ensure_ascii=False))
    else:
        click.echo(render_check(url, name, evaluation, skipped, series))
    sys.exit(exit_for([evaluation.verdict]))


def _stop_now(tmp: str) -> NoReturn:
    """Exit 3 at once on Ctrl-C or SIGTERM: the probes still in flight (up to 15 s each) are dropped, not
    waited for (their thread pool would be joined at interpreter exit); the temporary database goes first."""
    click.echo("检查被中断（收到停止信号），未得出结论。", err=True)
    shutil.rmtree(tmp, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(INCOMPLETE_EXIT)
