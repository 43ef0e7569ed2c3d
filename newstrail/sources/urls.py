"""URL lists: fetch each page with httpx, refusing private and other non-public addresses.

Every hop (the URL and each redirect) is resolved and checked *before* connecting, and
the connection then goes to the checked address (Host header and TLS SNI keep the
name), so a DNS answer cannot change between check and use. Environment proxies are
ignored for the same reason. ``allow_private`` lifts the address check (tests, intranets).

A URL is checked before anything else: one that is malformed, over-long or names its host
by an ambiguous number (``0177.0.0.1`` is 127.0.0.1 in octal to the C library, an error to
Python) is an error on its own line and the list goes on. Each fetch has a deadline for
all of it (connecting, redirects, every read), since httpx's timeouts bound each network
operation and a server that sends a byte every few seconds would never trip them.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Iterator

import httpx

from newstrail.config import FETCH_DEADLINE
from newstrail.errors import Errors, about
from newstrail.records import InputArticle, InputError
from newstrail.sources.html import parse_html

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
DEADLINE = FETCH_DEADLINE  # seconds for one whole fetch
MAX_REDIRECTS = 5
MAX_URL_CHARS = 2048  # what sitemaps allow, and far beyond any article address
USER_AGENT = "newstrail/0.1 (+https://github.com/newstrail)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")


class Refused(Exception):
    """A URL newstrail will not fetch (malformed, bad scheme, private address, unresolvable name, too slow)."""


def read_url_list(text: str) -> Iterator[tuple[int, str]]:
    """(line number, URL) per line; "#" starts a comment at line start or after a space."""
    for lineno, line in enumerate(text.splitlines(), 1):
        url = line.split(" #", 1)[0].strip()
        if url and not url.startswith("#"):
            yield lineno, url


def blocked_reason(ip: str) -> str | None:
    """Why ``ip`` is not a public address (private, loopback, ...), or None when it is."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address):
        addr = addr.ipv4_mapped or addr.sixtofour or addr
    for flag in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(addr, f"is_{flag}"):
            return flag.replace("_", "-")
    return None if addr.is_global else "non-global"


