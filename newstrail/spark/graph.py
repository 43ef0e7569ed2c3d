"""Connected components of a graph held as RDDs, for ``spark link``: the groups of articles (or
quotes) that the local linking code may be run on one at a time.

Each node starts labelled with itself and takes, round after round, the smallest label among
its own, its neighbours' and its label's label (the last is pointer jumping: a long chain
settles in a number of rounds that grows with the log of its length rather than with its
length). Labels only fall and are always nodes of the same component, so when no label changes
every node is labelled with the smallest node of its component. Each round is a few joins; the
labels are checkpointed locally each round so the lineage stays one round long.
GraphFrames would do the same, but is a JVM package to ship; this needs nothing beyond PySpark.
"""

from __future__ import annotations

from pyspark import StorageLevel


def components(nodes, edges, partitions: int):
    """(node, smallest node of its component) for every node of the RDD ``nodes``, joined by the
    RDD ``edges`` of (node, node) pairs (nodes are comparable: ints or tuples)."""
    adjacent = (edges.filter(lambda e: e[0] != e[1]).flatMap(lambda e: ((e[0], e[1]), (e[1], e[0])))
                .distinct(partitions).persist(StorageLevel.MEMORY_AND_DISK))
    labels = nodes.map(lambda n: (n, n)).partitionBy(partitions).persist(StorageLevel.MEMORY_AND_DISK)
    while True:
        offered = adjacent.join(labels).values()  # (neighbour, this node's label)
        jumped = labels.map(lambda nl: (nl[1], nl[0])).join(labels).values()  # (node, its label's label)
        new = labels.union(offered).union(jumped).reduceByKey(min, partitions).persist(StorageLevel.MEMORY_AND_DISK)
        new.localCheckpoint()
        changed = new.join(labels).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = new
        if not changed:
            adjacent.unpersist()
            return labels
