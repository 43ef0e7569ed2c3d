"""Units and changes of figures on sentences we wrote: currencies with scales and codes,
percent and percentage points, ages, durations, distances, temperatures and per-unit rates; the
size of a change ("rose by 3%") against a level ("rose to 3%"), bounds, approximations, ranges."""

from __future__ import annotations

import pytest


def figure(nlp, sentence, text):
    figs = [f for f in nlp(sentence)._.figures if f.text == text and not f.derived]
    assert figs, f"{text!r} not among {[f.text for f in nlp(sentence)._.figures]}"
    return figs[0]


@pytest.mark.parametrize("sentence, text, value, unit", [
    ("The Osk port earned $4.5 billion last year.", "$4.5 billion", 4.5e9, "dollar"),
    ("Passengers paid HK $216,000 for the tickets.", "HK $216,000", 216000, "hong kong dollar"),
    ("The fund raised A$30m in March.", "A$30m", 3e7, "australian dollar"),
    ("A night in Tarsk costs 110 JPY more than in Osk.", "110 JPY", 110, "yen"),
    ("The ticket costs 150 kuna at the gate.", "150 kuna", 150, "kuna"),
    ("The firm paid 63 cents a share in dividends.", "63 cents a share", 63, "cent per share"),
    ("Flats in Osk sell for about $1,100 per square foot.", "about $1,100 per square foot", 1100,
     "dollar per square foot"),
    ("Average rents in Tarsk rose to £1,650 a month.", "£1,650 a month", 1650, "pound per month"),
    ("The market is growing almost five percent a year.", "almost five percent a year", 5, "percent per year"),
    ("The stars spin nearly 78,000 times a minute.", "nearly 78,000 times a minute", 78000, "times per minute"),
    ("Its jobless rate rose 0.4 percentage points in May.", "0.4 percentage points", 0.4, "percentage point"),
    ("The bank raised rates by 50 basis points.", "50 basis points", 50, "basis point"),
    ("A 17-year-old was detained in Osk.", "17-year-old", 17, "year (age)"),
    ("Lauren Osk, 19, fled her home on Saturday.", "19", 19, "year (age)"),  # between commas after a name
    ("John Tarsk, 34, of Varn was charged.", "34", 34, "year (age)"),
    ("Mayor Ailen Osk, who led the town for years, was 77.", "77", 77, "year (age)"),  # what a person is
    ("He was 54.", "54", 54, "year (age)"),
    ("The strike lasted 12 days.", "12 days", 12, "day"),
    ("The Varn river rose 2 metres overnight.", "2 metres", 2, "metre"),
    ("It was 31 degrees Celsius in Tarsk on Sunday.", "31 degrees Celsius", 31, "degree celsius"),
    ("The lake was 1.2deg C warmer than last summer.", "1.2deg C", 1.2, "degree celsius"),
    ("The engine makes 450 lb-ft of torque.", "450 lb-ft", 450, "foot pound-force"),
    ("The car delivers 640bhp from its V12.", "640bhp", 640, "brake horsepower"),
    ("Its sensor has a pixel pitch of 2.4 μm.", "2.4 μm", 2.4, "micrometre"),
    ("The concert reached 120 decibels.", "120 decibels", 120, "decibel"),
    ("The jet can fly 8,000 nautical miles.", "8,000 nautical miles", 8000, "nautical mile"),
    ("The night fell to minus 15 degrees in Osk.", "minus 15 degrees", -15, "degree"),
    ("The parcel weighs 12 lb.", "12 lb", 12, "pound (weight)"),  # not the currency
    ("Tickets cost £12 in Tarsk.", "£12", 12, "pound"),
    ("Revenue hit Rs 4,500 crore in the year.", "Rs 4,500 crore", 4.5e10, "rupee"),
    ("The phone has a 4,000mAh battery.", "4,000mAh", 4000, "milliampere hour"),
    ("She has led the Osk port for two and a half years.", "two and a half years", 2.5, "year"),
    ("Half a million people fled the Osk floods.", "Half a million", 5e5, None),  # not 0.5 and a million
    ("The Tarsk fund paid half a billion dollars for the port.", "half a billion dollars", 5e8, "dollar"),
    ("Half a dozen boats sank off Osk.", "Half a dozen", 6, None),
    ("Nearly 1/3 of the seats in Osk were empty.", "Nearly 1/3", 1 / 3, None),  # a fraction, not "24/7"
    # a symbol whose case tells units apart is read as written
    ("The Osk masts will carry 5G signals from May.", "5G", 5, "generation (wireless)"),  # not five grams
    ("The sachet holds 5g of Tarsk salt.", "5g", 5, "gram"),
    ("The motor gives 450 Nm of torque at low revs.", "450 Nm", 450, "newton metre"),  # not a name "450 Nm"
    ("The Osk chip is built on a 7nm process.", "7nm", 7, "nanometre"),
    ("The kit car makes 310 PS at full tilt.", "310 PS", 310, "metric horsepower"),
])
def test_units(nlp, sentence, text, value, unit):
    fig = figure(nlp, sentence, text)
    assert (fig.value, fig.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize("sentence, text, unit", [
    # a unit written once for a series of numbers in the sentence
    ("The highest forecast for the Osk dollar is 84.75 cents, while the lowest is 74.07.", "74.07", "cent"),
    ("Old Varn ferries did 20 mpg, while the new ones do 26.", "26", "mile per gallon"),
    ("The river rose 2.5 metres on Monday and 1.8 on Tuesday.", "1.8", "metre"),
    # not after a percentage (the level a change reached), an age, or in another sentence;
    # not a count of something named, not a number in words
    ("The Osk index lost 2.1% to close at 7,425.81.", "7,425.81", None),
    # ... unless the change was given in points first: the level is in the index's points
    ("The Osk index lost 162.31 points, or 2.14%, to fall to 7,425.81.", "7,425.81", "point"),
    ("The Tarsk 40 rose 41.2 points, or 0.6%, to close at 7,310.4 on Friday.", "7,310.4", "point"),
    ("Lena Osk, 34, said 120 had signed.", "120", None),
    ("The river rose 2.5 metres. Police said 40 had left.", "40", None),
    ("Floods covered 40 km of road and cut off 12 villages.", "12", None),
    ("The road is 40 km long and two were closed.", "two", None),
])
def test_unit_written_once(nlp, sentence, text, unit):
    assert figure(nlp, sentence, text).unit == unit


@pytest.mark.parametrize("sentence, text, unit", [
    ("The score in Osk was 3.", "3", None),  # no person: no age
    ("Osk, 12, Tarsk, 14 and Varn, 9 were the results.", "12", None),
    ("Sales were up 5% a year ago.", "5%", "percent"),  # "a year ago" is a time, not a rate
    ("Its shares rose 5% a year earlier.", "5%", "percent"),
    ("The Osk Rail loss was 5 per cent.", "5 per cent", "percent"),
])
def test_no_rate_no_age(nlp, sentence, text, unit):
    assert figure(nlp, sentence, text).unit == unit


@pytest.mark.parametrize("sentence, absent", [
    ("The Osk GT has a four-cylinder engine and a six-speed gearbox.", {"four", "six"}),
    ("They bought a three-bed flat in Tarsk.", {"three"}),
    ("Sales should grow by 35 per cent this half.", {"this half", "half"}),  # a period, not a fraction
    ("Tarsk scored twice in the second half.", {"half"}),
])
def test_kinds_named_by_a_number_are_no_figures(nlp, sentence, absent):
    found = {f.text.lower() for f in nlp(sentence)._.figures}
    assert not {t.split("-")[0] for t in found} & absent and not found & absent


@pytest.mark.parametrize("sentence, text", [
    ("The deal runs for a five-year term.", "five-year"),
    ("He ran a 40-yard dash.", "40-yard"),
    ("The price of bread was cut by a third in Osk.", "a third"),
])
def test_hyphenated_amounts_stay_figures(nlp, sentence, text):
    assert figure(nlp, sentence, text).value is not None


@pytest.mark.parametrize("sentence, text, event", [
    ("Unemployment rose by 3% in March.", "3%", "increased"),  # the size of a change
    ("Unemployment rose 3% in March.", "3%", "increased"),
    ("Unemployment rose to 3% in March.", "3%", None),  # a level reached
    ("Inflation slowed to 3.1 percent in May.", "3.1 percent", None),
    ("Exports fell 12 points to 88 on Friday.", "12 points", "decreased"),
    ("Exports fell 12 points to 88 on Friday.", "88", None),
    ("Shares ended 4% lower at 210p.", "4%", "decreased"),
    ("Shares ended 4% lower at 210p.", "210p", None),
    ("The rate was cut by 25 basis points to 4.5%.", "25 basis points", "decreased"),
    ("The rate was cut by 25 basis points to 4.5%.", "4.5%", None),
    ("Wages increased by an average of 4.2% last year.", "4.2%", "increased"),
    ("Output shrank 0.3% in the spring, after growing 0.5% in the winter.", "0.5%", "increased"),
])
def test_change_or_level(nlp, sentence, text, event):
    assert figure(nlp, sentence, text).event == event


@pytest.mark.parametrize("sentence, text, hedge, value, low, high, approximate", [
    ("Rents have climbed more than 10% this year.", "more than 10%", "more than", None, 10, None, False),
    ("Costs have gone up by as much as 30%.", "as much as 30%", "up to", None, None, 30, False),
    ("The shares traded at more than 180p in May.", "more than 180p", "more than", None, 180, None, False),
    ("Sales slumped nearly 40% last quarter.", "nearly 40%", "nearly", 40, None, 40, True),
    ("The firm cut about 200 jobs.", "about 200", "about", 200, None, None, True),
    ("Between 300 and 400 people attended the rally.", "Between 300 and 400", "between", None, 300, 400, False),
    ("The population grew from 1.2 million to 1.5 million.", "from 1.2 million to 1.5 million", "from-to",
     None, 1.2e6, 1.5e6, False),
    ("The Osk ward has 40 or more beds.", "40 or more", "at least", None, 40, None, False),
    ("Osk fines drivers doing 90 or above on the coast road.", "90 or above", "at least", None, 90, None, False),
])
def test_bounds_approximations_ranges(nlp, sentence, text, hedge, value, low, high, approximate):
    fig = figure(nlp, sentence, text)
    assert (fig.hedge, fig.value, fig.low, fig.high, fig.approximate) == (hedge, value, low, high, approximate)
