"""Number expressions: values, intervals, hedges, units, and what is not a figure."""

import pytest
import spacy

from newstrail.extract.numbers import NOT_FIGURES, find_numbers
from newstrail.nlp.pipeline import load_model


@pytest.fixture(scope="module")
def nlp():
    return load_model()


def one(nlp, sentence, text):
    exprs = [e for e in find_numbers(nlp(sentence)) if e.text == text]
    assert exprs, f"{text!r} not found in {[e.text for e in find_numbers(nlp(sentence))]}"
    return exprs[0]


@pytest.mark.parametrize("sentence,text,kind,value,low,high,hedge,unit", [
    ("Officials counted 1,430 cases in Varnek.", "1,430", "count", 1430, None, None, None, None),
    ("Some 15 000 people marched through Ostrava Nova.", "Some 15 000", "count", 15000, None, None, "some", None),
    ("Fourteen police officers were hurt.", "Fourteen", "count", 14, None, None, None, None),
    ("Twenty-five villagers fled.", "Twenty-five", "count", 25, None, None, None, None),
    ("They counted four hundred and fifty tents.", "four hundred and fifty", "count", 450, None, None, None, None),
    ("A dozen boats sank off Karlsmund.", "A dozen", "count", 12, None, None, None, None),
    ("Four hundred to five hundred miners walked out.", "Four hundred to five hundred", "count", None, 400, 500, None, None),
    ("Between three and four thousand farmers rallied.", "Between three and four thousand", "count", None, 3000, 4000, "between", None),
    ("Over 400 Velmarians left for the front.", "Over 400", "count", None, 400, None, "over", None),
    ("More than 60 houses burned.", "More than 60", "count", None, 60, None, "more than", None),
    ("At least 12 sailors died.", "At least 12", "count", None, 12, None, "at least", None),
    ("Up to 300 prisoners were moved.", "Up to 300", "count", None, None, 300, "up to", None),
    ("Nearly 90 guards were injured.", "Nearly 90", "count", 90, None, 90, "nearly", None),
    ("Around 15,000 fans came.", "Around 15,000", "count", 15000, None, None, "about", None),
    ("Some 40 families lost homes.", "Some 40", "count", 40, None, None, "some", None),
    ("Dozens of people were detained.", "Dozens", "count", None, 24, 100, None, None),
    ("The bill added tens of thousands of dollars to costs.", "tens of thousands of dollars", "money", None, 10000, 100000, None, "dollar"),
    ("Prices rose 3.5% in the quarter.", "3.5%", "percent", 3.5, None, None, None, "percent"),
    ("Turnout fell to 41 per cent.", "41 per cent", "percent", 41, None, None, None, "percent"),
    ("The plant cost $800 million to build.", "$800 million", "money", 800e6, None, None, None, "dollar"),
    ("Tickets sell for £12.50 each.", "£12.50", "money", 12.5, None, None, None, "pound"),
    ("The fine was 200 euros.", "200 euros", "money", 200, None, None, None, "euro"),
    ("He ran for 30 yards.", "30 yards", "quantity", 30, None, None, None, "yard"),
    ("The car reaches 87 mph on the flat.", "87 mph", "quantity", 87, None, None, None, "mile per hour"),
    ("The talks lasted three months.", "three months", "quantity", 3, None, None, None, "month"),
    ("Half of the 300 residents left.", "Half", "fraction", 0.5, None, None, None, None),
    ("A third of those screened were ill.", "A third", "fraction", 1 / 3, None, None, None, None),
    ("Two-thirds of voters agreed.", "Two-thirds", "fraction", 2 / 3, None, None, None, None),
    ("The court heard from 40 or more witnesses.", "40 or more", "count", None, 40, None, "at least", None),
    ("A 15-year-old boy was among them.", "15-year-old", "age", 15, None, None, None, "year (age)"),
    ("The mayor, aged 61, resigned.", "61", "age", 61, None, None, None, "year (age)"),
])
def test_values(nlp, sentence, text, kind, value, low, high, hedge, unit):
    e = one(nlp, sentence, text)
    assert e.kind == kind
    assert (e.value, e.low, e.high) == (pytest.approx(value) if value is not None else None, low, high)
    assert e.hedge == hedge
    assert e.unit == unit


@pytest.mark.parametrize("sentence,text,kind", [
    ("The unrest began in 2011 in Dornfeld.", "2011", "year"),
    ("Since 2011 the port has been closed.", "2011", "year"),
    ("The vote is on March 29 in Lisk.", "29", "date"),
    ("She arrived on 8 September.", "8", "date"),
    ("The meeting starts at 9:35 tonight.", "9:35", "time"),
    ("It was their 10th straight loss.", "10th", "ordinal"),
    ("He finished third in the race.", "third", "ordinal"),
    ("Call 555-123-4567 for tickets.", "555-123-4567", "phone"),
    ("Seats in Section 427 were empty.", "Section 427", "identifier"),
    ("The goalie was hurt in Game 2.", "Game 2", "identifier"),
])
def test_not_counts(nlp, sentence, text, kind):
    e = one(nlp, sentence, text)
    assert e.kind == kind and kind in NOT_FIGURES
    assert e.value is None


@pytest.mark.parametrize("sentence", [
    "One of the guards opened the gate.",
    "The one on the left was red.",
    "Mr Halvorsen, a quiet man, spoke first.",
])
def test_no_figure(nlp, sentence):
    assert [e for e in find_numbers(nlp(sentence)) if e.kind not in NOT_FIGURES] == []


def test_tokenizer_only_doc():
    blank = spacy.blank("en")
    exprs = find_numbers(blank("Over 300 Fishermen Return to Port Since 2019"))
    assert [(e.text, e.kind) for e in exprs] == [("Over 300", "count"), ("2019", "year")]
