"""Linking the stored corpus (newstrail/link/corpus.py): first link re-clusters, later links
attach new articles to the stored stories, a store without a linker state rebuilds it from its
stories; the stored linker is data (tests/reliability/test_store_is_data.py tries to make it more)."""

import pytest
from sqlalchemy import delete

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link.corpus import HEADER, dump_linker, link_store, load_linker
from newstrail.store import Store
from newstrail.store.link_schema import link_state

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


def test_stored_linker_round_trips(store_url):
    store = Store(store_url)
    ingest(store=store, items=list(sample_inputs())[:4])
    link_store(store)
    data = store.load_link_state()
    assert data.startswith(HEADER)
    linker = load_linker(data)
    again = load_linker(dump_linker(linker))
    assert [s.to_dict() for s in again.stories()] == [s.to_dict() for s in linker.stories()] != []
    assert dump_linker(again) == dump_linker(linker) == data


def _stories_by_article(store) -> dict[str, str]:
    return {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}


@pytest.mark.parametrize("late", [{LATE}, "second half"])
def test_a_store_without_linker_state_is_restored_from_its_stories(store_url, late):
    """Stories stored but no linker state (migration 0005 drops pickled ones): the linker is
    rebuilt by placing every article in its stored story, so ids and members stay; new
    articles are added as in an incremental link, and the state is stored again."""
    items = list(sample_inputs())
    if late == "second half":
        late = {i.id for i in items[len(items) // 2:]}
    store = Store(store_url)
    ingest(store=store, items=[i for i in items if i.id not in late])
    link_store(store)
    before = _stories_by_article(store)
    with store.engine.begin() as conn:
        conn.execute(delete(link_state))
    assert store.load_link_state() is None and store.is_linked()
    ingest(store=store, items=[i for i in items if i.id in late])
    summary = link_store(store)
    assert (summary.mode, summary.added) == ("restored", len(late))
    after = _stories_by_article(store)
    assert {k: after[k] for k in before} == before
    assert set(after) == set(before) | late
    if late == {LATE}:
        assert after[LATE] == after["ledger-strike-0401"]
    again = link_store(store)
    assert (again.mode, again.added) == ("unchanged", 0)
    assert _stories_by_article(store) == after


def test_a_full_link_ignores_a_stored_state(store_url):
    store = Store(store_url)
    ingest(store=store, items=list(sample_inputs())[:4])
    link_store(store)
    with store.engine.begin() as conn:
        conn.execute(link_state.update().values(data=b"not a linker"))
    assert link_store(store, full=True).mode == "full"
    assert load_linker(store.load_link_state()).stories()


@pytest.mark.parametrize("piece", [1, 3, 10_000])
def test_the_stored_state_is_the_json_of_the_linkers_state_however_it_is_cut(monkeypatch, piece):
    """The state is encoded a few entries at a time (its document frequencies, stories and
    index are each far more than one piece at corpus scale): the pieces join into exactly the
    JSON of the whole state, which loads back to it."""
    import json
    import zlib

    from newstrail.link import corpus
    from newstrail.link.features import features_from_article

    store = Store("sqlite://")
    ingest(store=store, items=list(sample_inputs()))
    linker = corpus.recluster([features_from_article(a, order=i) for i, (_, a) in enumerate(store.iter_articles())])
    state = linker.to_state()
    assert len(state["df"]) > 3 and len(state["stories"]) > 3 and len(state["index"]) > 3
    monkeypatch.setattr(corpus, "PIECE", piece)
    blob = dump_linker(linker)
    text = zlib.decompress(blob[len(HEADER):]).decode("utf-8")
    assert text == json.dumps(state, separators=(",", ":"), ensure_ascii=False)
    assert load_linker(blob).to_state() == json.loads(text)
