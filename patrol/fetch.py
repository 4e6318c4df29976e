"""A single plain HTTP GET for `patrol page` (the crawler itself uses Scrapy)."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field

from crawler.settings import USER_AGENT


@dataclass(frozen=True)
class Fetched:
    url: str  # final URL after redirects
    status: int  # 0 = no answer
    body: bytes
    charset: str | None
    error: str | None = None
    redirects: list[str] = field(default_factory=list)  # the addresses before ``url``

    @property
    def headers(self) -> dict[str, str]:
        return {"Content-Type": f"text/html; charset={self.charset}"} if self.charset else {}


def fetch(url: str, timeout: float = 15.0, max_bytes: int = 8 * 1024 * 1024) -> Fetched:
    """GET ``url``; HTTP errors keep their status and body, network errors give status 0."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Fetched(response.geturl(), response.status, response.read(max_bytes),
                           response.headers.get_content_charset())
    except urllib.error.HTTPError as exc:
        return Fetched(url, exc.code, exc.read(max_bytes), exc.headers.get_content_charset(),
                       f"HTTP {exc.code}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Fetched(url, 0, b"", None, f"无法访问：{reason}")
