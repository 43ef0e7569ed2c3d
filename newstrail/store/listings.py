"""The store's listings of articles, quotes and figures (rows of ``rows.py``) and of linking
results (stories, quote clusters, figure series, speakers: their stored JSON with what they sort
by), all built by one query builder: columns named as the row's fields, filters, an order from
each listing's whitelist, and keyset paging on that order (``after``: the cursor of the last
row shown, :func:`cursor`, which holds the sort key and the row's id).

The filters of each listing are one function (``article_conditions``, ``quote_conditions``,
``story_conditions``...) that ``store.facets`` uses too, so a total or a facet count always
counts what the listing lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Integer, and_, false, func, or_, select, tuple_

from newstrail.cleaning.normalise import fold
from newstrail.store.articles import MAX_PK
from newstrail.store.base import FIGURE_FIELDS, QUOTE_FIELDS, Connections, chunks, sname, source_out
from newstrail.store.link_schema import (
    figure_series,
    figure_series_members,
    quote_cluster_members,
    quote_clusters,
    speakers,
    stories,
    story_articles,
)
from newstrail.store.rows import ArticleRow, FigureRow, QuoteRow
from newstrail.store.schema import articles, entities, figures, mentions, quotes, sources
from newstrail.store.search import contains, search_terms, speaker_match, text_match

# each row field's column; the article's outlet is ``sources.c.name`` under the row's name for it
_ARTICLE_COLUMNS = {
    "pk": articles.c.pk, "id": articles.c.ext_id, "source": sources.c.name, "title": articles.c.title,
    "published": articles.c.published, "language": articles.c.language, "url": articles.c.url,
    "words": articles.c.words, "quotes": articles.c.quote_count, "figures": articles.c.figure_count,
}
_WITH_ARTICLE = {"article_pk": articles.c.pk, "article_id": articles.c.ext_id, "published": articles.c.published,
                 "title": articles.c.title}
_QUOTE_COLUMNS = {"id": quotes.c.id, **_WITH_ARTICLE, "source": sources.c.name,
                  **{name: quotes.c[name] for name in QUOTE_FIELDS}}
_FIGURE_COLUMNS = {"id": figures.c.id, **_WITH_ARTICLE, "outlet": sources.c.name, "index": figures.c.fig_index,
                   **{name: figures.c[name] for name in FIGURE_FIELDS if name != "index"}}


# --- orders and their cursors -----------------------------------------------------------------------

class CursorError(ValueError):
    """An ``after`` that is no cursor of the listing's order (a cursor is opaque: only one a
    page of the same order gave back is valid)."""


KEY_CHARS = 200  # of a text key (a headline, an outlet): what orders, and what a cursor holds
NAME_CHARS = 300  # of a name that is a listing's id (a speaker's: ``speakers.name``)
_TIE_FORMS = {  # the text of a cursor's id, per kind of id
    "pk": r"[0-9]{1,10}",  # a store number
    "linker": r"[a-z]{1,4}[0-9]{1,10}",  # a linker id: "s12", "fs3"
    "name": r"[^\x00]{1,%d}" % NAME_CHARS,  # a name; any text but NUL
}


@dataclass(frozen=True, slots=True)
class Order:
    """One order of a listing: by ``field`` (a row field, its store column or expression
    ``column``; None: by the row's id alone), descending or not, then by the row's id ``tie``.
    The id is a store number (``tie_kind`` "pk", ordered in the order's direction), a linker id
    ("linker": "s2" before "s10", by length then text) or a name ("name"); linker ids and names
    break ties A to Z whatever the direction, the order a reader expects among equals
    (speakers quoted as often: by name). Rows whose key is null (an undated article) come after
    every other row, in both directions: an undated article is never the newest nor the
    oldest. A text key orders by its first ``KEY_CHARS`` characters (``width``), so that a
    cursor, which holds the key, stays short enough for a URL however long a headline is."""

    field: str | None
    column: Any
    tie: Any
    descending: bool
    width: int | None = None
    tie_kind: str = "pk"

    @property
    def key(self) -> Any:
        return func.substr(self.column, 1, self.width) if self.width else self.column

    @property
    def nullable(self) -> bool:
        return self.column is not None and bool(getattr(self.column, "nullable", False))

    @property
    def numeric(self) -> bool:
        return self.column is not None and isinstance(self.column.type, Integer)

    @property
    def tie_descending(self) -> bool:
        return self.descending and (self.field is None or self.tie_kind == "pk")

    @property
    def tie_keys(self) -> list:
        """What orders by the id: a linker id by its length, then its text."""
        return [func.length(self.tie), self.tie] if self.tie_kind == "linker" else [self.tie]

    def _tie_values(self, tie: int | str) -> list:
        return [len(tie), tie] if self.tie_kind == "linker" else [tie]

    def sort_keys(self, nulls: bool) -> list:
        """The ORDER BY of one part of the listing (``nulls``: the part of null keys, by id)."""
        def way(column, descending):
            return column.desc() if descending else column.asc()
        keys = [] if self.field is None or nulls else [way(self.key, self.descending)]
        return keys + [way(k, self.tie_descending) for k in self.tie_keys]

    def past_tie(self, tie: int | str):
        """The rows whose id comes after ``tie`` (among rows of one key)."""
        beyond = (lambda a, b: a < b) if self.tie_descending else (lambda a, b: a > b)
        return beyond(tuple_(*self.tie_keys), tuple_(*self._tie_values(tie)))

    def past(self, value: Any, tie: int | str):
        """The keyed rows after the one of key ``value`` and id ``tie``: one row comparison when
        the id runs the key's way (an index on the key serves it), else key, then id."""
        beyond = (lambda a, b: a < b) if self.descending else (lambda a, b: a > b)
        if self.tie_descending == self.descending:
            return beyond(tuple_(self.key, *self.tie_keys), tuple_(value, *self._tie_values(tie)))
        return or_(beyond(self.key, value), and_(self.key == value, self.past_tie(tie)))

    def cursor(self, row: Any, tie_field: str) -> int | str:
        """The cursor after ``row``: its id when the order has no key (a store number as an
        integer), else a string: "<key>|<id>", or the id alone when the row's key is null (the
        undated part of a listing by date). A key never null in the store (the outlet's name:
        "" for none) is keyed as stored."""
        tie = getattr(row, tie_field)
        if self.field is None:
            return tie
        value = getattr(row, self.field)
        if value is None and not self.nullable:
            value = sname(None)
        if value is None:
            return str(tie)
        return f"{value[:self.width] if self.width else value}|{tie}"

    def parse(self, after: int | str) -> tuple[Any, int | str]:
        """(key, id) of a cursor :meth:`cursor` made; raises :class:`CursorError`."""
        text = str(after)
        if self.field is None:
            value, bar, tie = "", "", text
        elif self.tie_kind == "name":  # a name may hold "|"; the key before it is a number
            value, bar, tie = text.partition("|")
            if not bar:
                value, tie = "", value
        else:
            value, bar, tie = text.rpartition("|")
        if not re.fullmatch(_TIE_FORMS[self.tie_kind], tie, re.ASCII) or (self.tie_kind == "pk" and int(tie) > MAX_PK):
            raise CursorError(f"not a cursor of this list: {text[:80]!r}")
        if "\x00" in value:  # no stored text holds one, and PostgreSQL refuses to compare with it
            raise CursorError("not a cursor of this list: it holds a NUL character")
        if not bar and self.field is not None and not self.nullable:
            raise CursorError("not a cursor of this list: it names no key and the key is never null")
        if bar and self.numeric and not re.fullmatch(r"-?[0-9]{1,18}", value, re.ASCII):
            raise CursorError(f"not a cursor of this list: its key is not a number: {value[:40]!r}")
        key = (int(value) if self.numeric else value) if bar else None
        return key, (int(tie) if self.tie_kind == "pk" else tie)


def _orders(tie, keys: dict[str, tuple[str | None, Any]], text: tuple[str, ...] = (),
            tie_kind: str = "pk") -> dict[str, Order]:
    """Each order named in ``keys`` (name -> row field and column) ascending as its name and
    descending as "-" + name, all tied by ``tie`` (an id of ``tie_kind``); the ``text`` ones by
    their first ``KEY_CHARS`` characters."""
    return {f"{sign}{name}": Order(field, column, tie, sign == "-", KEY_CHARS if name in text else None, tie_kind)
            for name, (field, column) in keys.items() for sign in ("", "-")}


# what a quote cluster and a figure series sort by beside their columns: articles carrying the quote, figures
_CLUSTER_ARTICLES = select(func.count(func.distinct(quote_cluster_members.c.article_pk))).where(
    quote_cluster_members.c.cluster_id == quote_clusters.c.id).scalar_subquery()
_SERIES_FIGURES = select(func.count()).where(figure_series_members.c.series_id == figure_series.c.id).scalar_subquery()

_ARTICLE_ORDERS = _orders(articles.c.pk, {"published": ("published", articles.c.published), "pk": (None, None),
                                          "title": ("title", articles.c.title), "source": ("source", sources.c.name)},
                          text=("title", "source"))
_QUOTE_ORDERS = _orders(quotes.c.id, {"id": (None, None), "published": ("published", articles.c.published),
                                      "source": ("source", sources.c.name)}, text=("source",))
_FIGURE_ORDERS = _orders(figures.c.id, {"id": (None, None), "published": ("published", articles.c.published),
                                        "outlet": ("outlet", sources.c.name), "counted": ("counted", figures.c.counted),
                                        "event": ("event", figures.c.event)}, text=("outlet", "counted"))
_STORY_ORDERS = _orders(stories.c.id, {
    "id": (None, None), "first_published": ("first_published", stories.c.first_published),
    "last_published": ("last_published", stories.c.last_published), "articles": ("articles", stories.c.article_count),
    "outlets": ("outlets", stories.c.outlet_count)}, tie_kind="linker")
_CLUSTER_ORDERS = _orders(quote_clusters.c.id, {"id": (None, None), "articles": ("articles", _CLUSTER_ARTICLES),
                                                "text": ("text", quote_clusters.c.text)},
                          text=("text",), tie_kind="linker")
_SERIES_ORDERS = _orders(figure_series.c.id, {"id": (None, None), "figures": ("figures", _SERIES_FIGURES),
                                              "counted": ("counted", figure_series.c.counted),
                                              "event": ("event", figure_series.c.event)},
                         text=("counted", "event"), tie_kind="linker")
_SPEAKER_ORDERS = _orders(speakers.c.name, {"name": (None, None), "quotes": ("quotes", speakers.c.quotes),
                                            "articles": ("articles", speakers.c.articles)}, tie_kind="name")
ARTICLE_ORDERS = tuple(_ARTICLE_ORDERS)  # the names an ``order`` may take
QUOTE_ORDERS = tuple(_QUOTE_ORDERS)
FIGURE_ORDERS = tuple(_FIGURE_ORDERS)
STORY_ORDERS = tuple(_STORY_ORDERS)
CLUSTER_ORDERS = tuple(_CLUSTER_ORDERS)
SERIES_ORDERS = tuple(_SERIES_ORDERS)
SPEAKER_ORDERS = tuple(_SPEAKER_ORDERS)
_LISTS = {  # list name -> its orders and the row field holding its id
    "articles": (_ARTICLE_ORDERS, "pk"), "quotes": (_QUOTE_ORDERS, "id"), "figures": (_FIGURE_ORDERS, "id"),
    "stories": (_STORY_ORDERS, "id"), "quote_clusters": (_CLUSTER_ORDERS, "id"), "series": (_SERIES_ORDERS, "id"),
    "speakers": (_SPEAKER_ORDERS, "name"),
}


def _order(orders: dict[str, Order], name: str) -> Order:
    if name not in orders:
        raise ValueError(f"order must be one of {', '.join(orders)}, not {name!r}")
    return orders[name]


def cursor(list_name: str, order: str, row: Any) -> int | str:
    """The ``after`` cursor that continues ``list_name`` (articles, quotes, figures, stories,
    quote_clusters, series, speakers) in ``order`` past ``row``, one of its rows."""
    orders, tie_field = _LISTS[list_name]
    return _order(orders, order).cursor(row, tie_field)


def _past(order: Order, after: int | str | None) -> list[tuple[list, bool]]:
    """The parts of a listing in ``order`` to read, in turn, past the cursor ``after``: (the
    conditions of the part, whether it is the part of null keys). Rows with a key first, then
    those without; each part is one ordered query, which the index on the key can serve."""
    value, tie = (None, None) if after is None else order.parse(after)
    if order.field is None:
        return [([] if tie is None else [order.past_tie(tie)], False)]
    keyed = [order.column.is_not(None)] if order.nullable else []
    if value is not None:
        keyed.append(order.past(value, tie))
    parts = [(keyed, False)] if tie is None or value is not None else []
    if order.nullable:
        parts.append(([order.column.is_(None)] + ([order.past_tie(tie)] if value is None and tie is not None else []),
                      True))
    return parts


def _joined(table):
    """``table`` (quotes, figures) with its article and the article's source."""
    return table.join(articles, articles.c.pk == table.c.article_pk).join(sources, sources.c.id == articles.c.source_id)


def _date_bounds(date_from: str | None, date_to: str | None) -> list:
    conds = []
    if date_from:
        conds.append(articles.c.published >= date_from)
    if date_to:
        # A partial upper bound covers its whole period: "2015" -> through 2015-12-31.
        padded = {4: "-12-31", 7: "-31"}.get(len(date_to), "")
        conds.append(articles.c.published <= date_to + padded)
    return conds


def _source_condition(conn: Connection, source: str):
    """The article's outlet is one of the sources named ``source`` (case-insensitive), the
    ids looked up first so that the query can use the index on the source."""
    ids = conn.execute(select(sources.c.id).where(func.lower(sources.c.name) == sname(source).lower())).scalars()
    return articles.c.source_id.in_(list(ids))


def _searched(dialect: str, text: str | None, table=articles) -> list:
    """The full-text condition for ``text`` on ``table``: none when blank, and one that holds
    for no row when it has no searchable word (punctuation, operators: nothing to look for)."""
    if text is None or not text.strip():
        return []
    terms = search_terms(text)
    return [text_match(dialect, terms, table)] if terms else [false()]


def article_conditions(dialect: str, conn: Connection, *, source=None, search=None, language=None,
                       date_from=None, date_to=None) -> list:
    """The conditions of :meth:`Listings.list_articles` for these filters."""
    conds = _date_bounds(date_from, date_to) + _searched(dialect, search)
    if language:
        conds.append(func.lower(articles.c.language) == language.lower())
    if source is not None:
        conds.append(_source_condition(conn, source))
    return conds


def quote_conditions(dialect: str, conn: Connection, *, speaker=None, source=None, search=None) -> list:
    """The conditions of :meth:`Listings.list_quotes` for these filters."""
    conds = _searched(dialect, search, quotes)
    if speaker is not None and speaker.strip():
        terms = search_terms(speaker)
        conds.append(speaker_match(dialect, terms) if terms else false())
    if source is not None:
        conds.append(_source_condition(conn, source))
    return conds


def figure_conditions(dialect: str, conn: Connection, *, event=None, counted=None, entity=None,
                      source=None) -> list:
    """The conditions of :meth:`Listings.list_figures` for these filters."""
    conds = []
    if event:
        conds.append(figures.c.event == event.lower())  # event names are stored in lower case
    if counted:
        conds.append(contains(figures.c.counted, counted))
    if entity:
        mentioning = (select(mentions.c.article_pk).join(entities, entities.c.id == mentions.c.entity_id)
                      .where(func.lower(entities.c.canonical) == entity.lower()))
        conds.append(or_(figures.c.article_pk.in_(mentioning), contains(figures.c.location, entity)))
    if source is not None:
        conds.append(_source_condition(conn, source))
    return conds


def story_conditions(*, min_outlets: int = 1, article_pks: list[int] | None = None) -> list:
    """The conditions of :meth:`Listings.story_listing` for these filters."""
    conds = [stories.c.outlet_count >= min_outlets]
    if article_pks is not None:
        conds.append(stories.c.id.in_(select(story_articles.c.story_id).where(story_articles.c.article_pk.in_(article_pks))))
    return conds


def _in_story(story: str | None) -> Any:
    """The articles of the story ``story``."""
    return select(story_articles.c.article_pk).where(story_articles.c.story_id == story)


def cluster_conditions(*, story: str | None = None) -> list:
    """The conditions of :meth:`Listings.quote_cluster_listing`: ``story``, a member in it."""
    if story is None:
        return []
    return [quote_clusters.c.id.in_(select(quote_cluster_members.c.cluster_id)
                                    .where(quote_cluster_members.c.article_pk.in_(_in_story(story))))]


def series_conditions(*, story: str | None = None) -> list:
    """The conditions of :meth:`Listings.series_listing`."""
    return [] if story is None else [figure_series.c.story_id == story]


def speaker_conditions(*, search: str | None = None) -> list:
    """The conditions of :meth:`Listings.speaker_listing`: ``search`` in a name or alias, case
    and accents folded (``Speaker.search_key``)."""
    return [speakers.c.search_key.contains(fold(search), autoescape=True)] if search else []


def _with_outlet(row: type, outlet: str) -> Callable[[Any], Any]:
    """A listing's row of type ``row`` from its query row, the outlet (field ``outlet``) as
    records give it."""
    return lambda r: row(**{**r._mapping, outlet: source_out(r._mapping[outlet])})


class Listings(Connections):
    """Mixed into ``Store``: the listings, through :meth:`_listing`."""

    def _listing(self, make: Callable[[Any], Any], columns: dict, from_, where: Callable[[Connection], list],
                 order: Order, *, limit: int | None, after: int | str | None) -> list:
        """``make`` of each query row (its fields are the keys of ``columns``) from ``from_``
        where every condition ``where(conn)`` gives holds (it may look up an outlet on the
        connection), in ``order``, those past the cursor ``after``, at most ``limit`` (None:
        all).

        A page (``limit`` set) is read in two steps: the ids of its rows, then their columns.
        Asked for every column of a join at once, SQLite plans for reading them all and sorts
        the whole join (every quote, for the newest quotes first: 175 ms at 690,000 quotes);
        asked for the ids alone it walks the index on the order's key and stops at the page."""
        parts = _past(order, after)  # a bad cursor fails before any query
        query = select(*(column.label(name) for name, column in columns.items())).select_from(from_)
        found: list = []
        with self._read() as conn:
            conds = where(conn)
            if limit is None:
                for part, nulls in parts:
                    found += conn.execute(query.where(*conds, *part).order_by(*order.sort_keys(nulls))).all()
                return [make(r) for r in found]
            ids: list = []
            for part, nulls in parts:
                if len(ids) == limit:
                    break
                paged = select(order.tie).select_from(from_).where(*conds, *part).order_by(*order.sort_keys(nulls))
                ids += conn.execute(paged.limit(limit - len(ids))).scalars().all()
            for chunk in chunks(ids):
                found += conn.execute(query.where(order.tie.in_(chunk))).all()
        place = {tie: i for i, tie in enumerate(ids)}
        tie_name = next(name for name, column in columns.items() if column is order.tie)
        return [make(r) for r in sorted(found, key=lambda r: place[r._mapping[tie_name]])]

    def list_articles(
        self,
        source: str | None = None,
        search: str | None = None,
        language: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int | None = 50,
        after: int | str | None = None,
        order: str = "pk",
    ) -> list[ArticleRow]:
        """Articles in ``order`` (one of ``ARTICLE_ORDERS``: "pk" is ingest order, "-published"
        newest first; undated articles come last either way, ties go by pk in the same
        direction), at most ``limit`` (None: all), those past the cursor ``after`` (keyset
        pagination: pass :func:`cursor` of the last row; in "pk" order that is its pk;
        :class:`CursorError` when it is no cursor of the order). ``source`` and ``language``
        match case-insensitively; ``search`` keeps articles whose title or body holds every word
        of it (full-text, stemmed; punctuation and operators are ignored, so any string is
        safe); ``date_from``/``date_to`` bound ``published`` (ISO, inclusive; "2015" or
        "2015-06" cover the whole period)."""
        def where(conn: Connection) -> list:
            return article_conditions(self.dialect, conn, source=source, search=search, language=language,
                                      date_from=date_from, date_to=date_to)

        from_ = articles.join(sources, sources.c.id == articles.c.source_id)
        return self._listing(_with_outlet(ArticleRow, "source"), _ARTICLE_COLUMNS, from_, where,
                             _order(_ARTICLE_ORDERS, order), limit=limit, after=after)

    def list_quotes(
        self,
        speaker: str | None = None,
        source: str | None = None,
        search: str | None = None,
        limit: int | None = 50,
        after: int | str | None = None,
        order: str = "id",
    ) -> list[QuoteRow]:
        """Quotes in ``order`` (one of ``QUOTE_ORDERS``: "id" is store order, "-published" the
        newest articles' first), keyset-paginated by ``after`` (as for articles).
        ``speaker``: each of its words begins a word of the resolved speaker or its entity
        (case-insensitive);
        ``source``: the article's outlet (case-insensitive); ``search``: the quote text holds every
        word of it (full-text, stemmed, as for articles)."""
        def where(conn: Connection) -> list:
            return quote_conditions(self.dialect, conn, speaker=speaker, source=source, search=search)

        return self._listing(_with_outlet(QuoteRow, "source"), _QUOTE_COLUMNS, _joined(quotes), where,
                             _order(_QUOTE_ORDERS, order), limit=limit, after=after)

    def list_figures(
        self,
        event: str | None = None,
        counted: str | None = None,
        entity: str | None = None,
        limit: int | None = 50,
        after: int | str | None = None,
        source: str | None = None,
        order: str = "id",
    ) -> list[FigureRow]:
        """Figures in ``order`` (one of ``FIGURE_ORDERS``, as for quotes), keyset-paginated by
        ``after`` (as for articles).
        ``event``: equal, case-insensitive; ``counted``: case-insensitive substring;
        ``entity``: the article mentions that canonical entity (case-insensitive) or the
        figure's location contains it; ``source``: the article's outlet."""
        def where(conn: Connection) -> list:
            return figure_conditions(self.dialect, conn, event=event, counted=counted, entity=entity, source=source)

        return self._listing(_with_outlet(FigureRow, "outlet"), _FIGURE_COLUMNS, _joined(figures), where,
                             _order(_FIGURE_ORDERS, order), limit=limit, after=after)

    # -- linking results: rows of the record's stored JSON (``data``) and what they sort by --------

    def _linked(self, table, columns: dict, conds: list, orders: dict[str, Order], order: str, *,
                limit: int | None, after: int | str | None) -> list:
        """Rows of ``table`` with their ``data`` and ``columns`` (what the orders sort by)."""
        return self._listing(lambda r: r, {"data": table.c.data, **columns}, table, lambda conn: conds,
                             _order(orders, order), limit=limit, after=after)

    def story_listing(self, *, min_outlets: int = 1, article_pks: list[int] | None = None, limit: int | None = 50,
                      after: int | str | None = None, order: str = "id") -> list:
        """Stories in ``order`` (one of ``STORY_ORDERS``: "id" is the linker's, ``s1`` the story
        whose earliest article came first; by first or last date published, undated last either
        way; by how many articles or outlets), keyset-paginated by ``after`` (:func:`cursor`);
        rows of ``data`` (``Story.to_dict()``) and the sort keys. ``min_outlets``: told by at
        least that many outlets; ``article_pks``: holding one of these articles."""
        columns = {"id": stories.c.id, "first_published": stories.c.first_published,
                   "last_published": stories.c.last_published, "articles": stories.c.article_count,
                   "outlets": stories.c.outlet_count}
        return self._linked(stories, columns, story_conditions(min_outlets=min_outlets, article_pks=article_pks),
                            _STORY_ORDERS, order, limit=limit, after=after)

    def quote_cluster_listing(self, *, story: str | None = None, limit: int | None = 50,
                              after: int | str | None = None, order: str = "id") -> list:
        """Quote clusters in ``order`` (``CLUSTER_ORDERS``: by id, by how many articles carry
        the quote, by its text), as :meth:`story_listing`; ``story``: one of its articles
        carries the quote."""
        columns = {"id": quote_clusters.c.id, "articles": _CLUSTER_ARTICLES, "text": quote_clusters.c.text}
        return self._linked(quote_clusters, columns, cluster_conditions(story=story), _CLUSTER_ORDERS, order,
                            limit=limit, after=after)

    def series_listing(self, *, story: str | None = None, limit: int | None = 50, after: int | str | None = None,
                       order: str = "id") -> list:
        """Figure series in ``order`` (``SERIES_ORDERS``: by id, by how many figures, by what is
        counted or the event), as :meth:`story_listing`; ``story``: the series' story."""
        columns = {"id": figure_series.c.id, "figures": _SERIES_FIGURES, "counted": figure_series.c.counted,
                   "event": figure_series.c.event}
        return self._linked(figure_series, columns, series_conditions(story=story), _SERIES_ORDERS, order,
                            limit=limit, after=after)

    def speaker_listing(self, *, search: str | None = None, limit: int | None = 50, after: int | str | None = None,
                        order: str = "-quotes") -> list:
        """Speakers in ``order`` (``SPEAKER_ORDERS``: by name, by quotes or articles, equals by
        name A to Z either way), as :meth:`story_listing`; ``search``: in a name or alias, case
        and accents folded. A store never linked has none (and no error)."""
        columns = {"name": speakers.c.name, "quotes": speakers.c.quotes, "articles": speakers.c.articles}
        return self._linked(speakers, columns, speaker_conditions(search=search), _SPEAKER_ORDERS, order,
                            limit=limit, after=after)
