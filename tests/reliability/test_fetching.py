"""URL lists against a real HTTP server on 127.0.0.1: a bad URL is one error on its own line.

Every list holds a good URL before and after the bad one; both must come out, once each, and
the error must name the list's file and line. Slow servers (bytes dripped one at a time, in
the headers or the body, or no answer at all) run into the fetch's deadline; malformed URLs
and redirects to loopback are refused without a request.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs, urls

PAGE = (
    "<html><head><title>Night ferry returns</title></head><body><article>"
    "<p>The night ferry to Varna Point sailed again on Tuesday after a month in dry dock, the operator said.</p>"
    "</article></body></html>"
).encode()
DRIP_SECONDS = 0.1  # between two bytes from a slow route
DRIPS = 300  # a slow route gives up after this many bytes (30 s), long after any deadline here


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        path = urlsplit(self.path).path
        self.server.requests.append(path)
        port = self.server.server_address[1]
        redirects = {
            "/to-loopback-v6": f"http://[::1]:{port}/story",
            "/to-loopback": f"http://127.0.0.2:{port}/story",
            "/to-octal": f"http://0177.0.0.1:{port}/story",
            "/to-decimal": f"http://2130706433:{port}/story",
            "/to-bad-host": "http://[::1/story",
        }
        try:
            if path == "/story":
                self._send(200, PAGE)
            elif path in redirects:
                self._send(302, b"", location=redirects[path])
            elif path == "/drip-body":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self._drip(b"<p>" + b"x" * DRIPS)
            elif path == "/drip-headers":
                self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n")
                self._drip(b"X-Slow: " + b"y" * DRIPS)
            elif path == "/silent":
                time.sleep(DRIP_SECONDS * DRIPS)
            else:
                self._send(404, b"")
        except OSError:  # the client hung up: what a deadline does
            pass

    def _send(self, status, body, location=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _drip(self, data):
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            time.sleep(DRIP_SECONDS)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True  # slow handlers must not hold up the end of the test
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def _run_list(tmp_path, server, bad_url, **kwargs):
    """(listing path, items) for a list of: good URL, ``bad_url``, good URL."""
    listing = tmp_path / "morning.urls"
    listing.write_text(f"# morning run\n{_base(server)}/story?n=1\n{bad_url}\n{_base(server)}/story?n=3\n")
    return listing, list(read_inputs([str(listing)], **kwargs))


def _check_batch(listing, server, items, message):
    """The bad URL on line 3 is one error there; the good ones on lines 2 and 4 are read, once each."""
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.location, message in e.message) for e in errors] == [(f"{listing}:3", True)], errors
    good = [f"{_base(server)}/story?n=1", f"{_base(server)}/story?n=3"]
    assert [i.id for i in items if isinstance(i, InputArticle)] == good
    assert items[0].title == "Night ferry returns" and items[-1].title == "Night ferry returns"


# (name, the bad URL given the server's port, message part). The list is read with allow_private,
# so nothing but the URL's form can stop these: none of them may reach the server.
MALFORMED = [
    ("octal-loopback", "http://0177.0.0.1:{port}/story", "malformed URL"),
    ("decimal-loopback", "http://2130706433:{port}/story", "non-standard form"),
    ("short-loopback", "http://127.1:{port}/story", "non-standard form"),
    ("hex-loopback", "http://0x7f.0.0.1:{port}/story", "non-standard form"),
    ("unclosed-ipv6", "http://[::1", "malformed URL"),
    ("space-in-host", "http://exa mple.com/story", "space"),
    ("escaped-space-in-host", "http://exa%20mple.com/story", "not a valid DNS name"),
    ("octet-over-255", "http://256.1.1.1/story", "Invalid IPv4 address"),
    ("port-out-of-range", "http://127.0.0.1:99999/story", "port 99999 out of range"),
    ("label-over-63", "http://" + "k" * 64 + ".example/story", "not a valid DNS name"),
    ("over-long", "http://127.0.0.1:{port}/story?q=" + "q" * 3000, "characters > limit 2,048"),
    ("not-http", "ftp://127.0.0.1:{port}/story", "only http(s)"),
]


@pytest.mark.parametrize(("name", "url", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_url_is_one_error_and_the_list_goes_on(tmp_path, server, name, url, message):
    listing, items = _run_list(tmp_path, server, url.format(port=server.server_address[1]), allow_private=True)
    _check_batch(listing, server, items, message)
    assert "malformed URL" in items[1].message or name == "not-http"
    assert server.requests == ["/story", "/story"]


# (route, message part, requests the server sees for the bad URL): loopback is refused before
# any connection is made to it, on the first hop or after a redirect.
REDIRECTS = [
    ("/to-loopback", "loopback address (127.0.0.2)", ["/to-loopback"]),
    ("/to-loopback-v6", "loopback address (::1)", ["/to-loopback-v6"]),
    ("/to-octal", "Invalid URL in location header", ["/to-octal"]),
    ("/to-decimal", "redirect to 'http://2130706433:", ["/to-decimal"]),
    ("/to-bad-host", "Invalid URL in location header", ["/to-bad-host"]),
]


@pytest.mark.parametrize(("route", "message", "seen"), REDIRECTS, ids=[r[0] for r in REDIRECTS])
def test_redirect_to_loopback_is_refused(tmp_path, server, monkeypatch, route, message, seen):
    """Only the test server's own address counts as public here; its redirects are checked as usual."""
    real = urls.blocked_reason
    monkeypatch.setattr(urls, "blocked_reason", lambda ip: None if ip == "127.0.0.1" else real(ip))
    listing, items = _run_list(tmp_path, server, f"{_base(server)}{route}")
    _check_batch(listing, server, items, message)
    assert server.requests == ["/story", *seen, "/story"]


@pytest.mark.parametrize(("route", "message"), [("/to-octal", "Invalid URL"), ("/to-decimal", "non-standard form")])
def test_numeric_loopback_redirect_is_not_followed_even_when_private_is_allowed(tmp_path, server, route, message):
    listing, items = _run_list(tmp_path, server, f"{_base(server)}{route}", allow_private=True)
    _check_batch(listing, server, items, message)
    assert server.requests == ["/story", route, "/story"]


SLOW = [
    ("/drip-body", "a body sent a byte at a time"),
    ("/drip-headers", "headers sent a byte at a time"),
    ("/silent", "no answer at all"),
]


@pytest.mark.timeout(60)  # a guard against hanging, not a measurement
@pytest.mark.parametrize(("route", "what"), SLOW, ids=[s[0] for s in SLOW])
def test_slow_server_runs_into_the_deadline_and_the_list_goes_on(tmp_path, server, route, what):
    listing, items = _run_list(tmp_path, server, f"{_base(server)}{route}", allow_private=True, fetch_deadline=1.0)
    _check_batch(listing, server, items, "deadline: no complete response within 1 s")
    assert server.requests == ["/story", route, "/story"]


@pytest.mark.timeout(60)
def test_deadline_is_a_total_for_the_fetch(server):
    """Each dripped byte arrives well within httpx's per-read timeout; only the total can stop it."""
    assert DRIP_SECONDS < urls.TIMEOUT.read
    with pytest.raises(urls.Refused, match="deadline"):
        urls.fetch(f"{_base(server)}/drip-body", allow_private=True, deadline=1.0)
