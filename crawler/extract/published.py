"""An article's publish date, weighed from every piece of evidence the page gives, as a careful reader would.

Evidence, strongest first (a ``DateCandidate`` each, kept so a user can see why a date won):

- what a reader sees: a labelled date (发布时间, 发布日期, 日期, 时间, a label given only as an icon's
  ``title``), an element named for the publish time (``span#pubtime``, ``<publishtime>``), an unlabelled date
  in the byline beside 来源/作者/浏览次数;
- what the page tells machines: ``PubDate``/``firstpublishedtime``/``publishdate`` metas, script variables;
- what the URL says (``t20201127_``, ``/art/2024/6/19/``): a cross-check and a last resort, because some CMSs
  put the day an item entered the CMS there;
- a shown 生成日期 or 成文日期 when nothing better exists.

Decoys never win and are listed with the reason: the page-generation time (a ``PubDate`` equal to the
``others`` 页面生成时间 meta), ``lastmodifiedtime``, a header's "today" date, dates of other articles
(links, 相关文章, 上一篇/下一篇) and unlabelled dates inside the body text (event and signature dates).
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, replace
from datetime import date
from typing import cast

from lxml import etree
from lxml.etree import XPath

from crawler.extract.dates import (
    ParsedDate,
    date_at_start,
    date_from_url,
    iter_dates,
    parse_date,
    parse_machine_date,
)
from crawler.extract.html import (
    BLOCK_TAGS,
    collapse_ws,
    elements_of,
    hiding_elements,
    is_hidden,
    select,
    text_of,
)

# Tiers: a higher weight always wins; agreement with other evidence only breaks ties inside a tier.
WEIGHTS = {
    "selector": 100,  # the site's configured override
    "label": 90,  # 发布时间：…
    "element": 80,  # an element named for the publish time
    "byline": 75,  # an unlabelled date beside 来源/作者
    "weak-label": 70,  # 日期：… / 时间：…
    "meta": 50,
    "script": 45,
    "url": 30,
    "generated": 22,  # 生成日期 shown on the page
    "document": 20,  # 成文日期 / 印发日期 shown on the page
}
SHOWN_SOURCES = frozenset({"selector", "label", "element", "byline", "weak-label", "generated", "document"})

_SOURCE_NAMES = {
    "selector": "站点配置的选择器", "label": "页面标注的发布时间", "element": "发布时间元素",
    "byline": "文章信息行（来源/作者旁）", "weak-label": "页面标注的日期/时间", "meta": "元数据",
    "script": "脚本变量", "url": "网址", "generated": "页面显示的生成日期", "document": "页面显示的成文日期",
}


@dataclass(frozen=True)
class DateCandidate:
    """One date the page offers as its publish date, with where it stands and how it fared."""

    value: date | None
    time: str | None
    raw: str
    source: str  # a key of WEIGHTS, or "decoy"
    where: str  # e.g. "span#pubtime", "meta[name=PubDate]", "URL"
    status: str  # "ok" | "invalid" | "future"
    order: int = 0  # position on the page (document order; metas and URL after the body)
    note: str = ""  # why it won or lost (Chinese, for `patrol page`)
    yearless: bool = False  # shown without a year (10-19): the year was inferred

    @property
    def weight(self) -> int:
        return WEIGHTS.get(self.source, 0)

    def as_json(self) -> dict:
        return {"date": self.value.isoformat() if self.value else None, "time": self.time, "raw": self.raw,
                "source": self.source, "where": self.where, "status": self.status, "note": self.note}


@dataclass(frozen=True)
class PublishDate:
    """The winner (None when the page offers no date) and every candidate weighed."""

    winner: DateCandidate | None
    candidates: tuple[DateCandidate, ...]


_C = r"\s*[：:∶]"
_STRONG_LABEL_RE = re.compile(
    rf"(?:发布时间|发布日期|发文日期|公开日期|公开时间|发稿时间|发表时间|更新时间|更新日期|时间发布){_C}")
_WEAK_LABEL_RE = re.compile(rf"(?<![\u4e00-\u9fff])(?:日期|时间){_C}")
_GENERATED_LABEL_RE = re.compile(rf"(?<!页面)生成(?:日期|时间){_C}")
_DOCUMENT_LABEL_RE = re.compile(rf"(?:成文日期|印发日期|制发日期|成文时间){_C}")
_DECOY_LABEL_RE = re.compile(rf"(?:页面生成时间|页面生成日期|最后修改时间|修改时间|打印时间|访问时间|"
                             rf"(?:开始|结束|起止|活动|截止|报名|举办|举行|会议|开幕|闭幕|征集|投票|有效|受理|办理|"
                             rf"考试|报到|申报)(?:时间|日期)){_C}?")  # an event's dates are not its publish date
_LABELS = (
    (_STRONG_LABEL_RE, "label"),
    (_WEAK_LABEL_RE, "weak-label"),
    (_GENERATED_LABEL_RE, "generated"),
    (_DOCUMENT_LABEL_RE, "document"),
)
_ICON_LABEL_RE = re.compile(r"^(?:发布(?:时间|日期)|日期|时间)$")
_BYLINE_RE = re.compile(r"来源|作者|浏览|阅读|点击|次数|字号|字体|编辑|发布者|发布机构|供稿|撰稿|责编|信息提供")
_TODAY_AFTER_RE = re.compile(r"^\s*(?:星期|周|礼拜)[一二三四五六日天]")
_TODAY_BEFORE_RE = re.compile(r"(?:今天是|今日|今天)\s*$")
_OTHER_ARTICLE_RE = re.compile(
    r"上一篇|下一篇|上一条|下一条|相关(?:文章|阅读|新闻|链接|信息|稿件|文件)|关联稿件|热点|推荐阅读")
_RELATED_TOKEN_RE = re.compile(
    r"^(?:.*relat.*|xg\w*|.*side.*|prev.*|next.*|.*pre-?next.*|sxp|syp|xyp|.*recommend.*|tuijian|hot\w*|rank.*"
    r"|foot.*|.*footer.*|bottom.*|copyright)$", re.I)
_PUBTIME_ATTR_RE = re.compile(
    r"pub_?-?time|pub_?-?date|publish_?-?(?:time|date)|release_?-?(?:time|date)|fbsj|fbrq|fbtime", re.I)
_PUBTIME_TAGS = frozenset({"publishtime", "pubtime", "publishdate", "pubdate", "releasetime"})
_PUBTIME_CANDIDATES = XPath(
    "//body//*[@id or @class][contains(translate(concat(@id, ' ', @class), 'PUBLISHFRT', 'publishfrt'), 'pub')"
    " or contains(translate(concat(@id, ' ', @class), 'FB', 'fb'), 'fb')"
    " or contains(translate(concat(@id, ' ', @class), 'RELASE', 'relase'), 'release')]"
    " | //body//publishtime | //body//pubtime | //body//publishdate | //body//pubdate | //body//releasetime")
_PUBTIME_MAX_CHARS = 40
# Text in script, style and template elements is left out as hidden (html.hiding_elements); text in noscript
# is left out too (_NOSCRIPT), without testing every text node's ancestors in XPath.
_VISIBLE_NODES = XPath("//body//text() | //body//img[@title or @alt] | //body//i[@title]")
_NOSCRIPT = XPath("//body//noscript")
_META_PUBLISH = {"pubdate": "PubDate", "publishdate": "publishdate", "firstpublishedtime": "firstpublishedtime",
                 "publishtime": "publishtime", "pubtime": "pubtime", "publish_date": "publish_date",
                 "article:published_time": "article:published_time", "releasedate": "releasedate"}
_META_DECOY = {"lastmodifiedtime": "最后修改时间", "maketime": "制作时间", "htmlgeneratetime": "页面生成时间",
               "generatetime": "页面生成时间", "article:modified_time": "修改时间"}
_SCRIPT_VAR_RE = re.compile(
    r"\b(?:pub|publish|fb|release)[a-z_]*\s*[:=]\s*[\"']([^\"'<>]{6,40})[\"']", re.I)
_LABEL_REACH = 200  # characters after a label (whitespace included) in which its date must start
# Bounds that keep a hostile page linear and cheap: the publish date stands near the top of the visible
# text, so no real page needs more than this many characters, labels or dates weighed.
MAX_TEXT = 200_000
MAX_LABELS = 100
MAX_DATES = 400
_BYLINE_REACH = 40  # non-space characters on either side of a date that may name it a byline


# ---------------------------------------------------------------- visible text with its owners

class _VisibleText:
    """The visible text of a page's body, with the element that owns each character range."""

    def __init__(self, root) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.owners: list = []
        self._size = 0
        self._first: dict | None = None
        self._collect(root)
        self.text = "".join(self.parts)

    def _add(self, piece: str, owner) -> None:
        if piece and self._size < MAX_TEXT:
            piece = piece[: MAX_TEXT - self._size]
            self.parts.append(piece)
            self.starts.append(self._size)
            self.owners.append(owner)
            self._size += len(piece)

    def _collect(self, root) -> None:
        """The body's text nodes in document order (one XPath, in C), hidden subtrees left out; a block
        element's text and tail are set apart by a space, as a browser lays them out."""
        hidden: set = set()
        for el in hiding_elements(root):
            hidden.update(el.iter())
        quiet = set(hidden)  # owners whose text is not shown: hidden ones and those inside noscript
        for el in elements_of(_NOSCRIPT, root):
            quiet.update(el.iter())
        blocks: dict = {}
        last_block = None
        parts, starts, owners = self.parts, self.starts, self.owners  # _add, inlined: the loop is hot
        size = self._size
        nodes = cast("list[etree._Element | etree._ElementUnicodeResult]", _VISIBLE_NODES(root))
        for node in nodes:
            if size >= MAX_TEXT:
                break
            if not isinstance(node, str):  # an icon that may carry a label in its title
                label = (node.get("title") or node.get("alt") or "").strip()
                if node not in hidden and _ICON_LABEL_RE.match(label):
                    self._size = size
                    self._add(f"{label}：", node)
                    size = self._size
                continue
            element = node.getparent()
            if element is None:  # never for text inside <body>
                continue
            is_tail = node.is_tail
            owner = element.getparent() if is_tail else element
            if owner is None or owner in quiet:
                continue
            block = blocks.get(owner)
            if block is None:
                block = _block_of(owner, blocks)
            apart = block is not last_block or (is_tail and isinstance(element.tag, str)
                                                 and element.tag.lower() in BLOCK_TAGS)
            last_block = block
            piece = f" {node}" if apart else str(node)
            if piece:
                if size + len(piece) > MAX_TEXT:
                    piece = piece[: MAX_TEXT - size]
                parts.append(piece)
                starts.append(size)
                owners.append(owner)
                size += len(piece)
        self._size = size

    def offset_of(self, el) -> int:
        """Where an element's own visible text starts (the end of the text when it has none)."""
        if self._first is None:
            self._first = {}
            for start, owner in zip(self.starts, self.owners, strict=True):
                self._first.setdefault(owner, start)
        starts = [self._first[d] for d in el.iter() if d in self._first]
        return min(starts) if starts else len(self.text)

    def owner(self, offset: int):
        return self.owners[bisect.bisect_right(self.starts, offset) - 1] if self.owners else None


