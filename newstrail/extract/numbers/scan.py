"""The scan: one left-to-right pass over the tokens that tries, at each token that can start a
number, the kinds in turn -- masked runs (ISO dates, phone numbers), ordinals and fractions,
clock times, vague plurals, unit-suffixed numbers, then a number phrase as a date, year or name
(``kinds``), an age, or an amount with its interval (``intervals``)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from newstrail import lexicon
from newstrail.extract.numbers.expr import NumberExpr, in_ranges, is_year_like, make, set_relation
from newstrail.extract.numbers.intervals import amount, conversions, hedge_before
from newstrail.extract.numbers.kinds import ID_WORDS, age, age_end, in_name, not_amount
from newstrail.extract.numbers.units import TEMPERATURE_SCALES, measure_name, unit_after
from newstrail.extract.numbers.words import (
    CURRENCY_BEFORE,
    HAS_DIGIT,
    NUMBER_WORDS,
    SCALE_WORDS,
    SCALES,
    combine,
    glued_currency,
    match_phrase,
    token_number,
)
from newstrail.nlp import doccache

VAGUE = lexicon.vague_amounts()
FRACTIONS = lexicon.fractions()
ORDINAL_WORDS = lexicon.words("number_words", "ordinals")
UNIT_SUFFIXED = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-z°″]+\d?)$", re.I)
# ISO dates and timestamps ("2019-09-01", "2019-09-01T10:38:07.190Z") and numeric datelines
# with a year ("03-11-2016", "21.08.2013", "04/16/2017") are dates, whatever the tokenizer
# makes of them: "03-11-2016 Shells hit ..." is no count of shells
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?(?![\d-])|"
                      r"(?<![\d./-])[0-3]?\d([-./])[01]?\d\1(?:19|20)\d\d(?![\d./-])")
SLASH_FRACTION = re.compile(r"^(\d{1,2})/(\d{1,3})$")
ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
PHONE = re.compile(r"(?<![\d.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[-.\s])?\d{3}[-.]\d{4}(?!\d)")
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
# "this half", "the second half", "in the first half": a period, not a fraction
PERIOD_HALF = {"this", "that", "first", "second", "next", "last", "previous", "latter", "former", "1st", "2nd"}
# "the past three quarters": words that make the quarters after a number periods, not a fraction
PERIOD_WORDS = PERIOD_HALF | {"past", "coming", "following"}


def find_numbers(doc: Doc | Span) -> list[NumberExpr]:
    """Every number expression in ``doc`` (a parsed Doc, or a tokenizer-only Doc)."""
    tokens = doccache.tokens(doc) if isinstance(doc, Doc) else tuple(doc)
    offset = 0 if isinstance(doc, Doc) else doc.start
    base_doc = doc if isinstance(doc, Doc) else doc.doc
    n = len(tokens)
    text = doccache.text(base_doc)
    masks = ([m.span() for m in PHONE.finditer(text)], [m.span() for m in ISO_DATE.finditer(text)])
    parsed = base_doc.has_annotation("TAG")
    out: list[NumberExpr] = []
    i = 0
    while i < n:
        if not _may_start(tokens[i].lower_):
            i += 1
            continue
        expr = _scan_at(tokens, i, n, masks, parsed)
        if expr is None:
            i += 1
            continue
        if expr.kind == "fraction" and expr.hedge is None:  # "nearly two-thirds", "about half"
            h = hedge_before(tokens, expr.start - offset, 0)
            if h is not None:
                value = expr.value
                expr = make(tokens, h[0], expr.end - offset, expr.num_start - offset,
                            expr.num_end - offset, "fraction", hedge=h[1])
                set_relation(expr, value, h[2])
        if offset:
            expr.start += offset
            expr.end += offset
            expr.num_start += offset
            expr.num_end += offset
        out.append(expr)
        i = max(expr.end - offset, i + 1)
    conversions(tokens, out, offset)
    return out


def _may_start(lower: str) -> bool:
    """Whether a token (lower case) can start a number expression: a cheap first test."""
    first_char = lower[:1]
    return (first_char.isdigit() or first_char in {".", "+", "−"} or lower in NUMBER_WORDS
            or lower in FRACTIONS or lower in VAGUE or lower in {"a", "one", "half"}
            or lower in ORDINAL_WORDS or "-" in lower or HAS_DIGIT.search(lower) is not None)


def _scan_at(tokens, i: int, n: int, masks, parsed: bool) -> NumberExpr | None:
    phone_chars, iso_chars = masks
    tok = tokens[i]
    lower = tok.lower_
    if iso_chars and in_ranges(tok.idx, iso_chars):  # "2019-09-01T10:38Z"
        return _masked_run(tokens, i, n, iso_chars, "date")
    # ordinals: "22nd", "third" (unless a fraction: "a third of", "two thirds")
    if ORDINAL_DIGITS.match(tok.text):
        return make(tokens, i, i + 1, i, i + 1, "ordinal")
    if (half := _half_a(tokens, i, n)) is not None:
        return amount(tokens, i, half[0], n, half[1], True, None, i)
    if lower in FRACTIONS or lower in ORDINAL_WORDS:
        return _fraction_word(tokens, i, n)
    slash = SLASH_FRACTION.match(tok.text)
    if slash and i + 1 < n and tokens[i + 1].lower_ == "of" and 0 < int(slash[1]) < int(slash[2]) <= 100:
        return make(tokens, i, i + 1, i, i + 1, "fraction", value=int(slash[1]) / int(slash[2]))  # "1/3 of the seats"
    # clock times and phone numbers
    if CLOCK.match(tok.text) and (tok.ent_type_ == "TIME" or ":" in tok.text):
        return make(tokens, i, i + 1, i, i + 1, "time")
    if in_ranges(tok.idx, phone_chars):
        return _masked_run(tokens, i, n, phone_chars, "phone")
    if lower in VAGUE:
        return _vague(tokens, i, n)
    if parsed and in_name(tokens, i, n):
        return None
    # currency symbol before, or a currency code written on the number
    prev_lower = tokens[i - 1].lower_ if i > 0 else ""
    currency = None
    cur_start = i
    if i > 0 and prev_lower in CURRENCY_BEFORE:
        currency = CURRENCY_BEFORE[prev_lower]
        cur_start = i - 1
        country = tokens[i - 2].text if i > 1 else ""
        if prev_lower == "$" and len(country) > 1 and country.isupper() and country.lower() + "$" in CURRENCY_BEFORE:
            currency = CURRENCY_BEFORE[country.lower() + "$"]  # "HK $5.4m", written apart
            cur_start = i - 2
    if tok.text[:1].isalpha():
        g = glued_currency(tok)
        if g:
            currency = g[0] if g[0] != "dollar" or currency is None else currency
    m = match_phrase(tokens, i, n)
    if m is None:
        return _unit_suffixed(tokens, i)
    j, parts, has_scale = m
    if len(parts) == 1 and parts[0] == ("num", 1) and lower == "a":
        return None
    value = combine(parts)
    j, value, has_scale = _and_a_half(tokens, j, n, value, has_scale)
    fraction = _fraction_after(tokens, i, j, n, value, has_scale)
    if fraction is not None:
        return fraction
    if _pronoun(tokens, i, j, n) or (lower == "a" and not has_scale):
        return None
    kind = not_amount(tokens, i, j, n, parts, value, currency, parsed)
    if kind is not None:
        return kind
    end = age_end(tokens, i, j, n)
    if end is None and parsed and currency is None and (_appositive_age(tokens, i, j, n, value)
                                                        or _stated_age(tokens, i, j, n, value)):
        end = j
    if end is not None and value < 130:
        return age(tokens, i, j, n, end, value)
    if currency is None and prev_lower == "minus":  # "minus 15 degrees"
        value, cur_start = -value, i - 1
    return amount(tokens, i, j, n, value, has_scale, currency, cur_start)


def _appositive_age(tokens, i: int, j: int, n: int, value: float) -> bool:
    """"Lauren Evans, 19, fled", "Ms Park, 25, said": a bare whole number between commas right
    after a person's name is their age."""
    if j != i + 1 or i < 2 or j >= n or not tokens[i].text.isdigit() or not 0 < value < 120:
        return False
    name, after = tokens[i - 2], tokens[j + 1] if j + 1 < n else None
    if tokens[i - 1].text != "," or tokens[j].text != "," or after is None or name.pos_ != "PROPN":
        return False
    return name.ent_type_ == "PERSON" or after.pos_ in {"VERB", "AUX"} or after.lower_ in {"of", "who", "from"}


