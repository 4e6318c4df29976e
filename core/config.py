"""Read and validate ``sites.toml`` into frozen dataclasses, in one place.

Every error names the file, the key path, what was found and what is expected, so a user can fix it.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import Field, dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.selectors import selector_problem
from core.vocabulary import CATEGORIES, PAGINATION_STYLES, SITE_KINDS

# Problems a higher layer finds in a parsed config: (config, source file) -> messages.
ConfigChecks = Callable[["Config", str], list[str]]


class ConfigError(Exception):
    """A config file that cannot be used; the message lists every problem, where it is and how to fix it."""

    def __init__(self, problems: str | list[str]) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if len(self.problems) == 1 else
                         f"共 {len(self.problems)} 处问题：\n" + "\n".join(f"  {p}" for p in self.problems))


SECURITY = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class CrawlSettings:
    concurrency_per_host: int = 4
    concurrency_per_ip: int = 8
    delay: float = 0.0
    timeout: float = 15.0
    retries: int = 2
    max_pages_per_column: int = 200
    max_entries_per_column: int = 5000
    fetch_articles: bool = True
    obey_robots: bool = False
    user_agent: str = "Mozilla/5.0 (compatible; Patrol/0.1; +disclosure-patrol)"
    max_page_bytes: int = 8 * 1024 * 1024
    incremental: bool = True  # nightly runs read only what changed (`patrol run --full` re-reads everything)
    recheck_days: int = 7  # entry pages already read with a date are fetched again after this many days
    max_pages_per_site: int = 20_000  # answers per site and run (pages, API calls, link checks, retries)
    max_site_seconds: float = 3600.0  # wall time per site from its first request
    retry_after_max: float = 30.0  # longest Retry-After (429/503) waited for; a longer one is not retried
    check_links: bool = True  # check every link (off-site ones too) of the home, list and content pages (链接可用性)
    link_recheck_seconds: float = 120.0  # a link failing once is checked again this much later in the run (0: next run)
    link_skip_hosts: tuple[str, ...] = ()  # hosts (and their subdomains) never contacted: their links are not checked
    discovery_pages: int = 300  # pages read per site to find columns beyond the catalog (menus, 更多, frames); 0: none
    render: str = "auto"  # "auto": a list a script builds is rendered in headless Chromium; "never"
    render_pages: int = 20  # pages rendered per site and run
    render_seconds: float = 20.0  # longest rendering of one page
    sites_at_once: int = 64  # sites one process walks at once (memory grows with them); the next starts as one ends


# [crawl] keys that must be above zero (a zero timeout or budget would check nothing)
_POSITIVE_CRAWL = ("concurrency_per_host", "concurrency_per_ip", "timeout", "max_pages_per_column",
                   "max_entries_per_column", "max_page_bytes", "max_pages_per_site", "max_site_seconds",
                   "render_seconds", "sites_at_once")
RENDER_MODES = ("auto", "never")


_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?", re.I)  # a DNS name or an IPv4 address, no port


def _check_crawl(reader: _Reader, crawl: CrawlSettings) -> CrawlSettings:
    for name in _POSITIVE_CRAWL:
        if getattr(crawl, name) <= 0:
            reader.fail(f"crawl.{name}", getattr(crawl, name), "大于 0 的数")
    for i, host in enumerate(crawl.link_skip_hosts):
        if not _HOST.fullmatch(host):
            reader.fail(f"crawl.link_skip_hosts[{i}]", host,
                        "主机名（不含 http://、端口和路径），如 \"beian.miit.gov.cn\"；其子域名一并跳过")
    if crawl.render not in RENDER_MODES:
        reader.fail("crawl.render", crawl.render, "、".join(f'"{m}"' for m in RENDER_MODES))
    if crawl.discovery_pages < 0 or crawl.render_pages < 0:
        name = "discovery_pages" if crawl.discovery_pages < 0 else "render_pages"
        reader.fail(f"crawl.{name}", getattr(crawl, name), "不小于 0 的整数（0 表示不做）")
    if crawl.max_pages_per_site < crawl.max_pages_per_column:
        reader.fail("crawl.max_pages_per_site", crawl.max_pages_per_site,
                    f"不小于 max_pages_per_column（{crawl.max_pages_per_column}）的整数")
    return crawl


@dataclass(frozen=True)
class Overrides:
    """Per-site extraction overrides: CSS selectors, or XPath when they start with '/' or '('."""

    catalog_links: str | None = None
    list_item: str | None = None
    item_title: str | None = None
    item_date: str | None = None
    article_title: str | None = None
    article_date: str | None = None
    pagination: str = "auto"


@dataclass(frozen=True)
class ColumnConfig:
    name: str
    url: str | None = None
    category: str | None = None
    parent: str | None = None
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class SiteConfig:
    name: str
    url: str
    unit: str
    kind: str | None = None
    catalog: str | None = None
    columns: tuple[ColumnConfig, ...] = ()
    overrides: Overrides = Overrides()
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class UnitConfig:
    name: str
    email: str | None = None
    webhooks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exemption:
    reason: str
    site: str | None = None
    column: str | None = None
    rule: str | None = None
    expires: date | None = None


@dataclass(frozen=True)
class ScheduleConfig:
    inspect: str = "0 2 * * *"
    notify: str = "0 9 * * 1"
    timezone: str = "Asia/Shanghai"
    grace_minutes: int = 60
    log_file: str = "patrol-schedule.log"
    probe_every_seconds: int = 300  # how often the probe job wakes up; it probes only the sites that are due
    probes_per_day: int = 24  # home page probes per site and day (19号: 20 or more), spread by a per-site phase


@dataclass(frozen=True)
class ProbeSettings:
    """`patrol probe`: one cheap GET of each site's home page (站点可用性探测), with a hard time limit."""

    timeout: float = 15.0  # 19号: a page that has not opened within 15 s fails
    catalog: bool = False  # also probe the configured 信息公开目录 (recorded, not counted for the veto)
    concurrency: int = 32  # hosts probed at once; one request at a time per host
    delay: float = 1.0  # seconds between two probes of one host


