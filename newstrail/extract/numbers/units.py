"""Units after a number: percent ("5%", "5 per cent", "2 percentage points"), currency words
("50 euros") and measures ("80-yard", "300 km/h", "20 square metres")."""

from __future__ import annotations

from newstrail import lexicon

PERCENT = lexicon.load("units")["percent"]
MEASURE = lexicon.load("units")["measures"]
CURRENCY_AFTER = lexicon.load("currencies")["after"]


def unit_after(tokens, j: int, n: int) -> tuple[int, str, str] | None:
    """(end, kind, unit) for a unit right after the number (hyphen allowed: "80-yard")."""
    k = j
    if k < n and tokens[k].text in {"-", "–"} and tokens[k - 1].whitespace_ == "":
        k += 1
    if k >= n:
        return None
    lower = tokens[k].lower_
    if lower in PERCENT:
        return _percent(tokens, k, n)
    if lower == "percentage" and k + 1 < n and tokens[k + 1].lower_ == "points":
        return k + 2, "quantity", "percentage point"
    if lower in CURRENCY_AFTER and lower not in {"k", "grand", "p"}:
        return k + 1, "money", CURRENCY_AFTER[lower]
    if lower in MEASURE:
        if lower in {"m", "g", "x", "sq", "square"} and k == j and tokens[j - 1].whitespace_:
            if lower not in {"square", "sq"}:
                return None
        return _measure(tokens, k, n)
    return None


def _percent(tokens, k: int, n: int) -> tuple[int, str, str] | None:
    """"%", "percent", "per cent"; "percent points": percentage points."""
    lower = tokens[k].lower_
    if lower == "per":
        if k + 1 < n and tokens[k + 1].lower_ == "cent":
            return k + 2, "percent", "percent"
        return None
    if k + 1 < n and tokens[k + 1].lower_ == "points" and lower != "%":
        return k + 2, "quantity", "percentage point"
    return k + 1, "percent", "percent"


def _measure(tokens, k: int, n: int) -> tuple[int, str, str]:
    """A measure at token k, with "square" before another unit and "/h", "/s" after it."""
    unit = MEASURE[tokens[k].lower_]
    end = k + 1
    if unit == "square" and end < n and tokens[end].lower_ in MEASURE:
        unit = "square " + MEASURE[tokens[end].lower_]
        end += 1
    if end + 1 < n and tokens[end].text == "/" and tokens[end + 1].lower_ in {"h", "hr", "hour", "s"}:
        unit += " per hour" if tokens[end + 1].lower_ != "s" else " per second"
        end += 2
    return end, "quantity", unit
