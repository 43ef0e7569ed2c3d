"""Figure relations on the shapes real multi-outlet reports take (invented articles): only an
article's own count of the incident is compared with another's; running totals, background
tolls, parts ("15 of the wounded"), mixed counts and far-apart numbers are not set against it."""

from __future__ import annotations

import re

import pytest

from newstrail.link.figures import (
    FigureParams,
    counted_class,
    events_of,
    figure_refs,
    figure_roles,
    figure_scope,
    interval,
    match_figures,
)
from newstrail.records import Article, Entity, Figure


PLACES = ("Dorsk", "Kell", "Tarsk", "Osk", "Varn", "Pell")  # the invented towns, tagged as a parser would


def article(aid, source, published, text, *spans):
    """An article whose figures are given as (number text, fields) found in ``text`` in order;
    each figure's sentence is the sentence of ``text`` that holds it; each invented town in the
    text is a place entity."""
    figures, pos = [], 0
    for index, (number, fields) in enumerate(spans):
        start = text.index(number, pos)
        pos = start + len(number)
        s0 = max(text.rfind(". ", 0, start) + 2, 0) if text.rfind(". ", 0, start) >= 0 else 0
        s1 = text.find(". ", start)
        sentence = text[s0:(s1 + 1 if s1 >= 0 else len(text))]
        figures.append(Figure(index=index, text=number, start=start, end=pos, sentence=sentence, **fields))
    entities = [Entity(m.group(), "GPE", m.start(), m.end(), m.group())
                for m in re.finditer(r"\b(?:" + "|".join(PLACES) + r")\b", text)]
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text=text,
                   figures=figures, entities=entities)


def killed(value=None, low=None, high=None, counted="people", event="killed", **more):
    return dict(value=value, low=low, high=high, counted=counted, event=event, **more)


def kinds(matches):
    return sorted((m.kind, m.a.text, m.b.text) for m in matches)


HERALD = article(
    "h1", "Valley Herald", "2031-05-12",
    "A car bomb killed 14 people at a market in Dorsk on Monday, a monitor said. "
    "The war, now in its ninth year, has killed more than 300,000 people. "
    "On April 2, a similar blast in the town killed six.",
    ("14", killed(14)), ("more than 300,000", killed(low=300000, hedge="more than", time="2023/2031-05-12")),
    ("six", killed(6, time="2031-04-02")))


@pytest.mark.parametrize("other, expected", [
    # the incident toll against the incident toll: exact counts that differ conflict
    # (and lies within the other article's whole-war toll: scope)
    (article("p1", "Plains Post", "2031-05-12", "Twelve people died when a car bomb hit a Dorsk market.",
             ("Twelve", killed(12))), [("conflict", "14", "Twelve")]),
    # a floor that the other count meets agrees
    (article("p1", "Plains Post", "2031-05-12", "At least 11 people were killed in the blast.",
             ("At least 11", killed(low=11, hedge="at least"))), [("agree", "14", "At least 11")]),
    # the whole-war toll is a running total: only another running total is compared with it
    # (that the incident lies within it is true of any incident: not reported)
    (article("p1", "Plains Post", "2031-05-12",
             "A car bomb killed 14 people. More than 320,000 people have died since the uprising began.",
             ("14", killed(14)), ("More than 320,000", killed(low=320000, hedge="more than", time="2022/2031-05-12"))),
     [("agree", "14", "14"), ("agree", "more than 300,000", "More than 320,000")]),
])
def test_incident_tolls_and_running_totals(other, expected):
    assert kinds(match_figures([HERALD, other])) == sorted(expected)


def test_earlier_incident_of_a_background_sentence_is_not_compared():
    """"On April 2, a similar blast killed six" in a May report is another incident: never set
    against another article's toll, however the numbers compare."""
    other = article("p1", "Plains Post", "2031-05-12", "Six people were killed in the Dorsk market bombing.",
                    ("Six", killed(6)))
    assert kinds(match_figures([HERALD, other])) == [("conflict", "14", "Six")]


