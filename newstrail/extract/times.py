"""Time frames and dates, resolved against the article's publication date.

``resolve("last September", "2015-06-16") == "2014-09"``; ``resolve("2011", pub,
since=True) == "2011/2015-06-16"`` (an ISO 8601 interval from the year to publication).
Resolved values are ISO: "2015", "2015-03", "2015-03-04", "2015-W24" or an interval
"a/b". Anything not understood resolves to None (the text is still kept by callers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from newstrail import lexicon
from newstrail.nlp import doccache

MONTHS = lexicon.months()
WEEKDAYS = {day: i for i, day in enumerate(lexicon.weekdays())}
# "three weeks ago", "a few days ago": number words up to ten (news writes larger ones in
# digits), and what "a", "several" and "few" are taken as
_NUMBERS = lexicon.load("number_words")
NUMBER_WORDS = {word: value for word, value in _NUMBERS["words"].items() if 1 <= value <= 10} | _NUMBERS["indefinite"]
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MONTH_RE = lexicon.month_pattern()
FULL_DATE = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
MONTH_DAY = re.compile(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})", re.I)
MONTH_YEAR = re.compile(rf"\b({MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
MONTH_ONLY = re.compile(rf"\b(last|this|next|in|since|early|late|mid|until)?\s*-?\s*({MONTH_RE})\b", re.I)
AGO = re.compile(r"\b(\w+)\s+(day|week|month|year)s?\s+ago\b", re.I)
PAST_N = re.compile(r"\b(?:the\s+)?(?:past|last)\s+(\w+)\s+(day|week|month|year)s\b", re.I)
RELATIVE_UNIT = re.compile(r"\b(last|this|next|past)\s+(week|month|year|weekend)\b", re.I)
WEEKDAY_RE = re.compile(r"\b(last|this|next|on)?\s*(" + "|".join(WEEKDAYS) + r")\b", re.I)


def _pub(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _shift_months(d: date, months: int) -> tuple[int, int]:
    m = d.year * 12 + (d.month - 1) + months
    return m // 12, m % 12 + 1


def resolve(text: str, published: str | None = None, since: bool = False) -> str | None:
    """The ISO form of a date/time expression; ``since`` makes it an interval to publication."""
    value = _resolve_point(text, _pub(published))
    if value is None:
        return None
    if since or re.match(r"^\s*since\b", text, re.I):
        return f"{value}/{published[:10]}" if published else f"{value}/.."
    return value


def _resolve_point(text: str, pub: date | None) -> str | None:
    t = " ".join(text.split())
    low = t.lower()
    for rx, order in ((FULL_DATE, "mdy"), (DAY_MONTH_YEAR, "dmy")):
        m = rx.search(t)
        if m:
            a, b, y = m.groups()
            mon, day = (MONTHS[a.lower()], int(b)) if order == "mdy" else (MONTHS[b.lower()], int(a))
            return f"{int(y):04d}-{mon:02d}-{day:02d}"
    m = MONTH_YEAR.search(t)
    if m:
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}"
    if pub:
        if "yesterday" in low:
            return (pub - timedelta(days=1)).isoformat()
        if re.search(r"\b(today|tonight)\b", low):
            return pub.isoformat()
        if "tomorrow" in low:
            return (pub + timedelta(days=1)).isoformat()
        m = AGO.search(low)
        if m and m.group(1) in NUMBER_WORDS or (m and m.group(1).isdigit()):
            k = NUMBER_WORDS.get(m.group(1)) or int(m.group(1))
            unit = m.group(2)
            if unit == "year":
                return str(pub.year - k)
            if unit == "month":
                return "%04d-%02d" % _shift_months(pub, -k)
            return (pub - timedelta(days=k * (7 if unit == "week" else 1))).isoformat()
        m = PAST_N.search(low)
        if m and (m.group(1) in NUMBER_WORDS or m.group(1).isdigit()):
            k = NUMBER_WORDS.get(m.group(1)) or int(m.group(1))
            unit = m.group(2)
            if unit == "year":
                begin = date(pub.year - k, pub.month, min(pub.day, 28))
            elif unit == "month":
                y, mo = _shift_months(pub, -k)
                begin = date(y, mo, min(pub.day, 28))
            else:
                begin = pub - timedelta(days=k * (7 if unit == "week" else 1))
            return f"{begin.isoformat()}/{pub.isoformat()}"
        m = MONTH_DAY.search(t)
        if m:
            mon, day = MONTHS[m.group(1).lower()], int(m.group(2))
            if day <= 31:
                year = pub.year if (mon, day) <= (pub.month, pub.day) or mon - pub.month < 2 else pub.year - 1
                return f"{year:04d}-{mon:02d}-{day:02d}"
        m = MONTH_ONLY.search(t)
        if m and not (m.group(2).lower() == "may" and not m.group(1)):
            rel = (m.group(1) or "").lower()
            mon = MONTHS[m.group(2).lower()]
            if rel == "next":
                year = pub.year if mon > pub.month else pub.year + 1
            elif rel == "this":
                year = pub.year
            elif rel == "last":
                year = pub.year if mon < pub.month else pub.year - 1
            else:  # "in March", "since January": the latest such month not after publication
                year = pub.year if mon <= pub.month else pub.year - 1
            return f"{year:04d}-{mon:02d}"
        m = RELATIVE_UNIT.search(low)
        if m:
            rel, unit = m.groups()
            k = {"last": -1, "past": -1, "this": 0, "next": 1}[rel]
            if unit == "year":
                return str(pub.year + k)
            if unit == "month":
                return "%04d-%02d" % _shift_months(pub, k)
            d = pub + timedelta(weeks=k)
            iso = d.isocalendar()
            return f"{iso[0]:04d}-W{iso[1]:02d}"
        m = WEEKDAY_RE.search(low)
        if m:
            rel, wd = m.groups()
            delta = (pub.weekday() - WEEKDAYS[wd]) % 7
            if rel == "next":
                return (pub + timedelta(days=(WEEKDAYS[wd] - pub.weekday()) % 7 or 7)).isoformat()
            if rel == "last" and delta == 0:
                delta = 7
            return (pub - timedelta(days=delta)).isoformat()
    decade = re.search(r"\b(1[89]\d0|20\d0)s\b", t)
    if decade:  # "the 1990s" -> "199" (ISO 8601 decade)
        return decade.group(1)[:3]
    m = YEAR.search(t)
    if m:
        return m.group(1)
    return None


@dataclass(slots=True)
class TimeFrame:
    text: str  # as written, "since" included when it governs the date
    start_char: int
    end_char: int
    value: str | None
    since: bool
    root: int  # token index of the date's syntactic root


def _since_governor(span: Span) -> int | None:
    """Token index of a "since" that governs ``span`` (as its preposition or clause mark)."""
    root = span.root
    tok = root
    for _ in range(4):
        if tok.lower_ == "since":
            return tok.i
        for child in tok.children:
            if child.lower_ == "since" and child.dep_ in {"mark", "prep", "advmod"} and child.i < span.start:
                return child.i
        if tok.head is tok:
            break
        if tok.pos_ in {"VERB", "AUX"} and tok.dep_ not in {"advcl", "relcl", "pcomp", "pobj", "acl"}:
            break
        tok = tok.head
    return None


def _compares(since: Token) -> bool:
    """Whether a "since" measures a superlative, not a span: "the deadliest attack since
    2016", "the most lethal attack since the 1980s", "the first such strike since 2011" say
    nothing of when what is counted happened."""
    head = since.head
    nouns = [head] if head.pos_ in {"NOUN", "PROPN"} else \
        [c for c in head.children if c.dep_ == "attr"] if head.lemma_ == "be" else []  # "it was the worst ... since"
    return any(c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ == "first" or any(g.tag_ == "RBS" for g in c.children))
               for noun in nouns for c in noun.children)


def time_frames(doc: Doc) -> list[TimeFrame]:
    """DATE entities of a parsed Doc, with a governing "since" and their resolved value; not
    the date a superlative is measured since (``_compares``)."""
    published = doc._.published
    out = []
    for ent in doccache.ents(doc):
        if ent.label_ != "DATE":
            continue
        since_i = _since_governor(ent)
        if since_i is not None and _compares(doc[since_i]):
            continue
        start = doc[since_i].idx if since_i is not None and since_i < ent.start else ent.start_char
        text = doccache.text(doc)[start:ent.end_char]
        if since_i is not None and ent.start - since_i > 8:
            text = f"since … {ent.text}"
        value = resolve(ent.text, published, since=since_i is not None)
        out.append(TimeFrame(text=text, start_char=start, end_char=ent.end_char, value=value,
                             since=since_i is not None, root=ent.root.i))
    return out