def resolve(host: str, port: int) -> list[str]:
    """Addresses for ``host``: itself when it is a literal IP, else every DNS answer."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Refused(Errors.E159.format(host=host, error=exc)) from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def parse_url(text: str) -> httpx.URL:
    """``text`` as an http(s) URL with a well-formed host, or Refused saying what is wrong."""
    if len(text) > MAX_URL_CHARS:
        raise Refused(Errors.E151.format(length=len(text), limit=MAX_URL_CHARS))
    if any(c.isspace() or not c.isprintable() for c in text):
        raise Refused(Errors.E152)
    try:
        url = httpx.URL(text)
    except (httpx.InvalidURL, ValueError) as exc:
        raise Refused(Errors.E153.format(error=exc)) from exc
    if url.scheme not in ("http", "https") or not url.host:
        raise Refused(Errors.E157.format(url=text[:80]))
    if url.port is not None and not 0 < url.port < 65536:
        raise Refused(Errors.E154.format(port=url.port))
    _check_host(url)
    return url


def _check_host(url: httpx.URL) -> None:
    """Refused unless the host is an IP address in its one standard spelling or a DNS name.

    A host whose last label is a number is an IPv4 address to browsers and the C library,
    which also read octal, hex and short forms ("0177.1" is 127.0.0.1); only the plain
    dotted-decimal form, which every layer reads alike, is accepted.
    """
    try:
        ipaddress.ip_address(url.host)
        return
    except ValueError:
        pass
    name = url.raw_host.decode("ascii", "replace").lower().removesuffix(".")  # IDNA-encoded by httpx
    labels = name.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        raise Refused(Errors.E155.format(host=url.host[:80]))
    if len(name) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise Refused(Errors.E156.format(host=url.host[:80]))


def checked_address(url: httpx.URL, allow_private: bool) -> str:
    """The address to connect to for ``url``; Refused when any answer is not public."""
    addresses = resolve(url.host, url.port or (443 if url.scheme == "https" else 80))
    if not allow_private:
        for ip in addresses:
            reason = blocked_reason(ip)
            if reason:
                raise Refused(Errors.E158.format(host=url.host, reason=reason, ip=ip))
    return addresses[0]


class _Deadline:
    """The time budget of one fetch: shuts the connection down when it runs out.

    Per-operation timeouts are clipped to what is left, and a timer shuts the socket
    down at the deadline, which wakes a read blocked on a server that drips bytes. The
    socket is the one httpcore reports through the documented ``trace`` extension.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self._socket is not None:
            try:
                self._socket.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass

    def trace(self, event: str, info: dict) -> None:
        if event == "connection.connect_tcp.complete":
            with self._lock:
                self._socket = info["return_value"].get_extra_info("socket")
                if self.expired:
                    self._shut()

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.at

    def timeout(self) -> httpx.Timeout:
        """The per-operation timeouts, none longer than the time left."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise self.exceeded()
        return httpx.Timeout(min(TIMEOUT.read, left), connect=min(TIMEOUT.connect, left))

    def exceeded(self) -> Refused:
        return Refused(Errors.E160.format(seconds=self.seconds))


def fetch(
    url: str, allow_private: bool = False, max_bytes: int = 20_000_000, deadline: float = DEADLINE
) -> tuple[str, bytes]:
    """(final URL, body) of an HTML page, following redirects hop by hop with checks, within ``deadline`` s."""
    current = parse_url(url)
    with _Deadline(deadline) as budget, httpx.Client(follow_redirects=False, trust_env=False) as client:
        try:
            return _fetch_hops(client, current, allow_private, max_bytes, budget)
        except httpx.HTTPError as exc:
            if budget.passed():
                raise budget.exceeded() from exc
            raise


def _fetch_hops(
    client: httpx.Client, current: httpx.URL, allow_private: bool, max_bytes: int, budget: _Deadline
) -> tuple[str, bytes]:
    for _ in range(MAX_REDIRECTS + 1):
        ip = checked_address(current, allow_private)
        pinned = current.copy_with(host=ip)
        headers = {"Host": current.netloc.decode("ascii"), "User-Agent": USER_AGENT}
        extensions = {"trace": budget.trace}
        if current.scheme == "https":
            extensions["sni_hostname"] = current.host
        with client.stream("GET", pinned, headers=headers, extensions=extensions, timeout=budget.timeout()) as response:
            if response.is_redirect:
                current = _redirect(current, response.headers["location"])
                continue
            if response.status_code != 200:
                raise Refused(Errors.E161.format(status=response.status_code))
            content_type = response.headers.get("content-type", "").lower()
            if not content_type.startswith(_HTML_TYPES):
                raise Refused(Errors.E162.format(content_type=content_type or "missing"))
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise Refused(Errors.E108.format(limit=max_bytes))
            if budget.expired:  # the shut-down socket looks like the end of a body without a length
                raise budget.exceeded()
            return str(current), bytes(body)
    raise Refused(Errors.E163.format(limit=MAX_REDIRECTS))


def _redirect(current: httpx.URL, location: str) -> httpx.URL:
    """The next hop, checked like a listed URL (httpx has already refused a Location it cannot parse)."""
    try:
        return parse_url(str(current.join(location)))
    except Refused as exc:
        raise Refused(about(f"redirect to {location[:200]!r}", str(exc))) from exc


def fetch_article(
    url: str, location: str, allow_private: bool = False, max_bytes: int = 20_000_000, deadline: float = DEADLINE
) -> InputArticle | InputError:
    """The article at ``url``; errors are reported at ``location`` (e.g. "list.urls:3")."""
    shown = url if len(url) <= 200 else f"{url[:200]}…"
    try:
        final, body = fetch(url, allow_private, max_bytes, deadline)
    except Refused as exc:
        return InputError(location, about(shown, str(exc)))
    except Exception as exc:  # a network or library failure on one URL must not end the list
        return InputError(location, about(shown, Errors.E164.format(error=f"{exc.__class__.__name__}: {exc}")))
    item = parse_html(body, origin=url, url=final, default_id=url)
    return InputError(location, about(shown, item.message)) if isinstance(item, InputError) else item