@pytest.mark.parametrize("sentence, number, scope", [
    ("Worldwide, over 400 people have been infected.", "over 400", "background"),
    ("Nationwide, 5,000 people were arrested.", "5,000", "background"),
    ("So far this year 212 people have drowned off the coast.", "212", "cumulative"),
    ("The conflict that began in 2024 has displaced 2,000 families.", "2,000", "cumulative"),
    ("Rebels said 40 fighters were killed in the Brask offensive.", "40", "cumulative"),
    ("Forty people were killed in the raid on Tuesday.", "Forty", "incident"),
])
def test_figure_scope_from_the_clause(sentence, number, scope):
    fig = Figure(index=0, text=number, start=0, end=len(number), sentence=sentence)
    assert figure_scope(fig, sentence, "2031-05-12") == scope


@pytest.mark.parametrize("time, scope", [
    ("2031-05-11", "incident"),  # the day before the report
    ("2031-05-10", "incident"),  # reports lag a couple of days
    ("2031-05-09", "background"),  # "on Friday" in a Tuesday report: an earlier incident
    ("2031-04-02", "background"),  # another month: another incident
    ("2030", "background"),
    ("2031", "incident"),  # a year that holds the report's day says nothing against it
])
def test_dated_figures_away_from_the_report_are_background(time, scope):
    fig = Figure(index=0, text="9", start=0, end=1, time=time, sentence="9 died.")
    assert figure_scope(fig, "9 died.", "2031-05-12") == scope


def test_a_clause_cue_belongs_to_its_own_figure():
    """"14 were killed, bringing the toll since the war began to 9,000": the cue is the second
    figure's, the first stays the incident's count."""
    art = article("x", "X", "2031-05-12",
                  "A strike killed 14 people on Monday, bringing the toll since the war began to 9,000.",
                  ("14", killed(14)), ("9,000", killed(9000)))
    roles = figure_roles(art, [ref for _, ref in figure_refs([art])])
    assert roles == {0: "main", 1: "cumulative"}


def test_parts_and_second_counts_of_an_article_are_not_its_toll():
    """The lead count and the counts that agree with it are the article's toll ("main"); "15 of
    the wounded" is a part, and "three" further down, hit by rockets and not by the blast, is a
    second incident's count."""
    art = article("x", "X", "2031-05-12",
                  "The blast wounded 40 people. A doctor said 15 of the wounded were in critical condition. "
                  "In the Vell district, rockets wounded three.",
                  ("40", killed(40, event="wounded")), ("15", killed(15, event="wounded", counted=None)),
                  ("three", killed(3, event="wounded", counted=None)))
    roles = figure_roles(art, [ref for _, ref in figure_refs([art])])
    assert roles == {0: "main", 1: "other", 2: "second"}


def test_no_counted_noun_with_a_people_event_counts_people():
    """"16 killed" and "16 civilians killed" count one group; a weekday taken for the counted
    noun ("wounded 40 Tuesday") is a misparse, not a group."""
    assert counted_class(None, "killed") == ("people", frozenset())
    assert counted_class("Tuesday", "wounded") == ("people", frozenset())
    assert counted_class(None, "increased") == ("", frozenset())
    a = article("a", "A", "2031-05-12", "A bomber killed at least 16 outside a bakery.",
                ("at least 16", killed(low=16, counted=None, hedge="at least")))
    b = article("b", "B", "2031-05-12", "Sixteen civilians were killed in the bombing.",
                ("Sixteen", killed(16, counted="civilians")))
    assert kinds(match_figures([a, b])) == [("agree", "at least 16", "Sixteen")]


def test_casualties_are_not_a_death_toll():
    """Mixed counts ("hundreds of casualties") keep their own group, never set against the dead."""
    assert counted_class("casualties", "killed")[0] == "casualty"
    a = article("a", "A", "2031-05-12", "The shelling caused 90 casualties.", ("90", killed(90, counted="casualties")))
    b = article("b", "B", "2031-05-12", "The shelling killed 30 people.", ("30", killed(30)))
    assert match_figures([a, b]) == []


def test_bodies_seen_at_unnamed_places_are_not_one_count():
    """"30 bodies" at one clinic and "90 bodies" in a video are what two witnesses saw; only a
    place both name makes them one count."""
    a = article("a", "A", "2031-05-12", "Medics counted 30 bodies at a field clinic.",
                ("30", killed(30, counted="bodies")))
    b = article("b", "B", "2031-05-12", "A video showed 90 bodies laid out on a floor.",
                ("90", killed(90, counted="bodies")))
    assert match_figures([a, b]) == []
    a.figures[0].location = b.figures[0].location = "Kell"
    assert kinds(match_figures([a, b])) == [("conflict", "30", "90")]


