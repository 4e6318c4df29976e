"""The cost of content review (issue 21): attachments read per second per type, and a run's wall time with
``[review] enabled`` on and off.

Reads the synthetic corpus of ``tests/review_corpus.py`` (an XLSX list of ``--rows`` rows on three sheets, an
HTML table saved as .xls, a DOCX with a table, header and text box, a text PDF, a scanned PDF) ``--repeat``
times each, then serves the fixture portal of ``tests/review_portal.py`` (the department site whose newest
notice links three attachments) and runs the real ``patrol run`` with review off and on.

    python benchmarks/review.py [--rows 500] [--repeat 20]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import support  # noqa: E402, F401 - first: takes this folder off sys.path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "tests"))  # the synthetic corpus and the fixture portals

import review_portal as rp  # noqa: E402
import shaped_portals as sp  # noqa: E402
from review_corpus import Corpus  # noqa: E402

from core.tables import render_table  # noqa: E402
from review.attachments import read  # noqa: E402
from review.scan import scan  # noqa: E402
from review.wording import WordingChecker, load_words  # noqa: E402

AS_OF = date(2026, 11, 20)


def reading_rates(rows: int, repeat: int) -> list[list[str]]:
    corpus = Corpus()
    files = {"xlsx": corpus.xlsx(rows), "html-as-xls": corpus.html_xls(), "docx": corpus.docx(),
             "pdf (text)": corpus.text_pdf(), "pdf (scanned)": corpus.image_pdf()}
    checker = WordingChecker(load_words())
    table = []
    for name, data in files.items():
        started = time.perf_counter()
        for _ in range(repeat):
            reading = read(data)
            found = scan(reading.blocks, source=name, url=name, checker=checker)
        seconds = (time.perf_counter() - started) / repeat
        table.append([name, f"{len(data) / 1024:.0f}", str(len(reading.blocks)), reading.status, str(len(found)),
                      f"{1 / seconds:.1f}", f"{seconds * 1000:.1f}"])
    return table


def run(base: str, enabled: bool, work: Path) -> float:
    mode = "on" if enabled else "off"
    work.mkdir(exist_ok=True)
    config = work / f"{mode}.toml"
    config.write_text(f'[crawl]\ndelay = 0.0\ncheck_links = false\n[review]\nenabled = {str(enabled).lower()}\n'
                      '[[units]]\nname = "清河市市场监督管理局"\n[[sites]]\nname = "市场监管局网站"\n'
                      f'unit = "清河市市场监督管理局"\nurl = "{base}"\n', encoding="utf-8")
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "patrol", "run", "--config", str(config), "--db", str(work / f"{mode}.db"),
                    "--as-of", AS_OF.isoformat(), "--quiet"], cwd=work, capture_output=True, check=False)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(render_table(["类型", "大小（KB）", "文本块", "读取结果", "候选", "每秒文件数", "每个（毫秒）"],
                       reading_rates(args.rows, args.repeat)))
    times: dict[bool, float] = {}
    with tempfile.TemporaryDirectory() as tmp, sp.serve(rp.review_pages(AS_OF, Corpus(), args.rows)) as base:
        for attempt in range(3):  # alternating, the best of three each (the first run also warms the caches)
            for enabled in (False, True):
                seconds = run(base, enabled, Path(tmp) / f"{attempt}")
                times[enabled] = min(times.get(enabled, seconds), seconds)
    print(f"演示规模：部门网站 8 个栏目，1 篇公示链接 3 个附件（XLSX {args.rows} 行、HTML 表格 .xls、扫描 PDF）")
    print(render_table(["[review] enabled", "patrol run 耗时（秒，三次取最短）"],
                       [["false", f"{times[False]:.1f}"], ["true", f"{times[True]:.1f}"]]))


if __name__ == "__main__":
    main()
