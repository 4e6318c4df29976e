"""The `patrol` command line: demo, run, check, page, rules, notify, schedule.

Exit codes: 0 pass, 1 findings that fail a site, 2 usage or config error, 3 a run that did not complete.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from core.config import Config, ConfigError, CrawlSettings, SiteConfig, UnitConfig
from patrol.cli_support import database_path, load_checked_config
from patrol.click_zh import install as _speak_chinese
from patrol.report import SKIPPED_WITHOUT_FULL, check_json, render_check, render_summary
from patrol.stopping import terminate_as_interrupt

_speak_chinese()

AS_OF_HELP = "巡查基准日期 YYYY-MM-DD（默认今天），用于复现结果"


class AsOf(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"日期格式应为 YYYY-MM-DD，收到 {value!r}", param, ctx)


def as_of_option(f: Any) -> Any:
    return click.option("--as-of", type=AsOf(), default=None, help=AS_OF_HELP)(f)


def config_option(f: Any) -> Any:
    return click.option("--config", "config_path", default="sites.toml", show_default=True,
                        help="站点配置文件 (TOML)")(f)


def db_option(f: Any) -> Any:
    return click.option("--db", default=None, help="SQLite 数据库文件（默认取配置中的 database，即 patrol.db）")(f)


INCOMPLETE_EXIT = 3  # `patrol run` did not complete (interrupted, database unreadable): not a verdict


def _exit_for(verdicts: list[str]) -> int:
    """1 when a site fails or could not be checked (未能检查: nothing proves it passes), else 0."""
    return 1 if any(v in ("fail", "unchecked") for v in verdicts) else 0


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="patrol")
def cli() -> None:
    """政务公开巡查 Patrol：巡查政府网站栏目更新、空白、缺失与格式问题。"""


@cli.command()
@click.option("--db", default="patrol.db", show_default=True, help="写入的 SQLite 数据库")
@click.option("--config-out", default="sites.toml", show_default=True,
              help="写出演示配置（已存在则不覆盖）")
@click.option("--port", default=18700, show_default=True, help="演示站点起始端口（0 = 随机）")
@click.option("--serve", is_flag=True, help="巡查完成后继续提供演示站点，直到 Ctrl-C")
@as_of_option
def demo(db: str, config_out: str, port: int, serve: bool, as_of: date | None) -> None:
    """启动内置演示门户（127.0.0.1），巡查并打印汇总。

    示例：patrol demo
    """
    from core.config import parse_config
    from patrol.demo.server import DemoPortals
    from patrol.inspection import HistoryError, inspect

    terminate_as_interrupt()  # SIGTERM stops the demo as Ctrl-C does: the portals are shut down
    today = as_of or date.today()
    try:
        portals = DemoPortals(today, base_port=port).start()
    except OSError as exc:
        raise click.UsageError(f"演示站点端口被占用：{exc}；请用 --port 指定其他端口（或 --port 0）")
    try:
        text = portals.config_toml(database=db)
        out = Path(config_out)
        if not out.exists():
            out.write_text(text, encoding="utf-8")
            click.echo(f"已写出演示配置：{out}")
        else:
            click.echo(f"{out} 已存在，未覆盖；本次演示使用内置配置")
        import tomllib

        config = parse_config(tomllib.loads(text), "<demo>", out)
        click.echo(f"演示站点已在 127.0.0.1 启动：{len(portals.sites)} 个站点"
                   "（另有 1 个无法访问、1 个拦截巡查程序的单位），开始巡查……")
        try:
            result = inspect(config, db, today, kind="demo")
        except HistoryError as exc:
            raise click.UsageError(str(exc))
        if result.interrupted:
            click.echo("演示巡查被中断，演示站点已停止。", err=True)
            sys.exit(INCOMPLETE_EXIT)
        click.echo(render_summary(config, db, result))
        click.echo("\n下一步：patrol notify --dry-run 生成本周整改通知与巡查通报（XLSX/DOCX/HTML）；"
                   "patrol demo --serve 保持演示站点运行，可另开终端用 patrol check / patrol page 查看单个站点。")
        if serve:
            _serve_until_stopped()
    finally:
        portals.stop()


def _serve_until_stopped() -> None:
    """Keep the demo portals up until Ctrl-C or SIGTERM (both raise KeyboardInterrupt here)."""
    import time

    try:
        click.echo("演示站点继续运行，可另开终端执行 patrol run / patrol check；按 Ctrl-C 结束。")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("\n已停止演示站点。")


@cli.command()
@config_option
@db_option
@as_of_option
@click.option("--site", "sites", multiple=True, help="只巡查指定站点（可重复）")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--full", is_flag=True, help="全量巡查：重新读取全部栏目页与条目页（默认只读取上次以来变化的部分）")
def run(config_path: str, db: str | None, as_of: date | None, sites: tuple[str, ...], quiet: bool,
        full: bool) -> None:
    """巡查配置中的全部站点（每晚定时任务所执行的命令）。

    默认增量巡查：未变化的栏目（304 或内容相同）沿用上次读取的结果，变化的栏目读到已知条目为止，
    已读到日期的条目页每 recheck_days 天复查一次；--full 全部重新读取。

    示例：patrol run --config sites.toml --db patrol.db
    """
    from patrol.inspection import HistoryError, inspect
    from storage.lock import BUSY_EXIT, Busy, inspection_lock

    terminate_as_interrupt()
    config = load_checked_config(config_path)
    unknown = [s for s in sites if config.site(s) is None]
    if unknown:
        raise click.UsageError(f"配置中没有这些站点：{'、'.join(unknown)}")
    database = database_path(config, db)
    try:
        with inspection_lock(database):
            result = inspect(config, database, as_of or date.today(), sites=list(sites) or None,
                             progress=not quiet, full=full)
    except Busy as exc:
        click.echo(str(exc), err=True)
        sys.exit(BUSY_EXIT)
    except HistoryError as exc:
        raise click.UsageError(str(exc))
    except KeyboardInterrupt:
        click.echo("巡查被中断（收到停止信号），已保存已完成的部分；再次运行 patrol run 将续跑。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    except sqlite3.DatabaseError as exc:
        click.echo(f"数据库文件 {database} 无法读取或已损坏（{exc}）；巡查未完成。请检查该文件，"
                   "或用 --db 指定新的数据库文件。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    if result.interrupted:
        cause = "收到停止信号" if result.stopped_by_signal else "抓取未正常结束"
        click.echo(f"巡查被中断（批次 {result.run_id}，{cause}），已保存已完成的部分；再次运行 patrol run 将续跑。",
                   err=True)
        sys.exit(INCOMPLETE_EXIT)
    if result.resumed:
        click.echo(f"已续跑上次中断的巡查（批次 {result.run_id}）")
    click.echo(render_summary(config, database, result))
    sys.exit(_exit_for([e.verdict for e in result.evaluations.values()]))


@cli.command()
@click.argument("url")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="输出 JSON（供脚本读取）")
@click.option("--catalog", metavar="URL", help="信息公开目录页地址（首页上找不到目录时指定）")
@click.option("--quiet", is_flag=True, help="不显示进度")
@click.option("--kind", type=click.Choice(["government", "department"]), default=None,
              help="站点类型：government 本级人民政府 | department 政府部门（决定年报期限；默认按网站自身名称判断）")
@click.option("--full", is_flag=True, help="抓取全部条目页面，检查条目链接失效与列表/正文日期不一致（较慢）")
def check(url: str, as_of: date | None, as_json: bool, catalog: str | None, quiet: bool, kind: str | None,
          full: bool) -> None:
    """即时检查单个网站：发现信息公开目录与栏目，评分并给出结论。

    默认只抓取缺少日期的条目页面，因此不检查条目链接失效与日期不一致（输出中注明）；加 --full 全部检查。

    示例：patrol check http://www.example.gov.cn/ --as-of 2026-11-20 --json
    """
    from patrol.inspection import inspect
    from storage.store import Store

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.UsageError(f"网址无效：{url!r}；请给出以 http:// 或 https:// 开头的完整网址")
    if catalog is not None and (urlsplit(catalog).scheme not in ("http", "https") or not urlsplit(catalog).netloc):
        raise click.UsageError(f"目录网址无效：{catalog!r}；请给出以 http:// 或 https:// 开头的完整网址")
    day = as_of or date.today()
    site = SiteConfig(name=parts.netloc, url=url, unit=parts.netloc, catalog=catalog, kind=kind)
    # an ad-hoc check is bounded tighter than the nightly run: a trap site must not hold the user for long
    quick = CrawlSettings(concurrency_per_host=8, retries=1, timeout=10.0, max_pages_per_site=2000,
                          max_site_seconds=300.0, retry_after_max=10.0)
    config = Config(path=None, units=(UnitConfig(name=site.unit),), sites=(site,), crawl=quick)
    with tempfile.TemporaryDirectory(prefix="patrol-check-") as tmp:
        db = str(Path(tmp) / "check.db")
        result = inspect(config, db, day, kind="check", progress=not quiet and not as_json,
                         articles="all" if full else "undated")
        with Store(db) as store:
            name = store.site_title(site.name) or site.name
    if result.interrupted:
        raise click.ClickException("检查被中断，未得出结论")
    evaluation = result.evaluations[site.name]
    skipped = [] if full else SKIPPED_WITHOUT_FULL
    if as_json:
        click.echo(json.dumps(check_json(url, name, evaluation, skipped), ensure_ascii=False))
    else:
        click.echo(render_check(url, name, evaluation, skipped))
    sys.exit(_exit_for([evaluation.verdict]))


@cli.command()
@click.argument("urls", nargs=-1, required=True)
@as_of_option
@click.option("--config", "config_path", default=None, help="站点配置文件 (TOML)，与 --site 一起使用")
@click.option("--site", "site_name", default=None, help="按该站点的覆盖规则（overrides）读取页面")
@click.option("--json", "as_json", is_flag=True, help="每个网址输出一行 JSON")
def page(urls: tuple[str, ...], as_of: date | None, config_path: str | None, site_name: str | None,
         as_json: bool) -> None:
    """显示巡查在页面上读到的内容（与巡查抓取时完全相同），以及发布日期的各项依据。

    编写站点覆盖规则时使用：--config sites.toml --site 站点名 会应用该站点的覆盖规则。

    示例：patrol page http://www.example.gov.cn/xxgk/tzgg/ --json
    """
    from crawler.extract.reader import read_page
    from patrol.fetch import fetch
    from patrol.report import render_page

    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise click.UsageError(f"网址无效：{url!r}")
    overrides = _site_overrides(config_path, site_name)
    for url in urls:
        got = fetch(url)
        reading = read_page(got.body, got.url, headers=got.headers, status=got.status,
                            as_of=as_of or date.today(), overrides=overrides, redirects=got.redirects)
        result = reading.as_json()
        if got.error:
            result["error"] = got.error
        if got.cut:
            result["cut"] = got.cut
        click.echo(json.dumps(result, ensure_ascii=False) if as_json else render_page(result))


def _site_overrides(config_path: str | None, site_name: str | None) -> Any:
    """The overrides of the named site, or None; --site needs a config and a site that is in it."""
    if site_name is None:
        if config_path is not None:
            raise click.UsageError("--config 需与 --site 一起使用，以指定应用哪个站点的覆盖规则")
        return None
    config = load_checked_config(config_path or "sites.toml")
    site = next((s for s in config.sites if s.name == site_name), None)
    if site is None:
        names = "、".join(s.name for s in config.sites) or "（无）"
        raise click.UsageError(f"配置 {config_path or 'sites.toml'} 中没有名为“{site_name}”的站点；已有站点：{names}")
    return site.overrides


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def rules(as_json: bool) -> None:
    """列出规则目录（编号、严重程度、名称、依据、参数）。"""
    from rules.docs import render_rules_table

    rows = render_rules_table()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from core.tables import render_table
    from core.vocabulary import SEVERITY_LABELS as severity

    click.echo(render_table(
        ["规则", "类别", "名称", "依据", "参数"],
        [[r["id"], severity.get(r["severity"], r["severity"]), r["title"], r["indicator"],
          ", ".join(f"{k}={v}" for k, v in r["params"].items())] for r in rows]))


def _register_notice_commands() -> None:
    from patrol.commands_notify import notify, schedule
    from patrol.commands_probe import probe
    from patrol.commands_report import report
    from patrol.commands_web import serve, stats

    cli.add_command(notify)
    cli.add_command(schedule)
    cli.add_command(report)
    cli.add_command(serve)
    cli.add_command(stats)
    cli.add_command(probe)


_register_notice_commands()


def main() -> None:
    """Console entry point: usage errors exit 2, as click does."""
    try:
        cli.main(standalone_mode=True)
    except ConfigError as exc:
        click.echo(f"配置错误：{exc}", err=True)
        sys.exit(2)


__all__ = ["cli", "main"]