def _stated_age(tokens, i: int, j: int, n: int, value: float) -> bool:
    """"Ailes was 77.", "his daughter Maria, who was 10": a bare whole number that a person is,
    ending the clause, is their age."""
    tok = tokens[i]
    if j != i + 1 or not tok.text.isdigit() and not tok.is_alpha or not 0 < value < 120 or tok.dep_ != "attr":
        return False
    if j < n and not tokens[j].is_punct:
        return False
    verb = tok.head
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.lemma_ != "be" or subj is None:
        return False
    if subj.tag_ in {"WP", "WDT"} and verb.dep_ == "relcl":
        subj = verb.head
    return subj.lower_ in {"he", "she"} or subj.pos_ == "PROPN" or any(
        c.ent_type_ == "PERSON" and c.dep_ in {"appos", "compound"} for c in subj.children)  # "daughter Maria"


def _and_a_half(tokens, j: int, n: int, value: float, has_scale: bool) -> tuple[int, float, bool]:
    """"two and a half years", "one and a half million": the half joins the number (and a scale
    after it multiplies both)."""
    if has_scale or j + 2 >= n or [t.lower_ for t in tokens[j:j + 3]] != ["and", "a", "half"]:
        return j, value, has_scale
    value, j = value + 0.5, j + 3
    if j < n and tokens[j].lower_ in SCALE_WORDS:
        value, j, has_scale = value * SCALES[tokens[j].lower_], j + 1, True
    return j, value, has_scale


