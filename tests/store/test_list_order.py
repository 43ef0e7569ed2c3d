"""Orders of the store's listings and their keyset cursors, on SQLite and PostgreSQL: every
order pages through every row once, in the order it names (undated articles last both ways,
ties by store id in the same direction), cursors hold the sort key (headlines with "|" in
them too) and stay put when newer articles arrive, and a cursor that is not one is refused."""

from __future__ import annotations

import pytest
from factories import corpus, fill, make_article

from newstrail.store.listings import ARTICLE_ORDERS, FIGURE_ORDERS, KEY_CHARS, QUOTE_ORDERS, CursorError, cursor

LONG = "Quay walls need work, the harbour board said, " * 6  # a headline longer than a sort key


def desk_articles():
    """Harbour-desk briefs: two share a date, two share a headline, one headline holds the
    cursor's separator, two are undated, one has no headline and one no outlet, and two long
    ones are alike as far as a sort key reaches. Headlines differ in their first letter, so
    any collation orders them alike."""
    rows = [
        ("brief-1", "Harbor Ledger", "2024-03-04", "Cranes idle at the north quay"),
        ("brief-2", "Coastal Post", "2024-03-01", "Pilots|tugs agree on night shifts"),
        ("brief-3", "Northern Wire", None, "Ferry timetable changes in April"),
        ("brief-4", "Harbor Ledger", "2024-03-04", "Dredging starts at the east basin"),
        ("brief-5", None, "2024-02-27", "Ferry timetable changes in April"),
        ("brief-6", "Coastal Post", "2024-03-09", None),
        ("brief-7", "Valley Gazette", None, "Ice closes the inner harbour"),
        ("brief-8", "Northern Wire", "2024-02-11", "Bollards replaced along the pier"),
        ("brief-9", "Coastal Post", "2024-02-20", LONG + "tides"),  # these two differ past the key's end
        ("brief-10", "Harbor Ledger", "2024-02-21", LONG + "gales"),
    ]
    return [make_article(i, src, day, title, f"Harbour workers reported on {i} this morning.")
            for i, src, day, title in rows]


def expected(rows, order: str):
    """``rows`` (of ``list_articles(order="pk")``) in ``order``, as the listing promises."""
    field, descending = order.lstrip("-"), order.startswith("-")
    if field == "pk":
        return sorted(rows, key=lambda r: r.pk, reverse=descending)
    value = (lambda r: r.source or "") if field == "source" else (lambda r: getattr(r, field))
    if field == "title":
        value = (lambda r: r.title and r.title[:KEY_CHARS])
    keyed = sorted((r for r in rows if value(r) is not None), key=lambda r: (value(r), r.pk), reverse=descending)
    unkeyed = sorted((r for r in rows if value(r) is None), key=lambda r: r.pk, reverse=descending)
    return keyed + unkeyed


def walk(listing, limit: int, list_name: str, order: str) -> list:
    """Every row of ``listing`` in pages of ``limit``, each page after the last one's cursor."""
    seen, after = [], None
    while page := listing(limit=limit, after=after, order=order):
        seen += page
        after = cursor(list_name, order, page[-1])
    return seen


@pytest.fixture
def desk(store):
    fill(store, desk_articles())
    return store


@pytest.mark.parametrize("limit", [1, 3, 50])
@pytest.mark.parametrize("order", ARTICLE_ORDERS)
def test_every_article_order_pages_through_each_row_once_in_its_order(desk, order, limit):
    every = desk.list_articles(limit=None, order="pk")
    listed = desk.list_articles(limit=None, order=order)
    assert [r.pk for r in listed] == [r.pk for r in expected(every, order)]
    assert [r.pk for r in walk(desk.list_articles, limit, "articles", order)] == [r.pk for r in listed]


@pytest.mark.parametrize("order", ["-published", "published"])
def test_undated_articles_come_last_both_ways(desk, order):
    dates = [r.published for r in desk.list_articles(limit=None, order=order)]
    assert dates[-2:] == [None, None] and None not in dates[:-2]
    assert dates[:-2] == sorted(dates[:-2], reverse=order.startswith("-"))


