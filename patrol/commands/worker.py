"""`patrol worker --redis URL`: crawl sites of a distributed run from the shared queue (on this or any machine).

The worker needs nothing but the Redis URL: the coordinator (`patrol run --redis URL`) announces the run in
Redis with its id, as-of date and the text of its config file. The worker waits for a run, crawls the sites
it claims with the ordinary portal spider, sends every item back through Redis, and exits once the run is
finished. Run it again (a loop, a service with restart) to serve the next night's run.
"""

from __future__ import annotations

import os
import socket
import sys
import time
import tomllib
from typing import Any

import click

from patrol.cli_support import INCOMPLETE_EXIT, redis_url_checked


@click.command()
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="协调端所用 Redis 的地址（与 patrol run --redis 相同，如 redis://redis-host:6379/0）")
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True, metavar="秒",
              help="等待协调端发布巡查任务的最长时间（0：一直等待）")
@click.option("--batch", type=click.IntRange(min=1), default=8, show_default=True,
              help="每次领取的站点数（同一站点始终由一个 worker 完整抓取）")
@click.option("--quiet", is_flag=True, help="不显示进度")
def worker(redis_url: str, wait: float, batch: int, quiet: bool) -> None:
    """分布式巡查的抓取端：从 Redis 队列领取站点并抓取，结果经 Redis 交给协调端写入数据库。

    无需配置文件：协调端（patrol run --redis URL）会把批次、基准日和配置内容发布到 Redis。本批次完成后退出；
    每晚巡查可用服务管理器（如 systemd 的 Restart=always）或循环反复启动。

    示例：patrol worker --redis redis://redis-host:6379/0
    """
    import redis

    from crawler.redisqueue import RunQueue, connect, shown_url

    client = connect(redis_url_checked(redis_url))
    try:
        client.ping()
    except redis.RedisError as exc:
        click.echo(f"无法连接 Redis（{shown_url(redis_url)}）：{exc}", err=True)
        sys.exit(INCOMPLETE_EXIT)
    import crawler.redisworker  # noqa: F401  (Scrapy and the spider load while the run is awaited)

    if not quiet:
        click.echo("等待协调端发布巡查任务……", err=True)
    announced = _wait_for_run(client, wait)
    if announced is None:
        click.echo(f"{wait:g} 秒内没有等到巡查任务，退出。", err=True)
        return
    queue = RunQueue(client, announced["run_key"])
    worker_id = f"{socket.gethostname()}:{os.getpid()}"
    if not quiet:
        click.echo(f"领取巡查批次 {announced['run_id']}（基准日 {announced['as_of']}），worker {worker_id}", err=True)
    stats = _crawl(redis_url, queue, announced, worker_id, batch, not quiet)
    pages = sum(stats.get("pages_by_site", {}).values())
    if stats.get("finish_reason") != "finished":
        click.echo(f"worker 被中断（已抓取 {pages} 页）；未完成的站点将由其他 worker 重新抓取。", err=True)
        sys.exit(INCOMPLETE_EXIT)
    click.echo(f"巡查批次 {announced['run_id']} 已结束：本 worker 抓取 {pages} 页。")


def _wait_for_run(client: Any, wait: float) -> dict[str, Any] | None:
    """The announced run once it is running; None when ``wait`` seconds (0: no limit) pass first."""
    from crawler.redisqueue import RunQueue

    deadline = time.monotonic() + wait if wait else None
    while True:
        current = RunQueue.current(client)
        if current and current.get("status") == "running":
            return current
        if deadline is not None and time.monotonic() >= deadline:
            return None
        time.sleep(0.2)


def _crawl(redis_url: str, queue: Any, announced: dict[str, Any], worker_id: str, batch: int,
           progress: bool) -> dict[str, Any]:
    from core.config import parse_config
    from crawler.redisworker import WorkerSpider, worker_settings
    from patrol.crawl import run_spider

    source = f"{announced.get('config_path') or 'sites.toml'}（协调端经 Redis 发布）"
    config = parse_config(tomllib.loads(announced["config_text"]), source)
    return run_spider(config, WorkerSpider, progress=progress, settings=worker_settings(redis_url, queue),
                      redis_url=redis_url, run_key=announced["run_key"], worker_id=worker_id,
                      lease=float(announced["lease"]), batch=batch, run_id=announced["run_id"],
                      as_of=announced["as_of"], articles=announced["articles"],
                      incremental=announced["incremental"])