@pytest.mark.parametrize("a_fig, b_fig, expected", [
    # "more than 400" and 405 agree; "over 400" and "around 15,000" say nothing about each other
    (("more than 400", killed(low=400, hedge="more than")), ("405", killed(405)), ["agree"]),
    (("over 400", killed(low=400, hedge="over")), ("around 15,000", killed(15000, approximate=True)), []),
    # a vague floor has no ceiling ("dozens" of dead agrees with 60 and with 300)
    (("dozens", killed(low=24, high=100)), ("300", killed(300)), ["agree"]),
    # 4 against 7 at one place is a conflict; 4 against 45 is more likely another count than a conflict
    (("4", killed(4)), ("7", killed(7)), ["conflict"]),
    (("4", killed(4)), ("45", killed(45)), []),
])
def test_far_apart_numbers_with_nothing_else_in_common(a_fig, b_fig, expected):
    a = article("a", "A", "2031-05-12", f"The attack in Tarsk killed {a_fig[0]} people.", a_fig)
    b = article("b", "B", "2031-05-12", f"The attack killed {b_fig[0]} people in Tarsk.", b_fig)
    assert [m.kind for m in match_figures([a, b])] == expected


@pytest.mark.parametrize("a_text, b_text, title, expected", [
    # no place ties either figure: the counted group and the event alone make no conflict
    ("The attack killed 4 people.", "The attack killed 7 people.", None, []),
    # one names a town, the other does not
    ("The attack in Tarsk killed 4 people.", "The attack killed 7 people.", None, []),
    # two different towns
    ("The attack in Tarsk killed 4 people.", "The attack in Osk killed 7 people.", None, []),
    # the town in the other's headline ties it
    ("The attack in Tarsk killed 4 people.", "The attack killed 7 people.", "Seven dead in Tarsk attack",
     ["conflict"]),
    # ... but not a figure whose own sentence is about another town (a roundup under that headline)
    ("The attack in Tarsk killed 4 people.", "Shells fell at dawn. Further east, shelling killed 7 people in Osk.",
     "Seven dead in Tarsk attack", []),
    ("The attack in Tarsk killed 4 people.", "Shells fell at dawn. Further east, shelling killed 7 people.",
     "Seven dead in Tarsk attack", ["conflict"]),
])
def test_a_conflict_needs_a_place_both_name(a_text, b_text, title, expected):
    a = article("a", "A", "2031-05-12", a_text, ("4", killed(4)))
    b = article("b", "B", "2031-05-12", b_text, ("7", killed(7)))
    if title:
        b.title = title
        b.entities.append(Entity("Tarsk", "GPE", 0, 0, "Tarsk"))  # as found in the headline
    assert [m.kind for m in match_figures([a, b])] == expected


def test_far_apart_numbers_at_one_named_place_still_conflict():
    a = article("a", "A", "2031-05-12", "405 militants from Norvania have joined.",
                ("405", killed(405, counted="militants", event="left", location="Norvania")))
    b = article("b", "B", "2031-05-12", "Between 3,000 and 4,000 militants from Norvania have joined.",
                ("3,000 and 4,000", killed(low=3000, high=4000, counted="militants", event="left",
                                           location="Norvania")))
    assert [m.kind for m in match_figures([a, b])] == ["conflict"]
    assert [m.kind for m in match_figures([a, b], FigureParams(conflict_max_ratio=20))] == ["conflict"]


def test_vague_words_keep_a_floor_only():
    assert interval(Figure(index=0, text="dozens", start=0, end=6, low=24, high=100)) == (24, None)
    assert interval(Figure(index=0, text="several dozen", start=0, end=13, low=24, high=100)) == (24, None)
    assert interval(Figure(index=0, text="24 to 100", start=0, end=9, low=24, high=100)) == (24, 100)


@pytest.mark.parametrize("sentence, number", [
    ("Medics said the toll could reach as many as 200 in the suburbs.", "as many as 200"),
    ("A model forecasts 60,000 deaths by August.", "60,000"),
    ("Roughly 2,000 deaths a day were reported in the capital.", "Roughly 2,000"),
])
def test_projections_and_rates_are_background(sentence, number):
    fig = Figure(index=0, text=number, start=0, end=len(number), sentence=sentence)
    assert figure_scope(fig, sentence, "2031-05-12") == "background"


