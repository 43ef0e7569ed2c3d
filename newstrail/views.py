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
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import TypeAdapter

from newstrail.link.records import (
    ArticleKey,
    Carrier,
    ExclusiveDetail,
    FigureMatch,
    FigureSeries,
    Provenance,
    QuoteCluster,
    QuoteMember,
    Story,
    StoryArticle,
)
from newstrail.records import Article
from newstrail.store.listings import (
    ARTICLE_ORDERS,
    CLUSTER_ORDERS,
    FIGURE_ORDERS,
    QUOTE_ORDERS,
    SERIES_ORDERS,
    SPEAKER_ORDERS,
    STORY_ORDERS,
    CursorError,
    cursor,
)
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

# the order every interface lists each kind in unless told (the ``*_ORDERS`` name the others)
ARTICLES_ORDER = "-published"  # newest first
QUOTES_ORDER = FIGURES_ORDER = "-published"  # from the newest articles first
STORIES_ORDER = "-last_published"  # the latest reported first
CLUSTERS_ORDER = SERIES_ORDER = "id"  # the linker's order: by their story's first article
SPEAKERS_ORDER = "-quotes"  # the most quoted first


def _ordered_page(kind: str, order: str, rows: list, limit: int | None, read=list) -> Page:
    """Rows fetched with ``limit + 1`` as a page (as ``page``) with the listing's cursor for
    ``order`` (``store.listings.cursor``): the id in an order by id alone, else an opaque
    string holding the sort key. ``read``: the page's items from its rows."""
    more = limit is not None and len(rows) > limit
    rows = rows[:limit] if more else rows
    return Page(read(rows), cursor(kind, order, rows[-1]) if more and rows else None)


def articles(store, *, source: str | None = None, search: str | None = None, language: str | None = None,
             date_from: str | None = None, date_to: str | None = None, limit: int | None = 50,
             after: int | str | None = None, order: str = ARTICLES_ORDER) -> Page[ArticleRow]:
    """Articles in ``order`` (``ARTICLE_ORDERS``), newest first unless told; filters, orders
    and cursors as ``Store.list_articles`` (a cursor is valid only with the order that gave it:
    ``CursorError`` otherwise)."""
    rows = store.list_articles(source=source, search=search, language=language, date_from=date_from,
                               date_to=date_to, limit=_fetch(limit), after=after, order=order)
    return _ordered_page("articles", order, rows, limit)


def quotes(store, *, speaker: str | None = None, source: str | None = None, search: str | None = None,
           limit: int | None = 50, after: int | str | None = None, order: str = QUOTES_ORDER) -> Page[QuoteRow]:
    """Quotes in ``order`` (``QUOTE_ORDERS``), from the newest articles first unless told;
    filters as ``Store.list_quotes``."""
    rows = store.list_quotes(speaker=speaker, source=source, search=search, limit=_fetch(limit), after=after,
                             order=order)
    return _ordered_page("quotes", order, rows, limit)


def figures(store, *, event: str | None = None, counted: str | None = None, entity: str | None = None,
            source: str | None = None, limit: int | None = 50, after: int | str | None = None,
            order: str = FIGURES_ORDER) -> Page[FigureRow]:
    """Figures in ``order`` (``FIGURE_ORDERS``), from the newest articles first unless told;
    filters as ``Store.list_figures`` (``source``: the article's outlet)."""
    rows = store.list_figures(event=event, counted=counted, entity=entity, source=source, limit=_fetch(limit),
                              after=after, order=order)
    return _ordered_page("figures", order, rows, limit)


@dataclass(slots=True)
class ArticleDetail(Article):
    """A stored article with where corpus linking placed it (the form of ``newstrail show
    --json`` and ``/api/articles/{id}``): ``story``, the id of its story; ``copy_of``, the
    ``[source, id]`` of the article it is a wire copy of; ``quote_clusters`` and
    ``figure_series``, one entry per quote and per figure in their order: the id of the quote
    cluster or figure series it belongs to, null for none. All null before a link."""

    story: str | None = None
    copy_of: ArticleKey | None = None
    quote_clusters: list[str | None] = field(default_factory=list)
    figure_series: list[str | None] = field(default_factory=list)


def _article_pk(store, ref: str, source: str | None) -> int | None:
    """The store number of the article ``find_article`` means (the first of ``article_refs``
    is the one ``Store.get_article`` picks)."""
    refs = store.article_refs(ref)
    if source is None:
        return refs[0][0] if refs else None
    wanted = source.strip().lower()
    return next((pk for pk, src, ext_id in refs if ext_id == ref and (src or "").lower() == wanted), None)


