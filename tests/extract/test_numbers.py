"""Number expressions: values, intervals, hedges, units, and what is not a figure."""

import pytest
import spacy

from newstrail.extract.numbers import NOT_FIGURES, find_numbers
from newstrail.nlp.pipeline import load_model


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
    ("Shelling wounded tens of people in Karlsmund.", "tens", "count", None, 10, 100, None, None),
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
    # "one of" counts one; proportions and ordinal denominators
    ("One of the guards opened the gate.", "One", "count", 1, None, None, None, None),
    ("It was one of the wettest springs on record in Talvik.", "one", "count", 1, None, None, None, None),
    ("Two out of five bakers in Osk shut early.", "Two out of five", "fraction", 0.4, None, None, None, None),
    ("One in four tenants in Brask is behind on rent.", "One in four", "fraction", 0.25, None, None, None, None),
    ("Three fourths of the orchards flooded.", "Three fourths", "fraction", 0.75, None, None, None, None),
    ("Nearly two-thirds of the ferries were late.", "Nearly two-thirds", "fraction", 2 / 3, None, 2 / 3, "nearly", None),
    # "from A to B" and ranges whose unit is repeated are ONE range
    ("Rents went from 900 to 1,150 in two years.", "from 900 to 1,150", "count", None, 900, 1150, "from-to", None),
    ("The herd shrank from 640 head to 410 over the winter.", "from 640 head to 410", "count", None, 410, 640, "from-to", None),
    ("Fares rose from $4.20 a ticket to $5.", "from $4.20 a ticket to $5", "money", None, 4.2, 5, "from-to", "dollar"),
    ("Wages should climb between 3% and 4% next year.", "between 3% and 4%", "percent", None, 3, 4, "between", "percent"),
    ("Yields ranged from 2% to 6% across the valley.", "from 2% to 6%", "percent", None, 2, 6, "from-to", "percent"),
    ("Flats cost from $850,000 to $1.2 million.", "from $850,000 to $1.2 million", "money", None, 850000, 1.2e6, "from-to", "dollar"),
    ("Five to six million visitors came.", "Five to six million", "count", None, 5e6, 6e6, None, None),
    ("The stadium took between eight to 12 months to build.", "between eight to 12 months", "quantity", None, 8, 12, "between", "month"),
    ("Staff numbers grew from 1000 to 2000 in a decade.", "from 1000 to 2000", "count", None, 1000, 2000, "from-to", None),
    # a unit after the first number is no range joiner unless the second repeats it
    ("The index rose 1.2% to 4,310 points.", "1.2%", "percent", 1.2, None, None, None, "percent"),
    # signed and prefixed numbers
    ("Markets at noon: Brask 20 -0.8%, Olm +1.1%.", "-0.8%", "percent", -0.8, None, None, None, "percent"),
    ("Markets at noon: Brask 20 -0.8%, Olm +1.1%.", "+1.1%", "percent", 1.1, None, None, None, "percent"),
    ("Night lows hit minus-12 degrees in Osk.", "minus-12 degrees", "quantity", -12, None, None, None, "degree"),
    ("Demand for sub-200 sq m shops is weak.", "sub-200 sq m", "quantity", None, None, 200, "less than", "square metre"),
    # currency codes and scales written on the number, pence, glued units
    ("The club paid EUR40m for the striker.", "EUR40m", "money", 40e6, None, None, None, "euro"),
    ("Gold traded at USD1,850 an ounce.", "USD1,850 an ounce", "money", 1850, None, None, None, "dollar per ounce"),
    ("The firm lost RM2.5mil last year.", "RM2.5mil", "money", 2.5e6, None, None, None, "ringgit"),
    ("Shares closed at 212p in Olm.", "212p", "money", 212, None, None, None, "pence"),
    ("The new tower runs at 90Hz.", "90Hz", "quantity", 90, None, None, None, "hertz"),
    ("Each vial holds 20mL of serum.", "20mL", "quantity", 20, None, None, None, "millilitre"),
    ("Each tablet has 400mg of the drug.", "400mg", "quantity", 400, None, None, None, "milligram"),
    # hedges: comparatives with "than", "just under"
    ("The beams failed at lower than 9.5 ksi.", "lower than 9.5 ksi", "quantity", None, None, 9.5, "less than", "kilopound per square inch"),
    ("The engine makes just under 210 hp.", "just under 210 hp", "quantity", None, None, 210, "less than", "horsepower"),
    ("The bridge spans greater than 80 metres.", "greater than 80 metres", "quantity", None, 80, None, "more than", "metre"),
    # quarters of a year after a period word are counted, not a fraction; "three quarters of" is one
    ("Osk Rail lost money in the previous two quarters.", "two", "count", 2, None, None, None, None),
    ("Sales in Tarsk fell in the past three quarters.", "three", "count", 3, None, None, None, None),
    ("Three quarters of the Osk voters stayed home.", "Three quarters", "fraction", 0.75, None, None, None, None),
])
def test_values(nlp, sentence, text, kind, value, low, high, hedge, unit):
    e = one(nlp, sentence, text)
    assert e.kind == kind
    approx = [pytest.approx(x) if x is not None else None for x in (value, low, high)]
    assert [e.value, e.low, e.high] == approx
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
    # names and models: a number after a capitalised name, unless a plural noun or unit follows
    ("Her old Lumia 8 still works.", "Lumia 8", "identifier"),
    ("The Zephyr 3 Mini deal ends soon.", "Zephyr 3", "identifier"),
    ("Shares in the Brask 40 index slipped.", "Brask 40", "identifier"),
    ("The clinic stocks the PLV 2 vaccine.", "PLV 2", "identifier"),
    ("The test follows the NRM 4410-3 standard.", "NRM 4410-3", "identifier"),
    ("A category 3 storm hit Osk.", "category 3", "identifier"),
    ("Guests in room 214 complained.", "room 214", "identifier"),
    ("Olm Air flew its first 515 Skylark in May.", "515 Skylark", "identifier"),
    ("The office at 88 Tannery Road closed.", "88 Tannery", "identifier"),
    # seasons, ISO dates and timestamps, scores
    ("The 2016-17 season was his best.", "2016-17", "year"),
    ("Posted 2021-04-09T08:15:00Z by the desk.", "2021-04-09T08:15:00Z", "date"),
    ("Varnek won 3-1 at home.", "3-1", "score"),
    ("They held a 7-7 draw in Osk.", "7-7", "score"),
])
def test_not_counts(nlp, sentence, text, kind):
    e = one(nlp, sentence, text)
    assert e.kind == kind and kind in NOT_FIGURES
    assert e.value is None


