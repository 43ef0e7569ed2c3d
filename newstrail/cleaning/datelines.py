"""Datelines: the date an article's own text gives near its start, against the record's date.

A corpus's date field can be wrong (scraped or re-keyed dates, days and sometimes years off)
while the dateline the outlet printed above or at the start of the story is right: "Sun 16 Apr
2017 07.33 BST", "BEIRUT, April 16 (Reuters) -", "16/04/2017", "Published July 5 2016". One
bad date would put an article outside its story's days, so the dateline wins: ``dated`` gives
the dateline's date and a note keeping what the record said.

Only a date that reads as a dateline counts, not any date in the lede ("On August 21 2013 the
regime fired ..." is the event's date): the earliest date expression in the first
``LEAD_CHARS`` characters, and it must either open the text (after at most ``PREFIX_WORDS``
words without digits: "Published", "Date of publication", "BEIRUT,"), or be written as a
stamp (with a weekday or a time of day), or be followed by an agency's dateline mark ("(AFP)
-", "—"); and it must not follow a preposition ("on", "since", "by"). A dateline without a
year takes the year of the record's date that puts it nearest that date (a "December 30"
dateline on a record dated 2 January is the year before), and without a record date it is not
used. Numeric dates are read day first (news outside the US writes them so) unless the first
number cannot be a month's day-first reading and the second can ("04/16/2017").

The patterns are data (``PATTERNS``); month names come from the months lexicon.
"""

from __future__ import annotations

import re
from datetime import date

from newstrail import lexicon

LEAD_CHARS = 400
PREFIX_WORDS = 4
_MONTHS = lexicon.months()
_MONTH = rf"\b(?P<month>{lexicon.month_pattern()})\.?"
_WEEKDAY = r"(?:\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_DAY = r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\b)"
# name -> pattern; each has named groups day, month (a name or a number) and, optionally, year
PATTERNS: dict[str, str] = {
    "day month year": rf"(?P<weekday>{_WEEKDAY})?{_DAY}\s+{_MONTH},?\s+{_YEAR}(?!\d)",
    "month day year": rf"(?P<weekday>{_WEEKDAY})?{_MONTH}\s+{_DAY},?\s*{_YEAR}(?!\d)",  # "Jun 182016" too
    "numeric": r"\b(?P<first>[0-3]?\d)(?P<sep>[./-])(?P<second>[01]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)",
    "iso": r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b",
    "month day": rf"(?P<weekday>{_WEEKDAY})?{_MONTH}\s+{_DAY}\b(?!\s*,?\s*\d)",
}
_COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in PATTERNS.items()}
_AGENCY_MARK = re.compile(r"^\s*(?:\([^)]{1,40}\)\s*)?(?:-|–|—|:)\s", re.IGNORECASE)
_STAMP_AFTER = re.compile(rf"^{_TIME}", re.IGNORECASE)
_PREPOSITIONS = frozenset({"on", "since", "until", "till", "by", "from", "before", "after", "in", "of", "to",
                           "between", "and", "through", "during"})


def _year_near(month: int, day: int, record: date) -> date | None:
    """The date with this month and day in the year next to ``record``'s that is nearest it."""
    found = []
    for year in (record.year - 1, record.year, record.year + 1):
        try:
            found.append(date(year, month, day))
        except ValueError:
            continue
    return min(found, key=lambda d: abs((d - record).days)) if found else None


def _numeric(first: int, second: int) -> tuple[int, int]:
    """(month, day) of a numeric date: day first, unless only the other order is a date."""
    if second > 12 >= first:
        return first, second
    return second, first


def _read(match: re.Match, name: str, record: date | None) -> date | None:
    groups = match.groupdict()
    try:
        if name == "numeric":
            month, day = _numeric(int(groups["first"]), int(groups["second"]))
        else:
            month = int(groups["month"]) if groups["month"].isdigit() else _MONTHS[groups["month"].lower().rstrip(".")]
            day = int(groups["day"])
        if groups.get("year"):
            return date(int(groups["year"]), month, day)
    except (ValueError, KeyError):
        return None
    return _year_near(month, day, record) if record else None


def _after_preposition(lead: str, start: int) -> bool:
    """Whether the word before a date makes it part of a sentence ("on", "since", "by")."""
    before = lead[:start].split()
    return bool(before) and before[-1].lower().strip(",.") in _PREPOSITIONS


def _opens_text(lead: str, start: int) -> bool:
    before = lead[:start].split()
    return len(before) <= PREFIX_WORDS and not any(ch.isdigit() for ch in lead[:start])


def _is_dateline(lead: str, match: re.Match) -> bool:
    if _after_preposition(lead, match.start()):
        return False
    after = lead[match.end():]
    return (
        _opens_text(lead, match.start())
        or bool(match.groupdict().get("weekday"))
        or bool(_STAMP_AFTER.match(after))
        or bool(_AGENCY_MARK.match(after))
    )


def find_dateline(text: str, record: date | None = None) -> date | None:
    """The date of the text's dateline, or None (``record``: the record's date, for the year)."""
    lead = text[:LEAD_CHARS]
    found = sorted(
        ((m.start(), -len(m[0]), name, m) for name, pattern in _COMPILED.items() for m in pattern.finditer(lead)),
        key=lambda item: item[:2],
    )
    for _, _, name, match in found:
        if _is_dateline(lead, match):
            return _read(match, name, record)
    return None


def dated(text: str, published: str | None) -> tuple[str | None, str | None]:
    """(the article's date, a note or None): the dateline's date where it disagrees with the
    record's ``published`` (ISO) or the record has none, else ``published`` unchanged."""
    record = date.fromisoformat(published) if published else None
    found = find_dateline(text, record)
    if found is None or found == record:
        return published, None
    said = f"the record said {published}" if published else "the record had none"
    return found.isoformat(), f"date {found.isoformat()} from the dateline; {said}"
