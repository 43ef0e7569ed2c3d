"""The TF-IDF weighting of story features, one for the incremental linker and the full re-cluster.

An article's feature counts become a unit vector of sublinear term frequencies
(``sublinear_unit``); a feature's weight is that times its smoothed IDF (``idf``) over the
documents seen. Features fall into three channels by their prefix (``channel``), each compared
by its own cosine: words (``w:``, ``q:``, ``f:``), details (``e:`` entities, ``n:`` numbers)
and time (``y:`` years, ``t:`` dates and weekdays); ``StoryParams`` says how they combine.
Evidence features (``x:``) are in no cosine: sharing one sets a floor under the similarity;
nor are said days (``d:``): two dated articles whose leads name only different days are
scaled down (``StoryParams.day_conflict``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator

DETAIL = frozenset({"e:", "n:"})  # feature prefixes of the detail channel (who, where, how many)
TIME = frozenset({"y:", "t:"})  # feature prefixes of the time channel (when)
EVIDENCE = "x:"  # strong evidence of one story (``link.features.evidence_keys``): in no cosine
QUOTE_EVIDENCE = "x:q"  # a verbatim quote run (the rest of EVIDENCE: specific lead figures)
SAID_DAY = "d:"  # a day the lead says it happened on (``link.features``): in no cosine either
MARKS = (EVIDENCE, SAID_DAY)  # features compared as sets, not weights: never pruned or blocked on
CHANNELS = 3  # the channels compared by cosine; evidence and said days (channel 3) are not


def channel(term: str) -> int:
    """0: words, 1: details, 2: time, 3: evidence and said days (no cosine, ``StoryParams``)."""
    head = term[:2]
    return 1 if head in DETAIL else 2 if head in TIME else 3 if head in MARKS else 0


def said_days(terms) -> frozenset[str]:
    """The said-day features (``d:``) among ``terms`` (an article's counts, a story's centroid)."""
    return frozenset(t for t in terms if t.startswith(SAID_DAY))


def other_days(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sides both name said days and none in common (``StoryParams.day_conflict``)."""
    return bool(a) and bool(b) and not a & b


def present(counts: dict[str, float]) -> Iterator[str]:
    """The features of ``counts`` an article has: the keys of its ``sublinear_unit`` vector,
    what a document frequency counts, without computing the vector."""
    return (t for t, c in counts.items() if c > 0)


def sublinear_unit(counts: dict[str, float]) -> dict[str, float]:
    """Counts as ``1 + ln(count)`` (a fraction of one kept as it is: weighted features), scaled
    to unit length: a word said ten times is not ten times the evidence."""
    vec = {t: 1.0 + math.log(c) if c >= 1 else c for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def idf(n: int, df: int) -> float:
    """Smoothed inverse document frequency of a feature in ``df`` of ``n`` documents (as
    scikit-learn's ``smooth_idf``): never zero, so a feature every document has still counts."""
    return math.log((n + 1) / (df + 1)) + 1.0
