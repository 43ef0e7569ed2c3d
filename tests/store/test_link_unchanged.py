"""A later link with nothing new (newstrail/link/corpus.py, newstrail/store/links.py).

The store keeps a mark beside the linker state: the articles table as the link saw it and the
state's digest. A later link that finds the same mark returns the stored totals without loading
an article or writing a row (mode ``unchanged``); an article added, removed, or removed and
ingested again, or a linker state replaced since, must still make it do the work."""

from dataclasses import replace

import pytest
from sqlalchemy import delete, select, update

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link import LinkStateError
from newstrail.link.corpus import link_store
from newstrail.store import Store
from newstrail.store.link_schema import link_state
from newstrail.store.schema import articles

ITEMS = list(sample_inputs())
FIRST, LATE = ITEMS[:8], ITEMS[8]
GONE = "ledger-militia-0218"
TOTALS = ("articles", "stories", "multi_outlet_stories", "quote_clusters", "figure_matches", "figure_series",
          "exclusive_details", "speakers")


@pytest.fixture
def linked(store_url):
    with Store(store_url) as store:
        ingest(store=store, items=FIRST)
        link_store(store)
        yield store


def _rows(store) -> dict:
    with store.engine.connect() as conn:
        state = dict(conn.execute(select(link_state.c.name, link_state.c.data)).all())
    return {"state": state, "stories": store.list_stories(limit=None),
            "clusters": store.list_quote_clusters(limit=None), "matches": store.list_figure_matches(), "exclusives": store.list_exclusives()}


def _pk(store, ext_id: str) -> int | None:
    with store.engine.connect() as conn:
        return conn.execute(select(articles.c.pk).where(articles.c.ext_id == ext_id)).scalar()


def _remove(store, ext_id: str) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(articles).where(articles.c.pk == _pk(store, ext_id)))


def _members(store) -> set[str]:
    return {a["id"] for s in store.list_stories(limit=None) for a in s["articles"]}


def test_a_link_with_nothing_new_reads_no_article_and_writes_nothing(linked):
    again = link_store(linked)  # the first incremental link after the full one
    rows = _rows(linked)
    summary = link_store(linked)
    assert (summary.mode, summary.added, list(summary.steps)) == ("unchanged", 0, ["check"])
    assert {k: getattr(summary, k) for k in TOTALS} == {k: getattr(again, k) for k in TOTALS}
    assert summary.articles == len(FIRST) and summary.stories > 0 and summary.quote_clusters > 0
    assert _rows(linked) == rows


def _add(store):
    ingest(store=store, items=[LATE])


def _remove_one(store):
    _remove(store, GONE)


def _ingest_again_changed(store):
    item = next(i for i in FIRST if i.id == GONE)
    _remove(store, GONE)
    ingest(store=store, items=[replace(item, text=item.text + "\n\nThe harbour board meets again on Monday.")])


def _remove_one_add_one(store):
    _remove(store, GONE)
    _add(store)


@pytest.mark.parametrize("change, mode, added", [
    (_add, "incremental", 1),
    (_remove_one, "restored", 0),
    (_ingest_again_changed, "restored", 1),
    (_remove_one_add_one, "restored", 1),
], ids=["an article added", "an article removed", "an article removed and ingested again, changed",
        "one removed, one added"])
def test_any_change_to_the_articles_makes_the_link_do_its_work(linked, change, mode, added):
    change(linked)
    summary = link_store(linked)
    assert (summary.mode, summary.added) == (mode, added)
    stored = {i.id for i in FIRST + [LATE]} if change in (_add, _remove_one_add_one) else {i.id for i in FIRST}
    if change in (_remove_one, _remove_one_add_one):
        stored.discard(GONE)
    assert _members(linked) == stored and summary.articles == len(stored)
    assert all(m["article"] in stored for c in linked.list_quote_clusters(limit=None) for m in c["members"])
    assert _pk(linked, GONE) in (linked.linked_article_pks() | {None})  # ingested again: linked under its new pk
    assert link_store(linked).mode == "unchanged"


def test_a_replaced_linker_state_is_read_and_refused_even_with_nothing_new(linked):
    with linked.engine.begin() as conn:
        conn.execute(update(link_state).where(link_state.c.name == "stories").values(data=b"not a linker state"))
    with pytest.raises(LinkStateError, match="newstrail link --full"):
        link_store(linked)


@pytest.mark.parametrize("mark", [b"not json \xff", b"[1, 2]", b"{}", b"{" + b" " * 5000 + b"}"],
                         ids=["not JSON", "not an object", "empty", "too long"])
def test_a_damaged_mark_means_the_work_is_done_and_the_mark_stored_again(linked, mark):
    with linked.engine.begin() as conn:
        conn.execute(update(link_state).where(link_state.c.name == "corpus").values(data=mark))
    assert link_store(linked).mode == "incremental"
    assert link_store(linked).mode == "unchanged"


def test_the_mark_sees_a_removal_below_the_last_article(linked):
    """An article removed below the highest pk leaves the highest pk and the latest ingest
    time as they were; the count and the sum of pks say it."""
    before, pk = linked.corpus_mark(), _pk(linked, GONE)
    _remove(linked, GONE)
    after = linked.corpus_mark()
    assert pk < before["last_pk"]
    assert (after["last_pk"], after["last_ingested"]) == (before["last_pk"], before["last_ingested"])
    assert (after["articles"], after["pk_sum"]) == (before["articles"] - 1, before["pk_sum"] - pk)
