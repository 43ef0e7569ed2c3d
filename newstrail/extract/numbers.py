"""Number expressions in a spaCy Doc: what number, what interval, what kind.

Why hand-written: spaCy's NER marks CARDINAL/QUANTITY/MONEY/PERCENT spans but gives no
value, misses bare numbers often ("104 have been killed") and mixes years and durations
into DATE; quantulum3 (installed only as the benchmark baseline) is slow, weak on number
words and hedges ("some", "over", "dozens"), and knows nothing about ages, identifiers or
phone numbers. So the scan below is a single left-to-right pass over the tokens driven by
small tables; spaCy's entity labels and POS tags are used only as hints, which also lets
it run on a tokenizer-only Doc (the headline, made with ``nlp.make_doc``).

``find_numbers(doc)`` returns :class:`NumberExpr` items. ``kind`` is one of
count, quantity (a measurement or duration with ``unit``), percent, money, fraction, age,
and the kinds that are *not* figures: year, date, time, ordinal, phone, identifier, score.

Conventions (each a class of news language, each covered by tests/test_numbers.py):
"one of the ..." counts one; "two out of five", "one in four" are fractions; "from A to B"
is ONE range (low/high, hedge "from-to", either direction), as are "between A and B" and
"5% to 7%" (a unit after the first number joins only when the second repeats it); a sign
written on the number ("-1.3%") is kept in the value and in ``sign``; "sub-300" is below
300; a bracketed conversion ("more than 100 km (60 miles)") carries the first hedge;
numbers naming a thing ("iPhone 12", "787 Dreamliner", "category 4", "Stoxx 50") are
identifiers; descending hyphen pairs ("won 3-1") are scores; "2014-15" is a season.
"""

from __future__ import annotations

from newstrail.nlp import doccache

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

NOT_FIGURES = {"year", "date", "time", "ordinal", "phone", "identifier", "score"}

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "mn": 1e6, "bn": 1e9, "m": 1e6, "b": 1e9, "k": 1e3, "tn": 1e12, "mil": 1e6,
          "m.": 1e6, "bn.": 1e9}
GLUED_SCALES = {"m", "bn", "k", "mn", "tn", "b", "mil", "m.", "bn."}
SCALE_WORDS = {"hundred", "thousand", "million", "billion", "trillion", "mn", "bn", "tn"}
# vague plurals: "dozens" = [24, 100), "tens of thousands" = [10 000, 100 000)
VAGUE = {"dozens": (24, 100), "tens": (10, 100), "scores": (40, 100), "hundreds": (100, 1000),
         "thousands": (1e3, 1e4), "millions": (1e6, 1e7), "billions": (1e9, 1e10)}
FRACTIONS = {"half": 0.5, "halves": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25,
             "quarters": 0.25, "fourth": 0.25, "fourths": 0.25, "fifth": 0.2, "fifths": 0.2,
             "sixth": 1 / 6, "sixths": 1 / 6, "eighth": 0.125, "eighths": 0.125, "tenth": 0.1,
             "tenths": 0.1}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                 "ninth", "tenth", "eleventh", "twelfth", "twentieth", "hundredth", "thousandth"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
          "sep", "sept", "oct", "nov", "dec", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.",
          "aug.", "sep.", "sept.", "oct.", "nov.", "dec."}
YEAR_CUES = {"in", "since", "by", "until", "till", "from", "before", "after", "of", "during",
             "through", "between", "around", "circa", "early", "late", "mid", "summer",
             "winter", "spring", "autumn", "fall", "year", "season", "class"}
# words before a number that make it a name/identifier, not an amount
ID_WORDS = {"section", "row", "room", "game", "route", "highway", "flight", "article", "chapter",
            "channel", "no", "no.", "number", "planet", "level", "grade", "bill", "resolution",
            "amendment", "interstate", "bus", "platform", "gate", "apartment", "apt", "apt.",
            "suite", "unit", "box", "page", "act", "vol", "vol.", "ward", "district", "precinct",
            "lot", "block", "building", "category", "phase", "stage", "week", "round", "year",
            "covid", "covid-", "iphone", "windows", "galaxy", "boeing", "airbus", "model", "f-",
            "episode", "season", "version", "v", "pixel", "xbox", "ps", "mk", "fifa", "apollo",
            "code", "class", "division", "paragraph", "clause", "item", "exhibit", "figure",
            "table", "track", "lane", "pier", "hall", "tower", "terminal", "street", "avenue",
            "p", "s&p", "ftse", "stoxx", "dax", "nikkei", "cac", "hang", "sensex"}
# of those, the words that name a numbered thing even in lower case ("a category 4 storm",
# "room 12", "flight 370"); "week 3", "year 2", "unit 4" are left out (too often a count follows)
ID_WORDS_LOWER = {"section", "row", "room", "route", "highway", "flight", "chapter", "channel",
                  "platform", "gate", "apartment", "suite", "page", "paragraph", "clause",
                  "episode", "version", "phase", "interstate", "exhibit", "pier", "terminal",
                  "precinct", "ward", "article", "amendment", "resolution", "category", "no.",
                  "nos.", "#"}
CURRENCY_BEFORE = {"$": "dollar", "us$": "dollar", "c$": "dollar", "a$": "dollar", "£": "pound",
                   "€": "euro", "¥": "yen", "₹": "rupee", "rs": "rupee", "rs.": "rupee",
                   "usd": "dollar", "eur": "euro", "gbp": "pound", "₽": "rouble", "chf": "franc",
                   "ps": "pound", "hk$": "dollar", "hk": "dollar"}
