"""The spider's part for the national indicators: the home page's facts and the 互动交流 channels' messages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler.extract.catalog import expanded_tree
from crawler.extract.interaction import home_facts, read_messages
from crawler.extract.meta import present_metas
from crawler.items import MessagesItem, SiteFactsItem
from crawler.spiders.interpretations import InterpretationsSpiderMixin
from crawler.spiders.reports import ReportsSpiderMixin
from crawler.spiders.services import ServicesSpiderMixin

MAX_CHANNELS = 8  # channel pages read per site and run


class IndicatorsSpiderMixin(ReportsSpiderMixin, ServicesSpiderMixin, InterpretationsSpiderMixin):
    """Mixed into ``PortalSpider``: uses its ``walks``, ``_request`` and ``_read``."""

    walks: dict[str, Any]

    def _home_indicators(self, walk: Any, page: Any, response: Response) -> Iterator[Any]:
        """The home page's channels, service entries and search box. Each channel's list is read once the
        crawl is idle (``send_channels``), so the reads never take the walk's page budget."""
        facts = home_facts(expanded_tree(page.text), response.url)  # script-written menus too
        yield SiteFactsItem(site=walk.site.name, facts={**facts.as_json(), "metas": present_metas(page.meta)})
        pending = self.__dict__.setdefault("channels_pending", [])
        for channel in facts.channels[:MAX_CHANNELS]:
            pending.append(self._request(channel["url"], self.parse_channel, walk.site,  # type: ignore[attr-defined]
                                         self.channel_failed, channel=channel))
        hall = self.hall_request(walk, facts.services)
        pending += [hall] if hall is not None else []

    def send_channels(self, spider: Any = None) -> None:
        """On the spider_idle signal: send the channel reads and the newest annual reports waiting for the idle
        crawl (the crawl stays open for them)."""
        pending = (self.__dict__.get("channels_pending") or []) + self.report_requests() \
            + self.interpretation_requests()
        self.__dict__["channels_pending"] = []
        for request in pending:
            self.crawler.engine.crawl(request)  # type: ignore[attr-defined]
        if pending:
            raise DontCloseSpider

    def parse_channel(self, response: Response) -> Iterator[Any]:
        """A channel's first list page: its messages (none when it shows no message table)."""
        channel = response.meta["channel"]
        if response.status >= 400 or not response.body:
            return
        walk = self.walks[response.meta["site"]]
        page = self._read(response, walk.site)  # type: ignore[attr-defined]
        messages = read_messages(page.root, response.url)
        yield MessagesItem(site=walk.site.name, column=channel["name"], url=channel["url"], kind=channel["kind"],
                           messages=[asdict(m) for m in messages])

    def channel_failed(self, failure: Any) -> Iterator[Any]:
        """A channel page that did not open: its messages stay unknown (the link check reports the link)."""
        return iter(())