def test_a_joined_clause_is_its_own_figure_s():
    """Without commas ("... confirmed dead and that the toll could reach 200") the "and" cuts
    the sentence: the projection is the second figure's, the first stays the incident's."""
    art = article("x", "X", "2031-05-12",
                  "He said more than 40 people have been confirmed dead and that the toll could reach 200.",
                  ("more than 40", killed(low=40, hedge="more than")), ("200", killed(200)))
    roles = figure_roles(art, [ref for _, ref in figure_refs([art])])
    assert roles == {0: "main", 1: "background"}


def test_a_number_the_other_article_also_gives_is_no_conflict():
    """A copy that leads with "3 civilians killed in Tarsk and Osk" and then gives Tarsk's 2,
    against an article with Tarsk's 2 only: 2 against 3 is two counts of one text (no
    conflict), and Tarsk's 2 agrees with Tarsk's 2."""
    lead = article("a", "A", "2031-05-12",
                   "3 civilians killed in rocket attacks. In Tarsk city two civilians were killed.",
                   ("3", killed(3, counted="civilians")), ("two", killed(2, counted="civilians")))
    other = article("b", "B", "2031-05-12", "Two civilians were killed in Tarsk city.",
                    ("Two", killed(2, counted="civilians")))
    assert kinds(match_figures([lead, other])) == [("agree", "two", "Two")]
    # an exact count against another exact count, with nothing else said, stays a conflict
    lone = article("c", "C", "2031-05-12", "Three civilians were killed in Tarsk city.",
                   ("Three", killed(3, counted="civilians")))
    assert [m.kind for m in match_figures([lone, other])] == ["conflict"]


def test_an_open_floor_in_the_other_article_does_not_excuse_a_conflict():
    """"At least 16" allows 18 but says nothing of it: 16 against 18 stays a conflict."""
    a = article("a", "A", "2031-05-12", "A bomb killed 16 people in Osk. At least 16 people died in the blast.",
                ("16", killed(16)), ("At least 16", killed(low=16, hedge="at least")))
    b = article("b", "B", "2031-05-12", "The bomb in Osk killed 18 people.", ("18", killed(18)))
    assert kinds(match_figures([a, b])) == [("agree", "At least 16", "18"), ("conflict", "16", "18")]


def test_same_amounts_agree_within_a_story_only():
    """"$400 million" in two articles of one story agree although no event is named; a
    different amount never conflicts, and other stories are apart."""
    def money(aid, text, value):
        return article(aid, aid.upper(), "2031-05-12", text,
                       (text.split()[2], dict(value=value, unit="dollar", event=None, counted=None)))
    a = money("a", "Officials flew $400 million to Osk.", 400e6)
    b = money("b", "The government paid $400 million in cash.", 400e6)
    c = money("c", "The government paid $300 million in cash.", 300e6)
    story = {(x.source, x.id): "s1" for x in (a, b, c)}
    assert [(m.kind, m.a.article, m.b.article) for m in match_figures([a, b, c], groups=story)] == [
        ("agree", "a", "b")]
    apart = {("A", "a"): "s1", ("B", "b"): "s2", ("C", "c"): "s1"}
    assert match_figures([a, b, c], groups=apart) == []


def test_events_come_from_the_article():
    """"69 civilians killed, including 19 children": the children were killed; "Two pilots
    were killed" then "the two pilots were flying": the same two."""
    art = article("x", "X", "2031-05-12",
                  "Two pilots were killed. The two pilots were flying a test flight. 69 civilians died "
                  "including 19 children.",
                  ("Two", killed(2, counted="pilots")), ("two", killed(2, counted="pilots", event=None)),
                  ("69", killed(69, counted="civilians")),
                  ("19", killed(19, counted="children", event=None, part_of=2)))
    assert events_of(art) == {0: "killed", 1: "killed", 2: "killed", 3: "killed"}
    art.figures[0].event = None  # no figure of that number and class says what happened
    assert 0 not in events_of(art) and 1 not in events_of(art)