def _block_of(el, cache: dict):
    """The nearest block-level element holding el (itself included)."""
    found = cache.get(el)
    if found is None:
        node = el
        while node is not None and not (isinstance(node.tag, str) and node.tag.lower() in BLOCK_TAGS):
            node = node.getparent()
        found = cache[el] = node if node is not None else el
    return found


def _describe(el) -> str:
    """A short CSS-like name of an element: tag#id.class."""
    if el is None or not isinstance(el.tag, str):
        return "?"
    name = el.tag.lower()
    if el.get("id"):
        name += f"#{el.get('id').strip()}"
    classes = (el.get("class") or "").split()
    if classes:
        name += f".{classes[0]}"
    return name


def _other_article(el) -> bool:
    """Inside a link or an area of other articles (相关文章, 上一篇/下一篇, sidebars, footers)."""
    node, depth = el, 0
    while node is not None and depth < 12:
        if isinstance(node.tag, str):
            if node.tag.lower() == "a" and depth < 4:
                return True
            tokens = f"{node.get('class', '')} {node.get('id', '')}".split()
            if any(_RELATED_TOKEN_RE.match(token) for token in tokens):
                return True
        node, depth = node.getparent(), depth + 1
    return False


# ---------------------------------------------------------------- candidate finders

def _text_candidates(page: _VisibleText, as_of: date | None) -> list[DateCandidate]:
    text = page.text
    found: list[DateCandidate] = []
    taken: set[int] = set()
    labelled = []
    for regex, source in (*_LABELS, (_DECOY_LABEL_RE, "decoy")):
        labelled += [(m, source) for m in itertools.islice(regex.finditer(text), MAX_LABELS)]
    for match, source in sorted(labelled, key=lambda item: item[0].start())[:MAX_LABELS]:
        start = match.end()
        lead = len(text[start:start + _LABEL_REACH]) - len(text[start:start + _LABEL_REACH].lstrip())
        parsed = date_at_start(text[start + lead:start + _LABEL_REACH], as_of)
        if parsed is None or start + lead in taken:
            continue
        taken.add(start + lead)
        owner = page.owner(start + lead)
        note = ""
        if source == "decoy":
            note = f"“{match.group(0).rstrip('：:∶ ')}”不是发布时间"
        elif _other_article(owner) or _OTHER_ARTICLE_RE.search(text[max(0, match.start() - 40):match.start()]):
            source, note = "decoy", "其他文章的日期（链接、相关文章或页脚中）"
        found.append(_candidate(parsed, source, _describe(owner), match.start(), note,
))
    for start, end, parsed in itertools.islice(iter_dates(text, as_of), MAX_DATES):
        if start in taken or parsed.yearless:
            continue
        owner = page.owner(start)
        before = collapse_ws(text[max(0, start - 4 * _BYLINE_REACH):start])[-_BYLINE_REACH:]
        after = collapse_ws(text[end:end + 4 * _BYLINE_REACH])[:_BYLINE_REACH]
        if _TODAY_AFTER_RE.match(text[end:end + 12]) or _TODAY_BEFORE_RE.search(before):
            found.append(_candidate(parsed, "decoy", _describe(owner), start, "页头显示的当天日期"))
        elif _BYLINE_RE.search(before) or _BYLINE_RE.search(after):
            if _other_article(owner) or _OTHER_ARTICLE_RE.search(before):
                continue
            found.append(_candidate(parsed, "byline", _describe(owner), start))
    return found


