"""Plain-text articles: an optional title line, then the body.

The first line is the title when a blank line follows it, it is at most
``TITLE_MAX_CHARS`` long and does not end like a sentence (headlines rarely end
with a full stop; a first paragraph does).

``without_surrogates`` is the last step every article and error takes on its way out
of the readers.
"""

from __future__ import annotations

import re

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError

TITLE_MAX_CHARS = 200
_HAS_TEXT = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff\x00-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TEXT_FIELDS = ("id", "text", "title", "source", "url")


def has_text(text: str | None) -> bool:
    """True when something other than whitespace, control or zero-width characters is left."""
    return bool(text) and bool(_HAS_TEXT.search(text))


def split_title(text: str) -> tuple[str | None, str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").lstrip("\n")
    first, sep, rest = text.partition("\n")
    title = first.strip()
    blank_follows = sep and not rest.partition("\n")[0].strip()
    if blank_follows and 0 < len(title) <= TITLE_MAX_CHARS and not title.endswith("."):
        return title, rest
    return None, text


def parse_text(
    text: str, origin: str, article_id: str, source: str | None = None
) -> InputArticle | InputError:
    title, body = split_title(text)
    if not has_text(body):
        return InputError(origin, Errors.E120)
    return InputArticle(id=article_id, text=body.strip(), title=title, source=source, origin=origin)


def _shown_path(value: str) -> str:
    """A location with the bytes of a non-UTF-8 file name (surrogate-escaped by the OS layer) as \\xNN."""
    return _SURROGATE.sub(lambda m: f"\\x{ord(m[0]) - 0xDC00:02x}" if "\udc80" <= m[0] <= "\udcff" else "\ufffd", value)


def without_surrogates(item: InputArticle | InputError) -> InputArticle | InputError:
    """``item`` with every lone surrogate replaced by U+FFFD, and a note on an article that had any.

    Any input that builds ``InputArticle`` from JSON must pass it through here: JSON's
    "\\ud800" escape decodes to a lone surrogate, which no UTF-8 output can hold. In file
    locations, the bytes of a non-UTF-8 file name (which the OS layer smuggles in as
    surrogates) show as ``\\xNN`` instead.
    """
    if isinstance(item, InputError):
        item.location, item.message = _shown_path(item.location), _shown_path(item.message)
        return item
    item.origin = _shown_path(item.origin)
    touched = []
    for name in _TEXT_FIELDS:
        value = getattr(item, name)
        if value and _SURROGATE.search(value):
            setattr(item, name, _SURROGATE.sub("\ufffd", value))
            touched.append(name)
    if any(_SURROGATE.search(author) for author in item.authors):
        item.authors = [_SURROGATE.sub("\ufffd", author) for author in item.authors]
        touched.append("authors")
    if touched:
        item.notes.append(f"invalid Unicode (lone surrogate) in {', '.join(touched)} replaced by U+FFFD")
    return item
