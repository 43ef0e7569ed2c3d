"""Units after a number: percent ("5%", "5 per cent", "2 percentage points"), currency words
("50 euros") and measures ("80-yard", "300 km/h", "20 square metres", "30 degrees Celsius",
"450 lb-ft"), each possibly a rate ("5% a year", "$63 a share", "78,000 times a minute")."""

from __future__ import annotations

from newstrail import lexicon

PERCENT = lexicon.load("units")["percent"]
MEASURE = lexicon.load("units")["measures"]
CASED = lexicon.load("units")["cased"]
CURRENCY_AFTER = lexicon.load("currencies")["after"]
TEMPERATURE_SCALES = lexicon.load("units")["temperature_scales"]
RATES = lexicon.load("units")["rates"]
NOT_RATES = lexicon.words("units", "not_rates")


def unit_after(tokens, j: int, n: int) -> tuple[int, str, str] | None:
    """(end, kind, unit) for a unit right after the number (hyphen allowed: "80-yard")."""
    k = j
    if k < n and tokens[k].text in {"-", "–"} and tokens[k - 1].whitespace_ == "":
        k += 1
    if k >= n:
        return None
    lower = tokens[k].lower_
    if lower in PERCENT:
        found = _percent(tokens, k, n)
    elif lower == "percentage" and k + 1 < n and tokens[k + 1].lower_ == "points":
        found = k + 2, "quantity", "percentage point"
    elif lower in CURRENCY_AFTER and lower not in {"k", "grand", "p"}:
        found = k + 1, "money", CURRENCY_AFTER[lower]
    elif measure_name(tokens[k].text) is not None:
        if lower in {"m", "g", "x", "sq", "square"} and k == j and tokens[j - 1].whitespace_:
            if lower not in {"square", "sq"}:
                return None
        found = _measure(tokens, k, n)
    else:
        return None
    if found is None:
        return None
    end, kind, unit = found
    rate = rate_after(tokens, end, n)
    return (rate[0], kind, f"{unit} per {rate[1]}") if rate else found


def rate_after(tokens, k: int, n: int) -> tuple[int, str] | None:
    """(end, per what) for "per share", "a year", "an hour", "per square foot" at token k: the
    unit before is a rate. Not "a year ago/earlier" (a time) and not "per cent"."""
    if k + 1 >= n or tokens[k].lower_ not in {"per", "a", "an"}:
        return None
    word = tokens[k + 1].lower_
    if word not in RATES or (word == "cent" and tokens[k].lower_ == "per"):
        return None
    if tokens[k].lower_ != "per" and k + 2 < n and tokens[k + 2].lower_ in NOT_RATES:
        return None  # "up 5% a year earlier"
    if RATES[word] == "square":
        if k + 2 < n and tokens[k + 2].lower_ in MEASURE:
            return k + 3, "square " + MEASURE[tokens[k + 2].lower_]
        return None
    return k + 2, RATES[word]


def measure_name(text: str) -> str | None:
    """The unit a measure word or symbol names. A symbol whose case tells units apart is looked
    up as written first: "5G" is a network generation, not five grams; "Nm" newton metres."""
    return CASED.get(text) or MEASURE.get(text.lower())


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
    unit = measure_name(tokens[k].text)
    end = k + 1
    if unit == "basis point" and end < n and tokens[end].lower_ in {"point", "points"}:
        end += 1  # "25 basis points"
    elif unit == "nautical mile" and end < n and tokens[end].lower_ in {"mile", "miles"}:
        end += 1
    elif unit == "square" and end < n and tokens[end].lower_ in MEASURE:
        unit = "square " + MEASURE[tokens[end].lower_]
        end += 1
    if end + 1 < n and tokens[end].text == "/" and tokens[end + 1].lower_ in {"h", "hr", "hour", "s"}:
        unit += " per hour" if tokens[end + 1].lower_ != "s" else " per second"
        end += 2
    elif unit == "degree" and end < n and tokens[end].lower_ in TEMPERATURE_SCALES:
        unit = "degree " + TEMPERATURE_SCALES[tokens[end].lower_]  # "30 degrees Celsius", "1.2deg C"
        end += 1
    elif unit == "pound (weight)" and end + 1 < n and tokens[end].text == "-" and tokens[end + 1].lower_ == "ft":
        unit = "foot pound-force"  # "450 lb-ft" of torque
        end += 2
    return end, "quantity", unit
