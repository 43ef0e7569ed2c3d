"""Numbers that date or name a thing rather than count it: dates, years, clock times, scores,
identifiers ("Section 427", "iPhone 12", "787 Dreamliner") -- and ages."""

from __future__ import annotations

import re

from spacy.tokens import Token

from newstrail import lexicon
from newstrail.extract.numbers.expr import NumberExpr, glued, is_year_like, make, plain_int, plural
from newstrail.extract.numbers.intervals import hedge_before
from newstrail.extract.numbers.units import CASED, CURRENCY_AFTER, MEASURE, unit_after
from newstrail.extract.numbers.words import CURRENCY_BEFORE, DIGITS, SCALES, combine, match_phrase

MONTHS = frozenset(lexicon.months()) | {a + "." for a in lexicon.month_abbreviations()}
CALENDAR_WORDS = MONTHS | frozenset(lexicon.weekdays())
YEAR_CUES = lexicon.words("number_context", "year_cues")
# words before a number that make it a name/identifier, not an amount
ID_WORDS = lexicon.words("number_context", "identifier_words")
# of those, the words that name a numbered thing even in lower case ("a category 4 storm",
# "room 12", "flight 370"); "week 3", "year 2", "unit 4" are left out (too often a count follows)
ID_WORDS_LOWER = lexicon.words("number_context", "identifier_words_lower")
AGE_BEFORE = lexicon.words("number_context", "age_words")
# after a number they make it a clock time
CLOCK_WORDS = {"a.m.", "p.m.", "am", "pm", "gmt", "bst", "et", "o'clock"}
SEASON_END = re.compile(r"^(\d{2}|\d{4})$")
# a word for what a number names rather than counts ("Stoxx 50", "787 Dreamliner"): not these
NOT_NAMES = CALENDAR_WORDS | frozenset(MEASURE) | {k.lower() for k in CASED} | frozenset(CURRENCY_AFTER)
# after "four-": words that make the number an amount or a part of one ("four-fold", "a
# two-thirds majority", "a 20-odd", "a 50-plus"), never a descriptor
DESCRIPTOR_NOT = frozenset(lexicon.fractions()) | {"fold", "odd", "plus", "percent", "point", "thirds"}


def in_name(tokens, i: int, n: int) -> bool:
    """A number word in title case inside a sentence is part of a name: "Apple One", "the
    Kick Six", "Formula One" (only in parsed text; headlines are all title case)."""
    tok = tokens[i]
    prev = tokens[i - 1] if i > 0 else None
    return (tok.is_title and tok.is_alpha and prev is not None and not tok.is_sent_start
            and prev.text[:1].isupper() and prev.is_alpha and prev.lower_ not in CALENDAR_WORDS
            and not (i + 1 < n and tokens[i + 1].is_title))


def not_amount(tokens, i: int, j: int, n: int, parts, value: float, currency: str | None,
               parsed: bool) -> NumberExpr | None:
    """The number tokens[i:j] as a date, year, clock time, score or identifier, or None."""
    tok = tokens[i]
    prev = tokens[i - 1] if i > 0 else None
    prev_lower = prev.lower_ if prev is not None else ""
    nxt = tokens[j] if j < n else None
    nxt_lower = nxt.lower_ if nxt is not None else ""
    is_digits = DIGITS.match(tok.text) is not None
    # dates: next to a month name, or inside a DATE entity that names a month
    near = {prev_lower, nxt_lower}
    if is_digits and len(parts) == 1 and (near & MONTHS) and value <= 31 and value == int(value):
        return make(tokens, i, j, i, j, "date")
    if is_digits and len(parts) == 1 and is_year_like(tok) and currency is None:
        year = _year(tokens, i, j, n, near)
        if year is not None:
            return year
    if is_digits and prev_lower == "'" and len(tok.text) == 2:  # '90s
        return make(tokens, i - 1, j, i, j, "year")
    if is_digits and nxt_lower == "s" and nxt is not None and tok.whitespace_ == "":
        return make(tokens, i, j + 1, i, j, "year")  # 1990s
    if is_digits and nxt_lower in CLOCK_WORDS:
        return make(tokens, i, j + 1, i, j, "time")
    if len(parts) == 1 and _score(tokens, i, j, n, value):
        return make(tokens, i, j + 2, i, j + 2, "score")
    if parsed and currency is None and _descriptor(tokens, i, j, n):
        return make(tokens, i, j + 2, i, j, "identifier")
    # identifiers: "Section 427", "Game 2", "iPhone 12 Mini", "HIV 2 drug", "787 Dreamliner"
    if prev is not None and currency is None and is_digits and len(parts) == 1:
        ident = _identifier(tokens, i, j, n, prev, nxt, parsed)
        if ident is not None:
            return ident
        if tok.whitespace_ == "" and nxt is not None and nxt.text in {"-", "/"} and j + 1 < n \
                and DIGITS.match(tokens[j + 1].text) and (prev_lower in {"-", "/"} or nxt.text == "/"):
            return make(tokens, i, j + 2, i, j + 2, "identifier")  # 24/7, 3-2-1
    return None


def _year(tokens, i: int, j: int, n: int, near: set[str]) -> NumberExpr | None:
    """Four plain digits in 1800-2100, unless a plural noun follows with no cue for a year
    ("1500 workers"); "2014-15", "2014/2015" seasons and spans."""
    tok = tokens[i]
    prev_lower = tokens[i - 1].lower_ if i > 0 else ""
    nxt = tokens[j] if j < n else None
    plural_noun = nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in MEASURE and tok.ent_type_ != "DATE"
    after_month = i > 1 and prev_lower == "," and tokens[i - 2].lower_ in MONTHS
    if plural_noun and not (prev_lower in YEAR_CUES or near & MONTHS or after_month):
        return None
    end = j
    if j + 1 < n and nxt.text in {"-", "–", "/"} and glued(tok, nxt) and glued(nxt, tokens[j + 1]) \
            and SEASON_END.match(tokens[j + 1].text):
        end = j + 2
    return make(tokens, i, end, i, end, "year")


