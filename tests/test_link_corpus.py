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
    after = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
    assert {k: after[k] for k in before} == before
    assert story_of(store, LATE) == story_of(store, "ledger-strike-0401")


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
