"""Stored story features: what a later link reads back instead of featuring an article again.

A later link clusters its new articles with every member of the stories they could join
(``clustering.attach``), about ten stored articles for each new one, and featuring them was
most of its cost. An article's features depend on the article (fixed for its pk: nothing
updates a stored article, and removing one drops its row by cascade), the knobs, the lines of
its outlet left out (``link.boilerplate``, which change as the outlet's corpus grows) and the
code that makes them. ``digest`` names all of those but the article, and a stored row is used
only under the digest it was made with, so a reused row is what featuring the article again
would give, to the last bit and in the same order.

A row is ``encode``'s zlib-compressed JSON (plain data: store files are shared); ``decode``
gives None for a row that is not what ``encode`` writes, and the article is featured again.
"""

from __future__ import annotations

import hashlib
import json
import math
import zlib
from dataclasses import asdict
from functools import cache
from pathlib import Path

from newstrail.link.features import Counts
from newstrail.link.params import StoryParams

ROOT = Path(__file__).resolve().parent.parent
# the code features come from: any change to it makes every stored row stale
CODE = ("link/features.py", "link/weighting.py", "link/boilerplate.py", "lexicon")
MAX_FEATURES = 64 << 20  # bytes of JSON a row may inflate to (a crafted row could inflate to gigabytes)


@cache
def _code() -> bytes:
    import sklearn  # the stop words features leave out are scikit-learn's

    h = hashlib.sha256(sklearn.__version__.encode())
    for name in CODE:
        path = ROOT / name
        for file in sorted(path.rglob("*.*")) if path.is_dir() else [path]:
            if file.suffix in (".py", ".json"):
                h.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes())
    return h.digest()


def knobs(params: StoryParams) -> bytes:
    """What the code and the knobs contribute to every article's digest."""
    return hashlib.sha256(_code() + json.dumps(asdict(params), sort_keys=True).encode()).digest()


def digest(base: bytes, spans) -> str:
    """The digest of an article's features: ``knobs`` and the spans of its text left out."""
    return hashlib.sha256(base + json.dumps(spans).encode()).hexdigest()[:32]


def encode(counts: Counts) -> bytes:
    return zlib.compress(json.dumps([list(counts), list(counts.values())], separators=(",", ":"), ensure_ascii=False,
                                    allow_nan=False).encode("utf-8", "surrogatepass"), 1)


def decode(data) -> Counts | None:
    """The counts ``encode`` wrote, or None for anything else."""
    try:
        inflate = zlib.decompressobj()
        text = inflate.decompress(bytes(data), MAX_FEATURES)
        if inflate.unconsumed_tail or not inflate.eof:
            return None
        terms, values = json.loads(text.decode("utf-8", "surrogatepass"))
    except (TypeError, ValueError, RecursionError, zlib.error):
        return None
    if not (type(terms) is list and type(values) is list and len(terms) == len(values)
            and all(type(t) is str for t in terms) and all(type(v) is float and math.isfinite(v) for v in values)):
        return None
    counts = dict(zip(terms, values))
    return Counts(counts) if len(counts) == len(terms) else None
