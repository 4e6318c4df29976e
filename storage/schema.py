"""The database schema and its migrations.

The schema version is ``PRAGMA user_version``. ``MIGRATIONS[i]`` moves a database from version ``i`` to
``i + 1``; each runs in its own ``BEGIN IMMEDIATE`` transaction together with the version bump, so a
killed process leaves the database at a whole version and two processes opening a new file do not race.
Append new migrations; never edit one that has shipped.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from core.readonly_db import connect_read_only
from core.secrets import mask_url
from storage.faults import NewerSchema, opened

BUSY_TIMEOUT_S = 30.0

_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('run', 'check', 'demo')),
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'failed', 'interrupted')),
    as_of TEXT NOT NULL,
    config TEXT,
    pid INTEGER,
    resumes INTEGER NOT NULL DEFAULT 0,
    sites INTEGER NOT NULL DEFAULT 0,
    "columns" INTEGER NOT NULL DEFAULT 0,
    entries INTEGER NOT NULL DEFAULT 0,
    pages INTEGER NOT NULL DEFAULT 0,
    errors INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX runs_kind ON runs (kind, id);

CREATE TABLE units (
    name TEXT PRIMARY KEY,
    email TEXT,
    webhooks TEXT NOT NULL DEFAULT '[]',
    in_config INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sites (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    unit TEXT REFERENCES units (name),
    kind TEXT,
    catalog TEXT,
    in_config INTEGER NOT NULL DEFAULT 0,
    status INTEGER,
    error TEXT,
    identifiers TEXT NOT NULL DEFAULT '{}',
    home_dates TEXT NOT NULL DEFAULT '[]',
    home_entries TEXT NOT NULL DEFAULT '[]',
    last_run INTEGER REFERENCES runs (id)
);
CREATE INDEX sites_unit ON sites (unit);

CREATE TABLE "columns" (
    id TEXT PRIMARY KEY,
    site TEXT NOT NULL REFERENCES sites (name),
    name TEXT NOT NULL,
    url TEXT,
    parent TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('list', 'page', 'group')),
    category TEXT,
    status INTEGER,
    error TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    page_date TEXT,
    entry_count INTEGER,
    latest TEXT,
    walked_run INTEGER REFERENCES runs (id),
    first_run INTEGER REFERENCES runs (id),
    last_run INTEGER REFERENCES runs (id)
);
CREATE INDEX columns_site_run ON "columns" (site, last_run);
CREATE INDEX columns_walked ON "columns" (walked_run);

CREATE TABLE entries (
    id TEXT PRIMARY KEY,
    column_id TEXT NOT NULL REFERENCES "columns" (id),
    site TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL,
    list_date TEXT,
    list_date_raw TEXT,
    list_date_status TEXT,
    published TEXT,
    published_raw TEXT,
    published_from TEXT,
    article_title TEXT,
    status INTEGER,
    first_run INTEGER NOT NULL,
    last_run INTEGER NOT NULL,
    listed_run INTEGER,
    removed_run INTEGER
);
CREATE INDEX entries_column ON entries (column_id);
CREATE INDEX entries_url ON entries (url);
CREATE INDEX entries_site ON entries (site);

CREATE TABLE pages (
    url TEXT PRIMARY KEY,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    encoding TEXT,
    fetched_at TEXT NOT NULL,
    run_id INTEGER REFERENCES runs (id)
);
CREATE INDEX pages_run ON pages (run_id);

CREATE TABLE findings (
    key TEXT PRIMARY KEY,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    site TEXT NOT NULL,
    "column" TEXT,
    url TEXT,
    message TEXT NOT NULL,
    evidence TEXT NOT NULL DEFAULT '{}',
    state TEXT NOT NULL CHECK (state IN ('new', 'open', 'fixed', 'reopened')),
    exempt_reason TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    fixed_at TEXT,
    first_run INTEGER,
    last_run INTEGER,
    times_fixed INTEGER NOT NULL DEFAULT 0,
    eval_run INTEGER,
    prev TEXT
);
CREATE INDEX findings_site ON findings (site, state);

CREATE TABLE notices (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    unit TEXT NOT NULL,
    week TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('file', 'email', 'webhook')),
    target TEXT,
    files TEXT NOT NULL DEFAULT '[]',
    finding_keys TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('sent', 'failed', 'pending')),
    error TEXT,
    created TEXT NOT NULL,
    sent_at TEXT
);
CREATE INDEX notices_unit_week ON notices (unit, week);
"""


