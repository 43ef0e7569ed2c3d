"""JSONL and CSV corpora: one article per record, fields found through a column mapping.

Files are streamed (a corpus may be far larger than memory or ``max_bytes``); the
size limit applies to each record's text. Each record's location is "file:LINE",
the line on which the record starts. A file that yields no record at all is an error,
so that a run over it does not end with exit status 0 having read nothing.

CSV quoting is read strictly: a quote that opens a field and never closes properly
would otherwise swallow the rows after it into one field. Such a record is an error at
the line where the quote opened, and the lines after that line are read again as rows.
"""

from __future__ import annotations

import csv
import json
import re
import zlib
from collections import deque
from collections.abc import Iterable, Iterator, Mapping

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources.dates import normalise_date
from newstrail.sources.files import Line, SourceError, record_limit, record_lines
from newstrail.sources.text import has_text, split_title

csv.field_size_limit(2**31 - 1)  # article bodies are long; the per-record max_bytes check guards size

DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "title": ("title", "headline"),
    "authors": ("authors", "author", "byline"),
    "text": ("text", "body", "content"),
    "published": ("date", "published", "published_at"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link"),
}
FIELD_ALIASES = {"date": "published", "author": "authors", "body": "text", "content": "text"}
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_READ_ERRORS = (OSError, EOFError, zlib.error)
_DELIMITERS = ",;\t|"
TITLE_NOTE = "title taken from the first line of the text: the record has no title"


def resolve_columns(available: list[str], columns: Mapping[str, str] | None) -> dict[str, str]:
    """Our field name -> the input's column name, for the fields the input has."""
    by_lower = {name.strip().lower(): name for name in available}
    chosen: dict[str, str] = {}
    for field, candidates in DEFAULT_COLUMNS.items():
        for candidate in candidates:
            if candidate in by_lower:
                chosen[field] = by_lower[candidate]
                break
    for field, column in (columns or {}).items():
        chosen[FIELD_ALIASES.get(field, field)] = column
    return chosen


def split_authors(value: object) -> list[str]:
    """Authors from a list or a "A, B and C" string, without "By " and stray quotes."""
    parts = value if isinstance(value, list) else _AUTHOR_SPLIT.split(str(value or ""))
    names = (re.sub(r"^by\s+", "", str(p).strip().strip("\"'").strip(), flags=re.IGNORECASE) for p in parts)
    return [n for n in names if n]


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def record_to_article(
    record: Mapping[str, object],
    location: str,
    fields: Mapping[str, str],
    default_id: str,
    source: str | None,
    max_bytes: int,
    notes: Iterable[str] = (),
) -> InputArticle | InputError:
    def get(field: str) -> object:
        return record.get(fields[field]) if field in fields else None

    text = get("text")
    if not isinstance(text, str) or not has_text(text):
        wanted = fields.get("text", "text/body/content")
        return InputError(location, Errors.E133.format(column=wanted))
    if len(text) > max_bytes:
        return InputError(location, Errors.E134.format(size=len(text), limit=max_bytes))
    published, note = normalise_date(get("published"))
    notes = [*notes, note] if note else list(notes)
    title = _str(get("title"))
    if title is None:
        text, title = _title_from_text(text, notes)
    return InputArticle(
        id=_str(get("id")) or default_id,
        text=text,
        title=title,
        source=source or _str(get("source")),
        url=_str(get("url")),
        published=published,
        authors=split_authors(get("authors")),
        origin=location,
        notes=notes,
    )


def _title_from_text(text: str, notes: list[str]) -> tuple[str, str | None]:
    """(body, title) of an untitled record, read as a text file is (``text.split_title``).

    Scraped records often carry the headline as the text's first line and no title field;
    without it they would have no title at all. A title found so is said in ``notes``.
    """
    title, body = split_title(text)
    if title is None or not has_text(body):
        return text, None
    notes.append(TITLE_NOTE)
    return body.strip(), title


def _some(items: Iterator[InputArticle | InputError], path: str, empty: str) -> Iterator[InputArticle | InputError]:
    """``items``, or one error saying ``empty`` when there are none."""
    nothing = True
    for item in items:
        nothing = False
        yield item
    if nothing:
        yield InputError(path, empty)


def read_jsonl(path: str, name: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int):
    """Yield one item per non-blank line; a line that is not a JSON object is an error there.

    Records without an id are called "NAME-LINE" after the file's ``name``.
    """
    return _some(_jsonl_items(path, name, columns, source, max_bytes), path, Errors.E130)


def _jsonl_items(path: str, name: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int):
    lineno = 0
    try:
        for line in record_lines(path, max_bytes):
            lineno = line.number
            if line.problem or line.text.strip():
                yield _jsonl_item(line, path, name, columns, source, max_bytes)
    except SourceError as exc:
        yield InputError(exc.location, exc.message)
    except _READ_ERRORS as exc:
        yield InputError(f"{path}:{lineno + 1}", Errors.E132.format(error=exc))


