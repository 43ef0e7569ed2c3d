"""Reading whole articles back as ``records.Article``: by store number or input id, several
at once, or all of them page by page (the iterator never holds a cursor open across the
caller's work)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields

from sqlalchemy import Connection, func, or_, select

from newstrail.records import Article, Entity, Figure, FigureCheck, Quote, Signal, Sourcing, SourcingSummary
from newstrail.store.base import FIGURE_FIELDS, QUOTE_FIELDS, Connections, chunks, source_out
from newstrail.store.schema import articles, entities, figure_checks, figures, mentions, quotes, signals, sources

# the largest store number: ids are SQL INTEGER columns, 32-bit on PostgreSQL (which refuses
# to compare one with a larger number) and 64-bit on SQLite (which refuses to bind 2**63)
MAX_PK = 2**31 - 1
MAX_PK_DIGITS = len(str(MAX_PK))

_SUMMARY_FIELDS = {f.name for f in fields(SourcingSummary)}


class ArticleReads(Connections):
    """Mixed into ``Store``: whole articles back as records."""

    def _load(self, conn: Connection, pks: Sequence[int], whole: bool = True) -> dict[int, Article]:
        """Full records for ``pks`` (those that exist), with every nested list in saved order;
        with ``whole=False``, text and quotes only (no entities, figures, checks or signals)."""
        out: dict[int, Article] = {}
        for chunk in chunks(list(pks)):
            by_pk: dict[int, Article] = {}
            rows = conn.execute(
                select(
                    articles.c.pk,
                    articles.c.ext_id,
                    articles.c.title,
                    sources.c.name,
                    articles.c.url,
                    articles.c.published,
                    articles.c.language,
                    articles.c.text,
                    articles.c.authors,
                    articles.c.boilerplate_removed,
                    articles.c.notes,
                    articles.c.sourcing_summary,
                )
                .join(sources, sources.c.id == articles.c.source_id)
                .where(articles.c.pk.in_(chunk))
            )
            for r in rows:
                summary = {k: v for k, v in (r.sourcing_summary or {}).items() if k in _SUMMARY_FIELDS}
                by_pk[r.pk] = Article(
                    id=r.ext_id,
                    title=r.title,
                    source=source_out(r.name),
                    url=r.url,
                    published=r.published,
                    language=r.language,
                    text=r.text,
                    authors=list(r.authors or []),
                    boilerplate_removed=list(r.boilerplate_removed or []),
                    notes=list(r.notes or []),
                    sourcing=Sourcing(summary=SourcingSummary(**summary)),
                )
            if not by_pk:
                continue
            ids = list(by_pk)
            for r in conn.execute(
                select(quotes).where(quotes.c.article_pk.in_(ids)).order_by(quotes.c.article_pk, quotes.c.idx)
            ):
                m = r._mapping
                by_pk[r.article_pk].quotes.append(Quote(**{k: m[k] for k in QUOTE_FIELDS}))
            out.update(by_pk)
            if not whole:
                continue
            for r in conn.execute(
                select(mentions.c.article_pk, mentions.c.text, mentions.c.label, mentions.c.start, mentions.c.end, entities.c.canonical)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(mentions.c.article_pk.in_(ids))
                .order_by(mentions.c.article_pk, mentions.c.idx)
            ):
                by_pk[r.article_pk].entities.append(Entity(r.text, r.label, r.start, r.end, r.canonical))
            for r in conn.execute(
                select(figures).where(figures.c.article_pk.in_(ids)).order_by(figures.c.article_pk, figures.c.idx)
            ):
                m = r._mapping
                values = {k: m[k] for k in FIGURE_FIELDS if k != "index"}
                by_pk[r.article_pk].figures.append(Figure(index=m["fig_index"], **values))
            for r in conn.execute(
                select(figure_checks)
                .where(figure_checks.c.article_pk.in_(ids))
                .order_by(figure_checks.c.article_pk, figure_checks.c.idx)
            ):
                by_pk[r.article_pk].figure_checks.append(FigureCheck(r.kind, list(r.figures), r.note))
            for r in conn.execute(
                select(signals)
                .where(signals.c.article_pk.in_(ids))
                .order_by(signals.c.article_pk, signals.c.kind, signals.c.idx)
            ):
                signal = Signal(r.text, r.start, r.end, r.reason)
                getattr(by_pk[r.article_pk].sourcing, r.kind).append(signal)
        return out

    @staticmethod
    def _as_pk(ref: str | int) -> int | None:
        """The store number ``ref`` may be, or None: a number past ``MAX_PK`` can only be an
        input id (compared as one, it made both backends fail)."""
        if isinstance(ref, str):
            ref = ref.strip()
            if not (ref.isascii() and ref.isdigit() and len(ref) <= MAX_PK_DIGITS):
                return None
            ref = int(ref)
        return ref if 0 <= ref <= MAX_PK else None

    def get_article(self, ref: str | int) -> Article | None:
        """The article numbered ``ref`` (an int or a digit string: the store's pk), else the
        first stored article whose input id is ``ref``; ``None`` when there is neither.
        When an id is shared by several sources, :meth:`article_refs` lists them all."""
        with self._read() as conn:
            pk = self._as_pk(ref)
            if pk is not None and conn.execute(select(articles.c.pk).where(articles.c.pk == pk)).first() is None:
                pk = None
            if pk is None:
                pk = conn.execute(select(func.min(articles.c.pk)).where(articles.c.ext_id == str(ref))).scalar()
            if pk is None:
                return None
            return self._load(conn, [pk]).get(pk)

    def get_articles(self, pks: Iterable[int]) -> dict[int, Article]:
        """Full records for several pks at once (missing ones left out)."""
        with self._read() as conn:
            return self._load(conn, sorted(set(pks)))

    def article_refs(self, ref: str | int) -> list[tuple[int, str | None, str]]:
        """Every article ``ref`` may mean, as (pk, source, id): the one numbered ``ref`` (when it
        is a number) first, then those whose input id is ``ref``, in ingest order."""
        pk = self._as_pk(ref)
        cond = articles.c.ext_id == str(ref)
        if pk is not None:
            cond = or_(cond, articles.c.pk == pk)
        with self._read() as conn:
            rows = conn.execute(
                select(articles.c.pk, sources.c.name, articles.c.ext_id)
                .join(sources, sources.c.id == articles.c.source_id)
                .where(cond)
                .order_by(articles.c.pk)
            ).all()
        refs = [(p, source_out(name), ext_id) for p, name, ext_id in rows]
        refs.sort(key=lambda r: (r[0] != pk, r[0]))
        return refs

    def iter_articles(self, batch_size: int = 500, whole: bool = True) -> Iterator[tuple[int, Article]]:
        """(pk, Article) for every stored article, in ingest order; with ``whole=False`` each
        holds its text and quotes only, what a pass over the whole corpus needs of it (corpus
        linking), at a fraction of the memory."""
        last = 0
        while True:
            with self._read() as conn:
                pks = list(
                    conn.execute(
                        select(articles.c.pk).where(articles.c.pk > last).order_by(articles.c.pk).limit(batch_size)
                    ).scalars()
                )
                loaded = self._load(conn, pks, whole)
            for pk in pks:
                if pk in loaded:
                    yield pk, loaded[pk]
            if len(pks) < batch_size:
                return
            last = pks[-1]