@pytest.mark.parametrize("sentence", [
    "The one on the left was red.",
    "Mr Halvorsen, a quiet man, spoke first.",
    "She reused the same one for years.",
    "Fans of the Lucky Seven cheered the Grand Four again.",  # number words inside names
    # numeric datelines with a year, whatever the tokenizer makes of them
    "03-11-2016 Shells hit the Tarsk market.",
    "21.08.2013 Rebels fired at Osk.",
    "04/16/2017 Shells hit Osk.",
    "He read the tens digit wrong.",  # "tens" is a number only as "tens of ..."
])
def test_no_figure(nlp, sentence):
    assert [e for e in find_numbers(nlp(sentence)) if e.kind not in NOT_FIGURES] == []


@pytest.mark.parametrize("sentence,text,count", [
    ("Over 300 people signed, Osk officials said.", "300", 1),
    ("In March Brannock 300 people left.", "300", 1),  # a plural noun after a name: still a count
    ("At least 30 Velmarians left Osk.", "30", 1),
    ("Some 12 Osk fishermen returned.", "12", 1),
])
def test_counts_after_names(nlp, sentence, text, count):
    found = [e for e in find_numbers(nlp(sentence)) if e.kind not in NOT_FIGURES and text in e.text]
    assert len(found) == count


@pytest.mark.parametrize("sentence,first,second,hedge", [
    # a bracketed conversion restates the figure, hedge included
    ("The moths fly more than 90 kilometres (56 miles).", "more than 90 kilometres", "56 miles", "more than"),
    ("It weighs up to 40 tonnes (88,000 lb).", "up to 40 tonnes", "88,000 lb", "up to"),
    ("The car makes just under 300 hp (224 kW / 304 PS).", "just under 300 hp", "304 PS", "less than"),
])
def test_conversion_keeps_hedge(nlp, sentence, first, second, hedge):
    a, b = one(nlp, sentence, first), one(nlp, sentence, second)
    assert a.hedge == b.hedge == hedge
    assert (a.low is None) == (b.low is None) and (a.high is None) == (b.high is None)


def test_age_band_is_one_age():
    nlp = load_model()
    [e] = [e for e in find_numbers(nlp("Jobs for people aged 25 to 54 grew.")) if e.kind not in NOT_FIGURES]
    assert (e.kind, e.low, e.high, e.unit) == ("age", 25, 54, "year (age)")


def test_tokenizer_only_doc():
    blank = spacy.blank("en")
    exprs = find_numbers(blank("Over 300 Fishermen Return to Port Since 2019"))
    assert [(e.text, e.kind) for e in exprs] == [("Over 300", "count"), ("2019", "year")]
