"""What the store holds, in totals (``newstrail demo``, the API's ``/api/counts``, the home page)."""

from __future__ import annotations

from sqlalchemy import distinct, func, select

from newstrail.store.base import Connections
from newstrail.store.schema import (
    NO_SOURCE,
    articles,
    copies,
    entities,
    figure_checks,
    figures,
    mentions,
    quotes,
    signals,
    sources,
)


class Counts(Connections):
    """Mixed into ``Store``: :meth:`counts`, kept between calls while the articles do not change."""

    _counts: tuple[tuple, dict[str, int]] | None = None  # (articles version, counts)

    def counts(self) -> dict[str, int]:
        """Totals: articles, sources (named ones with articles), entities, mentions, quotes,
        speakers (distinct resolved speakers), figures, figure_checks, signals, unsourced,
        hedged, copies, languages (distinct).

        Counting millions of mentions takes a while, and every count changes only when articles
        are added (stored articles are never edited), so the totals are kept until the number
        or the last key of the articles changes -- by this process or any other."""

        def scalar(q):
            return q.scalar_subquery()

        count = func.count()
        query = select(
            scalar(select(count).select_from(articles)).label("articles"),
            scalar(
                select(count).select_from(sources).where(sources.c.name != NO_SOURCE, sources.c.article_count > 0)
            ).label("sources"),
            scalar(select(count).select_from(entities)).label("entities"),
            scalar(select(count).select_from(mentions)).label("mentions"),
            scalar(select(count).select_from(quotes)).label("quotes"),
            scalar(select(func.count(distinct(quotes.c.speaker_resolved)))).label("speakers"),
            scalar(select(count).select_from(figures)).label("figures"),
            scalar(select(count).select_from(figure_checks)).label("figure_checks"),
            scalar(select(count).select_from(signals)).label("signals"),
            scalar(select(count).select_from(signals).where(signals.c.kind == "unsourced")).label("unsourced"),
            scalar(select(count).select_from(signals).where(signals.c.kind == "hedged")).label("hedged"),
            scalar(select(count).select_from(copies)).label("copies"),
            scalar(select(func.count(distinct(articles.c.language)))).label("languages"),
        )
        with self._read() as conn:
            version = tuple(conn.execute(select(func.count(), func.max(articles.c.pk)).select_from(articles)).one())
            if self._counts is not None and self._counts[0] == version:
                return dict(self._counts[1])
            row = conn.execute(query).one()
        result = {key: int(value or 0) for key, value in row._mapping.items()}
        self._counts = (version, result)
        return dict(result)
