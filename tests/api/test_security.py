"""Hostile articles: markup, event handlers, javascript: links, huge lines, control characters
and right-to-left overrides in every field must come out as inert text on every page.

Each page is parsed and checked structurally: no script but our own static file, no event
handler attribute, no link or resource that is not ours or plain http(s), no control characters.
The browser-side check (a hostile script never runs) is in test_web.py.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from factories import fill, make_article
from fastapi.testclient import TestClient

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

SCRIPT = "<script>document.title='pwned'</script>"
IMG = '<img src=x onerror="document.title=\'pwned\'">'
SVG = "<svg/onload=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">click</a>'
ATTR_BREAK = '" autofocus onfocus="alert(1)" x="'
STYLE = "<style>body{display:none}</style><link rel=stylesheet href=//evil.test/x.css>"
META = '<meta http-equiv="refresh" content="0;url=https://evil.test/">'
IFRAME = '<iframe src="https://evil.test/"></iframe><base href="https://evil.test/">'
CONTROL = "bell\x07 nul\x00 esc\x1b[31m del\x7f c1\x85"
RTL = "\u202eevil.exe\u202c \u2067isolate\u2069 \u200f"
TEMPLATE = "{{ 7*7 }} {% raw %} ${7*7} [bold]x[/bold]"
HUGE = "A" * 200_000

HOSTILE = [
    ("script", SCRIPT),
    ("img-onerror", IMG),
    ("svg-onload", SVG),
    ("js-link", JS_LINK),
    ("attr-break", ATTR_BREAK),
    ("style", STYLE),
    ("meta-refresh", META),
    ("iframe-base", IFRAME),
    ("control", CONTROL),
    ("rtl", RTL),
    ("template", TEMPLATE),
]


def hostile_article(name: str, payload: str, n: int):
    speaker = f"Mayor {payload} Quint"
    quote_text = f"we rebuild {payload} today"
    text = (f"{speaker} said \u201c{quote_text}\u201d on Monday.\n\n"
            f"About 40 {payload} boats sank in the harbour.\n\n"
            f"Line {payload} with {payload} twice.")
    return make_article(
        f"hostile-{n}-{name}", f"Outlet {payload}", "2024-02-0" + str(1 + n % 9), f"Title {payload}", text,
        quotes=[(quote_text, speaker, speaker, "said", "direct")],
        figures=[(f"About 40 {payload} boats", 36, 44, f"{payload} boats", "sank", f"harbour {payload}",
                  f"official {payload}", "about")],
        url="javascript:alert(document.cookie)" if n % 2 else f"https://example.test/{quote(payload)}",
        unsourced=[f"Line {payload} with {payload} twice."],
        boilerplate=[f"Share {payload}"],
    )


def huge_article():
    return make_article("hostile-huge", "Outlet Huge", "2024-02-10", "Huge " + HUGE[:5000],
                        f"{HUGE}\n\nShort line.", quotes=[("Short line", None, None, None, "direct")])


class Audit(HTMLParser):
    """Collects what must never appear in a page built from untrusted text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value is not None:
                v = value.strip().lower()
                if not (v.startswith(("/", "#", "?")) or (tag == "a" and v.startswith(("https://", "http://")))):
                    self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style":
                self.problems.append(f"inline style on <{tag}>")
        if tag == "script":
            self.scripts.append(attrs.get("src"))
        if tag in ("iframe", "object", "embed", "base", "img", "style", "frame", "applet"):
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in attrs:
            self.problems.append("meta http-equiv")
        if tag == "link" and attrs.get("href") not in ("/static/style.css", "/static/favicon.svg"):
            self.problems.append(f"link {attrs.get('href')!r}")


