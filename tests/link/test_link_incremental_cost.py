"""A later link recomputes only what the new articles touched (newstrail/link/corpus.py).

The built-in sample (invented articles) is ingested in two batches with a link after each.
The second link recomputes figure matches, series, provenance and exclusive details only for
the stories the new articles joined or opened (and those holding a quote cluster that
changed) and writes only those rows. Every finding must still be what a recompute over the
whole corpus gives from the same stories and quote clusters, ids aside; and the rows of the
stories nothing touched stay as they were, ids included."""

import json

import pytest
from factories import fill, make_article
from sqlalchemy import select

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link import (
    QuoteCluster,
    Story,
    StoryArticle,
    exclusive_details,
    figure_series,
    match_figures,
    match_quotes,
    provenance,
)
from newstrail.link.boilerplate import outlet_boilerplate
from newstrail.link.corpus import link_store
from newstrail.store import Store
from newstrail.store.link_schema import provenance as provenance_table

ITEMS = list(sample_inputs())
SPLITS = {
    "one late article": {"ledger-strike-0403"},
    "a late article of another story": {"courier-militia-0220"},
    "two stories": {"ledger-prison-0321", "eastgate-strike-0402"},
    "a whole story late": {"ledger-strike-0401", "eastgate-strike-0402", "ledger-strike-0403",
                           "chronicle-strike-0402"},
    "every other article": {i.id for i in ITEMS[1::2]},
}


def _dumped(rows) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


def _findings(clusters, series, matches, provenance, exclusives) -> dict[str, list[str]]:
    """The findings with every id replaced by what it names (a cluster by its members, a
    series by its story and thing), so two runs that numbered them differently compare."""
    name = {c["id"]: ["q", *sorted([m["source"] or "", m["article"], m["index"]] for m in c["members"])]
            for c in clusters}
    name |= {s["id"]: ["fs", s["story"], *s["thing"]] for s in series}
    return {
        "clusters": _dumped(c | {"id": name[c["id"]]} for c in clusters),
        "series": _dumped(s | {"id": name[s["id"]], "scope_related": sorted(name[x] for x in s["scope_related"])}
                          for s in series),
        "matches": _dumped({k: v for k, v in m.items() if k != "id"} for m in matches),
        "provenance": _dumped(p | {"target": name[p["target"]]} for p in provenance),
        "exclusives": _dumped(e | {"target": name.get(e["target"])} for e in exclusives),
    }


def _stored(store) -> dict[str, list]:
    with store.engine.connect() as conn:
        provenances = list(conn.execute(select(provenance_table.c.data)).scalars())
    return {"clusters": store.list_quote_clusters(limit=None), "series": store.list_figure_series(limit=None),
            "matches": store.list_figure_matches(), "provenance": provenances,
            "exclusives": store.list_exclusives()}


def _recomputed(store, known: list[dict], late: set[str]) -> dict[str, list]:
    """Everything but the stories computed again over the whole corpus, as a link that
    recomputes the corpus does, from the stored stories and the clusters of the first link."""
    articles = [a for _, a in store.iter_articles()]
    orders = {(a.source, a.id): i for i, a in enumerate(articles)}
    stories = [Story(s["id"], [StoryArticle(**a) for a in s["articles"]], s["mode"])
               for s in store.list_stories(limit=None)]
    groups = {a.key: s.id for s in stories for a in s.articles}
    quotes = match_quotes(articles, orders=orders, known=[QuoteCluster.from_dict(c) for c in known],
                          fresh={(a.source, a.id) for a in articles if a.id in late},
                          boilerplate=outlet_boilerplate(articles))
    series = figure_series(articles, groups=groups, orders=orders)
    return {"clusters": [c.to_dict() for c in quotes], "series": [s.to_dict() for s in series],
            "matches": [m.to_dict() for m in match_figures(articles, groups=groups, orders=orders)],
            "provenance": [p.to_dict() for p in provenance(quotes, series, articles)],
            "exclusives": [d.to_dict() for s in stories if len(s.outlets) > 1
                           for d in exclusive_details(s, articles, quotes, series)]}


def _rows(store) -> dict[str, list]:
    return {"stories": store.list_stories(limit=None), "series": store.list_figure_series(limit=None),
            "matches": store.list_figure_matches(), "exclusives": store.list_exclusives()}


def _within(rows: dict[str, list], stories: set[str]) -> dict[str, list[str]]:
    """The stored rows (``_rows``), ids included, found within ``stories``."""
    members = {(a["source"], a["id"]) for s in rows["stories"] if s["id"] in stories for a in s["articles"]}
    return {"stories": _dumped(s for s in rows["stories"] if s["id"] in stories),
            "series": _dumped(s for s in rows["series"] if s["story"] in stories),
            "matches": _dumped(m for m in rows["matches"] if (m["a"]["source"], m["a"]["article"]) in members),
            "exclusives": _dumped(e for e in rows["exclusives"] if e["story"] in stories)}


