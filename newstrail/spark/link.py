"""``newstrail spark link``: link a dataset of ``spark ingest`` by the rules of ``newstrail link``
(a full link: ``link.corpus.link_store`` on a store holding the dataset), as Spark stages over
plain records; no step brings the corpus to the driver.

1. the articles in input order get their ingest order (``order``: 0, 1, ... as the store's
   numbers give it) by one sort, and their wire-copy link;
2. the lines an outlet repeats (``link.boilerplate.outlet_boilerplate``) are found per outlet:
   the rule only ever compares articles of one outlet, so each outlet is one task;
3. story features per article (``features_from_article`` on the article without that
   furniture), then stories (``spark.stories``: candidate pairs by joins, their connected
   components, ``cluster_stories`` per component);
4. quote clusters (``spark.quotes``: shingle joins, ``same_quote`` per pair, components,
   ``match_quotes`` per component);
5. per story, what ``link_store`` finds within a story: figure matches and series
   (``figure_relations`` with the story as the only group), their provenance
   and the story's exclusive details (given the parts of the quote clusters inside it, as
   ``corpus._exclusives`` gives them); the provenance of each quote cluster;
6. the speaker index (``spark.speakers``) by joins on names;
7. ids as the local link gives them (``s``, ``q``, ``f``, ``fs`` numbered by one sort each),
   then the tables of ``LINK_TABLES`` and the manifest's ``link`` entry.

A later run links the whole dataset again and replaces the tables.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, replace

from pyspark import StorageLevel
from pyspark.sql import SparkSession

from newstrail.link import StoryParams, features_from_article
from newstrail.link.boilerplate import outlet_boilerplate, without_spans
from newstrail.link.corpus import LinkSummary
from newstrail.link.figures import sort_key
from newstrail.link.provenance import quote_provenance
from newstrail.link.quotes import QuoteParams
from newstrail.link.within import within_story
from newstrail.records import Article
from newstrail.spark import quotes as spark_quotes
from newstrail.spark import speakers as spark_speakers
from newstrail.spark import stories as spark_stories
from newstrail.spark.load import manifest
from newstrail.spark.schema import MANIFEST
from newstrail.spark.tables import link_frames


def _ordered(spark: SparkSession, folder: str, partitions: int):
    """(order, (Article, copy_of key or None)) of the dataset's articles, order 0, 1, ... in input order."""
    rows = spark.read.parquet(os.path.join(folder, "articles")).drop("minhash", "line_keys", "content_hash").rdd
    by_position = rows.map(lambda row: (row["position"], row.asDict(recursive=True)))
    return (by_position.sortByKey(numPartitions=partitions).values().zipWithIndex()
            .map(lambda rn: (rn[1], (Article.from_dict(rn[0]), _copy_of(rn[0])))))


def _copy_of(row: dict):
    return (row["copy_of_source"], row["copy_of_id"]) if row.get("copy_kind") else None


def _furniture(ordered, partitions: int):
    """(order, spans) of the articles with lines their outlet repeats (``outlet_boilerplate``),
    one task per outlet: the rule never compares articles of two outlets."""
    by_outlet = ordered.filter(lambda r: r[1][0].source).map(lambda r: (r[1][0].source, (r[0], r[1][0])))

    def spans(group):
        members = sorted(group[1], key=lambda m: m[0])
        order_of = {(a.source, a.id): order for order, a in members}
        found = outlet_boilerplate([a for _, a in members])
        return ((order_of[key], s) for key, s in found.items())

    return by_outlet.groupByKey(partitions).flatMap(spans)


def _prepared(ordered, partitions: int):
    """(order, (Article, furniture spans, copy_of)) of every article."""
    furniture = _furniture(ordered, partitions)
    return ordered.leftOuterJoin(furniture, partitions).mapValues(lambda v: (v[0][0], v[1] or [], v[0][1]))


