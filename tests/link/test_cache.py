"""Stored story features (newstrail/link/cache.py): read back only as they were written, and
only under the digest of what they would be made with now."""

from __future__ import annotations

import json
import zlib

import pytest

from newstrail.link import StoryParams, cache, features_from_text
from newstrail.link.features import Counts


def _counts() -> Counts:
    return features_from_text(("Harbor Ledger", "k1"), "The Kessa ferry pier collapsed on Friday, the port "
                              "authority said, and 40 passengers were moved to the Ostrand terminal.",
                              title="Kessa pier collapses", published="2031-05-02").counts


def test_counts_come_back_exactly_and_in_order():
    counts = _counts()
    back = cache.decode(cache.encode(counts))
    assert list(back.items()) == list(counts.items()) and len(back) > 10


def _row(value) -> bytes:
    return zlib.compress(json.dumps(value).encode())


@pytest.mark.parametrize("data", [
    pytest.param(b"not zlib", id="not zlib"),
    pytest.param(zlib.compress(b"[")[:-3], id="cut short"),
    pytest.param(_row({"w:pier": 1.0}), id="an object"),
    pytest.param(_row([["w:pier"], [1.0, 2.0]]), id="lengths differ"),
    pytest.param(_row([["w:pier", "w:pier"], [1.0, 2.0]]), id="a term twice"),
    pytest.param(_row([[1], [1.0]]), id="a term not text"),
    pytest.param(_row([["w:pier"], [1]]), id="a count not a float"),
    pytest.param(zlib.compress(b'[["w:pier"], [NaN]]'), id="NaN"),
    pytest.param(zlib.compress(b"[" + b" " * (70 << 20) + b"]"), id="inflates past the bound"),
    pytest.param(None, id="null"),
])
def test_a_row_not_as_written_is_not_used(data):
    assert cache.decode(data) is None


def test_the_digest_names_the_knobs_and_the_lines_left_out():
    base = cache.knobs(StoryParams())
    assert cache.digest(base, [(0, 12)]) == cache.digest(cache.knobs(StoryParams()), [(0, 12)])
    others = {cache.digest(base, []), cache.digest(base, [(0, 13)]),
              cache.digest(cache.knobs(StoryParams(threshold=0.31)), [(0, 12)])}
    assert cache.digest(base, [(0, 12)]) not in others and len(others) == 3
