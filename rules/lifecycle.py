"""The finding lifecycle (问题状态): new → open → fixed → reopened, decided here and stored by ``storage``.

A finding is identified by its key across runs; each evaluation of a site says whether it is present.
"""

from __future__ import annotations

STATES = ("new", "open", "fixed", "reopened")
OPEN_STATES = ("new", "open", "reopened")  # 未整改: counted, noticed, scored


def next_state(before: str | None, present: bool) -> str | None:
    """The state after one evaluation, from the state before it (None: never seen).

    Present and unknown → new; present and new/open/reopened → open; present and fixed → reopened;
    absent and new/open/reopened → fixed; absent and fixed stays fixed; absent and unknown → None (nothing to keep).
    """
    if before is not None and before not in STATES:
        raise ValueError(f"unknown finding state {before!r}")
    if present:
        if before is None:
            return "new"
        return "reopened" if before == "fixed" else "open"
    if before is None:
        return None
    return "fixed" if before in OPEN_STATES else before


def fixed_now(before: str | None, after: str | None) -> bool:
    """True when this evaluation fixes the finding (整改: fixed_at is this as-of, times_fixed + 1)."""
    return before in OPEN_STATES and after == "fixed"
