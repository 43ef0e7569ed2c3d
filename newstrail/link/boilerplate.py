"""Paragraphs an outlet repeats across its articles: page furniture that ingest's cleaning left.

Ingest already strips lines it has learned per source (``cleaning.boilerplate``), but it learns
as it goes: an outlet's first articles keep their furniture, and lines over 250 characters are
never learned. Linking sees the whole corpus at once, so it looks again, with the same line
key (case, spacing and digits folded).

Scraped text often keeps a site's sign-up forms, country pickers, author footers and player
notices ("Media playback is unsupported on your device") in every article of the site. To the
story linker those shared lines look like shared content, and they joined unrelated undated
articles of one magazine into one story. A line (paragraph) is the outlet's boilerplate when at
least ``min_articles`` articles of that outlet carry it (by that key), and
it outlives the news: its dated carriers lie at least ``min_days`` apart, or fewer than two of
them are dated. So the background paragraph or the quote an outlet repeats through a week of
updates on one event stays content. Articles of other outlets never count: a wire story
carried word for word elsewhere is news.

``outlet_boilerplate(articles) -> {article key: [(start, end), ...]}`` gives the character
spans to leave out; ``without_spans(article, spans)`` gives the article with those lines
blanked (offsets kept) and the entities, quotes and figures inside them dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Sequence

from newstrail.cleaning.boilerplate import line_key
from newstrail.link.records import ArticleKey

Span = tuple[int, int]


def _lines(text: str):
    """(start, end, key) of each non-empty line."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end, line_key(line)
        start = end + 1


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def outlet_boilerplate(articles: Sequence, min_articles: int = 3, min_days: int = 14) -> dict[ArticleKey, list[Span]]:
    """Spans of the lines each article shares with ``min_articles`` - 1 or more other
    articles of its own outlet, over at least ``min_days`` (articles without a source are
    never compared)."""
    carriers: dict[tuple[str, str], set[int]] = defaultdict(set)
    lines_of: list[list[tuple[int, int, str]]] = []
    for i, art in enumerate(articles):
        lines = list(_lines(art.text or "")) if art.source else []
        lines_of.append(lines)
        for _, _, digest in lines:
            carriers[(art.source, digest)].add(i)
    days = [_day(art.published) for art in articles]

    def furniture(carried_by: set[int]) -> bool:
        if len(carried_by) < min_articles:
            return False
        dated = [days[i] for i in carried_by if days[i] is not None]
        return len(dated) < 2 or max(dated) - min(dated) >= min_days

    verdict: dict[tuple[str, str], bool] = {}
    out: dict[ArticleKey, list[Span]] = {}
    for i, art in enumerate(articles):
        spans = []
        for s, e, digest in lines_of[i]:
            line = (art.source, digest)
            if line not in verdict:
                verdict[line] = furniture(carriers[line])
            if verdict[line]:
                spans.append((s, e))
        if spans:
            out[(art.source, art.id)] = spans
    return out


def without_spans(article, spans: list[Span]):
    """The article with ``spans`` of its text blanked (same length, so offsets hold) and its
    entities, quotes and figures that start inside them left out (a headline's figures stay:
their offsets are into the title)."""
    if not spans:
        return article
    text = list(article.text)
    for s, e in spans:
        text[s:e] = " " * (e - s)

    return replace(article, text="".join(text), entities=[x for x in article.entities if not inside(x.start, spans)],
                   quotes=[x for x in article.quotes if not inside(x.start, spans)],
                   figures=[x for x in article.figures if x.in_title or not inside(x.start, spans)])


def inside(offset: int, spans: list[Span]) -> bool:
    return any(s <= offset < e for s, e in spans)
