"""Lexicons as data: every file reads, says what it holds, and agrees with the others."""

import re
from datetime import date
from importlib import resources

import pytest

from newstrail import lexicon

NAMES = sorted(p.name.removesuffix(".json") for p in resources.files("newstrail.lexicon").iterdir()
               if p.name.endswith(".json"))
RELATIONS = {">", ">=", "<", "<=", "~", "~<"}


def test_every_lexicon_is_there():
    assert {"months", "weekdays", "number_words", "scales", "hedges", "units", "currencies",
            "number_context", "plurals", "events", "cues", "aliases"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_file_says_what_it_holds(name):
    data = lexicon.load(name)
    assert isinstance(data.pop("_doc"), str)
    assert data and all(isinstance(v, (dict, list)) and v for v in data.values())


def test_a_caller_changing_its_copy_changes_no_one_elses():
    lexicon.load("units")["measures"]["furlong"] = "furlong"
    assert "furlong" not in lexicon.load("units")["measures"]


@pytest.mark.parametrize("name,number", [
    ("january", 1), ("jan", 1), ("may", 5), ("sep", 9), ("sept", 9), ("september", 9), ("dec", 12),
])
def test_month_numbers(name, number):
    assert lexicon.months()[name] == number


def test_may_has_no_abbreviation():
    abbrevs = lexicon.month_abbreviations()
    assert "may" not in abbrevs and {"jan", "sept", "dec"} <= abbrevs
    assert not abbrevs & {"january", "september"}


@pytest.mark.parametrize("text,month", [
    ("September 3", "September"), ("Sept. 3", "Sept"), ("Sep 3", "Sep"), ("Jun 3", "Jun"), ("June 3", "June"),
])
def test_month_pattern_takes_the_longest_name(text, month):
    assert re.match(rf"({lexicon.month_pattern()})", text, re.I).group(1) == month


def test_weekdays_follow_python_weekday():
    days = lexicon.weekdays()
    assert len(days) == 7
    assert days[date(2031, 3, 12).weekday()] == "wednesday"
    assert days[date(2031, 3, 16).weekday()] == "sunday"


@pytest.mark.parametrize("word,value", [("half", 0.5), ("halves", 0.5), ("third", 1 / 3), ("quarters", 0.25),
                                        ("tenth", 0.1)])
def test_fraction_values(word, value):
    assert lexicon.fractions()[word] == value


def test_vague_amounts_are_half_open_intervals():
    vague = lexicon.vague_amounts()
    assert vague["dozens"] == (24, 100)
    assert all(low < high for low, high in vague.values())


@pytest.mark.parametrize("where,tokens,hedge", [
    ("before", ("more", "than"), ("more than", ">")),
    ("before", ("in", "excess", "of"), ("over", ">")),
    ("before", ("nearly",), ("nearly", "~<")),
    ("after", ("or", "more"), ("at least", ">=")),
])
def test_hedges(where, tokens, hedge):
    assert lexicon.hedges(where)[tokens] == hedge


@pytest.mark.parametrize("where", ["before", "after"])
def test_every_hedge_has_a_known_relation(where):
    assert {relation for _, relation in lexicon.hedges(where).values()} <= RELATIONS


def test_scale_lists_name_known_factors():
    scales = lexicon.load("scales")
    for key in ("words", "glued", "suffixes"):
        assert set(scales[key]) <= set(scales["factors"]), key


def test_durations_are_units():
    units = lexicon.load("units")
    assert set(units["durations"]) <= set(units["measures"].values())


def test_currency_lexicons_name_currencies():
    currencies = lexicon.load("currencies")
    for key in ("before", "after", "codes"):
        assert all(isinstance(v, str) and v for v in currencies[key].values()), key
    assert all(k == k.lower() for k in currencies["before"])


@pytest.mark.parametrize("plural,singular", [
    ("casualties", "casualty"),
    ("policemen", "policeman"),
    ("men", "man"),
    ("militants", "militant"),
    ("ties", "tie"),  # too short for -ies -> -y
    ("census", "census"),
    ("crisis", "crisis"),
    ("boss", "boss"),
    ("gas", "gas"),  # three letters: left alone
    ("militant", "militant"),
    ("losses", "loss"),
    ("viruses", "virus"),
    ("buses", "bus"),
    ("causes", "cause"),
    ("abuses", "abuse"),
    ("crashes", "crash"),
    ("taxes", "tax"),
    ("matches", "match"),
    ("coaches", "coach"),
    ("headaches", "headache"),
    ("lives", "life"),
    ("olives", "olive"),
])
def test_singular(plural, singular):
    assert lexicon.singular(plural) == singular


def test_every_word_list_of_cues_is_read():
    """cues is shared by several extractors; a list none of them reads is dead data."""
    sources = "".join(p.read_text("utf-8") for p in resources.files("newstrail.extract").iterdir()
                      if p.name.endswith(".py"))
    unread = [key for key in lexicon.load("cues") if key != "_doc" and f'"{key}"' not in sources]
    assert unread == []


def test_cue_words_are_lower_case():
    cues = lexicon.load("cues")
    words = [w for key, values in cues.items() if key != "_doc" for w in values if isinstance(w, str)]
    assert words and all(w == w.lower() for w in words)


def test_alias_groups_name_each_thing_once():
    groups = [{name.lower() for name in group} for group in lexicon.load("aliases")["groups"]]
    assert all(len(group) >= 2 for group in groups)
    assert sum(len(group) for group in groups) == len(set().union(*groups))