def _descriptor(tokens, i: int, j: int, n: int) -> bool:
    """A number joined by a hyphen to a noun that is no unit, naming a kind of thing rather
    than counting: "a four-cylinder engine", "a six-speed gearbox", "a three-bed flat" (but "a
    five-year deal", "a 40-yard run", "a 15-year-old" are amounts)."""
    if j + 1 >= n or j - i != 1 or tokens[j].text != "-":
        return False
    word = tokens[j + 1]
    return glued(tokens[j - 1], tokens[j]) and glued(tokens[j], word) and word.tag_ == "NN" \
        and word.lower_ not in NOT_NAMES and word.lower_ not in SCALES and word.lower_ not in DESCRIPTOR_NOT


def _score(tokens, i: int, j: int, n: int, value: float) -> bool:
    """A score or result: "won 3-1", "a 9-2 lead" (a range runs upwards: "14-18")."""
    tok = tokens[i]
    return plain_int(tok) and j + 1 < n and tokens[j].text in {"-", "–"} and glued(tok, tokens[j]) \
        and glued(tokens[j], tokens[j + 1]) and plain_int(tokens[j + 1]) and value >= int(tokens[j + 1].text) \
        and value < 100 and hedge_before(tokens, i, 0) is None and unit_after(tokens, j + 2, n) is None


def _identifier(tokens, i: int, j: int, n: int, prev: Token, nxt: Token | None, parsed: bool):
    """A number that names something rather than counting it, or None."""
    prev_lower = prev.lower_
    has_upper = prev.text != prev.lower_
    if (prev_lower in ID_WORDS and has_upper) or prev_lower in ID_WORDS_LOWER:
        end = _joined_end(tokens, j, n)
        return make(tokens, i - 1, end, i, end, "identifier")
    hedged = hedge_before(tokens, i, 0) is not None
    if has_upper and prev.is_alpha or prev_lower in {"s&p"}:
        if prev_lower in CALENDAR_WORDS or hedged or prev.is_sent_start or prev_lower in CURRENCY_BEFORE:
            return None
        unit_next = unit_after(tokens, j, n) is not None
        if parsed:
            # a count takes a plural noun ("Chechnya 405 people" is rare; "Stoxx 50 fell" is common)
            counted = nxt is not None and (plural(nxt) or nxt.lower_ in {"of", "per", "percent"}
                                           or nxt.lower_ in SCALES)
            if plain_int(tokens[i]) and not counted and not unit_next:
                end = _joined_end(tokens, j, n)
                return make(tokens, i - 1, end, i, end, "identifier")
        else:
            noun_next = nxt is not None and nxt.is_alpha and nxt.lower_ not in {"and", "or"}
            if not noun_next and not unit_next:
                return make(tokens, i - 1, j, i, j, "identifier")
    # "787 Dreamliner", "575 Wilbraham Road": a singular proper name after a number above one
    if parsed and nxt is not None and nxt.tag_ == "NNP" and nxt.is_title and plain_int(tokens[i]) \
            and int(tokens[i].text) > 1 and nxt.lower_ not in NOT_NAMES \
            and not hedged and not _plural_after_name(tokens, j, n):
        return make(tokens, i, j + 1, i, j, "identifier")
    return None


def _plural_after_name(tokens, j: int, n: int) -> bool:
    """A plural noun after the name at ``j``, past its hyphened parts: "5 Russian fighters",
    "5 Russian-backed fighters" count fighters."""
    k = j + 1
    while k + 1 < n and tokens[k].text == "-" and not tokens[k - 1].whitespace_ and not tokens[k].whitespace_:
        k += 2
    return k < n and plural(tokens[k])


def _joined_end(tokens, j: int, n: int) -> int:
    """The end of an identifier that goes on in glued parts: "ISO 3888-2", "Route 9/11"."""
    end = j
    while end + 1 < n and tokens[end].text in {"-", "/"} and glued(tokens[end - 1], tokens[end]) \
            and glued(tokens[end], tokens[end + 1]) and tokens[end + 1].text.isalnum():
        end += 2
    return end


def age_end(tokens, i: int, j: int, n: int) -> int | None:
    """End of an age expression (15-year-old, 34 years old, aged 34), or None."""
    if i > 0 and tokens[i - 1].lower_ in AGE_BEFORE:
        return j
    k = j
    words = []
    while k < n and len(words) < 5:
        words.append(tokens[k].lower_)
        k += 1
        joined = "".join(w for w in words if w != "-")
        if joined in {"yearold", "yearsold", "yearolds", "monthold", "monthsold", "weekold",
                      "dayold", "year-old", "years-old"}:
            return k
    return None


def age(tokens, i: int, j: int, n: int, end: int, value: float) -> NumberExpr:
    """An age ending at ``end``, or an age band ("aged 25 to 54")."""
    if end == j and j + 1 < n and tokens[j].lower_ in {"to", "-", "–", "and"}:
        m = match_phrase(tokens, j + 1, n)
        if m is not None and combine(m[1]) > value:
            expr = make(tokens, i, m[0], i, m[0], "age", unit="year (age)", relation="range")
            expr.low, expr.high = value, combine(m[1])
            return expr
    return make(tokens, i, end, i, j, "age", value=value, unit="year (age)")
