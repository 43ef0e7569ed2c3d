"""newstrail's store: SQLAlchemy Core schema, Alembic migrations, writes and queries.

    from newstrail.store import Store
    with Store("sqlite:///news.db") as store:          # or postgresql://..., or a bare path
        store.save_batch(items)                         # list[StoredArticle] -> inserted count
        store.list_articles(search="ministry", limit=20)

``Store`` migrates the database to the newest revision when it opens. ``core.py`` lists the
modules its parts live in; ``rows.py`` holds the listing rows, ``schema.py`` the tables.
"""

from newstrail.store.base import Key
from newstrail.store.core import Store
from newstrail.store.search import search_terms
from newstrail.store.rows import ArticleRow, FigureRow, QuoteRow

__all__ = ["ArticleRow", "FigureRow", "Key", "QuoteRow", "Store", "search_terms"]
