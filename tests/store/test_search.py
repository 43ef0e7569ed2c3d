"""Full-text search over articles (SQLite FTS5 / PostgreSQL tsvector) through list_articles."""

from __future__ import annotations

import pytest
from factories import bare, flood_article, stored

from newstrail.store import search_terms

CORPUS = [
    flood_article("flood-1", "Harbor Ledger", place="Orvel"),
    flood_article("flood-2", "Ridge Herald", place="Varn", extra="Engineers inspected the dam overnight."),
    bare("fire-1", "Coastal Times", "A warehouse fire in Pellin destroyed grain stores, firefighters said."),
    bare("strike-1", "Coastal Times", "Bus drivers in Estry walked out over unpaid wages; the strike continues."),
    bare("visit-1", "Valley Courier", "Minister Zoë Šojgu toured the Kessa-Ås ferry terminal on Monday."),
]
CORPUS[3].title = "Estry drivers strike"


@pytest.fixture
def corpus_store(store):
    store.save_batch([stored(a) for a in CORPUS])
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("warehouse", ["fire-1"]),  # a body word
        ("WAREHOUSE", ["fire-1"]),
        ("Estry drivers", ["strike-1"]),  # title and body
        ("engineers dam", ["flood-2"]),  # every word must appear
        ("engineers warehouse", []),
        ("bridges", ["flood-1", "flood-2"]),
        ("bridge", ["flood-1", "flood-2"]),  # stemmed
        ("inspecting", ["flood-2"]),  # stemmed
        ("Varn", ["flood-2"]),
        ("zeppelin", []),
        ("sojgu", ["visit-1"]),  # accents folded, on both sides
        ("ŠOJGU", ["visit-1"]),
        ("zoe terminals", ["visit-1"]),
    ],
)
def test_search_finds_articles_by_their_words(corpus_store, query, expected):
    assert [r.id for r in corpus_store.list_articles(search=query)] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"', []),
        ("*", []),
        ("'; DROP TABLE articles; --", []),
        ('warehouse"', ["fire-1"]),
        ('"warehouse', ["fire-1"]),
        ("warehouse*", ["fire-1"]),
        ("warehouse OR zeppelin", []),  # no operators: OR is just a word
        ("NOT warehouse", None),  # "not" is a PostgreSQL stop word, a word for SQLite
        ("title:Estry", []),  # no column filters: "title" is just a word
        ("Estry^", ["strike-1"]),
        ("NEAR(warehouse grain)", []),  # no such word as "near" in fire-1
        ("warehouse) OR (1=1", []),
        ("' OR '1'='1", []),
        ("%", []),
        ("\\", []),
        ("\x00", []),
        ("AND OR", None),  # runs; what matches depends on stop words (PostgreSQL drops them)
        ("-warehouse", ["fire-1"]),
        ("+grain +stores", ["fire-1"]),
    ],
)
def test_hostile_queries_are_harmless(corpus_store, query, expected):
    rows = corpus_store.list_articles(search=query)
    if expected is not None:
        assert [r.id for r in rows] == expected
    assert corpus_store.counts()["articles"] == len(CORPUS)
    assert len(corpus_store.list_articles(search="warehouse")) == 1


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"search": "said", "source": "Coastal Times"}, ["fire-1"]),
        ({"search": "families", "source": "Ridge Herald"}, ["flood-2"]),
        ({"search": "families", "after": 1}, ["flood-2"]),
        ({"search": "families", "limit": 1}, ["flood-1"]),
        ({"search": "   ", "limit": 2}, ["flood-1", "flood-2"]),  # blank: no search
    ],
)
def test_search_combines_with_other_filters(corpus_store, filters, expected):
    assert [r.id for r in corpus_store.list_articles(**filters)] == expected


def test_search_pagination_returns_every_match_once(store):
    articles = [flood_article(f"s{i}", "Harbor Ledger", families=i + 1) for i in range(9)]
    articles += [bare(f"x{i}", "Harbor Ledger", f"Unrelated note number {i}.") for i in range(4)]
    store.save_batch([stored(a) for a in articles])
    seen, after = [], None
    while page := store.list_articles(search="evacuated", limit=2, after=after):
        seen += [r.id for r in page]
        after = page[-1].pk
    assert seen == [f"s{i}" for i in range(9)]


def test_search_index_follows_new_batches(store):
    store.save_batch([stored(bare("a", "Harbor Ledger", "The ferry service resumed."))])
    assert [r.id for r in store.list_articles(search="ferry")] == ["a"]
    store.save_batch([stored(bare("b", "Ridge Herald", "A second ferry sailed at dawn."))])
    assert [r.id for r in store.list_articles(search="ferry")] == ["a", "b"]


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ('"a" AND b*', ["a", "AND", "b"]),
        ("'; DROP TABLE x; --", ["DROP", "TABLE", "x"]),
        ("Zoë O’Brien", ["Zoë", "O", "Brien"]),
        ("snake_case", ["snake", "case"]),
        ("", []),
        (None, []),
    ],
)
def test_search_terms(query, terms):
    assert search_terms(query) == terms
