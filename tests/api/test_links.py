"""Reading corpus-linking results (newstrail/store/links.py, newstrail/api/links.py) on SQLite
and PostgreSQL: speaker pages cut in SQL, and a story's outlets side by side.

The store holds invented articles: one ferry-strike story told by four outlets (shared quotes
and figures, a dropped attribution, an exclusive figure) and council reports quoting people
a known number of times, so every expected page and cell is known.
"""

from __future__ import annotations

import pytest
from factories import SIGN, TALKS, council_articles, fill, story_articles

from newstrail import views
from newstrail.link.corpus import link_store

# most quoted first, then by name (Tomas Brandt and Ilse Varn are quoted twice in the story)
ALL_SPEAKERS = ["Ada Moss", "Ben Ortiz", "Cara Ortiz", "Ilse Varn", "Tomas Brandt", "Dina Pärk", "Eli Quinn"]


@pytest.fixture
def linked(store):
    fill(store, story_articles() + council_articles())
    link_store(store)
    return store


def names(rows):
    return [r["name"] for r in rows]


# --- speakers: paged in SQL -----------------------------------------------------------------

def test_speakers_are_most_quoted_first_then_by_name(linked):
    assert names(linked.list_speakers()) == ALL_SPEAKERS


@pytest.mark.parametrize("search, limit", [
    (None, 1), (None, 2), (None, 3), (None, 7), (None, 50), ("ortiz", 1), ("a", 2), ("nobody", 1),
])
def test_speaker_pages_walk_the_list_once(linked, search, limit):
    everything = names(linked.list_speakers(search=search))
    seen, after = [], None
    while True:
        page = names(linked.list_speakers(search=search, limit=limit, after=after))
        assert len(page) <= limit
        seen += page
        if len(page) < limit:
            break
        after = page[-1]
    assert seen == everything


@pytest.mark.parametrize("search, after, expected", [
    (None, "Ada Moss", ALL_SPEAKERS[1:]),
    (None, "Ben Ortiz", ALL_SPEAKERS[2:]),  # a tie on quotes goes on by name
    (None, "Tomas Brandt", ["Dina Pärk", "Eli Quinn"]),
    (None, "Eli Quinn", []),
    (None, "Nobody Here", []),  # an unknown cursor gives nothing, not the first page
    ("ortiz", "Ben Ortiz", ["Cara Ortiz"]),
    ("ortiz", "Ada Moss", []),  # a cursor outside the search is unknown too
    ("OrTiZ", None, ["Ben Ortiz", "Cara Ortiz"]),
    ("%", None, []),  # LIKE wildcards are plain characters
    ("park", None, ["Dina Pärk"]),  # accents and case folded, on both sides
    ("PÄRK", None, ["Dina Pärk"]),
])
def test_speaker_cursor(linked, search, after, expected):
    assert names(linked.list_speakers(search=search, after=after)) == expected


@pytest.mark.parametrize("limit, after, expected, next_", [
    (2, None, ["Ada Moss", "Ben Ortiz"], "2|Ben Ortiz"),  # cursors: quotes, then the name
    (2, "2|Ben Ortiz", ["Cara Ortiz", "Ilse Varn"], "2|Ilse Varn"),
    (3, "2|Ilse Varn", ["Tomas Brandt", "Dina Pärk", "Eli Quinn"], None),
    (7, None, ALL_SPEAKERS, None),
    (6, None, ALL_SPEAKERS[:6], "1|Dina Pärk"),
])
def test_speaker_page_and_next_cursor(linked, limit, after, expected, next_):
    page = views.speakers(linked, limit=limit, after=after)
    assert [s.name for s in page.items] == expected and page.next == next_
    assert set(views.to_json(page.items[0])) == {"name", "quotes", "articles", "outlets", "outlet_quotes", "aliases", "first", "last"}


# --- a story side by side ---------------------------------------------------------------------

def ferry_story(store) -> dict:
    story_id = next(s["id"] for s in store.list_stories(limit=None)
                    if any(a["id"] == "ledger-ferry-0301" for a in s["articles"]))
    return views.story_detail(store, story_id).to_dict()


def test_the_ferry_story_holds_its_four_outlets(linked):
    detail = ferry_story(linked)
    assert [a["source"] for a in detail["side_by_side"]] == ["Harbor Ledger", "Coastal Post", "Bay Digest", "Port Times"]
    assert [c["text"] for c in detail["quotes"]] == [SIGN, TALKS]
    assert [s["thing"] for s in detail["series"]] == [["sailor", "joined", "dellmoor"]]


@pytest.mark.parametrize("source, quotes, figures, omits, dropped, exclusive", [
    ("Harbor Ledger", [SIGN], ["sailors"], {"quotes": [TALKS], "figures": []}, [], []),
    ("Coastal Post", [SIGN, TALKS], ["sailors"], {"quotes": [], "figures": []}, ["sailors"], []),
    # "… the union said in a statement": a speech verb credits the quote, though no speaker was resolved
    ("Bay Digest", [SIGN], [], {"quotes": [TALKS], "figures": ["sailors"]}, [], ["Some 40 ferries"]),
    # "…, officials said": the sentence credits the figure to someone, so nothing is said to be dropped
    ("Port Times", [TALKS], ["sailors"], {"quotes": [SIGN], "figures": []}, [], []),
])
def test_side_by_side(linked, source, quotes, figures, omits, dropped, exclusive):
    """What each article carries and omits, where it drops the attribution, what only it has
    (ids are named here by quote text and by counted thing)."""
    detail = ferry_story(linked)
    label = {c["id"]: c["text"] for c in detail["quotes"]} | {s["id"]: s["figures"][0]["counted"]
                                                              for s in detail["series"]}
    cell = next(a for a in detail["side_by_side"] if a["source"] == source)
    assert [label[i] for i in cell["quotes"]] == quotes
    assert [label[i] for i in cell["figures"]] == figures
    assert {k: [label[i] for i in v] for k, v in cell["omits"].items()} == omits
    assert [label[i] for i in cell["attribution_dropped"]] == dropped
    assert cell["exclusive"] == exclusive
