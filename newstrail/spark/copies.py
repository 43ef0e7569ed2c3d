"""Exact and near copies across the whole input, as ``newstrail ingest`` finds them in its stream.

Ingest walks the input in order: an article whose content hash an earlier article has is an
exact copy of the first such article (and keeps no MinHash); any other article is a near copy
of the earlier non-exact article its MinHash LSH index returns with the highest estimated
Jaccard at or above the threshold, then joins the index. Here the same rules are joins over
the input position: the first holder of each hash by a reduce, and the near candidates by LSH
banding — the same bands as ``cleaning.dedupe.NearDuplicateIndex`` (datasketch's
``MinHashLSH`` at its lowered threshold), so two articles are compared exactly when ingest's
index would return one for the other — with the Jaccard estimate of datasketch's
``LeanMinHash.jaccard`` (the share of equal hash values) kept at the threshold. Among equal best
scores the earliest article wins (ingest's choice among ties follows the index's set order).
Bands are the blocking: the pairs compared are those sharing a band, never all pairs.
"""

from __future__ import annotations

import numpy as np

from newstrail.cleaning.dedupe import NearDuplicateIndex

NEAR_THRESHOLD = 0.7  # ingest.Ingester's default


def band_ranges(threshold: float) -> list[tuple[int, int]]:
    """The (start, end) slices of a signature that ingest's LSH index bands on."""
    return NearDuplicateIndex(threshold=threshold).band_ranges


def jaccard(a: bytes, b: bytes) -> float:
    """datasketch's estimate: the share of equal hash values of two signatures."""
    x, y = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(x == y)) / float(len(x))


def fingerprint(row: tuple[int, dict]) -> tuple[int, tuple]:
    """(position, (key, content hash, MinHash)) of an analysed (position, record) row: all that
    finding copies needs, so the records themselves are never shuffled for it."""
    position, record = row
    return position, ((record["source"], record["id"]), record["content_hash"], record["minhash"])


def _by_hash(group):
    """For one content hash: ("first", fingerprint) of its earliest article, ("exact", (position,
    key of that article, 1.0)) of every later one."""
    members = sorted(group[1], key=lambda member: member[0])
    first = members[0]
    yield "first", (first[0], (first[1], group[0], first[2]))
    for position, _, _ in members[1:]:
        yield "exact", (position, (first[1], 1.0))


def near_copies(fingerprints, threshold: float = NEAR_THRESHOLD, partitions: int | None = None):
    """(position, (key of the best earlier match, rounded similarity)) of each near copy among
    ``fingerprints`` (those of the articles that are not exact copies)."""
    ranges = band_ranges(threshold)

    def bands(row):
        position, (key, _, signature) = row
        for number, (start, end) in enumerate(ranges):
            yield (number, signature[start * 4:end * 4]), (position, key, signature)

    def pairs(group):
        members = sorted(group[1], key=lambda member: member[0])
        for i, (position, _, signature) in enumerate(members):
            for earlier_position, earlier_key, earlier_signature in members[:i]:
                score = jaccard(signature, earlier_signature)
                if score >= threshold:
                    yield position, (score, -earlier_position, earlier_key)

    best = (fingerprints.flatMap(bands).groupByKey(partitions).flatMap(pairs)
            .reduceByKey(max, partitions))  # the highest score, then the earliest article
    return best.mapValues(lambda hit: (hit[2], round(hit[0], 3)))


def copy_marks(fingerprints, threshold: float = NEAR_THRESHOLD, partitions: int | None = None):
    """(position, copy_of_source, copy_of_id, copy_kind, similarity) of every copy: exact copies
    first (one shuffle by content hash), near copies among the first holders of each hash."""
    by_hash = (fingerprints.map(lambda row: (row[1][1], (row[0], row[1][0], row[1][2])))
               .groupByKey(partitions).flatMap(_by_hash))
    exact = by_hash.filter(lambda tagged: tagged[0] == "exact").values()
    near = near_copies(by_hash.filter(lambda tagged: tagged[0] == "first").values(), threshold, partitions)
    return (exact.map(lambda pair: (pair[0], *pair[1][0], "exact", pair[1][1]))
            .union(near.map(lambda pair: (pair[0], *pair[1][0], "near", pair[1][1]))))
