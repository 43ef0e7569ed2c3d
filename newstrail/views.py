"""The read model: what the CLI, the API and the web pages show, as typed records.

The interfaces ask this module for an article, a page of rows, a search, a story side by side
or a trail, so they show the same thing and none needs another (the API and the pages do
not import each other; the CLI imports neither). Lists come
back as a :class:`Page` (``items`` and the ``next`` cursor); corpus-linking results are read back
from their stored JSON as the records of ``newstrail.link.records`` (checked by pydantic on the
way in), and ``to_dict()`` of every record here gives the JSON form README.md documents.
Functions take the store as their first argument; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field, is_dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import TypeAdapter

from newstrail.link.records import (
    ArticleKey,
    ExclusiveDetail,
    FigureMatch,
    FigureSeries,
    Provenance,
    QuoteCluster,
    Story,
    StoryArticle,
)
from newstrail.records import Article
from newstrail.store.rows import ArticleRow, FigureRow, QuoteRow

T = TypeVar("T")


def to_json(record: Any) -> Any:
    """A record's JSON form: its ``to_dict()`` (which adds properties such as a story's
    ``outlets``), else its fields."""
    if hasattr(record, "to_dict"):
        return record.to_dict()
    return asdict(record) if is_dataclass(record) else record


class Page(NamedTuple, Generic[T]):
    """One page of a list: pass ``next`` back as ``after`` for the following page (None on
    the last). Cursors are store ids or linker ids, so a page does not shift when articles are
    added after it was read."""

    items: list[T]
    next: int | str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"items": [to_json(item) for item in self.items], "next": self.next}


def page(rows: list[T], limit: int | None, cursor: str) -> Page[T]:
    """Rows fetched with ``limit + 1`` as a page: the first ``limit``, and the ``cursor``
    attribute of the last of them when more follow (``limit=None``: every row, no cursor)."""
    if limit is None or len(rows) <= limit:
        return Page(rows)
    rows = rows[:limit]
    return Page(rows, getattr(rows[-1], cursor) if rows else None)


def _fetch(limit: int | None) -> int | None:
    """How many rows to ask for to know whether another page follows."""
    return None if limit is None else limit + 1


# --- stored linking results read back as records --------------------------------------------------

@cache
def _adapter(record: type) -> TypeAdapter:
    return TypeAdapter(record)


def _read(record: type[T], data: dict | None) -> T | None:
    """A stored JSON form back as its record; properties in it (``outlets``) are recomputed."""
    return None if data is None else _adapter(record).validate_python(data)


def _read_all(record: type[T], rows: list[dict]) -> list[T]:
    return _adapter(list[record]).validate_python(rows)


# --- articles, quotes, figures ----------------------------------------------------------------------

def articles(store, *, source: str | None = None, search: str | None = None, language: str | None = None,
             date_from: str | None = None, date_to: str | None = None, limit: int | None = 50,
             after: int | None = None) -> Page[ArticleRow]:
    """Articles in ingest order; filters as ``Store.list_articles``."""
    rows = store.list_articles(source=source, search=search, language=language, date_from=date_from,
                               date_to=date_to, limit=_fetch(limit), after=after)
    return page(rows, limit, "pk")


def quotes(store, *, speaker: str | None = None, source: str | None = None, search: str | None = None,
           limit: int | None = 50, after: int | None = None) -> Page[QuoteRow]:
    """Quotes in store order; filters as ``Store.list_quotes``."""
    return page(store.list_quotes(speaker=speaker, source=source, search=search, limit=_fetch(limit), after=after),
                limit, "id")


def figures(store, *, event: str | None = None, counted: str | None = None, entity: str | None = None,
            limit: int | None = 50, after: int | None = None) -> Page[FigureRow]:
    """Figures in store order; filters as ``Store.list_figures``."""
    return page(store.list_figures(event=event, counted=counted, entity=entity, limit=_fetch(limit), after=after),
                limit, "id")


def find_article(store, ref: str, source: str | None = None) -> Article | None:
    """The article ``ref`` (its input id, or its store number: ``Store.get_article``); with
    ``source``, the article of that outlet (case-insensitive) with that input id, since ids are
    unique only within an outlet."""
    if source is None:
        return store.get_article(ref)
    wanted = source.strip().lower()
    for pk, src, ext_id in store.article_refs(ref):
        if ext_id == ref and (src or "").lower() == wanted:
            return store.get_article(pk)
    return None


def search_quotes(store, q: str, limit: int) -> list[QuoteRow]:
    """Quotes whose text holds every word of ``q``, and quotes by a speaker whose name holds
    ``q``, in store order."""
    rows = {r.id: r for r in store.list_quotes(search=q, limit=limit)}
    for r in store.list_quotes(speaker=q, limit=limit):
        rows.setdefault(r.id, r)
    return [rows[k] for k in sorted(rows)][:limit]


@dataclass(slots=True)
class SpeakerSummary:
    """One person as the speaker lists show them: quotes, articles, the outlets quoting them
    (sorted) and the first and last publication dates they are quoted on."""

    name: str
    quotes: int
    outlets: list[str] = field(default_factory=list)
    articles: int | None = None
    first: str | None = None
    last: str | None = None

    @classmethod
    def from_stored(cls, speaker: dict[str, Any]) -> SpeakerSummary:
        """From a stored speaker (the JSON form of ``link.speakers.Speaker``)."""
        return cls(speaker["name"], speaker["quotes"], sorted(o for o in speaker["outlets"] if o),
                   speaker["articles"], speaker["first_quoted"], speaker["last_quoted"])


def speakers(store, *, search: str | None = None, limit: int | None = 50,
             after: str | None = None) -> Page[SpeakerSummary]:
    """Most quoted first; the cursor is the last name shown. A store never linked has no
    speakers yet (and no error), so search needs no linking."""
    rows = [SpeakerSummary.from_stored(s) for s in store.list_speakers(search=search, limit=_fetch(limit), after=after)]
    return page(rows, limit, "name")


@dataclass(slots=True)
class SearchResults:
    """Articles, quotes (by text or by speaker) and speakers matching one query."""

    query: str
    articles: list[ArticleRow]
    quotes: list[QuoteRow]
    speakers: list[SpeakerSummary]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def search(store, q: str, limit: int) -> SearchResults:
    return SearchResults(q, store.list_articles(search=q, limit=limit), search_quotes(store, q, limit),
                         speakers(store, search=q, limit=limit).items)


# --- corpus linking -------------------------------------------------------------------------------------

def stories(store, *, limit: int | None = 50, after: str | None = None, min_outlets: int = 1) -> Page[Story]:
    """Stories in id order (``s1`` is the one whose earliest article came first)."""
    rows = store.list_stories(limit=_fetch(limit), after=after, min_outlets=min_outlets)
    return page(_read_all(Story, rows), limit, "id")


def quote_clusters(store, *, story: str | None = None, limit: int | None = 50,
                   after: str | None = None) -> Page[QuoteCluster]:
    rows = store.list_quote_clusters(limit=_fetch(limit), after=after, story=story)
    return page(_read_all(QuoteCluster, rows), limit, "id")


def figure_series(store, *, story: str | None = None, limit: int | None = 50,
                  after: str | None = None) -> Page[FigureSeries]:
    rows = store.list_figure_series(limit=_fetch(limit), after=after, story=story)
    return page(_read_all(FigureSeries, rows), limit, "id")


def quote_cluster(store, cluster_id: str) -> QuoteCluster | None:
    return _read(QuoteCluster, store.get_quote_cluster(cluster_id))


def series(store, series_id: str) -> FigureSeries | None:
    return _read(FigureSeries, store.get_figure_series(series_id))


def provenance(store, target: str) -> Provenance | None:
    return _read(Provenance, store.get_provenance(target))


@dataclass(slots=True)
class Omits:
    """Ids of the story's shared quote clusters and figure series an article does not carry."""

    quotes: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)


