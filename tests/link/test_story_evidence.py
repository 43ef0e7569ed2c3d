"""Strong evidence of one story: a verbatim quote run or a specific lead figure shared by two
reports links them, in a store of six articles as in the full re-cluster or the incremental
linker, and only within a few days (invented articles, no parse)."""

from __future__ import annotations

import pytest

from newstrail.link import StoryLinker, StoryParams, cluster_stories, features_from_article
from newstrail.link.features import evidence_keys
from newstrail.records import Article, Figure, Quote

HARBOUR_QUOTE = "We lost the engine room within minutes and the crew did everything they could"


def _quote(text: str, kind: str = "direct") -> Quote:
    return Quote(text=text, start=0, end=len(text), kind=kind)


def _figure(value: float, *, start: int = 40, counted: str = "passengers", event: str = "rescued",
            location: str | None = "Port Velan", time: str | None = None, **kw) -> Figure:
    return Figure(index=0, text=str(value), start=start, end=start + 3, value=value, low=value, high=value,
                  counted=counted, event=event, location=location, time=time, **kw)


def _article(aid: str, source: str, published: str, text: str, *, quotes=(), figures=()) -> Article:
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text=text,
                   quotes=list(quotes), figures=list(figures))


# Two outlets report one ferry fire in very different words; they share only the harbour
# master's quote (and, in the second pair, the number rescued). Four other articles of the
# same days fill the store.
FERRY_A = ("A blaze tore through the Meridian Star overnight as it crossed toward the island. "
           "Coastguard launches took everyone off before dawn, officials confirmed.")
FERRY_B = ("Smoke was still rising from a burned-out vessel tied up at the quay on Tuesday, "
           "and investigators boarded it at first light.")
OTHERS = [
    ("o1", "Ledger", "The city council approved a new budget for schools and libraries after a long debate."),
    ("o2", "Courier", "A football club from the north signed a young striker on a four-year contract."),
    ("o3", "Ledger", "Wheat prices fell for a third week as growers reported an early harvest."),
    ("o4", "Courier", "A museum reopened its modern art wing after two years of repairs to the roof."),
]


def _store(*, b_published: str = "2031-05-13", quote_b: str = HARBOUR_QUOTE, figures=((), ())) -> list[Article]:
    a = _article("a", "Ledger", "2031-05-12", FERRY_A, quotes=[_quote(HARBOUR_QUOTE)], figures=figures[0])
    b = _article("b", "Courier", b_published, FERRY_B, quotes=[_quote(quote_b)], figures=figures[1])
    return [a, b] + [_article(i, s, "2031-05-12", t) for i, s, t in OTHERS]


def _together_full(articles: list[Article], params: StoryParams) -> bool:
    feats = [features_from_article(a, order=i, params=params) for i, a in enumerate(articles)]
    story = {m.id: s.id for s in cluster_stories(feats, params) for m in s.articles}
    return story["a"] == story["b"]


def _together_incremental(articles: list[Article], params: StoryParams) -> bool:
    linker = StoryLinker(params)
    ids = {a.id: linker.add(features_from_article(a, order=i, params=params)) for i, a in enumerate(articles)}
    return ids["a"] == ids["b"]


LINKERS = [_together_full, _together_incremental]


@pytest.mark.parametrize("together", LINKERS)
def test_a_shared_verbatim_quote_links_two_reports_in_a_six_article_store(together):
    assert together(_store(), StoryParams())


def test_without_the_evidence_floor_the_incremental_linker_keeps_them_apart():
    """Against a story's centroid the texts alone do not link them: the evidence rule does."""
    assert not _together_incremental(_store(), StoryParams(evidence_floor=0.0))


@pytest.mark.parametrize("together", LINKERS)
def test_a_shared_specific_lead_figure_links_two_reports(together):
    figures = ([_figure(214)], [_figure(214, start=10)])
    assert together(_store(quote_b="Nobody expected a fire on such a calm and quiet night at sea", figures=figures),
                    StoryParams())


@pytest.mark.parametrize("together", LINKERS)
@pytest.mark.parametrize("b_published", ["2031-05-20", "2032-05-13"])
def test_evidence_far_apart_in_time_does_not_link(together, b_published):
    assert not together(_store(b_published=b_published), StoryParams())


@pytest.mark.parametrize("quote, kind, keys", [
    (HARBOUR_QUOTE, "direct", 7),  # 14 words: 7 runs of 8
    ("the crew did everything they could", "direct", 0),  # shorter than a run
    (HARBOUR_QUOTE, "indirect", 0),  # a paraphrase is not verbatim
    (HARBOUR_QUOTE, "partial", 7),
])
def test_quote_evidence_is_each_verbatim_run_of_a_direct_or_partial_quote(quote, kind, keys):
    assert len(evidence_keys([_quote(quote, kind)], [])) == keys


@pytest.mark.parametrize("figure, counts", [
    (_figure(214), True),
    (_figure(214, in_title=True, start=0), True),
    (_figure(214, start=2400), False),  # background, far below the lead
    (_figure(3), False),  # too small to be specific
    (_figure(214, time="2011/2031-05-12"), False),  # a cumulative count: every report repeats it
    (_figure(214, counted=None), False),  # what is counted is unknown
    (_figure(214, location=None), False),  # where is unknown: any incident of the day
    (_figure(214, derived=True), False),  # computed, never stated
])
def test_figure_evidence_is_a_specific_stated_lead_figure(figure, counts):
    assert bool(evidence_keys([], [figure])) is counts


def test_figure_evidence_names_the_thing_and_value():
    one, other = evidence_keys([], [_figure(214)]), evidence_keys([], [_figure(215)])
    assert one and other and not one.keys() & other.keys()
    assert evidence_keys([], [_figure(214, location="Osk")]) != one
