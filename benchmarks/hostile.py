"""Worst-case page reading time per MB on adversarial pages (issue 13), before and after.

Every case is a page built to be expensive for one reader (thousands of link or table rows, JS menu string
pairs, ``<%`` and ``<record>`` runs, huge attributes …). Each page is read in a child process by the
one reader (``read_page``: every part, as ``patrol page`` and the crawl read it), CPU seconds measured.

    python benchmarks/hostile.py                      # this tree, 1 MB and 8 MB pages
    python benchmarks/hostile.py --before /tmp/base   # also a tree of another commit (its crawler/), 1 MB

Target: every 8 MB page under 3 s (the crawl accepts pages up to 8 MB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS_8MB = 3.0

CASES = {
    "links": "'<ul>' + \"<li><a href='/a/t20240101_1.html'>标题标题</a> 2024-01-01</li>\" * (N // 60)",
    "tables": "'<table>' + '<tr><td>a</td><td>2024-01-01</td></tr>' * (N // 40)",
    "menu-pairs": "'<script>' + '\"政务公开\",\"/a/\",' * (N // 16) + '</script>'",
    "quotes": "'<script>' + \"'a',\" * (N // 4) + '</script>'",
    "script-writes": "'<script>' + 'document.write(\\'<a href=\"/x\">x</a>\\');' * (N // 40) + '</script>'",
    "jsp": "'<%' * (N // 2)",
    "records": "'<datastore>' + '<record><![CDATA[' * (N // 17)",
    "nextgroup": "'<datastore>' + '<nextgroup>' * (N // 11)",
    "labels": "'<p>' + '发布时间：' * (N // 5) + '</p>'",
    "nested": "'<div>' * (N // 5)",
    "long-class": "\"<div class='\" + 'pub' * (N // 3) + \"'>2024-01-01</div>\"",
    "spaces": "'<p>发布时间：' + ' ' * N + '2024-01-01</p>'",
    "index-n": "\"<a href='index_\" + '9' * N + \".html'>下一页</a>\"",
}

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from datetime import date
from crawler.extract.reader import read_page
N = {size}
body = ({expr}).encode()
t = time.process_time()
page = read_page(body, 'http://h.gov.cn/col/', as_of=date(2026, 11, 20))
page.as_json(); page.catalog; page.catalog_links
print(time.process_time() - t)
"""


def measure(root: Path, case: str, size: int, timeout: float) -> float | None:
    code = CHILD.format(root=str(root), size=size, expr=CASES[case])
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{case} in {root}: {done.stderr[-400:]}")
    return float(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="a tree of another commit (holding crawler/)")
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page before giving up")
    args = parser.parse_args()
    mb = 1024 * 1024
    rows = []
    for case in CASES:
        before = measure(args.before, case, mb, args.timeout) if args.before else None
        one = measure(ROOT, case, mb, args.timeout)
        eight = measure(ROOT, case, 8 * mb, args.timeout)
        rows.append((case, before, one, eight))
        fmt = lambda v: "—" if v is None else f"{v:6.2f}"  # noqa: E731
        print(f"{case:14s} before {fmt(before)} s/MB   after {fmt(one)} s/MB   8 MB page {fmt(eight)} s",
              flush=True)
    worst_after = max(r[3] or 0 for r in rows)
    line = f"worst 8 MB page: {worst_after:.2f} s (target < {TARGET_SECONDS_8MB:g} s)"
    if args.before:
        worst_before = max((r[1] for r in rows if r[1] is not None), default=0.0)
        line = (f"worst case per MB: before {worst_before:.2f} s/MB, after {max(r[2] or 0 for r in rows):.2f} s/MB"
                f" ({max(r[3] or 0 for r in rows) / 8:.2f} s/MB at 8 MB); " + line)
    print(line)


if __name__ == "__main__":
    main()
