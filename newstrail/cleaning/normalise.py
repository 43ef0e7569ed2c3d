"""Unicode and whitespace normalising, so every later offset refers to one stable text.

Curly quotes and apostrophes are kept: they are evidence for the quote extractor.
Every non-empty line is a paragraph; paragraphs are separated by exactly one blank line.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_ODD_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x84\x86-\x9f]")
_SPACE_RUNS = re.compile(r" {2,}")


def normalise_text(text: str) -> str:
    """NFC, no control or zero-width characters, single spaces, one blank line between paragraphs."""
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _CONTROL.sub("", _ODD_SPACES.sub(" ", text))
    lines = (_SPACE_RUNS.sub(" ", line).strip() for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def fold(text: str) -> str:
    """Case and accents folded ("Zoë Ågren" -> "zoe agren"), for search keys: a name typed
    without its accents still finds it, as the quote indexes' ``remove_diacritics`` (SQLite)
    and ``unaccent`` (PostgreSQL) allow. Letters without a decomposition (ø, ł) stay."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def folded_names(names) -> str:
    """A search key for one person: each distinct name of ``names`` folded, joined by " | "."""
    return " | ".join(dict.fromkeys(fold(n) for n in names))
