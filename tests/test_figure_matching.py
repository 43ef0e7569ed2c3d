"""Figure matching across outlets: agree / conflict / scope, time frames, series."""

from __future__ import annotations

import pytest

from newstrail.link.figures import (
    counted_head,
    figure_series,
    interval,
    match_figures,
    time_range,
    times_compatible,
)
from newstrail.records import Article, Figure, Quote


def fig(text, value=None, low=None, high=None, counted="militants", event="left", location="Norvania",
        time=None, source=None, approximate=False, index=0, sentence="", derived=False):
    return Figure(index=index, text=text, start=0, end=len(text), value=value, low=low, high=high,
                  approximate=approximate, counted=counted, event=event, location=location, time=time,
                  source=source, sentence=sentence, derived=derived)


def art(aid, source, published, *figures, quotes=()):
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text="",
                   figures=list(figures), quotes=list(quotes))


@pytest.mark.parametrize("a, b, kind", [
    (fig("more than 400", low=400), fig("405", value=405), "agree"),
    (fig("405", value=405), fig("3,000 to 4,000", low=3000, high=4000), "conflict"),
    (fig("about 400", value=400, approximate=True), fig("430", value=430), "agree"),
    (fig("about 400", value=400, approximate=True), fig("500", value=500), "conflict"),
    (fig("405", value=405), fig("3,000", value=3000, location="Norvania and the Caucasus"), "scope"),
    (fig("405", value=405, counted="militants directly from Norvania"), fig("3,000", value=3000), "scope"),
    (fig("more than 400", low=400, location=None), fig("410", value=410), "agree"),  # unknown place: same
    (fig("405", value=405), fig("410", value=410), "conflict"),  # exact counts that differ
    (fig("fewer than 50", high=50), fig("12", value=12), "agree"),
    (fig("fewer than 50", high=50), fig("60", value=60), "conflict"),
])
def test_pair_kinds(a, b, kind):
    [m] = match_figures([art("a1", "Daily Ledger", "2031-03-02", a), art("a2", "Coastal Post", "2031-03-03", b)])
    assert m.kind == kind
    assert (m.a.article, m.b.article) == ("a1", "a2")


@pytest.mark.parametrize("b", [
    fig("405", value=405, event="killed"),  # different event
    fig("405", value=405, counted="refugees"),  # different counted
    fig("405", value=405, location="Tarsk"),  # different place
    fig("405", value=405, time="2029"),  # incompatible time frame
    fig("405", value=405, derived=True),  # derived figures are not claims
])
def test_different_things_do_not_match(b):
    a = fig("3,000", value=3000, time="2031-02")
    assert match_figures([art("a1", "X", "2031-03-02", a), art("a2", "Y", "2031-03-02", b)]) == []


def test_figures_of_one_article_are_not_paired():
    assert match_figures([art("a1", "X", None, fig("400", value=400), fig("3,000", value=3000, index=1))]) == []


@pytest.mark.parametrize("value, rng", [
    ("2011", ("2011-01-01", "2011-12-31")),
    ("2014-09", ("2014-09-01", "2014-09-30")),
    ("2014-09-03", ("2014-09-03", "2014-09-03")),
    ("2011/2015-06-16", ("2011-01-01", "2015-06-16")),
])
def test_time_range(value, rng):
    from datetime import date
    lo, hi = time_range(value)
    assert (date.fromordinal(lo).isoformat(), date.fromordinal(hi).isoformat()) == rng


@pytest.mark.parametrize("a, b, ok", [("2011/2015-06-16", "2014", True), ("2014-09", "2014-10", False),
                                      (None, "2014", True), ("junk", "2014", True)])
def test_times_compatible(a, b, ok):
    assert times_compatible(a, b) is ok


@pytest.mark.parametrize("counted, head", [("militants", "militant"), ("Chechens directly from Chechnya", "chechen"),
                                           ("the policemen", "policeman"), ("civilians in Tarsk", "civilian")])
def test_counted_head(counted, head):
    assert counted_head(counted) == head


def test_approximate_point_widens():
    assert interval(fig("about 400", value=400, approximate=True)) == pytest.approx((360, 440))


def test_series_orders_figures_and_flags_conflict_and_scope():
    arts = [
        art("a2", "Coastal Post", "2031-03-03", fig("3,000 to 4,000", low=3000, high=4000, source="Kael Dorn")),
        art("a1", "Daily Ledger", "2031-03-02", fig("405", value=405, source="the Interior Ministry")),
        art("a3", "Northern Wire", "2031-03-04", fig("more than 400", low=400)),
        art("a4", "Market Daily", "2031-03-04", fig("5,000", value=5000, location="Norvania and the Caucasus")),
        art("a5", "Capitol Review", "2031-03-05", fig("about 5,000", value=5000, approximate=True,
                                                     location="Norvania and the Caucasus")),
    ]
    series = figure_series(arts)
    main = next(s for s in series if s.thing[2] == "norvania")
    assert [f.article for f in main.figures] == ["a1", "a2", "a3"]
    assert [f.claimed_by for f in main.figures] == ["the Interior Ministry", "Kael Dorn", None]
    assert main.conflict
    wide = next(s for s in series if s.thing[2] != "norvania")
    assert not wide.conflict and wide.scope_related == [main.id] and main.scope_related == [wide.id]
    assert main.to_dict()["figures"][0]["source"] == "Daily Ledger"


def test_single_article_things_are_not_series():
    arts = [art("a1", "X", None, fig("405", value=405)), art("a2", "Y", None, fig("7", value=7, counted="ships"))]
    assert figure_series(arts) == []
    assert len(figure_series(arts, min_articles=1)) == 2


def test_groups_keep_stories_apart():
    arts = [art("a1", "X", None, fig("405", value=405)), art("a2", "Y", None, fig("3,000", value=3000))]
    assert match_figures(arts, groups={("X", "a1"): "s1", ("Y", "a2"): "s2"}) == []
    assert len(match_figures(arts, groups={("X", "a1"): "s1", ("Y", "a2"): "s1"})) == 1


@pytest.mark.parametrize("sentence, quotes, medium", [
    ("Dorn told Radio Merovia that 405 militants had left.", [], "Radio Merovia"),
    ("405 militants left, Dorn said.", [], None),
    ("x", [Quote(text="405 militants left", start=0, end=100, kind="direct", medium="a video")], "a video"),
])
def test_medium_of_a_figure(sentence, quotes, medium):
    [(_, ref)] = __import__("newstrail.link.figures", fromlist=["figure_refs"]).figure_refs(
        [art("a1", "X", None, fig("405", value=405, sentence=sentence), quotes=quotes)])
    assert ref.medium == medium
