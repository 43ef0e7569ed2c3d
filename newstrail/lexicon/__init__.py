"""Word lists and mappings, kept as data: one JSON file a lexicon beside this module.

Why data, and why one place: month names, number words, units and the like were written out
in several modules, and copies drift apart. Each file here holds one lexicon (``months``,
``weekdays``, ``number_words``, ``scales``, ``hedges``, ``units``, ``currencies``,
``number_context``, ``plurals``, ``events``; ``cues``, the words of attribution; ``aliases``,
well-known names of one body or place; ``gkg``, GDELT GKG count types and columns) with a ``_doc`` string saying what its keys hold;
this module reads them. A lexicon is words and what they map to: what the code does with them,
and any threshold, stays in the code that uses it.

Every call returns a fresh object, so a caller that changes its copy changes no one else's;
callers read a lexicon once, into module constants.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def _text(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.json").read_text("utf-8")


def load(name: str) -> dict:
    """The lexicon ``<name>.json`` as parsed JSON."""
    return json.loads(_text(name))


def words(name: str, key: str) -> frozenset[str]:
    """The word list ``key`` of lexicon ``name``."""
    return frozenset(load(name)[key])


def months() -> dict[str, int]:
    """Month names and their abbreviations (lower case, no full stop) -> month number."""
    names = load("months")["months"]
    numbers = {name: i for i, name in enumerate(names, 1)}
    numbers.update({a: numbers[name] for name, abbrevs in names.items() for a in abbrevs})
    return numbers


def month_abbreviations() -> frozenset[str]:
    """The abbreviated month names ("sept"), which news text may write with a full stop."""
    return frozenset(a for abbrevs in load("months")["months"].values() for a in abbrevs)


def month_pattern() -> str:
    """A regular-expression alternation of every month name and abbreviation, longest first
    (so that "Sept" is not read as "Sep"); callers add case-insensitivity and boundaries."""
    return "|".join(sorted(months(), key=len, reverse=True))


def weekdays() -> tuple[str, ...]:
    """The days of the week, lower case, Monday first (their place is ``date.weekday()``)."""
    return tuple(load("weekdays")["weekdays"])


def fractions() -> dict[str, float]:
    """Fraction words -> their value ("third" -> 1/3, "quarters" -> 1/4)."""
    return {word: 1 / denominator for word, denominator in load("number_words")["fractions"].items()}


def vague_amounts() -> dict[str, tuple[float, float]]:
    """Vague plurals -> the interval [low, high) they stand for ("dozens" -> (24, 100))."""
    return {word: (low, high) for word, (low, high) in load("number_words")["vague"].items()}


def hedges(where: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """Hedges written ``where`` ("before" or "after" the number): their lower-case tokens ->
    (hedge, relation), e.g. ("more", "than") -> ("more than", ">")."""
    return {tuple(phrase.split()): (hedge, relation) for phrase, (hedge, relation) in load("hedges")[where].items()}


@cache
def _singular_rules() -> tuple[tuple[str, str, int, tuple[str, ...]], ...]:
    return tuple((rule["suffix"], rule["replace"], rule.get("min_length", 0), tuple(rule.get("unless", ())))
                 for rule in load("plurals")["singular"])


def singular(word: str) -> str:
    """A lower-case plural noun made singular by the first rule of ``plurals.json`` that fits
    ("casualties" -> "casualty", "policemen" -> "policeman"); any other word unchanged."""
    for suffix, replace, min_length, unless in _singular_rules():
        if word.endswith(suffix) and len(word) >= min_length and not word.endswith(unless):
            return word[:-len(suffix)] + replace
    return word