def _jsonl_item(
    line: Line, path: str, name: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int
) -> InputArticle | InputError:
    location = f"{path}:{line.number}"
    if line.problem:
        return InputError(location, line.problem)
    try:
        record = json.loads(line.text)
    except json.JSONDecodeError as exc:
        return InputError(location, Errors.E135.format(problem=exc.msg, column=exc.colno))
    if not isinstance(record, dict):
        return InputError(location, Errors.E136.format(kind=type(record).__name__))
    fields = resolve_columns(list(record), columns)
    notes = [line.note] if line.note else []
    return record_to_article(record, location, fields, f"{name}-{line.number}", source, max_bytes, notes)


class _Runaway(Exception):
    """A CSV record grew past the size limit: a quote that opened it never closed."""


class _Tape:
    """Feeds lines to ``csv.reader`` and keeps those of the record being read, to report or replay it."""

    def __init__(self, lines: Iterator[Line], limit: int) -> None:
        self.lines = lines
        self.limit = limit
        self.replayed: deque[Line] = deque()
        self.taken: list[Line] = []
        self.size = 0
        self.last = 0  # number of the last line read, for errors that end the file

    def __iter__(self) -> _Tape:
        return self

    def __next__(self) -> str:
        line = self.replayed.popleft() if self.replayed else next(self.lines)
        self.taken.append(line)
        self.last = max(self.last, line.number)
        self.size += len(line.text)
        if self.size > self.limit:
            raise _Runaway(f"record longer than the limit of {self.limit:,} characters")
        return line.text

    def take(self) -> list[Line]:
        """The lines of the record just read (or just broken); the next record starts afresh."""
        taken, self.taken, self.size = self.taken, [], 0
        return taken

    def replay(self, lines: list[Line]) -> None:
        self.replayed.extendleft(reversed(lines))


def _header(line: Line, columns: Mapping[str, str] | None) -> tuple[str, list[str]] | None:
    """(delimiter, column names) for the first delimiter that gives the header a text column.

    Delimiters are tried most frequent in the header first; a header that only makes
    sense split on ";" is therefore not read as one column because it holds a comma.
    """
    for delimiter in sorted(_DELIMITERS, key=lambda d: -line.text.count(d)):
        header = next(csv.reader([line.text], delimiter=delimiter))
        if resolve_columns(header, columns).get("text") in header:
            return delimiter, header
    return None


def read_csv(path: str, name: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int):
    """Yield one item per row; a row whose field count differs from the header's is an error.

    Rows are called "NAME-LINE" after the file's ``name`` when they have no id.
    """
    tape = _Tape(iter(()), record_limit(max_bytes))
    try:
        lines = record_lines(path, max_bytes)
        first = next((line for line in lines if line.problem or line.text.strip()), None)
        if first is None:
            yield InputError(path, Errors.E130)
            return
        if first.problem:
            yield InputError(f"{path}:{first.number}", first.problem)
            return
        found = _header(first, columns)
        if found is None:
            names = next(csv.reader([first.text], delimiter=max(_DELIMITERS, key=first.text.count)))
            yield InputError(f"{path}:{first.number}", Errors.E137.format(names=names))
            return
        delimiter, header = found
        tape = _Tape(lines, record_limit(max_bytes))
        rows = _csv_rows(tape, path, name, delimiter, header, columns, source, max_bytes)
        yield from _some(rows, path, Errors.E131)
    except SourceError as exc:
        yield InputError(exc.location, exc.message)
    except _READ_ERRORS as exc:
        yield InputError(f"{path}:{tape.last + 1}", Errors.E132.format(error=exc))


def _csv_rows(
    tape: _Tape,
    path: str,
    name: str,
    delimiter: str,
    header: list[str],
    columns: Mapping[str, str] | None,
    source: str | None,
    max_bytes: int,
) -> Iterator[InputArticle | InputError]:
    fields = resolve_columns(header, columns)
    reader = csv.reader(tape, delimiter=delimiter, strict=True)
    while True:
        try:
            row = next(reader, None)
        except (csv.Error, _Runaway) as exc:
            taken = tape.take()
            tape.replay(taken[1:])
            yield _broken(path, taken, exc)
            reader = csv.reader(tape, delimiter=delimiter, strict=True)
            continue
        if row is None:
            return
        taken = tape.take()
        location = f"{path}:{taken[0].number}"
        problem = next((line.problem for line in taken if line.problem), None)
        if problem:
            yield InputError(location, problem)
        elif row and len(row) != len(header):
            yield InputError(location, Errors.E138.format(fields=len(row), expected=len(header)))
        elif row:
            notes = dict.fromkeys(line.note for line in taken if line.note)
            record = dict(zip(header, row))
            yield record_to_article(record, location, fields, f"{name}-{taken[0].number}", source, max_bytes, notes)


def _broken(path: str, taken: list[Line], exc: Exception) -> InputError:
    """The error for a record the csv module gave up on (its lines after the first are read again)."""
    first, last = taken[0].number, taken[-1].number
    if len(taken) == 1:
        return InputError(f"{path}:{first}", Errors.E139.format(error=exc))
    again = f"line {last} is read again as a row" if last == first + 1 else f"lines {first + 1}-{last} are read again"
    return InputError(f"{path}:{first}", Errors.E140.format(first=first, error=exc, last=last, again=again))