def _masked_run(tokens, i: int, n: int, chars: list[tuple[int, int]], kind: str) -> NumberExpr:
    """The run of tokens from i inside a masked character range (an ISO date, a phone number)."""
    j = i
    while j + 1 < n and in_ranges(tokens[j + 1].idx, chars):
        j += 1
    return make(tokens, i, j + 1, i, j + 1, kind)


def _half_a(tokens, i: int, n: int) -> tuple[int, float] | None:
    """"half a dozen", "half a million": (end, value) of one number, half the scale, rather than
    the fraction "half" and a second number "a million"."""
    if tokens[i].lower_ != "half" or i + 2 >= n or tokens[i + 1].lower_ not in {"a", "an"} \
            or tokens[i + 2].lower_ not in SCALE_WORDS | {"dozen"}:
        return None
    m = match_phrase(tokens, i + 1, n)
    return None if m is None else (m[0], 0.5 * combine(m[1]))


def _fraction_word(tokens, i: int, n: int) -> NumberExpr | None:
    """A fraction word with what multiplies it ("half", "a third of", "two-thirds"), or an
    ordinal word ("third" alone); None for a fraction word that is neither."""
    lower = tokens[i].lower_
    prev = tokens[i - 1] if i > 0 else None
    prev_lower = prev.lower_ if prev is not None else ""
    if lower in FRACTIONS and lower.startswith("half"):
        if prev_lower in PERIOD_HALF:
            return None  # "this half", "the second half": a part of a year or a match
        start = i - 1 if prev_lower in {"a", "one"} else i
        return make(tokens, start, i + 1, start, i + 1, "fraction", value=0.5)
    if lower in FRACTIONS and prev_lower == "-" and i > 1 and token_number(tokens[i - 2]) \
            and tokens[i - 2].whitespace_ == "" and prev.whitespace_ == "":  # "two-thirds"
        return make(tokens, i - 2, i + 1, i - 2, i + 1, "fraction",
                    value=token_number(tokens[i - 2])[1] * FRACTIONS[lower])
    by = i > 1 and tokens[i - 2].lower_ == "by"  # "cut by a third"
    if _period_quarters(tokens, i):
        return None
    if lower in FRACTIONS and prev is not None and (prev_lower in {"a", "one"} or token_number(prev)) \
            and (lower.endswith("s") or (i + 1 < n and tokens[i + 1].lower_ == "of") or by):
        mult = 1.0 if prev_lower in {"a", "one"} else (token_number(prev) or ("num", 1))[1]
        return make(tokens, i - 1, i + 1, i - 1, i + 1, "fraction", value=mult * FRACTIONS[lower])
    if lower in ORDINAL_WORDS:
        return make(tokens, i, i + 1, i, i + 1, "ordinal")
    return None


def _period_quarters(tokens, k: int) -> bool:
    """"the previous two quarters", "the past three quarters": quarters of a year after a number
    that a period word leads (token ``k`` is the quarter word), not a fraction."""
    return 1 < k < len(tokens) and tokens[k].lower_ in {"quarter", "quarters"} \
        and token_number(tokens[k - 1]) is not None and tokens[k - 2].lower_ in PERIOD_WORDS