@pytest.mark.parametrize("published, kinds_found", [
    ("2031-05-13", ["conflict"]),  # the next day: the same incident's count, revised
    ("2031-05-17", []),  # five days later: another incident the story took in
])
def test_incident_counts_are_compared_within_days(published, kinds_found):
    a = article("a", "A", "2031-05-12", "A bomb killed 16 people in Tarsk.", ("16", killed(16)))
    b = article("b", "B", published, "A bomb killed 20 people in Tarsk.", ("20", killed(20)))
    assert [m.kind for m in match_figures([a, b])] == kinds_found


def test_running_totals_need_a_time_frame_each():
    """"Millions displaced since 2011" and "hundreds fled in recent days" (no date) are not
    compared: a total over an unknown span says nothing of another total."""
    a = article("a", "A", "2031-05-12", "Millions have been displaced since 2011.",
                ("Millions", killed(low=1000000, high=None, event="displaced", counted=None, time="2011/2031-05-12")))
    b = article("b", "B", "2031-05-12", "Hundreds of people fled in recent days.",
                ("Hundreds", killed(low=100, high=1000, event="displaced")))
    assert match_figures([a, b]) == []


def test_killed_or_injured_is_its_own_count():
    """"Hundreds were killed or injured" counts the dead and the hurt together: never set against
    a death toll."""
    a = article("a", "A", "2031-05-12", "Hundreds of people were killed or injured in the shelling.",
                ("Hundreds", killed(low=100, high=1000)))
    b = article("b", "B", "2031-05-12", "The shelling killed 650 people.", ("650", killed(650)))
    c = article("c", "C", "2031-05-12", "Activists said hundreds were dead or wounded.",
                ("hundreds", killed(low=100, high=1000)))
    assert [(m.kind, m.a.event, m.a.article, m.b.article) for m in match_figures([a, b, c])] == [
        ("agree", "casualties", "a", "c")]


@pytest.mark.parametrize("a_counted, b_counted, kind", [
    ("Korvan pilots", "pilots", "agree"),  # the same two, one description closer than the other
    ("children", "people", "agree"),
])
def test_the_same_number_of_a_group_described_more_closely_agrees(a_counted, b_counted, kind):
    a = article("a", "A", "2031-05-12", "Two were killed.", ("Two", killed(2, counted=a_counted)))
    b = article("b", "B", "2031-05-12", "Two were killed.", ("Two", killed(2, counted=b_counted)))
    assert [m.kind for m in match_figures([a, b])] == [kind]
    b.figures[0].value = 9  # nine people, two of them children: a part, not the same count
    assert [m.kind for m in match_figures([a, b])] == ["scope"]


LEAD = "Shelling killed 12 people across the province on Sunday. "


@pytest.mark.parametrize("a_tail, b_text, b_number, title, expected", [
    # another district's toll, given in both reports at a town both sentences name: agree
    ("In Kell, rockets killed three.", "Rockets killed three people in Kell on Sunday.", "three", None,
     [("agree", "three", "three")]),
    # the same part at two different towns is no agreement
    ("In Kell, rockets killed three.", "Rockets killed three people in Osk on Sunday.", "three", None, []),
    # no place in either sentence: only the headline's town, which every report of the story names
    ("Rockets also killed three.", "Rockets killed three people on Sunday.", "three", "Three dead in Kell", []),
    # a part that differs is never a conflict: two parts of one toll are no disagreement
    ("In Kell, rockets killed three.", "Rockets killed five people in Kell on Sunday.", "five", None, []),
])
def test_a_part_agrees_only_when_the_same_at_one_named_place(a_tail, b_text, b_number, title, expected):
    """An ``other`` figure (not its article's own toll: another district's) is compared on
    stricter terms than the toll: the very same number, in sentences naming the same place."""
    value = {"three": 3, "five": 5}[b_number]
    a = article("a", "A", "2031-05-12", LEAD + a_tail, ("12", killed(12)), ("three", killed(3, counted=None)))
    b = article("b", "B", "2031-05-12", b_text, (b_number, killed(value)))
    if title:
        for art in (a, b):
            art.title = title
            art.entities.append(Entity("Kell", "GPE", 0, 0, "Kell"))  # as found in the headline
    roles = figure_roles(a, [ref for _, ref in figure_refs([a])])
    assert roles == {0: "main", 1: "other"}
    assert kinds(match_figures([a, b])) == sorted(expected)