CURRENCY_AFTER = {"dollar": "dollar", "dollars": "dollar", "euro": "euro", "euros": "euro",
                  "pound": "pound", "pounds": "pound", "yen": "yen", "yuan": "yuan",
                  "rupees": "rupee", "rubles": "rouble", "roubles": "rouble", "rouble": "rouble",
                  "ruble": "rouble", "francs": "franc", "pesos": "peso", "cents": "cent",
                  "cent": "cent", "pence": "pence", "p": "pence", "usd": "dollar",
                  "eur": "euro", "bucks": "dollar", "grand": "dollar", "k": "dollar"}
PERCENT = {"%": "percent", "percent": "percent", "pct": "percent", "per": "percent"}
MEASURE = {  # unit word -> normalised unit
    "yard": "yard", "yards": "yard", "yd": "yard", "mile": "mile", "miles": "mile",
    "km": "kilometre", "kilometre": "kilometre", "kilometres": "kilometre",
    "kilometer": "kilometre", "kilometers": "kilometre", "metre": "metre", "metres": "metre",
    "meter": "metre", "meters": "metre", "m": "metre", "feet": "foot", "foot": "foot",
    "ft": "foot", "inch": "inch", "inches": "inch", "cm": "centimetre", "mm": "millimetre",
    "kg": "kilogram", "kilograms": "kilogram", "kilos": "kilogram", "grams": "gram",
    "g": "gram", "lb": "pound", "lbs": "pound", "tons": "tonne", "tonnes": "tonne",
    "ton": "tonne", "tonne": "tonne", "litre": "litre", "litres": "litre", "liter": "litre",
    "liters": "litre", "gallons": "gallon", "gallon": "gallon", "barrels": "barrel",
    "barrel": "barrel", "mph": "mile per hour", "kph": "kilometre per hour",
    "hp": "horsepower", "bhp": "horsepower", "horsepower": "horsepower", "kw": "kilowatt",
    "mw": "megawatt", "gw": "gigawatt", "kwh": "kilowatt hour", "watts": "watt",
    "degrees": "degree", "degree": "degree", "°": "degree", "°c": "degree celsius",
    "°f": "degree fahrenheit", "acres": "acre", "acre": "acre", "hectares": "hectare",
    "sq": "square", "square": "square", "mb": "megabyte", "gb": "gigabyte", "tb": "terabyte",
    "ghz": "gigahertz", "mhz": "megahertz", "mp": "megapixel", "mah": "milliampere hour",
    "points": "point", "point": "point", "basis": "basis point", "bps": "basis point",
    "seconds": "second", "second": "second", "minutes": "minute", "minute": "minute",
    "mins": "minute", "hours": "hour", "hour": "hour", "hrs": "hour", "days": "day",
    "day": "day", "weeks": "week", "week": "week", "months": "month", "month": "month",
    "years": "year", "year": "year", "yrs": "year", "decades": "decade", "decade": "decade",
    "centuries": "century", "century": "century", "nights": "night", "night": "night",
    "times": "times", "fold": "times", "x": "times", "laps": "lap", "goals": None,
    "ml": "millilitre", "cl": "centilitre", "hz": "hertz", "khz": "kilohertz", "mpa": "megapascal",
    "kpa": "kilopascal", "psi": "pound per square inch", "ksi": "kilopound per square inch",
    "deg": "degree", "degf": "degree fahrenheit", "degc": "degree celsius", "″": "inch",
    "mpg": "mile per gallon", "mg": "milligram", "mcg": "microgram", "m2": "square metre", "km2": "square kilometre",
    "cm2": "square centimetre", "sqm": "square metre", "sqft": "square foot",
}
MEASURE = {k: v for k, v in MEASURE.items() if v}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade",
                  "century", "night"}
# hedges before the number: tokens (lowercase) -> (hedge, relation)
# relation: ">" low exclusive, ">=" low inclusive, "<" high exclusive, "<=" high
# inclusive, "~" approximate, "~<" approximately and at most ("nearly")
HEDGES = {
    ("more", "than"): ("more than", ">"), ("over",): ("over", ">"), ("above",): ("over", ">"),
    ("upwards", "of"): ("over", ">"), ("in", "excess", "of"): ("over", ">"),
    ("exceeding",): ("over", ">"), ("at", "least"): ("at least", ">="),
    ("no", "fewer", "than"): ("at least", ">="), ("no", "less", "than"): ("at least", ">="),
    ("as", "many", "as"): ("up to", "<="), ("as", "much", "as"): ("up to", "<="),
    ("up", "to"): ("up to", "<="), ("at", "most"): ("up to", "<="),
    ("no", "more", "than"): ("up to", "<="), ("less", "than"): ("less than", "<"),
    ("fewer", "than"): ("less than", "<"), ("under",): ("less than", "<"),
    ("below",): ("less than", "<"), ("nearly",): ("nearly", "~<"), ("almost",): ("nearly", "~<"),
    ("close", "to"): ("nearly", "~<"), ("just", "under"): ("less than", "<"),
    ("lower", "than"): ("less than", "<"), ("higher", "than"): ("more than", ">"),
    ("greater", "than"): ("more than", ">"), ("larger", "than"): ("more than", ">"),
    ("just", "below"): ("less than", "<"), ("≈",): ("about", "~"), ("~",): ("about", "~"),
    ("about",): ("about", "~"), ("around",): ("about", "~"), ("approximately",): ("about", "~"),
    ("roughly",): ("about", "~"), ("some",): ("some", "~"), ("an", "estimated"): ("about", "~"),
    ("estimated",): ("about", "~"), ("approx",): ("about", "~"), ("approx.",): ("about", "~"),
    ("circa",): ("about", "~"), ("or", "so"): ("about", "~"), ("just", "over"): ("over", ">"),
}
HEDGE_MAX = max(len(k) for k in HEDGES)
POST_HEDGES = {("or", "more"): ("at least", ">="), ("or", "so"): ("about", "~"),
               ("plus",): ("at least", ">="), ("or", "fewer"): ("up to", "<="),
               ("or", "less"): ("up to", "<=")}
