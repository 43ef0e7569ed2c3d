"""The store: SQLite or PostgreSQL, migrated on open, with its parts mixed in.

Identity of an article is ``(source, id)``; ``None`` and ``""`` as a source are the same
("no source"). Each part is a module of its own:

| part | module |
|---|---|
| connections, transactions, bulk inserts, source and key lookups | ``base.py`` |
| ``save_batch`` and what ingest asks first (known keys, hashes, MinHashes, line counts) | ``writes.py`` |
| whole articles back as records | ``articles.py`` |
| listings of articles, quotes, figures (one query builder) | ``listings.py`` |
| full-text and substring conditions | ``search.py`` |
| totals | ``counts.py`` |
| corpus-linking results | ``links.py`` |
"""

from __future__ import annotations

from newstrail.store import migrate
from newstrail.store.articles import ArticleReads
from newstrail.store.counts import Counts
from newstrail.store.engine import create_store_engine, normalize_url
from newstrail.store.links import LinkTables
from newstrail.store.listings import Listings
from newstrail.store.writes import Writes


class Store(Writes, ArticleReads, Listings, Counts, LinkTables):
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
        with self._write() as conn:
            migrate.upgrade(conn)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"
