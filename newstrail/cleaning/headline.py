"""A headline the scraped body repeats at its start, run into the first sentence.

Scraped records often open their text with the headline again, after at most a dateline, with
no full stop or line break before the body: "05-02-2015 Rockets Hit Varn Kill 3 Wound 20
Militants fired ..." The parser then reads one sentence across the seam, and a figure of the
headline takes the body's first noun ("20 Militants" were wounded). ``break_after_title`` turns
the space after such an echo into a line break, which ``nlp.paragraphs`` makes a sentence
break; the text keeps its length, so every offset stays where it was.

An echo is the record's title, verbatim, within the first ``LEAD_CHARS`` characters, after a
prefix of at most ``PREFIX_CHARS`` characters with no sentence end in it, followed by spaces
and then a capital letter, a digit or a quotation mark that does not start a weekday or month
name ("... Hit Varn Thursday" is the sentence going on). A title shorter than ``MIN_WORDS``
words is too likely to be the body's own first words.
"""

from __future__ import annotations

import re

from newstrail import lexicon

LEAD_CHARS = 400
PREFIX_CHARS = 80
MIN_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?:]\s")
_NEXT = re.compile(r"[ \t]+(?=[\"“‘'A-Z0-9])")
_TIME_WORD = re.compile(r"[ \t]+(?:" + "|".join([*lexicon.weekdays(), *lexicon.months()]) + r")\b", re.I)


def break_after_title(text: str, title: str | None) -> str:
    """``text`` with a line break after the headline echo at its start (see the module), else as is."""
    title = (title or "").strip()
    if len(title.split()) < MIN_WORDS or title[-1] in ".!?:;":
        return text
    at = text.find(title, 0, LEAD_CHARS)
    if at < 0 or at > PREFIX_CHARS or _SENTENCE_END.search(text[:at]):
        return text
    end = at + len(title)
    if not _NEXT.match(text, end) or _TIME_WORD.match(text, end):
        return text
    return text[:end] + "\n" + text[end + 1:]
