"""The spider's part for 政策解读: a sample of a 政策解读 column's entries, their 政策文件, and the link back.

Bounded: at most ``SAMPLE`` interpretations per site and run (the newest listed), and one document each, read
once the walk is done. What is read goes to ``facts["interpretations"]`` (``rules.interpretation`` judges it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawler.extract.entry import ListEntry
from crawler.extract.interpretation import links_back, policy_link
from crawler.failures import failed_request
from crawler.items import SiteFactItem
from crawler.linkcheck import is_document

SAMPLE = 5  # interpretations read per site and run
FACT = "interpretations"


class InterpretationsSpiderMixin:
    """Mixed into ``PortalSpider`` (through ``IndicatorsSpiderMixin``): uses its ``walks``, ``_request``, ``_read``."""

    walks: dict[str, Any]

    def note_interpretations(self, site: str, column: str, entries: list[ListEntry]) -> None:
        """Note the entries a 政策解读 column lists (the sample is taken once every list is read)."""
        if "解读" not in column:
            return
        noted: dict[str, dict[str, Any]] = self.__dict__.setdefault("interpretations_noted", {}).setdefault(site, {})
        for e in entries:
            noted.setdefault(e.url, {"url": e.url, "title": e.title, "column": column,
                                     "date": e.date.isoformat() if e.date else ""})

    def interpretation_requests(self) -> list[Any]:
        """The ``SAMPLE`` newest interpretations of each site not read yet (newest date, then address), sent
        when the crawl is idle."""
        noted = self.__dict__.get("interpretations_noted") or {}
        sent: set[str] = self.__dict__.setdefault("interpretations_sent", set())
        requests = []
        for site, by_url in noted.items():
            walk = self.walks[site]
            newest = sorted(by_url.values(), key=lambda i: (-int(i["date"].replace("-", "") or 0), i["url"]))
            for item in newest[:SAMPLE]:
                item = {k: v for k, v in item.items() if k != "date"}
                if item["url"] in sent or is_document(item["url"]) or not walk.owns(item["url"]):
                    continue
                sent.add(item["url"])
                requests.append(self._request(item["url"], self.parse_interpretation, walk.site,  # type: ignore[attr-defined]
                                              self.interpretation_failed, interpretation=item))
        return requests

    def _skip(self, walk: Any) -> set[str]:
        """Links that are the site's frame or its columns: never the document, never the link back."""
        return set(walk.frame) | set(walk.columns_by_url)

    def parse_interpretation(self, response: Response) -> Iterator[Any]:
        item = response.meta["interpretation"]
        walk = self.walks[response.meta["site"]]
        if response.status >= 400 or not response.body:
            return  # a broken entry: the link rules report it
        page = self._read(response, walk.site)  # type: ignore[attr-defined]
        title = page.article.title or item["title"]
        policy = policy_link(page.root, response.url, title, self._skip(walk))
        record = {**item, "title": title, "policy": policy, "back": None}
        if policy is None or is_document(policy) or not walk.owns(policy):
            yield from self._interpretation_done(walk.site.name, record)  # an attachment or elsewhere: not followed
            return
        yield self._request(policy, self.parse_policy, walk.site, self.policy_failed,  # type: ignore[attr-defined]
                            record=record)

    def interpretation_failed(self, failure: Any) -> Iterator[Any]:
        return iter(())

    def parse_policy(self, response: Response) -> Iterator[Any]:
        record = response.meta["record"]
        walk = self.walks[response.meta["site"]]
        if response.status >= 400 or not response.body:
            yield from self._interpretation_done(walk.site.name, {**record, "error": f"HTTP {response.status}"})
            return
        page = self._read(response, walk.site)  # type: ignore[attr-defined]
        back = links_back(page.root, response.url, record["url"], self._skip(walk))
        yield from self._interpretation_done(walk.site.name, {**record, "back": back,
                                                              "policy_title": page.article.title})

    def policy_failed(self, failure: Any) -> Iterator[Any]:
        request = failed_request(failure)
        yield from self._interpretation_done(request.meta["site"], {**request.meta["record"],
                                                                    "error": str(failure.value)})

    def _interpretation_done(self, site: str, record: dict[str, Any]) -> Iterator[Any]:
        done: list[dict[str, Any]] = self.__dict__.setdefault("interpretations_done", {}).setdefault(site, [])
        done.append(record)
        yield SiteFactItem(site=site, key=FACT, value={"items": sorted(done, key=lambda r: r["url"])})
