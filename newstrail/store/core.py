"""The store: writes (``save_batch``) and queries over the schema in ``schema.py``.

Identity of an article is ``(source, id)``; ``None`` and ``""`` as a source are the same
("no source"). Every write is one transaction; reads use short transactions, and the
iterators page by primary key so they never hold a cursor open across the caller's work.
"""

from __future__ import annotations

import re
from operator import attrgetter
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    and_,
    bindparam,
    distinct,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from newstrail.records import (
    Article,
    Entity,
    Figure,
    FigureCheck,
    Quote,
    Signal,
    Sourcing,
    SourcingSummary,
    StoredArticle,
)
from newstrail.store import migrate
from newstrail.store.engine import WRITE, create_store_engine, normalize_url
from newstrail.store.links import LinkTables
from newstrail.store.rows import ArticleRow, FigureRow, QuoteRow
from newstrail.store.schema import (
    NO_SOURCE,
    articles,
    copies,
    entities,
    figure_checks,
    figures,
    line_stats,
    mentions,
    quotes,
    signals,
    sources,
)

Key = tuple[str | None, str]
T = TypeVar("T")

CHUNK = 500  # values per IN (...) list
PAGE = 2000  # rows per page in the iterators
# the largest store number: ids are SQL INTEGER columns, 32-bit on PostgreSQL (which refuses
# to compare one with a larger number) and 64-bit on SQLite (which refuses to bind 2**63)
MAX_PK = 2**31 - 1
MAX_PK_DIGITS = len(str(MAX_PK))

_QUOTE_FIELDS = [f.name for f in fields(Quote)]
_FIGURE_FIELDS = [f.name for f in fields(Figure)]
_SUMMARY_FIELDS = {f.name for f in fields(SourcingSummary)}
_quote_values = attrgetter(*_QUOTE_FIELDS)
_figure_values = attrgetter(*_FIGURE_FIELDS)  # "index" is stored as figures.fig_index
_FIGURE_COLUMNS = ["fig_index" if name == "index" else name for name in _FIGURE_FIELDS]
_TOKEN = re.compile(r"[^\W_]+")


def _sname(source: str | None) -> str:
    return source if source else NO_SOURCE


def _source_out(name: str) -> str | None:
    return name if name != NO_SOURCE else None


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def search_terms(search: str | None) -> list[str]:
    """The words of a user's search: runs of letters/digits, everything else dropped, so
    no FTS operator, quote or SQL fragment ever reaches the query."""
    return _TOKEN.findall(search or "")


def _like_pattern(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column, value: str):
    """Case-insensitive substring match, with LIKE wildcards in ``value`` taken literally."""
    return func.lower(column).like(_like_pattern(value), escape="\\")


