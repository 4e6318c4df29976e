"""Read and validate ``sites.toml`` into frozen dataclasses, in one place.

Every error names the file, the key path, what was found and what is expected, so a user can fix it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A config file that cannot be used; the message says where and how to fix it."""


SITE_KINDS = ("government", "department")
CATEGORIES = ("dynamic", "notice", "policy", "personnel", "planning", "budget", "annual", "none")
PAGINATION_STYLES = ("auto", "trs", "hanweb", "next-link", "page-query", "none")
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
    max_pages_per_site: int = 20_000  # answers per site and run (pages, API calls, link checks, retries)
    max_site_seconds: float = 3600.0  # wall time per site from its first request
    retry_after_max: float = 30.0  # longest Retry-After (429/503) waited for; a longer one is not retried


# [crawl] keys that must be above zero (a zero timeout or budget would check nothing)
_POSITIVE_CRAWL = ("concurrency_per_host", "concurrency_per_ip", "timeout", "max_pages_per_column",
                   "max_entries_per_column", "max_page_bytes", "max_pages_per_site", "max_site_seconds")


def _check_crawl(reader: _Reader, crawl: CrawlSettings) -> CrawlSettings:
    for name in _POSITIVE_CRAWL:
        if getattr(crawl, name) <= 0:
            raise reader.fail(f"crawl.{name}", getattr(crawl, name), "a number above zero")
    if crawl.max_pages_per_site < crawl.max_pages_per_column:
        raise ConfigError(f"{reader.source}: crawl.max_pages_per_site: found {crawl.max_pages_per_site}, "
                          f"expected at least max_pages_per_column ({crawl.max_pages_per_column})")
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


@dataclass(frozen=True)
class MailConfig:
    host: str
    port: int = 25
    security: str = "none"
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

    def site(self, name_or_url: str) -> SiteConfig | None:
        for s in self.sites:
            if name_or_url in (s.name, s.url):
                return s
        return None

    def unit(self, name: str) -> UnitConfig | None:
        return next((u for u in self.units if u.name == name), None)


