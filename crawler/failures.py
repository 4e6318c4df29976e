"""Why a request failed, in Chinese: a pure mapping from an exception or an HTTP status to a cause.

A mistyped host is not an outage, and a robots.txt ban or an oversized page is not 无法访问: each cause
gets its own class so the summary, the findings and the notices can say what really happened. Exceptions
are recognised by their class names along the MRO (Twisted, Scrapy, pyOpenSSL and the standard library
alike), so this module imports none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.http import Request, Response
from twisted.python.failure import Failure

# class name → cause; checked along the exception's MRO, nearest class first
_BY_CLASS = {
    "DNSLookupError": "dns", "gaierror": "dns", "CannotResolveHostError": "dns",
    "ConnectionRefusedError": "refused", "DownloadConnectionRefusedError": "refused",
    "TimeoutError": "timeout", "TCPTimedOutError": "timeout", "UserTimeoutError": "timeout", "timeout": "timeout",
    "DownloadTimeoutError": "timeout",
    # Scrapy cancels a download only when the body outgrows DOWNLOAD_MAXSIZE ([crawl] max_page_bytes)
    "DownloadCancelledError": "too-large",
    "SSLCertVerificationError": "tls", "SSLError": "tls", "CertificateError": "tls",
    "VerificationError": "tls",
    "ConnectionLost": "lost", "ConnectionDone": "lost", "ConnectionResetError": "lost",
    "ResponseFailed": "lost", "PotentialDataLoss": "lost",
}
REASONS = {
    "dns": "域名无法解析",
    "refused": "连接被拒绝",
    "timeout": "超时",
    "tls": "证书错误",
    "http-5xx": "HTTP 5xx 服务器错误",
    "http-4xx": "HTTP 4xx 页面不存在或拒绝访问",
    "robots": "robots.txt 禁止抓取",
    "too-large": "页面过大",
    "lost": "连接中断",
    "other": "无法访问",
}


@dataclass(frozen=True)
class FailureCause:
    """A failure's class (``dns``, ``refused``, …) and what to tell a user, in Chinese."""

    kind: str
    reason: str
    detail: str = ""

    def text(self, limit: int = 160) -> str:
        """``域名无法解析（DNSLookupError: …）``: the reason first, the technical detail after it."""
        return f"{self.reason}（{self.detail[:limit]}）" if self.detail else self.reason


def from_status(status: int) -> FailureCause:
    """The cause of an HTTP error status."""
    if status >= 500:
        return FailureCause("http-5xx", f"HTTP {status} 服务器错误")
    if status >= 400:
        return FailureCause("http-4xx", f"HTTP {status}")
    return FailureCause("other", f"HTTP {status}")


def from_exception(exc: BaseException) -> FailureCause:
    """The cause of a failed request's exception.

    Looks through what wraps what: Scrapy's exceptions raised ``from`` Twisted's, and Twisted's
    ``ResponseFailed``/``ResponseNeverReceived`` holding the real reasons (a TLS error, say).
    """
    found = [(k, e) for e in _chain(exc) if (k := _kind(e)) != "other"]
    specific = [(k, e) for k, e in found if k != "lost"]
    kind, source = (specific or found or [("other", exc)])[0]
    detail = f"{type(source).__name__}: {source}".strip().rstrip(":")
    return FailureCause(kind, REASONS[kind], detail)


def _chain(exc: BaseException, depth: int = 0) -> list[BaseException]:
    """The exception, then its causes and wrapped reasons, depth first."""
    if depth > 5:
        return []
    out = [exc]
    inner = [exc.__cause__, exc.__context__] + [getattr(r, "value", r) for r in getattr(exc, "reasons", None) or ()]
    for item in inner:
        if isinstance(item, BaseException) and item is not exc:
            out += _chain(item, depth + 1)
    return out


def _kind(exc: BaseException) -> str:
    message = str(exc).lower()
    if "robots.txt" in message:
        return "robots"
    if "max size" in message or "maxsize" in message or "download_maxsize" in message:
        return "too-large"
    for cls in type(exc).__mro__:
        if cls.__module__.startswith("OpenSSL") or cls.__name__ in ("SSLError", "SSLCertVerificationError"):
            return "tls"
        if cls.__name__ in _BY_CLASS:
            return _BY_CLASS[cls.__name__]
    if "certificate" in message or "ssl" in message:
        return "tls"
    return "other"


def failed_request(failure: Failure) -> Request:
    """The request an errback's failure is about (Scrapy sets it on the failure)."""
    request = getattr(failure, "request", None)
    if not isinstance(request, Request):
        raise TypeError("the failure carries no request: not an errback's failure")
    return request


def request_of(response: Response) -> Request:
    """The request a callback's response answers (every downloaded response has one)."""
    if response.request is None:
        raise TypeError("the response carries no request: not a downloaded response")
    return response.request


def failure_cause(failure: Failure) -> FailureCause:
    """The cause of a failed request, from the failure's exception."""
    if failure.value is None:
        return FailureCause("other", REASONS["other"])
    return from_exception(failure.value)