class Store(LinkTables):
    """The newstrail store on SQLite (default) or PostgreSQL; migrated to head on open.

    ``Store(url)`` takes an SQLAlchemy URL, ``postgresql://...`` or a bare SQLite path (see
    ``config.db_url``; ``None`` means NEWSTRAIL_DB or ``sqlite:///newstrail.db``). Use as a
    context manager or call :meth:`close`. ``engine`` is public for modules that add their own
    tables to the same database (corpus linking).
    """

    def __init__(self, url: str | None = None):
        self.url = normalize_url(url)
        self.engine = create_store_engine(self.url)
        self.dialect = self.engine.dialect.name
        self._counts: tuple[tuple, dict[str, int]] | None = None  # (articles version, counts)
        with self._write() as conn:
            migrate.upgrade(conn)

    # -- plumbing --------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE on SQLite)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def _insert(self, table):
        if self.dialect == "postgresql":
            return pg_dialect.insert(table)
        if self.dialect == "sqlite":
            return sqlite_dialect.insert(table)
        raise NotImplementedError(f"unsupported database: {self.dialect}")

    def _scrub(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """PostgreSQL text cannot hold NUL: replace it (one character for one, so offsets hold)."""
        if self.dialect == "postgresql":
            for row in rows:
                for key, value in row.items():
                    if isinstance(value, str) and "\x00" in value:
                        row[key] = value.replace("\x00", "\ufffd")
        return rows

    def _execute_many(self, conn: Connection, statement, rows: list[dict[str, Any]]) -> None:
        if rows:  # an empty parameter list would run the statement once with no parameters
            conn.execute(statement, self._scrub(rows))

    def _bulk_insert(self, conn: Connection, table, columns: list[str], rows: list[tuple]) -> None:
        """INSERT many rows of plain values (no JSON): on SQLite straight through the driver's
        executemany (SQLAlchemy's per-row parameter processing costs more than SQLite does);
        on PostgreSQL by COPY on the transaction's own psycopg connection."""
        if not rows:
            return
        quote = conn.dialect.identifier_preparer.quote
        column_list = ", ".join(quote(c) for c in columns)
        if self.dialect == "sqlite":
            marks = ", ".join(["?"] * len(columns))
            conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({column_list}) VALUES ({marks})", rows)
        elif self.dialect == "postgresql":
            raw = conn.connection.driver_connection
            with raw.cursor() as cursor, cursor.copy(f"COPY {quote(table.name)} ({column_list}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [v.replace("\x00", "\ufffd") if isinstance(v, str) and "\x00" in v else v for v in row]
                    )
        else:
            self._execute_many(conn, insert(table), [dict(zip(columns, row)) for row in rows])

    @staticmethod
    def _source_ids(conn: Connection, names: Iterable[str]) -> dict[str, int]:
        names = sorted(set(names))
        out: dict[str, int] = {}
        for chunk in _chunks(names):
            for name, sid in conn.execute(select(sources.c.name, sources.c.id).where(sources.c.name.in_(chunk))):
                out[name] = sid
        return out

    @staticmethod
    def _pks_for_keys(conn: Connection, source_ids: dict[str, int], keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """pk of each stored (source name, ext_id); absent keys are left out."""
        by_source: dict[int, list[str]] = defaultdict(list)
        name_of = {}
        for name, ext_id in set(keys):
            sid = source_ids.get(name)
            if sid is not None:
                by_source[sid].append(ext_id)
                name_of[sid] = name
        out: dict[tuple[str, str], int] = {}
        for sid, ext_ids in by_source.items():
            for chunk in _chunks(sorted(ext_ids)):
                rows = conn.execute(
                    select(articles.c.ext_id, articles.c.pk).where(articles.c.source_id == sid, articles.c.ext_id.in_(chunk))
                )
                for ext_id, pk in rows:
                    out[(name_of[sid], ext_id)] = pk
        return out

    # -- ingest support --------------------------------------------------------------------

    def known_keys(self, keys: Iterable[Key]) -> set[Key]:
        """Which of ``keys`` (source, id) are stored already, returned as given."""
        keys = list(keys)
        if not keys:
            return set()
        with self._read() as conn:
            sids = self._source_ids(conn, (_sname(s) for s, _ in keys))
            found = self._pks_for_keys(conn, sids, ((_sname(s), str(i)) for s, i in keys))
        return {key for key in keys if (_sname(key[0]), str(key[1])) in found}

    def content_hash_owners(self, hashes: Iterable[str]) -> dict[str, Key]:
        """For each stored content hash among ``hashes``: the (source, id) of its earliest article."""
        hashes = sorted(set(hashes))
        out: dict[str, Key] = {}
        with self._read() as conn:
            for chunk in _chunks(hashes):
                first = (
                    select(func.min(articles.c.pk))
                    .where(articles.c.content_hash.in_(chunk))
                    .group_by(articles.c.content_hash)
                    .scalar_subquery()
                )
                rows = conn.execute(
                    select(articles.c.content_hash, sources.c.name, articles.c.ext_id)
                    .join(sources, sources.c.id == articles.c.source_id)
                    .where(articles.c.pk.in_(first))
                )
                for digest, name, ext_id in rows:
                    out[digest] = (_source_out(name), ext_id)
        return out

    def iter_minhashes(self) -> Iterator[tuple[Key, bytes]]:
        """((source, id), signature bytes) of every article with a MinHash, in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles.c.pk, sources.c.name, articles.c.ext_id, articles.c.minhash)
                    .join(sources, sources.c.id == articles.c.source_id)
                    .where(articles.c.pk > last, articles.c.minhash.is_not(None))
                    .order_by(articles.c.pk)
                    .limit(PAGE)
                ).all()
            for pk, name, ext_id, signature in rows:
                yield (_source_out(name), ext_id), bytes(signature)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def line_stats(self, sources_: Iterable[str | None], min_count: int = 1) -> dict[str | None, tuple[int, dict[str, int]]]:
        """Per source (as given): (articles stored for it, {line_key: articles containing it}).
        Unknown sources get ``(0, {})``; ``min_count`` leaves out rarer lines."""
        wanted = list(dict.fromkeys(sources_))
        out: dict[str | None, tuple[int, dict[str, int]]] = {s: (0, {}) for s in wanted}
        if not wanted:
            return out
        with self._read() as conn:
            info = {}
            for chunk in _chunks(sorted({_sname(s) for s in wanted})):
                for sid, name, count in conn.execute(
                    select(sources.c.id, sources.c.name, sources.c.article_count).where(sources.c.name.in_(chunk))
                ):
                    info[name] = (sid, count, {})
            by_id = {sid: lines for sid, _, lines in info.values()}
            for chunk in _chunks(sorted(by_id)):
                rows = conn.execute(
                    select(line_stats.c.source_id, line_stats.c.line_key, line_stats.c.count).where(
                        line_stats.c.source_id.in_(chunk), line_stats.c.count >= min_count
                    )
                )
                for sid, key, count in rows:
                    by_id[sid][key] = count
        for s in wanted:
            if _sname(s) in info:
                _, count, lines = info[_sname(s)]
                out[s] = (count, dict(lines))
        return out

    # -- writing ---------------------------------------------------------------------------

    def save_batch(self, items: list[StoredArticle]) -> int:
        """Save ``items`` in one transaction; those whose (source, id) is stored already (or
        repeated in the batch) are skipped. Returns how many articles were inserted."""
        if not items:
            return 0
        now = datetime.now(UTC)
        with self._write() as conn:
            keyed = [((_sname(it.article.source), str(it.article.id)), it) for it in items]
            sids = self._source_ids(conn, {k[0] for k, _ in keyed})
            missing = sorted({k[0] for k, _ in keyed} - sids.keys())
            if missing:
                self._execute_many(
                    conn,
                    self._insert(sources).on_conflict_do_nothing(),
                    [{"name": name, "article_count": 0} for name in missing],
                )
                sids.update(self._source_ids(conn, missing))
            existing = self._pks_for_keys(conn, sids, (k for k, _ in keyed))
            new: list[tuple[tuple[str, str], StoredArticle]] = []
            seen = set(existing)
            for key, item in keyed:
                if key not in seen:
                    seen.add(key)
                    new.append((key, item))
            if not new:
                return 0

            rows = []
            for (name, ext_id), item in new:
                a = item.article
                rows.append(
                    {
                        "source_id": sids[name],
                        "ext_id": ext_id,
                        "title": a.title,
                        "url": a.url,
                        "published": a.published,
                        "language": a.language,
                        "text": a.text,
                        "words": len(a.text.split()),
                        "quote_count": len(a.quotes),
                        "figure_count": len(a.figures),
                        "authors": list(a.authors),
                        "boilerplate_removed": list(a.boilerplate_removed),
                        "notes": list(a.notes),
                        "sourcing_summary": asdict(a.sourcing.summary),
                        "content_hash": item.content_hash,
                        "origin": item.origin or "",
                        "minhash": item.minhash,
                        "ingested_at": now,
                    }
                )
            result = conn.execute(
                insert(articles).returning(articles.c.pk, sort_by_parameter_order=True), self._scrub(rows)
            )
            pks = list(result.scalars())
            pk_of = {key: pk for (key, _), pk in zip(new, pks)}

            self._save_entities(conn, new, pks)
            quote_rows, figure_rows, check_rows, signal_rows = [], [], [], []
            for (_, item), pk in zip(new, pks):
                a = item.article
                for i, q in enumerate(a.quotes):
                    quote_rows.append((pk, i, *_quote_values(q)))
                for i, f in enumerate(a.figures):
                    figure_rows.append((pk, i, *_figure_values(f)))
                for i, c in enumerate(a.figure_checks):
                    check_rows.append(
                        {"article_pk": pk, "idx": i, "kind": c.kind, "figures": list(c.figures), "note": c.note or ""}
                    )
                for kind in ("unsourced", "hedged"):
                    for i, sig in enumerate(getattr(a.sourcing, kind)):
                        signal_rows.append((pk, i, kind, sig.text, sig.start, sig.end, sig.reason))
            self._bulk_insert(conn, quotes, ["article_pk", "idx", *_QUOTE_FIELDS], quote_rows)
            self._bulk_insert(conn, figures, ["article_pk", "idx", *_FIGURE_COLUMNS], figure_rows)
            self._execute_many(conn, insert(figure_checks), check_rows)
            self._bulk_insert(conn, signals, ["article_pk", "idx", "kind", "text", "start", "end", "reason"], signal_rows)

            self._save_copies(conn, new, pk_of, sids)

            per_source = Counter(sids[name] for (name, _), _ in new)
            conn.execute(
                update(sources)
                .where(sources.c.id == bindparam("b_sid"))
                .values(article_count=sources.c.article_count + bindparam("b_n")),
                [{"b_sid": sid, "b_n": n} for sid, n in per_source.items()],
            )
            lines = Counter()
            for (name, _), item in new:
                for line_key in set(item.line_keys):
                    lines[(sids[name], line_key)] += 1
            if lines:
                ins = self._insert(line_stats)
                upsert = ins.on_conflict_do_update(
                    index_elements=[line_stats.c.source_id, line_stats.c.line_key],
                    set_={"count": line_stats.c.count + ins.excluded["count"]},
                )
                self._execute_many(
                    conn, upsert, [{"source_id": sid, "line_key": k, "count": n} for (sid, k), n in lines.items()]
                )
        return len(new)

    def _save_entities(self, conn: Connection, new, pks: list[int]) -> None:
        pairs = {(e.canonical or e.text, e.label) for _, item in new for e in item.article.entities}
        if not pairs:
            return
        ids = self._entity_ids(conn, pairs)
        missing = sorted(pairs - ids.keys())
        if missing:
            self._execute_many(
                conn,
                self._insert(entities).on_conflict_do_nothing(),
                [{"canonical": c, "label": label} for c, label in missing],
            )
            ids.update(self._entity_ids(conn, set(missing)))
        rows = []
        for (_, item), pk in zip(new, pks):
            for i, e in enumerate(item.article.entities):
                rows.append((pk, i, ids[(e.canonical or e.text, e.label)], e.text, e.label, e.start, e.end))
        self._bulk_insert(conn, mentions, ["article_pk", "idx", "entity_id", "text", "label", "start", "end"], rows)

    def _entity_ids(self, conn: Connection, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        names = sorted({c for c, _ in pairs})
        if self.dialect == "postgresql":
            names = [n.replace("\x00", "\ufffd") for n in names]
        out = {}
        for chunk in _chunks(names):
            rows = conn.execute(
                select(entities.c.canonical, entities.c.label, entities.c.id).where(entities.c.canonical.in_(chunk))
            )
            for canonical, label, eid in rows:
                out[(canonical, label)] = eid
        if self.dialect == "postgresql":  # map back to the caller's spelling
            out = {pair: out[(pair[0].replace("\x00", "\ufffd"), pair[1])] for pair in pairs if (pair[0].replace("\x00", "\ufffd"), pair[1]) in out}
        return out

    def _save_copies(self, conn: Connection, new, pk_of: dict[tuple[str, str], int], sids: dict[str, int]) -> None:
        wanted = {}
        for key, item in new:
            if item.copy_of is not None:
                wanted[key] = (_sname(item.copy_of[0]), str(item.copy_of[1]))
        if not wanted:
            return
        outside = {k for k in wanted.values() if k not in pk_of}
        if outside:
            names = {name for name, _ in outside}
            known_sids = dict(sids)
            known_sids.update(self._source_ids(conn, names - sids.keys()))
            pk_of = {**pk_of, **self._pks_for_keys(conn, known_sids, outside)}
        rows = []
        for key, item in new:
            target = wanted.get(key)
            if target is None or target == key or target not in pk_of:
                continue  # an unknown original cannot be linked; the article itself is kept
            kind = item.copy_kind or ("exact" if item.similarity in (None, 1.0) else "near")
            rows.append({"article_pk": pk_of[key], "copy_of_pk": pk_of[target], "kind": kind, "similarity": item.similarity})
        self._execute_many(conn, insert(copies), rows)

    # -- reading articles ------------------------------------------------------------------

    def _load(self, conn: Connection, pks: Sequence[int]) -> dict[int, Article]:
        """Full records for ``pks`` (those that exist), with every nested list in saved order."""
        out: dict[int, Article] = {}
        for chunk in _chunks(list(pks)):
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
                    source=_source_out(r.name),
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
                select(mentions.c.article_pk, mentions.c.text, mentions.c.label, mentions.c.start, mentions.c.end, entities.c.canonical)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(mentions.c.article_pk.in_(ids))
                .order_by(mentions.c.article_pk, mentions.c.idx)
            ):
                by_pk[r.article_pk].entities.append(Entity(r.text, r.label, r.start, r.end, r.canonical))
            for r in conn.execute(
                select(quotes).where(quotes.c.article_pk.in_(ids)).order_by(quotes.c.article_pk, quotes.c.idx)
            ):
                m = r._mapping
                by_pk[r.article_pk].quotes.append(Quote(**{k: m[k] for k in _QUOTE_FIELDS}))
            for r in conn.execute(
                select(figures).where(figures.c.article_pk.in_(ids)).order_by(figures.c.article_pk, figures.c.idx)
            ):
                m = r._mapping
                values = {k: m[k] for k in _FIGURE_FIELDS if k != "index"}
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
            out.update(by_pk)
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
        refs = [(p, _source_out(name), ext_id) for p, name, ext_id in rows]
        refs.sort(key=lambda r: (r[0] != pk, r[0]))
        return refs

    def iter_articles(self, batch_size: int = 500) -> Iterator[tuple[int, Article]]:
        """(pk, Article) for every stored article, in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                pks = list(
                    conn.execute(
                        select(articles.c.pk).where(articles.c.pk > last).order_by(articles.c.pk).limit(batch_size)
                    ).scalars()
                )
                loaded = self._load(conn, pks)
            for pk in pks:
                if pk in loaded:
                    yield pk, loaded[pk]
            if len(pks) < batch_size:
                return
            last = pks[-1]

    # -- listings --------------------------------------------------------------------------

    def _fts_condition(self, terms: list[str], table=articles):
        """A WHERE clause: the article's title or text (or the quote's text, ``table=quotes``)
        contains every term (stemmed, accents folded)."""
        key, name = (articles.c.pk, "articles") if table is articles else (quotes.c.id, "quotes")
        if self.dialect == "sqlite":
            match = " ".join(f'"{t}"' for t in terms)  # terms are letters/digits only
            return key.in_(
                select(literal_column("rowid"))
                .select_from(text(f"{name}_fts"))
                .where(text(f"{name}_fts MATCH :{name}_fts").bindparams(**{f"{name}_fts": match}))
            )
        if self.dialect == "postgresql":
            return text(f"{name}.search_tsv @@ plainto_tsquery('newstrail_english', :{name}_fts)").bindparams(
                **{f"{name}_fts": " ".join(terms)}
            )
        return and_(*(_contains(table.c.text, t) for t in terms))

    @staticmethod
    def _source_condition(conn: Connection, source: str, column):
        """``column`` (a source id) is one of the sources named ``source`` (case-insensitive),
        the ids looked up first so that the query can use the index on the source."""
        ids = conn.execute(select(sources.c.id).where(func.lower(sources.c.name) == _sname(source).lower())).scalars()
        return column.in_(list(ids))

    def _speaker_condition(self, terms: list[str]):
        """Each term begins a word of the quote's resolved speaker or speaker entity ("ezra",
        "varn fire", "nor" find "Ezra Pike", "Varn Fire Service", "Nora Falk"), through the
        speaker full-text index, accents and case folded ("zoe" finds "Zoë")."""
        if self.dialect == "sqlite":
            match = " ".join(f'"{t}"*' for t in terms)  # terms are letters/digits only
            return quotes.c.id.in_(
                select(literal_column("rowid"))
                .select_from(text("quote_speakers_fts"))
                .where(text("quote_speakers_fts MATCH :speaker_fts").bindparams(speaker_fts=match))
            )
        if self.dialect == "postgresql":
            return text("quotes.speaker_tsv @@ to_tsquery('newstrail_names', :speaker_fts)").bindparams(
                speaker_fts=" & ".join(f"{t}:*" for t in terms)
            )
        return and_(*(or_(_contains(quotes.c.speaker_resolved, t), _contains(quotes.c.speaker_entity, t)) for t in terms))

    @staticmethod
    def _date_bounds(date_from: str | None, date_to: str | None) -> list:
        conds = []
        if date_from:
            conds.append(articles.c.published >= date_from)
        if date_to:
            # A partial upper bound covers its whole period: "2015" -> through 2015-12-31.
            padded = {4: "-12-31", 7: "-31"}.get(len(date_to), "")
            conds.append(articles.c.published <= date_to + padded)
        return conds

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
        conds = []
        if language:
            conds.append(func.lower(articles.c.language) == language.lower())
        conds += self._date_bounds(date_from, date_to)
        if search is not None and search.strip():
            terms = search_terms(search)
            if not terms:
                return []
            conds.append(self._fts_condition(terms))
        if after is not None:
            conds.append(articles.c.pk > after)
        query = (
            select(
                articles.c.pk,
                articles.c.ext_id,
                sources.c.name,
                articles.c.title,
                articles.c.published,
                articles.c.language,
                articles.c.url,
                articles.c.words,
                articles.c.quote_count,
                articles.c.figure_count,
            )
            .join(sources, sources.c.id == articles.c.source_id)
            .order_by(articles.c.pk)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            if source is not None:
                conds.append(self._source_condition(conn, source, articles.c.source_id))
            rows = conn.execute(query.where(*conds)).all()
        return [ArticleRow(r[0], r[1], _source_out(r[2]), *r[3:]) for r in rows]

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
            conds.append(self._fts_condition(words["search"], quotes))
        if "speaker" in words:
            conds.append(self._speaker_condition(words["speaker"]))
        if after is not None:
            conds.append(quotes.c.id > after)
        query = (
            select(
                quotes.c.id,
                quotes.c.article_pk,
                articles.c.ext_id,
                sources.c.name,
                articles.c.published,
                articles.c.title,
                *(quotes.c[name] for name in _QUOTE_FIELDS),
            )
            .join(articles, articles.c.pk == quotes.c.article_pk)
            .join(sources, sources.c.id == articles.c.source_id)
            .order_by(quotes.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            if source is not None:
                conds.append(self._source_condition(conn, source, articles.c.source_id))
            rows = conn.execute(query.where(*conds)).all()
        return [QuoteRow(r[0], r[1], r[2], _source_out(r[3]), *r[4:]) for r in rows]

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
            conds.append(_contains(figures.c.counted, counted))
        if entity:
            mentioning = (
                select(mentions.c.article_pk)
                .join(entities, entities.c.id == mentions.c.entity_id)
                .where(func.lower(entities.c.canonical) == entity.lower())
            )
            conds.append(or_(figures.c.article_pk.in_(mentioning), _contains(figures.c.location, entity)))
        if after is not None:
            conds.append(figures.c.id > after)
        query = (
            select(
                figures.c.id,
                figures.c.article_pk,
                articles.c.ext_id,
                sources.c.name,
                articles.c.published,
                articles.c.title,
                figures.c.fig_index,
                *(figures.c[name] for name in _FIGURE_FIELDS if name != "index"),
            )
            .join(articles, articles.c.pk == figures.c.article_pk)
            .join(sources, sources.c.id == articles.c.source_id)
            .order_by(figures.c.id)
        )
        if limit is not None:
            query = query.limit(limit)
        with self._read() as conn:
            if source is not None:
                conds.append(self._source_condition(conn, source, articles.c.source_id))
            rows = conn.execute(query.where(*conds)).all()
        return [FigureRow(r[0], r[1], r[2], _source_out(r[3]), *r[4:]) for r in rows]

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
