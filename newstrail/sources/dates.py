"""Publication dates to ISO ``YYYY-MM-DD``: ISO fast path, then dateutil, then dateparser.

Corpora carry "2016-09-20", "9/20/16" (US order), timestamps and junk; a date that
cannot be read never fails an article, it becomes None with a note.

A relative date ("yesterday", "2 days ago", "last week") is left out the same way: a
date field says when the article was published, and resolving it against the clock
of whoever reads the file would store a date that changes from one run to the next.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from dateutil import parser as dateutil_parser

_ISO = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_DEFAULT = datetime(1, 1, 1)
MIN_YEAR, MAX_YEAR = 1800, 2100


def _valid(d: date | None) -> str | None:
    return d.isoformat()[:10] if d is not None and MIN_YEAR <= d.year <= MAX_YEAR else None


def _dateutil(text: str) -> str | None:
    try:
        return _valid(dateutil_parser.parse(text, default=_DEFAULT).date())
    except (ValueError, OverflowError, TypeError):
        return None


# dateparser's parsers without "relative-time", the one that reads dates against the clock
_ABSOLUTE = {"REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["timestamp", "custom-formats", "absolute-time"]}
_RELATIVE = {"PARSERS": ["relative-time"]}


def _dateparser(text: str) -> str | None:
    import dateparser  # slow to import; only the messy cases need it

    parsed = dateparser.parse(text, settings=_ABSOLUTE)
    return _valid(parsed.date()) if parsed else None


def _relative(text: str) -> bool:
    import dateparser

    return dateparser.parse(text, settings=_RELATIVE) is not None


def normalise_date(value: object) -> tuple[str | None, str | None]:
    """(ISO date or None, note or None). Missing dates give (None, None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):  # epoch seconds
        try:
            iso = _valid(datetime.fromtimestamp(value, tz=timezone.utc).date())
        except (ValueError, OverflowError, OSError):
            iso = None
        return iso, None if iso else f"unparseable date {value!r}"
    text = str(value).strip()
    m = _ISO.match(text)
    if m:
        try:
            iso = _valid(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            iso = None
    else:
        iso = _dateutil(text) or _dateparser(text)
        if iso is None and _relative(text):
            return None, f"relative date {text[:80]!r} left out: a date field must not depend on when it is read"
    return iso, None if iso else f"unparseable date {text[:80]!r}"
