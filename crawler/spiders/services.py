"""The spider's part for 办事指南: the home page's service entry, then a sample of the guides it lists.

Bounded: one service hall page per site and run, and at most ``sample`` guides (the ``sample`` parameter of
``service-guide-incomplete``: site rules, else the config's ``[rules]``, else the rule's default). What is read
goes to ``facts["service_guides"]`` (``rules.service`` judges it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.extract.service_guide import guide_elements, guide_links, is_guide
from crawler.failures import failed_request
from crawler.items import SiteFactItem
from crawler.walk import netloc
from rules.service import check_guides

FACT = "service_guides"
RULE = check_guides.rule  # type: ignore[attr-defined]


def guide_sample(site_rules: dict[str, Any], config_rules: dict[str, Any]) -> int:
    """How many guides to read for a site: its rules, else the config's, else the rule's default."""
    for table in (site_rules, config_rules):
        value = (table.get(RULE.id) or {}).get("sample")
        if isinstance(value, int) and not isinstance(value, bool):
            return max(value, 0)
    return int(RULE.params["sample"])


class ServicesSpiderMixin:
    """Mixed into ``PortalSpider`` (through ``IndicatorsSpiderMixin``): uses its ``walks``, ``config``,
    ``_request`` and ``_read``."""

    walks: dict[str, Any]
    config: Any

    def hall_request(self, walk: Any, services: list[dict[str, str]]) -> Any:
        """The read of the first service entry (its host allowed for the hall and its guides), or None."""
        if not services or guide_sample(walk.site.rules, self.config.rules) == 0:
            return None
        hall = services[0]["url"]
        return self._request(hall, self.parse_hall, walk.site, self.hall_failed,  # type: ignore[attr-defined]
                             site_hosts={*walk.hosts, netloc(hall)})

    def parse_hall(self, response: Response) -> Iterator[Any]:
        """The service hall: a guide itself, or the page listing the guides to sample."""
        walk = self.walks[response.meta["site"]]
        state = {"hall": response.url, "guides": [], "status": response.status}
        self.__dict__.setdefault("guides", {})[walk.site.name] = state
        if response.status >= 400 or not response.body:
            yield SiteFactItem(site=walk.site.name, key=FACT, value=state)
            return
        page = self._read(response, walk.site)  # type: ignore[attr-defined]
        if is_guide(page.root):
            yield from self._guide_read(walk.site.name, page.article.title or response.url, response.url, page.root)
            return
        sample = guide_sample(walk.site.rules, self.config.rules)
        links = guide_links(page.root, response.url, sample)
        state["wanted"] = len(links)
        yield SiteFactItem(site=walk.site.name, key=FACT, value=dict(state))
        hosts = {*walk.hosts, netloc(response.url)}
        for link in links:
            yield self._request(link["url"], self.parse_guide, walk.site, self.guide_failed,  # type: ignore[attr-defined]
                                guide=link["name"], site_hosts=hosts | {netloc(link["url"])})

    def hall_failed(self, failure: Any) -> Iterator[Any]:
        """The service hall did not open: no guide is judged (the link check reports the link)."""
        return iter(())

    def parse_guide(self, response: Response) -> Iterator[Any]:
        site = response.meta["site"]
        if response.status >= 400 or not response.body:
            yield from self._guide_error(site, response.meta["guide"], response.url, f"HTTP {response.status}")
            return
        page = self._read(response, self.walks[site].site)  # type: ignore[attr-defined]
        yield from self._guide_read(site, response.meta["guide"], response.url, page.root)

    def guide_failed(self, failure: Any) -> Iterator[Any]:
        request = failed_request(failure)
        yield from self._guide_error(request.meta["site"], request.meta["guide"], request.url, str(failure.value))

    def _guide_read(self, site: str, name: str, url: str, root: Any) -> Iterator[Any]:
        yield from self._guide_done(site, {"name": name, "url": url, "found": guide_elements(root)})

    def _guide_error(self, site: str, name: str, url: str, error: str) -> Iterator[Any]:
        yield from self._guide_done(site, {"name": name, "url": url, "error": error})

    def _guide_done(self, site: str, guide: dict[str, Any]) -> Iterator[Any]:
        state = self.__dict__.setdefault("guides", {}).setdefault(site, {"hall": guide["url"], "guides": []})
        state["guides"].append(guide)
        guides = sorted(state["guides"], key=lambda g: g["url"])  # whatever order the answers came in
        yield SiteFactItem(site=site, key=FACT, value={**state, "guides": guides})