@dataclass(frozen=True)
class ReviewSettings:
    """`[review]`: content review of pages and attachments (personal data, wording), for a person to confirm."""

    enabled: bool = False  # off by default: reading attachments costs run time; the office turns it on
    words: str = ""  # an office-editable words.toml (wrong forms, 规范表述, per-site allow-lists); "": shipped list
    max_files: int = 50  # attachments fetched per site and run
    max_bytes: int = 20 * 1024 * 1024  # largest attachment fetched
    file_seconds: float = 20.0  # longest reading of one attachment


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int = 25
    security: str = ""  # none | starttls | ssl; "" (not set) sends in clear like none, but never a password
    sender: str = "patrol@localhost"
    username_env: str | None = None
    password_env: str | None = None
    office: tuple[str, ...] = ()


@dataclass(frozen=True)
class NotifyConfig:
    office_name: str = "政务公开办公室"
    deadline_workdays: int = 5
    max_data_age_days: int = 2  # notify refuses data older than this (--allow-stale overrides)
    formats: tuple[str, ...] = ("xlsx", "docx", "html")
    out_dir: str = "notices-out"
    webhooks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: Path | None
    units: tuple[UnitConfig, ...]
    sites: tuple[SiteConfig, ...]
    crawl: CrawlSettings = CrawlSettings()
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    exemptions: tuple[Exemption, ...] = ()
    schedule: ScheduleConfig = ScheduleConfig()
    mail: MailConfig | None = None
    notify: NotifyConfig = NotifyConfig()
    database: str = "patrol.db"
    probe: ProbeSettings = ProbeSettings()
    review: ReviewSettings = ReviewSettings()

    def site(self, name_or_url: str) -> SiteConfig | None:
        for s in self.sites:
            if name_or_url in (s.name, s.url):
                return s
        return None

    def unit(self, name: str) -> UnitConfig | None:
        return next((u for u in self.units if u.name == name), None)


_EXPECTED = {"str": "字符串", "int": "整数", "float": "数字", "bool": "true 或 false", "list": "列表",
             "dict": "表（table）"}


