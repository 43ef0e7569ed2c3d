"""Quote clusters of a dataset on Spark by the rules of ``link.quotes.match_quotes``.

``match_quotes`` compares quotes of different articles that share a shingle (one shared by
more than ``max_posting`` quotes is a stock phrase and is skipped), keeps a pair when
``same_quote`` says so, and grows clusters around their longest quotes along those matched
pairs only: a quote joins the cluster of a quote it matches, or heads one. So a cluster never
spans two connected components of the matched pairs, and each component can be clustered
alone. Here:

1. each quote of each article (not in the outlet's furniture, at least ``min_words`` words)
   becomes an item keyed (article order, quote index), the order ``match_quotes`` walks them;
2. the items sharing each shingle are grouped; a shingle of more than ``max_posting`` items
   is stock (the few such shingles reach the driver), the others give the pairs and the
   number of shingles each pair shares; ``same_quote`` judges each pair;
3. the components of the matched pairs (``spark.graph``) are clustered by ``match_quotes``
   itself, on the component's quotes in their articles at their own indexes (the article's
   other quotes blanked, so indexes hold), told the corpus's stock shingles (``stock=``): within
   a component a stock shingle may be shared by fewer than ``max_posting`` quotes;
4. clusters are numbered ``q1``, ``q2``... by their earliest member, by one sort.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from operator import add

from pyspark import StorageLevel

from newstrail.link.boilerplate import inside
from newstrail.link.quotes import QuoteParams, match_quotes, normalise, same_quote, shingles
from newstrail.spark.graph import components


@dataclass
class Carrier:
    """What ``match_quotes`` reads of an article."""

    source: str | None
    id: str
    published: str | None
    quotes: list = field(default_factory=list)


def _items(row, params: QuoteParams):
    """((order, quote index), (quote, segments, shingles, words, (source, id, published, quotes)))
    of each quote of one prepared article that ``match_quotes`` would index."""
    order, (article, spans, _) = row
    carrier = (article.source, article.id, article.published, len(article.quotes or []))
    for qi, quote in enumerate(article.quotes or []):
        if spans and inside(quote.start, spans):
            continue
        segments = normalise(quote.text)
        words = [w for s in segments for w in s]
        if len(words) >= params.min_words:
            yield (order, qi), (quote, segments, shingles(segments, params.shingle), words, carrier)


def _shingle_pairs(posting, params: QuoteParams):
    """((a, b), 1) for each pair of items of different articles sharing one shingle, a < b."""
    members = sorted(posting)
    if len(members) > params.max_posting:
        return
    for k, a in enumerate(members):
        for b in members[k + 1:]:
            if a[0] != b[0]:
                yield (a, b), 1


def matched_pairs(items, params: QuoteParams, partitions: int):
    """(a, b) item keys of the pairs ``match_quotes`` matches."""
    shared = (items.flatMap(lambda kv: ((sh, kv[0]) for sh in kv[1][2])).groupByKey(partitions)
              .flatMap(lambda g: _shingle_pairs(g[1], params)).reduceByKey(add, partitions)
              .filter(lambda kv: kv[1] >= 2))  # fewer: ``same_quote`` says no
    with_a = shared.map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).join(items, partitions)
    with_b = with_a.map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][1]))).join(items, partitions)

    def same(row):
        b, ((a, n, item_a), item_b) = row
        pair = [(a[0], a[1], *item_a[:4]), (b[0], b[1], *item_b[:4])]
        return same_quote(pair, 0, 1, n, params, {}) is not None

    return with_b.filter(same).map(lambda row: (row[1][0][0], row[0]))


def stock_shingles(items, params: QuoteParams) -> set[str]:
    """The shingles of more than ``max_posting`` items: stock phrases ``match_quotes`` skips."""
    return set(items.flatMap(lambda kv: ((sh, 1) for sh in kv[1][2])).reduceByKey(add)
               .filter(lambda kv: kv[1] > params.max_posting).keys().collect())


def _cluster_component(group, stock: set[str], params: QuoteParams):
    """The quote clusters of one component: ``match_quotes`` on its quotes, in their articles."""
    members = sorted(group[1])
    by_order: dict[int, Carrier] = {}
    orders = {}
    for (order, qi), item in members:
        source, id_, published, n = item[4]
        if order not in by_order:
            by_order[order] = Carrier(source, id_, published, [None] * n)
            orders[(source, id_)] = order
        by_order[order].quotes[qi] = item[0]
    blank = replace(members[0][1][0], text="")
    carriers = [by_order[order] for order in sorted(by_order)]
    for carrier in carriers:
        carrier.quotes = [q if q is not None else blank for q in carrier.quotes]
    return match_quotes(carriers, params, orders=orders, stock=stock)


def _earliest(cluster):
    first = cluster.members[0]
    return first.published is None, first.published or "", first.order, first.index


def quote_clusters(prepared, params: QuoteParams, partitions: int):
    """The ``QuoteCluster`` records, numbered, of the RDD of (order, (article, furniture spans,
    copy_of))."""
    items = prepared.flatMap(lambda row: _items(row, params)).persist(StorageLevel.MEMORY_AND_DISK)
    stock = items.context.broadcast(stock_shingles(items, params))
    edges = matched_pairs(items, params, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    nodes = edges.flatMap(lambda e: e).distinct(partitions)
    label = components(nodes, edges, partitions)
    grouped = items.join(label, partitions).map(lambda kv: (kv[1][1], (kv[0], kv[1][0]))).groupByKey(partitions)
    found = grouped.flatMap(lambda g: _cluster_component(g, stock.value, params))
    numbered = found.keyBy(_earliest).sortByKey(numPartitions=partitions).values().zipWithIndex()
    result = numbered.map(lambda cn: _named(*cn)).persist(StorageLevel.MEMORY_AND_DISK)
    result.count()
    for held in (items, edges, label):
        held.unpersist()
    stock.destroy()
    return result


def _named(cluster, number: int):
    cluster.id = f"q{number + 1}"
    return cluster
