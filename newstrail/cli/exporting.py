"""Export stored articles as JSON lines, CSV or Parquet.

CSV and Parquet are flat: one row per article, nested lists (entities, quotes, figures,
...) kept as JSON text, so nothing of the JSON form is lost in a table. JSON lines and CSV
are written by ``render`` like every other output (control characters escaped, CSV cells
guarded against formula injection); Parquet is data for programs and keeps the text as stored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from newstrail.cli import render

NESTED = ("authors", "boilerplate_removed", "entities", "quotes", "figures", "figure_checks", "sourcing", "notes")


def flat_row(article: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if k in NESTED else v for k, v in article.items()}


def export_articles(store, fmt: str, output: Path | None) -> int:
    count = 0
    rows = (article.to_dict() for _, article in store.iter_articles())
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
