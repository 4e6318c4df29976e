"""The wording check: known wrong forms of names and 规范表述 (严重表述错误, a 19号 veto item), found by one
Aho-Corasick automaton over normalised text; phrases in quotation marks (a quoted wrong form is reported
speech or an example) and a site's allow-list are skipped."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick

from review.blocks import Block, normalise
from review.masking import redact

SHIPPED = Path(__file__).with_name("words.toml")
_QUOTED = re.compile(r"「[^」]*」|『[^』]*』|“[^”]*”|\"[^\"]*\"|‘[^’]*’")


@dataclass(frozen=True)
class WordHit:
    """A wrong form found: the form, its 规范表述, a short context with the form in 【】, where."""

    wrong: str
    right: str
    context: str
    group: str
    where: str


@dataclass
class Words:
    """Wrong forms with their correct forms, and allow-listed phrases per site."""

    wrong: dict[str, str] = field(default_factory=dict)
    allow: dict[str, tuple[str, ...]] = field(default_factory=dict)


def load_words(path: str | Path | None = None) -> Words:
    """The shipped list, plus the office's file (same shape) when ``path`` names one."""
    words = Words()
    for source in [SHIPPED] + ([Path(path)] if path else []):
        data = tomllib.loads(Path(source).read_text(encoding="utf-8"))
        words.wrong.update({normalise(k): normalise(str(v)) for k, v in data.get("wrong", {}).items() if k})
        for site, phrases in data.get("allow", {}).items():
            words.allow[site] = words.allow.get(site, ()) + tuple(normalise(p) for p in phrases)
    return words


class WordingChecker:
    """An automaton built once per run; :meth:`find` scans one block."""

    def __init__(self, words: Words) -> None:
        self.words = words
        self._automaton = ahocorasick.Automaton()
        for wrong in words.wrong:
            self._automaton.add_word(wrong, wrong)
        if words.wrong:
            self._automaton.make_automaton()

    def find(self, block: Block, site: str = "") -> list[WordHit]:
        """Every wrong form in ``block`` outside quotation marks and outside ``site``'s allowed phrases."""
        if not self.words.wrong:
            return []
        text = normalise(block.text)
        blanked = _QUOTED.sub(lambda m: "\0" * len(m.group(0)), text)
        guards = [self.words.wrong[w] for w in self.words.wrong if self.words.wrong[w]]
        guards += list(self.words.allow.get(site, ()))
        spans = sorted(((end - len(wrong) + 1, end, wrong) for end, wrong in self._automaton.iter(blanked)),
                       key=lambda s: (s[0], -len(s[2])))
        hits: list[WordHit] = []
        reach = -1
        for start, end, wrong in spans:
            if end <= reach or _covered(text, start, end + 1, guards):
                continue  # inside a longer wrong form already reported, or a correct or allowed phrase
            reach = end
            shown = redact(text)  # the same length: a number beside the word is masked before it is cut
            context = shown[max(0, start - 12):start] + f"【{wrong}】" + shown[end + 1:end + 13]
            hits.append(WordHit(wrong, self.words.wrong[wrong], context.replace("\n", " "), block.group,
                                block.where))
        return hits


def _covered(text: str, start: int, end: int, phrases: list[str]) -> bool:
    """True when an occurrence of one of ``phrases`` spans [start, end) (a correct longer form)."""
    for phrase in phrases:
        i = text.find(phrase, max(0, start - len(phrase)))
        while i != -1 and i <= start:
            if i + len(phrase) >= end:
                return True
            i = text.find(phrase, i + 1)
    return False
