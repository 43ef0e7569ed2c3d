"""Noun phrases cut out of the parse (newstrail/extract/phrases.py).

Every fixture is an invented sentence written for these tests.
"""

from __future__ import annotations

import pytest

from newstrail.extract import phrases


def head(doc, word):
    return next(t for t in doc if t.text == word)


def not_aside(tok):
    return tok.dep_ not in phrases.ASIDES


@pytest.mark.parametrize("text, word, phrase", [
    # a relative clause and the commas around it are no part of the name
    ("Officials of the Varn harbour board, who met on Monday, said the pier was closed.", "Officials",
     "Officials of the Varn harbour board"),
    ("The spokesman for the ferry company said the route would reopen.", "spokesman",
     "The spokesman for the ferry company"),
])
def test_a_phrase_leaves_out_clauses_and_asides(nlp, text, word, phrase):
    doc = nlp(text)
    tok = head(doc, word)
    assert phrases.text_of(phrases.run_around(phrases.reach(tok, not_aside), tok)) == phrase


def test_a_rule_for_the_heads_own_children_differs_from_the_one_below(nlp):
    doc = nlp("The spokesman for the ferry company said the route would reopen.")
    tok = head(doc, "spokesman")
    only_first = phrases.reach(tok, lambda c: c.dep_ == "prep", lambda parent, c: False)
    assert [t.text for t in only_first] == ["spokesman", "for"]


def test_a_run_stops_at_a_gap(nlp):
    doc = nlp("Ferries, buses and trams stopped.")
    words = [doc[0], doc[2], doc[3], doc[4]]  # "Ferries" and "buses and trams", the comma left out
    assert [t.text for t in phrases.run_around(words, doc[3])] == ["buses", "and", "trams"]
    assert [t.text for t in phrases.run_around(words, doc[0])] == ["Ferries"]


@pytest.mark.parametrize("last, first, expected", [
    (lambda t: t.is_punct, None, ["and", "the", "harbour"]),
    (None, lambda t: t.dep_ == "cc" or t.is_stop, ["harbour", ","]),
    # at least one word stays
    (lambda t: True, None, ["and"]),
])
def test_trim_drops_edge_words(nlp, last, first, expected):
    doc = nlp("and the harbour,")
    assert [t.text for t in phrases.trim(list(doc), last=last, first=first)] == expected


@pytest.mark.parametrize("text, word, name", [
    # a person entity: its canonical name, titles dropped
    ("Mayor Ada Moss said the bridge would reopen.", "Moss", "Ada Moss"),
    # no entity: the noun phrase; a long one cut to the head and the three words before it
    ("The harbour workers said the pier was closed.", "workers", "The harbour workers"),
    ("The tired and very angry harbour workers of the northern docks said the pier was closed.", "workers",
     "very angry harbour workers"),
])
def test_source_name(nlp, text, word, name):
    doc = nlp(text)
    assert phrases.source_name(head(doc, word)) == name


@pytest.mark.parametrize("text, word, source", [
    # bodies, roles, people and documents that report are sources ...
    ("The monitor said 14 people died in the blast at Tarsk.", "monitor", "The monitor"),
    ("Local activists reported that 30 homes burned.", "activists", "Local activists"),
    ("A harbour report put the losses at 12 boats.", "report", "A harbour report"),
    ("Selva Marin told reporters the bridge would reopen.", "Marin", "Selva Marin"),
    ("He said the road was closed.", "He", "He"),
    # ... and so is the body behind a document that is not one itself
    ("Figures released by the Osk health board showed 40 admissions.", "Figures", "the Osk health board"),
    # things that happened, evidence and counts are not
    ("The footage showed two burning trucks.", "footage", None),
    ("Cross-border shelling from the hills killed six, the latest in a week of attacks.", "shelling", None),
    ("More than 60 people said they had lost their homes.", "people", None),
    ("It said the figures were provisional.", "It", None),
])
def test_only_an_agent_names_a_source(nlp, text, word, source):
    doc = nlp(text)
    assert phrases.source_name(head(doc, word)) == source
