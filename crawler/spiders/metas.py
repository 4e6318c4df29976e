"""The spider's part for the page metas of 《政府网站发展指引》: which of them a sample of entry pages carries.

The home page's metas go with its facts (``facts["metas"]``); column pages keep theirs with the column; entry
pages read by the crawl add theirs to ``facts["page_metas"]``, at most ``META_SAMPLE`` pages per site and run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from crawler.items import SiteFactItem

META_SAMPLE = 20  # entry pages whose metas are kept, per site and run
FACT = "page_metas"


def present(meta: dict[str, str]) -> list[str]:
    """The meta names a page carries with some content, sorted."""
    return sorted(name for name, value in meta.items() if value.strip())


class MetasSpiderMixin:
    """Mixed into ``PortalSpider`` (through ``IndicatorsSpiderMixin``)."""

    def note_metas(self, site: str, url: str, meta: dict[str, str]) -> Iterator[Any]:
        """Keep an entry page's metas while the site's sample has room (the whole sample stored each time)."""
        sample: list[dict[str, Any]] = self.__dict__.setdefault("meta_samples", {}).setdefault(site, [])
        if len(sample) >= META_SAMPLE or any(p["url"] == url for p in sample):
            return
        sample.append({"url": url, "metas": present(meta)})
        yield SiteFactItem(site=site, key=FACT, value={"articles": list(sample)})
