"""Exit codes every command shares that a caller (the scheduler, cron, a shell script) tells apart."""

from __future__ import annotations

# An unexpected error (a bug, or a fault no command foresaw): EX_SOFTWARE, never 1, which means "completed
# with findings" and counts as a successful night.
CRASH_EXIT = 70
