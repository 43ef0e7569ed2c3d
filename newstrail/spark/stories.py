"""Stories of a dataset on Spark by the rules of ``newstrail link --full`` (``link.clustering``).

The full re-cluster scores blocked candidate pairs and clusters over them (average linkage,
then normalised cuts). Both passes only ever join articles linked by a scored pair or a wire
copy: average linkage merges two clusters only when the pairs between them have a positive
sum (``_average_linkage`` skips pairs of similarity 0 and pairs never scored), and the cuts
only split. So a story never spans two connected components of the graph of candidate pairs,
evidence pairs and copies, and each component can be clustered alone, given the corpus's
document frequencies (``cluster_stories(..., background=)``, which is how ``attach`` weighs a
few articles as in their corpus). On a component, the local code finds the same pairs:

- an article's blocking features are its ``block_terms`` heaviest features under the corpus
  IDF with document frequency at most ``max(min_df_cap, max_df * N)``, ties in the order of
  its own features (``_pair_matrices``): the corpus frequencies make them the same;
- its candidates are its ``pair_candidates`` neighbours sharing the most blocking features,
  within the time window; the component holds all of them (they are its edges), so the local
  choice among the component's articles is the corpus-wide one. Ties at the cut are the one
  place left to chance: here the earlier article wins, locally the order of scipy's sparse
  product; both are arbitrary, and they differ only for an article with more than
  ``pair_candidates`` equal-scored neighbours at the cut;
- evidence pairs (shared ``x:`` features within ``evidence_days``, a quote run also when
  undated) are edges too, and so found within the component.

Components keep the articles' relative order (``order``: input order), so ties in the linkage
are broken as the full re-cluster breaks them. Similarities are the same sums taken in another
order of the features (the local vocabulary's), so they may differ in the last bits; a story's
article similarities are rounded to four places. A component is clustered in one task: a
corpus whose candidate graph has one giant component clusters it on one executor (the local
path holds the whole corpus; this holds that component).

Story ids are given as ``cluster_stories`` gives them, ``s1``, ``s2``... in order of each
story's first publication date, then its earliest article, by one sort over the stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import add

from pyspark import StorageLevel

from newstrail.link import StoryParams, cluster_stories
from newstrail.link.weighting import CHANNELS, EVIDENCE, QUOTE_EVIDENCE, channel, idf, sublinear_unit
from newstrail.spark.graph import components


@dataclass(frozen=True)
class Corpus:
    """What the weighting needs of the whole corpus: its size and the blocking limit."""

    size: int
    limit: float


def document_frequencies(features, partitions: int):
    """(feature, how many articles have it) over the RDD of (order, ``StoryFeatures``)."""
    return (features.flatMap(lambda of: ((t, 1) for t in sublinear_unit(of[1].counts)))
            .reduceByKey(add, partitions))


def _terms(of):
    """(feature, (order, its place among the article's features, weight, day)) of one article."""
    order, f = of
    day = f.day
    for place, (t, v) in enumerate(sublinear_unit(f.counts).items()):
        yield t, (order, place, v, day)


def _blocking(rows, corpus: Corpus, params: StoryParams):
    """The blocking features of one article from (feature, place, weight, df, day) rows: its
    ``block_terms`` heaviest under the corpus IDF, among those rare enough, ties by place (as
    ``clustering._pair_matrices`` chooses them)."""
    rows = sorted(rows, key=lambda r: r[1])
    weighed = [(t, v * idf(corpus.size, df), day) for t, _, v, df, day in rows
               if df <= corpus.limit and channel(t) < CHANNELS]
    weighed.sort(key=lambda r: -r[1])
    return [(t, day) for t, _, day in weighed[:params.block_terms]]


def _within(a, b, days: int) -> bool:
    return a is None or b is None or abs(a - b) <= days


def _posting_pairs(posting, window: int):
    """((i, j), 1) for each ordered pair of distinct articles sharing one blocking feature
    within the time window."""
    members = list(posting)
    for i, di in members:
        for j, dj in members:
            if i != j and _within(di, dj, window):
                yield (i, j), 1


def _best(group, params: StoryParams):
    """The (lower, higher) candidate pairs of one article: its ``pair_candidates`` neighbours
    sharing the most blocking features (at least ``min_shared``), the earlier first among equals."""
    i, neighbours = group
    chosen = sorted((n for n in neighbours if n[1] >= params.min_shared), key=lambda n: (-n[1], n[0]))
    for j, _ in chosen[:params.pair_candidates]:
        yield (i, j) if i < j else (j, i)


def candidate_pairs(features, df, corpus: Corpus, params: StoryParams, partitions: int):
    """The blocked candidate pairs (lower order, higher order) of the full re-cluster."""
    terms = features.flatMap(_terms).join(df, partitions)  # (t, ((order, place, v, day), df))
    per_article = terms.map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1], kv[1][0][2], kv[1][1], kv[1][0][3])))
    blocks = (per_article.groupByKey(partitions)
              .flatMap(lambda g: ((t, (g[0], day)) for t, day in _blocking(g[1], corpus, params))))
    shared = (blocks.groupByKey(partitions).flatMap(lambda g: _posting_pairs(g[1], params.window_days))
              .reduceByKey(add, partitions))
    return (shared.map(lambda kv: (kv[0][0], (kv[0][1], kv[1]))).groupByKey(partitions)
            .flatMap(lambda g: _best(g, params)).distinct(partitions))


