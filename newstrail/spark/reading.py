"""Reading the inputs of ``spark ingest`` in parallel, one task per file, with newstrail's readers.

The driver only lists what to read (globs expanded, directories walked as ``sources.files.walk``
does, so articles get the same names as with ``newstrail ingest``); each file is then read in a
task by its reader from ``sources.registry.READER_NAMED``. Every item carries its position in
the input (file number, record number), which orders copies and the written dataset as
``newstrail ingest`` orders its stream. A file is read by one task: a single large JSONL file is
read in one task and its records spread over the partitions afterwards, which costs little
beside the parse.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources import FORMATS
from newstrail.sources.files import Found, SourceError, walk
from newstrail.sources.registry import READER_NAMED, Reading, format_of, is_url
from newstrail.sources.text import without_surrogates
from newstrail.spark.schema import FILE_SHIFT

_GLOB_CHARS = ("*", "?", "[")


@dataclass(frozen=True)
class Entry:
    """One thing a task reads: a ``Found`` file, a URL given directly, or an error found while listing."""

    found: Found | None = None
    url: str | None = None
    error: InputError | None = None


@dataclass(frozen=True)
class Inputs:
    """One group of paths read alike (``--format``, ``--source``)."""

    paths: tuple[str, ...]
    fmt: str = "auto"
    source: str | None = None


def expand(paths: Iterable[str]) -> list[str]:
    """``paths`` with each glob that names no existing file replaced by its sorted matches
    (a glob that matches nothing stays, and is reported as missing)."""
    out: list[str] = []
    for raw in map(os.fspath, paths):
        matches = sorted(glob.glob(raw, recursive=True)) if any(c in raw for c in _GLOB_CHARS) and not os.path.exists(raw) else []
        out.extend(matches or [raw])
    return out


def entries(inputs: Inputs) -> Iterator[Entry]:
    """What the tasks will read for ``inputs``, in input order."""
    if inputs.fmt not in FORMATS:
        raise ValueError(f"unknown format {inputs.fmt!r}; expected one of {', '.join(FORMATS)}")
    for raw in expand(inputs.paths):
        if is_url(raw):
            yield Entry(url=raw)
            continue
        for found in walk([raw]):
            if isinstance(found, SourceError):
                yield Entry(error=InputError(found.location, found.message))
            else:
                yield Entry(found=found)


def _read(entry: Entry, fmt: str, how: Reading) -> Iterator[InputArticle | InputError]:
    """The items of one entry, as ``sources.read_inputs`` reads a path: errors in the stream."""
    if entry.error is not None:
        yield entry.error
    elif entry.url is not None:
        from newstrail.sources.urls import fetch_article

        yield fetch_article(entry.url, entry.url, how.allow_private, how.max_bytes, how.deadline)
    else:
        found = entry.found
        try:
            yield from READER_NAMED[format_of(found.path) if fmt == "auto" else fmt].read(found, how)
        except SourceError as exc:
            yield InputError(exc.location, exc.message)
        except Exception as exc:  # noqa: BLE001 - a library failing on one odd file must not end the batch
            yield InputError(found.path, Errors.E105.format(error=f"{exc.__class__.__name__}: {exc}"))


def read_entry(number: int, entry: Entry, inputs: Inputs, how: Reading) -> Iterator[tuple[int, dict]]:
    """(position, item as a dict with ``kind`` "article" or "error") for every item of the
    ``number``-th entry; plain dicts, so rows pickle the same on any worker."""
    for record, item in enumerate(_read(entry, inputs.fmt, how)):
        if inputs.source and isinstance(item, InputArticle):
            item.source = inputs.source
        item = without_surrogates(item)
        kind = "article" if isinstance(item, InputArticle) else "error"
        yield number << FILE_SHIFT | record, {"kind": kind, **asdict(item)}


def reading(allow_private: bool, max_bytes: int, deadline: float, source: str | None = None) -> Reading:
    """What the readers are told (``sources.registry.Reading``); ``columns`` stay the usual ones."""
    return Reading(source, None, allow_private, max_bytes, deadline)


def input_article(item: dict) -> InputArticle:
    return InputArticle(**{k: v for k, v in item.items() if k != "kind"})
