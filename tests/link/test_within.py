"""What a link finds story by story (newstrail/link/within.py), reading whole articles from the
store a batch of stories at a time (newstrail/link/corpus.py), is what one call over the whole
corpus finds, ids included."""

import shutil
from dataclasses import replace

import pytest
from sqlalchemy import select

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link import corpus, link_articles
from newstrail.link.corpus import link_store
from newstrail.link.within import Within, numbered, within_story
from newstrail.store import Store
from newstrail.store.link_schema import provenance as provenance_table


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    """The built-in sample ingested, not linked: an SQLite file each test copies."""
    path = tmp_path_factory.mktemp("within") / "sample.db"
    with Store(f"sqlite:///{path}") as store:
        ingest(store=store, items=list(sample_inputs()))
    return path


def _dicts(records) -> list[dict]:
    return [r.to_dict() for r in records]


def test_story_by_story_is_one_call_over_the_corpus(ingested):
    with Store(f"sqlite:///{ingested}") as store:
        articles = [a for _, a in store.iter_articles()]
    whole = link_articles(articles)
    orders = {(a.source, a.id): i for i, a in enumerate(articles)}
    found = Within()
    for story in whole.stories:
        keys = {a.key for a in story.articles}
        parts = [replace(c, members=[m for m in c.members if (m.source, m.article) in keys]) for c in whole.quotes]
        found.extend(within_story(story, [a for a in articles if (a.source, a.id) in keys], orders,
                                  [c for c in parts if c.members]))
    assert all(":" in m.id for m in found.matches)  # named within their story until numbered
    numbered(found)
    assert found.matches and found.series and found.exclusive
    assert _dicts(found.matches) == _dicts(whole.figures)
    assert _dicts(found.series) == _dicts(whole.series)
    assert _dicts(found.provenance) == _dicts(p for p in whole.provenance if p.kind == "figure")
    assert _dicts(found.exclusive) == _dicts(whole.exclusive)


def test_numbering_after_stored_ids_keeps_a_stored_series_id(ingested):
    with Store(f"sqlite:///{ingested}") as store:
        articles = [a for _, a in store.iter_articles()]
    whole = link_articles(articles)
    story = max(whole.stories, key=lambda s: len(s.articles))
    keys = {a.key for a in story.articles}
    found = within_story(story, [a for a in articles if (a.source, a.id) in keys],
                         {(a.source, a.id): i for i, a in enumerate(articles)})
    assert len(found.series) >= 2
    first, second = found.series[0], found.series[1]
    second.scope_related = [first.id]  # (no series of the sample is another's part)
    numbered(found, top_matches=40, top_series=9, keep={(first.story, *first.thing): "fs3"})
    assert (first.id, second.scope_related) == ("fs3", ["fs3"])
    assert [m.id for m in found.matches] == [f"f{n}" for n in range(41, 41 + len(found.matches))]
    assert {s.id for s in found.series} == {"fs3", *(f"fs{n}" for n in range(10, 9 + len(found.series)))}
    assert [p.target for p in found.provenance] == [s.id for s in found.series]


def _linked(store) -> dict:
    with store.engine.connect() as conn:
        provenances = list(conn.execute(select(provenance_table.c.data)).scalars())
    return {"stories": store.list_stories(limit=None), "clusters": store.list_quote_clusters(limit=None),
            "series": store.list_figure_series(limit=None), "matches": store.list_figure_matches(),
            "provenance": provenances, "exclusives": store.list_exclusives(), "speakers": store.list_speakers()}


@pytest.mark.parametrize("batch", [1, 7])
def test_a_link_reads_whole_articles_a_batch_of_stories_at_a_time(ingested, tmp_path, monkeypatch, batch):
    """Whatever the batch, the link stores the same; it reads no more whole articles at once
    than the batch, and every other pass over the corpus reads text and quotes only."""
    default = tmp_path / "default.db"
    shutil.copy(ingested, default)
    with Store(f"sqlite:///{default}") as store:
        link_store(store)
        expected = _linked(store)

    reads, passes = [], []
    get_articles, iter_articles = Store.get_articles, Store.iter_articles

    def counted_get(self, pks):
        pks = list(pks)
        reads.append(len(pks))
        return get_articles(self, pks)

    def counted_iter(self, *args, **kwargs):
        passes.append(kwargs.get("whole", True))
        return iter_articles(self, *args, **kwargs)

    monkeypatch.setattr(corpus, "STORY_ARTICLES", batch)
    monkeypatch.setattr(Store, "get_articles", counted_get)
    monkeypatch.setattr(Store, "iter_articles", counted_iter)
    small = tmp_path / "small.db"
    shutil.copy(ingested, small)
    with Store(f"sqlite:///{small}") as store:
        link_store(store)
        got = _linked(store)
    assert got == expected
    assert expected["matches"] and expected["exclusives"]
    assert reads and max(reads) <= batch
    assert passes == [False]