def _v1(conn: sqlite3.Connection) -> None:
    """The first schema: runs, units, sites, columns, entries, pages, findings, notices."""
    for statement in _V1.split(";"):
        if statement.strip():
            conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """The home page's title on sites; one evaluation row per run and site (score and verdict)."""
    conn.execute("ALTER TABLE sites ADD COLUMN title TEXT")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS evaluations (
            run_id INTEGER NOT NULL,
            site TEXT NOT NULL,
            as_of TEXT NOT NULL,
            score REAL,
            verdict TEXT,
            veto INTEGER,
            deduct INTEGER,
            warn INTEGER,
            PRIMARY KEY (run_id, site)
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS evaluations_site ON evaluations (site, as_of)")


def _v3(conn: sqlite3.Connection) -> None:
    """What each issued notice told a unit (with its 整改 deadline), and one row per scheduled job run.

    ``IF NOT EXISTS``: databases of this session's first builds created them outside the migrations.
    """
    conn.execute("""
        CREATE TABLE IF NOT EXISTS notice_items (
            unit TEXT NOT NULL,
            week TEXT NOT NULL,
            key TEXT NOT NULL,
            as_of TEXT NOT NULL,
            section TEXT NOT NULL CHECK (section IN ('new', 'open', 'fixed', 'exempted')),
            first_notified TEXT,
            deadline TEXT,
            PRIMARY KEY (unit, week, key)
        )""")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS schedule_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job TEXT NOT NULL,
            scheduled TEXT,
            started TEXT NOT NULL,
            ended TEXT,
            pid INTEGER,
            exit_code INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running', 'success', 'failed', 'skipped', 'interrupted')),
            message TEXT
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS schedule_log_job ON schedule_log (job, id)")


def _v4(conn: sqlite3.Connection) -> None:
    """Where each site's 信息公开目录 was found by its last crawl, and what was tried (JSON; NULL = never)."""
    conn.execute("ALTER TABLE sites ADD COLUMN discovery TEXT")


def _v5(conn: sqlite3.Connection) -> None:
    """Redirects and blocks as evidence: where a site's home page or a column's first page ended up
    (``final_url``), the hops that led there (``redirects``, JSON: url, status, to) and, when a WAF / anti-bot
    layer answered instead of the page, its reason (``blocked``)."""
    for table in ("sites", '"columns"'):
        conn.execute(f"ALTER TABLE {table} ADD COLUMN final_url TEXT")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN redirects TEXT NOT NULL DEFAULT '[]'")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN blocked TEXT")


def _v6(conn: sqlite3.Connection) -> None:
    """Availability probes (站点可用性探测): one row per probe of a site's home page (or catalog), with its
    local ``day``; the view ``availability`` sums them per site, day and target."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS probes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            site TEXT NOT NULL,
            target TEXT NOT NULL CHECK (target IN ('home', 'catalog')),
            url TEXT NOT NULL,
            ts REAL NOT NULL,
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            status INTEGER NOT NULL,
            elapsed REAL NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'fail', 'blocked')),
            cause TEXT,
            error TEXT,
            final_url TEXT
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS probes_site_day ON probes (site, target, day)")
    conn.execute("""
        CREATE VIEW IF NOT EXISTS availability AS
        SELECT site, day, target, count(*) AS probes,
               sum(outcome = 'fail') AS failures, sum(outcome = 'blocked') AS blocked,
               round(100.0 * sum(outcome = 'fail') / nullif(sum(outcome != 'blocked'), 0), 2) AS failure_pct,
               round(max(elapsed), 3) AS max_elapsed
        FROM probes GROUP BY site, day, target""")


def _v7(conn: sqlite3.Connection) -> None:
    """Why a limit (a column's page limit, the site's crawl budget, paging that points off the site) cut a
    column's walk short (``cut``, Chinese; NULL = walked in full): what was not seen is not judged."""
    conn.execute('ALTER TABLE "columns" ADD COLUMN cut TEXT')


