"""Later links attach new articles by clustering them with the stories they could join
(``clustering.attach``): the result matches the full re-cluster on the invented corpora, and no
stored story is merged, split or relabelled."""

from __future__ import annotations

import pytest
from data.story_corpora import ARTICLES, HARD

from newstrail.link import StoryLinker, attach, cluster_stories, features_from_doc, recluster


def _features(nlp, rows, dated=True):
    docs = nlp.pipe([text for *_, text in rows])
    return [features_from_doc(doc, (src, aid), published=pub if dated else None, title=title, order=order)
            for order, ((aid, src, pub, _, title, _), doc) in enumerate(zip(rows, docs))]


@pytest.fixture(scope="module")
def dated(nlp):
    return _features(nlp, ARTICLES)


@pytest.fixture(scope="module")
def same_kind(nlp):
    return _features(nlp, HARD, dated=False)


def _groups(linker: StoryLinker) -> set[frozenset[str]]:
    return {frozenset(a.id for a in s.articles) for s in linker.stories()}


def _attached(features, cut: int) -> tuple[StoryLinker, dict]:
    """A linker of the first ``cut`` articles (a full re-cluster), the rest attached in one batch."""
    linker = recluster(features[:cut])
    before = {f.key: linker.story_of(f.key) for f in features[:cut]}
    by_key = {f.key: f for f in features}
    attach(linker, features[cut:], lambda keys: [by_key[k] for k in keys])
    return linker, before


@pytest.mark.parametrize("corpus", ["dated", "same_kind"])
@pytest.mark.parametrize("share", [0.5, 0.75])
def test_attaching_a_batch_groups_as_the_full_recluster(request, corpus, share):
    features = request.getfixturevalue(corpus)
    linker, _ = _attached(features, int(len(features) * share))
    full = {frozenset(a.id for a in s.articles) for s in cluster_stories(features)}
    assert _groups(linker) == full


def test_attaching_never_relabels_a_stored_article(dated):
    linker, before = _attached(dated, len(dated) // 2)
    assert {key: linker.story_of(key) for key in before} == before


def test_new_articles_of_a_new_event_open_one_new_story(dated):
    event = dated[-1].key  # the corpus's last article: its event has no article before the cut
    mates = [f for f in dated if f.key != event and f.key[1][0] == event[1][0]]
    cut = min(dated.index(f) for f in mates + [dated[-1]])
    linker, before = _attached(dated, cut)
    sid = linker.story_of(event)
    assert sid not in set(before.values())
    assert all(linker.story_of(f.key) == sid for f in mates)