def _features(row, params: StoryParams):
    order, (article, spans, copy_of) = row
    return order, features_from_article(without_spans(article, spans), order=order, copy_of=copy_of, params=params)


def _key(article) -> tuple:
    return article.source, article.id


def _shuffle_key(source: str | None, id_: str) -> tuple[str, str]:
    """An article key as a join key: Spark sorts keys when a shuffle spills to disk, and None
    does not compare with a name (the store keeps no outlet named "" either)."""
    return source or "", id_


def _copy_edges(prepared, partitions: int):
    """(copy's order, original's order) of each wire copy."""
    order_of = prepared.map(lambda r: (_shuffle_key(*_key(r[1][0])), r[0]))
    copies = prepared.filter(lambda r: r[1][2] is not None).map(lambda r: (_shuffle_key(*r[1][2]), r[0]))
    return copies.join(order_of, partitions).values()


def _within_story(group):
    """What one story finds (``link.within.within_story``; ids ``<story>:<id>`` until numbered),
    from (story, (stories, (order, article) pairs, quote cluster parts))."""
    _, (found, members, parts) = group
    story = next(iter(found))
    members = sorted(members, key=lambda m: m[0])
    clusters: dict[str, object] = {}
    for cluster, member in sorted(parts, key=lambda p: (p[0].id, p[1].order, p[1].index)):
        clusters.setdefault(cluster.id, replace(cluster, members=[]))
        clusters[cluster.id].members.append(member)
    within = within_story(story, [a for _, a in members], {_key(a): order for order, a in members},
                          list(clusters.values()))
    return ([("match", m) for m in within.matches] + [("series", s) for s in within.series]
            + [("provenance", p) for p in within.provenance] + [("exclusive", d) for d in within.exclusive])


def _cluster_parts(clusters, labels, partitions: int):
    """(story id, (cluster, member)) of each member of each quote cluster, by the member's story."""
    members = clusters.flatMap(lambda c: ((_shuffle_key(m.source, m.article), (c, m)) for m in c.members))
    return members.join(labels, partitions).map(lambda kv: (kv[1][1], kv[1][0]))


def _numbered(rdd, key, prefix: str, partitions: int):
    """(old id, new id) of the records of ``rdd`` numbered ``prefix1``, ``prefix2``... in ``key`` order."""
    return (rdd.keyBy(key).sortByKey(numPartitions=partitions).values().zipWithIndex()
            .map(lambda rn: (rn[0].id, f"{prefix}{rn[1] + 1}")))


def _renumber_series(series, ids, partitions: int):
    """Series with their final ids, ``scope_related`` following them (a series's scope relations
    lie within its story)."""
    named = series.map(lambda s: (s.id, s)).join(ids, partitions).map(lambda kv: (kv[1][0].story, (kv[0], kv[1])))

    def story_series(group):
        items = list(group[1])
        new = {old: new for old, (_, new) in items}
        for _, (s, final) in items:
            s.id = final
            s.scope_related = [new[x] for x in s.scope_related]
            yield s

    return named.groupByKey(partitions).flatMap(story_series)


def _retarget(records, ids, partitions: int, field_name: str):
    """``records`` with ``field_name`` (a series id until numbered) set to the series's final id;
    records whose field names no series (a cluster's id, or none: "" as a shuffle key) keep it."""
    keyed = records.map(lambda r: (getattr(r, field_name) or "", r)).leftOuterJoin(ids, partitions)

    def set_final(kv):
        record, final = kv[1]
        if final is not None:
            setattr(record, field_name, final)
        return record

    return keyed.map(set_final)