def _vague(tokens, i: int, n: int) -> NumberExpr | None:
    """Vague plurals: "dozens", "hundreds of thousands", "tens of millions of dollars", "tens of
    people" (a phrasing common in translated wire copy)."""
    lower = tokens[i].lower_
    lo, hi = VAGUE[lower]
    j = i + 1
    of_vague = j + 1 < n and tokens[j].lower_ == "of" and tokens[j + 1].lower_ in VAGUE
    if lower == "tens" and not (j < n and tokens[j].lower_ == "of"):
        return None  # "tens of people", "tens of thousands"; not "the tens digit"
    if of_vague and tokens[j + 1].lower_ != "dozens":
        lo2 = VAGUE[tokens[j + 1].lower_][0]
        lo, hi = lo * lo2, hi * lo2
        j += 2
    start = i
    hedge = None
    h = hedge_before(tokens, i, 0)
    if h:
        start, hedge, _ = h
    kind, unit = "count", None
    if j < n and tokens[j].lower_ == "of":  # "dozens of dollars": only a currency counts
        u = unit_after(tokens, j + 1, n) if j + 1 < n else None
        if u and u[1] != "money":
            u = None
    else:
        u = unit_after(tokens, j, n)
    if u:
        j, kind, unit = u
    return make(tokens, start, j, i, i + 1, kind, low=lo, high=hi, high_inclusive=False,
                approximate=True, hedge=hedge, unit=unit, relation="~")


def _unit_suffixed(tokens, i: int) -> NumberExpr | None:
    """A number with its unit written on it: "640bhp", "5G", "164p", "5pc"."""
    tok = tokens[i]
    m = UNIT_SUFFIXED.match(tok.text)
    if m is None:
        return None
    value, suffix = float(m.group(1).replace(",", "")), m.group(2)
    end = i + 1
    if suffix.lower() == "pc":
        kind, unit = "percent", "percent"
    elif suffix == "p" and (tokens[i - 1].lower_ if i > 0 else "") not in ID_WORDS:  # "164p": pence
        kind, unit = "money", "pence"
    elif (name := measure_name(suffix)) is not None:
        kind, unit = "quantity", name
        if unit == "degree" and end < len(tokens) and tokens[end].lower_ in TEMPERATURE_SCALES:
            unit, end = "degree " + TEMPERATURE_SCALES[tokens[end].lower_], end + 1  # "1.2deg C"
    else:
        return None
    h = hedge_before(tokens, i, 0)  # "more than 180p", "nearly 5pc"
    if h is None:
        return make(tokens, i, end, i, i + 1, kind, value=value, unit=unit)
    expr = make(tokens, h[0], end, i, i + 1, kind, unit=unit, hedge=h[1])
    set_relation(expr, value, h[2])
    return expr


def _fraction_after(tokens, i: int, j: int, n: int, value: float, has_scale: bool) -> NumberExpr | None:
    """"two-thirds", "two thirds", "one fourth"; "one out of three", "nine in ten": a fraction."""
    nxt_lower = tokens[j].lower_ if j < n else ""
    k = j + 1 if nxt_lower == "-" and tokens[i].whitespace_ == "" else j
    if k == j and _period_quarters(tokens, j):
        return None
    if k < n and tokens[k].lower_ in FRACTIONS and (tokens[k].lower_.endswith("s") or value == 1) and not has_scale:
        return make(tokens, i, k + 1, i, k + 1, "fraction", value=value * FRACTIONS[tokens[k].lower_])
    if has_scale or nxt_lower not in {"out", "in"} or value != int(value):
        return None
    k = j + 2 if nxt_lower == "out" and j + 1 < n and tokens[j + 1].lower_ == "of" else j + 1
    if nxt_lower == "in" or k == j + 2:
        m = match_phrase(tokens, k, n) if k < n else None
        if m is not None and not is_year_like(tokens[k]):
            den = combine(m[1])
            if den > value and den == int(den):
                return make(tokens, i, m[0], i, m[0], "fraction", value=value / den)
    return None


def _pronoun(tokens, i: int, j: int, n: int) -> bool:
    """"one" as a pronoun ("the one", "one another", "the same one") is not a figure; "one of
    the ..." counts one (the gold standard's convention and plain arithmetic)."""
    if tokens[i].lower_ != "one" or j != i + 1:
        return False
    nxt_lower = tokens[j].lower_ if j < n else ""
    prev_lower = tokens[i - 1].lower_ if i > 0 else ""
    return nxt_lower in {"another", ",", ".", "who", "that"} or prev_lower in {
        "the", "this", "that", "no", "any", "every", "each", "same", "which", "someone", "anyone"}
