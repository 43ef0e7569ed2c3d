"""Page furniture in scraped plain text: the site's lines above and below the article.

Text scraped from a whole page carries the site around the article: menus, section names,
taglines, log-in prompts, comment counters, lists of other headlines with "2 months ago" under
each. Fixed phrases (``boilerplate.GENERIC``) catch only the wordings someone listed, so this
module classifies lines by their shape instead, in two steps:

1. **jusText's classifier** (``justext.core``, Pomikálek 2011), reused as it is on the text's
   lines wrapped as paragraphs: a line is ``bad`` when it is long but poor in stop words (a
   list of names or links run together), ``short`` under 70 characters, ``neargood`` or
   ``good`` by its stop-word density, and then short and near-good lines take the class of
   their neighbours (a short subheading between two paragraphs of prose is prose; a short line
   among menu entries is a menu entry). A run of ``PROSE_RUN`` near-good lines is good before
   that step: jusText wants one paragraph over 200 characters to anchor the prose, and an
   article written in short paragraphs has none. Plain text has lost its links and tags, so
   three cues stand in for jusText's link density: a date or "3 hours ago" stamp alone on a line is
   ``bad`` (the stamps under listed headlines); a short line that has the shape of a sentence
   (capital first, full stop last, four words or more) is ``neargood``, so an article's short
   last sentence ("The inquiry continues.") is not taken for furniture; and a short line that
   appears more than once in the text is furniture ("Advertisement", "Share") after the
   neighbour step, so that it does not pull the prose around it down with it. The stop words
   are jusText's list for the language whose list the text's longest lines hit most.
2. **One body, furniture at its edges**: jusText keeps any good line wherever it is, so a
   teaser paragraph in a footer list survives. Here the article is the one stretch of lines
   with the most prose in it, as in Finn et al.'s Body Text Extraction: a good line counts its
   characters past the first ``GOOD_LINE_COST`` (a headline's worth: a teaser list of
   headline, stamp and one-sentence summary then does not add up to prose), other lines count
   against it (at least ``BAD_LINE_WEIGHT`` each, so that a menu of one-word entries weighs
   as much as the prose it is made of). Both weights were set on the tune half of
   ``bench/pagetext.py``; jusText's own thresholds are its defaults. The lines before and
   after that stretch go when they are mostly furniture (``EDGE_FURNITURE_SHARE`` of their
   weight), else only the run of furniture lines at the page's very edge; inside the stretch,
   only a whole block of ``INNER_BLOCK_LINES`` or more furniture lines in a row goes (a
   "Related" list between paragraphs), never a single line.

Only a text with a page's worth of furniture is touched: at least ``MIN_FURNITURE_LINES``
lines that are not prose. A clean article from a corpus has fewer (a photo credit, an "AD"
marker, a byline: on 2,000 AllSides articles, 1.4% reach it), and its prose, split by such a
line, must not be taken for the edge of a page.

Hand-rolled on top of jusText rather than jusText on the HTML because newstrail's users often
have no HTML: the text is what they have. Lines are classified with list and heading marks
("* ", "## ", "> ") that HTML-to-text converters leave taken off: they say nothing about prose.

An article is never emptied: the body stretch holds at least one good line longer than
``GOOD_LINE_COST``, and a text without one (a short article, a language jusText has no list
for) is left as it is.
``bench/pagetext.py`` measures it on real pages.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from types import SimpleNamespace

import justext
from justext.core import classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph

from newstrail import lexicon

# jusText's stop-word lists for the languages newstrail detects (cleaning.language.CODES;
# Chinese and Japanese have none, and their text is left as it is)
STOPLISTS = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "uk": "Ukrainian", "ar": "Arabic",
    "tr": "Turkish", "pl": "Polish", "sv": "Swedish",
}
SAMPLE_LINES = 20  # the longest lines decide the stop-word list
SAMPLE_WORDS = 400
MIN_STOPWORD_SHARE = 0.1  # below this in the sample, no list fits the text's language
BAD_LINE_WEIGHT = 20  # characters a furniture line counts against the body, at least
GOOD_LINE_COST = 40  # characters of a good line that do not count for the body
INNER_BLOCK_LINES = 3
PROSE_RUN = 3
EDGE_FURNITURE_SHARE = 0.5
MIN_FURNITURE_LINES = 10  # lines that are not prose in a whole page's text; an article has fewer
MIN_SENTENCE_WORDS = 4
_MARKS = re.compile(r"^[\s*#>|•·▪►+-]+")
_SENTENCE = re.compile(r"^[\"“‘'(]?[A-Z0-9].*[.!?][\"”’')]?$")
_UNITS = r"(?:second|sec|minute|min|hour|hr|day|week|month|year)s?"
_COUNTS = "|".join(sorted({*lexicon.load("number_words")["words"], *lexicon.load("number_words")["indefinite"]},
                          key=len, reverse=True))
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?"
_STAMP = re.compile(
    rf"""^[\W_]*(?:
        (?:\d+|a\s+few|{_COUNTS})\s+{_UNITS}\s+ago                        # 3 hours ago, two days ago
      | yesterday|today|just\s+now
      | (?:{_WEEKDAY}\s+)?[a-z]{{3,9}}\.?\s+\d{{1,2}},?\s+\d{{4}}             # Tuesday November 19, 2019
      | (?:{_WEEKDAY}\s+)?\d{{1,2}}\s+[a-z]{{3,9}}\.?,?\s+\d{{4}}             # 19 November 2019
      | [\d/.:\s-]+                                                      # 19.11.2019 10:03
    )(?:,?\s*(?:at\s+)?\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?)?[\W_]*$""",
    re.IGNORECASE | re.VERBOSE,
)
_PATH = SimpleNamespace(dom="body.p", xpath="/body/p")  # what jusText's Paragraph asks of a DOM path


@lru_cache(maxsize=None)
def _stoplist(name: str) -> frozenset[str]:
    return justext.get_stoplist(name)


def _bare(line: str) -> str:
    return _MARKS.sub("", line).strip()


def stoplist_for(lines: list[str]) -> frozenset[str] | None:
    """The stop-word list most words of the longest lines are in, or None when none fits."""
    words = [w.lower() for line in sorted(lines, key=len, reverse=True)[:SAMPLE_LINES] for w in line.split()]
    words = words[:SAMPLE_WORDS]
    if not words:
        return None
    hits = {name: sum(w in _stoplist(name) for w in words) for name in STOPLISTS.values()}
    best = max(hits, key=hits.__getitem__)
    return _stoplist(best) if hits[best] >= MIN_STOPWORD_SHARE * len(words) else None


def _paragraph(text: str) -> Paragraph:
    paragraph = Paragraph(_PATH)
    paragraph.append_text(text)
    return paragraph


def classify(lines: list[str], stoplist: frozenset[str]) -> list[bool]:
    """For each (non-blank) line, whether it is prose of the article (see the module docstring)."""
    bare = [_bare(line) for line in lines]
    paragraphs = [_paragraph(text) for text in bare]
    classify_paragraphs(paragraphs, stoplist, no_headings=True)
    for text, paragraph in zip(bare, paragraphs):
        if _STAMP.match(text):
            paragraph.cf_class = "bad"
        elif paragraph.cf_class == "short" and _SENTENCE.match(text) and len(text.split()) >= MIN_SENTENCE_WORDS:
            paragraph.cf_class = "neargood"
    _prose_runs(paragraphs)
    revise_paragraph_classification(paragraphs)
    seen = Counter(bare)
    return [
        p.class_type == "good" and not (seen[text] > 1 and p.cf_class == "short")
        for text, p in zip(bare, paragraphs)
    ]


def _prose_runs(paragraphs: list[Paragraph]) -> None:
    """Near-good lines in a run of ``PROSE_RUN`` or more are good: paragraphs of prose one after
    another are an article's, even when none is long enough for jusText to call it good alone."""
    i = 0
    while i < len(paragraphs):
        j = i
        while j < len(paragraphs) and paragraphs[j].cf_class in ("neargood", "good"):
            j += 1
        if j - i >= PROSE_RUN:
            for paragraph in paragraphs[i:j]:
                paragraph.cf_class = "good"
        i = max(j, i + 1)