@dataclass(slots=True)
class SideBySide(StoryArticle):
    """One article of a story beside the others: the shared quote clusters and figure series it
    carries and omits, the ones it carries without the attribution others give, and the details
    only it reports."""

    quotes: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    omits: Omits = field(default_factory=Omits)
    attribution_dropped: list[str] = field(default_factory=list)
    exclusive: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoryDetail(Story):
    """A story with its matched quotes and figures, series, provenance, exclusive details,
    conflicting figures and the outlets side by side (the form of ``newstrail story ID --json``)."""

    quotes: list[QuoteCluster] = field(default_factory=list)
    figures: list[FigureMatch] = field(default_factory=list)
    series: list[FigureSeries] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)
    exclusive: list[ExclusiveDetail] = field(default_factory=list)
    conflicts: list[FigureMatch] = field(default_factory=list)
    side_by_side: list[SideBySide] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {**Story.to_dict(self), **{name: [to_json(r) for r in getattr(self, name)] for name in (
            "quotes", "figures", "series", "provenance", "exclusive", "conflicts", "side_by_side")}}


def _ids_by_article(records: list, id_of, keys_of) -> dict[ArticleKey, dict[str, None]]:
    """Article key -> ids of the ``records`` that name that article (``keys_of``), in record
    order (a dict as an ordered set): one pass, so a story's side-by-side view stays linear."""
    index: dict[ArticleKey, dict[str, None]] = defaultdict(dict)
    for record in records:
        for key in keys_of(record):
            index[key][id_of(record)] = None
    return index


