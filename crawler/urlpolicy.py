"""The one URL policy for everything Patrol fetches: which addresses a crawl, a link check, `patrol page` and
a probe may contact.

- Only ``http`` and ``https``: ``file:``, ``ftp:``, ``data:``, ``s3:`` … are never fetched (a page of an
  inspected unit must not make the inspector read local files or other services).
- Pages are read only on the site's own hosts (``crawler.middlewares.guard`` holds that rule, with the site's hosts).
- A host the config names (a site's URL, catalog and columns, with their ``www.`` variants) may be on any
  address: an office may inspect a site on its own network, and the tests and the demo serve on 127.0.0.1.
- Any other host is contacted (a status check, a redirect hop) only when every address it resolves to is
  public: never loopback, private, link-local (169.254.169.254, the cloud metadata service), shared,
  multicast, reserved or unspecified. The check is made on the resolved address, for every hop of a
  redirect chain; :func:`pinned_connection` then connects to the very address that was checked.

A link or entry that is refused is not checked: :data:`NOT_ALLOWED_TEXT` says so, never a status.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
NOT_ALLOWED_TEXT = "未检查（地址不允许访问）"


class AddressNotAllowed(Exception):
    """A URL the policy refuses to contact; ``str()`` is the Chinese reason."""


def scheme_allowed(url: str) -> bool:
    """Whether ``url`` is an http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in ALLOWED_SCHEMES and bool(parts.hostname)


def public_address(address: str) -> bool:
    """Whether an IP address (v4 or v6, an IPv4-mapped v6 unwrapped) is a public unicast address."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_private or ip.is_loopback or ip.is_link_local
                                 or ip.is_reserved or ip.is_unspecified)


def literal_address(host: str) -> str | None:
    """The host as an IP address when it is written as one (``[::1]`` unbracketed), else None."""
    name = host.strip("[]")
    try:
        ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return None
    return name


def refusal(url: str, trusted: Iterable[str], addresses: Iterable[str] | None = None) -> str | None:
    """Why ``url`` must not be contacted, or None.

    ``trusted`` holds the ``host[:port]`` values (:func:`crawler.walk.netloc`) the config names, which may be
    on any address; ``addresses`` the addresses the host resolved to (None: only a literal IP is judged).
    """
    from crawler.walk import netloc  # crawler.walk imports the config model; keep this module light

    if not scheme_allowed(url):
        return f"{NOT_ALLOWED_TEXT}：只访问 http/https 地址"
    if netloc(url) in set(trusted):
        return None
    host = urlsplit(url).hostname or ""
    literal = literal_address(host)
    found = [literal] if literal else list(addresses or ())
    if host.rstrip(".").lower() == "localhost" or host.lower().endswith(".localhost"):
        return f"{NOT_ALLOWED_TEXT}：{host} 是本机地址"
    bad = [a for a in found if not public_address(a)]
    if bad:
        return f"{NOT_ALLOWED_TEXT}：{host} 指向内部地址 {bad[0]}"
    return None


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (the system resolver); OSError when it does not resolve."""
    literal = literal_address(host)
    if literal:
        return [literal]
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_address(url: str, trusted: Iterable[str]) -> str:
    """The address to connect to for ``url``, resolved once and judged by :func:`refusal`;
    :class:`AddressNotAllowed` when refused, OSError when the host does not resolve."""
    parts = urlsplit(url)
    if not scheme_allowed(url):
        raise AddressNotAllowed(refusal(url, trusted) or NOT_ALLOWED_TEXT)
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    addresses = resolve(parts.hostname or "", port)
    reason = refusal(url, trusted, addresses)
    if reason:
        raise AddressNotAllowed(reason)
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to ``address``, whatever its host name resolves to by then."""

    def __init__(self, host: str, port: int | None, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to ``address``, with SNI and certificate checks for the host name."""

    def __init__(self, host: str, port: int | None, address: str, timeout: float,
                 context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.address = address
        self.tls = context

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def pinned_connection(url: str, trusted: Iterable[str], timeout: float,
                      context: ssl.SSLContext | None = None) -> http.client.HTTPConnection:
    """A connection for ``url`` to the address the policy checked (no second lookup a DNS answer could
    change in between); raises like :func:`checked_address`."""
    address = checked_address(url, trusted)
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() == "https":
        return _PinnedHTTPS(host, parts.port, address, timeout, context or ssl.create_default_context())
    return _PinnedHTTP(host, parts.port, address, timeout)
