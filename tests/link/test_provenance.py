"""Provenance of matched quotes and figures, dropped attributions, exclusive details."""

from __future__ import annotations

import pytest

from newstrail.link.figures import figure_series
from newstrail.link.provenance import exclusive_details, figure_provenance, provenance, quote_provenance
from newstrail.link.quotes import match_quotes
from newstrail.link.records import Story, StoryArticle
from newstrail.records import Article, Figure, Quote

QUOTE = "Not one fighter will cross the Tarsk pass while I command this district"


def q(text=QUOTE, speaker="Kael Dorn", medium=None, cue="said", kind="direct"):
    return Quote(text=text, start=0, end=len(text), kind=kind, cue=cue, speaker=speaker, speaker_resolved=speaker,
                 speaker_entity=speaker, medium=medium)


def fig(text, value=None, low=None, high=None, source=None, counted="fighters", event="left", index=0,
        sentence=""):
    return Figure(index=index, text=text, start=0, end=len(text), value=value, low=low, high=high, counted=counted,
                  event=event, location="Norvania", source=source, sentence=sentence)


def art(aid, source, published, quotes=(), figures=()):
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text="",
                   quotes=list(quotes), figures=list(figures))


# ingest order = list order; a3 is ingested before a1 but a1 is dated the same day
ARTICLES = [
    art("a3", "Northern Wire", "2031-03-02", [q(speaker=None, cue=None)],
        [fig("more than 400", low=400, index=0)]),
    art("a1", "Daily Ledger", "2031-03-02", [q(medium="Radio Merovia", cue="told")],
        [fig("405", value=405, source="the Interior Ministry",
             sentence="The Interior Ministry told Radio Merovia that 405 fighters had left.")]),
    art("a2", "Coastal Post", "2031-03-01", [q(QUOTE[:40], kind="partial")],
        [fig("3,000 to 4,000", low=3000, high=4000, source="Kael Dorn"),
         fig("12", value=12, counted="checkpoints", event="closed", index=1)]),
    art("a4", "Undated Gazette", None, [q()]),
]


def test_earliest_by_date_then_ingest_order():
    [cluster] = match_quotes(ARTICLES)
    prov = quote_provenance(cluster)
    assert prov.earliest.article == "a2"  # 2031-03-01 beats 2031-03-02; undated last
    tied = match_quotes(ARTICLES[:2])[0]
    assert quote_provenance(tied).earliest.article == "a3"  # same date: ingested first


def test_medium_named_anywhere_is_the_origin():
    prov = quote_provenance(match_quotes(ARTICLES)[0])
    assert prov.origin_medium == "Radio Merovia" and prov.origin == "medium"
    assert {c.article for c in prov.medium_dropped} == {"a2", "a3", "a4"}
    data = prov.to_dict()
    assert data["origin"] == "medium" and data["earliest"]["article"] == "a2"


def test_no_medium_means_earliest_article_is_origin():
    arts = [art("b1", "X", "2031-01-01", [q()]), art("b2", "Y", "2031-01-02", [q()])]
    prov = quote_provenance(match_quotes(arts)[0])
    assert prov.origin == "earliest_article" and prov.origin_medium is None and prov.medium_dropped == []


def test_dropped_attribution_of_a_quote():
    prov = quote_provenance(match_quotes(ARTICLES)[0])
    assert prov.attribution == "Kael Dorn"
    assert [c.article for c in prov.attribution_dropped] == ["a3"]


def test_figure_provenance_dropped_claimant_and_medium():
    [series] = figure_series(ARTICLES)
    prov = figure_provenance(series)
    assert prov.kind == "figure" and prov.earliest.article == "a2"
    assert prov.origin_medium == "Radio Merovia"
    assert [c.article for c in prov.attribution_dropped] == ["a3"]
    assert series.conflict  # 405 vs 3,000-4,000


def test_provenance_covers_every_target():
    clusters, series = match_quotes(ARTICLES), figure_series(ARTICLES)
    assert [p.target for p in provenance(clusters, series)] == [c.id for c in clusters] + [s.id for s in series]


STORY = Story("s1", [StoryArticle(a.id, a.source, None, a.published, i) for i, a in enumerate(ARTICLES)])


