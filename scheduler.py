"""The patrol scheduler (`patrol schedule`): nightly inspection and weekly notices on cron schedules, and
availability probes (`patrol probe --due`) every ``probe_every_seconds``.

Built from the ``[schedule]`` table. Jobs live in the patrol database (table ``apscheduler_jobs``), so a
restart keeps their next run times; the table holds data only (a job's id, its plan and next run time, as
JSON, never pickle), and every job is rebuilt from the config: what a job runs never comes from the file;
runs missed while stopped are coalesced into one, run on catch-up when within ``grace_minutes``. Each job
runs the CLI in a child process (Scrapy's reactor cannot restart in one process), appends its output to
``log_file`` and records its outcome in ``schedule_log``. At most
one inspection runs at a time: one instance per job here, and the inspection lock across processes.
Probes are a job of their own that takes no inspection lock: the jobs run in the scheduler's thread pool
side by side, so probes never wait behind a nightly crawl and a crawl never waits behind probes.
SIGTERM or SIGINT stops the scheduler cleanly: a running child gets SIGTERM and is waited for.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.jobstores.base import BaseJobStore, ConflictingIdError, JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import datetime_to_utc_timestamp, utc_timestamp_to_datetime

from core.config import Config
from core.exits import CRASH_EXIT
from core.tables import render_table
from storage.lock import BUSY_EXIT, is_locked
from storage.store import Store

log = logging.getLogger("patrol.scheduler")

JOB_NAMES = {"inspect": "每晚巡查", "notify": "每周通报", "probe": "可用性探测"}
STATUS_NAMES = {"running": "运行中", "success": "成功", "failed": "失败", "skipped": "跳过", "interrupted": "中断"}
_WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_STOP_TIMEOUT_S = 120.0


# --- cron ----------------------------------------------------------------------------------------------

def cron_trigger(expr: str, timezone: str) -> CronTrigger:
    """A trigger from a five-field crontab line, read as cron reads it (day of week 0 and 7 = Sunday).

    APScheduler 3 numbers weekdays from Monday, so numeric days are translated to names first.
    """
    fields = expr.split()
    if len(fields) != 5:
        raise ValueError(f"cron 表达式 {expr!r} 应有 5 个字段（分 时 日 月 周），例如 \"0 2 * * *\"")
    minute, hour, day, month, dow = fields
    try:
        return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=_weekdays(dow),
                           timezone=_zone(timezone))
    except ValueError as exc:
        raise ValueError(f"cron 表达式 {expr!r} 无效：{exc}")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"未知的时区 {name!r}，例如 \"Asia/Shanghai\"")


def _weekdays(field: str) -> str:
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.lower().split(","):
        span, _, step = part.partition("/")
        if span == "*":
            first, last = 0, 6
        else:
            lo, _, hi = span.partition("-")
            first = _day_number(lo)
            last = _day_number(hi) if hi else (6 if step else first)
        if last < first:
            raise ValueError(f"星期字段 {field!r} 的范围无效")
        days.update(d % 7 for d in range(first, last + 1, int(step or 1)))
    return ",".join(_WEEKDAYS[d] for d in sorted(days, key=lambda d: (d + 6) % 7))


def _day_number(text: str) -> int:
    if text[:3] in _WEEKDAYS:
        return _WEEKDAYS.index(text[:3])
    if text.isdigit() and 0 <= int(text) <= 7:
        return int(text)
    raise ValueError(f"星期值 {text!r} 无效，应为 0–7 或 mon–sun")


# --- the jobs ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobSpec:
    id: str
    cron: str
    argv: tuple[str, ...]
    success: tuple[int, ...]
    interval: int | None = None  # seconds between runs instead of the cron line (the probe job)

    def trigger(self, timezone: str) -> BaseTrigger:
        if self.interval is not None:
            return IntervalTrigger(seconds=self.interval, timezone=_zone(timezone))
        return cron_trigger(self.cron, timezone)

    @property
    def plan(self) -> str:
        """The schedule as a user wrote it: the cron line, or the interval."""
        return f"每 {self.interval} 秒" if self.interval is not None else self.cron


def job_specs(config: Config, config_path: str | Path) -> list[JobSpec]:
    """The jobs of the ``[schedule]`` table, each a `patrol` command in a child process."""
    path = str(Path(config_path).resolve())
    cli = (sys.executable, "-m", "patrol")
    return [JobSpec("inspect", config.schedule.inspect, (*cli, "run", "--config", path, "--quiet"), (0, 1)),
            JobSpec("notify", config.schedule.notify, (*cli, "notify", "--config", path), (0,)),
            JobSpec("probe", "", (*cli, "probe", "--config", path, "--due", "--quiet"), (0, 1),
                    interval=config.schedule.probe_every_seconds)]


def next_run_times(config: Config, now: datetime, specs: Sequence[JobSpec] | None = None) -> dict[str, datetime]:
    """When each job fires next after ``now`` (an aware datetime), by its cron line (or interval) alone."""
    specs = specs if specs is not None else job_specs(config, config.path or "sites.toml")
    return {s.id: now + timedelta(seconds=s.interval) if s.interval is not None
            else cron_trigger(s.cron, config.schedule.timezone).get_next_fire_time(None, now) for s in specs}


_CHILDREN: set[subprocess.Popen] = set()
_CHILDREN_LOCK = threading.Lock()
_STOPPING = threading.Event()


def run_job(job: str, argv: Sequence[str], db: str, log_file: str, success: Sequence[int] = (0,)) -> int | None:
    """Run one job's command as a child process; log its output and record the outcome. Returns its exit code."""
    with Store(db) as store:
        if job == "inspect" and is_locked(db):
            log_id = store.log_job_start(job, None)
            store.log_job_end(log_id, "skipped", None, "另一个巡查正在运行，本次跳过")
            log.warning("%s 跳过：另一个巡查正在运行", JOB_NAMES.get(job, job))
            return None
        log_id = store.log_job_start(job, None)
    code, pid = _spawn(job, argv, log_file)
    with Store(db) as store:
        store.log_job_end(log_id, *_outcome(code, success), pid=pid)
    return code


