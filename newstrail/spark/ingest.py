"""``newstrail spark ingest``: read, clean, parse and fingerprint on Spark, write Parquet.

The steps, each a Spark stage over plain Python records (no spaCy object leaves a worker):

1. list the inputs on the driver, read each file in a task (``spark.reading``);
2. keep the first article of each (source, id), as ingest counts later ones as duplicates;
3. count candidate boilerplate lines per source over the whole input (``analysis.line_stats``)
   and broadcast the lines that are boilerplate;
4. clean, detect the language, parse and extract in each partition (``analysis.analyse_partition``),
   with content hash, MinHash and line keys alongside each record; the results are persisted,
   so the parse runs once;
5. mark exact and near copies across the whole input (``spark.copies``), shuffling only
   fingerprints (key, content hash, MinHash), never the records;
6. bring each record and its copy mark together in input order (``spark.ordering``: one shuffle,
   no sampling pass) and write the tables of ``spark.schema`` under the output folder, then
   ``manifest.json``.

``partitions`` sets the parse's partitions (default: 4 per core, so a slow partition does not
keep the other cores idle at the end); shuffles of fingerprints and counts use one per core.
"""

from __future__ import annotations

import json
import os
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from newstrail.config import FETCH_DEADLINE, MAX_INPUT_BYTES, DEFAULT_MODEL
from newstrail.spark import analysis, copies, ordering, reading
from newstrail.spark.rows import ARTICLES, FAILED, to_row
from newstrail.spark.schema import FORMAT, MANIFEST, VERSION


@dataclass
class SparkTally:
    """What a Spark ingest did, in the terms of ``ingest.Tally`` (``failed``: how many; the
    errors themselves are in the ``failed`` table)."""

    read: int = 0
    ingested: int = 0
    duplicates: int = 0
    copies: int = 0
    non_english: int = 0
    failed: int = 0
    partitions: int = 0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Options:
    """How the inputs are read and parsed (the settings' values, as plain data for the workers)."""

    model: str = DEFAULT_MODEL
    components: dict = field(default_factory=dict)
    allow_private: bool = False
    max_bytes: int = MAX_INPUT_BYTES
    fetch_deadline: float = FETCH_DEADLINE
    near_threshold: float = copies.NEAR_THRESHOLD


class OutputExists(Exception):
    """The output folder holds files already; ``spark ingest`` never mixes two runs."""


def _read_all(spark: SparkSession, groups: Sequence[reading.Inputs], options: Options):
    """(position, item dict) rows of every input, one task per file."""
    tasks = []
    for inputs in groups:
        how = reading.reading(options.allow_private, options.max_bytes, options.fetch_deadline, inputs.source)
        tasks.extend((entry, inputs, how) for entry in reading.entries(inputs))
    numbered = [(number, *task) for number, task in enumerate(tasks)]
    if not numbered:
        return spark.sparkContext.emptyRDD()
    return (spark.sparkContext.parallelize(numbered, len(numbered))
            .flatMap(lambda task: reading.read_entry(*task)))


def _articles_frame(spark: SparkSession, rows) -> DataFrame:
    return spark.createDataFrame(rows.map(lambda row: to_row(row[1], ARTICLES)), ARTICLES)


KEY_NAMES = ("article_source", "article_id")  # quotes and figures have a ``source`` of their own


def _key():
    return F.col("source").alias(KEY_NAMES[0]), F.col("id").alias(KEY_NAMES[1])


def _in_order(records, marks, partitions: int):
    """The article rows (``rows.ARTICLES``) with their copy marks, in input order across and
    within ``partitions``: one shuffle into position ranges (``ordering.cuts``) sorted by
    position, which puts each record beside its mark; no sampling pass, as a global sort needs."""
    cuts = ordering.cuts(records.map(lambda row: row[0]).mapPartitions(ordering.spans).reduceByKey(ordering.merge).collectAsMap(),
                         partitions)
    tagged = records.mapValues(lambda record: (1, record)).union(marks.map(lambda mark: (mark[0], (0, mark[1:]))))
    ordered = tagged.repartitionAndSortWithinPartitions(len(cuts) + 1, lambda position: bisect_right(cuts, position))
    return ordered.mapPartitions(_marked_rows)


def _marked_rows(rows):
    for _, group in groupby(rows, key=itemgetter(0)):
        parts = dict(value for _, value in group)  # 1: the record, 0: its copy mark if any
        record = parts[1]
        if 0 in parts:
            source, id_, kind, similarity = parts[0]
            record = {**record, "copy_of_source": source, "copy_of_id": id_, "copy_kind": kind,
                      "similarity": similarity, "minhash": None if kind == "exact" else record["minhash"]}
        yield to_row(record, ARTICLES)


