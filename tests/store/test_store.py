"""The store on SQLite and PostgreSQL (``store`` / ``store_url`` fixtures in conftest.py).

Articles are invented in ``factories.py`` (``flood_article``), with every nested record filled, so a round trip can compare
whole ``records.Article`` values.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from factories import bare, flood_article, stored

from newstrail.records import Figure
from newstrail.store import ArticleRow, Store

ROUND_TRIP = {
    "full": flood_article("ledger-1"),
    "no source": flood_article("orphan-7", source=None, published=None, language=None),
    "bare": bare("note-1", source="Ridge Herald"),
    "unicode": flood_article(
        "ünï-\u4e2d", source="Coastal Times \u2014 Édition", place="Kessa-\u00c5s", speaker="Zoë O\u2019Brien",
        extra="Emoji \U0001f30a and a tab\tand combining e\u0301.",
    ),
    "numeric id": flood_article("1234", source="Valley Courier", families=7, returned=3),
    "other language": bare("fr-1", "Ridge Herald", "Des inondations ont touché la vallée.") ,
}


@pytest.mark.parametrize("article", list(ROUND_TRIP.values()), ids=list(ROUND_TRIP))
def test_article_round_trips_exactly(store, article):
    assert store.save_batch([stored(article)]) == 1
    by_id = store.get_article(article.id)
    assert by_id == article
    assert by_id.to_dict() == article.to_dict()
    [(pk, source, ext_id)] = store.article_refs(article.id)
    assert (source, ext_id) == (article.source, article.id)
    assert store.get_article(pk) == article


def test_every_nested_record_is_stored(store):
    article = flood_article("ledger-1")
    store.save_batch([stored(article)])
    counts = store.counts()
    expected = {
        "articles": 1,
        "sources": 1,
        "mentions": len(article.entities),
        "entities": 3,  # Orvel (GPE), Mira Sol (PERSON), Orvel Fire Service (ORG)
        "quotes": 4,
        "speakers": 2,
        "figures": 3,
        "figure_checks": 2,
        "signals": 2,
        "unsourced": 1,
        "hedged": 1,
        "copies": 0,
        "languages": 1,
    }
    assert {k: counts[k] for k in expected} == expected


def test_counts_follow_articles_added_by_another_store(store):
    """Counts are kept between calls; articles written through another connection (another
    process, e.g. an ingest beside a running server) still show at once."""
    assert store.counts()["quotes"] == 0
    with type(store)(store.url) as writer:
        writer.save_batch([stored(flood_article("a", "Harbor Ledger"))])
        assert store.counts()["quotes"] == 4
        writer.save_batch([stored(flood_article("b", "Valley Courier", families=80))])
    assert store.counts() == {**store.counts(), "articles": 2, "quotes": 8, "sources": 2}


def test_entities_shared_across_articles_are_one_row(store):
    a = flood_article("a", "Harbor Ledger")
    b = flood_article("b", "Valley Courier", families=80)
    c = flood_article("c", "Valley Courier", place="Pellin")
    store.save_batch([stored(a), stored(b)])
    store.save_batch([stored(c)])
    counts = store.counts()
    assert counts["entities"] == 5  # Orvel, Orvel Fire Service, Pellin, Pellin Fire Service, Mira Sol
    assert counts["mentions"] == len(a.entities) + len(b.entities) + len(c.entities)
    assert store.get_article("c") == c


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("ledger-1", "ledger-1"),
        (1, "ledger-1"),  # pk as int
        ("2", "ledger-2"),  # pk as digit string
        (" 2 ", "ledger-2"),
        ("ledger-404", None),
        (99, None),
        ("99", None),
        ("", None),
    ],
)
def test_get_article_by_pk_or_input_id(store, ref, expected):
    store.save_batch([stored(flood_article("ledger-1")), stored(flood_article("ledger-2", families=9))])
    article = store.get_article(ref)
    assert (article.id if article else None) == expected


def test_digit_id_that_is_not_a_pk_is_found_by_id(store):
    store.save_batch([stored(flood_article("ledger-1")), stored(flood_article("1234", families=5))])
    assert store.get_article("1234").id == "1234"
    assert store.get_article("2").id == "1234"  # pk 2


def test_id_shared_by_several_sources(store):
    items = [stored(flood_article("story-9", source=s, families=n)) for s, n in (("Harbor Ledger", 1), ("Ridge Herald", 2), (None, 3))]
    assert store.save_batch(items) == 3
    refs = store.article_refs("story-9")
    assert [(source, ext_id) for _, source, ext_id in refs] == [("Harbor Ledger", "story-9"), ("Ridge Herald", "story-9"), (None, "story-9")]
    assert [pk for pk, _, _ in refs] == sorted(pk for pk, _, _ in refs)
    assert store.get_article("story-9").source == "Harbor Ledger"  # the first stored
    assert store.article_refs("missing") == []


def test_article_refs_puts_the_pk_match_first(store):
    store.save_batch([stored(flood_article("x")), stored(flood_article("y", families=3)), stored(flood_article("1", "Ridge Herald", families=4))])
    refs = store.article_refs("1")
    assert [(pk, ext_id) for pk, _, ext_id in refs] == [(1, "x"), (3, "1")]


def test_same_batch_twice_inserts_nothing_the_second_time(store):
    batch = [stored(flood_article(f"a{i}", families=10 + i), line_keys=["share this story"]) for i in range(5)]
    batch.append(stored(flood_article("a0", source=None)))  # same id, no source: a different article
    assert store.save_batch(batch) == 6
    before = store.counts()
    stats_before = store.line_stats(["Harbor Ledger"])
    assert store.save_batch(batch) == 0
    assert store.counts() == before
    assert store.line_stats(["Harbor Ledger"]) == stats_before == {"Harbor Ledger": (5, {"share this story": 5})}


def test_repeated_key_within_a_batch_is_saved_once(store):
    first = flood_article("dup", families=10)
    second = flood_article("dup", families=99)
    assert store.save_batch([stored(first), stored(second)]) == 1
    assert store.get_article("dup") == first


@pytest.mark.parametrize("none_like", [None, ""])
def test_no_source_keys_match_none_and_empty(store, none_like):
    store.save_batch([stored(flood_article("n1", source=none_like))])
    assert store.known_keys([(None, "n1"), ("", "n1"), ("Harbor Ledger", "n1")]) == {(None, "n1"), ("", "n1")}
    assert store.get_article("n1").source is None


def test_partial_overlap_inserts_only_new_items(store):
    store.save_batch([stored(flood_article(f"k{i}", families=i + 1)) for i in range(3)])
    batch = [stored(flood_article(f"k{i}", families=i + 1)) for i in range(1, 6)]
    assert store.save_batch(batch) == 3
    assert store.counts()["articles"] == 6
    assert [r.id for r in store.list_articles(limit=None)] == [f"k{i}" for i in range(6)]
    assert store.line_stats(["Harbor Ledger"])["Harbor Ledger"][0] == 6


def test_known_keys_in_bulk(store):
    store.save_batch([stored(bare(f"id-{i}", "Harbor Ledger" if i % 2 else "Ridge Herald")) for i in range(1200)])
    asked = [("Harbor Ledger", f"id-{i}") for i in range(1500)] + [("Nowhere Gazette", "id-1"), (None, "id-2")]
    known = store.known_keys(asked)
    assert known == {("Harbor Ledger", f"id-{i}") for i in range(1, 1200, 2)}
    assert store.known_keys([]) == set()


def test_content_hash_owner_is_the_earliest_article(store):
    text = "The ferry to Quillon was cancelled, the harbour master said."
    first = stored(bare("wire-1", "Northern Wire Service", text))
    again = stored(bare("copy-1", "Coastal Times", text), copy_of=("Northern Wire Service", "wire-1"), kind="exact", similarity=1.0)
    other = stored(bare("other", "Coastal Times", "Something else entirely."))
    store.save_batch([first, again, other])
    owners = store.content_hash_owners([first.content_hash, other.content_hash, "f" * 64])
    assert owners == {first.content_hash: ("Northern Wire Service", "wire-1"), other.content_hash: ("Coastal Times", "other")}


@pytest.mark.parametrize(
    ("copy_of", "kind", "similarity", "expected_kind"),
    [
        (("Northern Wire Service", "wire-1"), "exact", 1.0, "exact"),
        (("Northern Wire Service", "wire-1"), "near", 0.91, "near"),
        (("Northern Wire Service", "wire-1"), None, 0.85, "near"),
    ],
)
def test_copy_of_an_item_earlier_in_the_same_batch(store, copy_of, kind, similarity, expected_kind):
    original = stored(flood_article("wire-1", "Northern Wire Service"))
    copy = stored(flood_article("c-7", "Coastal Times"), copy_of=copy_of, kind=kind, similarity=similarity)
    assert store.save_batch([original, copy]) == 2  # linked, never dropped
    with store.engine.connect() as conn:
        from sqlalchemy import select

        from newstrail.store.schema import copies

        rows = conn.execute(select(copies.c.article_pk, copies.c.copy_of_pk, copies.c.kind, copies.c.similarity)).all()
    assert [tuple(r) for r in rows] == [(2, 1, expected_kind, similarity)]
    assert store.counts()["copies"] == 1


def test_copy_of_an_article_from_an_earlier_batch_and_unknown_originals(store):
    store.save_batch([stored(flood_article("wire-1", "Northern Wire Service"))])
    items = [
        stored(flood_article("c-1", "Coastal Times"), copy_of=("Northern Wire Service", "wire-1"), kind="exact", similarity=1.0),
        stored(flood_article("c-2", "Ridge Herald"), copy_of=("Northern Wire Service", "never-seen"), kind="near", similarity=0.9),
        stored(flood_article("c-3", "Ridge Herald"), copy_of=("Ridge Herald", "c-3"), kind="exact"),  # itself: ignored
    ]
    assert store.save_batch(items) == 3
    assert store.counts()["copies"] == 1


def test_line_stats_accumulate_per_source(store):
    lines_a = ["follow us on social media", "comments are closed"]
    store.save_batch(
        [
            stored(bare("a1", "Harbor Ledger", "one"), line_keys=lines_a),
            stored(bare("a2", "Harbor Ledger", "two"), line_keys=lines_a[:1] * 3),  # repeated in one article: once
            stored(bare("b1", "Ridge Herald", "three"), line_keys=["comments are closed"]),
            stored(bare("n1", None, "four"), line_keys=["page 1 of 2"]),
        ]
    )
    store.save_batch(
        [
            stored(bare("a3", "Harbor Ledger", "five"), line_keys=["comments are closed"]),
            stored(bare("a1", "Harbor Ledger", "one"), line_keys=lines_a),  # already stored: not counted
        ]
    )
    stats = store.line_stats(["Harbor Ledger", "Ridge Herald", None, "Nowhere Gazette"])
    assert stats == {
        "Harbor Ledger": (3, {"follow us on social media": 2, "comments are closed": 2}),
        "Ridge Herald": (1, {"comments are closed": 1}),
        None: (1, {"page 1 of 2": 1}),
        "Nowhere Gazette": (0, {}),
    }
    assert store.line_stats(["Harbor Ledger"], min_count=2)["Harbor Ledger"][1] == {
        "follow us on social media": 2,
        "comments are closed": 2,
    }
    assert store.line_stats([]) == {}


def test_iter_minhashes_in_ingest_order(store):
    items = [stored(flood_article(f"m{i}", families=i + 1), minhash=i != 1) for i in range(4)]
    store.save_batch(items)
    got = list(store.iter_minhashes())
    assert got == [(("Harbor Ledger", it.article.id), it.minhash) for it in items if it.minhash is not None]
    assert all(isinstance(sig, bytes) for _, sig in got)


@pytest.mark.parametrize("batch_size", [1, 3, 500])
def test_iter_articles_gives_every_article_in_ingest_order(store, batch_size):
    articles = [flood_article(f"it{i}", ("Harbor Ledger", "Ridge Herald", None)[i % 3], families=i + 1) for i in range(7)]
    store.save_batch([stored(a) for a in articles[:4]])
    store.save_batch([stored(a) for a in articles[4:]])
    got = list(store.iter_articles(batch_size=batch_size))
    assert [pk for pk, _ in got] == list(range(1, 8))
    assert [a for _, a in got] == articles


def test_iter_articles_not_whole_gives_text_and_quotes_only(store):
    articles = [flood_article(f"it{i}", ("Harbor Ledger", None)[i % 2], families=i + 1) for i in range(3)]
    store.save_batch([stored(a) for a in articles])
    got = [a for _, a in store.iter_articles(batch_size=2, whole=False)]
    assert [(a.source, a.id, a.published, a.text, a.quotes) for a in got] == \
        [(a.source, a.id, a.published, a.text, a.quotes) for a in articles]
    assert all(a.quotes and a.entities and a.figures for a in articles)
    assert not any(a.entities or a.figures or a.figure_checks for a in got)


def test_nul_character_is_kept_as_one_character(store):
    article = bare("nul", "Harbor Ledger", "Before\x00after the storm.")
    store.save_batch([stored(article)])
    back = store.get_article("nul")
    assert len(back.text) == len(article.text)
    assert back.text.replace("\ufffd", "\x00") == article.text


def test_counts_on_an_empty_store(store):
    assert set(store.counts().values()) == {0}


def test_reopening_keeps_the_data(store_url):
    with Store(store_url) as first:
        first.save_batch([stored(flood_article("keep"))])
    with Store(store_url) as second:
        assert second.get_article("keep") == flood_article("keep")
        assert second.save_batch([stored(flood_article("keep"))]) == 0


def test_list_articles_rows(store):
    a = flood_article("row-1", published="2031-04-12")
    store.save_batch([stored(a)])
    [row] = store.list_articles()
    assert row == ArticleRow(
        pk=1, id="row-1", source="Harbor Ledger", title=a.title, published="2031-04-12", language="en",
        url="https://news.example/row-1", words=len(a.text.split()), quotes=4, figures=3,
    )
    assert row.to_dict()["id"] == "row-1"


DATED = [
    ("d1", "Harbor Ledger", "2030-12-31", "en"),
    ("d2", "Harbor Ledger", "2031-01-01", "en"),
    ("d3", "Ridge Herald", "2031-06-15", "fr"),
    ("d4", "Ridge Herald", "2031-06-30", "en"),
    ("d5", "Valley Courier", None, "en"),
    ("d6", "Valley Courier", "2032-02-01", None),
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["d1", "d2", "d3", "d4", "d5", "d6"]),
        ({"source": "Ridge Herald"}, ["d3", "d4"]),
        ({"source": "ridge herald"}, ["d3", "d4"]),
        ({"source": "Nowhere"}, []),
        ({"language": "fr"}, ["d3"]),
        ({"language": "EN"}, ["d1", "d2", "d4", "d5"]),
        ({"date_from": "2031-01-01"}, ["d2", "d3", "d4", "d6"]),
        ({"date_to": "2031-01-01"}, ["d1", "d2"]),
        ({"date_from": "2031", "date_to": "2031"}, ["d2", "d3", "d4"]),
        ({"date_from": "2031-06", "date_to": "2031-06"}, ["d3", "d4"]),
        ({"date_to": "2030"}, ["d1"]),
        ({"source": "Harbor Ledger", "date_from": "2031"}, ["d2"]),
        ({"limit": 2}, ["d1", "d2"]),
        ({"after": 4}, ["d5", "d6"]),
        ({"after": 2, "limit": 1}, ["d3"]),
    ],
)
def test_list_articles_filters(store, filters, expected):
    store.save_batch(
        [stored(flood_article(i, s, published=p, language=lang, families=n)) for n, (i, s, p, lang) in enumerate(DATED, 1)]
    )
    assert [r.id for r in store.list_articles(**filters)] == expected


def _paginate(fetch, key, limit):
    seen, after, pages = [], None, 0
    while True:
        page = fetch(limit=limit, after=after)
        pages += 1
        assert len(page) <= limit
        if not page:
            return seen, pages
        seen += page
        after = key(page[-1])


@pytest.mark.parametrize("limit", [1, 4, 7, 50])
def test_keyset_pagination_returns_every_row_once(store, limit):
    sources = ["Harbor Ledger", "Ridge Herald", None]
    store.save_batch([stored(flood_article(f"p{i}", sources[i % 3], families=i + 1)) for i in range(10)])
    store.save_batch([stored(flood_article(f"q{i}", sources[i % 3], families=i + 100)) for i in range(5)])
    rows, _ = _paginate(store.list_articles, lambda r: r.pk, limit)
    assert [r.id for r in rows] == [f"p{i}" for i in range(10)] + [f"q{i}" for i in range(5)]
    ledger, _ = _paginate(lambda **kw: store.list_articles(source="Harbor Ledger", **kw), lambda r: r.pk, limit)
    assert [r.id for r in ledger] == ["p0", "p3", "p6", "p9", "q0", "q3"]
    quotes, _ = _paginate(store.list_quotes, lambda r: r.id, limit)
    assert len(quotes) == len({q.id for q in quotes}) == 15 * 4
    figures, _ = _paginate(store.list_figures, lambda r: r.id, limit)
    assert len(figures) == len({f.id for f in figures}) == 15 * 3


def _quote_fixture(store):
    store.save_batch(
        [
            stored(flood_article("h1", "Harbor Ledger", speaker="Mira Sol")),
            stored(flood_article("r1", "Ridge Herald", speaker="Ezra Pike", place="Varn")),
            stored(flood_article("r2", "Ridge Herald", speaker="Nora Falk", place="Estry")),
        ]
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # (article id, quote kind, speaker_resolved) of each row, in order
        ({"speaker": "Ezra Pike"}, [("r1", "indirect"), ("r1", "direct"), ("r1", "direct")]),
        ({"speaker": "ezra"}, [("r1", "indirect"), ("r1", "direct"), ("r1", "direct")]),
        ({"speaker": "FIRE SERVICE"}, [("h1", "according_to"), ("r1", "according_to"), ("r2", "according_to")]),
        ({"speaker": "varn fire"}, [("r1", "according_to")]),
        ({"speaker": "%"}, []),  # LIKE wildcards are literal
        ({"speaker": "_"}, []),
        ({"source": "Ridge Herald", "speaker": "falk"}, [("r2", "indirect"), ("r2", "direct"), ("r2", "direct")]),
        ({"source": "harbor ledger"}, [("h1", "indirect"), ("h1", "direct"), ("h1", "direct"), ("h1", "according_to")]),
        ({"search": "bridges closed"}, [("h1", "direct"), ("r1", "direct"), ("r2", "direct")]),
        ({"search": "NIGHTFALL", "source": "Ridge Herald"}, [("r1", "direct"), ("r2", "direct")]),
        ({"search": "'; DROP TABLE quotes; --"}, []),
        ({"search": '"'}, []),
        ({"speaker": "Nobody"}, []),
        ({"search": "bridge close"}, [("h1", "direct"), ("r1", "direct"), ("r2", "direct")]),  # stemmed
        ({"search": "nightfall", "speaker": "nora"}, [("r2", "direct")]),
    ],
)
def test_list_quotes_filters(store, filters, expected):
    _quote_fixture(store)
    rows = store.list_quotes(**filters)
    assert [(r.article_id, r.kind) for r in rows] == expected
    assert store.counts()["quotes"] == 12


def test_quote_row_carries_article_and_every_quote_field(store):
    article = flood_article("h1", "Harbor Ledger", published="2031-04-12")
    store.save_batch([stored(article)])
    rows = store.list_quotes(source="Harbor Ledger")
    assert [r.to_dict() for r in rows] == [
        {"id": r.id, "article_pk": 1, "article_id": "h1", "source": "Harbor Ledger", "published": "2031-04-12",
         "title": article.title, **_fields(q)}
        for r, q in zip(rows, article.quotes)
    ]


def _fields(record) -> dict:
    from dataclasses import asdict

    return asdict(record)


def _figure_fixture(store):
    store.save_batch(
        [
            stored(flood_article("h1", "Harbor Ledger", place="Orvel")),
            stored(flood_article("r1", "Ridge Herald", place="Varn", families=300)),
            stored(replace(bare("w1", "Valley Courier", "Dunhollow mentioned. 12 trucks."), figures=[
                Figure(index=0, text="12", start=21, end=23, value=12.0, counted="trucks", event="arrested",
                       location="near Orvel", sentence="12 trucks."),
            ])),
        ]
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        # (article id, figure index) of each row, in order
        ({"event": "returned"}, [("h1", 1), ("r1", 1)]),
        ({"event": "RETURNED"}, [("h1", 1), ("r1", 1)]),
        ({"event": "killed"}, []),
        ({"counted": "famil"}, [("h1", 0), ("h1", 1), ("h1", 2), ("r1", 0), ("r1", 1), ("r1", 2)]),
        ({"counted": "Trucks"}, [("w1", 0)]),
        ({"entity": "Varn"}, [("r1", 0), ("r1", 1), ("r1", 2)]),  # the article mentions Varn
        ({"entity": "varn fire service"}, [("r1", 0), ("r1", 1), ("r1", 2)]),  # canonical, any case
        ({"entity": "Orvel"}, [("h1", 0), ("h1", 1), ("h1", 2), ("w1", 0)]),  # mention, or location
        ({"entity": "Orv"}, [("h1", 0), ("w1", 0)]),  # no such canonical name; in two locations
        ({"entity": "Orvel", "event": "displaced"}, [("h1", 0)]),
        ({"source": "Valley Courier"}, [("w1", 0)]),
        ({"limit": 2, "after": 2}, [("h1", 2), ("r1", 0)]),
    ],
)
def test_list_figures_filters(store, filters, expected):
    _figure_fixture(store)
    rows = store.list_figures(**filters)
    assert [(r.article_id, r.index) for r in rows] == expected


def test_figure_row_carries_article_and_every_figure_field(store):
    article = flood_article("h1", "Harbor Ledger")
    store.save_batch([stored(article)])
    rows = store.list_figures()
    assert len(rows) == 3
    for row, figure in zip(rows, article.figures):
        d = row.to_dict()
        assert (d["article_pk"], d["article_id"], d["outlet"], d["published"]) == (1, "h1", "Harbor Ledger", "2031-04-12")
        assert {k: d[k] for k in _fields(figure)} == _fields(figure)


@pytest.mark.parametrize("speaker, expected", [
    ("nor", ["r2"]),  # a word's beginning: Nora Falk
    ("falk nora", ["r2"]),  # every word, in any order
    ("ora", []),  # not the middle of a word
    ("pike estry", []),  # both words must be there
    ("Orvel Fire", ["h1"]),  # the speaker entity of "according to the Orvel fire service"
    ("mira", ["h1"]),
])
def test_speaker_filter_matches_the_beginnings_of_name_words(store, speaker, expected):
    _quote_fixture(store)
    assert sorted({r.article_id for r in store.list_quotes(speaker=speaker, limit=None)}) == expected


@pytest.mark.parametrize("speaker, expected", [
    ("zoe", ["z1"]),  # typed without the accent
    ("ZOË", ["z1"]),
    ("agr", ["z1"]),  # Ågren, by its beginning
    ("Ågren zoe", ["z1"]),
    ("zoey", []),
    ("ezra", ["r1"]),
])
def test_speaker_filter_folds_accents_and_case(store, speaker, expected):
    store.save_batch([stored(flood_article("z1", "Harbor Ledger", speaker="Zoë Ågren")),
                      stored(flood_article("r1", "Ridge Herald", speaker="Ezra Pike"))])
    assert sorted({r.article_id for r in store.list_quotes(speaker=speaker, limit=None)}) == expected
