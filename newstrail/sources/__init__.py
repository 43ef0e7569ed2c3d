"""Input readers: files, directories, JSONL/CSV corpora, WARC archives and URL lists.

``read_inputs`` yields ``InputArticle`` or ``InputError`` items in input order and
never stops at a bad input: every problem becomes an error at its file, line or
record, and reading goes on with the rest of the batch.

Articles are named by their input: a record's id, a page's URL, a file's stem, or for a
file found by walking a directory its path under that directory ("a/story").

No lone UTF-16 surrogate (a "\\ud800" JSON escape, say) leaves this module: it is not
Unicode, cannot be written as UTF-8, and would break every output downstream. Each is
replaced by U+FFFD and the article gets a note saying so; the rest of the record is kept
(``text.without_surrogates``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping

from newstrail.records import InputArticle, InputError
from newstrail.sources.files import Found, SourceError, decode, head, read_limited, walk
from newstrail.sources.html import parse_html
from newstrail.sources.tables import read_csv, read_jsonl
from newstrail.sources.text import parse_text, without_surrogates
from newstrail.sources.urls import DEADLINE, fetch_article, read_url_list
from newstrail.sources.warc import read_warc

__all__ = ["FORMATS", "format_of", "read_inputs", "parse_html"]

FORMATS = ("auto", "text", "html", "jsonl", "csv", "warc", "urls")
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv",
    ".warc": "warc",
    ".urls": "urls",
}  # fmt: skip
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|\?xml|!--)", re.IGNORECASE)
_CSV_TEXT_COLUMN = re.compile(r"(?:^|[,;\t|])\"?(?:text|body|content)\"?(?:[,;\t|]|$)", re.IGNORECASE)


def format_of(path: str) -> str:
    """The reader for ``path``: by extension (ignoring ``.gz``), else by sniffing its first bytes."""
    ext = os.path.splitext(path.lower().removesuffix(".gz"))[1]
    return EXTENSIONS.get(ext) or sniff_format(head(path, 8192))


def sniff_format(data: bytes) -> str:
    if data.startswith(b"WARC/"):
        return "warc"
    sample = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", errors="ignore")
    sample = sample.lstrip("\ufeff \t\r\n")
    lines = [line.strip() for line in sample.splitlines()[:50] if line.strip() and not line.startswith("#")]
    if sample.startswith("{"):
        return "jsonl"
    if _HTML_START.match(sample):
        return "html"
    if lines and all(_URL.fullmatch(line.split(" #")[0].strip()) for line in lines):
        return "urls"
    if lines and _CSV_TEXT_COLUMN.search(lines[0]):
        return "csv"
    return "text"


def _with_note(item: InputArticle | InputError, note: str | None) -> InputArticle | InputError:
    if note and isinstance(item, InputArticle):
        item.notes.append(note)
    return item


def _text(found: Found, source: str | None, max_bytes: int) -> Iterator[InputArticle | InputError]:
    text, note = decode(read_limited(found.path, max_bytes), found.path)
    yield _with_note(parse_text(text, found.path, found.name, source), note)


def _html(found: Found, max_bytes: int) -> Iterator[InputArticle | InputError]:
    text, note = decode(read_limited(found.path, max_bytes), found.path)
    yield _with_note(parse_html(text, found.path, default_id=found.name), note)


def _urls(path: str, allow_private: bool, max_bytes: int, deadline: float) -> Iterator[InputArticle | InputError]:
    text, _ = decode(read_limited(path, max_bytes), path)  # URLs are ASCII; a wrong guess cannot matter
    listed = False
    for lineno, url in read_url_list(text):
        listed = True
        yield fetch_article(url, f"{path}:{lineno}", allow_private, max_bytes, deadline)
    if not listed:
        yield InputError(path, "no URLs in the list")


def _read(
    found: Found,
    fmt: str,
    source: str | None,
    columns: Mapping[str, str] | None,
    allow_private: bool,
    max_bytes: int,
    deadline: float,
) -> Iterator[InputArticle | InputError]:
    path = found.path
    kind = format_of(path) if fmt == "auto" else fmt
    if kind == "text":
        yield from _text(found, source, max_bytes)
    elif kind == "html":
        yield from _html(found, max_bytes)
    elif kind == "jsonl":
        yield from read_jsonl(path, found.name, columns, source, max_bytes)
    elif kind == "csv":
        yield from read_csv(path, found.name, columns, source, max_bytes)
    elif kind == "warc":
        yield from read_warc(path, source, max_bytes)
    else:
        yield from _urls(path, allow_private, max_bytes, deadline)


def _items(
    raw: str,
    fmt: str,
    source: str | None,
    columns: Mapping[str, str] | None,
    allow_private: bool,
    max_bytes: int,
    deadline: float,
) -> Iterator[InputArticle | InputError]:
    """Everything from one path or URL as given, errors included."""
    if _URL.fullmatch(raw):  # a URL given directly instead of a file
        yield fetch_article(raw, raw, allow_private, max_bytes, deadline)
        return
    for found in walk([raw]):
        if isinstance(found, SourceError):
            yield InputError(found.location, found.message)
            continue
        try:
            yield from _read(found, fmt, source, columns, allow_private, max_bytes, deadline)
        except SourceError as exc:
            yield InputError(exc.location, exc.message)
        except Exception as exc:  # a library failing on one odd file must not end the batch
            yield InputError(found.path, f"unreadable: {exc.__class__.__name__}: {exc}")


def read_inputs(
    paths: Iterable[str],
    fmt: str = "auto",
    source: str | None = None,
    columns: dict[str, str] | None = None,
    allow_private: bool = False,
    max_bytes: int = 20_000_000,
    fetch_deadline: float = DEADLINE,
) -> Iterator[InputArticle | InputError]:
    """Every article (or error) from ``paths`` in order; ``source``, when given, overrides all.

    ``fetch_deadline``: seconds one URL may take in all (connecting, redirects, reading).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    for raw in map(os.fspath, paths):
        for item in _items(raw, fmt, source, columns, allow_private, max_bytes, fetch_deadline):
            if source and isinstance(item, InputArticle):
                item.source = source
            yield without_surrogates(item)
