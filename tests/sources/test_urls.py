import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs, urls

PAGE = (
    "<html><head><title>Ferry resumes</title><meta property='og:site_name' content='Orlan Daily'></head>"
    "<body><article><p>The ferry to Orlan island resumed service on Monday after repairs, the operator said.</p>"
    "</article></body></html>"
).encode()


class Handler(BaseHTTPRequestHandler):
    routes = {
        "/story": (200, "text/html; charset=utf-8", PAGE, None),
        "/hop": (302, "text/html", b"", "/story"),
        "/to-private": (302, "text/html", b"", "http://10.0.0.5/story"),
        "/to-file": (302, "text/html", b"", "file:///etc/passwd"),
        "/image": (200, "image/png", b"\x89PNG....", None),
        "/big": (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>", None),
    }

    def do_GET(self):  # noqa: N802
        self.server.requests.append(self.path)
        status, ctype, body, location = self.routes.get(self.path, (404, "text/html", b"", None))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def no_connections(monkeypatch):
    """Fail the test if anything tries to open a network connection."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError(f"connection attempted: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


def _base(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


def test_fetch_html_page_allowed(tmp_path, server):
    listing = tmp_path / "feed.urls"
    listing.write_text(f"# morning run\n\n{_base(server)}/story\n{_base(server)}/hop  # redirected\n")
    items = list(read_inputs([str(listing)], allow_private=True))
    assert all(isinstance(i, InputArticle) for i in items), items
    assert [i.id for i in items] == [f"{_base(server)}/story", f"{_base(server)}/hop"]
    assert items[1].url == f"{_base(server)}/story"
    assert items[0].source == "Orlan Daily" and items[0].title == "Ferry resumes"
    assert "resumed service" in items[0].text
    assert server.requests == ["/story", "/hop", "/story"]


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "10.0.0.5", "192.168.1.1", "169.254.169.254", "[::1]", "[fd00::1]", "172.16.4.4", "0.0.0.0"]
)
def test_private_addresses_refused_before_connecting(tmp_path, host, no_connections):
    listing = tmp_path / "bad.urls"
    listing.write_text(f"http://{host}/story\n")
    [error] = read_inputs([str(listing)])
    assert isinstance(error, InputError)
    assert error.location == f"{listing}:1"
    assert "refused" in error.message and "allow_private" in error.message
    assert no_connections == []


def test_loopback_server_gets_no_request_when_refused(server):
    [error] = read_inputs([f"{_base(server)}/story"])
    assert "refused" in error.message and "loopback" in error.message
    assert server.requests == []


def test_redirect_to_private_address_refused(server, monkeypatch):
    """Only the test server's address is allowed; the redirect target must be checked too."""
    real = urls.blocked_reason
    monkeypatch.setattr(urls, "blocked_reason", lambda ip: None if ip == "127.0.0.1" else real(ip))
    [error] = read_inputs([f"{_base(server)}/to-private"])
    assert "refused" in error.message and "10.0.0.5" in error.message
    assert server.requests == ["/to-private"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/to-file", "only http(s)"),
        ("/image", "not an HTML page"),
        ("/missing", "HTTP 404"),
        ("/big", "too large"),
    ],
)
def test_fetch_errors(server, path, message):
    [error] = read_inputs([f"{_base(server)}{path}"], allow_private=True, max_bytes=1000)
    assert isinstance(error, InputError) and message in error.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# comment\nhttps://a.example/x\n\n  https://b.example/y#frag  # note\n", [(2, "https://a.example/x"), (4, "https://b.example/y#frag")]),
        ("", []),
    ],
)
def test_read_url_list(text, expected):
    assert list(urls.read_url_list(text)) == expected


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("8.8.8.8", None),
        ("2606:4700::1111", None),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("224.0.0.1", "multicast"),
        ("::ffff:10.0.0.1", "private"),
        ("100.64.0.1", "non-global"),
        ("0.0.0.0", "unspecified"),
        ("240.0.0.1", "reserved"),
    ],
)
def test_blocked_reason(ip, reason):
    assert urls.blocked_reason(ip) == reason


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("https://news.example/a?b=c#d", "news.example"),
        ("https://m\u00fcnchen.example/x", "m\u00fcnchen.example"),
        ("http://[::1]:8080/a", "::1"),
        ("http://127.0.0.1:5/", "127.0.0.1"),
        ("http://wire_feed.example./", "wire_feed.example."),
        ("HTTP://NEWS.EXAMPLE/", "news.example"),
    ],
)
def test_parse_url_accepts_well_formed_urls(text, host):
    assert urls.parse_url(text).host == host
