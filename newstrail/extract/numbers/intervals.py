"""What interval a number states: a hedge before it ("more than 400", "nearly half") or after it
("40 or more"), a range ("from A to B", "between A and B", "5% to 7%"), and a bracketed
conversion carrying the first amount's hedge ("more than 100 km (60 miles)")."""

from __future__ import annotations

from spacy.tokens import Token

from newstrail import lexicon
from newstrail.extract.numbers.expr import NOT_FIGURES, NumberExpr, is_year_like, make, set_relation
from newstrail.extract.numbers.units import rate_after, unit_after
from newstrail.extract.numbers.words import PREFIXED, second_number

HEDGES = lexicon.hedges("before")
HEDGE_MAX = max(len(k) for k in HEDGES)
POST_HEDGES = lexicon.hedges("after")
RANGE_JOINERS = {"to", "-", "–", "—"}


def hedge_before(tokens, i: int, floor: int) -> tuple[int, str, str] | None:
    """(start, hedge, relation) of the longest hedge that ends right before token i."""
    for size in range(HEDGE_MAX, 0, -1):
        s = i - size
        if s < floor:
            continue
        key = tuple(t.lower_ for t in tokens[s:i])
        if key in HEDGES:
            return s, *HEDGES[key]
    return None


def amount(tokens, i: int, j: int, n: int, value: float, has_scale: bool, currency: str | None,
           cur_start: int) -> NumberExpr:
    """The amount whose number is tokens[i:j] (its currency sign, if any, at ``cur_start``):
    hedge before, range after, then its unit and a hedge after it."""
    tok = tokens[i]
    start, hedge, relation, between = _opening(tokens, cur_start, tok)
    from_to = start > 0 and tokens[start - 1].lower_ == "from"
    unit_first = unit_after(tokens, j, n)
    range_val, end, from_to = _range_after(tokens, j, n, value, has_scale, tok, between, from_to, unit_first)
    if range_val is None and between:
        start = cur_start  # "between" without a second number: not a range
    if range_val is not None and from_to and hedge is None:
        start = start - 1
    end, kind, unit = _unit(tokens, end, n, currency, range_val is not None, unit_first)
    if hedge is None:
        post = _hedge_after(tokens, end)
        if post is not None:
            end, hedge, relation = post
    expr = make(tokens, start, end, cur_start if currency else i, j if range_val is None else end, kind,
                unit=unit, hedge=hedge, relation=relation)
    if tok.text[:1] in "+-−" and value != 0:
        expr.sign = 1 if value > 0 else -1
    if range_val is not None:
        expr.low, expr.high = min(range_val), max(range_val)
        expr.hedge = "from-to" if from_to else hedge or ("between" if between else None)
        expr.relation = "range"
        if relation == "~":
            expr.approximate = True
        return expr
    set_relation(expr, value, relation)
    return expr


def _opening(tokens, cur_start: int, tok: Token) -> tuple[int, str | None, str, bool]:
    """(start, hedge, relation, between): a hedge before the number, or the "between" of a range;
    "sub-300" is less than 300."""
    start, hedge, relation, between = cur_start, None, "=", False
    h = hedge_before(tokens, cur_start, 0)
    if h:
        start, hedge, relation = h
    elif cur_start > 0 and tokens[cur_start - 1].lower_ == "between":
        between = True
        start = cur_start - 1
    if PREFIXED.match(tok.text) and tok.lower_.startswith("sub-") and hedge is None:
        hedge, relation = "less than", "<"  # "sub-300 sq m offices"
    return start, hedge, relation, between


def _range_after(tokens, j: int, n: int, value: float, has_scale: bool, tok: Token, between: bool,
                 from_to: bool, unit_first) -> tuple[tuple[float, float] | None, int, bool]:
    """(range, end, from_to): the second number of a range after the first (or after its unit:
    "5% to 7%", "5 to 7 per cent"), or, after "from", a "to" a few words on in the clause."""
    end = j
    range_val = None
    for after in ([j] + ([unit_first[0]] if unit_first else [])):
        if range_val is not None or after + 1 >= n:
            continue
        joiner = tokens[after].lower_
        if not (joiner in {"and", "to", "-", "–"} if between else joiner in RANGE_JOINERS):
            continue
        r = range_to(tokens, after + 1, n, value, has_scale, tok, from_to)
        u2 = unit_after(tokens, r[0], n) if r is not None else None
        # after a unit the second number must repeat it ("5% to 7%"; not "rose 2% to 7,400")
        if r is not None and (after == j or (u2 is not None and u2[2] == unit_first[2])):
            range_val, end = r[1], r[0]
            from_to = from_to and joiner == "to"  # "from about 14-18 mpg" is no from-to range
    if range_val is None and from_to:
        range_val, end = _distant_to(tokens, j, n, value, has_scale, tok)
    return range_val, end, from_to and range_val is not None


