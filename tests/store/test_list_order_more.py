"""Orders of the linking listings (stories, quote clusters, figure series, speakers) and the
newer orders of quotes and figures, on SQLite and PostgreSQL: one query builder with the
article listing, so every order pages through every row once in the order it names (null
dates last both ways; equals by linker id or name, A to Z), cursors hold the sort key and
the id, and what is no cursor or no order is refused. Totals and outlet facets count what
the listings list."""

from __future__ import annotations

import pytest
from factories import council_articles, fill, make_article, story_articles

from newstrail.link.corpus import link_store
from newstrail.store import facets
from newstrail.store.listings import (
    CLUSTER_ORDERS,
    FIGURE_ORDERS,
    QUOTE_ORDERS,
    SERIES_ORDERS,
    SPEAKER_ORDERS,
    STORY_ORDERS,
    CursorError,
    cursor,
)


def undated_notes():
    """Two notes that give no date, on subjects nothing else covers, one quoting a keeper whose
    name holds the cursor's separator."""
    said = "The lamp turns until the fog lifts,"
    return [
        make_article("note-lamp", "Cape Bulletin", None, "Lighthouse lamp relit at Orme Point",
                     f"The lighthouse lamp at Orme Point was relit after repairs.\n\n\u201c{said}\u201d keeper Jo|Lind said.",
                     quotes=[(said, "keeper Jo|Lind", "Jo|Lind", "said", "direct")]),
        make_article("note-frost", "Upland Echo", None, "Frost nips the Varley orchards",
                     "Frost settled over the Varley orchards and growers lit braziers among the pear trees."),
    ]


SHUT = "The tunnel stays shut until the pumps are checked,"


def tunnel_articles():
    """A flooded road tunnel told by three outlets: a shared quote and two counted things, so
    that linking makes figure series beside the ferry story's."""
    out = []
    for day, outlet, drivers in ((20, "Harbor Ledger", 600), (21, "Ridge Herald", 650), (22, "Valley Courier", 600)):
        text = (f"Water flooded the Kessel road tunnel on day {day} and traffic stopped.\n\n"
                f"\u201c{SHUT}\u201d engineer Rosa Veldt said.\n\n"
                f"About {drivers} drivers were stranded near the Kessel tunnel and 9 trucks were stuck inside.")
        out.append(make_article(
            f"tunnel-{day}", outlet, f"2024-04-{day}", f"Kessel tunnel flooded, day {day}", text,
            quotes=[(SHUT, "engineer Rosa Veldt", "Rosa Veldt", "said", "direct")],
            figures=[(f"About {drivers} drivers", drivers * 0.9, drivers * 1.1, "drivers", "stranded", "Kessel", None,
                      "about"), ("9 trucks", 9, 9, "trucks", "stuck", "Kessel", None, None)]))
    return out


@pytest.fixture
def linked(store):
    fill(store, story_articles() + tunnel_articles() + council_articles() + undated_notes())
    link_store(store)
    return store


def _linker_key(text: str) -> tuple[int, str]:
    return len(text), text


# list name -> (the store's listing, its orders, the row's id field, how ids sort)
LISTINGS = {
    "stories": ("story_listing", STORY_ORDERS, "id", _linker_key),
    "quote_clusters": ("quote_cluster_listing", CLUSTER_ORDERS, "id", _linker_key),
    "series": ("series_listing", SERIES_ORDERS, "id", _linker_key),
    "speakers": ("speaker_listing", SPEAKER_ORDERS, "name", str),
}
TEXT_KEYS = {"text", "counted", "event"}  # ordered by their first KEY_CHARS characters: all of ours are shorter


def expected(rows, order: str, tie: str, tie_key) -> list:
    """``rows`` in ``order`` as the listing promises: by the key (nulls last either way), then
    by id A to Z; an order by the id alone runs its own way."""
    field, descending = order.lstrip("-"), order.startswith("-")
    by_id = sorted(rows, key=lambda r: tie_key(getattr(r, tie)))
    if field == tie:
        return by_id[::-1] if descending else by_id
    keyed = sorted((r for r in by_id if getattr(r, field) is not None), key=lambda r: getattr(r, field),
                   reverse=descending)  # stable: equal keys keep the id order
    return keyed + [r for r in by_id if getattr(r, field) is None]