def _evidence_in(posting, params: StoryParams, quote: bool):
    """((i, j), (both dated, within ``evidence_days``, a quote run)) of each pair sharing one
    evidence feature."""
    members = sorted(posting)
    for k, (i, di) in enumerate(members):
        for j, dj in members[k + 1:]:
            dated = di is not None and dj is not None
            yield (i, j), (dated, dated and abs(di - dj) <= params.evidence_days, quote)


def evidence_pairs(features, params: StoryParams, partitions: int):
    """Pairs sharing strong evidence (``clustering._evidence_pairs``): both dated within
    ``evidence_days``, or a shared quote run when a side is undated."""
    keyed = features.flatMap(lambda of: ((t, (of[0], of[1].day)) for t in of[1].counts if t.startswith(EVIDENCE)))
    flags = (keyed.groupByKey(partitions)
             .flatMap(lambda g: _evidence_in(g[1], params, g[0].startswith(QUOTE_EVIDENCE)))
             .reduceByKey(lambda a, b: (a[0], a[1] or b[1], a[2] or b[2]), partitions))
    return flags.filter(lambda kv: kv[1][1] if kv[1][0] else kv[1][2]).keys()


def _cluster_component(group, size: int, params: StoryParams):
    """The stories of one component: ``cluster_stories`` on its articles, in order, weighed
    with the corpus's document frequencies."""
    _, (items, df) = group
    items = sorted(items, key=lambda f: f.order)  # an article of no features has no ``df`` rows
    return cluster_stories(items, params, background=(dict(df), size))


def stories(features, copy_edges, params: StoryParams, partitions: int):
    """The ``Story`` records, with their final ids, of the RDD of (order, ``StoryFeatures``);
    ``copy_edges``: (copy's order, original's order) pairs."""
    features = features.persist(StorageLevel.MEMORY_AND_DISK)
    df = document_frequencies(features, partitions).persist(StorageLevel.MEMORY_AND_DISK)
    size = features.count()
    corpus = Corpus(size, max(params.min_df_cap, params.max_df * size))
    edges = (candidate_pairs(features, df, corpus, params, partitions)
             .union(evidence_pairs(features, params, partitions)).union(copy_edges))
    label = components(features.keys(), edges, partitions)
    items = features.join(label, partitions).map(lambda kv: (kv[1][1], kv[1][0]))  # (component, features)
    background = (features.join(label, partitions)
                  .flatMap(lambda kv: ((t, kv[1][1]) for t in sublinear_unit(kv[1][0].counts)))
                  .distinct(partitions).join(df, partitions)
                  .map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))))  # (component, (t, df))
    found = (items.cogroup(background, partitions)
             .flatMap(lambda g: _cluster_component(g, size, params)))
    numbered = (found.keyBy(lambda s: (s.first_published or "9999", min(a.order for a in s.articles)))
                .sortByKey(numPartitions=partitions).values().zipWithIndex())
    result = numbered.map(lambda sn: _named(*sn)).persist(StorageLevel.MEMORY_AND_DISK)
    result.count()
    for held in (features, df, label):
        held.unpersist()
    return result


def _named(story, number: int):
    story.id = f"s{number + 1}"
    return story
