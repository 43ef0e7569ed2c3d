"""Opening inputs safely: walking directories, gzip, size limits, binary and encoding checks.

Encodings: a BOM decides; else strict UTF-8; else charset_normalizer guesses. A guess is
never stored silently: when other plausible encodings would give different text, the
article gets a note naming the one used. Record files (JSONL/CSV) are decoded line by
line, so a file that stops being UTF-8 after its first 64 KB costs notes (or errors) on
the lines that are not, never replacement characters on the quiet.
"""

from __future__ import annotations

import gzip
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from charset_normalizer import from_bytes

from newstrail.errors import Errors

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
# Encodings whose chaos (charset_normalizer's measure of how garbled a reading looks) is this
# close to the best one's are taken as equally plausible: on English text they all score alike.
CHAOS_MARGIN = 0.1
# Among equally plausible readings, windows-1252: the legacy default for Western text on the
# web (the WHATWG Encoding Standard reads latin-1 labels as it), and newstrail reads English news.
WESTERN = "cp1252"
_BARE_CR = re.compile(r"(?<=\r)(?!\n)")  # "\r" alone ends a line too (old Mac exports)
_SKIP_CHUNK = 1 << 20
_HEAD_CHUNK = 8192


class SourceError(Exception):
    """An input that cannot be read; becomes an ``InputError`` at ``location``."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(message)
        self.location = location
        self.message = message


@dataclass(frozen=True, slots=True)
class Found:
    """A file to read and the name its articles are known by (see ``file_name``)."""

    path: str
    name: str


def walk(paths: Iterable[str]) -> Iterator[Found | SourceError]:
    """Files in input order; directories recursively, sorted, hidden entries skipped.

    A directory that cannot be listed, or holds no file at all, is an error rather than
    nothing: otherwise a run would end with exit status 0 having silently read less.
    """
    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            yield from _walk_directory(path)
        elif os.path.isfile(path):
            yield Found(path, file_name(path))
        elif os.path.exists(path):
            yield SourceError(path, Errors.E101)
        else:
            yield SourceError(path, Errors.E102)


def _walk_directory(root: str) -> Iterator[Found | SourceError]:
    problems: list[OSError] = []  # os.walk reports a directory it cannot list here, and goes on
    reported = 0
    found = False
    for top, dirs, files in os.walk(root, onerror=problems.append):
        yield from _unreadable(problems[reported:])
        reported = len(problems)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                found = True
                path = os.path.join(top, name)
                yield Found(path, file_name(path, root))
    yield from _unreadable(problems[reported:])
    if not found and not problems:
        yield SourceError(root, Errors.E103)


def _unreadable(problems: list[OSError]) -> Iterator[SourceError]:
    for exc in problems:
        yield SourceError(str(exc.filename), Errors.E104.format(error=exc.strerror or exc))


def file_name(path: str, root: str | None = None) -> str:
    """What articles from ``path`` are called: its stem, or its path under ``root`` without extension.

    Files found by walking a directory are named by their path under it ("a/story" for
    root/a/story.txt), with "/" on every OS, so that two files of the same name in
    different directories stay two articles. Bytes of a file name that are not UTF-8
    show as ``\\xNN``.
    """
    parts = PurePath(os.path.relpath(path, root)).parts if root is not None else (Path(path).name,)
    *dirs, name = (os.fsencode(part).decode("utf-8", "backslashreplace") for part in parts)
    return "/".join([*dirs, stem(name)])


def stem(path: str) -> str:
    """File name without directory, ``.gz`` and extension: "news/a.txt.gz" -> "a"."""
    name = Path(path).name.removesuffix(".gz")
    return Path(name).stem or name


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
    """Up to ``n`` first (decompressed) bytes; of a truncated gzip file, as many as it holds.

    Reading the file itself then reports the cut where it is, after the records before it.
    """
    sample = bytearray()
    try:
        with open_binary(path) as f:
            while len(sample) < n and (chunk := f.read(min(_HEAD_CHUNK, n - len(sample)))):
                sample += chunk
    except EOFError:
        pass
    except OSError as exc:
        raise SourceError(path, Errors.E105.format(error=exc)) from exc
    return bytes(sample)


def read_limited(path: str, max_bytes: int) -> bytes:
    """The whole (decompressed) file, refusing anything over ``max_bytes``."""
    try:
        size = os.path.getsize(path)
        if not is_gzip(path) and size > max_bytes:
            raise SourceError(path, Errors.E106.format(size=size, limit=max_bytes))
        with open_binary(path) as f:
            data = f.read(max_bytes + 1)
    except (OSError, EOFError) as exc:
        raise SourceError(path, Errors.E105.format(error=exc)) from exc
    if len(data) > max_bytes:
        raise SourceError(path, Errors.E107.format(limit=max_bytes))
    return data


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or None for text (BOM-marked UTF-16/32 is text)."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            return kind
    return "contains NUL bytes" if b"\x00" in data[:SNIFF_BYTES] else None


def guess_encoding(data: bytes) -> tuple[str, list[str]] | None:
    """(codec, alternatives) for bytes that are not UTF-8, by charset_normalizer; None when nothing fits.

    ``alternatives`` are the other plausible encodings that would read the bytes differently:
    when there are any, the reading is a guess and must be said to be one.
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    plausible = [m for m in matches if m.chaos <= best.chaos + CHAOS_MARGIN]
    chosen = next((m for m in plausible if WESTERN in m.could_be_from_charset), best)
    codec = WESTERN if WESTERN in chosen.could_be_from_charset else chosen.encoding
    return codec, [m.encoding for m in plausible if m.fingerprint != chosen.fingerprint]


