"""Sortable columns of the article list in headless Chromium: newest first when the reader has
chosen nothing, a column header that sorts by it (a second click reverses it), ``aria-sort`` on
the sorted column, the filters kept by every sort link, the filter form and the facets keeping
the order, and the previous/next pages walking the same order."""

from __future__ import annotations

import pytest
from factories import fill, make_article
from live import browser_page, follow, serving
from lists import column, sorted_by

from newstrail.api import create_app
from newstrail.store import Store

pytestmark = pytest.mark.browser

N = 64  # more than one page of 50


def tide_reports():
    """Tide reports of two outlets over two months; every ninth one undated. Headlines run
    in the other direction from the dates, so no order passes for another."""
    return [make_article(f"tide-{i}", ("Harbor Ledger", "Coastal Post")[i % 2],
                         None if i % 9 == 4 else f"2024-{3 + i % 2:02d}-{1 + i % 28:02d}",
                         f"Tide report {N - i:03d} from the outer quay", f"High water reached the quay wall at {i}.")
            for i in range(N)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with Store(f"sqlite:///{tmp_path_factory.mktemp('sorting') / 'sorting.db'}") as store:
        fill(store, tide_reports())
        with serving(create_app(store=store)) as base:
            yield base


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as pg:
        yield pg


def every_page(page, name: str) -> list[str]:
    """A column's cells on this page and every next page, reached by clicks."""
    cells = column(page, name)
    while page.locator("a[rel=next]").count():
        follow(page, page.locator("a[rel=next]"))
        cells += column(page, name)
    return cells


def test_newest_come_first_and_the_published_column_says_so(page, server):
    page.goto(server + "/articles")
    assert sorted_by(page) == {"Published": "descending"}
    dates = every_page(page, "Published")
    dated = [d for d in dates if d != "—"]
    assert len(dates) == N and dates[len(dated):] == ["—"] * (N - len(dated))
    assert dated == sorted(dated, reverse=True)


@pytest.mark.parametrize("header, cells, first, second", [
    ("Headline", "Headline", "ascending", "descending"),
    ("Outlet", "Outlet", "ascending", "descending"),
    ("Published", "Published", "ascending", "descending"),
])
def test_a_header_sorts_by_its_column_and_a_second_click_reverses_it(page, server, header, cells, first, second):
    page.goto(server + "/articles")
    for direction in (first, second):
        follow(page, page.locator("table.rows thead th a", has_text=header))
        assert sorted_by(page) == {header: direction}
        sorted_here = page.url
        shown = [c for c in every_page(page, cells) if c != "—"]  # undated ones last, either way
        assert len(shown) > 50 and shown == sorted(shown, reverse=direction == "descending"), direction
        page.goto(sorted_here)


def test_sorting_keeps_the_filters_and_the_filters_keep_the_order(page, server):
    page.goto(server + "/articles?source=Coastal+Post&q=quay")
    follow(page, page.locator("table.rows thead th a", has_text="Headline"))
    assert "source=Coastal+Post" in page.url and "q=quay" in page.url and "order=title" in page.url
    assert set(column(page, "Outlet")) == {"Coastal Post"}
    page.locator("#f-source").fill("Harbor Ledger")
    follow(page, page.locator("form.filters button[type=submit]"))
    assert "order=title" in page.url and sorted_by(page) == {"Headline": "ascending"}
    titles = column(page, "Headline")
    assert set(column(page, "Outlet")) == {"Harbor Ledger"} and titles == sorted(titles) and titles
    page.locator(".facet a").first.click()  # a facet narrows the list in the same order
    assert "order=title" in page.url and sorted_by(page) == {"Headline": "ascending"}


def test_previous_and_next_pages_walk_the_chosen_order(page, server):
    page.goto(server + "/articles?order=-title")
    first = column(page, "Headline")
    follow(page, page.locator("a[rel=next]"))
    second = column(page, "Headline")
    assert first + second == sorted(first + second, reverse=True) and len(first + second) == N
    assert sorted_by(page) == {"Headline": "descending"}
    follow(page, page.locator("a[rel=prev]"))
    assert column(page, "Headline") == first


@pytest.mark.parametrize("query", ["order=source&after=12", "order=nonsense", "after=2024-03-01%7Cx"])
def test_a_hand_edited_order_or_cursor_is_a_400_page(page, server, query):
    assert page.goto(server + "/articles?" + query).status == 400
    assert page.locator("header.top nav a").count() >= 5