_PUBTIME_XPATH_TAGS = frozenset({"publishtime", "pubtime", "publishdate", "pubdate", "releasetime"})


def _pubtime_elements(root) -> list:
    """What ``_PUBTIME_CANDIDATES`` finds, in document order, by one walk over the body's elements: an id or
    class holding pub, fb or release (ASCII case aside), or a publish-time tag (several times faster)."""
    found: dict = {}
    for body in root.iter("body"):
        for el in body.iterdescendants():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            attrib = el.attrib
            if "id" in attrib or "class" in attrib:
                names = f"{attrib.get('id', '')} {attrib.get('class', '')}".lower()
                if "pub" in names or "fb" in names or "release" in names:
                    found[el] = None
                    continue
            if tag in _PUBTIME_XPATH_TAGS:
                found[el] = None
    return list(found)


def _element_candidates(root, page: _VisibleText, as_of: date | None) -> list[DateCandidate]:
    found = []
    for el in _pubtime_elements(root):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag not in _PUBTIME_TAGS and not _PUBTIME_ATTR_RE.search(f"{el.get('id', '')} {el.get('class', '')}"):
            continue
        if is_hidden(el) or _other_article(el):
            continue
        text = text_of(el, skip_hidden=True)
        parsed = parse_date(text, as_of) if len(text) <= _PUBTIME_MAX_CHARS else None
        if parsed is not None:
            found.append(_candidate(parsed, "element", _describe(el), page.offset_of(el)))
    return found


