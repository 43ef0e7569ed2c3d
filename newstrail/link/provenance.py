"""Provenance of matched quotes and figure series, and details only one outlet carries.

For a quote cluster or a figure series: the carriers (every article with it), the earliest one
(publication date, then ingest order; undated articles after dated ones), the medium named
anywhere ("told RIA Novosti": that medium is the origin even when no article of it is in the
corpus; the medium most carriers name, the earliest carrier's on a tie), the attribution most
carriers give (speaker for quotes, claimed-by source for figures), the carriers that drop that
attribution, and those that drop the medium.

``exclusive_details(story, articles, quote_clusters, figure_series)`` lists, for a story told
by at least two outlets, the figures and quotes only one outlet carries.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

from newstrail.link.figures import FigureParams, _thing, counted_head, figure_refs
from newstrail.link.records import (
    Carrier,
    ExclusiveDetail,
    FigureSeries,
    Provenance,
    QuoteCluster,
    Story,
)


def _earliest(carriers: list[Carrier]) -> Carrier:
    return min(carriers, key=lambda c: (c.published is None, c.published or "", c.order))


def _majority(values: list[str | None], carriers: list[Carrier]) -> str | None:
    named = [v for v in values if v]
    if not named:
        return None
    counts = Counter(v.lower() for v in named)
    top = max(counts.values())
    # tie: the value of the earliest carrier giving one of the tied values
    ordered = sorted(zip(values, carriers), key=lambda vc: (vc[1].published is None, vc[1].published or "", vc[1].order))
    for v, _ in ordered:
        if v and counts[v.lower()] == top:
            return v
    return named[0]


def _build(target: str, kind: str, carriers: list[Carrier]) -> Provenance:
    attribution = _majority([c.attribution for c in carriers], carriers)
    medium = _majority([c.medium for c in carriers], carriers)
    return Provenance(
        target=target, kind=kind, earliest=_earliest(carriers), carriers=carriers, origin_medium=medium,
        attribution=attribution,
        attribution_dropped=[c for c in carriers if attribution and not c.attribution],
        medium_dropped=[c for c in carriers if medium and not c.medium],
    )


def quote_provenance(cluster: QuoteCluster) -> Provenance:
    carriers = [Carrier(m.article, m.source, m.published, m.order,
                        attribution=m.speaker_entity or m.speaker_resolved or m.speaker, medium=m.medium)
                for m in cluster.members]
    return _build(cluster.id, "quote", carriers)


def figure_provenance(series: FigureSeries) -> Provenance:
    carriers = [Carrier(f.article, f.source, f.published, f.order, attribution=f.claimed_by, medium=f.medium)
                for f in series.figures]
    return _build(series.id, "figure", carriers)


def provenance(quote_clusters: Sequence[QuoteCluster] = (), series: Sequence[FigureSeries] = ()) -> list[Provenance]:
    """Provenance for every quote cluster and figure series given."""
    return [quote_provenance(c) for c in quote_clusters] + [figure_provenance(s) for s in series]


def exclusive_details(story: Story, articles: Sequence, quote_clusters: Sequence[QuoteCluster] = (),
                      series: Sequence[FigureSeries] = (), params: FigureParams | None = None) -> list[ExclusiveDetail]:
    """Figures and quotes of ``story`` that only one of its outlets carries.

    ``articles`` are the story's ``records.Article``s (others are ignored). A figure is
    exclusive when no other outlet of the story gives a figure for the same counted head and
    event (whatever the number); a quote when no cluster joins it to another outlet's article.
    Nothing is exclusive in a single-outlet story.
    """
    params = params or FigureParams()
    keys = {a.key for a in story.articles}
    arts = [a for a in articles if (a.source, a.id) in keys]
    if len({a.source for a in arts}) < 2:
        return []
    out: list[ExclusiveDetail] = []
    refs = [r for _, r in figure_refs(arts, None, params.approx_tolerance)]
    outlets_by_kind: dict[tuple[str, str], set] = {}
    for r in refs:
        outlets_by_kind.setdefault((counted_head(r.counted), _thing(r)[1]), set()).add(r.source)
    series_of = {}
    for s in series:
        for f in s.figures:
            series_of[(f.source, f.article, f.index)] = s.id
    for r in refs:
        if outlets_by_kind[(counted_head(r.counted), _thing(r)[1])] == {r.source}:
            out.append(ExclusiveDetail(story.id, "figure", r.article, r.source, r.text,
                                       series_of.get((r.source, r.article, r.index))))
    carried: dict[tuple, str] = {}
    outlets_of: dict[str, set] = {}
    for c in quote_clusters:
        members = [m for m in c.members if (m.source, m.article) in keys]
        outlets_of[c.id] = {m.source for m in members}
        for m in members:
            carried[(m.source, m.article, m.index)] = c.id
    for art in arts:
        for qi, q in enumerate(art.quotes or []):
            cid = carried.get((art.source, art.id, qi))
            if cid is None or outlets_of[cid] == {art.source}:
                out.append(ExclusiveDetail(story.id, "quote", art.id, art.source, q.text, cid))
    return out