def _v8(conn: sqlite3.Connection) -> None:
    """Link checks (链接可用性): ``links`` holds each link of the home page and the column pages as last read
    (page, target, text, where); ``link_checks`` the latest check of each target per site, with the count of
    failed checks in a row (``fails``: runs, or a recheck within a run) and the day failing began."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS links (
            site TEXT NOT NULL REFERENCES sites (name) ON DELETE CASCADE,
            page TEXT NOT NULL,
            url TEXT NOT NULL,
            text TEXT NOT NULL DEFAULT '',
            place TEXT NOT NULL CHECK (place IN ('home', 'page')),
            column_name TEXT,
            seen_run INTEGER NOT NULL,
            PRIMARY KEY (site, page, url)
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS links_url ON links (site, url)")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS link_checks (
            site TEXT NOT NULL REFERENCES sites (name) ON DELETE CASCADE,
            url TEXT NOT NULL,
            status INTEGER,
            error TEXT,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'fail', 'restricted')),
            fails INTEGER NOT NULL DEFAULT 0,
            failing_since TEXT,
            checked_run INTEGER NOT NULL,
            checked_on TEXT NOT NULL,
            PRIMARY KEY (site, url)
        )""")


def _v9(conn: sqlite3.Connection) -> None:
    """The scheduler's job store (APScheduler's jobs: next run as a UTC timestamp, pickled state), once
    created by the scheduler itself; databases that have it keep their jobs."""
    conn.execute("CREATE TABLE IF NOT EXISTS apscheduler_jobs (id TEXT PRIMARY KEY, next_run_time REAL, "
                 "job_state BLOB NOT NULL)")
    conn.execute("CREATE INDEX IF NOT EXISTS apscheduler_jobs_next ON apscheduler_jobs (next_run_time)")


def _v10(conn: sqlite3.Connection) -> None:
    """Truthful history: ``evaluation_findings`` keeps the findings each run's evaluation gave (a past report
    shows what was known then, not the newest crawl), and a notice delivery may be ``written`` (files
    generated, nothing delivered): the file channel's rows logged ``sent`` before are moved to it."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS evaluation_findings (
            run_id INTEGER NOT NULL,
            site TEXT NOT NULL,
            key TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            "column" TEXT,
            url TEXT,
            message TEXT NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            exempt_reason TEXT,
            PRIMARY KEY (run_id, site, key)
        )""")
    conn.execute("ALTER TABLE evaluations ADD COLUMN findings_kept INTEGER")  # 1: its findings are kept
    conn.execute("""
        CREATE TABLE notices_v10 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            unit TEXT NOT NULL,
            week TEXT NOT NULL,
            channel TEXT NOT NULL CHECK (channel IN ('file', 'email', 'webhook')),
            target TEXT,
            files TEXT NOT NULL DEFAULT '[]',
            finding_keys TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL CHECK (status IN ('sent', 'written', 'failed', 'pending')),
            error TEXT,
            created TEXT NOT NULL,
            sent_at TEXT
        )""")
    conn.execute("""
        INSERT INTO notices_v10 (id, unit, week, channel, target, files, finding_keys, status, error, created, sent_at)
        SELECT id, unit, week, channel, target, files, finding_keys,
               CASE WHEN channel = 'file' AND status = 'sent' THEN 'written' ELSE status END, error, created,
               CASE WHEN channel = 'file' THEN NULL ELSE sent_at END
        FROM notices""")
    conn.execute("DROP TABLE notices")
    conn.execute("ALTER TABLE notices_v10 RENAME TO notices")
    conn.execute("CREATE INDEX IF NOT EXISTS notices_unit_week ON notices (unit, week)")


def _v11(conn: sqlite3.Connection) -> None:
    """How the crawl found each column (``found``): the 信息公开目录 (catalog), the config, or the site's menus
    (menu, more: a box's 更多 link, frame: an iframe or a link opening in one). NULL for columns stored before.
    ``rendered``: its list was built by script and read from headless Chromium."""
    conn.execute('ALTER TABLE "columns" ADD COLUMN found TEXT')
    conn.execute('ALTER TABLE "columns" ADD COLUMN rendered INTEGER NOT NULL DEFAULT 0')  # list built by script


def _v12(conn: sqlite3.Connection) -> None:
    """Webhook keys out of the database: ``units.webhooks`` keeps each robot's masked address only
    (``core.secrets.mask_url``); notices are sent from the config, never from these."""
    for name, hooks in conn.execute("SELECT name, webhooks FROM units").fetchall():
        try:
            urls = json.loads(hooks or "[]")
        except ValueError:
            urls = []
        masked = [mask_url(u) for u in urls if isinstance(u, str)]
        conn.execute("UPDATE units SET webhooks = ? WHERE name = ?", (json.dumps(masked, ensure_ascii=False), name))