def _meta_candidates(root, as_of: date | None, base_order: int) -> list[DateCandidate]:
    generated: set[tuple[date | None, str | None]] = set()
    metas = []
    for el in root.iter("meta"):
        name = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if not name or not content:
            continue
        if name == "others" and "生成" in content:
            stamp = parse_date(content)
            if stamp is not None:
                generated.add((stamp.value, stamp.time))
        metas.append((name, content))
    found = []
    for i, (name, content) in enumerate(metas[:MAX_LABELS]):
        parsed = parse_machine_date(content, as_of)
        if parsed is None:
            continue
        where = f"meta[name={_META_PUBLISH.get(name, name)}]"
        if name in _META_DECOY:
            found.append(_candidate(parsed, "decoy", where, base_order + i, f"{_META_DECOY[name]}，不是发布时间"))
        elif name in _META_PUBLISH:
            if (parsed.value, parsed.time) in generated:
                found.append(_candidate(parsed, "decoy", where, base_order + i,
                                        "与“页面生成时间”相同：是页面生成时间，不是发布时间"))
            else:
                found.append(_candidate(parsed, "meta", where, base_order + i))
    return found


def _may_name_publish(code: str) -> bool:
    """Whether ``_SCRIPT_VAR_RE`` can match: one of its words is there, in any case (str.lower and ``in``
    run in C, far faster than the case-blind regex over a long script; ſ folds to s under re.I)."""
    low = code.lower()
    return "pub" in low or "fb" in low or "release" in low or "\u017f" in code


def _script_candidates(root, as_of: date | None, base_order: int) -> list[DateCandidate]:
    found = []
    for i, script in enumerate(root.iter("script")):
        code = script.text or ""
        if not _may_name_publish(code):
            continue
        for match in _SCRIPT_VAR_RE.finditer(code):
            parsed = parse_machine_date(match.group(1), as_of) or parse_date(match.group(1), as_of)
            if parsed is not None and not parsed.yearless:
                found.append(_candidate(parsed, "script", "script", base_order + i, raw=match.group(0)))
    return found