def audit(html: str) -> list[str]:
    parser = Audit()
    parser.feed(html)
    problems = list(parser.problems)
    if parser.scripts != ["/static/app.js"]:
        problems.append(f"scripts {parser.scripts}")
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", html):
        problems.append("control character in the page")
    if "pwned" in html and "document.title=&#39;pwned&#39;" not in html and "document.title=\\'pwned\\'" not in html:
        # the payload may only appear escaped
        if re.search(r"<script>document\.title", html):
            problems.append("raw script payload")
    return problems


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with Store(f"sqlite:///{path}") as store:
        fill(store, [hostile_article(name, payload, n) for n, (name, payload) in enumerate(HOSTILE)] + [huge_article()])
        link_store(store)
        with TestClient(create_app(store=store)) as client:
            yield client


def _pages(name: str, payload: str, n: int) -> list[str]:
    speaker = f"Mayor {payload} Quint"
    return [
        f"/articles/{n + 1}",
        f"/articles/{quote(f'hostile-{n}-{name}', safe='')}?source={quote(f'Outlet {payload}', safe='')}",
        "/articles?" + "q=" + quote(payload[:150], safe=""),
        "/search?q=" + quote(payload[:150], safe=""),
        "/quotes?speaker=" + quote(payload[:150], safe=""),
        "/speakers",
        "/speakers/" + quote(speaker[:150], safe=""),
        "/figures?counted=boats",
        "/figures?entity=" + quote(("harbour " + payload)[:150], safe=""),
        "/",
    ]


@pytest.mark.parametrize("n, name, payload", [(n, name, payload) for n, (name, payload) in enumerate(HOSTILE)],
                         ids=[name for name, _ in HOSTILE])
def test_hostile_article_pages_are_inert(hostile_client, n, name, payload):
    for path in _pages(name, payload, n):
        response = hostile_client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        assert response.headers["content-type"].startswith("text/html")
        assert audit(response.text) == [], path


@pytest.mark.parametrize("n, name, payload", [(n, name, payload) for n, (name, payload) in enumerate(HOSTILE)],
                         ids=[name for name, _ in HOSTILE])
def test_hostile_article_page_shows_the_payload_as_text(hostile_client, n, name, payload):
    html = hostile_client.get(f"/articles/{n + 1}").text
    shown = payload if name != "control" else re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "\ufffd", payload)
    assert f"Title {shown}" in unescape(html)  # shown as text, exactly
    if name == "template":
        assert "{{ 7*7 }}" in html and "${7*7}" in html
    assert 'class="quote' in html and "data-tip=" in html  # the quote is still marked


def test_javascript_urls_are_never_links(hostile_client):
    html = hostile_client.get("/articles/2").text  # n = 1: a javascript: url
    assert 'href="javascript' not in html.lower()
    assert "address not shown" in html


def test_rtl_overrides_are_isolated(hostile_client):
    n = [name for name, _ in HOSTILE].index("rtl")
    html = hostile_client.get(f"/articles/{n + 1}").text
    assert re.search(r"<h1[^>]*><bdi>Title \u202eevil", html)


def test_huge_lines_render(hostile_client):
    response = hostile_client.get(f"/articles/{len(HOSTILE) + 1}")
    assert response.status_code == 200
    assert HUGE in response.text and audit(response.text) == []
    listing = hostile_client.get("/articles").text
    assert HUGE[:5000] not in listing  # long titles are shortened in lists


def test_api_returns_hostile_text_verbatim_as_json(hostile_client):
    body = hostile_client.get("/api/articles/1").json()
    assert body["title"] == f"Title {SCRIPT}"
    response = hostile_client.get("/api/articles/1")
    assert response.headers["content-type"] == "application/json"


@pytest.mark.parametrize("name, payload", HOSTILE, ids=[name for name, _ in HOSTILE])
def test_analyse_page_with_hostile_paste_is_inert(hostile_client, nlp, name, payload):
    hostile_client.app.state.ctx.nlp = nlp
    text = f"Mayor Ines Quint said \u201cwe rebuild {payload} today\u201d on Monday.\n\nAbout 40 {payload} boats sank."
    response = hostile_client.post("/analyze/page", data={"text": text, "title": f"T {payload}", "source": payload},
                                   files={"file": ("", b"")})
    assert response.status_code == 200
    assert audit(response.text) == []
