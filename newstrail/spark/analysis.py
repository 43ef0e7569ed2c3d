"""What runs inside the partitions: learned boilerplate statistics, then the same cleaning, spaCy
pipeline and extraction as ``newstrail ingest``, with records (plain dicts) out.

Learned boilerplate: ingest cleans each article with the per-source line counts of everything
read before it and its own chunk (``ingest.Ingester``); here the counts are those of the whole
input, reduced across partitions. Only lines that can be boilerplate (in at least
``LineStats.min_articles`` articles of their source and in ``min_share`` of them) reach the driver
and the broadcast ``LineStats``, which then answers ``is_boilerplate`` exactly as one holding every
count would. On an input that fits in one ingest chunk (``ingest(chunk_size=256)``), both paths
clean with the same counts.

The model is loaded once per Python worker process (``nlp.pipeline.nlp_for(shared=True)`` keeps
one per process, and Spark reuses its Python workers between tasks); each partition streams
through ``process.analyse`` in that process, and only ``Article.to_dict()`` leaves it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from operator import add

from newstrail.cleaning.boilerplate import LineStats, candidate_lines, line_key
from newstrail.cleaning.dedupe import content_hash, minhash_signature
from newstrail.process import analyse, prepare
from newstrail.records import InputError
from newstrail.spark.reading import input_article

Row = tuple[int, dict]


def line_keys(text: str) -> list[str]:
    """The article's candidate boilerplate lines, keyed and sorted, as ingest stores them."""
    return sorted({line_key(line) for line in candidate_lines(text)})


def line_stats(articles, template: LineStats | None = None) -> LineStats:
    """The per-source line counts of the ``articles`` RDD ((position, item) rows), reduced to the
    lines that may be boilerplate."""
    stats = template or LineStats()
    per_source = articles.map(lambda row: (row[1]["source"] or "", 1)).reduceByKey(add).collectAsMap()
    floor = {source: max(stats.min_articles, stats.min_share * n) for source, n in per_source.items()}
    counts = (
        articles.flatMap(lambda row: (((row[1]["source"] or "", key), 1) for key in line_keys(row[1]["text"])))
        .reduceByKey(add)
        .filter(lambda pair: pair[1] >= floor[pair[0][0]])
        .collect()
    )
    kept: dict[str, dict[str, int]] = {source: {} for source in per_source}
    for (source, key), count in counts:
        kept[source][key] = count
    for source, n in per_source.items():
        stats.add_counts(source, n, kept[source])
    return stats


def worker_nlp(model: str, components: Mapping[str, Mapping]):
    """The pipeline, loaded once in this worker process: settings are rebuilt here from plain
    values, since ``config.Settings`` holds read-only mappings that do not pickle."""
    from newstrail import config
    from newstrail.nlp.pipeline import nlp_for

    return nlp_for(config.Settings(model=model, components={k: dict(v) for k, v in components.items()}), shared=True)


def analyse_partition(rows: Iterable[Row], stats: LineStats, model: str, components: Mapping[str, Mapping],
                      batch_size: int = 32) -> Iterator[tuple[str, int, dict]]:
    """("article", position, record) for each article, ("failed", position, error) for each that
    cleaning left empty (an input error with its location, as ingest reports it)."""
    failed: list[tuple[str, int, dict]] = []
    extra: dict[int, tuple[int, dict]] = {}

    def prepared():
        for position, item in rows:
            article = input_article(item)
            prep = prepare(article, stats)
            if prep.error:
                failed.append(("failed", position, {"location": article.origin or article.id, "message": prep.error}))
                continue
            extra[id(prep)] = (position, {
                "origin": article.origin,
                "content_hash": content_hash(prep.text),
                "minhash": minhash_signature(prep.text),
                "line_keys": line_keys(article.text),
            })
            yield prep

    nlp = worker_nlp(model, components)
    for prep, record in analyse(prepared(), nlp=nlp, batch_size=batch_size):
        position, bookkeeping = extra.pop(id(prep))
        yield "article", position, {**record.to_dict(), **bookkeeping, "position": position}
    yield from failed


def error_row(position: int, item: dict) -> tuple[str, int, dict]:
    error = InputError(item["location"], item["message"])
    return "failed", position, {"location": error.location, "message": error.message}
