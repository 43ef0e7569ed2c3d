"""``newstrail load``: a Parquet dataset of ``spark ingest`` into a store, through ``save_batch``.

The ``articles`` table is read file by file in input order (the part files of a sorted write are
numbered in order) and in batches, so memory stays bounded whatever the dataset's size. Each row
becomes the ``StoredArticle`` ingest would have saved: the article record, content hash, MinHash,
origin, line keys (so later ingests learn the outlet's boilerplate from it) and copy link. An
article whose (source, id) the store holds already is skipped by ``save_batch``, as a re-ingest
is, so loading twice adds nothing. Copies are saved after the article they copy, which comes
first in input order; a copy whose original the store does not hold is kept unlinked, as in ingest.

Reading needs pyarrow only, not Spark or Java.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pyarrow.dataset as ds

from newstrail.records import Article, StoredArticle
from newstrail.spark.schema import FORMAT, MANIFEST, VERSION

BATCH = 256  # articles per transaction, as ingest's chunks


class DatasetError(ValueError):
    """A folder that is not a dataset ``load`` can read; the message says which and why."""


@dataclass
class LoadTally:
    read: int = 0
    loaded: int = 0
    already_stored: int = 0
    failed_inputs: int = 0  # rows of the dataset's ``failed`` table: inputs that never became articles

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def manifest(folder: str) -> dict:
    """The dataset's manifest, checked to be one this version reads."""
    path = os.path.join(folder, MANIFEST)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise DatasetError(f"{folder}: no {MANIFEST}; not a dataset written by `newstrail spark ingest`") from None
    except (OSError, ValueError) as error:
        raise DatasetError(f"{path}: cannot be read: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise DatasetError(f"{path}: not a {FORMAT} dataset of version {VERSION}")
    return data


def stored_article(row: dict) -> StoredArticle:
    """The ``StoredArticle`` of one ``articles`` row (columns as in ``schema``)."""
    copy_of = (row["copy_of_source"], row["copy_of_id"]) if row.get("copy_kind") else None
    return StoredArticle(
        article=Article.from_dict(row),
        content_hash=row["content_hash"],
        origin=row.get("origin") or "",
        minhash=row.get("minhash"),
        copy_of=copy_of,
        copy_kind=row.get("copy_kind"),
        similarity=row.get("similarity"),
        line_keys=list(row.get("line_keys") or []),
    )


def article_rows(folder: str, batch: int = BATCH) -> Iterator[list[dict]]:
    """The ``articles`` rows in input order, ``batch`` at a time."""
    dataset = ds.dataset(os.path.join(folder, "articles"), format="parquet")
    last = -1
    for path in sorted(dataset.files):
        for chunk in ds.dataset(path, format="parquet").to_batches(batch_size=batch):
            rows = chunk.to_pylist()
            if rows and rows[0]["position"] <= last:
                raise DatasetError(f"{path}: articles are not in input order; copies could not be linked")
            last = rows[-1]["position"] if rows else last
            yield rows


def load(folder: str, store, batch: int = BATCH) -> LoadTally:
    """Save every article of the dataset at ``folder`` into ``store``."""
    manifest(folder)
    tally = LoadTally()
    for rows in article_rows(folder, batch):
        tally.read += len(rows)
        tally.loaded += store.save_batch([stored_article(row) for row in rows])
    tally.already_stored = tally.read - tally.loaded
    tally.failed_inputs = ds.dataset(os.path.join(folder, "failed"), format="parquet").count_rows()
    return tally
