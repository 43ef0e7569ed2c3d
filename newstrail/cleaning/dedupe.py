"""Exact (content hash) and near-duplicate (MinHash LSH) detection for syndicated copies.

Signatures are plain bytes so the store can persist them and a later run can rebuild
the index without re-reading the texts.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2's default: 32-bit hash values, 512 bytes per signature
_WORD = re.compile(r"\w+")
_TEMPLATE = MinHash(num_perm=NUM_PERM, scheme=SCHEME)  # permutations are built once, reused by every signature


def content_hash(text: str) -> str:
    """sha256 of the case-folded, whitespace-collapsed text: equal for trivially different copies."""
    return hashlib.sha256(" ".join(text.casefold().split()).encode("utf-8")).hexdigest()


def _shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) <= SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return list({" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)})


def minhash_signature(text: str) -> bytes:
    """MinHash (128 permutations) over word 5-shingles, as little-endian uint32 bytes."""
    m = MinHash(num_perm=NUM_PERM, permutations=_TEMPLATE.permutations, scheme=SCHEME)
    m.update_batch(_shingles(text))
    return m.hashvalues.astype("<u4").tobytes()


def _from_bytes(signature: bytes) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(signature, dtype="<u4"), scheme=SCHEME)


class NearDuplicateIndex:
    """LSH index of signatures; ``query`` gives keys whose estimated Jaccard >= threshold."""

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        # LSH banding finds candidates for a lower threshold than the one we keep, so that a
        # copy just above ``threshold`` is not lost to banding's false negatives.
        self._lsh = MinHashLSH(threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM)
        self._sigs: dict[object, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    @property
    def band_ranges(self) -> list[tuple[int, int]]:
        """The (start, end) slices of a signature the index bands on: what a distributed copy
        search (``spark.copies``) must band on to find the same candidates."""
        return list(self._lsh.hashranges)

    def add(self, key: object, signature: bytes) -> None:
        if key in self._sigs:  # re-adding the same key is a no-op (idempotent ingest)
            return
        m = _from_bytes(signature)
        self._sigs[key] = m
        self._lsh.insert(key, m)

    def query(self, signature: bytes) -> list[tuple[object, float]]:
        m = _from_bytes(signature)
        scored = ((key, m.jaccard(self._sigs[key])) for key in self._lsh.query(m))
        return sorted((hit for hit in scored if hit[1] >= self.threshold), key=lambda hit: -hit[1])