def _guess_note(codec: str, alternatives: list[str]) -> str:
    return f"read as {codec}, a guess ({', '.join(alternatives[:3])} would give other text)"


def sniff_encoding(data: bytes) -> tuple[str, str | None] | None:
    """(codec, note) of a whole text: BOM, else UTF-8 when it decodes, else ``guess_encoding``.

    None: nothing fits. The note says when the encoding is a guess.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec, None
    if _is_utf8(data):
        return "utf-8", None
    found = guess_encoding(data)
    if found is None:
        return None
    codec, alternatives = found
    return codec, f"encoding: not UTF-8, {_guess_note(codec, alternatives)}" if alternatives else None


def decode(data: bytes, location: str) -> tuple[str, str | None]:
    """(text, note) of a whole text file, or a SourceError for binary or undecodable content."""
    kind = binary_kind(data)
    if kind:
        raise SourceError(location, Errors.E110.format(kind=kind))
    found = sniff_encoding(data)
    if found is None:
        raise SourceError(location, Errors.E111)
    codec, note = found
    try:
        return data.decode(codec), note
    except (UnicodeDecodeError, LookupError) as exc:
        raise SourceError(location, Errors.E112.format(codec=codec, error=exc)) from exc


@dataclass(slots=True)
class Line:
    """One line of a record file: its number, its text (line end kept) and what went wrong.

    ``problem``: the line cannot be used, so the record it is part of is an error.
    ``note``: the line was read, but by a guess the article must carry.
    """

    number: int
    text: str
    note: str | None = None
    problem: str | None = None


def record_limit(max_bytes: int) -> int:
    """The longest line (or CSV record) allowed when an article's text may be ``max_bytes`` characters.

    JSON may spell each character as a six-byte escape, and other fields come along.
    """
    return 6 * max_bytes + SNIFF_BYTES


def record_lines(path: str, max_bytes: int) -> Iterator[Line]:
    """The lines of a large record file (JSONL/CSV), streamed, each decoded on its own.

    A BOM decides the encoding of the whole file. Otherwise each line is UTF-8 when it
    decodes as such, and is otherwise read by a guess and carries a note naming it, so
    that a file which stops being UTF-8 after its first 64 KB affects only the records
    that are not. Line ends are kept (the csv module needs them inside quoted fields); a
    lone carriage return ends a line too, as in old Mac exports. A line over
    ``record_limit(max_bytes)`` is skipped with a problem, never held in memory.
    """
    sample = head(path)
    kind = binary_kind(sample)
    if kind:
        raise SourceError(path, Errors.E110.format(kind=kind))
    bom = next((codec for mark, codec in BOMS if sample.startswith(mark)), None)
    wide = bom is not None and bom != "utf-8-sig"  # UTF-16/32: lines cannot be cut as bytes
    decoder = _LineDecoder(sample)
    limit = record_limit(max_bytes)
    number = 0
    with open_binary(path) as binary:
        stream = io.TextIOWrapper(binary, encoding=bom, newline="") if wide else binary
        try:
            while raw := stream.readline(limit + 1):
                if len(raw) > limit and raw[-1:] not in ("\n", b"\n"):
                    number += 1
                    yield Line(number, "\n", problem=Errors.E109.format(limit=limit))
                    _skip_line(stream)
                    continue
                text, note, problem = (raw, None, None) if wide else decoder.decode(raw, number + 1)
                for piece in filter(None, _BARE_CR.split(text)) if "\r" in text else (text,):
                    number += 1
                    yield Line(number, piece, note, problem)
        except UnicodeDecodeError as exc:  # UTF-16/32 only: corrupt from here on
            raise SourceError(f"{path}:{number + 1}", Errors.E112.format(codec=bom, error=exc.reason)) from exc


class _LineDecoder:
    """Decodes the lines of a record file without a BOM: UTF-8 where they are, else by a guess.

    The guess is made once, from all the lines of the file's head that are not UTF-8 (or,
    when the head is all UTF-8, from the first line that is not), so that a legacy file is
    read alike throughout and short lines borrow the evidence of the others; a line that
    guess cannot decode is guessed on its own.
    """

    def __init__(self, sample: bytes) -> None:
        lines = sample.split(b"\n")
        if len(sample) >= SNIFF_BYTES:  # the last line may be cut inside a character
            lines.pop()
        self.sample = b"\n".join(line for line in lines if not _is_utf8(line))
        self.guessed = False
        self.legacy: tuple[str, list[str]] | None = None

    def decode(self, raw: bytes, number: int) -> tuple[str, str | None, str | None]:
        """(text, note, problem) for line ``number``."""
        try:
            text = raw.decode("utf-8")
            return (text.removeprefix("\ufeff") if number == 1 else text), None, None
        except UnicodeDecodeError as exc:
            what = f"line {number} is not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
        if not self.guessed:
            self.legacy, self.guessed = guess_encoding(self.sample or raw), True
        found = self.legacy
        text = _decoded(raw, found)
        if text is None:
            found = guess_encoding(raw)
            text = _decoded(raw, found)
        if text is None or found is None:
            return raw.decode("utf-8", "replace"), None, Errors.E113.format(what=what)
        codec, alternatives = found
        return text, f"{what}: {_guess_note(codec, alternatives) if alternatives else f'read as {codec}'}", None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decoded(raw: bytes, found: tuple[str, list[str]] | None) -> str | None:
    if found is None:
        return None
    try:
        return raw.decode(found[0])
    except UnicodeDecodeError:
        return None


def _skip_line(stream) -> None:
    """Read past the rest of an over-long line in bounded pieces."""
    while (chunk := stream.readline(_SKIP_CHUNK)) and chunk[-1:] not in ("\n", b"\n"):
        pass
