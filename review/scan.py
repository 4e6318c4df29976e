"""Review one page's text or one attachment: blocks in, candidates out (masked)."""

from __future__ import annotations

from collections.abc import Iterable

from review.aggregate import Candidate, personal, wording
from review.blocks import Block
from review.personal import find
from review.wording import WordingChecker


def scan(blocks: Iterable[Block], *, source: str, url: str, checker: WordingChecker,
         site: str = "") -> list[Candidate]:
    """Every candidate in ``blocks``: personal data grouped per table/page, wrong wording per form."""
    blocks = list(blocks)
    personal_hits = [hit for block in blocks for hit in find(block)]
    word_hits = [hit for block in blocks for hit in checker.find(block, site)]
    return personal(source, url, personal_hits, blocks) + wording(source, url, word_hits)


def page_blocks(text: str) -> list[Block]:
    """A page's article text as blocks, one per paragraph (line)."""
    return [Block(line, "正文", f"第{n}段") for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
