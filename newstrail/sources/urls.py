"""URL lists: fetch each page with httpx, refusing private and other non-public addresses.

Every hop (the URL and each redirect) is resolved and checked *before* connecting, and
the connection then goes to the checked address (Host header and TLS SNI keep the
name), so a DNS answer cannot change between check and use. Environment proxies are
ignored for the same reason. ``allow_private`` lifts the address check (tests, intranets).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator

import httpx

from newstrail.records import InputArticle, InputError
from newstrail.sources.html import parse_html

TIMEOUT = httpx.Timeout(15.0, connect=5.0)
MAX_REDIRECTS = 5
USER_AGENT = "newstrail/0.1 (+https://github.com/newstrail)"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class Refused(Exception):
    """A URL newstrail will not fetch (bad scheme, private address, unresolvable name)."""


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
        raise Refused(f"cannot resolve {host!r}: {exc}") from exc
    return list(dict.fromkeys(info[4][0] for info in infos))


def checked_address(url: httpx.URL, allow_private: bool) -> str:
    """The address to connect to for ``url``; Refused when any answer is not public."""
    if url.scheme not in ("http", "https") or not url.host:
        raise Refused(f"refused: only http(s) URLs are fetched, not {str(url)[:80]!r}")
    addresses = resolve(url.host, url.port or (443 if url.scheme == "https" else 80))
    if not allow_private:
        for ip in addresses:
            reason = blocked_reason(ip)
            if reason:
                raise Refused(f"refused: {url.host} is a {reason} address ({ip}); not fetched without allow_private")
    return addresses[0]


def fetch(url: str, allow_private: bool = False, max_bytes: int = 20_000_000) -> tuple[str, bytes]:
    """(final URL, body) of an HTML page, following redirects hop by hop with checks."""
    current = httpx.URL(url)
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            ip = checked_address(current, allow_private)
            pinned = current.copy_with(host=ip)
            headers = {"Host": current.netloc.decode("ascii"), "User-Agent": USER_AGENT}
            extensions = {"sni_hostname": current.host} if current.scheme == "https" else {}
            with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                if response.is_redirect:
                    current = current.join(response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise Refused(f"HTTP {response.status_code}")
                content_type = response.headers.get("content-type", "").lower()
                if not content_type.startswith(_HTML_TYPES):
                    raise Refused(f"not an HTML page (content type {content_type or 'missing'!r})")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise Refused(f"too large: over {max_bytes:,} bytes > limit {max_bytes:,}")
                return str(current), bytes(body)
    raise Refused(f"more than {MAX_REDIRECTS} redirects")


def fetch_article(
    url: str, location: str, allow_private: bool = False, max_bytes: int = 20_000_000
) -> InputArticle | InputError:
    """The article at ``url``; errors are reported at ``location`` (e.g. "list.urls:3")."""
    try:
        final, body = fetch(url, allow_private, max_bytes)
    except Refused as exc:
        return InputError(location, f"{url}: {exc}")
    except httpx.HTTPError as exc:
        return InputError(location, f"{url}: fetch failed: {exc.__class__.__name__}: {exc}")
    except ValueError as exc:  # malformed URL
        return InputError(location, f"{url}: invalid URL: {exc}")
    item = parse_html(body, origin=url, url=final, default_id=url)
    return InputError(location, f"{url}: {item.message}") if isinstance(item, InputError) else item