def _v13(conn: sqlite3.Connection) -> None:
    """Indicators of issue 20: an entry's shown 成文日期 (``written``); the messages (留言) of 互动交流
    columns with their dates, state and days to reply; and site facts read from the home page (JSON)."""
    conn.execute("ALTER TABLE entries ADD COLUMN written TEXT")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS messages (
            id TEXT PRIMARY KEY,
            site TEXT NOT NULL REFERENCES sites(name) ON DELETE CASCADE,
            column_name TEXT NOT NULL,
            column_url TEXT,
            kind TEXT NOT NULL DEFAULT 'channel',
            url TEXT,
            title TEXT NOT NULL,
            asked TEXT,
            replied TEXT,
            state TEXT,
            state_raw TEXT,
            days INTEGER,
            last_run INTEGER
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS messages_site ON messages (site, column_name)")
    conn.execute("ALTER TABLE sites ADD COLUMN facts TEXT")


def _v14(conn: sqlite3.Connection) -> None:
    """Content review (issue 21): candidates for a person to confirm (personal data, wording), masked samples
    only, deduplicated by a hash of their text; and the attachments read, with validators, sha256 and the
    SHA-1 the conditional-request middleware compares (``content_hash``, as ``pages`` keeps it), so an unchanged
    file is not read again; attachments stay out of ``pages`` (a run's page figures)."""
    conn.execute("""
        CREATE TABLE IF NOT EXISTS review_candidates (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            site TEXT NOT NULL,
            url TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('personal-data', 'wording')),
            location TEXT NOT NULL,
            summary TEXT NOT NULL,
            sample TEXT NOT NULL DEFAULT '',
            confidence TEXT NOT NULL DEFAULT 'medium',
            text_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'dismissed')),
            reason TEXT,
            decided_at TEXT,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            last_run INTEGER,
            present INTEGER NOT NULL DEFAULT 1,  -- 0: its page or file, read again, no longer holds it
            UNIQUE (site, text_hash)
        )""")
    conn.execute("CREATE INDEX IF NOT EXISTS review_candidates_site ON review_candidates (site, status)")
    conn.execute("""
        CREATE TABLE IF NOT EXISTS attachments (
            url TEXT PRIMARY KEY,
            site TEXT NOT NULL,
            page_url TEXT,
            name TEXT,
            kind TEXT,
            size INTEGER,
            sha256 TEXT,
            content_hash TEXT,
            etag TEXT,
            last_modified TEXT,
            status TEXT NOT NULL,
            note TEXT,
            candidates INTEGER NOT NULL DEFAULT 0,
            fetched_at TEXT NOT NULL,
            last_run INTEGER
        )""")


def _v15(conn: sqlite3.Connection) -> None:
    """Page metas of 《政府网站发展指引》: the meta names an entry's own page carries (JSON list; NULL: the page
    was not read), so that an incremental run keeps what a full run would read again."""
    conn.execute("ALTER TABLE entries ADD COLUMN metas TEXT")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8, _v9,
                                                                _v10, _v11, _v12, _v13, _v14, _v15)
SCHEMA_VERSION = len(MIGRATIONS)


def version(conn: sqlite3.Connection) -> int:
    """The schema version a database is at (0 for a new file)."""
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration in order; return the number applied."""
    applied = 0
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = version(conn)
            if current >= SCHEMA_VERSION:
                conn.execute("COMMIT")
                return applied
            MIGRATIONS[current](conn)
            conn.execute(f"PRAGMA user_version = {current + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied += 1


def open_read_only(path: str | Path) -> sqlite_utils.Database:
    """Open an existing database for reading only: no migration, no pragma that writes, no new file."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}：数据库文件不存在，还没有任何巡查；请先运行 patrol run（或 patrol demo）")
    conn = connect_read_only(p, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        found = version(conn)
        if found > SCHEMA_VERSION:
            raise NewerSchema(f"{p}：数据库结构版本 {found} 高于本程序支持的 {SCHEMA_VERSION}，请升级 Patrol")
        if found != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"{p}：数据库结构版本为 {found}，本程序为 {SCHEMA_VERSION}；"
                                        "请先运行一次 patrol run 完成升级")
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Open (or create) the database file: WAL, foreign keys on, schema migrated to the newest version."""
    opened(path)  # a later I/O error is checked against this folder's free space (storage.faults)
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise sqlite3.OperationalError(f"{path}：无法切换到 WAL 模式（当前为 {mode}）")
        conn.execute("PRAGMA synchronous = NORMAL")
        newest = version(conn)
        if newest > SCHEMA_VERSION:
            raise NewerSchema(f"{path}：数据库结构版本 {newest} 高于本程序支持的 {SCHEMA_VERSION}，"
                                        "请升级 Patrol")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return sqlite_utils.Database(conn)
