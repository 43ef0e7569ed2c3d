"""End-to-end tests of the web interface in headless Chromium (Debian's package, driven by
Playwright) against a uvicorn server on a loopback port, over the built-in sample corpus plus
one hostile article written here.

What is expected on a page is read from the API of the same server (the sample's articles may
change; the pages must agree with the data). Screenshots of each page go to
``$NEWSTRAIL_SCREENSHOTS`` when set (the benchmark sets ``bench/results/screenshots``), else to
the test's temporary directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from factories import fill, make_article
from live import browser_page, serving

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser


HOSTILE_TEXT = (
    "Harbour master Oda Finch said \u201c<script>window.__pwned = 1; document.title = 'pwned'</script> "
    "the <img src=x onerror=\"window.__pwned = 2\"> pier is closed\u201d on Sunday.\n\n"
    "About 12 <svg onload=\"window.__pwned=3\"> boats were damaged. <a href=\"javascript:window.__pwned=4\">more</a>\n\n"
    "\u202eReversed line\u202c and bell\x07 characters."
)


def sample_items():
    from newstrail.cli.main import sample_inputs

    return sample_inputs()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from newstrail.ingest import ingest

    path = tmp_path_factory.mktemp("web") / "sample.db"
    store = Store(f"sqlite:///{path}")
    tally = ingest(store=store, items=sample_items())
    assert tally.ingested > 0 and not tally.failed
    quote_text = HOSTILE_TEXT[HOSTILE_TEXT.index("\u201c") + 1:HOSTILE_TEXT.index("\u201d")]
    fill(store, [make_article(
        "hostile-pier", "Hostile <b>Outlet</b>", "2025-01-05", "Pier <script>window.__pwned=5</script> closed",
        HOSTILE_TEXT, quotes=[(quote_text, "Harbour master Oda Finch", "Oda Finch", "said", "direct")],
        figures=[("About 12", 11, 13, "boats", "damaged", None, None, "about")],
        url="javascript:window.__pwned=6")])
    link_store(store)
    with serving(create_app(store=store)) as base:
        yield base
    store.close()


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server, {"width": 1200, "height": 900}, java_script_enabled=True) as pg:
        yield pg


@pytest.fixture
def shots(tmp_path):
    target = Path(os.environ.get("NEWSTRAIL_SCREENSHOTS") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)

    def take(pg, name):
        pg.screenshot(path=str(target / f"{name}.png"), full_page=True)

    return take


def api(server, path, **params):
    response = httpx.get(server + path, params=params, timeout=30)
    assert response.status_code == 200, (path, response.text[:200])
    return response.json()


# --- search ----------------------------------------------------------------------------------

def test_search_finds_articles_quotes_and_speakers(page, server, shots):
    top = api(server, "/api/speakers", limit=1)["items"][0]["name"]
    surname = top.split()[-1]
    page.goto(server + "/")
    page.keyboard.press("/")  # the shortcut focuses the search box
    assert page.evaluate("document.activeElement.id") == "site-search"
    page.keyboard.type(surname)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    speakers = page.locator("#r-speakers + table a").all_inner_texts()
    assert top in speakers
    expected = {r["title"] for r in api(server, "/api/search", q=surname)["articles"]}
    shown = page.locator("#r-articles + table tbody a").all_inner_texts()
    assert expected and set(shown) == {t if len(t) <= 140 else t[:139] + "…" for t in expected}
    assert page.locator("#r-quotes ~ ul.quotes li.quote-item").count() >= 1
    shots(page, "search")
    page.locator("#r-speakers + table").get_by_role("link", name=top, exact=True).first.click()
    page.wait_for_url(f"**/speakers/{quote(top)}")
    assert page.locator("svg.timeline circle.dot").count() >= 1
    shots(page, "speaker")


# --- article page --------------------------------------------------------------------------------------

def test_article_page_highlights_quotes_with_speaker_and_cue(page, server, shots):
    rows = api(server, "/api/articles", limit=200)["items"]
    best = max(rows, key=lambda r: r["quotes"])
    article = api(server, f"/api/articles/{best['pk']}")
    quotes = [q for q in article["quotes"] if 0 <= q["start"] < q["end"] <= len(article["text"])]
    assert quotes
    page.goto(f"{server}/articles/{best['pk']}")
    marks = page.locator(".body mark.quote[tabindex='0']")
    assert marks.count() == len(quotes)
    for i, q in enumerate(quotes):
        mark = page.locator(f"#q{i}")
        pieces = page.locator(f"#q{i}, .body mark.quote.cont")  # a quote split over paragraphs
        assert q["text"].startswith(mark.inner_text().strip()[:20]) or pieces.count() > 1
        who = q["speaker_resolved"] or q["speaker_entity"] or q["speaker"] or "speaker unknown"
        assert who in mark.get_attribute("data-tip")
        if q["cue"]:
            assert f"cue: {q['cue']}" in mark.get_attribute("data-tip")
    first = page.locator("#q0")
    first.focus()  # keyboard focus shows the tooltip
    tip = page.evaluate("getComputedStyle(document.querySelector('#q0'), '::after').content")
    assert (quotes[0]["speaker_resolved"] or quotes[0]["speaker"] or "speaker unknown") in tip
    assert page.evaluate("document.activeElement.id") == "q0"
    page.keyboard.press("Tab")  # the next focusable mark is reachable by keyboard
    assert page.evaluate("document.activeElement.tagName.toLowerCase()") in ("mark", "span", "a")
    # figures are marked with their interval, hedge and source
    figures = [f for f in article["figures"] if not f["derived"] and not f.get("in_title")]
    if figures:
        tip = page.locator(f"#f{figures[0]['index']}").get_attribute("data-tip")
        assert "hedge:" in tip and "source:" in tip
    shots(page, "article")


def test_tab_order_starts_with_skip_link(page, server):
    page.goto(server + "/articles")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    labels = page.evaluate("[...document.querySelectorAll('input:not([type=hidden]), textarea')]"
                           ".filter(e => !document.querySelector(`label[for='${e.id}']`)).length")
    assert labels == 0  # every field has a label


# --- story side by side ------------------------------------------------------------------------------

def test_story_shows_outlets_side_by_side(page, server, shots):
    stories = api(server, "/api/stories", limit=200)["items"]
    story = max(stories, key=lambda s: len(s["outlets"]))
    detail = api(server, f"/api/stories/{story['id']}")
    page.goto(f"{server}/stories/{story['id']}")
    headers = page.locator("#side-by-side thead th.outlet").all_inner_texts()
    assert sorted(headers) == sorted(detail["outlets"])
    assert len(headers) >= 2
    assert page.locator("#side-by-side tr.quote-row").count() == len(detail["quotes"])
    first_row_cells = page.locator("#side-by-side tr.headlines td")
    assert first_row_cells.count() == len(headers)
    for cell in first_row_cells.all():
        assert cell.locator(".headline a").count() >= 1  # every outlet shows its headline
    # a quote an outlet does not carry shows as omitted
    for row in page.locator("#side-by-side tr.quote-row").all():
        carried = row.locator("td.carries").count()
        omitted = row.locator("td.omits").count()
        assert carried + omitted == len(headers) and carried >= 1
    assert page.locator("svg.timeline circle.dot").count() == len(detail["articles"])
    shots(page, "story")


def test_story_marks_exclusive_details(page, server):
    """A detail only one outlet reports shows in that outlet's column of the "Only here" row."""
    stories = api(server, "/api/stories", limit=200)["items"]
    details = [api(server, f"/api/stories/{s['id']}") for s in stories]
    detail = next(d for d in details if d["exclusive"])
    page.goto(f"{server}/stories/{detail['id']}")
    headers = page.locator("#side-by-side thead th.outlet").all_inner_texts()
    cells = page.locator("#side-by-side tr.exclusive-row td").all()
    assert len(cells) == len(headers)
    for outlet, cell in zip(headers, cells):
        expected = [e for e in detail["exclusive"] if e["source"] == outlet]
        assert cell.locator(".exclusive").count() == len(expected)