@pytest.mark.parametrize("late", list(SPLITS.values()), ids=list(SPLITS))
def test_a_later_link_finds_what_a_recompute_of_the_corpus_finds(store_url, late):
    with Store(store_url) as store:
        ingest(store=store, items=[i for i in ITEMS if i.id not in late])
        assert link_store(store).mode == "full"
        known = store.list_quote_clusters(limit=None)
        ingest(store=store, items=[i for i in ITEMS if i.id in late])
        summary = link_store(store)
        assert (summary.mode, summary.added) == ("incremental", len(late))

        stored = _stored(store)
        assert _findings(**stored) == _findings(**_recomputed(store, known, late))
        assert stored["matches"] and stored["series"] and stored["provenance"] and stored["exclusives"]
        # the totals reported are the store's, not those of the stories recomputed
        assert (summary.quote_clusters, summary.figure_series, summary.exclusive_details,
                sum(summary.figure_matches.values())) == (len(stored["clusters"]), len(stored["series"]),
                                                          len(stored["exclusives"]), len(stored["matches"]))


@pytest.mark.parametrize("late, series_redone", [(SPLITS["one late article"], 2),
                                                  (SPLITS["a late article of another story"], 4)],
                         ids=["one late article (its story's series are two amounts)",
                              "a late article of another story"])
def test_rows_of_the_stories_nothing_touched_stay_as_they_were(store_url, late, series_redone):
    """Stories the new article did not join, and that hold no member of a quote cluster it
    joined, keep their rows, ids included; a series of a story that was redone keeps its id
    when its thing is still there; what is new is numbered after the stored ids."""
    with Store(store_url) as store:
        ingest(store=store, items=[i for i in ITEMS if i.id not in late])
        link_store(store)
        first, first_rows = _stored(store), _rows(store)
        ingest(store=store, items=[i for i in ITEMS if i.id in late])
        link_store(store)
        story_of = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
        joined = {story_of[i] for i in late}
        for c in store.list_quote_clusters(limit=None):
            if any(m["article"] in late for m in c["members"]):
                joined |= {story_of[m["article"]] for m in c["members"]}
        untouched = set(story_of.values()) - joined
        assert untouched, "the split must leave a story alone"
        after = _within(_rows(store), untouched)
        assert after["series"] and after["matches"]
        assert _within(first_rows, untouched) == after
        kept = {(s["story"], *s["thing"]): s["id"] for s in first["series"]}
        again = {(s["story"], *s["thing"]): s["id"] for s in store.list_figure_series(limit=None)}
        assert len([k for k in kept.keys() & again.keys() if k[0] in joined]) == series_redone
        assert all(kept[k] == again[k] for k in kept.keys() & again.keys())
        ids = {c["id"] for c in first["clusters"]}
        assert ids <= {c["id"] for c in store.list_quote_clusters(limit=None)}  # stored clusters keep their ids
        top = max(int(m["id"][1:]) for m in first["matches"])
        assert all(int(m["id"][1:]) > top for m in store.list_figure_matches()
                   if (m["a"]["article"] in late or m["b"]["article"] in late))


def test_a_story_is_redone_when_a_new_story_quotes_it(store_url):
    """A late article of another story (a year on: the shared quote does not join it to the
    strike) quotes what only one outlet of the ferry strike carried: their new quote cluster
    touches the strike story too, whose exclusive detail now names that cluster."""
    quoted = "Every ferry in Dellmoor is idle this morning"
    sign = "We will not sail until the contracts are signed,"
    strike = [
        make_article(
            "ledger-ferry-0301", "Harbor Ledger", "2024-03-01", "Ferry crews walk out in Dellmoor",
            "Ferry crews in Dellmoor walked out on Friday over unsigned contracts.\n\n"
            f"\u201c{sign}\u201d union leader Tomas Brandt said.\n\n"
            f"Port director Ilse Varn said: \u201c{quoted}.\u201d",
            quotes=[(sign, "union leader Tomas Brandt", "Tomas Brandt", "said", "direct"),
                    (quoted, "Port director Ilse Varn", "Ilse Varn", "said", "direct")]),
        make_article(
            "post-ferry-0302", "Coastal Post", "2024-03-02", "Dellmoor ferry crews strike",
            "Ferry crews in Dellmoor walked out on Friday over unsigned contracts, stranding travellers.\n\n"
            f"\u201c{sign}\u201d Brandt told reporters.",
            quotes=[(sign, "Brandt", "Tomas Brandt", "told", "direct")]),
    ]
    late = make_article(
        "gazette-museum-0620", "Valley Gazette", "2025-06-20", "Kettering Vale museum opens labour exhibition",
        "A new exhibition in Kettering Vale recalls old labour disputes of the valley.\n\n"
        f"One panel quotes a port director: \u201c{quoted},\u201d Ilse Varn said at the time.",
        quotes=[(quoted, "Ilse Varn", "Ilse Varn", "said", "direct")])
    with Store(store_url) as store:
        fill(store, strike)
        link_store(store)
        known = store.list_quote_clusters(limit=None)
        fill(store, [late])
        assert link_store(store).added == 1
        story_of = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
        assert story_of[late.id] != story_of["ledger-ferry-0301"] == story_of["post-ferry-0302"]
        exclusive = [e for e in store.list_exclusives() if e["text"] == quoted]
        shared = [c["id"] for c in store.list_quote_clusters(limit=None)
                  if {m["article"] for m in c["members"]} == {late.id, "ledger-ferry-0301"}]
        assert [e["target"] for e in exclusive] == shared
        assert _findings(**_stored(store)) == _findings(**_recomputed(store, known, {late.id}))
