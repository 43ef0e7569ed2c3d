"""Reads the web pages need beside the listings: how many rows a listing has under its
filters, the outlets, languages and months of the articles it holds and the outlets and events
of its quotes and figures (facets, with counts), and the quotes of a few named articles (who
says what a story's outlets report alone).

Module functions over a ``Store`` (its ``_read`` connections and ``dialect``). The filter
conditions are the listings' own (``store.listings.article_conditions`` and its siblings), so
a total or a count is of what the listing lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from newstrail.store.base import NO_SOURCE, source_out
from newstrail.store.link_schema import figure_series, quote_clusters, speakers, stories, story_articles
from newstrail.store.listings import (
    article_conditions,
    cluster_conditions,
    figure_conditions,
    quote_conditions,
    series_conditions,
    speaker_conditions,
    story_conditions,
)
from newstrail.store.schema import articles, figures, quotes, sources

FACET_VALUES = 12  # values a facet lists, most frequent first


@dataclass(frozen=True, slots=True)
class QuoteWho:
    """One stored quote of an article: its position in the article's quotes (the ``#q…``
    anchor of the article page) and the speaker as resolved, as an entity and as written."""

    index: int
    speaker: str | None


def quote_speakers(store, keys: Iterable[tuple[str | None, str]]) -> dict[tuple[str | None, str, str], QuoteWho]:
    """(source, article id, quote text) -> the quote's index and speaker, for the articles
    named by ``keys`` ((source, id) pairs). One query for all of them: a story page names its
    exclusive quotes by text only, and a query per article would grow with the story."""
    keys = set(keys)
    if not keys:
        return {}
    query = (select(sources.c.name, articles.c.ext_id, quotes.c.idx, quotes.c.text, quotes.c.speaker_entity,
                    quotes.c.speaker_resolved, quotes.c.speaker)
             .select_from(quotes.join(articles, articles.c.pk == quotes.c.article_pk)
                          .join(sources, sources.c.id == articles.c.source_id))
             # the articles' pks first, so the quotes are read by their article_pk index: filtered
             # and ordered on the join, SQLite scanned every quote of the corpus (290 ms at 37k articles)
             .where(quotes.c.article_pk.in_(select(articles.c.pk)
                                            .where(articles.c.ext_id.in_(sorted({k[1] for k in keys})))))
             .order_by(quotes.c.id))
    with store._read() as conn:
        rows = conn.execute(query).all()
    out: dict[tuple[str | None, str, str], QuoteWho] = {}
    for name, ext_id, idx, text, entity, resolved, written in rows:
        source = source_out(name)
        if (source, ext_id) in keys:
            out.setdefault((source, ext_id, text), QuoteWho(idx, entity or resolved or written))
    return out


# --- totals under a listing's filters -------------------------------------------------------------

def _count(conn: Connection, from_, conds: list) -> int:
    return int(conn.execute(select(func.count()).select_from(from_).where(*conds)).scalar() or 0)


def _with_article(table):
    return table.join(articles, articles.c.pk == table.c.article_pk)


def total_articles(store, **filters) -> int:
    """How many articles ``Store.list_articles(**filters)`` lists in all (the store's total,
    kept by ``Store.counts``, when nothing is filtered)."""
    if not any(v for v in filters.values()):
        return store.counts()["articles"]
    with store._read() as conn:
        return _count(conn, articles, article_conditions(store.dialect, conn, **filters))


def total_quotes(store, **filters) -> int:
    """How many quotes ``Store.list_quotes(**filters)`` lists in all."""
    if not any(v for v in filters.values()):
        return store.counts()["quotes"]
    with store._read() as conn:
        return _count(conn, _with_article(quotes), quote_conditions(store.dialect, conn, **filters))


def total_figures(store, **filters) -> int:
    """How many figures ``Store.list_figures(**filters)`` lists in all."""
    if not any(v for v in filters.values()):
        return store.counts()["figures"]
    with store._read() as conn:
        return _count(conn, _with_article(figures), figure_conditions(store.dialect, conn, **filters))


def total_speakers(store, search: str | None = None) -> int:
    """How many speakers ``Store.speaker_listing(search=)`` lists in all."""
    with store._read() as conn:
        return _count(conn, speakers, speaker_conditions(search=search))


def total_stories(store, **filters) -> int:
    """How many stories ``Store.story_listing(**filters)`` lists in all."""
    with store._read() as conn:
        return _count(conn, stories, story_conditions(**filters))


def total_quote_clusters(store, **filters) -> int:
    """How many quote clusters ``Store.quote_cluster_listing(**filters)`` lists in all."""
    with store._read() as conn:
        return _count(conn, quote_clusters, cluster_conditions(**filters))


def total_series(store, **filters) -> int:
    """How many figure series ``Store.series_listing(**filters)`` lists in all."""
    with store._read() as conn:
        return _count(conn, figure_series, series_conditions(**filters))


# --- facets: the values of a column among the listed articles, with counts ------------------------------

def article_facets(store, **filters) -> dict[str, list[tuple[str, int]]]:
    """Outlet, language and month of publication among the articles ``Store.list_articles``
    lists under ``filters``: each as (value, count) pairs, the ``FACET_VALUES`` most frequent
    first. Articles without a value count under "" (an unknown outlet, an undated article)."""
    month = func.substr(articles.c.published, 1, 7)
    columns = {"source": sources.c.name, "language": func.lower(articles.c.language), "month": month}
    out = {}
    with store._read() as conn:
        conds = article_conditions(store.dialect, conn, **filters)
        from_ = articles.join(sources, sources.c.id == articles.c.source_id)
        for name, column in columns.items():
            n = func.count().label("n")
            rows = conn.execute(select(column.label("v"), n).select_from(from_).where(*conds)
                                .group_by(column).order_by(n.desc(), column).limit(FACET_VALUES)).all()
            out[name] = [(("" if v == NO_SOURCE else v) if name == "source" else (v or ""), int(c)) for v, c in rows]
    return out


def _outlets(store, table, conditions, per_article, **filters) -> list[tuple[str, int]]:
    """The outlets of the articles of the ``table`` rows (quotes, figures) a listing gives
    under ``filters`` (``conditions``: its filter conditions), with counts, most first; ""
    for articles without one. Unfiltered, the articles' own count of those rows
    (``per_article``) is summed: grouping every quote of the corpus took 330 ms at 37k articles."""
    with store._read() as conn:
        if not any(v for v in filters.values()):
            n = func.sum(per_article).label("n")
            query = (select(sources.c.name, n).select_from(articles.join(sources, sources.c.id == articles.c.source_id))
                     .group_by(sources.c.name).having(n > 0))
        else:
            n = func.count().label("n")
            query = (select(sources.c.name, n)
                     .select_from(_with_article(table).join(sources, sources.c.id == articles.c.source_id))
                     .where(*conditions(store.dialect, conn, **filters)).group_by(sources.c.name))
        rows = conn.execute(query.order_by(n.desc(), sources.c.name).limit(FACET_VALUES)).all()
    return [("" if v == NO_SOURCE else v, int(c)) for v, c in rows]


def quote_outlets(store, **filters) -> list[tuple[str, int]]:
    """The outlets of the quotes ``Store.list_quotes`` lists under ``filters``, with counts."""
    return _outlets(store, quotes, quote_conditions, articles.c.quote_count, **filters)


def figure_outlets(store, **filters) -> list[tuple[str, int]]:
    """The outlets of the figures ``Store.list_figures`` lists under ``filters``, with counts."""
    return _outlets(store, figures, figure_conditions, articles.c.figure_count, **filters)


def figure_events(store, **filters) -> list[tuple[str, int]]:
    """The events of the figures ``Store.list_figures`` lists under ``filters``, with counts,
    most frequent first. Unfiltered, the figures alone are read (the index on the event
    holds all it needs), not each with its article."""
    n = func.count().label("n")
    with store._read() as conn:
        conds = figure_conditions(store.dialect, conn, **filters)
        from_ = _with_article(figures) if conds else figures
        rows = conn.execute(select(figures.c.event, n).select_from(from_)
                            .where(*conds, figures.c.event.is_not(None)).group_by(figures.c.event)
                            .order_by(n.desc(), figures.c.event).limit(FACET_VALUES)).all()
    return [(v, int(c)) for v, c in rows]


def article_texts(store, pks: Iterable[int], chars: int = 20_000) -> dict[int, str]:
    """The first ``chars`` characters of each article's text, for search snippets (the full
    records, with every quote and figure, are more than a result list needs)."""
    pks = sorted(set(pks))
    if not pks:
        return {}
    with store._read() as conn:
        rows = conn.execute(select(articles.c.pk, func.substr(articles.c.text, 1, chars))
                            .where(articles.c.pk.in_(pks))).all()
    return {pk: text or "" for pk, text in rows}


def stories_of(store, pks: Iterable[int]) -> dict[int, str]:
    """Article pk -> the id of the story linking placed it in (articles of no story, or a
    store never linked, are left out)."""
    pks = sorted(set(pks))
    if not pks or not store.is_linked():
        return {}
    with store._read() as conn:
        rows = conn.execute(select(story_articles.c.article_pk, story_articles.c.story_id)
                            .where(story_articles.c.article_pk.in_(pks))).all()
    return dict(rows)