# --- figure series chart ---------------------------------------------------------------------------------

def test_figure_series_chart_has_its_points(page, server, shots):
    series = api(server, "/api/series", limit=200)["items"]
    chosen = max(series, key=lambda s: (s["conflict"], len(s["figures"])))
    numeric = [f for f in chosen["figures"] if any(f[k] is not None for k in ("value", "low", "high"))]
    page.goto(f"{server}/series/{chosen['id']}")
    points = page.locator("svg.chart g.pt")
    assert points.count() == len(numeric)
    outlets = {f["source"] or "unknown" for f in numeric}
    assert set(page.locator("ul.legend li").all_inner_texts()) == outlets
    assert set(points.evaluate_all("ps => ps.map(p => p.dataset.source || 'unknown')")) == outlets
    # each point has its interval and a readable label
    for f, point in zip(numeric, points.all()):
        assert point.get_attribute("aria-label")
    assert page.locator("table.figures tbody tr").count() == len(chosen["figures"])
    shots(page, "series")


# --- hostile content ------------------------------------------------------------------------------------

def _assert_inert(page):
    assert page.evaluate("window.__pwned") is None
    assert page.title() != "pwned"
    assert page.dialogs == []
    assert page.locator("script:not([src='/static/app.js'])").count() == 0
    assert page.locator(".body img, .body svg, .body a").count() == 0


def test_hostile_article_script_never_runs(page, server, shots):
    page.goto(f"{server}/articles/hostile-pier")
    page.wait_for_load_state("load")
    _assert_inert(page)
    assert "<script>window.__pwned = 1" in page.locator(".body").inner_text()
    page.locator("#q0").hover()
    _assert_inert(page)
    assert page.locator("a[href^='javascript']").count() == 0
    shots(page, "hostile-article")


def test_hostile_paste_on_the_analyse_page(page, server, shots):
    page.goto(server + "/analyze")
    page.get_by_label("Headline (optional)").fill("Pier <img src=x onerror=window.__pwned=7>")
    page.get_by_label("Article text").fill(HOSTILE_TEXT.replace("\x07", ""))
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_selector(".body")
    _assert_inert(page)
    assert "Analysed on the fly" in page.locator("p.notice").inner_text()
    assert page.locator(".body mark.quote").count() >= 1
    shots(page, "analyze")


@pytest.mark.parametrize("path, name", [
    ("/", "home"), ("/articles", "articles"), ("/quotes", "quotes"), ("/speakers", "speakers"),
    ("/figures?event=killed", "figures"), ("/stories", "stories"), ("/series", "series-list"), ("/api", "api"),
])
def test_every_page_renders_without_errors(page, server, shots, path, name):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(server + path)
    assert response.status == 200
    assert errors == []  # no CSP violation, no script error
    assert page.locator("h1").count() >= 1
    shots(page, name)


def test_narrow_screen_has_no_horizontal_scroll(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.goto(server + "/articles")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
