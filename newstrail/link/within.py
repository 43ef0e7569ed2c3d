"""What a link finds within one story, and the corpus-wide ids of what all stories found.

Figure matches and series compare only figures of one story, and a series's provenance and a
story's exclusive details read only that story's articles (and the parts of quote clusters
inside it). So a link need never hold the corpus: it reads the articles of a few stories at a
time (``link.corpus``), or of one story per task (``spark.link``), and calls ``within_story``
on each. A story of one article has no pair of articles and finds nothing.

What one story finds is named ``<story>:<id>`` (ids unique within the story) until
``numbered`` gives the ids one call over the whole corpus would: matches ``f1``, ``f2``... in
order of their figures, series ``fs1``... in order of their first figure, with each series's
scope relations, provenance and exclusive details following its new id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from newstrail.link.figures import figure_relations, sort_key
from newstrail.link.provenance import exclusive_details, figure_provenance, related_figures
from newstrail.link.records import ArticleKey, ExclusiveDetail, FigureMatch, FigureSeries, Provenance, QuoteCluster, Story


@dataclass(slots=True)
class Within:
    """What stories found: figure matches, series, the series' provenance, exclusive details."""

    matches: list[FigureMatch] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    exclusive: list[ExclusiveDetail] = field(default_factory=list)

    def extend(self, other: Within) -> None:
        self.matches += other.matches
        self.series += other.series
        self.provenance += other.provenance
        self.exclusive += other.exclusive


def within_story(story: Story, articles: Sequence, orders: Mapping[ArticleKey, int],
                 clusters: Sequence[QuoteCluster] = ()) -> Within:
    """What ``story`` finds among its ``articles`` (``records.Article``, in ingest order):
    figure matches and series (ids ``<story>:<id>``), the series' provenance and, told by
    several outlets, its exclusive details. ``clusters``: the parts of the quote clusters
    inside the story (their members there)."""
    groups = {(a.source, a.id): story.id for a in articles}
    matches, series = figure_relations(articles, groups=groups, orders=orders)
    for m in matches:
        m.id = f"{story.id}:{m.id}"
    local = {s.id: f"{story.id}:{s.id}" for s in series}
    for s in series:
        s.id = local[s.id]
        s.scope_related = [local[x] for x in s.scope_related]
    by_key = dict(zip(groups, articles))
    related = related_figures(matches)
    found = Within(matches, series, [figure_provenance(s, by_key, related) for s in series])
    if len(story.outlets) > 1:
        found.exclusive = exclusive_details(story, articles, clusters, series)
    return found


def numbered(found: Within, top_matches: int = 0, top_series: int = 0,
             keep: Mapping[tuple, str] | None = None) -> None:
    """Give what stories found its corpus-wide ids, numbered after ``top_matches`` and
    ``top_series`` (the highest stored ids); a series whose (story, thing) ``keep`` names keeps
    that stored id (an incremental link recomputing a story)."""
    found.matches.sort(key=lambda m: (sort_key(m.a), sort_key(m.b)))
    renumber(found.matches, "f", {}, top_matches)
    found.series.sort(key=lambda s: sort_key(s.figures[0]))  # stable: ties keep a story's own order
    keep = keep or {}
    ids = renumber(found.series, "fs", {s.id: keep[(s.story, *s.thing)] for s in found.series
                                        if (s.story, *s.thing) in keep}, top_series)
    for s in found.series:
        s.scope_related = [ids[x] for x in s.scope_related]
    rank = {old: n for n, old in enumerate(ids)}  # provenance in series order
    found.provenance.sort(key=lambda p: rank[p.target])
    for p in found.provenance:
        p.target = ids[p.target]
    for d in found.exclusive:
        if d.kind == "figure" and d.target is not None:
            d.target = ids[d.target]


def renumber(items, prefix: str, keep: dict, top: int) -> dict[str, str]:
    """Give ``items`` (records with an ``id``) the id ``keep`` names for their old id, or the
    next free number after ``top``; returns old id -> new id."""
    ids = {}
    for item in items:
        new = keep.get(item.id)
        if new is None:
            top += 1
            new = f"{prefix}{top}"
        ids[item.id] = new
    for item in items:
        item.id = ids[item.id]
    return ids