def _distant_to(tokens, j: int, n: int, value: float, has_scale: bool, tok: Token):
    """"from 20 miles per gallon in 2008 to 29 mpg": "to" a few words on, same clause."""
    for k in range(j, min(n, j + 8)):
        t = tokens[k]
        if t.is_punct and t.text not in {"-", "/"} or t.lower_ in {"from", "and", "but", "while"}:
            break
        if t.lower_ == "to" and k > j:
            r = range_to(tokens, k + 1, n, value, has_scale, tok, True)
            if r is not None:
                return r[1], r[0]
            break
    return None, j


def range_to(tokens, k: int, n: int, value: float, has_scale: bool, first: Token, descending_ok: bool):
    """(end, (v1, v2)) when a second number starts at k and makes a range with the first."""
    second = second_number(tokens, k, n)
    if second is None:
        return None
    j2, v2, has_scale2, parts2, k2 = second
    v1 = value
    if has_scale2 and not has_scale:  # "between three and four thousand", "5 to 7 million"
        scale = max(v for kd, v in parts2 if kd in {"scale", "dozen"})
        mantissa = v2 / scale
        if v1 < scale and v1 <= mantissa * 10:  # not "$800,000 to $1.3 million"
            v1 *= scale
    if is_year_like(tokens[k2]) and (is_year_like(first) or not descending_ok):
        return None  # "1990 to 2000" is a time span; "from 1000 to 2000 hires" is a range
    if v1 < v2 or (descending_ok and v1 != v2):
        return j2, (v1, v2)
    return None


def _unit(tokens, end: int, n: int, currency: str | None, is_range: bool, unit_first) -> tuple[int, str, str | None]:
    """(end, kind, unit) of the amount: its currency, or the unit after it (a range's unit may
    stand after its first number only: "5 to 7 per cent" has it last, "5% to 7" first)."""
    kind, unit = "count", None
    if currency:
        kind, unit = "money", currency
    u = unit_after(tokens, end, n)
    if u:
        end2, ukind, uunit = u
        if not (currency and ukind == "money") and (currency is None or ukind == "percent"):
            kind, unit = ukind, uunit
        end = end2
    elif is_range and unit_first and currency is None:
        kind, unit = unit_first[1], unit_first[2]
    rate = rate_after(tokens, end, n) if currency and unit == currency else None
    if rate is not None:  # "$63 a share", "$1,100 per square foot"
        end, unit = rate[0], f"{unit} per {rate[1]}"
    return end, kind, unit


def _hedge_after(tokens, end: int) -> tuple[int, str, str] | None:
    """(end, hedge, relation) of a hedge after the amount: "40 or more"."""
    for key, (hedge, relation) in POST_HEDGES.items():
        if tuple(t.lower_ for t in tokens[end:end + len(key)]) == key:
            return end + len(key), hedge, relation
    return None


def conversions(tokens, exprs: list[NumberExpr], offset: int) -> None:
    """A figure restated in another unit in brackets carries the first one's hedge.

    "more than 100 kilometres (60 miles)", "just under 296 hp (224 kW / 300 PS)": the
    bracketed amounts are the same claim, so they are "more than"/"less than" too.
    """
    inside: set[int] = set()  # exprs that are themselves a bracketed restatement
    for k, (a, b) in enumerate(zip(exprs, exprs[1:])):
        if a.hedge is None or a.relation == "range" or b.hedge is not None or b.value is None \
                or a.kind in NOT_FIGURES or b.kind in NOT_FIGURES:
            continue
        between = [t.text for t in tokens[a.end - offset:b.start - offset]]
        opens = between[:1] == ["("] and set(between) <= {"(", "US", "U.S."}
        chained = between == ["/"] and k in inside  # "(224 kW / 300 PS)"
        if opens or chained:
            set_relation(b, b.value, a.relation)
            b.hedge = a.hedge
            inside.add(k + 1)
