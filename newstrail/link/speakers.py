"""One entry per person quoted across the corpus.

Within an article a quote's speaker is already resolved to the article's best name and
linked to its canonical entity. Across articles the same person is still written several
ways ("Interior Minister Lena Varga", "Varga"), so names are cleaned of titles and a lone
surname or first name joins the one full name in the corpus that ends (or starts) with it;
when two full names share it, it stays apart rather than guess. Unnamed descriptions ("the
fighter", "a spokesman") are not people one can follow across outlets and are left out.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field

from newstrail.cleaning.normalise import folded_names
from newstrail.nlp.entities import clean_mention

UNNAMED_START = ("the ", "a ", "an ", "his ", "her ", "their ", "its ", "one ", "some ")
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "him", "her", "them"}


@dataclass(slots=True)
class Speaker:
    """JSON: ``{"name", "quotes", "articles", "outlets": {outlet: quotes}, "aliases": [names as
    the articles resolve them], "first_quoted", "last_quoted"}``."""

    name: str
    quotes: int = 0
    articles: int = 0
    outlets: dict[str, int] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    first_quoted: str | None = None
    last_quoted: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def search_key(self) -> str:
        """The name and its aliases, case and accents folded, that speaker search looks in: "zoe"
        finds "Zoë Ågren", and "Varga" the person listed as "Lena Varga"."""
        return folded_names([self.name, *self.aliases])


def speaker_name(quote) -> str | None:
    """The quote's speaker as a person's name, or None when it is unnamed."""
    name = (quote.speaker_entity or quote.speaker_resolved or "").strip()
    if not name or name.lower() in PRONOUNS or name.lower().startswith(UNNAMED_START) or not name[0].isupper():
        return None
    return clean_mention(name, "PERSON")


def canonical_speakers(names: set[str]) -> dict[str, str]:
    """Map each cleaned name to the corpus-wide name of that person: a one-word name to the
    only longer name it begins or ends, a longer name to the only one that ends with it
    ("Vladimir Putin" -> "President Vladimir Putin"). The longer names are indexed by those
    words once, not searched for each name: a corpus has a hundred thousand names."""
    by_word: dict[str, set[str]] = defaultdict(set)  # first or last word -> longer names
    by_tail: dict[str, set[str]] = defaultdict(set)  # trailing words -> longer names
    for full in names:
        words = full.split()
        if len(words) > 1:
            by_word[words[0]].add(full)
            by_word[words[-1]].add(full)
            for k in range(1, len(words)):
                by_tail[" ".join(words[k:])].add(full)
    out = {}
    for name in names:
        found = by_word.get(name, set()) if len(name.split()) == 1 else by_tail.get(name, set()) - {name}
        out[name] = next(iter(found)) if len(found) == 1 else name
    return out


def corpus_speakers(articles) -> list[Speaker]:
    """Speakers of every named quote in ``articles`` (``records.Article``), most quoted first."""
    quoted: list[tuple[str, str, object]] = []  # (name, alias as resolved, article)
    for article in articles:
        for quote in article.quotes:
            name = speaker_name(quote)
            if name:
                quoted.append((name, quote.speaker_resolved or name, article))
    canon = canonical_speakers({name for name, _, _ in quoted})
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for name, alias, article in quoted:
        by_person[canon[name]].append((alias, article.source, article.id, article.published))
    speakers = [speaker_entry(person, quotes) for person, quotes in by_person.items()]
    return sorted(speakers, key=lambda s: (-s.quotes, s.name))


def speaker_entry(person: str, quotes) -> Speaker:
    """One person's entry from their quotes, (alias as resolved, outlet, article id, published)
    each, in corpus order: aliases seen equally often keep the order they were first seen in."""
    entry = Speaker(person)
    seen = set()
    aliases: Counter = Counter()
    for alias, source, article_id, published in quotes:
        entry.quotes += 1
        outlet = source or ""
        entry.outlets[outlet] = entry.outlets.get(outlet, 0) + 1
        seen.add((source, article_id))
        aliases[alias] += 1
        if published:
            entry.first_quoted = min(filter(None, (entry.first_quoted, published)))
            entry.last_quoted = max(filter(None, (entry.last_quoted, published)))
    entry.articles = len(seen)
    entry.aliases = [a for a, _ in aliases.most_common()]
    return entry