def _flat(articles: DataFrame, column: str, *select) -> DataFrame:
    """One row per element of the array ``column`` of each article, with its article's key and idx."""
    exploded = articles.select(*_key(), F.posexplode(column).alias("idx", "item"))
    return exploded.select(*KEY_NAMES, "idx", *(select or ["item.*"]))


def _tables(articles: DataFrame) -> dict[str, DataFrame]:
    """The flattened tables (``schema`` docstring) derived from ``articles``."""
    signals = [
        articles.select(*_key(), F.lit(kind).alias("kind"), F.posexplode(f"sourcing.{kind}").alias("idx", "item"))
        .select(*KEY_NAMES, "kind", "idx", "item.*")
        for kind in ("unsourced", "hedged")
    ]
    return {
        "entities": _flat(articles, "entities"),
        "quotes": _flat(articles, "quotes"),
        "figures": _flat(articles, "figures"),
        "figure_checks": _flat(articles, "figure_checks"),
        "signals": signals[0].unionByName(signals[1]),
        "copies": articles.where(F.col("copy_kind").isNotNull()).select(
            *_key(), "copy_of_source", "copy_of_id", F.col("copy_kind").alias("kind"), "similarity"),
    }


def check_output(out: str) -> None:
    if os.path.isdir(out) and os.listdir(out):
        raise OutputExists(f"{out}: the output folder is not empty; give a new one")


def spark_ingest(spark: SparkSession, groups: Sequence[reading.Inputs], out: str, options: Options = Options(),
                 partitions: int | None = None) -> SparkTally:
    """Ingest ``groups`` of inputs into a Parquet dataset at ``out`` (see ``spark.schema``)."""
    check_output(out)
    sc = spark.sparkContext
    partitions = partitions or 4 * sc.defaultParallelism
    small = min(partitions, sc.defaultParallelism)  # for shuffles of fingerprints and counts: few tasks
    tally = SparkTally(partitions=partitions)
    items = _read_all(spark, groups, options).persist(StorageLevel.MEMORY_AND_DISK)
    errors = items.filter(lambda row: row[1]["kind"] == "error")
    inputs = items.filter(lambda row: row[1]["kind"] == "article")
    unique = (inputs.map(lambda row: ((row[1]["source"], row[1]["id"]), row))
              .reduceByKey(lambda a, b: a if a[0] < b[0] else b, partitions)
              .values().persist(StorageLevel.MEMORY_AND_DISK))
    tally.read = items.count()
    stats = sc.broadcast(analysis.line_stats(unique))
    model, components = options.model, options.components
    analysed = unique.mapPartitions(
        lambda rows: analysis.analyse_partition(rows, stats.value, model, components)
    ).persist(StorageLevel.MEMORY_AND_DISK)
    records = analysed.filter(lambda row: row[0] == "article").map(lambda row: (row[1], row[2]))
    marks = copies.copy_marks(records.map(copies.fingerprint), options.near_threshold, small)
    failed = (analysed.filter(lambda row: row[0] == "failed")
              .union(errors.map(lambda row: analysis.error_row(row[0], row[1])))
              .map(lambda row: (row[1], (row[1], row[2]["location"], row[2]["message"]))))

    spark.createDataFrame(_in_order(records, marks, partitions), ARTICLES).write.parquet(os.path.join(out, "articles"))
    written = spark.read.parquet(os.path.join(out, "articles"))
    for name, table in _tables(written).items():
        table.write.parquet(os.path.join(out, name))
    failed = failed.repartitionAndSortWithinPartitions(1, lambda _: 0).values()
    spark.createDataFrame(failed, FAILED).write.parquet(os.path.join(out, "failed"))

    tally.duplicates = inputs.count() - unique.count()
    counts = written.agg(F.count("*"), F.count("copy_kind"),
                         F.sum(F.when(F.coalesce(F.col("language"), F.lit("en")) != "en", 1).otherwise(0))).first()
    tally.ingested, tally.copies, tally.non_english = counts[0], counts[1], int(counts[2] or 0)
    tally.failed = spark.read.parquet(os.path.join(out, "failed")).count()
    for rdd in (items, unique, analysed):
        rdd.unpersist()
    stats.destroy()
    _write_manifest(out, groups, options, tally)
    return tally


def _write_manifest(out: str, groups, options: Options, tally: SparkTally) -> None:
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "model": options.model,
        "inputs": [{"paths": list(g.paths), "format": g.fmt, "source": g.source} for g in groups],
        "tally": tally.to_dict(),
    }
    with open(os.path.join(out, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2)
        handle.write("\n")
