"""Plain-text articles: an optional title line, then the body.

The first line is the title when a blank line follows it, it is at most
``TITLE_MAX_CHARS`` long and does not end like a sentence (headlines rarely end
with a full stop; a first paragraph does).
"""

from __future__ import annotations

import re

from newstrail.records import InputArticle, InputError

TITLE_MAX_CHARS = 200
_HAS_TEXT = re.compile(r"[^\s\u200b-\u200d\u2060\ufeff\x00-\x1f\x7f]")


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
        return InputError(origin, "empty article: no text")
    return InputArticle(id=article_id, text=body.strip(), title=title, source=source, origin=origin)