def _selector_candidates(root, selector: str, as_of: date | None) -> list[DateCandidate]:
    for el in select(root, selector):
        parsed = parse_date(el if isinstance(el, str) else text_of(el, skip_hidden=True), as_of)
        if parsed is not None:
            return [_candidate(parsed, "selector", selector, -1)]
    return []


def _candidate(parsed: ParsedDate, source: str, where: str, order: int, note: str = "",
               raw: str | None = None) -> DateCandidate:
    return DateCandidate(parsed.value, parsed.time, collapse_ws(raw or parsed.raw), source, where,
                         parsed.status, order, note, parsed.yearless)


def _year_from_url(candidate: DateCandidate, url_date: date | None, as_of: date | None) -> DateCandidate:
    """A year-less shown date takes the year of the page's URL date when month and day agree."""
    if not candidate.yearless or candidate.value is None or url_date is None:
        return candidate
    if (candidate.value.month, candidate.value.day) != (url_date.month, url_date.day):
        return candidate
    status = "future" if as_of is not None and url_date > as_of else "ok"
    return replace(candidate, value=url_date, status=status)


# ---------------------------------------------------------------- weighing

def _agreement(candidate: DateCandidate, others: list[DateCandidate]) -> int:
    """How many independent kinds of evidence (meta, URL, another visible source) give the same day."""
    if candidate.value is None:
        return 0
    return len({o.source for o in others
                if o is not candidate and o.source != "decoy" and o.source != candidate.source
                and o.value == candidate.value})


def _explained(winner: DateCandidate, candidates: list[DateCandidate]) -> list[DateCandidate]:
    out = []
    for c in candidates:
        if c is winner:
            note = f"采用：{_SOURCE_NAMES.get(c.source, c.source)}，在所有依据中最可靠"
            agreeing = sorted({_SOURCE_NAMES[o.source] for o in candidates
                               if o is not c and o.source in WEIGHTS and o.value == c.value})
            if agreeing:
                note += f"（与{'、'.join(agreeing)}一致）"
        elif c.note:
            note = c.note
        elif c.value == winner.value:
            note = f"与采用的日期一致（{_SOURCE_NAMES.get(c.source, c.source)}）"
        elif c.weight == winner.weight:
            note = "同类依据中位置靠后或旁证较少"
        else:
            note = f"{_SOURCE_NAMES.get(c.source, c.source)}不如{_SOURCE_NAMES.get(winner.source)}可靠"
        out.append(replace(c, note=note))
    return out


def weigh_publish_date(root, url: str, *, as_of: date | None = None,
                       selector: str | None = None) -> PublishDate:
    """Every publish-date candidate of a parsed page and the one a careful reader would take."""
    page = _VisibleText(root)
    end = len(page.text) + 1
    candidates = _selector_candidates(root, selector, as_of) if selector else []
    candidates += _text_candidates(page, as_of)
    if not any(c.source == "label" and c.value is not None for c in candidates):  # an element cannot beat
        candidates += _element_candidates(root, page, as_of)  # a valid label: only looked for without one
    candidates += _meta_candidates(root, as_of, end)
    candidates += _script_candidates(root, as_of, end + 10_000)
    url_date = date_from_url(url)
    candidates = [_year_from_url(c, url_date, as_of) for c in candidates]
    if url_date is not None:
        status = "future" if as_of is not None and url_date > as_of else "ok"
        candidates.append(DateCandidate(url_date, None, url_date.isoformat(), "url", "URL", status, end + 20_000))
    candidates = _dedupe(candidates)
    contenders = [c for c in candidates if c.source in WEIGHTS]
    if not contenders:
        return PublishDate(None, tuple(candidates))
    winner = max(contenders, key=lambda c: (c.weight, _agreement(c, contenders), -c.order))
    explained = _explained(winner, candidates)
    return PublishDate(explained[candidates.index(winner)], tuple(explained))


def _dedupe(candidates: list[DateCandidate]) -> list[DateCandidate]:
    """One candidate per (source, day, place): an element and the label inside it are the same evidence
    once, but the label keeps the stronger source."""
    seen: dict[tuple, DateCandidate] = {}
    for c in sorted(candidates, key=lambda c: c.order):
        key = (c.value, c.time, c.where) if c.source in SHOWN_SOURCES else (c.source, c.value, c.where)
        if key not in seen or c.weight > seen[key].weight:
            seen[key] = c
    return sorted(seen.values(), key=lambda c: c.order)
