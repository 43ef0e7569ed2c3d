"""JSONL and CSV corpora: one article per record, fields found through a column mapping.

Files are streamed (a corpus may be far larger than memory or ``max_bytes``); the
size limit applies to each record's text. Each record's location is "file:LINE",
the line on which the record starts.
"""

from __future__ import annotations

import csv
import json
import re
import zlib
from collections.abc import Iterator, Mapping

from newstrail.records import InputArticle, InputError
from newstrail.sources.dates import normalise_date
from newstrail.sources.files import SourceError, stem, text_stream
from newstrail.sources.text import has_text

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
) -> InputArticle | InputError:
    def get(field: str) -> object:
        return record.get(fields[field]) if field in fields else None

    text = get("text")
    if not isinstance(text, str) or not has_text(text):
        wanted = fields.get("text", "text/body/content")
        return InputError(location, f"no text in record (column {wanted!r} missing or empty)")
    if len(text) > max_bytes:
        return InputError(location, f"too large: {len(text):,} characters > limit {max_bytes:,}")
    published, note = normalise_date(get("published"))
    return InputArticle(
        id=_str(get("id")) or default_id,
        text=text,
        title=_str(get("title")),
        source=source or _str(get("source")),
        url=_str(get("url")),
        published=published,
        authors=split_authors(get("authors")),
        origin=location,
        notes=[note] if note else [],
    )


def read_jsonl(path: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int):
    """Yield one item per non-blank line; a line that is not a JSON object is an error there."""
    lineno = 0
    try:
        with text_stream(path) as lines:
            for lineno, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                location = f"{path}:{lineno}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield InputError(location, f"broken JSON line: {exc.msg} (column {exc.colno})")
                    continue
                if not isinstance(record, dict):
                    yield InputError(location, f"JSON line is a {type(record).__name__}, not an object")
                    continue
                fields = resolve_columns(list(record), columns)
                yield record_to_article(record, location, fields, f"{stem(path)}-{lineno}", source, max_bytes)
    except SourceError as exc:
        yield InputError(exc.location, exc.message)
    except _READ_ERRORS as exc:
        yield InputError(f"{path}:{lineno + 1}", f"truncated or corrupt file: {exc}")


def read_csv(path: str, columns: Mapping[str, str] | None, source: str | None, max_bytes: int):
    """Yield one item per row; a row whose field count differs from the header's is an error."""
    start = 0
    try:
        with text_stream(path) as stream:
            first = stream.readline()
            delimiter = max(",;\t|", key=first.count)
            stream.seek(0)
            reader = csv.reader(stream, delimiter=delimiter)
            header = next(reader, None)
            if not header:
                yield InputError(path, "empty CSV file: no header row")
                return
            fields = resolve_columns(header, columns)
            start = reader.line_num
            for row in reader:
                lineno, start = start + 1, reader.line_num
                location = f"{path}:{lineno}"
                if not row:
                    continue
                if len(row) != len(header):
                    yield InputError(location, f"broken CSV row: {len(row)} fields, header has {len(header)}")
                    continue
                record = dict(zip(header, row))
                yield record_to_article(record, location, fields, f"{stem(path)}-{lineno}", source, max_bytes)
    except SourceError as exc:
        yield InputError(exc.location, exc.message)
    except csv.Error as exc:
        yield InputError(f"{path}:{start + 1}", f"broken CSV: {exc}")
    except _READ_ERRORS as exc:
        yield InputError(f"{path}:{start + 1}", f"truncated or corrupt file: {exc}")
