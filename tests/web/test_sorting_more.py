"""Sortable lists beside the articles' in headless Chromium: stories, speakers, figure series and
figures sort by a click on a column header (``aria-sort`` on it, a second click reverses it),
quotes by a sort bar (``aria-current`` and the direction in words); each list says its default
order, the links keep the filters and the filters and facets keep the order, previous/next
pages walk the chosen order both ways, and a hand-edited order or cursor is a 400 page."""

from __future__ import annotations

import pytest
from factories import fill, make_article, story_articles
from live import browser_page, follow, serving
from lists import column, sorted_by

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser

PLACES = ["Orvel", "Kessel", "Dunmar", "Lyre", "Brack", "Tolland", "Wexa", "Hallow"]
TOPICS = [("bakery", "loaves", "baked"), ("regatta", "boats", "raced"), ("library", "books", "lent"),
          ("orchard", "crates", "picked"), ("quarry", "blocks", "cut"), ("choir", "songs", "sung"),
          ("dairy", "churns", "filled"), ("kiln", "pots", "fired")]
FIRST = ["Ada", "Bram", "Cleo", "Dov", "Edda", "Finn", "Gala", "Hugo"]
LAST = ["Arden", "Bell", "Crane", "Dale", "Eske", "Frost", "Gray", "Holm"]
OUTLETS = ["Harbor Ledger", "Ridge Herald", "Valley Courier"]
N = 64  # town notes: more speakers, quotes and figures than a page of 50


