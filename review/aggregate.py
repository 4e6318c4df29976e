"""One candidate per table or page: personal hits grouped (``附件 名单.xlsx 第1张表 132 行含 姓名+身份证号``)
and wording hits grouped per wrong form, each with its location, a masked sample and a hash for dedup."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from review.blocks import Block
from review.masking import digest
from review.personal import KIND_LABELS, Hit
from review.wording import WordHit

PERSONAL = "personal-data"
WORDING = "wording"


@dataclass(frozen=True)
class Candidate:
    """A finding for a person to confirm: never holds a full personal value."""

    kind: str  # PERSONAL | WORDING
    location: str
    summary: str
    sample: str
    text_hash: str
    confidence: str = "medium"


def personal(source: str, url: str, hits: Iterable[Hit], blocks: Iterable[Block]) -> list[Candidate]:
    """One candidate per group (sheet, table, page, 正文) holding hits; ``source`` names the page or file."""
    by_group: dict[str, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_group[hit.group].append(hit)
    named = {b.group for b in blocks if b.tabular and "姓名" in b.header}
    found: list[Candidate] = []
    for group, group_hits in by_group.items():
        kinds = [k for k in KIND_LABELS if any(h.kind == k for h in group_hits)]
        labels = (["姓名"] if group in named else []) + [KIND_LABELS[k] for k in kinds]
        rows = {h.row for h in group_hits if h.row is not None}
        count = f"{len(rows)} 行" if rows else f"{len(group_hits)} 处"
        sample = "；".join(dict.fromkeys(f"{KIND_LABELS[h.kind]} {h.masked}（{h.where}）" for h in group_hits[:3]))
        confidence = "high" if any(h.confidence == "high" for h in group_hits) else "medium"
        found.append(Candidate(
            PERSONAL, f"{source} {group}", f"{source} {group} {count}含 {'+'.join(labels)}（未去标识化）",
            sample, digest("|".join([PERSONAL, url, group] + sorted(h.masked for h in group_hits))), confidence))
    return found


def wording(source: str, url: str, hits: Iterable[WordHit]) -> list[Candidate]:
    """One candidate per wrong form and group."""
    by_form: dict[tuple[str, str], list[WordHit]] = defaultdict(list)
    for hit in hits:
        by_form[(hit.group, hit.wrong)].append(hit)
    found: list[Candidate] = []
    for (group, wrong), group_hits in by_form.items():
        right = group_hits[0].right
        advice = f"，应为“{right}”" if right else ""
        found.append(Candidate(
            WORDING, f"{source} {group} {group_hits[0].where}".strip(),
            f"{source} {group} 出现“{wrong}”{advice}（{len(group_hits)} 处）",
            group_hits[0].context, digest("|".join([WORDING, url, wrong] + [h.context for h in group_hits]))))
    return found
