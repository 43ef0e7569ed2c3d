"""Linking the stored corpus (newstrail/link/corpus.py): first link re-clusters, later links
attach new articles to the stored stories, a store without a linker state rebuilds it from its
stories; the stored linker is data (tests/reliability/test_store_is_data.py tries to make it more)."""

import pytest
from sqlalchemy import delete, func, select

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link import attach, recluster
from newstrail.link.corpus import link_store
from newstrail.link.features import features_from_article, features_from_text
from newstrail.link.state import HEADER, load_linker
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


def _features(store_url):
    store = Store(store_url)
    ingest(store=store, items=list(sample_inputs()))
    return store, [features_from_article(a, order=i) for i, (_, a) in enumerate(store.iter_articles())]


@pytest.mark.parametrize("split", ["first half", "last four", "every other"])
def test_a_linker_read_from_rows_links_as_the_linker_held_whole(store_url, linker_rows_of, split):
    """A later link holds only the rows its new articles touch: attaching them through the
    linker read back from the store gives the stories, and leaves the stored rows, that the
    same linker held whole in memory gives and would store."""
    store, feats = _features(store_url)
    late = {"first half": feats[len(feats) // 2:], "last four": feats[-4:], "every other": feats[1::2]}[split]
    early = [f for f in feats if f not in late]
    by_key = {f.key: f for f in feats}
    whole = recluster(early)
    rows = linker_rows_of(store)
    rows.save(whole)
    read = rows.load()
    assert read.rows is not None and not any(st.loaded for st in read._stories.values())
    for linker in (whole, read):
        attach(linker, late, lambda keys: [by_key[k] for k in keys])
    assert [s.to_dict() for s in read.stories()] == [s.to_dict() for s in whole.stories()]
    assert any(m.key in {f.key for f in late} and len(s.articles) > 1 for s in read.stories() for m in s.articles)
    rows.update(read)
    incremental = rows.rows()
    rows.save(whole)
    assert incremental == rows.rows()


def test_a_later_link_reads_the_rows_its_new_articles_touch_only(store_url, linker_rows_of):
    store, feats = _features(store_url)
    linker_rows_of(store).save(recluster(feats))
    read = load_linker(store)
    apart = features_from_text(("Valley Crier", "choir-1"), "The Pellmore youth choir won the regional singing "
                               "contest at the Ostrava concert hall, its conductor Mira Jelen said.",
                               published="2031-09-14", order=len(feats))
    attach(read, [apart], lambda keys: [])
    assert set(read.read) == set(apart.counts)  # its terms alone: no stored story was in reach
    assert [sid for sid, st in read._stories.items() if st.loaded] == [read.story_of(apart.key)]


def test_a_full_link_stores_a_row_per_term_and_per_story(store_url, linker_rows_of):
    store = Store(store_url)
    ingest(store=store, items=list(sample_inputs())[:6])
    link_store(store)
    assert store.load_link_state().startswith(HEADER)
    linker = load_linker(store)
    _, terms, stories = linker_rows_of(store).rows()
    assert [row[0] for row in stories] == sorted(s.id for s in linker.stories())
    assert len(terms) > 100 and all(len(row[0]) == 16 and row[1] > 0 for row in terms)
    linker._need_stories([s.id for s in linker.stories()])
    assert all(st.loaded and st.centroid for st in linker._stories.values())


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
    assert load_linker(store).stories()


def _featuring(monkeypatch) -> list:
    """The keys of the articles a link makes story features for (rather than reads back)."""
    from newstrail.link import corpus

    made = []

    def counting(article, **kwargs):
        made.append((article.source, article.id))
        return features_from_article(article, **kwargs)

    monkeypatch.setattr(corpus, "features_from_article", counting)
    return made


def test_a_later_link_reads_stored_features_back_and_finds_the_same(store_url, tmp_path, monkeypatch):
    """Features of stored articles are made once: a later link reads back those of the members
    it compares new articles with, unless what they were made with changed (a row under
    another digest is made again and replaced), and links as if it had made them all."""
    from newstrail.store.link_schema import story_features

    items = list(sample_inputs())
    late = {i.id for i in items[len(items) // 2:]}
    store = Store(store_url)
    ingest(store=store, items=[i for i in items if i.id not in late])
    made = _featuring(monkeypatch)
    link_store(store)
    assert len(made) == len(items) - len(late)
    with store.engine.begin() as conn:  # one row made with other knobs or lines
        stale = conn.execute(select(story_features.c.article_pk)).scalars().first()
        conn.execute(story_features.update().where(story_features.c.article_pk == stale).values(digest="0" * 32))
    ingest(store=store, items=[i for i in items if i.id in late])
    made.clear()
    assert link_store(store).mode == "incremental"
    assert late <= {aid for _, aid in made} and len(made) <= len(late) + 1
    with store.engine.connect() as conn:
        assert "0" * 32 not in set(conn.execute(select(story_features.c.digest)).scalars())
        assert conn.execute(select(func.count()).select_from(story_features)).scalar() == len(items)
    again = Store(f"sqlite:///{tmp_path / 'again.db'}")
    ingest(store=again, items=[i for i in items if i.id not in late])
    link_store(again)
    ingest(store=again, items=[i for i in items if i.id in late])
    with again.engine.begin() as conn:
        conn.execute(delete(story_features))  # nothing to read back: every member made again
    link_store(again)
    assert _stories_by_article(again) == _stories_by_article(store)
