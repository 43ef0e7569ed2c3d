"""Input readers: files, directories, JSONL/CSV corpora, WARC archives and URL lists
(one table of them: ``registry.READERS``).

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
from collections.abc import Iterable, Iterator, Mapping

from newstrail.errors import Errors
from newstrail.config import FETCH_DEADLINE, MAX_INPUT_BYTES
from newstrail.records import InputArticle, InputError
from newstrail.sources.files import SourceError, walk
from newstrail.sources.registry import EXTENSIONS, FORMATS, READER_NAMED, READERS, Reading, format_of, is_url
from newstrail.sources.text import without_surrogates

__all__ = ["EXTENSIONS", "FORMATS", "READERS", "format_of", "read_inputs"]


def _items(raw: str, fmt: str, how: Reading) -> Iterator[InputArticle | InputError]:
    """Everything from one path or URL as given, errors included."""
    if is_url(raw):  # a URL given directly instead of a file
        from newstrail.sources.urls import fetch_article

        yield fetch_article(raw, raw, how.allow_private, how.max_bytes, how.deadline)
        return
    for found in walk([raw]):
        if isinstance(found, SourceError):
            yield InputError(found.location, found.message)
            continue
        try:
            yield from READER_NAMED[format_of(found.path) if fmt == "auto" else fmt].read(found, how)
        except SourceError as exc:
            yield InputError(exc.location, exc.message)
        except Exception as exc:  # a library failing on one odd file must not end the batch
            yield InputError(found.path, Errors.E105.format(error=f"{exc.__class__.__name__}: {exc}"))


def read_inputs(
    paths: Iterable[str],
    fmt: str = "auto",
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
    allow_private: bool = False,
    max_bytes: int = MAX_INPUT_BYTES,
    fetch_deadline: float = FETCH_DEADLINE,
) -> Iterator[InputArticle | InputError]:
    """Every article (or error) from ``paths`` in order; ``source``, when given, overrides all.

    ``fmt``: one of ``FORMATS`` ("auto": by extension, else by the file's first bytes).
    ``fetch_deadline``: seconds one URL may take in all (connecting, redirects, reading).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    how = Reading(source, columns, allow_private, max_bytes, fetch_deadline)
    for raw in map(os.fspath, paths):
        for item in _items(raw, fmt, how):
            if source and isinstance(item, InputArticle):
                item.source = source
            yield without_surrogates(item)
