"""The spider's part for the page metas of 《政府网站发展指引》: which of them a sample of entry pages carries.

The home page's metas go with its facts (``facts["metas"]``); column pages keep theirs with the column; entry
pages read by the crawl add theirs to ``facts["page_metas"]``: a sample of ``META_SAMPLE`` pages per site and
run, those whose addresses hash lowest, so the sample depends on which pages were read, not on the order their
answers arrived in (a distributed crawl stores what one process would).
"""

from __future__ import annotations

import hashlib
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
        """Take an entry page's metas into the site's sample when it belongs there (the sample is stored each
        time it changes)."""
        sample: list[dict[str, Any]] = self.__dict__.setdefault("meta_samples", {}).setdefault(site, [])
        if any(p["url"] == url for p in sample):
            return
        page = {"url": url, "metas": present(meta), "rank": _rank(url)}
        kept = sorted([*sample, page], key=lambda p: p["rank"])[:META_SAMPLE]
        if page not in kept:
            return
        sample[:] = kept
        yield SiteFactItem(site=site, key=FACT, value={"articles": [{"url": p["url"], "metas": p["metas"]}
                                                                    for p in sorted(kept, key=lambda p: p["url"])]})


def _rank(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()
