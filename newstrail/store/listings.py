"""The store's listings of articles, quotes and figures (rows of ``rows.py``), all built by one
query builder: columns named as the row's fields, the article and its outlet joined, filters,
the outlet by name, and keyset paging on the store id (``after``: the last row's id)."""

from __future__ import annotations

from sqlalchemy import Connection, func, or_, select

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


class Listings(Connections):
    """Mixed into ``Store``: the listings, through :meth:`_listing`."""

    def _listing(self, row: type, columns: dict, from_, conds: list, key, outlet: str, *,
                 source: str | None, limit: int | None, after: int | None) -> list:
        """Rows of type ``row`` (its fields are the keys of ``columns``) from ``from_`` where
        every one of ``conds`` holds and the article is of the outlet ``source``, in ``key``
        order, those past ``after``, at most ``limit`` (None: all). ``outlet`` names the row
        field holding the article's source."""
        if after is not None:
            conds = [*conds, key > after]
        query = select(*(column.label(name) for name, column in columns.items())).select_from(from_).order_by(key)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            if source is not None:
                conds = [*conds, _source_condition(conn, source)]
            found = conn.execute(query.where(*conds)).all()
        return [row(**{**r._mapping, outlet: source_out(r._mapping[outlet])}) for r in found]

    def list_articles(
        self,
        source: str | None = None,
        search: str | None = None,
        language: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int | None = 50,
        after: int | None = None,
    ) -> list[ArticleRow]:
        """Articles in ingest order (pk ascending), at most ``limit`` (None: all), those with
        pk > ``after`` (keyset pagination: pass the last row's pk). ``source`` and ``language``
        match case-insensitively; ``search`` keeps articles whose title or body holds every word
        of it (full-text, stemmed; punctuation and operators are ignored, so any string is
        safe); ``date_from``/``date_to`` bound ``published`` (ISO, inclusive; "2015" or
        "2015-06" cover the whole period)."""
        conds = _date_bounds(date_from, date_to)
        if language:
            conds.append(func.lower(articles.c.language) == language.lower())
        if search is not None and search.strip():
            terms = search_terms(search)
            if not terms:
                return []
            conds.append(text_match(self.dialect, terms))
        from_ = articles.join(sources, sources.c.id == articles.c.source_id)
        return self._listing(ArticleRow, _ARTICLE_COLUMNS, from_, conds, articles.c.pk, "source",
                             source=source, limit=limit, after=after)

    def list_quotes(
        self,
        speaker: str | None = None,
        source: str | None = None,
        search: str | None = None,
        limit: int | None = 50,
        after: int | None = None,
    ) -> list[QuoteRow]:
        """Quotes in store order (id ascending), keyset-paginated by ``after`` (the last id).
        ``speaker``: each of its words begins a word of the resolved speaker or its entity
        (case-insensitive);
        ``source``: the article's outlet (case-insensitive); ``search``: the quote text holds every
        word of it (full-text, stemmed, as for articles)."""
        words = {key: search_terms(value) for key, value in (("search", search), ("speaker", speaker))
                 if value is not None and value.strip()}
        if not all(words.values()):
            return []  # nothing searchable in what was asked for
        conds = []
        if "search" in words:
            conds.append(text_match(self.dialect, words["search"], quotes))
        if "speaker" in words:
            conds.append(speaker_match(self.dialect, words["speaker"]))
        return self._listing(QuoteRow, _QUOTE_COLUMNS, _joined(quotes), conds, quotes.c.id, "source",
                             source=source, limit=limit, after=after)

    def list_figures(
        self,
        event: str | None = None,
        counted: str | None = None,
        entity: str | None = None,
        limit: int | None = 50,
        after: int | None = None,
        source: str | None = None,
    ) -> list[FigureRow]:
        """Figures in store order (id ascending), keyset-paginated by ``after`` (the last id).
        ``event``: equal, case-insensitive; ``counted``: case-insensitive substring;
        ``entity``: the article mentions that canonical entity (case-insensitive) or the
        figure's location contains it; ``source``: the article's outlet."""
        conds = []
        if event:
            conds.append(figures.c.event == event.lower())  # event names are stored in lower case
        if counted:
            conds.append(contains(figures.c.counted, counted))
        if entity:
            mentioning = (
                select(mentions.c.article_pk)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(func.lower(entities.c.canonical) == entity.lower())
            )
            conds.append(or_(figures.c.article_pk.in_(mentioning), contains(figures.c.location, entity)))
        return self._listing(FigureRow, _FIGURE_COLUMNS, _joined(figures), conds, figures.c.id, "outlet",
                             source=source, limit=limit, after=after)
