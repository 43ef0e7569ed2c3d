"""List pages over invented articles (more than one page of them, and one story in four
outlets): the total under the
filters, the JSON and CSV forms with the same filters, first/previous/next pages reached by
clicks, facets that narrow the list, the home page's counts linking to their lists and its
newest articles, error pages that keep the header and search box, and a focus ring with
3:1 contrast. Headless Chromium for clicks and styles, plain HTTP for the rest."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from factories import fill, make_article, story_articles
from live import browser_page, follow, serving

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser

OUTLETS = ["Harbor Ledger", "Valley Courier", "Ridge Herald"]
N = 130  # articles: three pages of 50
FORMULA = "=HYPERLINK(\"http://bad.test\",\"click\")"


def articles():
    """Market reports from three outlets over four months, one in French, one whose headline
    is a spreadsheet formula and one with markup in it."""
    out = []
    for i in range(N):
        outlet = OUTLETS[i % 3]
        day = f"2024-{1 + i % 4:02d}-{1 + i % 28:02d}"
        said = f"Stall {i} sold out of pears by noon,"
        title = {7: FORMULA, 8: "Fish <script>alert(1)</script> market"}.get(i, f"Market day {i} in Orvel")
        out.append(make_article(
            f"market-{i}", outlet, day, title,
            f"Traders in Orvel opened 12 stalls on market day {i}.\n\n\u201c{said}\u201d trader Ada Moss said.",
            quotes=[(said, "trader Ada Moss", "Ada Moss", "said", "direct")],
            figures=[("12 stalls", 12, 12, "stalls", "opened", "Orvel", None, None)],
            language="fr" if i == 5 else "en"))
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('lists') / 'lists.db'}")
    fill(store, articles() + story_articles())  # the ferry story makes a figure series
    link_store(store)
    with serving(create_app(store=store)) as base:
        yield base
    store.close()


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as pg:
        yield pg


def get(server, path, **params):
    response = httpx.get(server + path, params=params or None, timeout=30)
    assert response.status_code == 200, (path, response.text[:300])
    return response


def api_all(server, path, **params) -> list[dict]:
    """Every item of an API list, page by page."""
    items, after = [], None
    while True:
        data = get(server, path, limit=200, **params, **({"after": after} if after is not None else {})).json()
        items += data["items"]
        after = data["next"]
        if after is None:
            return items


def list_head(page) -> dict:
    head = page.locator("p.list-head")
    return {"total": int(head.locator(".total").inner_text().replace(",", "")),
            "json": head.get_by_role("link", name="JSON").get_attribute("href"),
            "csv": head.get_by_role("link", name="CSV").get_attribute("href")}


@pytest.mark.parametrize("path, api, params", [
    ("/articles", "/api/articles", {}),
    ("/articles", "/api/articles", {"source": "Valley Courier"}),
    ("/articles", "/api/articles", {"q": "pears", "language": "en", "date_from": "2024-02-01", "date_to": "2024-03-31"}),
    ("/stories", "/api/stories", {}),
    ("/series", "/api/series", {}),
    ("/quotes", "/api/quotes", {}),
    ("/quotes", "/api/quotes", {"source": "Ridge Herald"}),
    ("/speakers", "/api/speakers", {}),
    ("/figures", "/api/figures", {}),
    ("/figures", "/api/figures", {"event": "opened"}),
])
def test_list_shows_its_total_and_json_and_csv_forms(page, server, path, api, params):
    page.goto(server + path + ("?" + str(httpx.QueryParams(params)) if params else ""))
    head = list_head(page)
    expected = api_all(server, api, **params)
    assert head["total"] == len(expected) > 0
    # JSON: the API's list with the same filters, holding this page's rows
    json_url = httpx.URL(head["json"])
    assert json_url.path == api and dict(json_url.params) == params
    shown = get(server, head["json"]).json()["items"]
    assert [i.get("pk", i.get("id")) for i in shown] == [i.get("pk", i.get("id")) for i in expected[:len(shown)]]
    # CSV: every row under the same filters
    response = get(server, head["csv"])
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(expected)
    assert [r.get("id", r.get("name")) for r in rows] == [str(i.get("id", i.get("name"))) for i in expected]


def test_csv_cells_never_run_as_formulas(server):
    rows = list(csv.DictReader(io.StringIO(get(server, "/articles.csv").text)))
    titles = {r["title"] for r in rows}
    assert "'" + FORMULA in titles and FORMULA not in titles
    assert "Fish <script>alert(1)</script> market" in titles  # text, as it is: CSV is not HTML


def test_first_previous_and_next_pages_by_clicks(page, server):
    expected = [str(a["pk"]) for a in api_all(server, "/api/articles")]

    def rows():
        return [h.split("/articles/")[1] for h in page.locator("table.rows tbody a").evaluate_all(
            "as => as.map(a => a.getAttribute('href'))")]

    page.goto(server + "/articles")
    assert page.locator("a[rel=prev]").count() == 0 and page.locator("a[rel=first]").count() == 0
    pages = [rows()]
    while page.locator("a[rel=next]").count():
        follow(page, page.locator("a[rel=next]"))
        pages.append(rows())
    shown = [pk for p in pages for pk in p]
    assert shown == expected and len(pages) == 3
    follow(page, page.locator("a[rel=prev]"))
    assert rows() == pages[1]
    follow(page, page.locator("a[rel=prev]"))
    assert rows() == pages[0]
    assert page.locator("a[rel=prev]").count() == 0
    follow(page, page.locator("a[rel=next]"))
    follow(page, page.locator("a[rel=first]"))
    assert rows() == pages[0]


@pytest.mark.parametrize("facet", ["source", "language", "month"])
def test_facets_count_and_narrow_the_list(page, server, facet):
    page.goto(server + "/articles?q=market")
    total = list_head(page)["total"]
    items = page.locator(f"#facet-{facet} + ul li")
    counts = [int(t.replace(",", "")) for t in items.locator(".count").all_inner_texts()]
    assert sum(counts) == total and counts == sorted(counts, reverse=True)
    link = items.first.locator("a")
    follow(page, link)
    assert list_head(page)["total"] == counts[0]
    assert "q=market" in page.url  # the other filters stay


def test_home_counts_link_to_their_lists_and_newest_come_first(page, server):
    page.goto(server + "/")
    links = page.locator("ul.counts a")
    targets = dict(zip(links.all_inner_texts(), links.evaluate_all("as => as.map(a => a.getAttribute('href'))")))
    for label in ("articles", "quotes", "speakers", "figures", "stories", "quote clusters", "figure series"):
        assert any(label in text for text in targets), targets
    assert "/quote-clusters" in targets.values()
    for text, href in targets.items():
        get(server, href.split("#")[0])
    articles_link = next(h for t, h in targets.items() if t.endswith("articles"))
    count = int(next(t for t in targets if t.endswith("articles")).split()[0].replace(",", ""))
    page.goto(server + articles_link)
    assert list_head(page)["total"] == count == N + len(story_articles())
    page.goto(server + "/")
    dates = page.locator("#recent ~ table td.date").all_inner_texts()
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-04-28"


@pytest.mark.parametrize("path, status", [("/articles/no-such-thing", 404), ("/stories/s999", 404),
                                          ("/articles?date_from=yesterday", 400)])
def test_error_pages_keep_the_header_and_search_box(page, server, path, status):
    response = page.goto(server + path)
    assert response.status == status
    assert page.locator("header.top nav a").count() >= 5
    page.locator("#site-search").fill("pears")
    page.locator("#site-search").press("Enter")
    page.wait_for_url("**/search?q=pears")


def _luminance(rgb: str) -> float:
    parts = [int(float(x)) / 255 for x in rgb[rgb.index("(") + 1:rgb.index(")")].split(",")[:3]]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_focus_ring_has_three_to_one_contrast(page, server):
    page.goto(server + "/articles")
    for _ in range(4):  # skip link, brand, the first menu items: each focused by keyboard
        page.keyboard.press("Tab")
        style = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e);
            let bg = 'rgba(0, 0, 0, 0)';
            for (let n = e.parentElement; n && bg.startsWith('rgba(0, 0, 0, 0)'); n = n.parentElement)
              bg = getComputedStyle(n).backgroundColor;
            return {width: parseFloat(s.outlineWidth), style: s.outlineStyle, color: s.outlineColor, bg}; }""")
        assert style["style"] != "none" and style["width"] >= 2, style
        lighter, darker = sorted([_luminance(style["color"]), _luminance(style["bg"])], reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 3, style


def test_search_marks_the_words_found_and_escapes_the_rest(page, server):
    page.goto(server + "/search?q=pears+market")
    snippets = page.locator("#r-articles + table p.snippet")
    assert snippets.count() >= 1
    marks = {m.lower() for m in page.locator("main mark").all_inner_texts()}
    assert marks <= {"pears", "market"} and "pears" in marks
    page.goto(server + "/search?q=pears")
    assert page.locator("#r-quotes ~ ul.quotes mark").count() == page.locator("#r-quotes ~ ul.quotes li").count() > 0
    # the headline with markup in it is shown as text, its matched word marked
    page.goto(server + "/search?q=fish")
    title = page.locator("#r-articles + table tbody a").first
    assert title.inner_text() == "Fish <script>alert(1)</script> market"
    assert title.locator("mark").inner_text() == "Fish"
    assert page.locator("main script").count() == 0


@pytest.mark.parametrize("q, section, expected", [
    ("stalls", "#r-figures", "12 stalls"),
    ("Dellmoor", "#r-stories", "Ferry crews walk out in Dellmoor"),
])
def test_search_finds_figures_and_stories(page, server, q, section, expected):
    page.goto(server + f"/search?q={q}")
    found = page.locator(f"{section} ~ * a").all_inner_texts()
    assert expected in found
    first = page.locator(f"{section} ~ * a", has_text=expected).first
    with page.expect_navigation():  # to the page's load event: its heading is there then
        first.click()
    assert page.locator("h1").count() == 1 and page.url.startswith(server + ("/articles/" if q == "stalls" else "/stories/"))


def test_figures_of_different_stories_get_their_own_charts(page, server):
    """Every market report is a story of its own: its "12 stalls" never shares an axis."""
    page.goto(server + "/figures?counted=stalls")
    charts = page.locator("figure.chart-part")
    assert charts.count() > 1
    for i in range(charts.count()):
        assert charts.nth(i).locator("g.pt").count() == 1
        assert charts.nth(i).locator("figcaption a[href^='/stories/']").count() == 1


def test_docs_is_the_api_reference_from_this_server(page, server):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(server) else outside.append(r.url))
    assert page.goto(server + "/docs").status == 200
    schema = get(server, "/openapi.json").json()
    shown = page.locator("section.endpoint h3").all_inner_texts()
    expected = [f"{method.upper()} {path}" for path, ops in schema["paths"].items() for method in ops]
    assert sorted(shown) == sorted(expected)
    for name, record in schema["components"]["schemas"].items():
        fields = page.locator(f"[id='schema-{name}'] ~ table td[data-label=Field] code").all_inner_texts()
        assert fields == list(record.get("properties", {})), name
    # a parameter's bounds and a field's type link to its record
    assert "max length 200" in page.locator("main").inner_text()
    page.locator("a[href='#schema-ArticleRow']").first.click()
    assert page.evaluate("location.hash") == "#schema-ArticleRow"
    assert outside == [] and page.locator("script:not([src='/static/app.js'])").count() == 0