def test_newest_first_breaks_ties_by_the_last_stored(desk):
    same_day = [r.id for r in desk.list_articles(limit=None, order="-published") if r.published == "2024-03-04"]
    assert same_day == ["brief-4", "brief-1"]


@pytest.mark.parametrize("order, last_id, shape", [
    ("-published", "brief-4", "2024-03-04|{pk}"),
    ("title", "brief-2", "Pilots|tugs agree on night shifts|{pk}"),  # the key keeps its own "|"
    ("source", "brief-5", "|{pk}"),  # no outlet: the stored name ""
    ("-published", "brief-7", "{pk}"),  # undated: the store id alone
    ("pk", "brief-3", None),  # an integer
])
def test_a_cursor_holds_the_sort_key(desk, order, last_id, shape):
    row = next(r for r in desk.list_articles(limit=None) if r.id == last_id)
    made = cursor("articles", order, row)
    assert made == (row.pk if shape is None else shape.format(pk=row.pk))
    listed = desk.list_articles(limit=None, order=order)
    following = listed[[r.pk for r in listed].index(row.pk) + 1:]
    assert [r.pk for r in desk.list_articles(limit=None, order=order, after=made)] == [r.pk for r in following]


def test_a_long_headline_keeps_its_cursor_short(desk):
    rows = {r.id: r for r in desk.list_articles(limit=None)}
    made = cursor("articles", "title", rows["brief-10"])
    assert made == f"{LONG[:KEY_CHARS]}|{rows['brief-10'].pk}"
    alike = [r.id for r in desk.list_articles(limit=None, order="-title") if r.title and r.title.startswith(LONG)]
    assert alike == ["brief-10", "brief-9"]  # alike as keys: the last stored first


def test_newer_articles_do_not_shift_the_pages_after_a_cursor(desk):
    first = desk.list_articles(limit=3, order="-published")
    fill(desk, [make_article("late-1", "Coastal Post", "2024-05-01", "Late tide warning", "Harbour workers left.")])
    rest = desk.list_articles(limit=None, order="-published", after=cursor("articles", "-published", first[-1]))
    assert len(first) + len(rest) == len(desk_articles())
    assert "late-1" not in [r.id for r in first + rest]
    assert desk.list_articles(limit=1, order="-published")[0].id == "late-1"


@pytest.mark.parametrize("order, after", [
    ("-published", "x"),
    ("-published", "-1"),
    ("-published", "2024-03-04|x"),
    ("-published", "2024-03-04|"),
    ("-published", "2024-03-04|99999999999"),  # past any store number
    ("-published", "\u0661\u0662"),  # digits, but not ASCII ones
    ("title", ""),
    ("title", "Ferry\x00|3"),
    ("pk", "2024-03-04|3"),  # a key where the order has none
    ("source", "3"),  # no key where the key is never null
    ("pk", -1),
])
def test_what_is_no_cursor_is_refused(desk, order, after):
    with pytest.raises(CursorError, match="not a cursor"):
        desk.list_articles(order=order, after=after)


@pytest.mark.parametrize("listing", ["list_articles", "list_quotes", "list_figures"])
def test_an_order_outside_the_list_is_refused(desk, listing):
    with pytest.raises(ValueError, match="order must be one of"):
        getattr(desk, listing)(order="text")


@pytest.mark.parametrize("list_name, orders", [("quotes", QUOTE_ORDERS), ("figures", FIGURE_ORDERS)])
def test_quotes_and_figures_page_through_their_orders(store, list_name, orders):
    fill(store, corpus())
    listing = getattr(store, f"list_{list_name}")
    by_id = listing(limit=None)
    assert [r.id for r in by_id] == sorted(r.id for r in by_id) and len(by_id) >= 3
    for order in orders:
        listed = listing(limit=None, order=order)
        assert [r.id for r in walk(listing, 1, list_name, order)] == [r.id for r in listed], order
        if order.lstrip("-") not in ("id", "published"):
            continue  # by outlet, counted, event: tests/store/test_list_order_more.py
        key = (lambda r: r.id) if order.endswith("id") else (lambda r: (r.published, r.id))
        assert [r.id for r in listed] == [r.id for r in sorted(by_id, key=key, reverse=order[0] == "-")], order
