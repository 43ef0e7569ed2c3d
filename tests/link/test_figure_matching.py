"""Figure matching across outlets: agree / conflict / scope, time frames, series."""

from __future__ import annotations

import pytest

from newstrail.link.figures import (
    counted_class,
    counted_head,
    figure_relations,
    figure_series,
    interval,
    match_figures,
    place_content,
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


def five_reports():
    """Five outlets on one toll: three report it in Norvania (one a range), two a wider total."""
    return [
        art("a2", "Coastal Post", "2031-03-03", fig("3,000 to 4,000", low=3000, high=4000, source="Kael Dorn")),
        art("a1", "Daily Ledger", "2031-03-02", fig("405", value=405, source="the Interior Ministry")),
        art("a3", "Northern Wire", "2031-03-04", fig("more than 400", low=400)),
        art("a4", "Market Daily", "2031-03-04", fig("5,000", value=5000, location="Norvania and the Caucasus")),
        art("a5", "Capitol Review", "2031-03-05", fig("about 5,000", value=5000, approximate=True,
                                                     location="Norvania and the Caucasus")),
    ]


def test_series_orders_figures_and_flags_conflict_and_scope():
    arts = five_reports()
    series = figure_series(arts)
    main = next(s for s in series if s.thing[2] == "norvania")
    assert [f.article for f in main.figures] == ["a1", "a2", "a3"]
    assert [f.claimed_by for f in main.figures] == ["the Interior Ministry", "Kael Dorn", None]
    assert main.conflict
    wide = next(s for s in series if s.thing[2] != "norvania")
    assert not wide.conflict and wide.scope_related == [main.id] and main.scope_related == [wide.id]
    assert main.to_dict()["figures"][0]["source"] == "Daily Ledger"


@pytest.mark.parametrize("groups", [None, {("Coastal Post", "a2"): "s1", ("Daily Ledger", "a1"): "s1",
                                             ("Northern Wire", "a3"): "s2", ("Market Daily", "a4"): "s1",
                                             ("Capitol Review", "a5"): "s1"}])
def test_figure_relations_are_the_matches_and_series_of_one_reading(groups):
    arts = five_reports()
    orders = {(a.source, a.id): i for i, a in enumerate(arts)}
    matches, series = figure_relations(arts, groups=groups, orders=orders)
    assert matches and series
    assert [m.to_dict() for m in matches] == [m.to_dict() for m in match_figures(arts, groups=groups, orders=orders)]
    assert [s.to_dict() for s in series] == [s.to_dict() for s in figure_series(arts, groups=groups, orders=orders)]


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


@pytest.mark.parametrize("a, b, kind", [
    # words for people as such, and nouns counting people by what happened to them, are one class
    (fig("412", value=412, counted="residents", location="the Kell region"),
     fig("2,000 to 3,000", low=2000, high=3000, counted="people", location="Kell region"), "conflict"),
    (fig("380", value=380, counted="departures", location=None),
     fig("more than 350", low=350, counted="people", location="Kell"), "agree"),
    (fig("96", value=96, counted="fatalities", event="killed"),
     fig("about 100", value=100, approximate=True, counted="civilians", event="killed"), "agree"),
    (fig("7", value=7, counted="inmates", event="killed"), fig("7", value=7, counted="prisoners", event="killed"),
     "agree"),
    # one place with more places added is a wider scope; generic place words do not count
    (fig("412", value=412, counted="people", location="Kell region"),
     fig("more than 1,000", low=1000, counted="people",
         location="Kell region and the neighbouring provinces of Arv and Doss"), "scope"),
    (fig("2,000", value=2000, counted="people", event="displaced", location="the Tarn valley"),
     fig("5,000", value=5000, counted="people", event="displaced", location="Tarn"), "conflict"),
    # a part of the population is a narrower group
    (fig("at least 40", low=40, counted="women"), fig("412", value=412, counted="people"), "scope"),
    # what one outlet calls rebels another calls terrorists: the same count agrees
    (fig("29", value=29, counted="Tarskan rebels", event="killed"),
     fig("29", value=29, counted="terrorists", event="killed"), "agree"),
    (fig("about 40", value=40, approximate=True, counted="insurgents", event="killed"),
     fig("42", value=42, counted="gunmen", event="killed"), "agree"),
    (fig("12", value=12, counted="fighters", event="killed"), fig("40", value=40, counted="militants", event="killed"),
     "conflict"),  # fighters are militants: one label
])
def test_loose_counted_and_place_scope(a, b, kind):
    [m] = match_figures([art("a1", "Daily Ledger", "2031-03-02", a), art("a2", "Coastal Post", "2031-03-03", b)])
    assert m.kind == kind


@pytest.mark.parametrize("a, b", [
    (fig("412", value=412, counted="people"), fig("400", value=400, counted="militants")),  # other class
    (fig("40", value=40, counted="women"), fig("30", value=30, counted="children")),  # two different parts
    (fig("412", value=412, counted="residents", location="Kell region"),
     fig("900", value=900, counted="people", location="Arv province")),  # other place
    # under two labels, two counts that differ may be the two sides of one fight: no conflict
    (fig("12", value=12, counted="rebels", event="killed"), fig("40", value=40, counted="terrorists", event="killed")),
    (fig("29", value=29, counted="opposition rebels", event="killed"),
     fig("29", value=29, counted="government militants", event="killed")),  # sides named apart
    # a part larger than the whole: not a part of it, another incident's count
    (fig("at least 6", low=6, counted="children", event="killed"), fig("5", value=5, counted="people", event="killed")),
    (fig("40", value=40, location="Kell"), fig("12", value=12, location="Kell and Arv")),
])
def test_loose_counted_still_tells_things_apart(a, b):
    assert match_figures([art("a1", "X", "2031-03-02", a), art("a2", "Y", "2031-03-02", b)]) == []


@pytest.mark.parametrize("counted, cls, quals", [
    ("residents", "people", set()),
    ("departures", "people", set()),
    ("Varn residents", "people", {"varn"}),
    ("young women", "people", {"young", "woman"}),
    ("inmates", "prisoner", set()),
    ("militants directly from Norvania", "militant", {"norvania"}),
    ("Tarskan rebels", "militant", {"tarskan"}),
    ("jihadists", "militant", set()),
])
def test_counted_class(counted, cls, quals):
    assert counted_class(counted) == (cls, frozenset(quals))


@pytest.mark.parametrize("location, words", [
    ("the Kell region", {"kell"}),
    ("Kell region and the neighbouring provinces of Arv and Doss", {"kell", "arv", "doss"}),
    ("the Tarn valley", {"tarn"}),
    (None, set()),
])
def test_place_content(location, words):
    assert place_content(location) == frozenset(words)


@pytest.mark.parametrize("a, b, ok", [
    ("2019/2031-02-17", "2030-09-12", False),  # an earlier snapshot of a growing count
    ("2019/2031-02-17", "2030-09", False),
    ("2019/2031-02-17", "2031-02-10", True),  # a snapshot at the cumulative count's date
    ("2019/2031-02-17", "2019/2031-02-20", True),
    ("2019/2031-02-17", "2030", True),  # a year is a period, not a snapshot
    ("2030-09", "2030-09-12", True),
])
def test_cumulative_counts_against_snapshots(a, b, ok):
    assert times_compatible(a, b) is ok and times_compatible(b, a) is ok


def test_earlier_snapshot_is_not_a_conflict():
    arts = [art("a1", "X", "2031-02-17", fig("412", value=412, counted="people", time="2019/2031-02-17")),
            art("a2", "Y", "2031-02-18", fig("380", value=380, counted="departures", time="2030-09-12"))]
    assert match_figures(arts) == []
    series = figure_series(arts)
    assert len(series) == 1 and not series[0].conflict and series[0].thing[0] == "people"
