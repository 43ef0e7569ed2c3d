"""Opening inputs safely: walking directories, gzip, size limits, binary and encoding checks."""

from __future__ import annotations

import gzip
import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import from_bytes

BINARY_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "executable",
    b"BZh": "bzip2 archive",
    b"7z\xbc\xaf": "7-Zip archive",
    b"Rar!": "RAR archive",
    b"SQLite format 3": "SQLite database",
    b"\xfd7zXZ": "xz archive",
    b"OggS": "Ogg media",
    b"ID3": "MP3 audio",
}
BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
SNIFF_BYTES = 65536


class SourceError(Exception):
    """An input that cannot be read; becomes an ``InputError`` at ``location``."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


def walk(paths: Iterable[str]) -> Iterator[str | SourceError]:
    """Files in input order; directories recursively, sorted, hidden entries skipped."""
    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith("."):
                        yield os.path.join(root, name)
        elif os.path.isfile(path):
            yield path
        elif os.path.exists(path):
            yield SourceError(path, "not a regular file")
        else:
            yield SourceError(path, "no such file or directory")


def is_gzip(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def open_binary(path: str) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (by magic, whatever its name)."""
    f = open(path, "rb")
    if f.read(2) == b"\x1f\x8b":
        f.seek(0)
        return gzip.GzipFile(fileobj=f)  # type: ignore[return-value]
    f.seek(0)
    return f


def head(path: str, n: int = SNIFF_BYTES) -> bytes:
    try:
        with open_binary(path) as f:
            return f.read(n)
    except (OSError, EOFError) as exc:
        raise SourceError(path, f"unreadable: {exc}") from exc


def read_limited(path: str, max_bytes: int) -> bytes:
    """The whole (decompressed) file, refusing anything over ``max_bytes``."""
    try:
        size = os.path.getsize(path)
        if not is_gzip(path) and size > max_bytes:
            raise SourceError(path, f"too large: {size:,} bytes > limit {max_bytes:,}")
        with open_binary(path) as f:
            data = f.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise SourceError(path, f"unreadable: {exc}") from exc
    if len(data) > max_bytes:
        raise SourceError(path, f"too large: over {max_bytes:,} bytes after decompression > limit {max_bytes:,}")
    return data


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None for text (BOM-marked UTF-16/32 is text)."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    return "contains NUL bytes" if b"\x00" in data[:SNIFF_BYTES] else None


def sniff_encoding(data: bytes) -> str | None:
    """BOM, else UTF-8 when it decodes, else charset_normalizer's best guess (None: undecodable)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"  # a sample cut inside a multi-byte character
    best = from_bytes(data[:SNIFF_BYTES]).best()
    return best.encoding if best is not None else None


def decode(data: bytes, location: str) -> str:
    """Bytes of a text file to str, or a SourceError for binary or undecodable content."""
    kind = binary_kind(data)
    if kind:
        raise SourceError(location, f"binary file ({kind}), not text")
    codec = sniff_encoding(data)
    if codec is None:
        raise SourceError(location, "undecodable: not UTF-8 and no known encoding fits")
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(location, f"undecodable as {codec}: {exc}") from exc


def text_stream(path: str) -> io.TextIOWrapper:
    """A streaming text reader for large record files (JSONL/CSV), encoding sniffed from the head.

    Line endings are kept as they are (``newline=""``) so the csv module sees quoted newlines.
    """
    sample = head(path)
    kind = binary_kind(sample)
    if kind:
        raise SourceError(path, f"binary file ({kind}), not text")
    codec = sniff_encoding(sample)
    if codec is None:
        raise SourceError(path, "undecodable: not UTF-8 and no known encoding fits")
    return io.TextIOWrapper(open_binary(path), encoding=codec, errors="replace", newline="")


def stem(path: str) -> str:
    """File name without directory, ``.gz`` and extension: "news/a.txt.gz" -> "a"."""
    name = Path(path).name.removesuffix(".gz")
    return Path(name).stem or name