@pytest.mark.parametrize("b_tail, expected", [
    # a copy carries the same sentence: its part is the same statement, so the same count
    ("Rockets fired from the hills also killed three.", [("agree", "12", "12"), ("agree", "three", "three")]),
    # the same part in other words: no place ties the two, as above
    ("Three more died in rocket fire.", [("agree", "12", "12")]),
])
def test_the_same_sentence_in_two_reports_is_one_statement(b_tail, expected):
    a = article("a", "A", "2031-05-12", LEAD + "Rockets fired from the hills also killed three.", ("12", killed(12)),
                ("three", killed(3, counted=None)))
    number = "three" if "three" in b_tail else "Three"
    b = article("b", "B", "2031-05-12", LEAD + b_tail, ("12", killed(12)), (number, killed(3, counted=None)))
    groups = {("A", "a"): "s1", ("B", "b"): "s1"}
    assert kinds(match_figures([a, b], groups=groups)) == sorted(expected)
    assert kinds(match_figures([a, b], groups={("A", "a"): "s1", ("B", "b"): "s2"})) == []


@pytest.mark.parametrize("b_tail, expected", [
    # the sentence says neither what is counted nor what happened to it: still one statement
    ("Dozens more were treated for breathing trouble at the clinic.", [("agree", "12", "12"), ("agree", "Dozens", "Dozens")]),
    # the same words elsewhere in another sentence are no statement of it
    ("Doctors at the clinic treated dozens more for breathing trouble.", [("agree", "12", "12")]),
])
def test_the_same_sentence_is_one_statement_when_it_names_no_event(b_tail, expected):
    dozens = dict(value=None, low=24, high=None, counted=None, event=None, approximate=True)
    a = article("a", "A", "2031-05-12", LEAD + "Dozens more were treated for breathing trouble at the clinic.",
                ("12", killed(12)), ("Dozens", dozens))
    number = "Dozens" if b_tail.startswith("Dozens") else "dozens"
    b = article("b", "B", "2031-05-12", LEAD + b_tail, ("12", killed(12)), (number, dozens))
    groups = {("A", "a"): "s1", ("B", "b"): "s1"}
    assert kinds(match_figures([a, b], groups=groups)) == sorted(expected)


@pytest.mark.parametrize("b_tail, number, expected", [
    # the same number with the same words after it, in sentences that differ: one statement
    ("Fifteen of the wounded were in a critical state, the head of the monitor said.", "Fifteen",
     [("agree", "12", "12"), ("agree", "15", "Fifteen")]),
    # another number with those words is another count: no relation said
    ("Nine of the wounded were in a critical state, the head of the monitor said.", "Nine",
     [("agree", "12", "12")]),
    # the same number with other words after it is no statement of it
    ("Fifteen of the wounded were taken to Tarsk, the head of the monitor said.", "Fifteen",
     [("agree", "12", "12")]),
])
def test_the_same_words_after_the_same_number_are_one_statement(b_tail, number, expected):
    part = dict(counted=None, event="wounded", part_of=0)
    a = article("a", "A", "2031-05-12", LEAD + "The monitor's head said 15 of the wounded were in a critical state.",
                ("12", killed(12)), ("15", killed(15, **part)))
    value = {"Fifteen": 15, "Nine": 9}[number]
    b = article("b", "B", "2031-05-12", LEAD + b_tail, ("12", killed(12)), (number, killed(value, **part)))
    groups = {("A", "a"): "s1", ("B", "b"): "s1"}
    assert kinds(match_figures([a, b], groups=groups)) == sorted(expected)


def test_a_pair_two_paths_agree_on_is_one_match():
    """One sentence in both reports, with an amount no event ties to anything: the same
    statement and the same amount, one agreement."""
    text = "The new plant will add 146,000 jobs over the decade, the ministry said."
    jobs = dict(value=146000, counted="jobs", event=None)
    a = article("a", "A", "2031-05-12", text, ("146,000", jobs))
    b = article("b", "B", "2031-05-12", text, ("146,000", jobs))
    groups = {("A", "a"): "s1", ("B", "b"): "s1"}
    assert kinds(match_figures([a, b], groups=groups)) == [("agree", "146,000", "146,000")]


TWO_INCIDENTS = article(
    "t1", "Valley Herald", "2031-05-12",
    "At least 30 people were killed in government air strikes on Varn on Monday, a monitor said. "
    "Earlier, rebels fired rockets at Tarsk, killing six people. "
    "A hospital said 2 people died of their wounds.",
    ("At least 30", killed(low=30, hedge="at least")), ("six", killed(6)), ("2", killed(2)))


