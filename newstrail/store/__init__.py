"""newstrail's store: SQLAlchemy Core schema, Alembic migrations, writes and queries.

    from newstrail.store import Store
    with Store("sqlite:///news.db") as store:          # or postgresql://..., or a bare path
        store.save_batch(items)                         # list[StoredArticle] -> inserted count
        store.list_articles(search="ministry", limit=20)

``Store`` migrates the database to the newest revision when it opens. See ``core.py`` for
every method, ``rows.py`` for the listing rows, ``schema.py`` for the tables.
"""

from newstrail.store.core import Key, Store, search_terms
from newstrail.store.rows import ArticleRow, FigureRow, QuoteRow

__all__ = ["ArticleRow", "FigureRow", "Key", "QuoteRow", "Store", "search_terms"]
