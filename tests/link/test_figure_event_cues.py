"""What a figure counts when its own words do not say: the event its clause gives ("six
children were among the dead"), the names outlets give one group ("airmen", "pilots"), and
small counts of one thing that two reports of a story give alike ("two parked cars")."""

from __future__ import annotations

import pytest

from newstrail.link.figures import _clauses, counted_class, events_of, match_figures
from newstrail.records import Article, Figure


def report(aid, text, *numbers, counted=None, published="2031-05-12"):
    """An article of one sentence per figure: ``numbers`` are (number text, counted) found in
    ``text`` in order, with no event of their own."""
    figures, pos = [], 0
    for index, (number, what) in enumerate(numbers):
        start = text.index(number, pos)
        pos = start + len(number)
        s0 = text.rfind(". ", 0, start)
        s1 = text.find(". ", start)
        sentence = text[s0 + 2 if s0 >= 0 else 0:s1 + 1 if s1 >= 0 else len(text)]
        value = {"two": 2, "three": 3, "four": 4, "six": 6, "Six": 6, "16": 16, "49": 49}[number]
        figures.append(Figure(index=index, text=number, start=start, end=pos, sentence=sentence, value=value,
                              counted=what, event=None))
    return Article(id=aid, title=None, source=aid.upper(), url=None, published=published, language="en",
                   text=text, figures=figures)


@pytest.mark.parametrize("text, numbers, events", [
    ("Six children were among the dead in Tarsk.", [("Six", "children")], {0: "killed"}),
    ("Police put the death toll at 16 on Monday.", [("16", None)], {0: "killed"}),
    ("The shelling brought to 49 the number killed in Osk.", [("49", None)], {0: "killed"}),
    ("Six people were shot, including four who died.", [("Six", "people"), ("four", None)], {1: "killed"}),
    ("The four who were injured were flown to Varn.", [("four", None)], {0: "wounded"}),
    # a count listed after another takes its event: nothing but "and" or a comma between them
    ("Those killed included six women, four boys and two medics.",
     [("six", "women"), ("four", "boys"), ("two", "medics")], {0: "killed", 1: "killed", 2: "killed"}),
    ("Those killed included 16 guards, and rebels seized four trucks.", [("16", "guards"), ("four", "trucks")],
     {0: "killed"}),
    ("Those injured included four medics.", [("four", "medics")], {0: "wounded"}),
    ("Dozens of shells and six rockets fell on Tarsk.", [("six", "rockets")], {}),  # fell: nothing happened to people
])
def test_the_clause_says_what_happened(text, numbers, events):
    art = report("a", text, *numbers)
    assert events_of(art, _clauses(art)) == events


def test_a_clause_cue_never_overrides_the_figure_s_own_event():
    art = report("a", "Six were wounded, and the death toll stood at 16.", ("Six", None), ("16", None))
    # (the clause of "16" follows the comma: the cue is its own, not the first figure's)
    art.figures[0].event = "wounded"
    assert events_of(art, _clauses(art)) == {0: "wounded", 1: "killed"}


@pytest.mark.parametrize("a, b, same", [
    ("airmen", "pilots", True),
    ("lives", "people", True),
    ("fighters", "militants", True),
    ("pilots", "passengers", False),
])
def test_names_of_one_group(a, b, same):
    assert (counted_class(a, "killed")[0] == counted_class(b, "killed")[0]) is same


def test_a_toll_among_the_dead_agrees_across_outlets():
    a = report("a", "Six children were among the dead in Tarsk.", ("Six", "children"))
    b = report("b", "The strike on Tarsk killed six children.", ("six", "children"))
    b.figures[0].event = "killed"
    assert [(m.kind, m.a.article, m.b.article) for m in match_figures([a, b])] == [("agree", "a", "b")]


def test_small_counts_with_no_event_agree_within_a_story_only():
    a = report("a", "The blast also wrecked two parked cars. Police found three guns.", ("two", "parked cars"),
               ("three", "guns"))
    b = report("b", "Two shops and two parked cars were damaged. Police found four guns.", ("two", "parked cars"),
               ("four", "guns"))
    story = {("A", "a"): "s1", ("B", "b"): "s1"}
    found = [(m.kind, m.a.text, m.b.text) for m in match_figures([a, b], groups=story)]
    assert found == [("agree", "two", "two")]  # three guns and four guns: no event, so never a conflict
    assert match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s2"}) == []


def test_small_counts_of_different_people_do_not_agree():
    a = report("a", "Police said two children were seen at the clinic.", ("two", "children"))
    b = report("b", "Police said two women were seen at the clinic.", ("two", "women"))
    assert match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s1"}) == []


def test_a_count_its_clause_gives_an_event_is_no_bare_amount():
    a = report("a", "Six children were among the dead in Tarsk.", ("Six", "children"))
    b = report("b", "Medics said six children were seen at the clinic.", ("six", "children"))
    # the first six are the killed; the second, with no event, are not the same count
    assert match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s1"}) == []


@pytest.mark.parametrize("b_text, b_counted, expected", [
    # a bare mention of a count another report ties to an event: the same count
    ("Talks went on after the four captive sailors came home.", "captive sailors", [("agree", "four", "four")]),
    # ... unless its own words say something else happened to them
    ("Medics treated the four wounded sailors.", "wounded sailors", []),
])
def test_a_bare_mention_of_a_count_agrees(b_text, b_counted, expected):
    a = report("a", "Osk freed four sailors on Monday.", ("four", "sailors"))
    a.figures[0].event = "returned"
    b = report("b", b_text, ("four", b_counted))
    found = match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s1"})
    assert [(m.kind, m.a.text, m.b.text) for m in found] == expected
    assert match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s2"}) == []
