"""Site boilerplate removal: a few generic line patterns, plus lines learned per source.

Both mechanisms work on whole lines (paragraphs of the normalised text) and are
conservative: a line goes only when all of it is boilerplate, so a sentence of
reporting that merely mentions "subscribe" or "cookies" stays.

Generic patterns (``GENERIC``), each matched against a whole line of at most
``GENERIC_MAX_CHARS`` characters, case-insensitively, with straight apostrophes:
comment prompts, newsletter/subscription and sign-up calls, share bars, "Follow us
on ...", "Click here to ...", cookie notices, "All rights reserved" lines and lone
"Advertisement" markers. "Related News" / "Related:" / "Read more:" / "See also"
headings are removed together with the short headline-like lines that follow them.

Learned boilerplate: a short line (``candidate_lines``) is boilerplate for a source
when it appears in at least ``MIN_ARTICLES`` of that source's articles *and* in at
least ``MIN_SHARE`` of them. The count floor stops two articles that quote the same
sentence from looking like a template; the share makes the rule scale with the
outlet's size (a footer on 30% of an outlet's articles goes, a line repeated in 2 of
40 stays). Reporting rarely repeats verbatim in a fifth of an outlet's output; when an
outlet publishes several versions of one story, ingest should observe only one of
them (near-duplicates) so their shared paragraphs are not learned.

Learned lines are keyed with their digits masked, so that "Posted 3 hours ago" or
"© 2021 ..." is one line however its figures change. The same masking makes an outlet's
templated reporting look like furniture: six market briefs that differ only in their
figures share one key, and were each removed whole, leaving six empty articles. So
``strip_learned`` takes learned lines away only around an article's body, never the body:

* learned lines carrying figures are kept when together they make up more than
  ``FIGURE_BODY_SHARE`` of the article's characters: a template the outlet fills with new
  figures in every article is its reporting (prices, scores, counts) unless it is a side
  line such as a timestamp or a page number;
* when what would remain is less than ``MIN_KEPT_SHARE`` of the article (nothing, or a
  heading), the article is kept whole: lines taking (nearly) all of an article are its
  body, whatever the counts say. A short article with a long footer ("Council meets." and a
  62-character tip line) still loses its footer.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict

from newstrail.cleaning.furniture import strip_furniture
from newstrail.cleaning.normalise import normalise_text

GENERIC_MAX_CHARS = 150
_SOCIAL = r"(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|print|reddit|pinterest|telegram|flipboard|copy link|messenger)"
GENERIC = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # comment prompts
        r"please let us know if you're having (?:issues|problems|trouble) with commenting\.?",
        r"(?:leave|post|add|view|show|load) (?:a |the )?comments?\b.{0,40}",
        r"comments? (?:are|have been) (?:closed|disabled)\.?",
        r"join the (?:conversation|discussion)\b.{0,40}",
        # subscriptions and sign-ups: the call itself, with its typical objects
        r"(?:subscribe|sign up|register)\b.{0,60}?\b(?:newsletters?|updates|alerts|e-?mails?|digest|briefing|"
        r"podcast|channel|free|today|now|here)\b.{0,30}",
        r"subscribe\.?",
        # share bars and follow prompts
        rf"(?:share|tweet)(?: (?:this|on|via))?(?: (?:article|story|page))?\s*:?\s*(?:{_SOCIAL}\s*[/|,·•]?\s*)*",
        rf"(?:{_SOCIAL}\s*[/|,·•]\s*)+{_SOCIAL}",
        r"follow us (?:on|at)\b.{0,60}",
        r"click here\b.{0,80}",
        # cookie notices
        r"(?:this|our) (?:web)?site uses cookies\b.{0,120}",
        r"we use cookies\b.{0,120}",
        r"(?:accept|manage|reject) (?:all )?cookies\.?",
        # rights and advertising markers
        r"(?:©|\(c\)|copyright)?.{0,80}\ball rights reserved\.?",
        r"(?:story continues below )?advertisement\.?",
    )
]
_RELATED = r"(?:related(?: news| stories| articles| coverage| content| links)?|read more|see also|more on this(?: story)?)"
RELATED_HEADING = re.compile(_RELATED + r"\s*:?", re.IGNORECASE)  # a heading: links follow
RELATED_INLINE = re.compile(_RELATED + r"\s*:\s*\S.{0,120}", re.IGNORECASE)  # "Read more: <headline>"
RELATED_MAX_LINKS = 6
LINK_LINE_MAX_CHARS = 120

CANDIDATE_MAX_CHARS = 250
MIN_ARTICLES = 3
MIN_SHARE = 0.2
FIGURE_BODY_SHARE = 0.25
MIN_KEPT_SHARE = 0.1
_DIGIT = re.compile(r"\d")


def _plain(line: str) -> str:
    return line.strip().replace("\u2019", "'").replace("\u2018", "'")


def _is_generic(plain: str) -> bool:
    return len(plain) <= GENERIC_MAX_CHARS and (
        any(p.fullmatch(plain) for p in GENERIC) or bool(RELATED_INLINE.fullmatch(plain))
    )


def _is_link_line(line: str) -> bool:
    """A headline-like line: short and not ending like a sentence of prose."""
    plain = line.strip()
    return 0 < len(plain) <= LINK_LINE_MAX_CHARS and plain[-1] not in ".!?\"”:;,"


def strip_generic(text: str) -> tuple[str, list[str]]:
    """Remove whole lines matching ``GENERIC`` and "Related"/"Read more" blocks."""
    lines = text.split("\n")
    keep: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        plain = _plain(line)
        if plain and RELATED_HEADING.fullmatch(plain):
            removed.append(line.strip())
            i += 1
            links = 0
            while i < len(lines) and links < RELATED_MAX_LINKS:
                if lines[i].strip() and not _is_link_line(lines[i]):
                    break
                if lines[i].strip():
                    removed.append(lines[i].strip())
                    links += 1
                i += 1
            continue
        if plain and _is_generic(plain):
            removed.append(line.strip())
        else:
            keep.append(line)
        i += 1
    return _rejoin(keep), removed


def _rejoin(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def fold_line(line: str) -> str:
    """A line case-folded, whitespace-collapsed, apostrophes straightened and digits masked:
    what ``line_key`` hashes."""
    return re.sub(r"\d+", "0", " ".join(_plain(line).casefold().split()))


def line_key(line: str) -> str:
    """Short hash of a line, case-folded, whitespace-collapsed and with digits masked."""
    return hashlib.blake2b(fold_line(line).encode("utf-8"), digest_size=8).hexdigest()


def candidate_lines(text: str) -> list[str]:
    """Lines that may be learned as boilerplate: non-empty and at most 250 characters.

    Footers, bylines boxes and promos are short; long paragraphs are reporting.
    """
    return [line.strip() for line in text.split("\n") if 0 < len(line.strip()) <= CANDIDATE_MAX_CHARS]


class LineStats:
    """Per-source counts of candidate lines (each counted once per article)."""

    def __init__(self, min_articles: int = MIN_ARTICLES, min_share: float = MIN_SHARE) -> None:
        self.min_articles = min_articles
        self.min_share = min_share
        self.articles: Counter[str] = Counter()
        self.counts: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def add_counts(self, source: str | None, n_articles: int, counts: dict[str, int]) -> None:
        """Merge persisted statistics (e.g. loaded from the store)."""
        self.articles[source or ""] += n_articles
        self.counts[source or ""].update(counts)

    def observe(self, source: str | None, text: str) -> None:
        self.articles[source or ""] += 1
        self.counts[source or ""].update({line_key(line) for line in candidate_lines(text)})

    def is_boilerplate(self, source: str | None, key: str) -> bool:
        n = self.articles[source or ""]
        counts = self.counts.get(source or "")
        seen = counts.get(key, 0) if counts else 0
        return seen >= self.min_articles and seen >= self.min_share * n

    def strip_learned(self, source: str | None, text: str) -> tuple[str, list[str]]:
        """Remove the learned lines around the article's body (see the module docstring)."""
        lines = text.split("\n")
        learned = {i for i, line in enumerate(lines) if self._learned(source, line.strip())}
        learned = _spare_body(lines, learned)
        keep = [line for i, line in enumerate(lines) if i not in learned]
        return _rejoin(keep), [lines[i].strip() for i in sorted(learned)]

    def _learned(self, source: str | None, plain: str) -> bool:
        return 0 < len(plain) <= CANDIDATE_MAX_CHARS and self.is_boilerplate(source, line_key(plain))


def _spare_body(lines: list[str], learned: set[int]) -> set[int]:
    """The learned lines (indexes into ``lines``) that may go without taking the article's body.

    Shares are of the characters of the article's lines, stripped: blank lines weigh nothing.
    """
    size = [len(line.strip()) for line in lines]
    total = sum(size)
    figures = {i for i in learned if _DIGIT.search(lines[i])}
    if sum(size[i] for i in figures) > FIGURE_BODY_SHARE * total:
        learned = learned - figures
    if total - sum(size[i] for i in learned) < MIN_KEPT_SHARE * total:
        return set()
    return learned


def clean_text(text: str, source: str | None, stats: LineStats | None = None) -> tuple[str, list[str]]:
    """Normalise, then strip generic boilerplate, page furniture (``furniture``) and learned
    boilerplate; returns text and removed lines."""
    text, removed = strip_generic(normalise_text(text))
    text, furniture = strip_furniture(text)
    removed += furniture
    if stats is not None:
        text, learned = stats.strip_learned(source, text)
        removed += learned
    return text, removed
