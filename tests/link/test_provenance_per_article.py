"""Provenance judged per article (issue 14): an article that credits a figure or quote in one
place and repeats it bare elsewhere has dropped nothing; only news media are media; the origin
says why it is the origin. Every article is invented."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newstrail.link.figures import figure_series, match_figures
from newstrail.link.provenance import figure_provenance, provenance, quote_provenance, same_source
from newstrail.link.quotes import match_quotes
from newstrail.link.records import FigureRef, FigureSeries
from newstrail.records import Article, Figure, Quote

QUOTE = "The pumping station at Osk will run again before the first frost"


def fig(index, text, value=None, low=None, high=None, source=None, counted="people", event="killed"):
    return Figure(index=index, text=text, start=10 * index, end=10 * index + len(text), value=value,
                  low=value if low is None else low, high=value if high is None and low is None else high,
                  counted=counted, event=event, location="Osk", source=source)


def q(speaker="Mira Tallen", medium=None, cue="said", kind="direct", text=QUOTE):
    return Quote(text=text, start=0, end=len(text), kind=kind, cue=cue, speaker=speaker, speaker_resolved=speaker,
                 speaker_entity=speaker, medium=medium)


def art(aid, source, published, figures=(), quotes=()):
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text="",
                   figures=list(figures), quotes=list(quotes))


def _figure_prov(articles):
    [series] = figure_series(articles)
    return figure_provenance(series)


def _quote_prov(articles):
    [cluster] = match_quotes(articles)
    return quote_provenance(cluster)


def dropped(prov, field="attribution_dropped"):
    return sorted(c.article for c in getattr(prov, field))


def test_credited_once_and_repeated_bare_is_no_drop():
    prov = _figure_prov([
        art("a1", "Harbour Times", "2031-05-02", [fig(0, "12", 12, source="the Osk fire service")]),
        # credits the toll in its second paragraph, repeats it bare in the lead and at the end
        art("a2", "Valley Post", "2031-05-02", [fig(0, "12", 12), fig(1, "at least 12", low=12, source="rescuers"),
                                               fig(2, "12", 12)]),
        art("a3", "Coast Daily", "2031-05-03", [fig(0, "12", 12), fig(1, "twelve", 12)]),
    ])
    assert [(c.article, c.attribution) for c in prov.carriers] == [
        ("a1", "the Osk fire service"), ("a2", "rescuers"), ("a3", None)]  # one entry per article
    assert dropped(prov) == ["a3"]


def test_a_bare_war_total_in_the_series_of_a_credited_attack_toll_drops_nothing():
    prov = _figure_prov([
        art("a1", "Harbour Times", "2031-05-02", [fig(0, "29", 29, source="a monitor")]),
        art("a2", "Valley Post", "2031-05-02", [fig(0, "more than 400,000", low=400000, high=None)]),
    ])
    assert prov.attribution == "a monitor" and dropped(prov) == []


@pytest.mark.parametrize("medium, origin_medium", [
    ("a statement", None), ("a briefing", None), ("a press conference", None),
    ("Radio Merovia", "Radio Merovia"), ("state television", "state television"),
])
def test_only_a_news_medium_is_an_origin_or_dropped(medium, origin_medium):
    prov = _quote_prov([art("a1", "Harbour Times", "2031-05-02", quotes=[q(medium=medium, cue="told")]),
                        art("a2", "Valley Post", "2031-05-03", quotes=[q()])])
    assert prov.origin_medium == origin_medium
    assert dropped(prov, "medium_dropped") == (["a2"] if origin_medium else [])
    data = prov.to_dict()
    assert data["origin_reason"] == ("named medium" if origin_medium else "earliest carrier")
    assert data["origin"] == ("medium" if origin_medium else "earliest_article")


def test_a_source_that_is_a_news_medium_is_the_medium():
    prov = _figure_prov([
        art("a1", "Harbour Times", "2031-05-02", [fig(0, "7", 7, source="state television")]),
        art("a2", "Valley Post", "2031-05-02", [fig(0, "seven", 7)]),
    ])
    assert prov.origin_medium == "state television" and prov.origin_reason == "named medium"
    assert dropped(prov, "medium_dropped") == ["a2"] and dropped(prov) == ["a2"]


def test_citing_another_source_drops_no_one_s_medium():
    prov = _quote_prov([
        art("a1", "Harbour Times", "2031-05-02", quotes=[q(speaker="Osk council", medium="Radio Merovia", cue="told")]),
        art("a2", "Valley Post", "2031-05-03", quotes=[q(speaker="Mira Tallen")]),  # another originating source
        art("a3", "Coast Daily", "2031-05-03", quotes=[q(speaker="the Osk council")]),  # the same source, bare
    ])
    assert dropped(prov, "medium_dropped") == ["a3"]


def test_the_carrying_outlet_is_not_its_own_medium():
    prov = _quote_prov([art("a1", "Radio Merovia", "2031-05-02", quotes=[q(medium="Radio Merovia", cue="told")]),
                        art("a2", "Valley Post", "2031-05-03", quotes=[q()])])
    assert prov.origin_medium is None and prov.origin_reason == "earliest carrier"
    assert prov.earliest.article == "a1" and dropped(prov, "medium_dropped") == []


@pytest.mark.parametrize("member, is_drop", [
    (q(speaker=None, cue=None), True),  # words given as nobody's
    (q(speaker=None, cue="added"), False),  # a speech verb whose speaker was not found
])
def test_a_quote_drops_its_speaker_only_when_nothing_credits_it(member, is_drop):
    prov = _quote_prov([art("a1", "Harbour Times", "2031-05-02", quotes=[q()]),
                        art("a2", "Valley Post", "2031-05-03", quotes=[member])])
    assert dropped(prov) == (["a2"] if is_drop else [])


@pytest.mark.parametrize("a, b, same", [
    ("the Observatory", "Varn Observatory for Human Rights", True),
    ("Rami Tosk", "Observatory head Rami Tosk", True),
    ("Varn army", "Varn Observatory", False),
    ("police", "the fire service", False),
])
def test_same_source(a, b, same):
    assert same_source(a, b) is same


def _story_articles(lead_text, bare):
    """Two reports of one raid: a1 credits the toll; a2 gives it bare in ``lead_text``."""
    credited = art("a1", "Harbour Times", "2031-05-02", [fig(0, "at least 29", low=29, source="a monitor")])
    start = lead_text.index(bare.text)
    bare.start, bare.end = start, start + len(bare.text)
    other = Article(id="a2", title=None, source="Valley Post", url=None, published="2031-05-02", language="en",
                    text=lead_text, figures=[bare])
    return [credited, other]


def test_a_bare_figure_whose_next_sentence_is_credited_drops_nothing():
    text = ("At least 29 fighters were killed near Osk overnight. The fighters died trying to reopen the road, "
            "the Varn monitor said. Shops in Osk stayed shut.")
    arts = _story_articles(text, fig(0, "At least 29", low=29, counted="fighters"))
    arts[1].quotes = [Quote(text="The fighters died trying to reopen the road", start=text.index("The fighters"),
                            end=text.index(", the Varn"), kind="indirect", cue="said", speaker="the Varn monitor")]
    arts[0].figures[0].counted = "fighters"
    [series] = figure_series(arts)
    assert dropped(provenance_of(series, arts)) == []
    arts[1].quotes = []  # no quote credits it, but the next sentence still names the monitor
    assert dropped(provenance_of(series, arts)) == []
    arts[1].text = text.replace("the Varn monitor said", "the harbour master said")
    assert dropped(provenance_of(series, arts)) == ["a2"]  # nothing credits it: now a drop


def test_the_same_toll_credited_in_another_sentence_with_other_nouns_counts():
    text = "Bombing kills at least 29 in Osk. A bomb killed at least 29 residents of Osk, the Varn monitor said."
    arts = _story_articles(text, fig(0, "at least 29", low=29))
    credited = Figure(index=1, text="at least 29", start=text.rindex("at least 29"), end=text.rindex("at least 29") + 11,
                      low=29, counted="residents of Osk", event="killed", location="Osk", source="the Varn monitor")
    arts[1].figures.append(credited)
    [series] = [s for s in figure_series(arts) if "a1" in {f.article for f in s.figures}]
    assert dropped(provenance_of(series, arts)) == []
    assert dropped(figure_provenance(series)) == ["a2"]  # without the articles only the series is seen


def test_a_headline_figure_credits_no_one_and_drops_nothing():
    credited = FigureRef("a1", "Harbour Times", "2031-05-02", 0, 0, "7", 7, 7, 7, "people", "killed", "Osk", None,
                         claimed_by="rescuers")
    headline = FigureRef("a2", "Valley Post", "2031-05-02", 1, 0, "7", 7, 7, 7, "people", "killed", "Osk", None,
                         in_title=True)
    body = replace(headline, index=1, in_title=False)
    assert dropped(figure_provenance(FigureSeries("fs1", ("people", "killed", "osk"), [credited, headline]))) == []
    assert dropped(figure_provenance(FigureSeries("fs1", ("people", "killed", "osk"), [credited, headline, body]))) == ["a2"]


def provenance_of(series, arts):
    return figure_provenance(series, {(a.source, a.id): a for a in arts})


@pytest.mark.parametrize("text, dropped_by", [
    # an inverted attribution the parse did not tie to the figure: the source is named right there
    ("Rockets hit the Osk market on Friday. At least 29 people were killed near the stalls, said a monitor "
     "based in Varn. Shops stayed shut.", []),
    # a reporting cue in the figure's own sentence credits it to someone, even one no other carrier names
    ("At least 29 people were killed near the Osk stalls, reports the harbour radio. Shops stayed shut.", []),
    # ... or in the very next sentence
    ("At least 29 people were killed near the Osk stalls. The toll came from a monitor in Varn. Shops stayed shut.", []),
    # a tally phrase ("documented", "put the death toll at") credits its subject as a verb of saying does
    ("At least 29 people were killed near the Osk stalls, a toll the harbour police documented. Shops stayed "
     "shut.", []),
    # named only far from the figure: the toll is still given without its source
    ("At least 29 people were killed near the Osk stalls. Shops stayed shut. Traders counted their losses. "
     "Last year a monitor in Varn listed the town's markets.", ["a2"]),
])
def test_a_source_named_next_to_a_bare_figure_is_no_drop(text, dropped_by):
    arts = _story_articles(text, fig(0, "At least 29", low=29))
    [series] = figure_series(arts)
    assert dropped(provenance_of(series, arts)) == dropped_by


@pytest.mark.parametrize("text, dropped_medium", [
    ("At least 29 people were killed near the Osk stalls, a monitor told Varn Radio. Shops stayed shut.", []),
    ("At least 29 people were killed near the Osk stalls. Shops stayed shut.", ["a2"]),
])
def test_a_medium_named_next_to_a_bare_figure_is_no_drop(text, dropped_medium):
    arts = _story_articles(text, fig(0, "At least 29", low=29))
    [series] = figure_series(arts)
    series.figures[:] = [replace(f, medium="Varn Radio") if f.article == "a1" else f for f in series.figures]
    prov = provenance_of(series, arts)
    assert dropped(prov, "medium_dropped") == dropped_medium
    assert dropped(prov) == dropped_medium  # the monitor is named with it, or nothing is


def _linked_provenance(arts):
    """Provenance as a link gives it: of every series (one story), with the figure relations
    of the same articles."""
    groups = {(a.source, a.id): "s1" for a in arts}
    return provenance(series=figure_series(arts, groups=groups, min_articles=1), articles=arts,
                      matches=match_figures(arts, groups=groups))


@pytest.mark.parametrize("bare, dropped_by", [
    # its own number for the very toll another outlet credits: the figures conflict, one toll
    (fig(0, "seven", 7), ["a2"]),
    (fig(0, "at least 29", low=29), ["a2"]),  # the same toll, agreeing
    # the toll of another town is another toll, whatever the numbers
    (replace(fig(0, "seven", 7), location="Varn"), []),
])
def test_a_bare_toll_drops_the_credit_of_the_toll_it_conflicts_with(bare, dropped_by):
    arts = [art("a1", "Harbour Times", "2031-05-02", [fig(0, "five", 5, source="the Osk fire service")]),
            art("a2", "Valley Post", "2031-05-02", [bare])]
    provs = _linked_provenance(arts)
    assert provs[0].attribution == "the Osk fire service"
    assert sorted(c.article for p in provs for c in p.attribution_dropped) == dropped_by


@pytest.mark.parametrize("text, dropped_medium", [
    # the medium another carrier credits the toll to, named in the bare figure's sentence
    ("At least 29 people were killed near the Osk stalls, as first reported by Varn Radio. Shops stayed shut.", []),
    ("At least 29 people were killed near the Osk stalls. Shops stayed shut.", ["a2"]),
])
def test_a_medium_credited_as_the_source_and_named_next_to_a_bare_figure_is_no_drop(text, dropped_medium):
    arts = _story_articles(text, fig(0, "At least 29", low=29))
    arts[0].figures[0].source = "Varn Radio"  # the radio is a1's source, and so the medium
    [series] = figure_series(arts)
    assert dropped(provenance_of(series, arts), "medium_dropped") == dropped_medium


def amount(index, text, value, unit=None, counted=None, source=None):
    return Figure(index=index, text=text, start=10 * index, end=10 * index + len(text), value=value,
                  unit=unit, counted=counted, source=source)


@pytest.mark.parametrize("figures_b, series_things", [
    # the same exact rate or sum with no event in two articles of one story: one series per amount;
    # the same count with no event agrees but is no series (a fact of the background as often as a claim)
    ([amount(0, "7.7 percent", 7.7, unit="percent"), amount(1, "146,000 jobs", 146000, counted="jobs"),
      amount(2, "$4 million", 4e6, unit="dollar")],
     [("7.7 percent", "", ""), ("4e+06 dollar", "", "")]),
    # another number or another unit: no series
    ([amount(0, "7.9 percent", 7.9, unit="percent"), amount(2, "4 million euros", 4e6, unit="euro")], []),
])
def test_an_exact_amount_several_articles_of_a_story_state_is_a_series(figures_b, series_things):
    a = art("a1", "Harbour Times", "2031-05-02", [amount(0, "7.7 percent", 7.7, unit="percent", source="the bureau"),
                                                   amount(1, "146,000 jobs", 146000, counted="jobs"),
                                                   amount(2, "$4 million", 4e6, unit="dollar")])
    b = art("a2", "Valley Post", "2031-05-02", figures_b)
    groups = {("Harbour Times", "a1"): "s1", ("Valley Post", "a2"): "s1"}
    assert sorted(s.thing for s in figure_series([a, b], groups=groups)) == sorted(series_things)
    assert figure_series([a, b]) == []  # amounts are compared within stories only


def test_an_amount_credited_in_one_article_and_bare_in_another_is_a_dropped_attribution():
    a = art("a1", "Harbour Times", "2031-05-02", [amount(0, "7.7 percent", 7.7, unit="percent", source="the bureau")])
    b = art("a2", "Valley Post", "2031-05-02", [amount(0, "7.7%", 7.7, unit="percent")])
    [series] = figure_series([a, b], groups={("Harbour Times", "a1"): "s1", ("Valley Post", "a2"): "s1"})
    prov = figure_provenance(series)
    assert prov.attribution == "the bureau" and dropped(prov) == ["a2"]
