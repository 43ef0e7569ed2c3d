"""The readers newstrail has, in one table (``READERS``).

From it come the ``--format`` choices (``FORMATS``), the extensions read without sniffing
(``EXTENSIONS``), the formats an uploaded file may use (``Reader.upload``: never a URL list,
since the server must not fetch addresses an upload names) and the sniffing of a file whose
extension says nothing (``format_of``).

The slow modules (HTML extraction, WARC, fetching) are imported when a file of theirs is read,
so a command that reads no input does not wait for them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources.files import Found, decode, head, read_limited
from newstrail.sources.tables import read_csv, read_jsonl
from newstrail.sources.text import parse_text

Items = Iterator[InputArticle | InputError]
_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body|article|\?xml|!--)", re.IGNORECASE)
_CSV_TEXT_COLUMN = re.compile(r"(?:^|[,;\t|])\"?(?:text|body|content)\"?(?:[,;\t|]|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """What a reader is told about the batch it reads."""

    source: str | None  # the outlet of inputs that name none
    columns: Mapping[str, str] | None  # JSONL/CSV field names, when not the usual ones
    allow_private: bool  # URLs on private or loopback addresses may be fetched
    max_bytes: int
    deadline: float  # seconds one URL may take in all


@dataclass(frozen=True)
class Head:
    """The start of a file whose extension says nothing, as sniff rules see it."""

    data: bytes
    sample: str  # decoded, without a leading BOM or blank space
    lines: list[str]  # its first 50 lines that are neither blank nor comments (#), stripped

    @classmethod
    def of(cls, data: bytes) -> Head:
        sample = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8", errors="ignore")
        sample = sample.lstrip("\ufeff \t\r\n")
        lines = [line.strip() for line in sample.splitlines()[:50] if line.strip() and not line.startswith("#")]
        return cls(data, sample, lines)


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: tuple[str, ...]  # the first is the one an upload of this format is saved under
    read: Callable[[Found, Reading], Items]
    sniff: Callable[[Head], bool] | None  # None: the format of a file no rule claims
    upload: bool  # an uploaded file may be read with it


def _with_note(item: InputArticle | InputError, note: str | None) -> InputArticle | InputError:
    if note and isinstance(item, InputArticle):
        item.notes.append(note)
    return item


def _read_text(found: Found, how: Reading) -> Items:
    text, note = decode(read_limited(found.path, how.max_bytes), found.path)
    yield _with_note(parse_text(text, found.path, found.name, how.source), note)


def _read_html(found: Found, how: Reading) -> Items:
    from newstrail.sources.html import parse_html

    text, note = decode(read_limited(found.path, how.max_bytes), found.path)
    yield _with_note(parse_html(text, found.path, default_id=found.name), note)


def _read_jsonl(found: Found, how: Reading) -> Items:
    return read_jsonl(found.path, found.name, how.columns, how.source, how.max_bytes)


def _read_csv(found: Found, how: Reading) -> Items:
    return read_csv(found.path, found.name, how.columns, how.source, how.max_bytes)


def _read_warc(found: Found, how: Reading) -> Items:
    from newstrail.sources.warc import read_warc

    return read_warc(found.path, how.source, how.max_bytes)


def _read_urls(found: Found, how: Reading) -> Items:
    from newstrail.sources.urls import fetch_article, read_url_list

    text, _ = decode(read_limited(found.path, how.max_bytes), found.path)  # URLs are ASCII; a wrong guess cannot matter
    listed = False
    for lineno, url in read_url_list(text):
        listed = True
        yield fetch_article(url, f"{found.path}:{lineno}", how.allow_private, how.max_bytes, how.deadline)
    if not listed:
        yield InputError(found.path, Errors.E150)


def is_url(text: str) -> bool:
    return bool(_URL.fullmatch(text))


READERS: tuple[Reader, ...] = (
    Reader("text", (".txt", ".text", ".md"), _read_text, None, upload=True),
    Reader("html", (".html", ".htm", ".xhtml"), _read_html, lambda h: bool(_HTML_START.match(h.sample)), upload=True),
    Reader("jsonl", (".jsonl", ".ndjson", ".json"), _read_jsonl, lambda h: h.sample.startswith("{"), upload=True),
    Reader("csv", (".csv",), _read_csv, lambda h: bool(h.lines and _CSV_TEXT_COLUMN.search(h.lines[0])), upload=True),
    Reader("warc", (".warc",), _read_warc, lambda h: h.data.startswith(b"WARC/"), upload=True),
    Reader("urls", (".urls",), _read_urls,
           lambda h: bool(h.lines) and all(is_url(line.split(" #")[0].strip()) for line in h.lines), upload=False),
)
# The order sniff rules are tried in, the most particular first: a JSON line or a URL may hold
# ",text," as a CSV header does.
SNIFF_ORDER = ("warc", "jsonl", "html", "urls", "csv")

READER_NAMED = {reader.name: reader for reader in READERS}
FORMATS = ("auto", *READER_NAMED)
EXTENSIONS = {ext: reader.name for reader in READERS for ext in reader.extensions}
UPLOAD_FORMATS = ("auto", *(reader.name for reader in READERS if reader.upload))


def sniff_format(data: bytes) -> str:
    """The format of a file that starts with ``data``: the first rule in ``SNIFF_ORDER`` that
    claims it, else the one reader without a rule."""
    start = Head.of(data)
    for name in SNIFF_ORDER:
        if READER_NAMED[name].sniff(start):
            return name
    return next(reader.name for reader in READERS if reader.sniff is None)


def format_of(path: str) -> str:
    """The reader for ``path``: by extension (ignoring ``.gz``), else by sniffing its first bytes."""
    ext = os.path.splitext(path.lower().removesuffix(".gz"))[1]
    return EXTENSIONS.get(ext) or sniff_format(head(path, 8192))
