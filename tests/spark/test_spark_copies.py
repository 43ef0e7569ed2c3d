"""Copies and learned boilerplate across partitions (newstrail/spark/copies.py,
newstrail/spark/analysis.py) against what ``newstrail ingest`` computes walking its stream:
``NearDuplicateIndex`` and a first-owner table of content hashes, and one ``LineStats``
observing every article."""

from __future__ import annotations

import random

import pytest

from factories import make_item
from newstrail.cleaning.boilerplate import LineStats, candidate_lines, line_key
from newstrail.cleaning.dedupe import NearDuplicateIndex, content_hash, minhash_signature
from newstrail.spark import analysis, copies

pytestmark = pytest.mark.spark


def _edit(text: str, words: int, seed: int) -> str:
    """``text`` with ``words`` of its words replaced: a near copy when few are."""
    tokens = text.split(" ")
    rnd = random.Random(seed)
    for i in rnd.sample(range(len(tokens)), words):
        tokens[i] = f"changed{seed}x{i}"
    return " ".join(tokens)


def articles() -> list[tuple[int, tuple, str]]:
    """(position, key, text) in input order: originals, exact copies (case and spacing differ),
    near copies of originals and of near copies, and unrelated articles."""
    base = [make_item(i)["text"] * 3 for i in range(6)]
    texts = [
        base[0], base[1], base[0].upper(), _edit(base[0], 2, 1), base[2], "  " + base[1].replace(" ", "  "),
        _edit(_edit(base[0], 2, 1), 2, 2), base[3], _edit(base[3], 40, 3), base[4], _edit(base[4], 1, 4), base[5],
        base[0],
    ]
    return [(n * 7 + (n % 3) * (1 << 32), ("Outlet " + "ABC"[n % 3], f"a{n}"), t) for n, t in enumerate(texts)]


def sequential(items) -> dict[int, tuple]:
    """What ``ingest.Ingester.prepare_chunk`` decides for each article, walking them in order."""
    owner: dict[str, tuple] = {}
    index = NearDuplicateIndex(threshold=copies.NEAR_THRESHOLD)
    index_keys: dict[int, tuple] = {}
    marks = {}
    for position, key, text in sorted(items):
        digest = content_hash(text)
        if digest in owner:
            marks[position] = (*owner[digest], "exact", 1.0)
        else:
            signature = minhash_signature(text)
            hits = index.query(signature)
            if hits:
                best = max(score for _, score in hits)
                first = min(p for p, score in hits if score == best)  # ties: the earliest
                marks[position] = (*index_keys[first], "near", round(best, 3))
            index.add(position, signature)
            index_keys[position] = key
        owner.setdefault(digest, key)
    return marks


def test_copies_match_the_sequential_walk(spark):
    items = articles()
    shuffled = random.Random(5).sample(items, len(items))
    fingerprints = spark.sparkContext.parallelize(
        [(p, (key, content_hash(t), minhash_signature(t))) for p, key, t in shuffled], 3)
    found = {row[0]: tuple(row[1:]) for row in copies.copy_marks(fingerprints, partitions=3).collect()}
    expected = sequential(items)
    assert found == expected
    kinds = [mark[2] for mark in expected.values()]
    assert kinds.count("exact") >= 3 and kinds.count("near") >= 2  # the corpus exercises both


def test_band_ranges_cover_the_signature():
    ranges = copies.band_ranges(copies.NEAR_THRESHOLD)
    assert ranges[0][0] == 0 and all(a[1] == b[0] for a, b in zip(ranges, ranges[1:]))


@pytest.mark.parametrize("a, b", [("one two three four five six", "one two three four five six"),
                                  ("one two three four five six", "seven eight nine ten eleven twelve")])
def test_jaccard_is_datasketch_estimate(a, b):
    from datasketch import LeanMinHash
    import numpy as np

    def lean(text):
        return LeanMinHash(seed=1, hashvalues=np.frombuffer(minhash_signature(text), dtype="<u4"), scheme="affine32")

    assert copies.jaccard(minhash_signature(a), minhash_signature(b)) == pytest.approx(lean(a).jaccard(lean(b)))


def test_line_stats_decide_boilerplate_as_one_stats_over_everything(spark):
    footers = {"Harbor Ledger": "Harbor Ledger — call 555 0100 with tips", "Valley Courier": "Read the Courier every day"}
    rows = []
    for i in range(24):
        item = make_item(i)
        source = ["Harbor Ledger", "Valley Courier", None][i % 3]
        text = item["text"] + (f"\n\n{footers[source]}" if source and i % 2 == 0 else "")
        rows.append((i, {"source": source, "text": text}))
    reduced = analysis.line_stats(spark.sparkContext.parallelize(rows, 3))
    full = LineStats()
    for _, row in rows:
        full.observe(row["source"], row["text"])
    keys = {(row["source"], line_key(line)) for _, row in rows for line in candidate_lines(row["text"])}
    assert {k for k in keys if reduced.is_boilerplate(*k)} == {k for k in keys if full.is_boilerplate(*k)}
    assert {source for source, _ in (k for k in keys if full.is_boilerplate(*k))} == set(footers)
