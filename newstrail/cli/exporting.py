"""Export articles as JSON lines, CSV, Parquet or GDELT GKG 2.1 rows.

The articles come from the store (``store_articles``) or from a Parquet dataset of ``newstrail
spark ingest`` (``dataset_articles``), each as its JSON form, so every format is written alike
from either. CSV and Parquet are flat: one row per article, nested lists (entities, quotes,
figures, ...) kept as JSON text, so nothing of the JSON form is lost in a table. JSON lines and
CSV are written by ``render`` like every other output (control characters escaped, CSV cells
guarded against formula injection); Parquet is data for programs and keeps the text as stored;
GKG rows are ``cli.gkg``'s, one tab-separated line per article.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from newstrail.cli import render
from newstrail.records import Article

NESTED = ("authors", "boilerplate_removed", "entities", "quotes", "figures", "figure_checks", "sourcing", "notes")


def flat_row(article: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in article.items()}


def store_articles(store) -> Iterator[dict]:
    """The JSON form of every stored article, in ingest order."""
    return (article.to_dict() for _, article in store.iter_articles())


def dataset_articles(folder: Path) -> Iterator[dict]:
    """The JSON form of every article of a ``spark ingest`` dataset, in input order; raises
    ``spark.load.DatasetError`` before the first article when ``folder`` is no such dataset."""
    from newstrail.spark.load import article_rows, manifest

    manifest(str(folder))
    return (Article.from_dict(row).to_dict() for rows in article_rows(str(folder)) for row in rows)


def export_articles(rows: Iterable[dict], fmt: str, output: Path | None) -> int:
    """Write ``rows`` (articles' JSON forms) to ``output`` (stdout when None) as ``fmt``."""
    count = 0
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        writer = None
        batch: list[dict] = []

        def flush():
            nonlocal writer
            table = pa.Table.from_pylist([flat_row(r) for r in batch])
            if writer is None:
                writer = pq.ParquetWriter(str(output), table.schema)
            writer.write_table(table.cast(writer.schema))

        for row in rows:
            batch.append(row)
            count += 1
            if len(batch) >= 1000:
                flush()
                batch = []
        if batch:
            flush()
        if writer is not None:
            writer.close()
        return count
    stream = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "gkg":
            from newstrail.cli.gkg import write_rows

            return write_rows(rows, stream, datetime.now(timezone.utc))
        writer = None
        for row in rows:
            count += 1
            if fmt == "jsonl":
                stream.write(render.json_text(row) + "\n")
                continue
            flat = render.csv_row(row)
            if writer is None:
                writer = render.csv_writer(stream, list(flat))
            writer.writerow(flat)
    finally:
        if output:
            stream.close()
    return count
