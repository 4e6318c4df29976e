"""Importing this module registers every rule, one module per rule family, in catalogue order."""

# site first: site-unreachable gates the others; then the column rules, the vetoes last.
from rules import site  # noqa: F401, I001
from rules import discovery, freshness, platform, annual, entries, vetoes, limits  # noqa: F401, I001
from rules.registry import RULES

__all__ = ["RULES"]