def find_article(store, ref: str, source: str | None = None) -> ArticleDetail | None:
    """The article ``ref`` (its input id, or its store number: ``Store.get_article``) with its
    links; with ``source``, the article of that outlet (case-insensitive) with that input id,
    since ids are unique only within an outlet."""
    pk = _article_pk(store, ref, source)
    article = None if pk is None else store.get_articles([pk]).get(pk)
    if article is None:
        return None
    placed = store.article_links(pk)
    return ArticleDetail(
        **{f.name: getattr(article, f.name) for f in fields(Article)}, story=placed["story"],
        copy_of=placed["copy_of"], quote_clusters=[placed["clusters"].get(i) for i in range(len(article.quotes))],
        figure_series=[placed["series"].get(f.index) for f in article.figures])


def quoted(store, names) -> set[str]:
    """The names among ``names`` that a speaker page finds quotes for (a figure's source may
    be a person quoted elsewhere, or a body nobody quotes)."""
    return {name for name in set(names) if name and store.list_quotes(speaker=name, limit=1)}


def search_quotes(store, q: str, limit: int) -> list[QuoteRow]:
    """Quotes whose text holds every word of ``q``, and quotes by a speaker whose name holds
    ``q``, in store order."""
    rows = {r.id: r for r in store.list_quotes(search=q, limit=limit)}
    for r in store.list_quotes(speaker=q, limit=limit):
        rows.setdefault(r.id, r)
    return [rows[k] for k in sorted(rows)][:limit]


@dataclass(slots=True)
class SpeakerSummary:
    """One person quoted across the corpus, the one JSON form of a speaker (CLI and API):
    quotes, articles, the outlets quoting them (sorted) and how often each does, the names
    the articles give them (most used first), and the first and last publication dates they
    are quoted on."""

    name: str
    quotes: int
    articles: int
    outlets: list[str] = field(default_factory=list)
    outlet_quotes: dict[str, int] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None

    @classmethod
    def from_stored(cls, speaker: dict[str, Any]) -> SpeakerSummary:
        """From a stored speaker (the JSON form of ``link.speakers.Speaker``); quotes from
        articles with no outlet count in ``quotes`` only."""
        named = {o: n for o, n in speaker["outlets"].items() if o}
        return cls(speaker["name"], speaker["quotes"], speaker["articles"], sorted(named),
                   dict(sorted(named.items())), list(speaker["aliases"]), speaker["first_quoted"],
                   speaker["last_quoted"])


def speakers(store, *, search: str | None = None, limit: int | None = 50, after: str | None = None,
             order: str = SPEAKERS_ORDER) -> Page[SpeakerSummary]:
    """Speakers in ``order`` (``SPEAKER_ORDERS``), the most quoted first unless told, equals
    by name; cursors as ``Store.speaker_listing``. A store never linked has no speakers yet
    (and no error), so search needs no linking."""
    rows = store.speaker_listing(search=search, limit=_fetch(limit), after=after, order=order)
    return _ordered_page("speakers", order, rows, limit, lambda rs: [SpeakerSummary.from_stored(r.data) for r in rs])


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

def _records(record: type[T]):
    """The records of a page of linking rows (their stored JSON, ``data``)."""
    return lambda rows: _read_all(record, [r.data for r in rows])


def stories(store, *, limit: int | None = 50, after: str | None = None, min_outlets: int = 1,
            article: str | None = None, order: str = STORIES_ORDER) -> Page[Story]:
    """Stories in ``order`` (``STORY_ORDERS``), the latest reported first unless told ("id":
    ``s1`` is the one whose earliest article came first); ``article``: only those holding an
    article that id may mean (an input id or a store number, as ``find_article``; an input id
    several outlets use gives each of their stories)."""
    pks = None if article is None else [pk for pk, _, _ in store.article_refs(article)]
    rows = store.story_listing(limit=_fetch(limit), after=after, min_outlets=min_outlets, article_pks=pks, order=order)
    return _ordered_page("stories", order, rows, limit, _records(Story))


def story(store, story_id: str) -> Story | None:
    """A story's articles alone (``story_detail`` adds what they share)."""
    return _read(Story, store.get_story(story_id))


def quote_clusters(store, *, story: str | None = None, limit: int | None = 50, after: str | None = None,
                   order: str = CLUSTERS_ORDER) -> Page[QuoteCluster]:
    """Quote clusters in ``order`` (``CLUSTER_ORDERS``), the linker's unless told."""
    rows = store.quote_cluster_listing(limit=_fetch(limit), after=after, story=story, order=order)
    return _ordered_page("quote_clusters", order, rows, limit, _records(QuoteCluster))


