"""Linking the stored corpus (newstrail/link/corpus.py): first link re-clusters, later links
attach new articles to the stored stories, the stored linker is data and nothing else."""

import pickle

import pytest

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link.corpus import dump_linker, link_store, load_linker
from newstrail.store import Store

LATE = "ledger-strike-0403"


def story_of(store, article_id):
    return next(s["id"] for s in store.list_stories(limit=None) if any(a["id"] == article_id for a in s["articles"]))


def test_a_late_article_joins_its_story_without_relinking_the_rest(store_url):
    items = list(sample_inputs())
    store = Store(store_url)
    ingest(store=store, items=[i for i in items if i.id != LATE])
    first = link_store(store)
    before = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
    ingest(store=store, items=[i for i in items if i.id == LATE])
    second = link_store(store)
    assert (first.mode, second.mode) == ("full", "incremental")
    assert second.added == 1
    for summary in (first, second):  # every step timed, in run order, adding up to the whole
        assert list(summary.steps) == ["load", "stories", "quotes", "figures", "provenance", "speakers", "save"]
        assert abs(sum(summary.steps.values()) - summary.seconds) < 0.1
    after = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
    assert {k: after[k] for k in before} == before
    assert story_of(store, LATE) == story_of(store, "ledger-strike-0401")


def quote_clusters(store):
    return sorted(sorted((m["article"], m["index"]) for m in c["members"])
                  for c in store.list_quote_clusters(limit=None))


@pytest.mark.parametrize("late", [{"courier-militia-0220"}, {"ledger-prison-0321", "eastgate-strike-0402"},
                                  "second half"])
def test_incremental_quote_clusters_are_those_of_a_full_link(store_url, tmp_path, late):
    """Later links compare only quote pairs with a new article and keep the stored clusters;
    on the sample that finds what linking everything at once finds."""
    items = list(sample_inputs())
    if late == "second half":
        late = {i.id for i in items[len(items) // 2:]}
    store = Store(store_url)
    ingest(store=store, items=[i for i in items if i.id not in late])
    link_store(store)
    ingest(store=store, items=[i for i in items if i.id in late])
    assert link_store(store).added == len(late)
    whole = Store(f"sqlite:///{tmp_path / 'whole.db'}")
    ingest(store=whole, items=items)
    link_store(whole)
    assert quote_clusters(store) == quote_clusters(whole)
    assert any(m[0] in late for c in quote_clusters(store) for m in c)


class Evil:
    def __reduce__(self):
        return (print, ("this must never run",))


@pytest.mark.parametrize("payload", [Evil(), {"not": "a linker"}])
def test_stored_linker_refuses_anything_but_a_linker(payload):
    with pytest.raises(pickle.UnpicklingError):
        load_linker(pickle.dumps(payload))


def test_stored_linker_round_trips(store_url):
    store = Store(store_url)
    ingest(store=store, items=list(sample_inputs())[:4])
    link_store(store)
    linker = load_linker(store.load_link_state())
    again = load_linker(dump_linker(linker))
    assert [s.to_dict() for s in again.stories()] == [s.to_dict() for s in linker.stories()] != []