class _Reader:
    """Walks a parsed TOML table, checking keys and types and naming the path on error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, found: Any, expected: str) -> ConfigError:
        shown = repr(found) if not isinstance(found, dict) else "a table"
        return ConfigError(f"{self.source}: {path}: found {shown}, expected {expected}")

    def table(self, data: Any, path: str, allowed: set[str]) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(path, data, "a table")
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                raise ConfigError(f"{self.source}: {path}.{key}: unknown key; allowed keys here: {hint}")
        return data

    def get(self, data: dict, key: str, path: str, kind: type | tuple, default: Any = None,
            required: bool = False) -> Any:
        if key not in data:
            if required:
                raise ConfigError(f"{self.source}: {path}.{key}: missing; this key is required")
            return default
        value = data[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if isinstance(value, bool) and kind in (int, float):
            raise self.fail(f"{path}.{key}", value, kind.__name__)
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            expected = {"str": "a string", "int": "an integer", "float": "a number",
                        "bool": "true or false", "list": "a list"}.get(names, names)
            raise self.fail(f"{path}.{key}", value, expected)
        return value

    def choice(self, data: dict, key: str, path: str, choices: tuple[str, ...], default: Any) -> Any:
        value = self.get(data, key, path, str, default)
        if value is not None and value not in choices:
            raise self.fail(f"{path}.{key}", value, "one of " + ", ".join(choices))
        return value

    def url(self, data: dict, key: str, path: str, required: bool = False) -> str | None:
        value = self.get(data, key, path, str, required=required)
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise self.fail(f"{path}.{key}", value, "an http:// or https:// URL such as "
                            "\"http://www.example.gov.cn/\"")
        return value

    def strings(self, data: dict, key: str, path: str) -> tuple[str, ...]:
        value = self.get(data, key, path, list, [])
        for i, item in enumerate(value):
            if not isinstance(item, str):
                raise self.fail(f"{path}.{key}[{i}]", item, "a string")
        return tuple(value)

    def rule_params(self, data: dict, key: str, path: str) -> dict[str, dict[str, Any]]:
        value = self.get(data, key, path, dict, {})
        for rule_id, params in value.items():
            if not isinstance(params, dict):
                raise self.fail(f"{path}.{key}.{rule_id}", params, "a table of rule parameters")
        return value


_CONTROL = re.compile("[\x00-\x1f\x7f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_ADDRESS_PART = r'[^@\s<>(),;:"\[\]\\]+'
_ADDRESS = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}")  # patrol@localhost is an address too
NAME_LIMIT = 200


def check_name(reader: _Reader, value: str | None, path: str) -> str | None:
    """A name that goes into notices, mail headers and file names: one line, printable, not blank."""
    if value is None:
        return None
    if not value.strip() or _CONTROL.search(value) or len(value) > NAME_LIMIT:
        raise reader.fail(path, value, f"a name on one line, without control characters, 1-{NAME_LIMIT} characters")
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
        raise reader.fail(path, value, "e-mail addresses such as \"gk@jyj.qinghe.gov.cn\", "
                          "several separated by commas, without line breaks")
    return value


def _dataclass_fields(cls: type) -> dict[str, Any]:
    return {name: f for name, f in cls.__dataclass_fields__.items()}


def _simple(reader: _Reader, data: Any, path: str, cls: type, choices: dict | None = None) -> Any:
    """Build a dataclass of plain scalar fields from a table, type-checked by its defaults."""
    fields = _dataclass_fields(cls)
    table = reader.table(data, path, set(fields))
    values: dict[str, Any] = {}
    for name, f in fields.items():
        if name not in table:
            continue
        if choices and name in choices:
            values[name] = reader.choice(table, name, path, choices[name], None)
            continue
        default = f.default
        if isinstance(default, tuple):
            values[name] = reader.strings(table, name, path)
        elif isinstance(default, bool):
            values[name] = reader.get(table, name, path, bool)
        elif isinstance(default, int):
            values[name] = reader.get(table, name, path, int)
        elif isinstance(default, float):
            values[name] = reader.get(table, name, path, float)
        else:
            values[name] = reader.get(table, name, path, str)
        value = values[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise reader.fail(f"{path}.{name}", values[name], "a number that is not negative")
    return cls(**values)


def _column(reader: _Reader, data: Any, path: str) -> ColumnConfig:
    table = reader.table(data, path, {"name", "url", "category", "parent", "rules"})
    return ColumnConfig(
        name=reader.get(table, "name", path, str, required=True),
        url=reader.url(table, "url", path),
        category=reader.choice(table, "category", path, CATEGORIES, None),
        parent=reader.get(table, "parent", path, str),
        rules=reader.rule_params(table, "rules", path),
    )


def _site(reader: _Reader, data: Any, path: str, units: set[str]) -> SiteConfig:
    allowed = {"name", "url", "unit", "kind", "catalog", "columns", "overrides", "rules"}
    table = reader.table(data, path, allowed)
    name = check_name(reader, reader.get(table, "name", path, str, required=True), f"{path}.name")
    unit = check_name(reader, reader.get(table, "unit", path, str, default=name), f"{path}.unit")
    if units and unit not in units:
        raise ConfigError(f"{reader.source}: {path}.unit: found {unit!r}, expected the name of a "
                          f"unit declared under [[units]] ({', '.join(sorted(units))})")
    columns = reader.get(table, "columns", path, list, [])
    overrides = _simple(reader, table.get("overrides", {}), f"{path}.overrides", Overrides,
                        {"pagination": PAGINATION_STYLES})
    return SiteConfig(
        name=name,
        url=reader.url(table, "url", path, required=True),
        unit=unit,
        kind=reader.choice(table, "kind", path, SITE_KINDS, None),
        catalog=reader.url(table, "catalog", path),
        columns=tuple(_column(reader, c, f"{path}.columns[{i}]") for i, c in enumerate(columns)),
        overrides=overrides,
        rules=reader.rule_params(table, "rules", path),
    )


def _exemption(reader: _Reader, data: Any, path: str) -> Exemption:
    table = reader.table(data, path, {"site", "column", "rule", "reason", "expires"})
    expires = table.get("expires")
    if expires is not None and not isinstance(expires, date):
        raise reader.fail(f"{path}.expires", expires, "a date such as 2026-12-31 (no quotes)")
    ex = Exemption(
        reason=reader.get(table, "reason", path, str, required=True),
        site=reader.get(table, "site", path, str),
        column=reader.get(table, "column", path, str),
        rule=reader.get(table, "rule", path, str),
        expires=expires,
    )
    if not (ex.site or ex.column or ex.rule):
        raise ConfigError(f"{reader.source}: {path}: an exemption needs at least one of site, "
                          "column or rule")
    return ex


def parse_config(data: dict[str, Any], source: str = "<config>", path: Path | None = None) -> Config:
    """Validate a parsed TOML document into a :class:`Config`."""
    r = _Reader(source)
    top = r.table(data, "(top level)", {"database", "crawl", "units", "sites", "rules",
                                        "exemptions", "schedule", "mail", "notify"})
    units = tuple(
        UnitConfig(
            name=check_name(r, r.get(r.table(u, f"units[{i}]", {"name", "email", "webhooks"}), "name",
                                     f"units[{i}]", str, required=True), f"units[{i}].name"),
            email=check_addresses(r, r.get(u, "email", f"units[{i}]", str), f"units[{i}].email"),
            webhooks=r.strings(u, "webhooks", f"units[{i}]"),
        )
        for i, u in enumerate(r.get(top, "units", "(top level)", list, []))
    )
    unit_names = {u.name for u in units}
    sites_raw = r.get(top, "sites", "(top level)", list, [])
    sites = tuple(_site(r, s, f"sites[{i}]", unit_names) for i, s in enumerate(sites_raw))
    seen: set[str] = set()
    for i, s in enumerate(sites):
        if s.name in seen:
            raise ConfigError(f"{source}: sites[{i}].name: {s.name!r} is used by two sites; "
                              "site names must be unique")
        seen.add(s.name)
    # Units named only by sites are implied, with no contact address.
    implied = tuple(UnitConfig(name=s.unit) for s in sites if s.unit not in unit_names)
    units = units + tuple({u.name: u for u in implied}.values())
    mail = None
    if "mail" in top:
        mail = _simple(r, top["mail"], "mail", MailConfig, {"security": SECURITY}) \
            if "host" in top["mail"] else None
        if mail is None:
            raise ConfigError(f"{source}: mail.host: missing; this key is required")
        check_addresses(r, mail.sender, "mail.sender")
        for i, address in enumerate(mail.office):
            check_addresses(r, address, f"mail.office[{i}]")
    notify = _simple(r, top.get("notify", {}), "notify", NotifyConfig)
    check_name(r, notify.office_name, "notify.office_name")
    return Config(
        path=path,
        units=units,
        sites=sites,
        crawl=_check_crawl(r, _simple(r, top.get("crawl", {}), "crawl", CrawlSettings)),
        rules=r.rule_params(top, "rules", "(top level)"),
        exemptions=tuple(_exemption(r, e, f"exemptions[{i}]")
                         for i, e in enumerate(r.get(top, "exemptions", "(top level)", list, []))),
        schedule=_simple(r, top.get("schedule", {}), "schedule", ScheduleConfig),
        mail=mail,
        notify=notify,
        database=r.get(top, "database", "(top level)", str, "patrol.db"),
    )


def load_config(path: str | Path) -> Config:
    """Read a ``sites.toml`` file; raise :class:`ConfigError` naming the file on any problem."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{p}: no such file; create it (see sites.example.toml) or pass --config")
    except UnicodeDecodeError:
        raise ConfigError(f"{p}: not UTF-8 text; save the file as UTF-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}")
    return relative_to_file(parse_config(data, str(p), p))


def relative_to_file(config: Config) -> Config:
    """Read relative ``database``, ``[notify] out_dir`` and ``[schedule] log_file`` from the config's folder.

    Running from another folder must not start a second, empty history next to the current directory.
    """
    if config.path is None:
        return config
    folder = config.path.resolve().parent

    def resolve(value: str) -> str:
        return value if Path(value).is_absolute() else str(folder / value)

    return replace(config, database=resolve(config.database),
                   notify=replace(config.notify, out_dir=resolve(config.notify.out_dir)),
                   schedule=replace(config.schedule, log_file=resolve(config.schedule.log_file)))
