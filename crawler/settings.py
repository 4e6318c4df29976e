"""Scrapy settings for the `portal` spider. What the config's [crawl] table sets comes from
:class:`core.config.CrawlSettings` alone (its defaults here, the configured values overlaid by the spider)."""

from __future__ import annotations

from typing import Any

from scrapy.settings import default_settings as _scrapy_defaults

from core.config import CrawlSettings

BOT_NAME = "patrol"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

CONCURRENT_REQUESTS = 64
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_MAX_DELAY = 10.0
COOKIES_ENABLED = False
# Scrapy starts this many worker tasks for every callback's output; ours yield a few items and requests,
# and the store pipeline is synchronous, so more only costs task churn (measured: about +25% pages/s with 1).
CONCURRENT_ITEMS = 1
TELNETCONSOLE_ENABLED = False
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 5  # hops; a longer chain is reported, not followed
# Our redirect following (site hosts only, chain kept as evidence) replaces Scrapy's, which every request
# bypasses anyway (handle_httpstatus_all); block pages are recognised after decompression, before retries.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.redirects.SiteRedirectMiddleware": 600,
    "crawler.middlewares.redirects.SiteMetaRefreshMiddleware": 580,
    "crawler.middlewares.blocking.BlockedAnswerMiddleware": 560,
    # every request passes the guard first: off-site requests and requests over the site's budget are refused
    "crawler.middlewares.guard.SiteGuardMiddleware": 50,
    # a page whose list a script builds is answered by headless Chromium (meta["render"]), after the guard
    "crawler.middlewares.render.RenderMiddleware": 60,
    # a 429/503 with Retry-After is retried after the time asked, not at once
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.guard.RetryAfterMiddleware": 550,
    # If-None-Match / If-Modified-Since, unchanged pages
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 575,
    # last before the downloader: at most PATROL_CONCURRENCY_PER_IP in flight per resolved IP (one 集约化
    # platform hosts many units' sites); Scrapy's CONCURRENT_REQUESTS_PER_IP stays 0, see
    # crawler/middlewares/politeness.py
    "crawler.middlewares.politeness.IpGateMiddleware": 900,
}
CONCURRENT_REQUESTS_PER_IP = 0
# http and https only (crawler.urlpolicy): no handler reads local files or other services, even should a
# request get past the guard
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
LOG_LEVEL = "WARNING"
# Scrapy reads every callback's source (inspect.getsource + ast.parse) to warn about generators returning a
# value; ours do not, and the check cost about 2% of a crawl's CPU.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy's remote control: an HTTP server in the crawl process that runs Python code sent to it (token in a
# file of the user's profile). Patrol never uses it; it also cost about 0.4 s of imports (aiohttp) per crawl.
REMOTE_CONTROL_ENABLED = False
# Scrapy imports every component its *_BASE tables name, even one set to None, so the two Patrol never uses
# are taken out of the tables: the remote control (aiohttp, ~0.4 s) and, cookies being off, the cookies
# middleware (tldextract, ~0.1 s).
_UNUSED = ("scrapy.extensions.remote_control.RemoteControl", "scrapy.downloadermiddlewares.cookies.CookiesMiddleware")
EXTENSIONS_BASE = {k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items() if k not in _UNUSED}
DOWNLOADER_MIDDLEWARES_BASE = {k: v for k, v in _scrapy_defaults.DOWNLOADER_MIDDLEWARES_BASE.items()
                               if k not in _UNUSED}
ITEM_PIPELINES = {"crawler.pipelines.StorePipeline": 300}
DNS_TIMEOUT = 10


def crawl_settings(crawl: CrawlSettings) -> dict[str, Any]:
    """Scrapy settings from a :class:`core.config.CrawlSettings`."""
    return {
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrency_per_host,
        "PATROL_CONCURRENCY_PER_IP": crawl.concurrency_per_ip,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(crawl.concurrency_per_host),
        "DOWNLOAD_DELAY": crawl.delay,
        "AUTOTHROTTLE_START_DELAY": crawl.delay,
        "DOWNLOAD_TIMEOUT": crawl.timeout,
        "RETRY_TIMES": crawl.retries,
        "ROBOTSTXT_OBEY": crawl.obey_robots,
        "USER_AGENT": crawl.user_agent,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "PATROL_MAX_PAGES_PER_SITE": crawl.max_pages_per_site,
        "PATROL_MAX_SITE_SECONDS": crawl.max_site_seconds,
        "RETRY_AFTER_MAX": crawl.retry_after_max,
        "PATROL_LINK_SKIP_HOSTS": list(crawl.link_skip_hosts),
        "PATROL_RENDER_SECONDS": crawl.render_seconds,
    }


# The [crawl] defaults as Scrapy settings, taken from CrawlSettings (no value of it is written twice).
globals().update(crawl_settings(CrawlSettings()))
