"""Corpus linking: stories, the same quote and figure across outlets, provenance.

Pure functions and classes over ``newstrail.records.Article`` (the store and CLI wire them up):

- stories, knobs in ``StoryParams`` (``params``): ``features_from_article`` /
  ``features_from_doc`` / ``features_from_text`` -> ``StoryFeatures`` (``features``, weighted by
  ``weighting``); ``StoryLinker(params).add(features) -> story id`` (incremental, ``linker``;
  stored as rows of plain data, ``state``); ``cluster_stories(features, params) -> list[Story]``
  (full re-cluster, ``clustering``), ``recluster`` (the same, as a linker later articles attach to);
- quotes: ``match_quotes(articles) -> list[QuoteCluster]``;
- figures: ``match_figures(articles) -> list[FigureMatch]``, ``figure_series(articles) ->
  list[FigureSeries]``, both at once ``figure_relations``;
- provenance: ``provenance(quote_clusters, series) -> list[Provenance]``,
  ``exclusive_details(story, articles, quote_clusters, series) -> list[ExclusiveDetail]``;
- what one story finds within itself (figures, their provenance, exclusive details) and the
  corpus-wide ids of what all stories found: ``within`` (how a link reads a corpus story by story);
- ``link_articles(articles)``: all of it at once for a batch of analysed articles.

JSON forms are documented on the record classes in ``newstrail.link.records``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from newstrail.link.clustering import attach, cluster_stories, labels_of, recluster
from newstrail.link.features import StoryFeatures, features_from_article, features_from_doc, features_from_text
from newstrail.link.figures import FigureParams, figure_relations, figure_series, match_figures
from newstrail.link.linker import StoryLinker
from newstrail.link.params import StoryParams
from newstrail.link.provenance import exclusive_details, figure_provenance, provenance, quote_provenance
from newstrail.link.quotes import QuoteParams, match_quotes
from newstrail.link.records import (
    ExclusiveDetail,
    FigureMatch,
    FigureSeries,
    Provenance,
    QuoteCluster,
    Story,
    StoryArticle,
)
from newstrail.link.state import LinkStateError


@dataclass(slots=True)
class Linked:
    """Everything linking finds in a batch. JSON (``to_dict``): ``{"stories": [...],
    "quotes": [...], "figures": [FigureMatch...], "series": [...], "provenance": [...],
    "exclusive": [...]}``."""

    stories: list[Story] = field(default_factory=list)
    quotes: list[QuoteCluster] = field(default_factory=list)
    figures: list[FigureMatch] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    exclusive: list[ExclusiveDetail] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {k: [x.to_dict() for x in getattr(self, k)]
                for k in ("stories", "quotes", "figures", "series", "provenance", "exclusive")}


def link_articles(articles: Sequence, *, docs: Sequence | None = None,
                  copies: Mapping[tuple, tuple] | None = None, embeddings: Sequence | None = None,
                  story_params: StoryParams | None = None) -> Linked:
    """Link analysed articles (in ingest order): stories by full re-cluster, then quote
    clusters (across the whole batch), figure matches and series (within stories), their
    provenance and each story's exclusive details. ``docs``: their spaCy parses (optional;
    better lemmas); ``copies``: article key -> key of the article it is a wire copy of;
    ``embeddings``: one unit vector per article (optional)."""
    copies = copies or {}
    feats = []
    for i, art in enumerate(articles):
        key = (art.source, art.id)
        feats.append(features_from_article(art, doc=docs[i] if docs is not None else None, order=i,
                                           embedding=embeddings[i] if embeddings is not None else None,
                                           copy_of=copies.get(key), params=story_params))
    stories = cluster_stories(feats, story_params)
    groups = labels_of(stories)
    quotes = match_quotes(articles)
    figures, series = figure_relations(articles, groups=groups)
    prov = provenance(quotes, series, articles, figures)
    excl = [d for s in stories for d in exclusive_details(s, articles, quotes, series)]
    return Linked(stories, quotes, figures, series, prov, excl)


__all__ = [
    "ExclusiveDetail", "FigureMatch", "FigureParams", "FigureSeries", "LinkStateError", "Linked", "Provenance",
    "QuoteCluster",
    "QuoteParams", "Story", "StoryArticle", "StoryFeatures", "StoryLinker", "StoryParams", "attach", "cluster_stories",
    "exclusive_details", "features_from_article", "features_from_doc", "features_from_text", "figure_provenance",
    "figure_relations", "figure_series", "labels_of", "link_articles", "match_figures", "match_quotes", "provenance",
    "quote_provenance", "recluster",
]
