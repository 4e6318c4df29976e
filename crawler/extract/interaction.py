"""互动交流 pages: the channels a home page links to, and the messages (留言) a channel's list shows.

A message list is most often a table headed 留言标题 · 留言时间 · 回复时间 · 办理状态 (or some of them); each
row is one message. Dates come from the row as shown; the days to reply are counted when both are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

from core.interaction_terms import channel_kind, fold_state, is_service_entry
from crawler.extract.dates import parse_date
from crawler.extract.html import text_of

_HEADS = {
    "title": re.compile(r"标题|主题|事项|信件|来信内容|留言内容|咨询内容|问题"),
    "asked": re.compile(r"留言时间|留言日期|提问时间|来信时间|来信日期|写信时间|咨询时间|提交时间|提问日期|发布时间"),
    "replied": re.compile(r"回复时间|回复日期|答复时间|答复日期|办结时间|办结日期|处理时间|反馈时间"),
    "state": re.compile(r"状态|办理情况|处理情况|是否回复|回复情况"),
}
_SEARCH_ACTION = re.compile(r"search|sousuo|query|jsearch|ss\b", re.I)


@dataclass(frozen=True)
class Message:
    """One message as a channel's list shows it."""

    title: str
    url: str | None
    asked: date | None
    replied: date | None
    state: str | None  # answered | unanswered | pending | None (no state shown)
    state_raw: str | None = None

    @property
    def days(self) -> int | None:
        """Days from the message to its reply, when both dates are shown."""
        return (self.replied - self.asked).days if self.asked and self.replied else None


def _header_map(cells: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, text in enumerate(cells):
        for key, pattern in _HEADS.items():
            if key not in found and len(text) <= 12 and pattern.search(text):
                found[key] = i
                break
    return found


def _cells(row) -> list:
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def read_messages(root, url: str, limit: int = 200) -> list[Message]:
    """Messages of every table whose header names a title and a message date (or a state)."""
    found: list[Message] = []
    for table in root.iter("table"):
        rows = [r for r in table.iter("tr")]
        heads = next((h for r in rows[:3] if len(h := _header_map([text_of(c) for c in _cells(r)])) >= 2
                      and "title" in h and ("asked" in h or "state" in h)), None)
        if heads is None:
            continue
        for row in rows:
            cells = _cells(row)
            if len(cells) <= max(heads.values()) or any(c.tag.lower() == "th" for c in cells):
                continue
            texts = [text_of(c).strip() for c in cells]
            if _header_map(texts) == heads:
                continue
            title_cell = cells[heads["title"]]
            link = next(iter(title_cell.iter("a")), None)
            href = link.get("href") if link is not None else None
            state_raw = texts[heads["state"]] if "state" in heads else None
            target = urljoin(url, href) if href and not href.startswith("javascript") else None
            found.append(Message(
                title=texts[heads["title"]], url=target,
                asked=_day(texts[heads["asked"]]) if "asked" in heads else None,
                replied=_day(texts[heads["replied"]]) if "replied" in heads else None,
                state=fold_state(state_raw), state_raw=state_raw or None))
            if len(found) >= limit:
                return found
    return found


def _day(text: str) -> date | None:
    parsed = parse_date(text)
    return parsed.value if parsed is not None else None


@dataclass(frozen=True)
class HomeFacts:
    """What the home page offers a citizen: 互动交流 channels, 办事服务 entries, a site search."""

    channels: list[dict[str, str]]  # name, url, kind ("channel" | "exempt")
    services: list[dict[str, str]]  # name, url
    search: bool

    def as_json(self) -> dict:
        return {"channels": self.channels, "services": self.services, "search": self.search}


def home_facts(root, url: str) -> HomeFacts:
    """Channels and service entries among the home page's links (by their text or title), and whether it
    has a search box (a form with a text input, or a link named 搜索/检索)."""
    channels: dict[str, dict[str, str]] = {}
    services: dict[str, dict[str, str]] = {}
    for a in root.iter("a"):
        name = (text_of(a).strip() or (a.get("title") or "").strip())
        href = a.get("href")
        if not name or not href or href.startswith(("javascript", "#", "mailto")):
            continue
        target = urljoin(url, href)
        kind = channel_kind(name)
        if kind and target not in channels:
            channels[target] = {"name": name, "url": target, "kind": kind}
        elif is_service_entry(name) and target not in services:
            services[target] = {"name": name, "url": target}
    return HomeFacts(list(channels.values()), list(services.values()), _has_search(root))


def _has_search(root) -> bool:
    for form in root.iter("form"):
        inputs = [i for i in form.iter("input") if (i.get("type") or "text").lower() in ("text", "search")]
        if inputs:
            return True
    return any(text_of(a).strip() in ("搜索", "检索", "站内搜索", "全文检索") for a in root.iter("a"))