def walk(listing, list_name: str, order: str, limit: int) -> list:
    seen, after = [], None
    while page := listing(limit=limit, after=after, order=order):
        seen += page
        after = cursor(list_name, order, page[-1])
    return seen


@pytest.mark.parametrize("list_name", LISTINGS)
def test_every_linking_order_pages_through_each_row_once_in_its_order(linked, list_name):
    method, orders, tie, tie_key = LISTINGS[list_name]
    listing = getattr(linked, method)
    every = listing(limit=None, order=orders[0])
    assert len(every) >= 3
    for order in orders:
        listed = listing(limit=None, order=order)
        ids = [getattr(r, tie) for r in listed]
        assert ids == [getattr(r, tie) for r in expected(every, order, tie, tie_key)], order
        for limit in (1, 2):
            assert [getattr(r, tie) for r in walk(listing, list_name, order, limit)] == ids, (order, limit)


def test_undated_stories_come_last_both_ways(linked):
    for order in ("-first_published", "first_published", "-last_published", "last_published"):
        dates = [r.first_published for r in linked.story_listing(limit=None, order=order)]
        assert dates[-2:] == [None, None] and None not in dates[:-2], order


def test_speakers_quoted_as_often_go_by_name_a_to_z_either_way(linked):
    for order in ("-quotes", "quotes"):
        names = [r.name for r in linked.speaker_listing(limit=None, order=order)]
        assert names.index("Ben Ortiz") + 1 == names.index("Cara Ortiz"), order
        assert names.index("Dina Pärk") < names.index("Eli Quinn"), order
    assert [r.name for r in linked.speaker_listing(limit=2)] == ["Ada Moss", "Rosa Veldt"]  # most quoted (3) first


@pytest.mark.parametrize("list_name, order, pick, shape", [
    ("stories", "id", lambda rows: rows[0], "{id}"),
    ("stories", "-first_published", lambda rows: rows[0], "{first_published}|{id}"),
    ("stories", "-outlets", lambda rows: rows[0], "{outlets}|{id}"),
    ("stories", "last_published", lambda rows: next(r for r in rows if r.last_published is None), "{id}"),
    ("quote_clusters", "-articles", lambda rows: rows[0], "{articles}|{id}"),
    ("series", "counted", lambda rows: rows[0], "{counted}|{id}"),
    ("speakers", "-quotes", lambda rows: rows[0], "{quotes}|{name}"),
    ("speakers", "articles", lambda rows: next(r for r in rows if r.name == "Jo|Lind"), "{articles}|{name}"),
    ("speakers", "name", lambda rows: next(r for r in rows if r.name == "Jo|Lind"), "{name}"),
])
def test_a_linking_cursor_holds_the_sort_key_and_the_id(linked, list_name, order, pick, shape):
    method, _, tie, _ = LISTINGS[list_name]
    listing = getattr(linked, method)
    listed = listing(limit=None, order=order)
    row = pick(listed)
    made = cursor(list_name, order, row)
    assert made == shape.format(**row._mapping)
    following = listed[[getattr(r, tie) for r in listed].index(getattr(row, tie)) + 1:]
    assert [getattr(r, tie) for r in listing(limit=None, order=order, after=made)] == [getattr(r, tie) for r in following]