def _side_by_side(story: Story, clusters: list[QuoteCluster], series_: list[FigureSeries],
                  prov: list[Provenance], exclusive: list[ExclusiveDetail]) -> list[SideBySide]:
    """What each article of ``story`` carries and omits of the quotes and figures shared by
    several of its articles, where it drops the attribution, and what only it reports."""
    keys = {a.key for a in story.articles}
    shared_quotes = [c for c in clusters if len({(m.source, m.article) for m in c.members} & keys) > 1]
    shared_series = [s for s in series_ if len({(f.source, f.article) for f in s.figures}) > 1]
    quotes_of = _ids_by_article(shared_quotes, lambda c: c.id, lambda c: [(m.source, m.article) for m in c.members])
    figures_of = _ids_by_article(shared_series, lambda s: s.id, lambda s: [(f.source, f.article) for f in s.figures])
    dropped_by = _ids_by_article(prov, lambda p: p.target,
                                 lambda p: [(c.source, c.article) for c in p.attribution_dropped])
    exclusive_of: dict[ArticleKey, list[str]] = defaultdict(list)
    for d in exclusive:
        exclusive_of[(d.source, d.article)].append(d.text)
    side = []
    for article in story.articles:
        carries_q, carries_f = quotes_of.get(article.key, {}), figures_of.get(article.key, {})
        side.append(SideBySide(
            **asdict(article), quotes=list(carries_q), figures=list(carries_f),
            omits=Omits([c.id for c in shared_quotes if c.id not in carries_q],
                        [s.id for s in shared_series if s.id not in carries_f]),
            attribution_dropped=list(dropped_by.get(article.key, {})), exclusive=exclusive_of.get(article.key, [])))
    return side


def story_detail(store, story_id: str) -> StoryDetail | None:
    """A story with its matched quotes and figures, their provenance, and the outlets side
    by side: what each article carries and omits, dropped attributions, exclusives."""
    story = _read(Story, store.get_story(story_id))
    if story is None:
        return None
    clusters = quote_clusters(store, story=story_id, limit=None).items
    series_ = figure_series(store, story=story_id, limit=None).items
    matches = _read_all(FigureMatch, store.list_figure_matches(story=story_id))
    prov = [p for p in (provenance(store, t.id) for t in [*clusters, *series_]) if p]
    exclusive = _read_all(ExclusiveDetail, store.list_exclusives(story=story_id))
    return StoryDetail(story.id, story.articles, story.mode, quotes=clusters, figures=matches, series=series_,
                       provenance=prov, exclusive=exclusive, conflicts=[m for m in matches if m.kind == "conflict"],
                       side_by_side=_side_by_side(story, clusters, series_, prov, exclusive))


@dataclass(slots=True)
class Trail:
    """A quote cluster (``q…``) or figure series (``fs…``) with its provenance (the form of
    ``newstrail trail ID --json``)."""

    target: str
    kind: str  # quote | figure
    record: QuoteCluster | FigureSeries
    provenance: Provenance | None

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "kind": self.kind, "record": self.record.to_dict(),
                "provenance": to_json(self.provenance)}


def trail(store, target: str) -> Trail | None:
    cluster = quote_cluster(store, target)
    record = cluster or series(store, target)
    if record is None:
        return None
    return Trail(target, "quote" if cluster else "figure", record, provenance(store, target))
