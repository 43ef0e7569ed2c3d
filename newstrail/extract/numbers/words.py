"""Number phrases: digits ("1,700", "4.3bn", "-1.3"), number words ("four hundred and fifty",
"twenty-five", "a dozen") and currency codes written on the number ("EUR50m"), read into a value."""

from __future__ import annotations

import re

from spacy.tokens import Token

from newstrail import lexicon

NUMBER_WORDS = lexicon.load("number_words")["words"]
SCALES = lexicon.load("scales")["factors"]
SCALE_WORDS = lexicon.words("scales", "words")
GLUED_SCALES = lexicon.words("scales", "glued")
_SCALE_OR_DOZEN = SCALE_WORDS | {"dozen"}
_SUFFIXES = "|".join(map(re.escape, lexicon.load("scales")["suffixes"]))
CURRENCY_BEFORE = lexicon.load("currencies")["before"]
CUR_CODES = lexicon.load("currencies")["codes"]
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # "1,700", "4.3"
DIGITS = re.compile(rf"^{_NUMBER}$|^\.\d+$")
SUFFIXED = re.compile(rf"^(\d+(?:\.\d+)?)({_SUFFIXES})$", re.I)
# a sign written on the number ("-1.3%", "+0.4%", "−2"): only where the sign starts the token
SIGNED = re.compile(rf"^([-+−])({_NUMBER})$")
# "minus-1.4", "sub-300": a negative value; "below" (sub-Saharan has no digits)
PREFIXED = re.compile(rf"^(minus|sub)-({_NUMBER})$", re.I)
# a currency code written on the number: "EUR50m", "USD1,700", "RM3.06mil", "PS6" (the £ sign as
# some feeds transliterate it), "Y=100" (¥ likewise); "US160" only right after a "$"
_CODES = "|".join(re.escape(code) for code in sorted(CUR_CODES, key=len, reverse=True))
CUR_GLUED = re.compile(rf"^({_CODES})({_NUMBER})({_SUFFIXES})?$")
HAS_DIGIT = re.compile(r"\d")
THREE_DIGITS = re.compile(r"^\d{3}$")
ONE_TO_THREE_DIGITS = re.compile(r"^\d{1,3}$")


def _word_value(lower: str) -> tuple[str, float] | None:
    if lower in NUMBER_WORDS:
        return "num", NUMBER_WORDS[lower]
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
        if a in NUMBER_WORDS and b in NUMBER_WORDS and NUMBER_WORDS[a] >= 20 and NUMBER_WORDS[b] < 10:
            return "num", NUMBER_WORDS[a] + NUMBER_WORDS[b]
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


def match_phrase(tokens, i: int, n: int) -> tuple[int, list[tuple[str, float]], bool] | None:
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
            if not parts and _one_before_scale(tokens, j, n):
                parts.append(("num", 1))
            elif not (parts and _joins(tokens, j, n, parts[-1])):
                break
            j += 1
            continue
        kind, v = tn
        if parts and tok.text[:1] in "+-−":
            break  # "Stoxx 50 -1.3%": a signed number starts a new figure
        if parts:
            if kind == "num" and DIGITS.match(tok.text):
                if not _digit_group(tokens[j - 1], tok, parts):
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


def _one_before_scale(tokens, j: int, n: int) -> bool:
    """"a dozen", "a million": the "a" is the number one."""
    return tokens[j].lower_ in {"a", "one"} and j + 1 < n and tokens[j + 1].lower_ in _SCALE_OR_DOZEN


def _joins(tokens, j: int, n: int, prev: tuple[str, float]) -> bool:
    """Whether token j, no number itself, joins the phrase's last part ``prev`` to the next
    number word: "twenty - five", "four hundred and fifty"."""
    lower = tokens[j].lower_
    if lower not in {"-", "and"} or j + 1 >= n or tokens[j].whitespace_ == "\n":
        return False
    nxt = token_number(tokens[j + 1])
    if not nxt or nxt[0] != "num" or DIGITS.match(tokens[j + 1].text):
        return False
    return (lower == "-" and prev[0] == "num" and prev[1] >= 20 and nxt[1] < 10
            and not DIGITS.match(tokens[j - 1].text)) or \
        (lower == "and" and prev[0] == "scale" and nxt[1] < 100)


def _digit_group(prev_tok: Token, tok: Token, parts: list[tuple[str, float]]) -> bool:
    """"15 000": a group of three digits after a 1-3 digit group, one space apart."""
    return bool(THREE_DIGITS.match(tok.text) and ONE_TO_THREE_DIGITS.match(prev_tok.text)
                and prev_tok.whitespace_ == " " and len(parts) == 1 and parts[0][0] == "num")


def second_number(tokens, k: int, n: int):
    """(end, value, has_scale, parts, start) of a number phrase at k, a currency sign allowed first."""
    if k < n and (tokens[k].lower_ in CURRENCY_BEFORE or tokens[k].text == "$"):
        k += 1
    if k >= n:
        return None
    m = match_phrase(tokens, k, n)
    if m is None:
        return None
    j2, parts2, has_scale2 = m
    return j2, combine(parts2), has_scale2, parts2, k
