"""The site's frame in its lists: undated links that many columns "list" are a shared sidebar, not entries.

A column page's reader sees one page; what the site's other pages share (a 热点 sidebar, a 推荐 box beside
every list) shows only across the site. An undated link listed (undated) by ``FRAME_COLUMNS`` or more columns is such
a shared block: it is dropped from every column, and a column left with nothing was not read (its content
area showed no entries the reader could find), never dated by the sidebar and never judged blank.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from core.vocabulary import UNREAD_PREFIX
from rules.snapshot import SiteSnap

FRAME_COLUMNS = 2
UNREAD_TEXT = UNREAD_PREFIX + "栏目内容区未读到条目（页面上只有全站共用的链接）"


def without_frame(site: SiteSnap) -> SiteSnap:
    """The site with the frame's links taken out of its columns' entries."""
    listed = Counter(url for c in site.columns if c.kind == "list"
                     for url in {e.url for e in c.entries if e.list_date is None})
    frame = {url for url, n in listed.items() if n >= FRAME_COLUMNS}
    if not frame:
        return site
    columns = []
    for c in site.columns:
        kept = tuple(e for e in c.entries if e.url not in frame or e.list_date is not None)
        removed = len(c.entries) - len(kept)
        if not removed:
            columns.append(c)
            continue
        count = max(c.entry_count - removed, 0) if c.entry_count is not None else None
        columns.append(replace(c, entries=kept, entry_count=count,
                               cut=c.cut or (UNREAD_TEXT if not kept and c.kind == "list" else None)))
    return replace(site, columns=tuple(columns))
