"""HTML pages: main text and metadata with trafilatura, date fallback with htmldate.

trafilatura's time grows faster than the number of tags in a page (a page of 16,000 tags takes
0.6 s, 40,000 take 1.7 s, 100,000 take 6.5 s, 160,000 take 17 s), while real news pages have a
few thousand (at most 3,300 in a sample of 181 pages from many outlets; opening and closing tags
both count). A page with more than ``MAX_TAGS`` is refused before it is parsed, with an error
naming it. Entities cost nothing special here (200,000 ``&amp;`` in one paragraph extract in
about a second); the long run of ``&`` they decode to is bounded by cleaning before the parse
(``newstrail.cleaning.bounds``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import trafilatura
from htmldate import find_date
from trafilatura.settings import use_config

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources.files import binary_kind
from newstrail.sources.tables import split_authors
from newstrail.sources.text import has_text

# Short news items (briefs) are articles too: accept any non-empty main text.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
MAX_TAGS = 30_000  # counted as "<" characters: one C-speed pass, and text holds "&lt;", not "<"


def _page_date(data: str | bytes, url: str | None) -> str | None:
    try:
        return find_date(data, url=url, extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError):
        return None


def parse_html(
    data: str | bytes, origin: str, url: str | None = None, default_id: str | None = None
) -> InputArticle | InputError:
    """One article from a page; InputError when nothing article-like can be extracted."""
    if isinstance(data, bytes) and binary_kind(data):
        return InputError(origin, Errors.E121.format(kind=binary_kind(data)))
    if not data.strip():
        return InputError(origin, Errors.E122)
    tags = data.count(b"<" if isinstance(data, bytes) else "<")
    if tags > MAX_TAGS:
        return InputError(origin, Errors.E123.format(tags=tags, limit=MAX_TAGS))
    try:
        doc = trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False, include_tables=False, config=_CONFIG
        )
    except (ValueError, TypeError, AttributeError) as exc:  # lxml on broken markup
        return InputError(origin, Errors.E124.format(error=exc))
    text = getattr(doc, "text", None) if doc is not None else None
    if not has_text(text):
        return InputError(origin, Errors.E125)
    paragraphs = [line.strip() for line in text.split("\n") if line.strip()]
    if doc.title and paragraphs and paragraphs[0] == doc.title.strip():
        paragraphs = paragraphs[1:]  # the headline repeated as the first block
    if not paragraphs:
        return InputError(origin, Errors.E125)
    host = urlsplit(url).hostname if url else None
    return InputArticle(
        id=default_id or url or origin,
        text="\n\n".join(paragraphs),
        title=doc.title or None,
        source=doc.sitename or host or None,
        url=url or doc.url or None,
        published=doc.date or _page_date(data, url),
        authors=split_authors(doc.author.replace(";", ",")) if doc.author else [],
        origin=origin,
    )