def _spawn(job: str, argv: Sequence[str], log_file: str) -> tuple[int, int | None]:
    Path(log_file).parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "a", encoding="utf-8") as out:
        out.write(f"[{_stamp()}] 开始{JOB_NAMES.get(job, job)}：{' '.join(argv)}\n")
        out.flush()
        with _CHILDREN_LOCK:
            if _STOPPING.is_set():
                return -int(signal.SIGTERM), None
            child = subprocess.Popen(list(argv), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
            _CHILDREN.add(child)
        try:
            code = child.wait()
        finally:
            with _CHILDREN_LOCK:
                _CHILDREN.discard(child)
        out.write(f"[{_stamp()}] 结束{JOB_NAMES.get(job, job)}：退出码 {code}\n")
    return code, child.pid


def _outcome(code: int, success: Sequence[int]) -> tuple[str, int, str | None]:
    if code in success:
        return "success", code, None
    if _STOPPING.is_set() or code < 0:
        return "interrupted", code, "调度器停止或子进程被信号终止"
    if code == BUSY_EXIT:
        return "skipped", code, "另一个巡查正在运行，本次跳过"
    if code == CRASH_EXIT:
        return "failed", code, f"程序内部错误（退出码 {code}），详见日志"
    return "failed", code, f"退出码 {code}，详见日志"


_CLOCK: dict[str, ZoneInfo] = {}  # the office's zone once run_forever set it: the log's clock


def _stamp() -> str:
    """Now on the office's clock (``[schedule] timezone``) when known, for the log a person reads."""
    zone = _CLOCK.get("zone")
    moment = datetime.now(zone) if zone is not None else datetime.now().astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S")


# --- a job store in the patrol database ----------------------------------------------------------------

JobParts = tuple[BaseTrigger, tuple[Any, ...], dict[str, Any]]  # trigger, run_job's args, job options
STATE_VERSION = 1


class SQLiteJobStore(BaseJobStore):
    """APScheduler jobs kept in the patrol database (table ``apscheduler_jobs``, storage/jobs.py).

    A row's state is JSON data (``{"v": 1, "id": …, "plan": …}``); a job is rebuilt from ``parts`` (job id →
    its trigger, arguments and options, made from the config) and the row's next run time. A row of an
    unknown job, an older pickled state or anything else unreadable is never executed or unpickled: it is
    dropped, and the scheduler adds the job again from the config.
    """

    def __init__(self, path: str | Path, parts: dict[str, JobParts] | None = None) -> None:
        super().__init__()
        self.path = str(path)
        self.parts = parts or {}
        self.store: Store | None = None

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        self.store = Store(self.path)

    def shutdown(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def _db(self) -> Store:
        if self.store is None:
            raise RuntimeError("job store not started")
        return self.store

    def lookup_job(self, job_id: str) -> Job | None:
        jobs = self._jobs(self._db().job_states(job_id=job_id))
        return jobs[0] if jobs else None

    def get_due_jobs(self, now: datetime) -> list[Job]:
        return self._jobs(self._db().job_states(due_by=datetime_to_utc_timestamp(now)))

    def get_next_run_time(self) -> datetime | None:
        times = self._db().next_job_times().values()
        return utc_timestamp_to_datetime(min(times)) if times else None

    def get_all_jobs(self) -> list[Job]:
        jobs = self._jobs(self._db().job_states())
        self._fix_paused_jobs_sorting(jobs)
        return jobs

    def add_job(self, job: Job) -> None:
        if not self._db().add_job_state(job.id, datetime_to_utc_timestamp(job.next_run_time), self._state(job)):
            raise ConflictingIdError(job.id)

    def update_job(self, job: Job) -> None:
        if not self._db().update_job_state(job.id, datetime_to_utc_timestamp(job.next_run_time), self._state(job)):
            raise JobLookupError(job.id)

    def remove_job(self, job_id: str) -> None:
        if not self._db().remove_job_states([job_id]):
            raise JobLookupError(job_id)

    def remove_all_jobs(self) -> None:
        self._db().remove_job_states()

    @staticmethod
    def _state(job: Job) -> bytes:
        return json.dumps({"v": STATE_VERSION, "id": job.id, "plan": _plan(job.trigger)}).encode()

    def _jobs(self, rows: list[tuple[str, bytes]]) -> list[Job]:
        times = self._db().next_job_times()
        jobs, broken = [], []
        for job_id, state in rows:
            job = self._restore(job_id, state, times.get(job_id))
            if job is None:
                self._logger.warning("任务 %s 的保存状态无法识别或不在配置中，已删除（将按配置重建）", job_id)
                broken.append(job_id)
            else:
                jobs.append(job)
        if broken:
            self._db().remove_job_states(broken)
        return jobs

    def _restore(self, job_id: str, blob: bytes, next_run: float | None) -> Job | None:
        """The job rebuilt from the config and the stored next run time; None for a row not to trust."""
        try:
            data = json.loads(blob)
        except (ValueError, TypeError, RecursionError):
            return None
        if not isinstance(data, dict) or data.get("v") != STATE_VERSION or data.get("id") != job_id \
                or job_id not in self.parts:
            return None
        trigger, args, options = self.parts[job_id]
        zone = getattr(trigger, "timezone", UTC)
        when = utc_timestamp_to_datetime(next_run).astimezone(zone) if next_run is not None else None
        if data.get("plan") != _plan(trigger):  # the plan changed in the config: next run by the new one
            when = trigger.get_next_fire_time(None, datetime.now(zone))
        job = Job(self._scheduler, id=job_id, func=run_job, trigger=trigger, executor="default", args=args,
                  kwargs={}, next_run_time=when, **options)
        job._jobstore_alias = self._alias
        return job


# --- the scheduler -------------------------------------------------------------------------------------

def build_scheduler(config: Config, db: str, specs: Sequence[JobSpec]) -> BackgroundScheduler:
    """A scheduler with the jobs of ``specs`` in the job store of ``db``, started paused, jobs in place.

    Jobs already stored keep their next run time unless their cron line changed.
    """
    Store(db).close()  # create or migrate the patrol schema before the job store shares the file
    grace = config.schedule.grace_minutes * 60
    parts = {spec.id: _parts(config, db, spec, grace) for spec in specs}
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLiteJobStore(db, parts)}, timezone=_zone(config.schedule.timezone),
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": grace})
    scheduler.add_listener(lambda event: _missed(db, event), EVENT_JOB_MISSED)
    scheduler.start(paused=True)
    for spec in specs:
        _ensure(scheduler, config, db, spec, grace)
    return scheduler


def _parts(config: Config, db: str, spec: JobSpec, grace: int) -> JobParts:
    """A job's trigger, ``run_job`` arguments and options, all from the config."""
    args = (spec.id, list(spec.argv), db, config.schedule.log_file, list(spec.success))
    options = {"name": JOB_NAMES.get(spec.id, spec.id), "coalesce": True, "max_instances": 1,
               "misfire_grace_time": grace}
    return spec.trigger(config.schedule.timezone), args, options


def _ensure(scheduler: BackgroundScheduler, config: Config, db: str, spec: JobSpec, grace: int) -> None:
    trigger, args, parts = _parts(config, db, spec, grace)
    options = {**parts, "args": args}
    job = scheduler.get_job(spec.id)
    if job is None:
        scheduler.add_job(run_job, trigger, id=spec.id, **options)
        return
    if _plan(job.trigger) != _plan(trigger):
        scheduler.reschedule_job(spec.id, trigger=trigger)
    if any(getattr(job, k) != v for k, v in options.items()) or job.func is not run_job:
        scheduler.modify_job(spec.id, func=run_job, **options)


def _plan(trigger: BaseTrigger) -> str:
    """What makes two triggers the same plan (an interval trigger's start time does not)."""
    if isinstance(trigger, IntervalTrigger):
        return f"interval {trigger.interval}"
    return repr(trigger)


def _missed(db: str, event: JobExecutionEvent) -> None:
    """A run missed by more than the grace window: record it as skipped."""
    with Store(db) as store:
        log_id = store.log_job_start(event.job_id, event.scheduled_run_time.isoformat())
        store.log_job_end(log_id, "skipped", None, "错过计划时间且超过宽限期，未补跑")


def set_next_run_time(db: str, job_id: str, when: datetime) -> None:
    """Move a stored job's next run (no scheduler running): ``when`` in the past means "run at next start"."""
    with Store(db) as store:
        if not store.set_job_next_run(job_id, datetime_to_utc_timestamp(when)):
            raise KeyError(f"调度任务 {job_id!r} 不存在；请先启动一次 patrol schedule")


def stop(scheduler: BackgroundScheduler, timeout: float = _STOP_TIMEOUT_S) -> None:
    """Stop cleanly: no new runs, SIGTERM to running children, wait for them (SIGKILL after ``timeout``)."""
    _STOPPING.set()
    scheduler.pause()
    with _CHILDREN_LOCK:
        children = list(_CHILDREN)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
    scheduler.shutdown(wait=True)


def run_forever(config: Config, config_path: str | Path, db: str | None = None,
                specs: Sequence[JobSpec] | None = None) -> None:
    """`patrol schedule`: run until SIGTERM or SIGINT (``specs`` replaces the two jobs, for tests)."""
    db = db or config.database
    _CLOCK["zone"] = _zone(config.schedule.timezone)
    _log_to(config.schedule.log_file, _CLOCK["zone"])
    _STOPPING.clear()
    scheduler = build_scheduler(config, db, specs if specs is not None else job_specs(config, config_path))
    done = threading.Event()
    previous = {s: signal.signal(s, lambda *_: done.set()) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        scheduler.resume()
        log.info("调度器已启动：%s", "；".join(f"{j.name} 下次 {j.next_run_time:%Y-%m-%d %H:%M}"
                                               for j in scheduler.get_jobs()))
        done.wait()
        log.info("收到停止信号，正在停止调度器……")
    finally:
        stop(scheduler)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        log.info("调度器已停止")


_LEVELS = {"DEBUG": "调试", "INFO": "信息", "WARNING": "警告", "ERROR": "错误", "CRITICAL": "严重错误"}
# APScheduler's own lines, said in Chinese; None drops the line. "job store not started" is what its wakeup
# thread says when it looks for due jobs after a clean shutdown: no problem, so not a warning in the log.
_APSCHEDULER_LINES: tuple[tuple[re.Pattern[str], str | None], ...] = tuple((re.compile(p), zh) for p, zh in (
    (r"^Scheduler started$", "任务调度已启动"),
    (r'^Added job "(.+)" to job store "(.+)"$', r"已登记任务“\1”"),
    (r"^Adding job tentatively.*$", None),
    (r"^Resumed scheduler job processing$", "开始按计划执行任务"),
    (r"^Paused scheduler job processing$", "暂停执行新任务"),
    (r"^Scheduler has been shut down$", "任务调度已关闭"),
    (r'^Running job "(.+?)" \(scheduled at (.+)\)$', r"开始运行任务“\1”（计划时间 \2）"),
    (r'^Job "(.+?)" executed successfully$', r"任务“\1”已运行完毕"),
    (r'^Run time of job "(.+?)" was missed by (.+)$', r"任务“\1”错过了计划时间（晚了 \2）"),
    (r'^Execution of job "(.+?)" skipped: maximum number of running instances reached.*$',
     r"任务“\1”本次跳过：上一次仍在运行"),
    (r"^Error getting due jobs from job store .*: job store not started$", None),
))


class _ChineseLog(logging.Filter):
    """Says APScheduler's known lines in Chinese and drops the spurious ones; others keep their text."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith("apscheduler"):
            return True
        text = record.getMessage()
        for pattern, chinese in _APSCHEDULER_LINES:
            if pattern.match(text):
                if chinese is None:
                    return False
                record.msg, record.args = pattern.sub(chinese, text), ()
                return True
        record.msg, record.args = f"（调度组件原文）{text}", ()
        return True


class _OfficeClock(logging.Formatter):
    """``[2026-12-07 02:00:00] 信息 每晚巡查…``: the office's time, the level in Chinese."""

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__("[%(asctime)s] %(levelname)s %(message)s")
        self.zone = zone

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging API
        return datetime.fromtimestamp(record.created, self.zone).strftime("%Y-%m-%d %H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = _LEVELS.get(record.levelname, record.levelname)
        return super().format(record)


def _log_to(log_file: str, zone: ZoneInfo) -> None:
    Path(log_file).parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(_OfficeClock(zone))
    handler.addFilter(_ChineseLog())
    for name in ("patrol.scheduler", "apscheduler"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


# --- `patrol schedule --list` --------------------------------------------------------------------------

def render_next_runs(config: Config, config_path: str | Path, db: str | None = None,
                     now: datetime | None = None) -> str:
    """A Chinese table: each job, its cron line, next run (the stored one when kept) and last outcome."""
    db = db or config.database
    zone = _zone(config.schedule.timezone)
    now = now or datetime.now(zone)
    specs = job_specs(config, config_path)
    computed = next_run_times(config, now, specs)
    with Store(db) as store:  # next run times kept in the job store, without starting a scheduler
        stored = {job_id: utc_timestamp_to_datetime(ts) for job_id, ts in store.next_job_times().items()}
        last = {s.id: next(iter(store.job_log(s.id, 1)), None) for s in specs}
    grace = config.schedule.grace_minutes * 60
    rows = []
    for spec in specs:
        trigger = spec.trigger(config.schedule.timezone)
        when, note = computed[spec.id], ""
        kept = stored.get(spec.id)
        if kept is not None and spec.interval is None \
                and trigger.get_next_fire_time(None, kept - timedelta(seconds=1)) == kept:
            if kept >= now:
                when = kept
            elif (now - kept).total_seconds() <= grace:
                when, note = kept, "（已错过，调度器启动后立即补跑）"
            else:
                note = "（上次计划已错过且超过宽限期）"
        rows.append([JOB_NAMES[spec.id], spec.plan, _show(when.astimezone(zone)) + note, _last(last[spec.id])])
    table = render_table(["任务", "计划（cron）", "下次运行", "上次运行"], rows)
    return f"时区：{config.schedule.timezone}    宽限期：{config.schedule.grace_minutes} 分钟    " \
           f"日志：{config.schedule.log_file}\n{table}"


def _show(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M") + " 周" + "一二三四五六日"[when.weekday()]


def _last(row: dict[str, Any] | None) -> str:
    if row is None:
        return "—"
    code = f"，退出码 {row['exit_code']}" if row["exit_code"] is not None else ""
    return f"{row['started'][:16].replace('T', ' ')} {STATUS_NAMES.get(row['status'], row['status'])}{code}"
