"""The tables ``newstrail spark link`` adds to a dataset (README, "Past one machine: Spark").

Each result of linking is one row with its id, the columns one filters or joins on, and
``json``: the record's JSON form, as the store keeps it and the API serves it
(``newstrail.link.records``). ``story_articles`` and ``quote_members`` are those lists
flattened, keyed by the article's (source, id) as the other tables of the dataset are.

| table | one row per | columns |
|---|---|---|
| ``stories`` | story | id, first_published, last_published, outlets, articles, json |
| ``story_articles`` | article | story_id, article_source, article_id, order, similarity, copy_of_source, copy_of_id |
| ``quote_clusters`` | quote cluster | id, text, articles, json |
| ``quote_members`` | quote in a cluster | cluster_id, article_source, article_id, idx, similarity, partial |
| ``figure_matches`` | figure match | id, kind, a_source, a_article, a_index, b_source, b_article, b_index, json |
| ``figure_series`` | figure series | id, story_id, conflict, json |
| ``provenance`` | quote cluster or figure series | target, kind, origin, origin_medium, json |
| ``exclusive_details`` | exclusive detail | story_id, kind, article_source, article_id, target, text |
| ``speakers`` | person quoted | name, quotes, articles, json |
"""

from __future__ import annotations

import json

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import ArrayType, BooleanType, DoubleType, LongType, StringType, StructField, StructType

LINK_TABLES = ("stories", "story_articles", "quote_clusters", "quote_members", "figure_matches", "figure_series",
               "provenance", "exclusive_details", "speakers")


def _schema(*columns: str) -> StructType:
    """Columns named ``name`` (string) or ``name:type`` (long, double, bool, strings)."""
    kinds = {"long": LongType(), "double": DoubleType(), "bool": BooleanType(), "strings": ArrayType(StringType())}
    return StructType([StructField(c.split(":")[0], kinds[c.split(":")[1]] if ":" in c else StringType())
                       for c in columns])


SCHEMAS = {
    "stories": _schema("id", "first_published", "last_published", "outlets:strings", "articles:long", "json"),
    "story_articles": _schema("story_id", "article_source", "article_id", "order:long", "similarity:double",
                              "copy_of_source", "copy_of_id"),
    "quote_clusters": _schema("id", "text", "articles:long", "json"),
    "quote_members": _schema("cluster_id", "article_source", "article_id", "idx:long", "similarity:double",
                             "partial:bool"),
    "figure_matches": _schema("id", "kind", "a_source", "a_article", "a_index:long", "b_source", "b_article",
                              "b_index:long", "json"),
    "figure_series": _schema("id", "story_id", "conflict:bool", "json"),
    "provenance": _schema("target", "kind", "origin", "origin_medium", "json"),
    "exclusive_details": _schema("story_id", "kind", "article_source", "article_id", "target", "text"),
    "speakers": _schema("name", "quotes:long", "articles:long", "json"),
}


def _json(record) -> str:
    return json.dumps(record.to_dict(), ensure_ascii=False, allow_nan=False)


def _story_articles(story):
    for a in story.articles:
        copy_of = a.copy_of or (None, None)
        yield story.id, a.source, a.id, a.order, float(a.similarity), copy_of[0], copy_of[1]


def _rows(results: dict) -> dict:
    """RDDs of the tuples of each table, from the record RDDs of ``spark.link.link_results``."""
    return {
        "stories": results["stories"].map(lambda s: (s.id, s.first_published, s.last_published, s.outlets,
                                                     len(s.articles), _json(s))),
        "story_articles": results["stories"].flatMap(_story_articles),
        "quote_clusters": results["quotes"].map(lambda c: (c.id, c.text, len({(m.source, m.article) for m in c.members}),
                                                           _json(c))),
        "quote_members": results["quotes"].flatMap(lambda c: ((c.id, m.source, m.article, m.index, float(m.similarity),
                                                                m.partial) for m in c.members)),
        "figure_matches": results["figures"].map(lambda m: (m.id, m.kind, m.a.source, m.a.article, m.a.index,
                                                            m.b.source, m.b.article, m.b.index, _json(m))),
        "figure_series": results["series"].map(lambda s: (s.id, s.story, s.conflict, _json(s))),
        "provenance": results["provenance"].map(lambda p: (p.target, p.kind, p.origin, p.origin_medium, _json(p))),
        "exclusive_details": results["exclusive"].map(lambda d: (d.story, d.kind, d.source, d.article, d.target,
                                                                 d.text)),
        "speakers": results["speakers"].map(lambda s: (s.name, s.quotes, s.articles, _json(s))),
    }


def link_frames(spark: SparkSession, results: dict) -> dict[str, DataFrame]:
    """The DataFrame of each of ``LINK_TABLES``."""
    rows = _rows(results)
    return {name: spark.createDataFrame(rows[name], SCHEMAS[name]) for name in LINK_TABLES}