def figure_series(store, *, story: str | None = None, limit: int | None = 50, after: str | None = None,
                  order: str = SERIES_ORDER) -> Page[FigureSeries]:
    """Figure series in ``order`` (``SERIES_ORDERS``), the linker's unless told."""
    rows = store.series_listing(limit=_fetch(limit), after=after, story=story, order=order)
    return _ordered_page("series", order, rows, limit, _records(FigureSeries))


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
    prov = _read_all(Provenance, store.list_provenance([t.id for t in [*clusters, *series_]]))
    exclusive = _read_all(ExclusiveDetail, store.list_exclusives(story=story_id))
    return StoryDetail(story.id, story.articles, story.mode, quotes=clusters, figures=matches, series=series_,
                       provenance=prov, exclusive=exclusive, conflicts=[m for m in matches if m.kind == "conflict"],
                       side_by_side=_side_by_side(story, clusters, series_, prov, exclusive))


@dataclass(slots=True)
class TrailCarrier(Carrier):
    """An article carrying a matched quote or figure, as a trail shows it: the provenance's
    carrier with the article's headline, its story, its own wording (each distinct text it
    gives, in order) and whether it dropped the attribution or the medium others give."""

    title: str | None = None
    story: str | None = None
    wording: list[str] = field(default_factory=list)
    attribution_dropped: bool = False
    medium_dropped: bool = False


@dataclass(slots=True)
class Trail:
    """A quote cluster (``q…``) or figure series (``fs…``) with its provenance, its carriers
    and the stories they are in (the form of ``newstrail trail ID --json``)."""

    target: str
    kind: str  # quote | figure
    record: QuoteCluster | FigureSeries
    provenance: Provenance | None
    carriers: list[TrailCarrier] = field(default_factory=list)
    stories: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "kind": self.kind, "record": self.record.to_dict(),
                "provenance": to_json(self.provenance), "stories": list(self.stories),
                "carriers": [asdict(c) for c in self.carriers]}


def _carriers(store, record: QuoteCluster | FigureSeries, prov: Provenance | None) -> list[TrailCarrier]:
    """One carrier per article of ``record``, in its order: as the provenance lists it (else
    with the attribution the article gives), with headline, story and wording."""
    parts = record.members if isinstance(record, QuoteCluster) else record.figures
    wording: dict[ArticleKey, dict[str, None]] = defaultdict(dict)
    first: dict[ArticleKey, Any] = {}
    for part in parts:
        wording[(part.source, part.article)][part.text] = None
        first.setdefault((part.source, part.article), part)
    listed = {(c.source, c.article): c for c in prov.carriers} if prov else {}
    dropped = {(c.source, c.article) for c in prov.attribution_dropped} if prov else set()
    medium_dropped = {(c.source, c.article) for c in prov.medium_dropped} if prov else set()
    places = store.article_places(first)
    carriers = []
    for key, part in first.items():
        given = listed.get(key) or Carrier(part.article, part.source, part.published, part.order, _attribution(part),
                                           part.medium)
        title, story_id = places.get(key, (None, None))
        carriers.append(TrailCarrier(**asdict(given), title=title, story=story_id, wording=list(wording[key]),
                                     attribution_dropped=key in dropped, medium_dropped=key in medium_dropped))
    return carriers


def _attribution(part) -> str | None:
    """Who an article says gave a quote (its speaker) or a figure (``claimed_by``)."""
    if isinstance(part, QuoteMember):
        return part.speaker_entity or part.speaker_resolved or part.speaker
    return part.claimed_by


def trail(store, target: str) -> Trail | None:
    cluster = quote_cluster(store, target)
    record = cluster or series(store, target)
    if record is None:
        return None
    prov = provenance(store, target)
    carriers = _carriers(store, record, prov)
    found = [getattr(record, "story", None), *(c.story for c in carriers)]
    return Trail(target, "quote" if cluster else "figure", record, prov, carriers,
                 list(dict.fromkeys(s for s in found if s)))


def quote_places(store, rows: list[QuoteRow]) -> dict[int, tuple[str | None, str | None]]:
    """(quote cluster id, story id) of each listed quote by its ``id``, None where linking
    put it in none: where a quote in a list leads."""
    return store.quote_places(r.id for r in rows)


def figure_places(store, rows: list[FigureRow]) -> dict[int, tuple[str | None, str | None]]:
    """(figure series id, story id) of each listed figure by its ``id``, as ``quote_places``."""
    return store.figure_places(r.id for r in rows)