def test_a_second_incident_told_apart_by_how_it_hit_has_its_own_count():
    """Air strikes killed 30, rockets six: two incidents, each with its count; a lower count
    that names no kind of hit is still a part of the lead's."""
    roles = figure_roles(TWO_INCIDENTS, [ref for _, ref in figure_refs([TWO_INCIDENTS])])
    assert roles == {0: "main", 1: "second", 2: "other"}


@pytest.mark.parametrize("b_text, b_number, expected", [
    # the rocket attack's count, in a report that names the rockets: the second incident's count
    ("Rocket attacks killed 4 people in Tarsk on Monday.", "4", [("conflict", "six", "4")]),
    ("Rebel rockets killed six people in Tarsk on Monday.", "six", [("agree", "six", "six")]),
    # nothing says how these were hit: not set against the rocket attack's count
    ("Four people were killed in Tarsk on Monday.", "Four", []),
    # the air strikes' count, with a report of air strikes
    ("Air strikes killed 32 people in Varn on Monday.", "32", [("agree", "At least 30", "32")]),
    # shelling is not the air strikes: no relation with the air strikes' count
    ("Shelling killed 25 people in Varn on Monday.", "25", []),
])
def test_counts_of_incidents_told_apart_by_how_they_hit(b_text, b_number, expected):
    value = {"six": 6, "Four": 4}.get(b_number) or int(b_number)
    other = article("o1", "Coast Wire", "2031-05-12", b_text, (b_number, killed(value)))
    assert kinds(match_figures([TWO_INCIDENTS, other])) == expected


@pytest.mark.parametrize("b_text, b_number, expected", [
    # rockets, not air raids: another incident, no relation with the children killed in the raids
    ("Rebel rockets killed 5 people in Varn on Monday.", "5", []),
    # air strikes: the children are a narrower group of the same dead
    ("Air strikes killed 5 people in Varn on Monday.", "5", [("scope", "at least four", "5")]),
])
def test_the_hits_a_figure_counts_say_how_the_figure_before_it_was_hit(b_text, b_number, expected):
    """"Four children were among those killed in nearly 40 air raids": the number 40 ends the
    clause of "four", but the raids are how the four were hit."""
    raids = article("r1", "Valley Herald", "2031-05-12",
                    "A monitor said at least four children were among those killed in nearly 40 air raids on Varn.",
                    ("at least four", killed(low=4, hedge="at least", counted="children")),
                    ("nearly 40", killed(40, counted="air raids", hedge="nearly")))
    other = article("o1", "Coast Wire", "2031-05-12", b_text, (b_number, killed(int(b_number))))
    assert kinds(match_figures([raids, other])) == expected


@pytest.mark.parametrize("a_count, a_time, b_count, b_time, expected", [
    # the same start and the same day: two outlets' totals differ
    (43, "2031-05-10/2031-05-13", 66, "2031-05-10/2031-05-13", ["conflict"]),
    # "since 2030" and "since March 2030" start together as far as both say
    (43, "2030/2031-05-13", 66, "2030-03/2031-05-13", ["conflict"]),
    # the later total is the larger: the toll grew
    (43, "2031-05-10/2031-05-13", 66, "2031-05-10/2031-05-16", []),
    # the later total is the smaller: a running total does not shrink
    (66, "2031-05-10/2031-05-13", 43, "2031-05-10/2031-05-16", ["conflict"]),
    # totals since different times are different counts
    (43, "2027/2031-05-13", 66, "2031-05-10/2031-05-13", []),
])
def test_running_totals_conflict_only_as_one_count(a_count, a_time, b_count, b_time, expected):
    """"43 civilians killed since the siege began in 2027" and "at least 66 killed since
    Tuesday": two spans; 43 by Tuesday and 66 by Friday: a count that grew."""
    a = article("a", "A", a_time[-10:], f"Shelling has killed {a_count} people in Varn since it began.",
                (str(a_count), killed(a_count, time=a_time)))
    b = article("b", "B", b_time[-10:], f"Shelling has killed {b_count} people in Varn since it began.",
                (str(b_count), killed(b_count, time=b_time)))
    assert [m.kind for m in match_figures([a, b])] == expected
