"""What every part of the store stands on: connections and transactions, bulk writes on both
backends, and the lookups of sources and article keys.

Identity of an article is ``(source, id)``; ``None`` and ``""`` as a source are the same
("no source", stored as ``NO_SOURCE``). Every write is one transaction; reads use short
transactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.dialects import postgresql as pg_dialect
from sqlalchemy.dialects import sqlite as sqlite_dialect

from newstrail.records import Figure, Quote
from newstrail.store.engine import WRITE
from newstrail.store.schema import NO_SOURCE, articles, sources

Key = tuple[str | None, str]
T = TypeVar("T")

CHUNK = 500  # values per IN (...) list
PAGE = 2000  # rows per page in the iterators

# the columns of the quotes and figures tables named as the records' fields ("index" is stored
# as figures.fig_index)
QUOTE_FIELDS = [f.name for f in fields(Quote)]
FIGURE_FIELDS = [f.name for f in fields(Figure)]


def sname(source: str | None) -> str:
    """A source as stored."""
    return source if source else NO_SOURCE


def source_out(name: str) -> str | None:
    """A stored source name as records give it."""
    return name if name != NO_SOURCE else None


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Connections:
    """The part of ``Store`` the others use: ``engine`` and ``dialect`` (set by ``Store``),
    transactions, inserts that work on both backends."""

    engine: Engine
    dialect: str

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
        for chunk in chunks(names):
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
            for chunk in chunks(sorted(ext_ids)):
                rows = conn.execute(
                    select(articles.c.ext_id, articles.c.pk).where(articles.c.source_id == sid, articles.c.ext_id.in_(chunk))
                )
                for ext_id, pk in rows:
                    out[(name_of[sid], ext_id)] = pk
        return out