@pytest.mark.parametrize("kind, article, text", [
    ("figure", "a2", "12"),  # checkpoints closed: only Coastal Post
])
def test_exclusive_details(kind, article, text):
    extra = art("a5", "Coastal Post", "2031-03-03", [q("The checkpoints on the Tarsk road will stay shut all month")])
    story = Story("s1", STORY.articles + [StoryArticle("a5", "Coastal Post", None, "2031-03-03", 9)])
    arts = ARTICLES + [extra]
    details = exclusive_details(story, arts, match_quotes(arts), figure_series(arts))
    found = {(d.kind, d.article, d.text) for d in details}
    assert (kind, article, text) in found
    # the shared quote and the shared "fighters left" figures are not exclusive
    assert not any(d.kind == "quote" and d.text == QUOTE for d in details)
    assert not any(d.kind == "figure" and d.text in {"405", "more than 400", "3,000 to 4,000"} for d in details)
    assert ("quote", "a5", extra.quotes[0].text) in found
    assert all(d.story == "s1" for d in details)


def test_single_outlet_story_has_no_exclusives():
    arts = [art("c1", "X", None, figures=[fig("12", value=12)]), art("c2", "X", None, figures=[fig("9", value=9)])]
    story = Story("s9", [StoryArticle("c1", "X"), StoryArticle("c2", "X")])
    assert exclusive_details(story, arts) == []


# ---------------------------------------------------------------- all of it at once

def _story_article(aid, source, published, text, quotes=(), figures=()):
    a = art(aid, source, published, quotes, figures)
    a.text = text
    a.title = text.split(".")[0]
    return a


PASS_TEXT = ("Kael Dorn, the district commander in Norvania, closed the Tarsk pass on Monday after fighters crossed "
             "from the north. Dorn said the Tarsk pass would stay closed and the Norvania border guard was reinforced. ")


def test_link_articles_end_to_end():
    from newstrail.link import link_articles

    arts = [
        _story_article("p1", "Daily Ledger", "2031-03-02", PASS_TEXT + "The Interior Ministry told Radio Merovia "
                       "405 fighters had left.", [q(medium="Radio Merovia", cue="told")],
                       [fig("405", value=405, source="the Interior Ministry")]),
        _story_article("p2", "Coastal Post", "2031-03-03", PASS_TEXT + "Dorn put the number at 3,000 to 4,000.",
                       [q(speaker=None, cue=None)], [fig("3,000 to 4,000", low=3000, high=4000, source="Kael Dorn"),
                                                    fig("12", value=12, counted="checkpoints", event="closed",
                                                        index=1)]),
        _story_article("p3", "Harbour Times", "2031-03-03", PASS_TEXT, [q(medium="Radio Merovia", cue="told")]),
        _story_article("u1", "Market Daily", "2031-03-02", "Orbis Foods will buy Greenfield Dairy for $400 million, "
                       "adding yogurt plants in Wexley. Raymond Pell said the deal would close in autumn."),
    ]
    linked = link_articles(arts, copies={("Harbour Times", "p3"): ("Daily Ledger", "p1")})
    groups = {frozenset(a.id for a in s.articles) for s in linked.stories}
    assert groups == {frozenset({"p1", "p2", "p3"}), frozenset({"u1"})}
    story = next(s for s in linked.stories if len(s.articles) == 3)
    assert next(a for a in story.articles if a.id == "p3").copy_of == ("Daily Ledger", "p1")
    [cluster] = linked.quotes
    assert {m.article for m in cluster.members} == {"p1", "p2", "p3"}
    assert [m.kind for m in linked.figures] == ["conflict"]
    quote_prov = next(p for p in linked.provenance if p.kind == "quote")
    assert quote_prov.origin_medium == "Radio Merovia"
    assert [c.article for c in quote_prov.attribution_dropped] == ["p2"]
    assert ("figure", "p2", "12") in {(d.kind, d.article, d.text) for d in linked.exclusive}
    data = linked.to_dict()
    assert set(data) == {"stories", "quotes", "figures", "series", "provenance", "exclusive"}
    assert data["series"][0]["story"] == story.id