def link_results(spark: SparkSession, folder: str, params: StoryParams, partitions: int) -> tuple[dict, list]:
    """RDDs of the records ``link_store`` finds in the dataset at ``folder`` (stories, quotes
    (clusters), figures (matches), series, provenance, exclusive, speakers), and the persisted
    RDDs to release once they are written."""
    prepared = _prepared(_ordered(spark, folder, partitions), partitions).persist(StorageLevel.MEMORY_AND_DISK)
    features = prepared.map(lambda row: _features(row, params))
    stories = spark_stories.stories(features, _copy_edges(prepared, partitions), params, partitions)
    labels = stories.flatMap(lambda s: ((_shuffle_key(*a.key), s.id) for a in s.articles))
    labels.persist(StorageLevel.MEMORY_AND_DISK)
    clusters = spark_quotes.quote_clusters(prepared, QuoteParams(), partitions)
    by_story = prepared.map(lambda r: (_shuffle_key(*_key(r[1][0])), (r[0], r[1][0]))).join(labels, partitions) \
        .map(lambda kv: (kv[1][1], kv[1][0]))
    found = (stories.keyBy(lambda s: s.id).groupWith(by_story, _cluster_parts(clusters, labels, partitions))
             .flatMap(_within_story).persist(StorageLevel.MEMORY_AND_DISK))

    def kind(name):
        return found.filter(lambda kr: kr[0] == name).values()

    matches = kind("match")
    match_ids = _numbered(matches, lambda m: (sort_key(m.a), sort_key(m.b)), "f", partitions)
    matches = matches.map(lambda m: (m.id, m)).join(match_ids, partitions).map(lambda kv: _set_id(kv[1][0], kv[1][1]))
    series = kind("series")
    series_ids = _numbered(series, lambda s: sort_key(s.figures[0]), "fs", partitions)
    series_ids.persist(StorageLevel.MEMORY_AND_DISK)
    figure_prov = _retarget(kind("provenance"), series_ids, partitions, "target")
    results = {
        "stories": stories,
        "quotes": clusters,
        "figures": matches,
        "series": _renumber_series(series, series_ids, partitions),
        "provenance": clusters.map(quote_provenance).union(figure_prov),
        "exclusive": _retarget(kind("exclusive"), series_ids, partitions, "target"),
        "speakers": spark_speakers.corpus_speakers(prepared.map(lambda r: (r[0], r[1][0])), partitions),
    }
    return results, [prepared, stories, labels, clusters, found, series_ids]


def _set_id(record, new_id: str):
    record.id = new_id
    return record


def spark_link(spark: SparkSession, folder: str, params: StoryParams | None = None,
               partitions: int | None = None) -> LinkSummary:
    """Link the dataset at ``folder`` and write the tables of ``LINK_TABLES`` into it; what it
    found is told as ``newstrail link --full`` tells it (a ``LinkSummary``, mode ``full``)."""
    started = time.perf_counter()
    data = manifest(folder)
    params = params or StoryParams()
    partitions = partitions or spark.sparkContext.defaultParallelism
    results, held = link_results(spark, folder, params, partitions)
    for name, frame in link_frames(spark, results).items():
        frame.write.mode("overwrite").parquet(os.path.join(folder, name))
    for rdd in held:
        rdd.unpersist()
    tally = _tally(spark, folder)
    tally.seconds = round(time.perf_counter() - started, 2)
    data["link"] = {"tally": tally.to_dict(), "params": asdict(params)}
    with open(os.path.join(folder, MANIFEST), "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2)
        handle.write("\n")
    return tally


def _tally(spark: SparkSession, folder: str) -> LinkSummary:
    """The counts of the tables just written (read back: each table is computed once)."""
    def table(name):
        return spark.read.parquet(os.path.join(folder, name))

    articles = table("articles").count()
    tally = LinkSummary("full", articles=articles, added=articles)
    stories = table("stories")
    tally.stories = stories.count()
    tally.multi_outlet_stories = stories.where("size(outlets) > 1").count()
    tally.quote_clusters = table("quote_clusters").count()
    kinds = table("figure_matches").groupBy("kind").count().collect()
    tally.figure_matches = {row["kind"]: row["count"] for row in kinds}
    tally.figure_series = table("figure_series").count()
    tally.exclusive_details = table("exclusive_details").count()
    tally.speakers = table("speakers").count()
    return tally

