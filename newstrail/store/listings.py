"""The store's listings of articles, quotes and figures (rows of ``rows.py``), all built by one
query builder: columns named as the row's fields, the article and its outlet joined, filters,
the outlet by name, an order from each listing's whitelist, and keyset paging on that order
(``after``: the cursor of the last row shown, :func:`cursor`).

The filters of each listing are one function (``article_conditions``, ``quote_conditions``,
``figure_conditions``) that ``store.facets`` uses too, so a total or a facet count always
counts what the listing lists."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, false, func, or_, select, tuple_

from newstrail.store.articles import MAX_PK
from newstrail.store.base import FIGURE_FIELDS, QUOTE_FIELDS, Connections, sname, source_out
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


@dataclass(frozen=True, slots=True)
class Order:
    """One order of a listing: by ``field`` (a row field, its store column ``column``; None: by
    the row's store id alone), descending or not, then by the store id ``tie`` in the same
    direction. Rows whose key is null (an undated article) come after every other row, in
    both directions: an undated article is never the newest nor the oldest. A text key orders
    by its first ``KEY_CHARS`` characters (``width``), so that a cursor, which holds the key,
    stays short enough for a URL however long a headline is."""

    field: str | None
    column: Any
    tie: Any
    descending: bool
    width: int | None = None

    @property
    def key(self) -> Any:
        return func.substr(self.column, 1, self.width) if self.width else self.column

    @property
    def nullable(self) -> bool:
        return self.column is not None and self.column.nullable

    def cursor(self, row: Any, tie_field: str) -> int | str:
        """The cursor after ``row``: the store id (an integer) when the order has no key, else a
        string: "<key>|<store id>", or the id alone when the row's key is null (the undated part
        of a listing by date). A key never null in the store (the outlet's name: "" for none)
        is keyed as stored."""
        if self.field is None:
            return getattr(row, tie_field)
        tie = str(getattr(row, tie_field))
        value = getattr(row, self.field)
        if value is None and not self.nullable:
            value = sname(None)
        return tie if value is None else f"{value[:self.width] if self.width else value}|{tie}"

    def parse(self, after: int | str) -> tuple[str | None, int]:
        """(key, store id) of a cursor :meth:`cursor` made; raises :class:`CursorError`."""
        value, bar, tie = str(after).rpartition("|")
        if not re.fullmatch(r"[0-9]{1,10}", tie, re.ASCII) or int(tie) > MAX_PK:
            raise CursorError(f"not a cursor of this list: {str(after)[:80]!r}")
        if "\x00" in value:  # no stored text holds one, and PostgreSQL refuses to compare with it
            raise CursorError("not a cursor of this list: it holds a NUL character")
        if bar and self.field is None:
            raise CursorError("not a cursor of this list: it names a key and the order has none")
        if not bar and self.field is not None and not self.nullable:
            raise CursorError("not a cursor of this list: it names no key and the key is never null")
        return (value if bar else None), int(tie)


def _orders(tie, keys: dict[str, tuple[str | None, Any]], text: tuple[str, ...] = ()) -> dict[str, Order]:
    """Each order named in ``keys`` (name -> row field and column) ascending as its name and
    descending as "-" + name, all tied by ``tie``; the ``text`` ones by their first
    ``KEY_CHARS`` characters."""
    return {f"{sign}{name}": Order(field, column, tie, sign == "-", KEY_CHARS if name in text else None)
            for name, (field, column) in keys.items() for sign in ("", "-")}


_ARTICLE_ORDERS = _orders(articles.c.pk, {"published": ("published", articles.c.published), "pk": (None, None),
                                          "title": ("title", articles.c.title), "source": ("source", sources.c.name)},
                          text=("title", "source"))
_QUOTE_ORDERS = _orders(quotes.c.id, {"id": (None, None), "published": ("published", articles.c.published)})
_FIGURE_ORDERS = _orders(figures.c.id, {"id": (None, None), "published": ("published", articles.c.published)})
ARTICLE_ORDERS = tuple(_ARTICLE_ORDERS)  # the names an ``order`` may take
QUOTE_ORDERS = tuple(_QUOTE_ORDERS)
FIGURE_ORDERS = tuple(_FIGURE_ORDERS)


def _order(orders: dict[str, Order], name: str) -> Order:
    if name not in orders:
        raise ValueError(f"order must be one of {', '.join(orders)}, not {name!r}")
    return orders[name]


def cursor(list_name: str, order: str, row: Any) -> int | str:
    """The ``after`` cursor that continues ``list_name`` (articles, quotes, figures) in
    ``order`` past ``row``, one of its rows."""
    orders, tie_field = {"articles": (_ARTICLE_ORDERS, "pk"), "quotes": (_QUOTE_ORDERS, "id"),
                         "figures": (_FIGURE_ORDERS, "id")}[list_name]
    return _order(orders, order).cursor(row, tie_field)


def _past(order: Order, after: int | str | None) -> list[tuple[list, bool]]:
    """The parts of a listing in ``order`` to read, in turn, past the cursor ``after``: (the
    conditions of the part, whether it is the part of null keys). Rows with a key first, then
    those without; each part is one ordered query, which the index on the key can serve."""
    beyond = (lambda a, b: a < b) if order.descending else (lambda a, b: a > b)
    value, tie = (None, None) if after is None else order.parse(after)
    if order.field is None:
        return [([] if tie is None else [beyond(order.tie, tie)], False)]
    keyed = [order.column.is_not(None)] if order.nullable else []
    if value is not None:
        keyed.append(beyond(tuple_(order.key, order.tie), tuple_(value, tie)))
    parts = [(keyed, False)] if tie is None or value is not None else []
    if order.nullable:
        parts.append(([order.column.is_(None)] + ([beyond(order.tie, tie)] if value is None and tie is not None else []),
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


class Listings(Connections):
    """Mixed into ``Store``: the listings, through :meth:`_listing`."""

    def _listing(self, row: type, columns: dict, from_, where: Callable[[Connection], list], order: Order,
                 outlet: str, *, limit: int | None, after: int | str | None) -> list:
        """Rows of type ``row`` (its fields are the keys of ``columns``) from ``from_`` where
        every condition ``where(conn)`` gives holds (it may look up an outlet on the
        connection), in ``order``, those past the cursor ``after``, at most ``limit`` (None:
        all). ``outlet`` names the row field holding the article's source."""
        parts = _past(order, after)  # a bad cursor fails before any query
        direction = (lambda c: c.desc()) if order.descending else (lambda c: c.asc())
        keys = [order.tie] if order.field is None else [order.key, order.tie]
        query = select(*(column.label(name) for name, column in columns.items())).select_from(from_)
        found: list = []
        with self._read() as conn:
            conds = where(conn)
            for part, nulls in parts:
                wanted = None if limit is None else limit - len(found)
                if wanted == 0:
                    break
                ordered = query.where(*conds, *part).order_by(*(direction(k) for k in (keys[-1:] if nulls else keys)))
                found += conn.execute(ordered if wanted is None else ordered.limit(wanted)).all()
        return [row(**{**r._mapping, outlet: source_out(r._mapping[outlet])}) for r in found]

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
        return self._listing(ArticleRow, _ARTICLE_COLUMNS, from_, where, _order(_ARTICLE_ORDERS, order), "source",
                             limit=limit, after=after)

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

        return self._listing(QuoteRow, _QUOTE_COLUMNS, _joined(quotes), where, _order(_QUOTE_ORDERS, order),
                             "source", limit=limit, after=after)

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

        return self._listing(FigureRow, _FIGURE_COLUMNS, _joined(figures), where, _order(_FIGURE_ORDERS, order),
                             "outlet", limit=limit, after=after)
