"""Chinese date recognition: every common date form, with optional time, as found on portal pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

MIN_YEAR, MAX_YEAR = 1949, 2100

# One-to-one character folding, so match offsets in the folded text are offsets in the original.
_FOLD_FROM = "０１２３４５６７８９－／．：∶（）［］【】\u00a0\u3000\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FOLD_TO = "0123456789-/.::()[][]  -------"
# str.translate looks every character of a CJK text up in the table (about 0.1 µs each); the characters to
# fold are few, so they are found by one character class and only they are replaced
_FOLDED = dict(zip(_FOLD_FROM, _FOLD_TO, strict=True))
_FOLD_RE = re.compile("[" + "".join(re.escape(c) for c in _FOLD_FROM) + "]")


def _fold_one(match: re.Match) -> str:
    return _FOLDED[match.group()]


def fold(text: str) -> str:
    """Full-width digits and punctuation, odd dashes and spaces made ASCII, one character for one (so offsets
    in the folded text are offsets in the original)."""
    return _FOLD_RE.sub(_fold_one, text)


_GAP = r"(?:\s|&nbsp;|&#32;|&#160;)"
_TIME = (
    rf"(?:(?:T|{_GAP}+)(?:(?P<hh>[01]?\d|2[0-3])\s?:\s?(?P<mi>[0-5]\d)(?::(?P<ss>[0-5]\d))?(?!\d)"
    r"|(?P<chh>[01]?\d|2[0-3])\s?[时点]\s?(?P<cmi>[0-5]?\d)\s?分))?"
)
_FULL = (
    r"(?<![\d/.\-])(?P<y>\d{4})"
    r"(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])(?![-/.]\d)"
    r"|\s?年\s?(?P<cm>\d{1,2})\s?月\s?(?P<cd>\d{1,2})\s?[日号]?(?!\d))"
)
_YEARLESS = (
    r"(?<![\d/.\-年])(?:(?P<ym>0[1-9]|1[0-2])-(?P<yd>0[1-9]|[12]\d|3[01])(?![\d\-/.月日号])"
    r"|(?P<ycm>\d{1,2})\s?月\s?(?P<ycd>\d{1,2})\s?[日号])"
)
_DATE_RE = re.compile(rf"(?:{_FULL}|{_YEARLESS}){_TIME}")
# Every form starts with a digit that follows no digit (the look-behinds), so a date can only start where a
# run of digits starts: the runs are found by a scan that skips non-digits in C, and the date pattern is
# tried there only, instead of at every character of a page's text.
_DIGITS_RE = re.compile(r"\d+")


def _date_matches(folded: str):
    """``_DATE_RE.finditer(folded)``: the same matches, tried only where a run of digits starts."""
    end = 0
    for run in _DIGITS_RE.finditer(folded):
        start = run.start()
        if start < end:
            continue
        match = _DATE_RE.match(folded, start)
        if match is not None:
            end = match.end()
            yield match


@dataclass(frozen=True)
class ParsedDate:
    """A date recognised in text; value is None when the form is a date but the date is impossible."""

    value: date | None
    raw: str
    time: str | None
    status: str  # "ok" | "invalid" | "future"
    yearless: bool = False


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve_yearless(month: int, day: int, as_of: date) -> date | None:
    """The latest year whose (month, day) does not fall after as_of; None when the day never exists."""
    for year in range(as_of.year, as_of.year - 9, -1):
        value = _make(year, month, day)
        if value is not None and value <= as_of:
            return value
    return None


def _time(match: re.Match) -> str | None:
    if match.group("hh") is not None:
        return f"{int(match.group('hh')):02d}:{match.group('mi')}"
    if match.group("chh") is not None:  # 13时44分
        return f"{int(match.group('chh')):02d}:{int(match.group('cmi')):02d}"
    return None


def _status(value: date | None, as_of: date | None) -> str:
    if value is None:
        return "invalid"
    if as_of is not None and value > as_of:
        return "future"
    return "ok"


def _from_match(match: re.Match, original: str, as_of: date | None) -> ParsedDate | None:
    raw = original[match.start() : match.end()].strip()
    if match.group("y") is not None:
        year = int(match.group("y"))
        if not MIN_YEAR <= year <= MAX_YEAR:
            return None
        month = int(match.group("m") or match.group("cm"))
        day = int(match.group("d") or match.group("cd"))
        value = _make(year, month, day)
        return ParsedDate(value, raw, _time(match), _status(value, as_of))
    if as_of is None:
        return None
    month = int(match.group("ym") or match.group("ycm"))
    day = int(match.group("yd") or match.group("ycd"))
    value = _resolve_yearless(month, day, as_of)
    return ParsedDate(value, raw, _time(match), _status(value, as_of), yearless=True)


def iter_dates(text: str, as_of: date | None = None):
    """(start, end, ParsedDate) for every date in text, in order; offsets index the original text."""
    if not text:
        return
    folded = fold(text)
    for match in _date_matches(folded):
        parsed = _from_match(match, text, as_of)
        if parsed is not None:
            yield match.start(), match.end(), parsed


def find_dates(text: str, as_of: date | None = None) -> list[ParsedDate]:
    """Every date in text, in order. Year-less dates are only returned when as_of is given."""
    if not text:
        return []
    folded = fold(text)
    found = []
    for match in _date_matches(folded):
        parsed = _from_match(match, text, as_of)
        if parsed is not None:
            found.append(parsed)
    return found


def parse_date(text: str, as_of: date | None = None) -> ParsedDate | None:
    """The first date in text, or None."""
    if not text:
        return None
    folded = fold(text)
    for match in _date_matches(folded):
        parsed = _from_match(match, text, as_of)
        if parsed is not None:
            return parsed
    return None


_URL_PATTERNS = (
    re.compile(r"/t(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})_\d+"),  # TRS t20261118_123.html
    re.compile(r"/art/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # Hanweb
    re.compile(r"/(?P<y>\d{4})-(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # /2026-11/18/
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})-(?P<d>\d{2})/"),  # /2022/08-11/
    re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/"),  # /20261118/
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})/"),  # /2026/1118/
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # /2026/11/18/
)


def date_from_url(url: str) -> date | None:
    """The publish date encoded in an article URL path (TRS, Hanweb, dated folders), or None."""
    if not url:
        return None
    path = urlsplit(url).path
    for pattern in _URL_PATTERNS:
        for match in pattern.finditer(path):
            year = int(match.group("y"))
            if not MIN_YEAR <= year <= MAX_YEAR:
                continue
            value = _make(year, int(match.group("m")), int(match.group("d")))
            if value is not None:
                return value
    return None


_LOOSE_RE = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[-T\s]*(?P<hh>\d{1,2})\s*[:时]\s*(?P<mi>\d{1,2}))?"
)


def parse_machine_date(value: str, as_of: date | None = None) -> ParsedDate | None:
    """A date written for machines (meta content, script variable), which may join date and time
    with '-' ('2007-08-20-23:59:59'); None when the value does not start with a date."""
    match = _LOOSE_RE.match(fold(value)) if value else None
    if match is None or not MIN_YEAR <= int(match.group("y")) <= MAX_YEAR:
        return None
    value_date = _make(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    clock = f"{int(match.group('hh')):02d}:{int(match.group('mi')):02d}" if match.group("hh") else None
    return ParsedDate(value_date, value[: match.end()].strip(), clock, _status(value_date, as_of))


_LEAD_RE = re.compile(r"[\s\[(]*")


def date_at_start(text: str, as_of: date | None = None) -> ParsedDate | None:
    """The date that text starts with (after whitespace or an opening bracket), or None."""
    if not text:
        return None
    folded = fold(text)
    lead = _LEAD_RE.match(folded)  # always matches, perhaps empty
    start = lead.end() if lead else 0
    match = _DATE_RE.match(folded, start)
    return _from_match(match, text, as_of) if match else None
