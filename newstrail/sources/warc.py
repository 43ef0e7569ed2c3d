"""WARC files: the HTML pages among their HTTP responses.

Only ``response`` records with status 200 and an HTML content type are articles;
requests, metadata, redirects and images are skipped silently, but an archive with
no article at all is an error, as every input that yields nothing is. A truncated or
corrupt archive ends with one InputError at the byte offset where reading failed,
after every record read before it.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources.html import parse_html

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TAIL_SLACK = 64  # blank lines after the last record are not data
_READ_ERRORS = (ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError)


def _is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return record.http_headers.get_statuscode() == "200" and content_type.startswith(_HTML_TYPES)


def read_warc(path: str, source: str | None, max_bytes: int) -> Iterator[InputArticle | InputError]:
    at = 0  # where the record being read starts, for the error location
    records_read = items = 0
    try:
        with open(path, "rb") as stream:  # warcio reads gzip members itself; offsets are the file's
            records = ArchiveIterator(stream)
            for record in records:
                records_read += 1
                if record.format != "warc" or not record.rec_type:
                    raise ValueError("not a WARC record")
                item = _article(path, at, record, source, max_bytes) if _is_html_response(record) else None
                records.read_to_end(record)
                if getattr(record.raw_stream, "limit", 0) > 0:  # fewer bytes than Content-Length says
                    raise EOFError("record cut short")
                if not getattr(records.reader.decompressor, "eof", True):  # gzip member without its end
                    raise EOFError("gzip member cut short")
                if item is not None:
                    items += 1
                    yield item
                at = records.get_record_offset() + records.get_record_length()
            stream.seek(at)
            rest = stream.read(_TAIL_SLACK + 1)
        if rest.strip():  # warcio ends quietly when a record is cut inside its header
            raise EOFError(f"{os.path.getsize(path) - at:,} bytes after the last complete record")
    except _READ_ERRORS as exc:
        yield InputError(f"{path}#{at}", Errors.E141.format(error=exc))
        return
    if not records_read:
        yield InputError(path, Errors.E130)
    elif not items:
        yield InputError(path, Errors.E142.format(records=records_read))


def _article(path: str, offset: int, record, source: str | None, max_bytes: int) -> InputArticle | InputError:
    location = f"{path}#{offset}"
    uri = record.rec_headers.get_header("WARC-Target-URI")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(location, Errors.E108.format(limit=max_bytes))
    item = parse_html(body, location, url=uri, default_id=uri or location)
    if isinstance(item, InputArticle) and source:
        item.source = source
    return item
