"""Chinese wording shared by rule messages."""

from __future__ import annotations

from core.vocabulary import CATEGORY_LABELS


def column_label(name: str) -> str:
    """``部门动态`` → ``部门动态栏目`` (no doubled 栏目)."""
    return name if name.endswith("栏目") else f"{name}栏目"


def limit_text(days: int) -> str:
    """14 → 2周, 183 → 6个月, 365 → 1年, else N天."""
    named = {7: "1周", 14: "2周", 30: "1个月", 90: "3个月", 183: "6个月", 182: "6个月", 180: "6个月",
             365: "1年", 366: "1年"}
    return named.get(days, f"{days}天")


def class_rule(category: str, days: int) -> str:
    """``动态要闻类要求2周内更新``."""
    return f"{CATEGORY_LABELS[category]}类要求{limit_text(days)}内更新"


def status_text(status: int | None) -> str:
    return "无响应或超时" if not status else f"HTTP {status}"


def cause_text(status: int | None, error: str | None) -> str:
    """The recorded cause of a failed fetch (``域名无法解析``, ``连接被拒绝``…), else the status."""
    return error.split("（", 1)[0] if error else status_text(status)


def names_text(names: list[str], limit: int = 10) -> str:
    """Up to ``limit`` names joined by 、, with 等N个 when cut."""
    shown = "、".join(names[:limit])
    return shown + (f"等{len(names)}个" if len(names) > limit else "")