@pytest.mark.parametrize("list_name, order, after", [
    ("stories", "id", "17"),  # a store number where the id is a linker's
    ("stories", "id", "s1|s2"),
    ("stories", "-outlets", "x|s1"),  # a count that is no number
    ("stories", "-outlets", "s1"),  # no key where the key is never null
    ("stories", "-first_published", "2024-03-01|S1"),
    ("stories", "-first_published", "2024\x00|s1"),
    ("series", "counted", "sailor|"),
    ("quote_clusters", "-articles", "3|q1 "),
    ("speakers", "-quotes", "Ada Moss"),  # a name alone, where the order has a key
    ("speakers", "-quotes", "three|Ada Moss"),
    ("speakers", "name", ""),
    ("speakers", "name", "Ada\x00Moss"),
    ("speakers", "name", "x" * 301),  # longer than any stored name
])
def test_what_is_no_cursor_of_a_linking_list_is_refused(linked, list_name, order, after):
    with pytest.raises(CursorError, match="not a cursor"):
        getattr(linked, LISTINGS[list_name][0])(order=order, after=after)


@pytest.mark.parametrize("method", ["story_listing", "quote_cluster_listing", "series_listing", "speaker_listing"])
def test_an_order_outside_a_linking_list_is_refused(linked, method):
    with pytest.raises(ValueError, match="order must be one of"):
        getattr(linked, method)(order="published")


@pytest.mark.parametrize("list_name, orders, key", [
    ("quotes", [o for o in QUOTE_ORDERS if o.lstrip("-") == "source"], lambda r: r.source or ""),
    ("figures", [o for o in FIGURE_ORDERS if o.lstrip("-") in ("outlet", "counted", "event")], None),
])
def test_quotes_and_figures_by_outlet_and_by_what_is_counted(linked, list_name, orders, key):
    listing = getattr(linked, f"list_{list_name}")
    for order in orders:
        field = order.lstrip("-")
        value = key or (lambda r, f=field: getattr(r, f) or "" if f == "outlet" else getattr(r, f))
        listed = listing(limit=None, order=order)
        assert [r.id for r in walk(listing, list_name, order, 2)] == [r.id for r in listed], order
        keyed = [value(r) for r in listed if value(r) is not None]
        assert keyed == sorted(keyed, reverse=order.startswith("-")), order
        assert [value(r) for r in listed[len(keyed):]] == [None] * (len(listed) - len(keyed)), order


def test_totals_count_what_the_linking_listings_list(linked):
    ferry = linked.story_listing(limit=1, order="-outlets")[0].id  # four outlets
    assert facets.total_stories(linked) == len(linked.story_listing(limit=None))
    assert facets.total_stories(linked, min_outlets=4) == len(linked.story_listing(limit=None, min_outlets=4)) == 1  # the ferry
    assert facets.total_stories(linked, min_outlets=2) == len(linked.story_listing(limit=None, min_outlets=2)) == 2
    assert facets.total_quote_clusters(linked) == len(linked.quote_cluster_listing(limit=None)) >= 2
    assert facets.total_quote_clusters(linked, story=ferry) == len(linked.quote_cluster_listing(limit=None, story=ferry)) == 2
    assert facets.total_series(linked, story=ferry) == len(linked.series_listing(limit=None, story=ferry)) == 1
    assert facets.total_series(linked, story="s999") == 0
    assert facets.total_speakers(linked, "ortiz") == len(linked.speaker_listing(limit=None, search="ortiz")) == 2


@pytest.mark.parametrize("facet, listing, filters", [
    (facets.quote_outlets, "list_quotes", {}),
    (facets.quote_outlets, "list_quotes", {"speaker": "Ilse Varn"}),
    (facets.figure_outlets, "list_figures", {}),
    (facets.figure_outlets, "list_figures", {"counted": "sailors"}),
])
def test_outlet_facets_count_the_listed_quotes_and_figures(linked, facet, listing, filters):
    rows = getattr(linked, listing)(limit=None, **filters)
    outlet = (lambda r: r.source) if listing == "list_quotes" else (lambda r: r.outlet)
    counted: dict[str, int] = {}
    for r in rows:
        counted[outlet(r) or ""] = counted.get(outlet(r) or "", 0) + 1
    found = facet(linked, **filters)
    assert dict(found) == counted and len(found) >= 2
    assert [n for _, n in found] == sorted((n for _, n in found), reverse=True)