def town_notes():
    """Season notes from eight towns on eight trades, each quoting its own person and counting
    its own thing; every thirteenth one undated."""
    out = []
    for i in range(N):
        place, (trade, counted, verb) = PLACES[i % 8], TOPICS[i // 8]
        who, n = f"{FIRST[i % 8]} {LAST[i // 8]}", 10 + i
        said = f"We {verb} more {counted} in {place} than last year,"
        out.append(make_article(
            f"note-{i}", OUTLETS[i % 3], None if i % 13 == 5 else f"2024-{1 + i % 6:02d}-{1 + (i * 7) % 28:02d}",
            f"The {place} {trade} {verb} {n} {counted}",
            f"The {trade} of {place} {verb} {n} {counted} this season.\n\n\u201c{said}\u201d {who} said.",
            quotes=[(said, who, who, "said", "direct")],
            figures=[(f"{n} {counted}", n, n, counted, verb, place, None, None)]))
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Store(f"sqlite:///{tmp_path_factory.mktemp('sorting_more') / 'sorting.db'}") as store:
        fill(store, town_notes() + story_articles())  # the ferry story makes a figure series
        link_store(store)
        with serving(create_app(store=store)) as base:
            yield base


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as pg:
        yield pg


def every_page(page, read) -> list:
    """``read(page)`` on this page and on every next page, reached by clicks."""
    found = read(page)
    while page.locator("a[rel=next]").count():
        follow(page, page.locator("a[rel=next]"))
        found += read(page)
    return found


def quote_outlets(page) -> list[str]:
    return [t.strip() for t in page.locator("ul.quotes p.meta > bdi").all_inner_texts()]


def quote_dates(page) -> list[str]:
    return [t.strip() for t in page.locator("ul.quotes p.meta span.date").all_inner_texts()]


@pytest.mark.parametrize("path, expected", [
    ("/stories", {"Last": "descending"}),
    ("/speakers", {"Quotes": "descending"}),
    ("/series", {"Series": "ascending"}),
    ("/figures", {"Article": "descending"}),
    ("/quote-clusters", {"Cluster": "ascending"}),
])
def test_each_table_says_its_default_order(page, server, path, expected):
    page.goto(server + path)
    assert sorted_by(page) == expected


def test_quotes_come_from_the_newest_articles_first_and_the_sort_bar_says_so(page, server):
    page.goto(server + "/quotes")
    current = page.locator("nav.sort-by a[aria-current=true]")
    assert current.count() == 1 and "Published" in current.inner_text()
    assert "sorted descending" in current.text_content()
    dates = every_page(page, quote_dates)
    dated = [d for d in dates if d != "undated"]
    assert len(dates) > 50 and dates[len(dated):] == ["undated"] * (len(dates) - len(dated))
    assert dated == sorted(dated, reverse=True)


def _count(text: str) -> int:
    return int(text.split()[0].replace(",", ""))


@pytest.mark.parametrize("path, header, cells, value, first", [
    ("/stories", "Articles", "Articles", int, "descending"),  # counts: the most first
    ("/stories", "Outlets", "Outlets", _count, "descending"),
    ("/stories", "First", "First", str, "descending"),  # dates: the newest first
    ("/speakers", "Speaker", "Speaker", str, "ascending"),  # text: A to Z
    ("/speakers", "Quotes", "Quotes", int, "ascending"),  # the default order: a click reverses it
    ("/speakers", "Articles", "Articles", int, "descending"),
    ("/figures", "Counted", "Counted", str, "ascending"),
    ("/figures", "Event", "Event", str, "ascending"),
    ("/series", "Figures", "Figures", int, "descending"),
    ("/quote-clusters", "Articles", "Articles", int, "descending"),
    ("/quote-clusters", "Quote", "Quote", str, "ascending"),
])
def test_a_header_sorts_by_its_column_and_a_second_click_reverses_it(page, server, path, header, cells, value, first):
    page.goto(server + path)
    second = "ascending" if first == "descending" else "descending"
    for direction in (first, second):
        follow(page, page.locator("table.rows thead th a", has_text=header))
        assert sorted_by(page) == {header: direction}
        here = page.url
        shown = [value(c) for c in every_page(page, lambda p: column(p, cells)) if c != "—"]  # undated last
        assert shown == sorted(shown, reverse=direction == "descending") and shown, direction
        page.goto(here)


def test_the_quote_sort_bar_sorts_by_outlet_and_a_second_click_reverses_it(page, server):
    page.goto(server + "/quotes")
    for direction in ("ascending", "descending"):
        follow(page, page.locator("nav.sort-by a", has_text="Outlet"))
        current = page.locator("nav.sort-by a[aria-current=true]")
        assert "Outlet" in current.inner_text() and f"sorted {direction}" in current.text_content()
        outlets = every_page(page, quote_outlets)
        assert len(outlets) > 50 and outlets == sorted(outlets, reverse=direction == "descending")


@pytest.mark.parametrize("path, order, read", [
    ("/speakers", "name", lambda p: column(p, "Speaker")),
    ("/speakers", "-quotes", lambda p: column(p, "Speaker")),
    ("/quotes", "-source", quote_dates),
    ("/figures", "counted", lambda p: column(p, "As written")),
])
def test_previous_and_next_pages_walk_the_chosen_order_both_ways(page, server, path, order, read):
    page.goto(f"{server}{path}?order={order}")
    first = read(page)
    follow(page, page.locator("a[rel=next]"))
    assert f"order={order}" in page.url
    second = read(page)
    assert len(first) == 50 and second and "after=" in page.url
    follow(page, page.locator("a[rel=prev]"))
    assert read(page) == first and f"order={order}" in page.url
    follow(page, page.locator("a[rel=next]"))
    assert read(page) == second


def test_quotes_lead_to_the_quotes_across_outlets_with_their_list_forms(page, server):
    page.goto(server + "/quotes")
    page.get_by_role("link", name="quotes across outlets").click()
    assert page.url == server + "/quote-clusters" and page.locator("h1").inner_text() == "Quotes across outlets"
    total = int(page.locator("p.list-head .total").inner_text())
    shown = column(page, "Cluster")
    assert total == len(shown) >= 2
    head = page.locator("p.list-head")
    follow(page, page.locator("table.rows thead th a", has_text="Articles"))
    assert head.get_by_role("link", name="JSON").get_attribute("href") == "/api/quote-clusters?order=-articles"
    assert head.get_by_role("link", name="CSV").get_attribute("href") == "/quote-clusters.csv?order=-articles"
    page.locator("table.rows tbody td[data-label='Cluster'] a").first.click()
    assert "/quote-clusters/q" in page.url and page.locator("blockquote.big").count() == 1


def test_sorting_keeps_the_filters_and_the_filters_and_facets_keep_the_order(page, server):
    page.goto(server + "/figures?source=Ridge+Herald")
    follow(page, page.locator("table.rows thead th a", has_text="Counted"))
    assert "source=Ridge+Herald" in page.url and "order=counted" in page.url
    page.locator("#f-event").fill("baked")
    follow(page, page.locator("form.filters button[type=submit]"))
    assert "order=counted" in page.url and "source=Ridge+Herald" in page.url
    assert sorted_by(page) == {"Counted": "ascending"} and set(column(page, "Event")) == {"baked"}
    page.goto(server + "/quotes?order=source")
    facet = page.locator("#facet-source + ul a", has_text="Valley Courier")
    count = int(page.locator("#facet-source + ul li", has_text="Valley Courier").locator(".count").inner_text())
    facet.click()
    assert "order=source" in page.url and set(quote_outlets(page)) == {"Valley Courier"}
    assert int(page.locator("p.list-head .total").inner_text()) == count == len(quote_outlets(page))
    page.goto(server + "/speakers?q=bell")
    follow(page, page.locator("table.rows thead th a", has_text="Speaker"))
    assert "q=bell" in page.url and column(page, "Speaker") == sorted(column(page, "Speaker")) != []


@pytest.mark.parametrize("query", [
    "/stories?order=nonsense",
    "/stories?order=-outlets&after=many%7Cs1",
    "/speakers?after=Ada+Arden",  # a name alone where the order holds the count too
    "/series?order=-figures&after=fs1",
    "/quotes?order=source&after=12",
    "/figures?after=2024-01-01%7Cx",
    "/quote-clusters?order=-articles&after=q1",
])
def test_a_hand_edited_order_or_cursor_is_a_400_page(page, server, query):
    assert page.goto(server + query).status == 400
    assert page.locator("header.top nav a").count() >= 5