def shown(value: Any) -> str:
    """How a found value is named in a message: a table or list by its kind, a scalar as written."""
    if isinstance(value, dict):
        return "一个表（table）"
    if isinstance(value, list):
        return f"一个列表（{len(value)} 项）"
    return repr(value)


def expected_name(kind: type | tuple) -> str:
    names = (kind,) if isinstance(kind, type) else kind
    return " 或 ".join(_EXPECTED.get(k.__name__, k.__name__) for k in names)


def suggestion(found: str, known: list[str] | set[str] | tuple[str, ...]) -> str:
    """'；是否指 catalog？' for a misspelt name close to a known one, else ''."""
    close = difflib.get_close_matches(found, sorted(known), n=1, cutoff=0.6)
    return f"；是否指 {close[0]}？" if close else ""


class _Reader:
    """Walks a parsed TOML table, checking keys and types; records every problem with its key path.

    A bad value is recorded and read as its default, so one pass lists every problem in the file.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{self.source}: {path}: {message}")

    def fail(self, path: str, found: Any, expected: str) -> None:
        self.problem(path, f"值为 {shown(found)}，应为{expected}")

    def table(self, data: Any, path: str, allowed: set[str]) -> dict[str, Any] | None:
        """``data`` if it is a table (unknown keys recorded); None when it is not a table."""
        if not isinstance(data, dict):
            self.fail(path, data, "表（table）")
            return None
        for key in data:
            if key not in allowed:
                hint = "、".join(sorted(allowed))
                self.problem(f"{path}.{key}" if path != TOP else key,
                             f"未知的键{suggestion(key, allowed)}（此处可用的键：{hint}）")
        return data

    def get(self, data: dict, key: str, path: str, kind: type | tuple, default: Any = None,
            required: bool = False) -> Any:
        where = f"{path}.{key}" if path != TOP else key
        if key not in data:
            if required:
                self.problem(where, "缺少此键（必填）")
            return default
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if (isinstance(value, bool) and kind in (int, float)) or not isinstance(value, kind):
            self.fail(where, value, expected_name(kind))
            return default
        return value

    def choice(self, data: dict, key: str, path: str, choices: tuple[str, ...], default: Any) -> Any:
        value = self.get(data, key, path, str, default)
        if value is not None and value not in choices:
            self.fail(f"{path}.{key}", value, "以下之一：" + "、".join(choices) + suggestion(value, choices))
            return default
        return value

    def url(self, data: dict, key: str, path: str, required: bool = False) -> str | None:
        value = self.get(data, key, path, str, required=required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self.fail(f"{path}.{key}", value, "以 http:// 或 https:// 开头的完整网址，如 \"http://www.example.gov.cn/\"")
        return value

    def strings(self, data: dict, key: str, path: str) -> tuple[str, ...]:
        value = self.get(data, key, path, list, [])
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{path}.{key}[{i}]", item, "字符串")
        return tuple(v for v in value if isinstance(v, str))

    def rule_params(self, data: dict, key: str, path: str) -> dict[str, dict[str, Any]]:
        value = self.get(data, key, path, dict, {})
        where = f"{path}.{key}" if path != TOP else key
        for rule_id, params in value.items():
            if not isinstance(params, dict):
                self.fail(f"{where}.{rule_id}", params, "规则参数表，如 [rules.column-stale]")
        return {k: v for k, v in value.items() if isinstance(v, dict)}

    def raise_problems(self) -> None:
        if self.problems:
            raise ConfigError(self.problems)


TOP = "(top level)"
_CONTROL = re.compile("[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ADDRESS_PART = r'[^@\s<>(),;:"\[\]\\]+'
_ADDRESS = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}")  # patrol@localhost is an address too
NAME_LIMIT = 200


def check_name(reader: _Reader, value: str | None, path: str) -> str | None:
    """A name that goes into notices, mail headers and file names: one line, printable, not blank."""
    if value is None:
        return None
    if not value.strip() or _CONTROL.search(value) or len(value) > NAME_LIMIT:
        reader.fail(path, value, f"一行名称，不含控制字符，长 1-{NAME_LIMIT} 个字符")
    return value


def split_addresses(text: str) -> list[str]:
    """The addresses of an ``email`` value: separated by commas or semicolons (also full-width)."""
    return [a.strip() for a in re.split(r"[,;，；]", text) if a.strip()]


def check_addresses(reader: _Reader, value: str | None, path: str) -> str | None:
    """E-mail addresses such as ``gk@jyj.qinghe.gov.cn``, several separated by commas."""
    if value is None:
        return None
    bad = [a for a in split_addresses(value) if not _ADDRESS.fullmatch(a)]
    if _CONTROL.search(value) or bad or not split_addresses(value):
        reader.fail(path, value, "电子邮件地址，如 \"gk@jyj.qinghe.gov.cn\"，多个用逗号分隔，不含换行")
    return value


def _dataclass_fields(cls: type[Any]) -> dict[str, Field[Any]]:
    return {f.name: f for f in fields(cls)}


def _simple(reader: _Reader, data: Any, path: str, cls: type[Any], choices: dict | None = None) -> Any:
    """Build a dataclass of plain scalar fields from a table, type-checked by its defaults."""
    known = _dataclass_fields(cls)
    table = reader.table(data, path, set(known))
    values: dict[str, Any] = {}
    for name, f in known.items():
        if table is None or name not in table:
            continue
        if choices and name in choices:
            value = reader.choice(table, name, path, choices[name], None)
        elif isinstance(f.default, tuple):
            value = reader.strings(table, name, path)
        elif isinstance(f.default, (bool, int, float)):
            value = reader.get(table, name, path, type(f.default))
        else:
            value = reader.get(table, name, path, str)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            reader.fail(f"{path}.{name}", value, "不为负的数")
            value = None
        if value is not None:
            values[name] = value
    try:
        return cls(**values)
    except TypeError:  # a required field (mail.host) that is missing or bad, already recorded
        return None


def _column(reader: _Reader, data: Any, path: str) -> ColumnConfig | None:
    table = reader.table(data, path, {"name", "url", "category", "parent", "rules"})
    if table is None:
        return None
    return ColumnConfig(
        name=reader.get(table, "name", path, str, required=True),
        url=reader.url(table, "url", path),
        category=reader.choice(table, "category", path, CATEGORIES, None),
        parent=reader.get(table, "parent", path, str),
        rules=reader.rule_params(table, "rules", path),
    )


def _site(reader: _Reader, data: Any, path: str, units: set[str]) -> SiteConfig | None:
    allowed = {"name", "url", "unit", "kind", "catalog", "columns", "overrides", "rules"}
    table = reader.table(data, path, allowed)
    if table is None:
        return None
    name = check_name(reader, reader.get(table, "name", path, str, required=True), f"{path}.name")
    unit = check_name(reader, reader.get(table, "unit", path, str, default=name), f"{path}.unit")
    if units and unit is not None and unit not in units:
        reader.fail(f"{path}.unit", unit, f"[[units]] 中声明的单位名称（{'、'.join(sorted(units))}）"
                    + suggestion(unit, units))
    columns = reader.get(table, "columns", path, list, [])
    overrides = _simple(reader, table.get("overrides", {}), f"{path}.overrides", Overrides,
                        {"pagination": PAGINATION_STYLES})
    overrides = _check_selectors(reader, overrides or Overrides(), f"{path}.overrides")
    # A missing name, url or unit is already a recorded problem: the site stands in as "" so the checks
    # of a higher layer still see its rules; the config is never returned.
    return SiteConfig(
        name=name or "",
        url=reader.url(table, "url", path, required=True) or "",
        unit=unit or "",
        kind=reader.choice(table, "kind", path, SITE_KINDS, None),
        catalog=reader.url(table, "catalog", path),
        columns=tuple(c for i, raw in enumerate(columns) if (c := _column(reader, raw, f"{path}.columns[{i}]"))),
        overrides=overrides,
        rules=reader.rule_params(table, "rules", path),
    )


SELECTOR_FIELDS = ("catalog_links", "list_item", "item_title", "item_date", "article_title", "article_date")


def _check_selectors(reader: _Reader, overrides: Overrides, path: str) -> Overrides:
    """Every CSS/XPath override must compile; a bad one is a config problem, read as unset."""
    bad: dict[str, Any] = {}  # selector fields set back to None
    for name in SELECTOR_FIELDS:
        expr = getattr(overrides, name)
        if expr is None:
            continue
        problem = selector_problem(expr)
        if problem is not None:
            reader.fail(f"{path}.{name}", expr, "有效的 CSS 选择器或 XPath 表达式（以 / 或 ( 开头为 XPath）"
                        f"；解析错误：{problem}")
            bad[name] = None
    return replace(overrides, **bad) if bad else overrides


def _exemption(reader: _Reader, data: Any, path: str, sites: list[str]) -> Exemption | None:
    table = reader.table(data, path, {"site", "column", "rule", "reason", "expires"})
    if table is None:
        return None
    expires = table.get("expires")
    if expires is not None and not isinstance(expires, date):
        reader.fail(f"{path}.expires", expires, "日期，如 2026-12-31（不加引号）")
        expires = None
    ex = Exemption(
        reason=reader.get(table, "reason", path, str, required=True),
        site=reader.get(table, "site", path, str),
        column=reader.get(table, "column", path, str),
        rule=reader.get(table, "rule", path, str),
        expires=expires,
    )
    if not (ex.site or ex.column or ex.rule):
        reader.problem(path, "豁免至少需要 site、column、rule 中的一项")
    if ex.site is not None and ex.site not in sites:
        reader.fail(f"{path}.site", ex.site, "[[sites]] 中某个站点的名称（"
                    + ("、".join(sites) or "配置中没有站点") + "）" + suggestion(ex.site, sites))
    return ex


def _units(r: _Reader, top: dict) -> tuple[UnitConfig, ...]:
    units = []
    for i, u in enumerate(r.get(top, "units", TOP, list, [])):
        table = r.table(u, f"units[{i}]", {"name", "email", "webhooks"})
        if table is None:
            continue
        units.append(UnitConfig(
            name=check_name(r, r.get(table, "name", f"units[{i}]", str, required=True), f"units[{i}].name") or "",
            email=check_addresses(r, r.get(table, "email", f"units[{i}]", str), f"units[{i}].email"),
            webhooks=r.strings(table, "webhooks", f"units[{i}]"),
        ))
    return tuple(units)


def _mail(r: _Reader, top: dict) -> MailConfig | None:
    if "mail" not in top:
        return None
    mail = _simple(r, top["mail"], "mail", MailConfig, {"security": SECURITY})
    if isinstance(top["mail"], dict) and "host" not in top["mail"]:
        r.problem("mail.host", "缺少此键（必填）")
    if mail is not None:
        check_addresses(r, mail.sender, "mail.sender")
        for i, address in enumerate(mail.office):
            check_addresses(r, address, f"mail.office[{i}]")
    return mail


def parse_config(data: dict[str, Any], source: str = "<config>", path: Path | None = None,
                 checks: ConfigChecks | None = None) -> Config:
    """Validate a parsed TOML document into a :class:`Config`; raise one ConfigError listing every problem.

    ``checks`` adds the problems a higher layer finds (the rules: unknown rule ids and parameters).
    """
    r = _Reader(source)
    top = r.table(data, TOP, {"database", "crawl", "units", "sites", "rules",
                              "exemptions", "schedule", "mail", "notify", "probe", "review"}) or {}
    units = _units(r, top)
    unit_names = {u.name for u in units if u.name}
    sites_raw = r.get(top, "sites", TOP, list, [])
    sites = tuple(s for i, raw in enumerate(sites_raw) if (s := _site(r, raw, f"sites[{i}]", unit_names)))
    seen: set[str] = set()
    for i, s in enumerate(sites):
        if s.name in seen:
            r.problem(f"sites[{i}].name", f"{s.name!r} 已被另一个站点使用；站点名称不能重复")
        seen.add(s.name)
    # Units named only by sites are implied, with no contact address.
    implied = tuple(UnitConfig(name=s.unit) for s in sites if s.unit not in unit_names)
    units = units + tuple({u.name: u for u in implied}.values())
    mail = _mail(r, top)
    notify = _simple(r, top.get("notify", {}), "notify", NotifyConfig) or NotifyConfig()
    check_name(r, notify.office_name, "notify.office_name")
    site_names = [s.name for s in sites if s.name]
    config = Config(
        path=path,
        units=units,
        sites=sites,
        crawl=_check_crawl(r, _simple(r, top.get("crawl", {}), "crawl", CrawlSettings) or CrawlSettings()),
        rules=r.rule_params(top, "rules", TOP),
        exemptions=tuple(e for i, raw in enumerate(r.get(top, "exemptions", TOP, list, []))
                         if (e := _exemption(r, raw, f"exemptions[{i}]", site_names))),
        schedule=_schedule(r, top.get("schedule", {})),
        mail=mail,
        notify=notify,
        database=r.get(top, "database", TOP, str, "patrol.db"),
        probe=_probe_settings(r, top.get("probe", {})),
        review=_review_settings(r, top.get("review", {})),
    )
    if checks is not None:
        r.problems += checks(config, source)
    r.raise_problems()
    return config


def _schedule(reader: _Reader, data: Any) -> ScheduleConfig:
    """The ``[schedule]`` table; the probe job needs a positive interval and at least one probe a day."""
    schedule = _simple(reader, data, "schedule", ScheduleConfig) or ScheduleConfig()
    for key in ("probe_every_seconds", "probes_per_day"):
        if getattr(schedule, key) < 1:
            reader.fail(f"schedule.{key}", getattr(schedule, key), "不小于 1 的整数")
    return schedule


def _probe_settings(reader: _Reader, data: Any) -> ProbeSettings:
    """The ``[probe]`` table: a time limit above zero, at least one host at a time."""
    probe = _simple(reader, data, "probe", ProbeSettings) or ProbeSettings()
    if probe.timeout <= 0:
        reader.fail("probe.timeout", probe.timeout, "大于 0 的秒数（19号：15）")
    if probe.concurrency < 1:
        reader.fail("probe.concurrency", probe.concurrency, "不小于 1 的整数")
    return probe


def _review_settings(reader: _Reader, data: Any) -> ReviewSettings:
    """The ``[review]`` table: positive caps per run, per file and per second."""
    review = _simple(reader, data, "review", ReviewSettings) or ReviewSettings()
    for key in ("max_files", "max_bytes", "file_seconds"):
        if getattr(review, key) <= 0:
            reader.fail(f"review.{key}", getattr(review, key), "大于 0 的数")
    return review


def load_config(path: str | Path, checks: ConfigChecks | None = None) -> Config:
    """Read a ``sites.toml`` file; raise :class:`ConfigError` naming the file and listing every problem
    (with ``checks``, the problems a higher layer finds too: ``rules.catalogue.config_problems``)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: 文件不存在；请先创建（patrol demo 会写出一份示例配置 sites.toml），或用 --config 指定")
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: 不是 UTF-8 编码的文本；请以 UTF-8 编码保存")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第 {where[1]} 行第 {where[2]} 列附近" if where else ""
        raise ConfigError(f"{p}: 不是有效的 TOML，{at}有语法错误（{exc}）")
    return relative_to_file(parse_config(data, str(p), p, checks))


def relative_to_file(config: Config) -> Config:
    """Read relative ``database``, ``[notify] out_dir`` and ``[schedule] log_file`` from the config's folder.

    Running from another folder must not start a second, empty history next to the current directory.
    """
    if config.path is None:
        return config
    folder = config.path.resolve().parent

    def resolve(value: str) -> str:
        return value if Path(value).is_absolute() else str(folder / value)

    review = replace(config.review, words=resolve(config.review.words)) if config.review.words else config.review
    return replace(config, database=resolve(config.database), review=review,
                   notify=replace(config.notify, out_dir=resolve(config.notify.out_dir)),
                   schedule=replace(config.schedule, log_file=resolve(config.schedule.log_file)))
