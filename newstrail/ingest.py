"""Resumable, idempotent ingest of many inputs into the store.

Inputs are read as a stream and handled in chunks. For each chunk, articles already in
the store (same source and id) are counted as duplicates and never parsed again; the
rest are cleaned with the per-source boilerplate learned so far (the chunk included),
fingerprinted (content hash for exact copies, MinHash for near copies: wire copies are
linked, never dropped) and parsed. Each chunk of results is written in one transaction,
so a process killed at any moment leaves whole articles behind, and running the same
command again adds exactly the ones that are missing. An article that cleaning leaves
empty (every line generic boilerplate) is reported as an input error with its location
and not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from newstrail.config import FETCH_DEADLINE, MAX_INPUT_BYTES
from newstrail.cleaning.boilerplate import LineStats, candidate_lines, line_key
from newstrail.cleaning.dedupe import NearDuplicateIndex, content_hash, minhash_signature
from newstrail.process import Prepared, analyse, prepare
from newstrail.records import InputArticle, InputError, StoredArticle
from newstrail.sources import read_inputs
from newstrail.store import Store
from newstrail.store.engine import check_writable

Key = tuple[str | None, str]


@dataclass
class Tally:
    """What an ingest did; ``failed`` keeps every input error with its location."""

    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    copies: int = 0
    non_english: int = 0
    failed: list[InputError] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "read": self.read,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "copies": self.copies,
            "non_english": self.non_english,
            "failed": [{"location": e.location, "message": e.message} for e in self.failed],
        }


@dataclass(slots=True)
class _Pending:
    prepared: Prepared
    stored: StoredArticle


class Ingester:
    """Holds what must be remembered across chunks of one ingest run."""

    def __init__(self, store: Store, near_threshold: float = 0.7):
        self.store = store
        self.stats = LineStats()
        self.stats_loaded: set[str | None] = set()
        self.seen: set[Key] = set()
        self.hash_owner: dict[str, Key] = {}
        self.near = NearDuplicateIndex(threshold=near_threshold)
        for key, signature in store.iter_minhashes():
            self.near.add(key, signature)

    def _load_stats(self, sources: set[str | None]) -> None:
        missing = sources - self.stats_loaded
        if missing:
            for source, (n_articles, counts) in self.store.line_stats(missing).items():
                self.stats.add_counts(source, n_articles, counts)
            self.stats_loaded |= missing

    def prepare_chunk(self, chunk: list[InputArticle], tally: Tally) -> list[_Pending]:
        keys = [(item.source, item.id) for item in chunk]
        known = self.store.known_keys(keys) | (self.seen & set(keys))
        fresh: list[InputArticle] = []
        for key, item in zip(keys, chunk):
            if key in known or key in self.seen:
                tally.duplicates += 1
                continue
            self.seen.add(key)
            fresh.append(item)
        self._load_stats({item.source for item in fresh})
        line_keys = []
        for item in fresh:
            lines = {line_key(line) for line in candidate_lines(item.text)}
            line_keys.append(sorted(lines))
            self.stats.observe(item.source, item.text)
        kept = []
        for item, lkeys in zip(fresh, line_keys):
            prep = prepare(item, self.stats)
            if prep.error:  # nothing left to analyse: an input error, not an (empty) article
                tally.failed.append(InputError(item.origin or item.id, prep.error))
            else:
                kept.append((item, prep, lkeys))
        hashes = [content_hash(prep.text) for _, prep, _ in kept]
        owners = self.store.content_hash_owners(set(hashes))
        out = []
        for (item, prep, lkeys), digest in zip(kept, hashes):
            key = (item.source, item.id)
            stored = StoredArticle(article=None, content_hash=digest, origin=item.origin, line_keys=lkeys)  # type: ignore[arg-type]
            owner = self.hash_owner.get(digest) or owners.get(digest)
            if owner is not None and owner != key:
                stored.copy_of, stored.copy_kind, stored.similarity = owner, "exact", 1.0
            else:
                signature = minhash_signature(prep.text)
                stored.minhash = signature
                match = next(iter(self.near.query(signature)), None)
                if match is not None:
                    stored.copy_of, stored.copy_kind, stored.similarity = match[0], "near", round(match[1], 3)
                self.near.add(key, signature)
            self.hash_owner.setdefault(digest, key)
            if stored.copy_of is not None:
                tally.copies += 1
            if not prep.english:
                tally.non_english += 1
            out.append(_Pending(prep, stored))
        return out


def _chunks(items: Iterable[InputArticle | InputError], size: int, tally: Tally) -> Iterator[list[InputArticle]]:
    """Group the input stream into chunks, setting input errors aside in the tally."""
    chunk: list[InputArticle] = []
    for item in items:
        tally.read += 1
        if isinstance(item, InputError):
            tally.failed.append(item)
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def ingest(
    paths: Iterable[str] | None = None,
    *,
    store: Store,
    items: Iterable[InputArticle | InputError] | None = None,
    fmt: str = "auto",
    source: str | None = None,
    columns: dict[str, str] | None = None,
    allow_private: bool = False,
    fetch_deadline: float = FETCH_DEADLINE,
    max_bytes: int = MAX_INPUT_BYTES,
    workers: int = 1,
    chunk_size: int = 256,
    nlp: Language | None = None,
    on_progress: Callable[[Tally], None] | None = None,
) -> Tally:
    """Ingest ``paths`` (or ready ``items``) into ``store``; see the module docstring.

    ``fmt`` to ``max_bytes`` say how ``paths`` are read (``sources.read_inputs``); ``nlp``: the
    pipeline to parse with (default: ``shared_nlp()``).

    A read-only store raises ``newstrail.store.engine.ReadOnlyStore`` before anything is read or parsed.
    """
    check_writable(store.engine)
    tally = Tally()
    if items is None:
        items = read_inputs(list(paths or []), fmt=fmt, source=source, columns=columns, allow_private=allow_private,
                            fetch_deadline=fetch_deadline, max_bytes=max_bytes)
    ingester = Ingester(store)
    pending_meta: dict[int, StoredArticle] = {}

    def prepared_stream() -> Iterator[Prepared]:
        for chunk in _chunks(items, chunk_size, tally):
            for entry in ingester.prepare_chunk(chunk, tally):
                pending_meta[id(entry.prepared)] = entry.stored
                yield entry.prepared
            if on_progress:
                on_progress(tally)

    batch: list[StoredArticle] = []
    for prepared, article in analyse(prepared_stream(), nlp=nlp, workers=workers):
        stored = pending_meta.pop(id(prepared))
        stored.article = article
        batch.append(stored)
        if len(batch) >= chunk_size:
            tally.ingested += store.save_batch(batch)
            batch = []
            if on_progress:
                on_progress(tally)
    if batch:
        tally.ingested += store.save_batch(batch)
    if on_progress:
        on_progress(tally)
    return tally