def body_span(lines: list[str], good: list[bool]) -> tuple[int, int] | None:
    """(first, last) index of the stretch of lines with the most prose in it (maximum sum)."""
    best, span = 0, None
    total, start = 0, 0
    for i, (line, is_good) in enumerate(zip(lines, good)):
        if total <= 0:
            total, start = 0, i
        total += len(line) - GOOD_LINE_COST if is_good else -max(len(line), BAD_LINE_WEIGHT)
        if total > best:
            best, span = total, (start, i)
    return span


def _edge(lines: list[str], good: list[bool], outward: range) -> set[int]:
    """The lines to remove of those outside the body (``outward``: from the page's edge in).

    All of them when they are mostly furniture (in characters, furniture lines weighed as
    in ``body_span``); else only the run of furniture lines at the page's edge, so that prose
    cut off from the body by a stray line (a lead above a photo credit) stays."""
    outside = list(outward)
    prose = sum(len(lines[i]) for i in outside if good[i])
    furniture = sum(max(len(lines[i]), BAD_LINE_WEIGHT) for i in outside if not good[i])
    if furniture >= EDGE_FURNITURE_SHARE * (prose + furniture):
        return set(outside)
    run = next((k for k, i in enumerate(outside) if good[i]), len(outside))
    return set(outside[:run])


def _furniture(lines: list[str], good: list[bool]) -> set[int]:
    """Indexes of the lines to remove: outside the body, and whole furniture blocks inside it."""
    span = body_span(lines, good)
    if span is None:
        return set()
    first, last = span
    drop = _edge(lines, good, range(first)) | _edge(lines, good, range(len(lines) - 1, last, -1))
    i = first
    while i <= last:
        j = i
        while j <= last and not good[j]:
            j += 1
        if j - i >= INNER_BLOCK_LINES:
            drop.update(range(i, j))
        i = max(j, i + 1)
    return drop


def strip_furniture(text: str) -> tuple[str, list[str]]:
    """``text`` without its page furniture, and the lines removed (see the module docstring)."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    content = [lines[i].strip() for i in filled]
    stoplist = stoplist_for(content) if len(content) > 1 else None
    if stoplist is None:
        return text, []
    good = classify(content, stoplist)
    if len(good) - sum(good) < MIN_FURNITURE_LINES:
        return text, []
    drop = {filled[k] for k in _furniture(content, good)}
    if not drop:
        return text, []
    kept = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return re.sub(r"\n{3,}", "\n\n", kept).strip(), [lines[i].strip() for i in sorted(drop)]
