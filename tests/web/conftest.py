"""The web view's tests share one served database: a crawled demo database after a real notify, served by
`patrol serve` (tests/served_web.py; module-scoped, so each test file starts its own)."""

from served_web import notified, server  # noqa: F401  (fixtures)
