"""Quotation marks paired on the text alone, before anything reads the parse.

``find_quote_spans`` pairs the marks " “ ” ‘ ’ « » (and '' for a double mark in some wire
copy) paragraph by paragraph. Apostrophes ("shouldn’t", "the ’90s", "voters’") are not
marks; single-quoted spans count only outside double ones; marks inside markup left in
scraped text (``<tweet author="...">``) are not marks. A double quote left open at the end
of a paragraph continues only when the next paragraph opens with a mark (multi-paragraph
quotes); otherwise the stray mark is ignored. A ” typed at the very start of a paragraph
before a word opens a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
MARKS = re.compile(r"''|[\"“”«»„‘’‹›']")  # '' is a double mark in some wire copy
MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")  # <tweet author="..."> left in scraped text


@dataclass(slots=True)
class QuoteSpan:
    """A pair of quotation marks: ``open`` and ``close`` are the marks' offsets; the content
    is ``text[open + 1:close]``. ``continued`` says the quote goes on in the next paragraph,
    ``continues`` that it carries on from the previous one."""

    open: int
    close: int
    continued: bool = False
    continues: bool = False


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe) for the mark at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE:
        if ch == "”" and (i == 0 or text[i - 1] == "\n") and _is_word(after):
            return "either"  # ”Fear. I am ...: a mistyped opening mark at a paragraph start
        return "close"
    if ch == '"':
        return "either"
    # single marks: rule out apostrophes first
    if _is_word(before) and _is_word(after):
        return None  # shouldn’t, Russia’s, rock’n’roll
    if re.match(r"\d\ds\b", text[i + 1:i + 4]) or re.match(r"\d\d\b", text[i + 1:i + 3]) and not _is_word(before):
        return None  # the ’90s, class of ’08
    if ch in SINGLE_OPEN or ch == "'":
        if not _is_word(before) and (_is_word(after) or after in "“\"$£€(["):
            return "sopen"
    if ch in SINGLE_CLOSE or ch == "'":
        if not before.isspace() and not _is_word(after):
            if before in "sS" and i >= 2 and _is_word(text[i - 2]) and after == " ":
                return "sclose?"  # voters’ or a closing mark: only if one is open
            return "sclose"
    return None


def _double_apostrophe(text: str, i: int, d_open: int | None) -> tuple[int, str]:
    """The offset and kind of a '' at ``i``: it stands for a double mark, and an opening one
    is recorded by its second character so that the content is still text[open + 1:close]."""
    before = text[i - 1] if i > 0 else " "
    if not _is_word(before) and before not in ".,!?;:" or d_open is None:
        return i + 1, "open"
    return i, "close"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line of ``text``."""
    bounds = []
    start = 0
    for m in re.finditer(r"\n", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _pair_paragraph(text: str, start: int, end: int, in_tag: list[tuple[int, int]], carry: bool,
                    spans: list[QuoteSpan]) -> tuple[int | None, bool]:
    """Add the pairs of marks in one paragraph to ``spans``. Returns the offset of a double
    mark still open at its end (or None) and whether that quote carries on from the previous
    paragraph (``carry``: that paragraph left one open)."""
    d_open: int | None = None
    s_open: int | None = None
    continues_here = False
    for m in MARKS.finditer(text, start, end):
        i = m.start()
        if in_tag and any(a < i < b for a, b in in_tag):
            continue
        if m.end() - i == 2:
            i, kind = _double_apostrophe(text, i, d_open)
        else:
            kind = _classify(text, i)
        if kind is None:
            continue
        if kind in {"open", "close", "either"}:
            if kind == "either":
                kind = "close" if d_open is not None else "open"
            if kind == "open":
                if d_open is None and carry and not text[start:i].strip():
                    continues_here = True
                d_open = i  # an opening mark while open: the earlier one was stray
                s_open = None
            elif d_open is not None:
                spans.append(QuoteSpan(d_open, i, continues=continues_here))
                continues_here = False
                d_open = None
            continue
        if d_open is not None:
            continue  # nested single quotes belong to the double quote
        if kind == "sopen":
            s_open = i
        elif s_open is not None and kind in {"sclose", "sclose?"}:
            spans.append(QuoteSpan(s_open, i))
            s_open = None
    return d_open, continues_here


def _next_opens_with_mark(text: str, paragraphs: list[tuple[int, int]], index: int) -> bool:
    """The next paragraph with words after ``paragraphs[index]`` opens with a double mark."""
    nxt = next((p for p in paragraphs[index + 1:] if text[p[0]:p[1]].strip()), None)
    if nxt is None:
        return False
    first = text[nxt[0]:nxt[1]].lstrip()[:2]
    return first[:1] in DOUBLE_OPEN or first[:1] == '"' or first == "''"


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks in ``text``; single-quoted spans count only outside double ones."""
    spans: list[QuoteSpan] = []
    paragraphs = _paragraphs(text)
    # quotation marks inside markup tags (attribute values) are not quotation marks
    in_tag = [(m.start(), m.end()) for m in MARKUP.finditer(text)] if "<" in text else []
    carry = False  # the previous paragraph left a double quote open
    for index, (start, end) in enumerate(paragraphs):
        if start == end or not text[start:end].strip():
            continue
        d_open, continues_here = _pair_paragraph(text, start, end, in_tag, carry, spans)
        carry = d_open is not None and _next_opens_with_mark(text, paragraphs, index)
        if carry:
            while end > d_open + 1 and text[end - 1].isspace():
                end -= 1
            spans.append(QuoteSpan(d_open, end, continued=True, continues=continues_here))
    return spans