RANGE_JOINERS = {"to", "-", "–", "—"}
DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)(k|m|mn|bn|b|tn|mil)$", re.I)
UNIT_SUFFIXED = re.compile(r"^(\d+(?:\.\d+)?)([a-z°″]+\d?)$", re.I)
# a sign written on the number ("-1.3%", "+0.4%", "−2"): only where the sign starts the token
SIGNED = re.compile(r"^([-+−])((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
# "minus-1.4", "sub-300": a negative value; "below" (sub-Saharan has no digits)
PREFIXED = re.compile(r"^(minus|sub)-((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$", re.I)
# a currency code written on the number: "EUR50m", "USD1,700", "RM3.06mil", "PS6" (the £ sign as
# some feeds transliterate it), "Y=100" (¥ likewise); "US160" only right after a "$"
CUR_GLUED = re.compile(r"^(US\$|\$US|HK\$|S\$|A\$|C\$|NZ\$|EUR|USD|GBP|AUD|CAD|CHF|JPY|INR|RMB|PS|RM|"
                       r"Rs\.?|Y=|US)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|mn|bn|b|tn|mil)?$")
CUR_CODES = {"US$": "dollar", "$US": "dollar", "HK$": "dollar", "S$": "dollar", "A$": "dollar",
             "C$": "dollar", "NZ$": "dollar", "EUR": "euro", "USD": "dollar", "GBP": "pound",
             "AUD": "dollar", "CAD": "dollar", "CHF": "franc", "JPY": "yen", "INR": "rupee",
             "RMB": "yuan", "PS": "pound", "RM": "ringgit", "Rs": "rupee", "Rs.": "rupee",
             "Y=": "yen", "US": "dollar"}
# ISO dates and timestamps ("2019-09-01", "2019-09-01T10:38:07.190Z") are dates, whatever
# the tokenizer makes of them
ISO_DATE = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?(?![\d-])")
HAS_DIGIT = re.compile(r"\d")
ORDINAL_DIGITS = re.compile(r"^\d+(?:st|nd|rd|th)$", re.I)
THREE_DIGITS = re.compile(r"^\d{3}$")
PHONE = re.compile(r"(?<![\d.])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[-.\s])?\d{3}[-.]\d{4}(?!\d)")
CLOCK = re.compile(r"^\d{1,2}[:.]\d{2}$")
AGE_BEFORE = {"aged", "age", "ages"}


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


def _word_value(lower: str) -> tuple[str, float] | None:
    if lower in UNITS_WORDS:
        return "num", UNITS_WORDS[lower]
    if lower in SCALE_WORDS:
        return "scale", SCALES[lower]
    if lower == "dozen":
        return "dozen", 12
    return None


def _sign_ok(tok: Token) -> bool:
    """A leading sign belongs to the number only when the token starts a word ("2 -1" not "3-1")."""
    return tok.i == 0 or bool(tok.doc[tok.i - 1].whitespace_) or tok.doc[tok.i - 1].text in {"(", "/"}


def glued_currency(tok: Token) -> tuple[str, float] | None:
    """(currency, value) for a currency code written on the number: "EUR50m", "USD1,700"."""
    m = CUR_GLUED.match(tok.text)
    if m is None:
        return None
    code, num, scale = m.groups()
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    if code == "US" and not (tok.i > 0 and doc[tok.i - 1].text == "$"):
        return None
    if code in {"PS", "US"} and not (scale or "," in num or "." in num or nxt in SCALES):
        return None  # "PS5" is a console; "PS6m", "PS21,700" are sums
    value = float(num.replace(",", "")) * (SCALES[scale.lower()] if scale else 1)
    return CUR_CODES[code], value


def token_number(tok: Token) -> tuple[str, float] | None:
    """('num', v) for a digit or number word, ('scale', f) for hundred/million..."""
    text = tok.text
    if DIGITS.match(text):
        return "num", float(text.replace(",", ""))
    m = SUFFIXED.match(text)
    if m:
        return "num", float(m.group(1)) * SCALES[m.group(2).lower()]
    if text[:1] in "+-−" and len(text) > 1:
        m = SIGNED.match(text)
        if m and _sign_ok(tok):
            v = float(m.group(2).replace(",", ""))
            return "num", v if m.group(1) == "+" else -v
    if text[:1].isalpha() and HAS_DIGIT.search(text):
        m = PREFIXED.match(text)
        if m:
            v = float(m.group(2).replace(",", ""))
            return "num", -v if m.group(1).lower() == "minus" else v
        g = glued_currency(tok)
        if g:
            return "num", g[1]
    lower = tok.lower_
    if "-" in lower and lower.count("-") == 1:  # "twenty-five" kept as one token
        a, b = lower.split("-")
        if a in UNITS_WORDS and b in UNITS_WORDS and UNITS_WORDS[a] >= 20 and UNITS_WORDS[b] < 10:
            return "num", UNITS_WORDS[a] + UNITS_WORDS[b]
    return _word_value(lower)


def combine(parts: list[tuple[str, float]]) -> float:
    """Value of a number phrase: [('num', 4), ('scale', 100), ('num', 50)] -> 450."""
    total, current = 0.0, 0.0
    for kind, v in parts:
        if kind == "num":
            current += v
        elif kind == "dozen":
            current = (current or 1) * 12
        elif v == 100:
            current = (current or 1) * 100
        else:
            total += (current or 1) * v
            current = 0.0
    return total + current


def _match_phrase(tokens, i: int, n: int) -> tuple[int, list[tuple[str, float]], bool] | None:
    """Longest number phrase starting at token i: (end, parts, has_scale)."""
    parts: list[tuple[str, float]] = []
    j = i
    has_scale = False
    while j < n:
        tok = tokens[j]
        tn = token_number(tok)
        if tn is None and parts and tok.lower_ in GLUED_SCALES and tokens[j - 1].whitespace_ == "" \
                and len(parts) == 1 and parts[0][0] == "num":
            tn = ("scale", SCALES[tok.lower_])  # "$13.6M", "4.3bn", "PS6m"
        if tn is None:
            lower = tok.lower_
            # "a dozen", "a hundred", "a million"
            if not parts and lower in {"a", "one"} and j + 1 < n and tokens[j + 1].lower_ in (SCALE_WORDS | {"dozen"}):
                parts.append(("num", 1))
                j += 1
                continue
            # "twenty - five", "four hundred and fifty"
            if parts and lower in {"-", "and"} and j + 1 < n and not tok.whitespace_ == "\n":
                nxt = token_number(tokens[j + 1])
                prev = parts[-1]
                if nxt and nxt[0] == "num" and not DIGITS.match(tokens[j + 1].text):
                    if (lower == "-" and prev[0] == "num" and prev[1] >= 20 and nxt[1] < 10
                            and not DIGITS.match(tokens[j - 1].text)) or \
                            (lower == "and" and prev[0] == "scale" and nxt[1] < 100):
                        j += 1
                        continue
            break
        kind, v = tn
        if parts and tok.text[:1] in "+-−":
            break  # "Stoxx 50 -1.3%": a signed number starts a new figure
        if parts:
            prev_tok = tokens[j - 1]
            if kind == "num" and DIGITS.match(tok.text):
                # "15 000": a group of three digits after a 1-3 digit group, one space apart
                if not (THREE_DIGITS.match(tok.text) and re.match(r"^\d{1,3}$", prev_tok.text)
                        and prev_tok.whitespace_ == " " and len(parts) == 1 and parts[0][0] == "num"):
                    break
                parts[-1] = ("num", parts[-1][1] * 1000 + v)
                j += 1
                continue
            if kind == "num" and parts[-1][0] == "num" and not (parts[-1][1] >= 20 and v < 10 and parts[-1][1] % 10 == 0 and parts[-1][1] < 100):
                break
        elif kind == "scale" and tok.lower_ in SCALE_WORDS:
            return None  # a bare "million" is not a number phrase start
        if kind in {"scale", "dozen"}:
            has_scale = True
        parts.append((kind, v))
        j += 1
    if not parts:
        return None
    return j, parts, has_scale


def _hedge_before(tokens, i: int, floor: int) -> tuple[int, str, str] | None:
    for size in range(HEDGE_MAX, 0, -1):
        s = i - size
        if s < floor:
            continue
        key = tuple(t.lower_ for t in tokens[s:i])
        if key in HEDGES:
            return s, *HEDGES[key]
    return None


def _unit_after(tokens, j: int, n: int) -> tuple[int, str, str] | None:
    """(end, kind, unit) for a unit right after the number (hyphen allowed: "80-yard")."""
    k = j
    if k < n and tokens[k].text in {"-", "–"} and tokens[k - 1].whitespace_ == "":
        k += 1
    if k >= n:
        return None
    lower = tokens[k].lower_
    if lower in PERCENT:
        if lower == "per":
            if k + 1 < n and tokens[k + 1].lower_ == "cent":
                return k + 2, "percent", "percent"
            return None
        if k + 1 < n and tokens[k + 1].lower_ == "points" and tokens[k].lower_ != "%":
            return k + 2, "quantity", "percentage point"
        return k + 1, "percent", "percent"
    if lower == "percentage" and k + 1 < n and tokens[k + 1].lower_ == "points":
        return k + 2, "quantity", "percentage point"
    if lower in CURRENCY_AFTER and lower not in {"k", "grand", "p"}:
        return k + 1, "money", CURRENCY_AFTER[lower]
    if lower in MEASURE:
        if lower in {"m", "g", "x", "sq", "square"} and k == j and tokens[j - 1].whitespace_:
            if lower not in {"square", "sq"}:
                return None
        unit = MEASURE[lower]
        end = k + 1
        if unit == "square" and end < n and tokens[end].lower_ in MEASURE:
            unit = "square " + MEASURE[tokens[end].lower_]
            end += 1
        if end + 1 < n and tokens[end].text == "/" and tokens[end + 1].lower_ in {"h", "hr", "hour", "s"}:
            unit += " per hour" if tokens[end + 1].lower_ != "s" else " per second"
            end += 2
        return end, "quantity", unit
    return None


def _is_age(tokens, i: int, j: int, n: int, end: int) -> int | None:
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
        tok = tokens[i]
        lower = tok.lower_
        first_char = lower[:1]
        if not (first_char.isdigit() or first_char in {".", "+", "−"} or lower in UNITS_WORDS
                or lower in FRACTIONS or lower in VAGUE or lower in {"a", "one", "half"}
                or lower in ORDINAL_WORDS or "-" in lower or HAS_DIGIT.search(lower)):
            i += 1
            continue
        expr = _scan_at(tokens, i, n, masks, parsed)
        if expr is None:
            i += 1
            continue
        if expr.kind == "fraction" and expr.hedge is None:  # "nearly two-thirds", "about half"
            h = _hedge_before(tokens, expr.start - offset, 0)
            if h is not None:
                value = expr.value
                expr = _make(tokens, h[0], expr.end - offset, expr.num_start - offset,
                             expr.num_end - offset, "fraction", hedge=h[1])
                _set_relation(expr, value, h[2])
        if offset:
            expr.start += offset
            expr.end += offset
            expr.num_start += offset
            expr.num_end += offset
        out.append(expr)
        i = max(expr.end - offset, i + 1)
    _conversions(tokens, out, offset)
    return out



def _conversions(tokens, exprs: list[NumberExpr], offset: int) -> None:
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
            _set_relation(b, b.value, a.relation)
            b.hedge = a.hedge
            inside.add(k + 1)


def _set_relation(expr: NumberExpr, value: float, relation: str) -> None:
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


def _in_ranges(char: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= char < b for a, b in ranges)


def _make(tokens, start, end, nstart, nend, kind, **kw) -> NumberExpr:
    s_char = tokens[start].idx
    e_char = tokens[end - 1].idx + len(tokens[end - 1].text)
    text = "".join(t.text_with_ws for t in tokens[start:end - 1]) + tokens[end - 1].text
    return NumberExpr(start=tokens[start].i, end=tokens[end - 1].i + 1, num_start=tokens[nstart].i,
                      num_end=tokens[nend - 1].i + 1, text=text, start_char=s_char,
                      end_char=e_char, kind=kind, **kw)


def _glued(a: Token, b: Token) -> bool:
    """Whether ``b`` follows ``a`` with no space between ("2014-15", "3-1")."""
    return a.whitespace_ == "" and b.i == a.i + 1


def _plain_int(tok: Token) -> bool:
    return tok.text.isdigit()


def _plural(tok: Token) -> bool:
    if tok.tag_:
        return tok.tag_ in {"NNS", "NNPS"}
    return tok.is_alpha and tok.lower_.endswith("s")


def _is_year_like(tok: Token) -> bool:
    return bool(re.match(r"^\d{4}$", tok.text)) and 1800 <= int(tok.text) <= 2100


def _second_number(tokens, k: int, n: int):
    """(end, value, has_scale, start) of a number phrase at k, a currency sign allowed first."""
    if k < n and (tokens[k].lower_ in CURRENCY_BEFORE or tokens[k].text == "$"):
        k += 1
    if k >= n:
        return None
    m = _match_phrase(tokens, k, n)
    if m is None:
        return None
    j2, parts2, has_scale2 = m
    return j2, combine(parts2), has_scale2, parts2, k


def _scan_at(tokens, i: int, n: int, masks, parsed: bool) -> NumberExpr | None:
    phone_chars, iso_chars = masks
    tok = tokens[i]
    lower = tok.lower_
    prev = tokens[i - 1] if i > 0 else None
    prev_lower = prev.lower_ if prev is not None else ""
    if iso_chars and _in_ranges(tok.idx, iso_chars):  # "2019-09-01T10:38Z"
        j = i
        while j + 1 < n and _in_ranges(tokens[j + 1].idx, iso_chars):
            j += 1
        return _make(tokens, i, j + 1, i, j + 1, "date")
    # ordinals: "22nd", "third" (unless a fraction: "a third of", "two thirds")
    if ORDINAL_DIGITS.match(tok.text):
        return _make(tokens, i, i + 1, i, i + 1, "ordinal")
    if lower in FRACTIONS or (lower in ORDINAL_WORDS and lower not in FRACTIONS):
        if lower in FRACTIONS and lower.startswith("half"):
            start = i - 1 if prev_lower in {"a", "one"} else i
            return _make(tokens, start, i + 1, start, i + 1, "fraction", value=0.5)
        if lower in FRACTIONS and prev_lower == "-" and i > 1 and token_number(tokens[i - 2]) \
                and tokens[i - 2].whitespace_ == "" and prev.whitespace_ == "":  # "two-thirds"
            return _make(tokens, i - 2, i + 1, i - 2, i + 1, "fraction",
                         value=token_number(tokens[i - 2])[1] * FRACTIONS[lower])
        if lower in FRACTIONS and prev is not None and (prev_lower in {"a", "one"} or token_number(prev)) \
                and (lower.endswith("s") or (i + 1 < n and tokens[i + 1].lower_ == "of")):
            mult = 1.0 if prev_lower in {"a", "one"} else (token_number(prev) or ("num", 1))[1]
            return _make(tokens, i - 1, i + 1, i - 1, i + 1, "fraction", value=mult * FRACTIONS[lower])
        if lower in ORDINAL_WORDS:
            return _make(tokens, i, i + 1, i, i + 1, "ordinal")
        return None
    # clock times and phone numbers
    if CLOCK.match(tok.text) and (tok.ent_type_ == "TIME" or ":" in tok.text):
        return _make(tokens, i, i + 1, i, i + 1, "time")
    if _in_ranges(tok.idx, phone_chars):
        j = i
        while j + 1 < n and _in_ranges(tokens[j + 1].idx, phone_chars):
            j += 1
        return _make(tokens, i, j + 1, i, j + 1, "phone")
    # vague plurals: "dozens", "hundreds of thousands"
    if lower in VAGUE:
        lo, hi = VAGUE[lower]
        j = i + 1
        if lower == "tens" and not (j + 1 < n and tokens[j].lower_ == "of" and tokens[j + 1].lower_ in VAGUE):
            return None
        if j + 1 < n and tokens[j].lower_ == "of" and tokens[j + 1].lower_ in VAGUE and tokens[j + 1].lower_ != "dozens":
            lo2 = VAGUE[tokens[j + 1].lower_][0]
            lo, hi = lo * lo2, hi * lo2
            j += 2
        start = i
        hedge = None
        h = _hedge_before(tokens, i, 0)
        if h:
            start, hedge, _ = h
        kind, unit = "count", None
        u = _unit_after(tokens, j, n) if not (j < n and tokens[j].lower_ == "of") else None
        if j + 1 < n and tokens[j].lower_ == "of":
            u = _unit_after(tokens, j + 1, n)
            if u and u[1] != "money":
                u = None
        if u:
            j, kind, unit = u
        return _make(tokens, start, j, i, i + 1, kind, low=lo, high=hi, high_inclusive=False,
                     approximate=True, hedge=hedge, unit=unit, relation="~")
    # a number word in title case inside a sentence is part of a name: "Apple One",
    # "the Kick Six", "Formula One" (only in parsed text; headlines are all title case)
    if parsed and tok.is_title and tok.is_alpha and prev is not None and not tok.is_sent_start \
            and prev.text[:1].isupper() and prev.is_alpha and prev_lower not in MONTHS | WEEKDAYS \
            and not (i + 1 < n and tokens[i + 1].is_title):
        return None
    # currency symbol before, or a currency code written on the number
    currency = None
    cur_start = i
    if prev is not None and prev_lower in CURRENCY_BEFORE:
        currency = CURRENCY_BEFORE[prev_lower]
        cur_start = i - 1
    if tok.text[:1].isalpha():
        g = glued_currency(tok)
        if g:
            currency = g[0] if g[0] != "dollar" or currency is None else currency
    m = _match_phrase(tokens, i, n)
    if m is None:
        m2 = UNIT_SUFFIXED.match(tok.text)  # "640bhp", "5G", "164p"
        if m2 and m2.group(2).lower() == "pc":
            return _make(tokens, i, i + 1, i, i + 1, "percent", value=float(m2.group(1)), unit="percent")
        if m2 and m2.group(2) == "p" and prev_lower not in ID_WORDS:  # "164p": pence
            return _make(tokens, i, i + 1, i, i + 1, "money", value=float(m2.group(1)), unit="pence")
        if m2 and m2.group(2).lower() in MEASURE:
            expr = _make(tokens, i, i + 1, i, i + 1, "quantity", value=float(m2.group(1)),
                         unit=MEASURE[m2.group(2).lower()])
            h = _hedge_before(tokens, i, 0)
            if h:
                expr = _make(tokens, h[0], i + 1, i, i + 1, "quantity", unit=expr.unit, hedge=h[1])
                _set_relation(expr, float(m2.group(1)), h[2])
            return expr
        return None
    j, parts, has_scale = m
    if len(parts) == 1 and parts[0] == ("num", 1) and tokens[i].lower_ in {"a"}:
        return None
    value = combine(parts)
    is_digits = DIGITS.match(tok.text) is not None
    nxt = tokens[j] if j < n else None
    nxt_lower = nxt.lower_ if nxt is not None else ""
    # "two-thirds", "two thirds", "one fourth"
    k = j + 1 if nxt_lower == "-" and tok.whitespace_ == "" else j
    if k < n and tokens[k].lower_ in FRACTIONS and (tokens[k].lower_.endswith("s") or value == 1) and not has_scale:
        return _make(tokens, i, k + 1, i, k + 1, "fraction", value=value * FRACTIONS[tokens[k].lower_])
    # "one out of three", "nine in ten": a proportion
    if not has_scale and nxt_lower in {"out", "in"} and value == int(value):
        k = j + 2 if nxt_lower == "out" and j + 1 < n and tokens[j + 1].lower_ == "of" else j + 1
        if nxt_lower == "in" or k == j + 2:
            m3 = _match_phrase(tokens, k, n) if k < n else None
            if m3 is not None and not _is_year_like(tokens[k]):
                den = combine(m3[1])
                if den > value and den == int(den):
                    return _make(tokens, i, m3[0], i, m3[0], "fraction", value=value / den)
    # "one" as a pronoun ("the one", "one another", "the same one") is not a figure;
    # "one of the ..." counts one (the gold standard's convention and plain arithmetic)
    if lower == "one" and j == i + 1 and (nxt_lower in {"another", ",", ".", "who", "that"}
                                         or prev_lower in {"the", "this", "that", "no", "any", "every",
                                                           "each", "same", "which", "someone", "anyone"}):
        return None
    if lower in {"a"} and not has_scale:
        return None
    # dates: next to a month name, or inside a DATE entity that names a month
    near = {prev_lower, nxt_lower}
    if is_digits and len(parts) == 1 and (near & MONTHS) and value <= 31 and value == int(value):
        return _make(tokens, i, j, i, j, "date")
    # years: four plain digits in 1800-2100; "2014-15", "2014/2015" seasons and spans
    if is_digits and len(parts) == 1 and _is_year_like(tok) and currency is None:
        plural_noun = nxt is not None and nxt.tag_ == "NNS" and nxt.lower_ not in MEASURE and tok.ent_type_ != "DATE"
        after_month = i > 1 and prev_lower == "," and tokens[i - 2].lower_ in MONTHS
        if not plural_noun or prev_lower in YEAR_CUES or near & MONTHS or after_month:
            end = j
            if j + 1 < n and nxt.text in {"-", "–", "/"} and _glued(tok, nxt) and _glued(nxt, tokens[j + 1]) \
                    and re.match(r"^(\d{2}|\d{4})$", tokens[j + 1].text):
                end = j + 2
            return _make(tokens, i, end, i, end, "year")
    if is_digits and prev_lower == "'" and len(tok.text) == 2:  # '90s
        return _make(tokens, i - 1, j, i, j, "year")
    if is_digits and nxt_lower == "s" and nxt is not None and tok.whitespace_ == "":
        return _make(tokens, i, j + 1, i, j, "year")  # 1990s
    if is_digits and nxt_lower in {"a.m.", "p.m.", "am", "pm", "gmt", "bst", "et", "o'clock"}:
        return _make(tokens, i, j + 1, i, j, "time")
    # a score or result: "won 3-1", "a 9-2 lead" (a range runs upwards: "14-18")
    if _plain_int(tok) and len(parts) == 1 and j + 1 < n and nxt.text in {"-", "–"} and _glued(tok, nxt) \
            and _glued(nxt, tokens[j + 1]) and _plain_int(tokens[j + 1]) and value >= int(tokens[j + 1].text) \
            and value < 100 and _hedge_before(tokens, i, 0) is None and _unit_after(tokens, j + 2, n) is None:
        return _make(tokens, i, j + 2, i, j + 2, "score")
    # identifiers: "Section 427", "Game 2", "iPhone 12 Mini", "HIV 2 drug", "787 Dreamliner"
    if prev is not None and currency is None and is_digits and len(parts) == 1:
        ident = _identifier(tokens, i, j, n, prev, nxt, parsed)
        if ident is not None:
            return ident
        if tok.whitespace_ == "" and nxt is not None and nxt.text in {"-", "/"} and j + 1 < n \
                and DIGITS.match(tokens[j + 1].text) and (prev_lower in {"-", "/"} or nxt.text == "/"):
            return _make(tokens, i, j + 2, i, j + 2, "identifier")  # 24/7, 3-2-1
    # age
    age_end = _is_age(tokens, i, j, n, j)
    if age_end is not None and value < 130:
        return _age(tokens, i, j, n, age_end, value)
    # the interval: hedge before, range after
    start = cur_start
    hedge, relation = None, "="
    h = _hedge_before(tokens, cur_start, 0)
    between = False
    if h:
        start, hedge, relation = h
    elif cur_start > 0 and tokens[cur_start - 1].lower_ == "between":
        between = True
        start = cur_start - 1
    if PREFIXED.match(tok.text) and tok.lower_.startswith("sub-") and hedge is None:
        hedge, relation = "less than", "<"  # "sub-300 sq m offices"
    from_to = start > 0 and tokens[start - 1].lower_ == "from"
    end = j
    range_val = None
    unit_first = _unit_after(tokens, j, n)
    # the joiner right after the number, or after its unit ("5% to 7%", "5 to 7 per cent")
    for after in ([j] + ([unit_first[0]] if unit_first else [])):
        if range_val is not None or after + 1 >= n:
            continue
        joiner = tokens[after].lower_
        if not (joiner in {"and", "to", "-", "–"} if between else joiner in RANGE_JOINERS):
            continue
        r = _range_to(tokens, after + 1, n, value, has_scale, tok, from_to)
        u2 = _unit_after(tokens, r[0], n) if r is not None else None
        # after a unit the second number must repeat it ("5% to 7%"; not "rose 2% to 7,400")
        if r is not None and (after == j or (u2 is not None and u2[2] == unit_first[2])):
            range_val, end = r[1], r[0]
            from_to = from_to and joiner == "to"  # "from about 14-18 mpg" is no from-to range
    if range_val is None and from_to:
        # "from 20 miles per gallon in 2008 to 29 mpg": "to" a few words on, same clause
        for k in range(j, min(n, j + 8)):
            t = tokens[k]
            if t.is_punct and t.text not in {"-", "/"} or t.lower_ in {"from", "and", "but", "while"}:
                break
            if t.lower_ == "to" and k > j:
                r = _range_to(tokens, k + 1, n, value, has_scale, tok, True)
                if r is not None:
                    range_val, end = r[1], r[0]
                break
    if range_val is None:
        from_to = False
    if range_val is None and between:
        start = cur_start  # "between" without a second number: not a range
    if range_val is not None and from_to and hedge is None:
        start = start - 1
    kind, unit = "count", None
    if currency:
        kind, unit = "money", currency
    u = _unit_after(tokens, end, n)
    if u:
        end2, ukind, uunit = u
        if not (currency and ukind == "money"):
            if currency is None or ukind == "percent":
                kind, unit = ukind, uunit
            end = end2
        else:
            end = end2
    elif range_val is not None and unit_first and currency is None:
        kind, unit = unit_first[1], unit_first[2]
    # post hedges: "40 or more"
    for key, (ph, prel) in POST_HEDGES.items():
        if tuple(t.lower_ for t in tokens[end:end + len(key)]) == key and hedge is None:
            hedge, relation = ph, prel
            end += len(key)
            break
    expr = _make(tokens, start, end, cur_start if currency else i, j if range_val is None else end, kind,
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
    _set_relation(expr, value, relation)
    return expr


def _range_to(tokens, k: int, n: int, value: float, has_scale: bool, first: Token, descending_ok: bool):
    """(end, (v1, v2)) when a second number starts at k and makes a range with the first."""
    second = _second_number(tokens, k, n)
    if second is None:
        return None
    j2, v2, has_scale2, parts2, k2 = second
    v1 = value
    if has_scale2 and not has_scale:  # "between three and four thousand", "5 to 7 million"
        scale = max(v for kd, v in parts2 if kd in {"scale", "dozen"})
        mantissa = v2 / scale
        if v1 < scale and v1 <= mantissa * 10:  # not "$800,000 to $1.3 million"
            v1 *= scale
    if _is_year_like(tokens[k2]) and (_is_year_like(first) or not descending_ok):
        return None  # "1990 to 2000" is a time span; "from 1000 to 2000 hires" is a range
    if v1 < v2 or (descending_ok and v1 != v2):
        return j2, (v1, v2)
    return None


def _identifier(tokens, i: int, j: int, n: int, prev: Token, nxt: Token | None, parsed: bool):
    """A number that names something rather than counting it, or None."""
    prev_lower = prev.lower_
    has_upper = prev.text != prev.lower_
    if (prev_lower in ID_WORDS and has_upper) or prev_lower in ID_WORDS_LOWER:
        end = j
        while end + 1 < n and tokens[end].text in {"-", "/"} and _glued(tokens[end - 1], tokens[end]) \
                and _glued(tokens[end], tokens[end + 1]) and tokens[end + 1].text.isalnum():
            end += 2  # "ISO 3888-2", "Route 9/11"
        return _make(tokens, i - 1, end, i, end, "identifier")
    hedged = _hedge_before(tokens, i, 0) is not None
    if has_upper and prev.is_alpha or prev_lower in {"s&p"}:
        if prev_lower in MONTHS | WEEKDAYS or hedged or prev.is_sent_start or prev_lower in CURRENCY_BEFORE:
            return None
        unit_next = _unit_after(tokens, j, n) is not None
        if parsed:
            # a count takes a plural noun ("Chechnya 405 people" is rare; "Stoxx 50 fell" is common)
            counted = nxt is not None and (_plural(nxt) or nxt.lower_ in {"of", "per", "percent"}
                                           or nxt.lower_ in SCALES)
            if _plain_int(tokens[i]) and not counted and not unit_next:
                end = j
                while end + 1 < n and tokens[end].text in {"-", "/"} and _glued(tokens[end - 1], tokens[end]) \
                        and _glued(tokens[end], tokens[end + 1]) and tokens[end + 1].text.isalnum():
                    end += 2
                return _make(tokens, i - 1, end, i, end, "identifier")
        else:
            noun_next = nxt is not None and nxt.is_alpha and nxt.lower_ not in {"and", "or"}
            if not noun_next and not unit_next:
                return _make(tokens, i - 1, j, i, j, "identifier")
    # "787 Dreamliner", "575 Wilbraham Road": a singular proper name after a number above one
    if parsed and nxt is not None and nxt.tag_ == "NNP" and nxt.is_title and _plain_int(tokens[i]) \
            and int(tokens[i].text) > 1 and nxt.lower_ not in MONTHS | WEEKDAYS | set(MEASURE) | set(CURRENCY_AFTER) \
            and not hedged and not (j + 1 < n and _plural(tokens[j + 1])):
        return _make(tokens, i, j + 1, i, j, "identifier")
    return None


def _age(tokens, i, j, n, age_end, value) -> NumberExpr:
    """An age, or an age band ("aged 25 to 54")."""
    if age_end == j and j + 1 < n and tokens[j].lower_ in {"to", "-", "–", "and"}:
        m = _match_phrase(tokens, j + 1, n)
        if m is not None and combine(m[1]) > value:
            expr = _make(tokens, i, m[0], i, m[0], "age", unit="year (age)", relation="range")
            expr.low, expr.high = value, combine(m[1])
            return expr
    return _make(tokens, i, age_end, i, j, "age", value=value, unit="year (age)")
