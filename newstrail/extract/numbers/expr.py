"""The number expression record, and the token tests every step of the scan shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

# kinds of number expression that claim no amount: never a figure
NOT_FIGURES = {"year", "date", "time", "ordinal", "phone", "identifier", "score"}
FOUR_DIGITS = re.compile(r"^\d{4}$")


@dataclass(slots=True)
class NumberExpr:
    start: int  # token index of the first token (hedge included)
    end: int  # token index after the last token (unit included)
    num_start: int  # token index of the number itself
    num_end: int
    text: str
    start_char: int
    end_char: int
    kind: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = False
    hedge: str | None = None
    relation: str = "="  # "=", ">", ">=", "<", "<=", "~", "~<", "range"
    unit: str | None = None
    sign: int = 0  # -1/+1 when the text writes the sign ("-1.3%", "+2%"): a change, in a list of moves


def make(tokens, start, end, nstart, nend, kind, **kw) -> NumberExpr:
    """The expression over ``tokens[start:end]`` whose number is ``tokens[nstart:nend]``."""
    s_char = tokens[start].idx
    e_char = tokens[end - 1].idx + len(tokens[end - 1].text)
    text = "".join(t.text_with_ws for t in tokens[start:end - 1]) + tokens[end - 1].text
    return NumberExpr(start=tokens[start].i, end=tokens[end - 1].i + 1, num_start=tokens[nstart].i,
                      num_end=tokens[nend - 1].i + 1, text=text, start_char=s_char,
                      end_char=e_char, kind=kind, **kw)


def set_relation(expr: NumberExpr, value: float, relation: str) -> None:
    """Set the value or interval that ``relation`` (a hedge's) makes of ``value``."""
    expr.relation = relation
    expr.value = expr.low = expr.high = None
    expr.approximate = False
    if relation == "=":
        expr.value = value
    elif relation == "~":
        expr.value, expr.approximate = value, True
    elif relation == "~<":
        expr.value, expr.high, expr.approximate, expr.high_inclusive = value, value, True, True
    elif relation in {">", ">="}:
        expr.low, expr.low_inclusive = value, relation == ">="
    elif relation in {"<", "<="}:
        expr.high, expr.high_inclusive = value, relation == "<="


def in_ranges(char: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= char < b for a, b in ranges)


def glued(a: Token, b: Token) -> bool:
    """Whether ``b`` follows ``a`` with no space between ("2014-15", "3-1")."""
    return a.whitespace_ == "" and b.i == a.i + 1


def plain_int(tok: Token) -> bool:
    return tok.text.isdigit()


def plural(tok: Token) -> bool:
    if tok.tag_:
        return tok.tag_ in {"NNS", "NNPS"}
    return tok.is_alpha and tok.lower_.endswith("s")


def is_year_like(tok: Token) -> bool:
    return bool(FOUR_DIGITS.match(tok.text)) and 1800 <= int(tok.text) <= 2100
