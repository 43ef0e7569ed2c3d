"""Totals and facets the list pages show, on SQLite and PostgreSQL: each total is the length of
the listing with the same filters, and facet counts add up to it."""

from __future__ import annotations

import pytest
from factories import corpus, council_articles, fill, story_articles

from newstrail.link.corpus import link_store
from newstrail.store import facets


@pytest.fixture
def filled(store):
    fill(store, corpus() + council_articles())
    return store


@pytest.mark.parametrize("filters", [
    {}, {"source": "harbor ledger"}, {"search": "strike"}, {"search": "!!!"}, {"language": "FR"},
    {"date_from": "2024-03-01", "date_to": "2024-03-31"}, {"date_to": "2024-04"},
    {"search": "ferry", "source": "Coastal Post"},
])
def test_article_totals_and_facets_match_the_listing(filled, filters):
    listed = filled.list_articles(limit=None, **filters)
    assert facets.total_articles(filled, **filters) == len(listed)
    found = facets.article_facets(filled, **filters)
    for name in ("source", "language", "month"):
        assert sum(n for _, n in found[name]) == len(listed)
    assert dict(found["source"]).get("Kettering Voice", 0) == sum(r.source == "Kettering Voice" for r in listed)


@pytest.mark.parametrize("kind, filters", [
    ("quotes", {}), ("quotes", {"speaker": "ortiz"}), ("quotes", {"search": "budget final"}),
    ("quotes", {"source": "Kettering Voice", "speaker": "ada"}), ("quotes", {"speaker": "!!"}),
    ("figures", {}), ("figures", {"counted": "SAIL"}), ("figures", {"event": "joined"}),
    ("figures", {"entity": "dellmoor"}),
])
def test_quote_and_figure_totals_match_the_listing(filled, kind, filters):
    listed = getattr(filled, f"list_{kind}")(limit=None, **filters)
    assert getattr(facets, f"total_{kind}")(filled, **filters) == len(listed)


def test_figure_events_count_the_listed_figures(filled):
    events = dict(facets.figure_events(filled))
    listed = filled.list_figures(limit=None)
    assert events == {e: sum(f.event == e for f in listed) for e in {f.event for f in listed if f.event}}


def test_linked_totals_stories_and_exclusive_speakers(store):
    fill(store, story_articles() + council_articles())
    assert facets.stories_of(store, [1]) == {}  # not linked yet
    link_store(store)
    assert facets.total_stories(store) == len(store.list_stories(limit=None))
    assert facets.total_series(store) == len(store.list_figure_series(limit=None))
    assert facets.total_speakers(store, "ortiz") == len(store.list_speakers(search="ortiz")) == 2
    placed = facets.stories_of(store, range(1, 5))
    assert len(placed) == 4 and len(set(placed.values())) == 1  # the ferry story in four outlets
    who = facets.quote_speakers(store, {("Coastal Post", "post-ferry-0302")})
    assert {(k[0], v.index, v.speaker) for k, v in who.items()} == {
        ("Coastal Post", 0, "Tomas Brandt"), ("Coastal Post", 1, "Ilse Varn")}


def test_newest_articles_come_first_and_undated_last(store):
    articles = corpus()
    articles[1].published = None
    fill(store, articles)
    newest = store.list_articles(limit=10, order="-published")
    dates = [r.published for r in newest]
    assert dates[-1] is None and dates[:-1] == sorted(dates[:-1], reverse=True)
    assert len(newest) == len(articles)
    snippets = facets.article_texts(store, [newest[0].pk], chars=20)
    assert snippets == {newest[0].pk: articles[4].text[:20]}
