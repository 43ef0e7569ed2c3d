"""The Parquet dataset ``newstrail spark ingest`` writes and ``newstrail load`` reads.

``DIR`` holds one Parquet dataset (a folder of part files) per table, and ``manifest.json``
(format name and version, the inputs and the tally). Every table names its article by its
store identity (source, id): ``source``/``id`` in ``articles``, ``article_source``/``article_id``
in the others (quotes and figures have a ``source`` field of their own); the source is null for
an article of no outlet. ``idx`` is the position in the article's list, as in the JSON form.

``articles``: one row per analysed article, in input order (part files sorted by ``position``).
  The article JSON form (README, "The JSON form of one analysed article") as Spark types, field
  for field: scalars as columns, ``authors``/``boilerplate_removed``/``notes`` as arrays of
  strings, ``entities``/``quotes``/``figures``/``figure_checks`` as arrays of structs and
  ``sourcing`` as a struct, with the field names of ``records`` (so a row read back is
  ``Article.from_dict`` of its columns). Then ingest's bookkeeping: ``position`` (input order:
  file number << 32 | record number within the file), ``origin`` ("file.jsonl:17"),
  ``content_hash`` (``cleaning.dedupe.content_hash`` of the cleaned text), ``minhash`` (binary
  signature, null for exact copies, as ingest stores it), ``line_keys`` (the article's
  candidate boilerplate lines, for the store's learned boilerplate), and ``copy_of_source``,
  ``copy_of_id``, ``copy_kind`` ("exact" | "near"), ``similarity`` when it copies an earlier
  article. ``articles`` is what ``load`` reads; the tables below are the same data flattened
  for queries (Spark SQL, DuckDB, pandas).
``entities``: article_source, article_id, idx, text, label, start, end, canonical.
``quotes``: article_source, article_id, idx and the fields of ``records.Quote``.
``figures``: article_source, article_id, idx and the fields of ``records.Figure`` (``index`` is the figure's
  own number, which ``figure_checks`` and ``part_of`` refer to).
``figure_checks``: article_source, article_id, idx, kind, figures (array of figure indexes), note.
``signals``: article_source, article_id, kind ("unsourced" | "hedged"), idx, text, start, end, reason: the
  sourcing signals; the summary counts are ``articles.sourcing.summary``.
``copies``: article_source, article_id, copy_of_source, copy_of_id, kind, similarity.
``failed``: position, location, message: every input that could not be read (``records.InputError``)
  and every article cleaning left empty, as ``newstrail ingest`` reports them.

The Spark types of these tables are in ``spark.rows``; this module needs no Spark, so ``load``
(pyarrow only) can read the constants.
"""

from __future__ import annotations

FORMAT = "newstrail-parquet"
VERSION = 1
MANIFEST = "manifest.json"
TABLES = ("articles", "entities", "quotes", "figures", "figure_checks", "signals", "copies", "failed")
FILE_SHIFT = 32  # position = file number << FILE_SHIFT | record number
