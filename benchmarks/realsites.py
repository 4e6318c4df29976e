"""Whole real portals walked from their home page and from their catalog URL, against their descriptions.

Serves each saved site of ``../shared/realsites/`` that has a description (cwl, cyqn) on 127.0.0.1, runs the
real ``patrol check --json`` from ``/`` and from the catalog URL, and prints per site: the columns the
description names that were found, the latest dates read right, the verdict from each start, the seconds
taken and the pages rendered in the browser.

    python benchmarks/realsites.py [--site cwl] [--misses]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import support  # noqa: E402, F401 - first: takes this folder off sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the real sites' server and truth, the fixture portals

from realsites import AS_OF, available, list_columns, normal_path, serve  # noqa: E402

from core.tables import render_table  # noqa: E402

CATALOGS = {"cwl": "xxgk/index.html", "cyqn": "dw/Default.html"}


def check(url: str, as_of: str, *extra: str) -> tuple[dict, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "patrol", "check", url, "--as-of", as_of, "--json", *extra],
                          capture_output=True, text=True, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if not lines:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(lines[-1]), time.monotonic() - started


def score(name: str, out: dict, misses: bool) -> dict:
    """Columns found, latest right, of the description's list columns."""
    got = {normal_path(c["url"]): c for c in out["columns"] if c.get("url")}
    truth = list_columns(name)
    found = [t for t in truth if normal_path(t.path) in got]
    dated = [t for t in truth if t.newest]
    right = [t for t in dated if (c := got.get(normal_path(t.path))) and c.get("latest") == t.newest]
    if misses:
        for t in truth:
            c = got.get(normal_path(t.path))
            if c is None:
                print(f"  未找到 {t.name} {t.path}")
            elif t.newest and c.get("latest") != t.newest:
                print(f"  日期不符 {t.name} {t.path}: {c.get('latest')} ≠ {t.newest} ({c.get('entries')} 条)")
    rendered = sum(1 for c in out["columns"] if c.get("rendered"))
    return {"found": len(found), "named": len(truth), "right": len(right), "dated": len(dated),
            "verdict": out.get("verdict"), "score": out.get("score"), "columns": len(out["columns"]),
            "rendered": rendered}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", action="append", choices=sorted(CATALOGS))
    parser.add_argument("--misses", action="store_true", help="list the columns missed or misdated")
    args = parser.parse_args()
    rows = []
    for name in args.site or sorted(CATALOGS):
        if not available(name):
            print(f"{name}: ../shared/realsites/{name} 不存在，跳过")
            continue
        with serve(name) as base:
            for start, extra in (("首页", ()), ("目录", ("--catalog", base + CATALOGS[name]))):
                out, seconds = check(base, AS_OF[name], *extra)
                s = score(name, out, args.misses)
                rows.append([name, start, f"{s['found']}/{s['named']}", f"{s['right']}/{s['dated']}",
                             s["verdict"], s["score"], s["columns"], s["rendered"], f"{seconds:.1f}"])
    headers = ["网站", "起点", "栏目找到", "最新日期正确", "结论", "得分", "报告栏目", "渲染栏目", "秒"]
    print(render_table(headers, rows))


if __name__ == "__main__":
    main()
