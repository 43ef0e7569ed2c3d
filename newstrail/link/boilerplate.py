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

Some furniture opens a paragraph rather than filling it: a player notice followed by a
different caption each time ("Media playback is unsupported on your device Media caption
...", 628 BBC articles of the AllSides corpus), a picture credit before the picture's caption.
The quote extractor took such paragraphs for quotes, and their shared opening matched 91
unrelated quotes into one cluster. So lines that begin with the same ``PREFIX_WORDS`` words
(same key) are grouped too; when a group passes the same test and is also common in its
outlet -- at least ``OPENING_SHARE`` of its articles --, the words all of its lines begin with
are furniture, and the rest of each line stays. The share keeps an outlet's habits of
phrasing ("US President Donald Trump says he ...", a dozen BBC articles over months) content:
on the BBC articles the openings found are the player notice and picture credits only.

``outlet_boilerplate(articles) -> {article key: [(start, end), ...]}`` gives the character
spans to leave out; ``without_spans(article, spans)`` gives the article with those lines
blanked (offsets kept) and the entities, quotes and figures inside them dropped.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from typing import Sequence

from newstrail.cleaning.boilerplate import fold_line, line_key
from newstrail.link.records import ArticleKey

Span = tuple[int, int]
PREFIX_WORDS = 6
OPENING_SHARE = 0.02
_WORD = re.compile(r"\S+")


def _lines(text: str):
    """(start, end, key, opening key or None) of each non-empty line; the opening key is that
    of its first ``PREFIX_WORDS`` words, for lines longer than that."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            words = line.split(None, PREFIX_WORDS)
            opening = line_key(" ".join(words[:PREFIX_WORDS])) if len(words) > PREFIX_WORDS else None
            yield start, end, line_key(line), opening
        start = end + 1


def _fold_words(line: str) -> list[tuple[str, int]]:
    """(word folded as ``line_key`` folds it, offset of its end) of each word of ``line``."""
    return [(fold_line(m.group()), m.end()) for m in _WORD.finditer(line)]


def _common_opening(lines: list[str]) -> int:
    """How many words all of ``lines`` begin with."""
    first = [w for w, _ in _fold_words(lines[0])]
    n = len(first)
    for line in lines[1:]:
        words = [w for w, _ in _fold_words(line)]
        k = 0
        while k < min(n, len(words)) and words[k] == first[k]:
            k += 1
        n = k
    return n if n >= PREFIX_WORDS else 0  # fewer only on a key collision


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat((published or "")[:10]).toordinal()
    except ValueError:
        return None


def outlet_boilerplate(articles: Sequence, min_articles: int = 3, min_days: int = 14) -> dict[ArticleKey, list[Span]]:
    """Spans of the lines, and of the line openings, each article shares with
    ``min_articles`` - 1 or more other articles of its own outlet, over at least ``min_days``
    (articles without a source are never compared)."""
    carriers: dict[tuple[str, str], set[int]] = defaultdict(set)
    opened: dict[tuple[str, str], set[int]] = defaultdict(set)
    lines_of: list[list[tuple[int, int, str, str | None]]] = []
    for i, art in enumerate(articles):
        lines = list(_lines(art.text or "")) if art.source else []
        lines_of.append(lines)
        for _, _, digest, opening in lines:
            carriers[(art.source, digest)].add(i)
            if opening:
                opened[(art.source, opening)].add(i)
    days = [_day(art.published) for art in articles]
    outlet_size = Counter(art.source for art in articles if art.source)

    def furniture(carried_by: set[int], least: float = min_articles) -> bool:
        if len(carried_by) < least:
            return False
        dated = [days[i] for i in carried_by if days[i] is not None]
        return len(dated) < 2 or max(dated) - min(dated) >= min_days

    verdict: dict[tuple[str, str], bool] = {}
    # openings that are furniture -> how many words every line they open shares
    openings = {key: 0 for key, carried_by in opened.items()
                if furniture(carried_by, max(min_articles, OPENING_SHARE * outlet_size[key[0]]))}
    if openings:
        texts: dict[tuple[str, str], list[str]] = defaultdict(list)
        for i, art in enumerate(articles):
            for s, e, _, opening in lines_of[i]:
                if (art.source, opening) in openings:
                    texts[(art.source, opening)].append(art.text[s:e])
        openings = {key: _common_opening(lines) for key, lines in texts.items()}
    out: dict[ArticleKey, list[Span]] = {}
    for i, art in enumerate(articles):
        spans = []
        for s, e, digest, opening in lines_of[i]:
            line = (art.source, digest)
            if line not in verdict:
                verdict[line] = furniture(carriers[line])
            if verdict[line]:
                spans.append((s, e))
            elif openings.get((art.source, opening)):
                words = _fold_words(art.text[s:e])
                spans.append((s, s + words[openings[(art.source, opening)] - 1][1]))
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
