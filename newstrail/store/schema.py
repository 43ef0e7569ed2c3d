"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

``metadata`` holds every table of migration 0001. The corpus-linking tables live in
``newstrail/store/link_schema.py`` on the same ``metadata`` (import ``metadata`` from here and
add tables; give them a migration ``versions/0002_*.py`` with ``down_revision = "0001"``).
:func:`load_all` imports that module when it exists, so Alembic and the schema-drift test see
every table.

Conventions:
- ``articles.pk`` is the ingest order; ``(source_id, ext_id)`` is an article's identity.
  Articles without a source belong to the source row named ``""`` (``NO_SOURCE``), so the
  unique key works on both backends; readers turn ``""`` back into ``None``.
- Child rows carry ``article_pk`` and ``idx`` (their position in the article's list) so an
  article reads back exactly as it was saved.
- Full-text search is not in ``metadata``: migration 0001 adds an FTS5 table ``articles_fts``
  with triggers on SQLite, and a generated ``tsvector`` column ``articles.search_tsv`` with a
  GIN index on PostgreSQL (see ``FTS_OBJECTS``).
"""

from __future__ import annotations

import importlib
import importlib.util

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NO_SOURCE = ""  # the sources.name of articles whose source is None

# Names of the full-text objects the migration makes outside ``metadata``.
FTS_OBJECTS = frozenset(
    {
        "articles_fts",
        "articles_fts_data",
        "articles_fts_idx",
        "articles_fts_content",
        "articles_fts_docsize",
        "articles_fts_config",
        "search_tsv",
        "ix_articles_search_tsv",
        *(f"{t}{s}" for t in ("quotes_fts", "quote_speakers_fts")
          for s in ("", "_data", "_idx", "_content", "_docsize", "_config")),
        "speaker_tsv",
        "ix_quotes_search_tsv",
        "ix_quotes_speaker_tsv",
    }
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)


def _article_fk() -> Column:
    return Column("article_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False, index=True)


sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("article_count", Integer, nullable=False, default=0),
)

articles = Table(
    "articles",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("ext_id", Text, nullable=False),
    Column("title", Text),
    Column("url", Text),
    Column("published", String(32), index=True),
    Column("language", String(16), index=True),
    Column("text", Text, nullable=False),
    Column("words", Integer, nullable=False, default=0),
    Column("quote_count", Integer, nullable=False, default=0),
    Column("figure_count", Integer, nullable=False, default=0),
    Column("authors", JSON, nullable=False),
    Column("boilerplate_removed", JSON, nullable=False),
    Column("notes", JSON, nullable=False),
    Column("sourcing_summary", JSON, nullable=False),
    Column("content_hash", String(128), nullable=False, index=True),
    Column("origin", Text, nullable=False, default=""),
    Column("minhash", LargeBinary),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("source_id", "ext_id"),
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("canonical", Text, nullable=False),
    Column("label", String(32), nullable=False),
    UniqueConstraint("canonical", "label"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("label", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("speaker", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_resolved", Text, index=True),
    Column("speaker_entity", Text, index=True),
    Column("medium", Text),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("fig_index", Integer, nullable=False),  # Figure.index
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("value", Float),
    Column("low", Float),
    Column("high", Float),
    Column("low_inclusive", Boolean, nullable=False),
    Column("high_inclusive", Boolean, nullable=False),
    Column("approximate", Boolean, nullable=False),
    Column("hedge", Text),
    Column("unit", Text),
    Column("counted", Text),
    Column("about", Text),  # migration 0006
    Column("event", String(64), index=True),
    Column("event_verb", Text),
    Column("location", Text),
    Column("time", Text),
    Column("time_text", Text),
    Column("source", Text),
    Column("sentence", Text, nullable=False),
    Column("part_of", Integer),
    Column("derived", Boolean, nullable=False),
    Column("in_title", Boolean, nullable=False),
)

figure_checks = Table(
    "figure_checks",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("figures", JSON, nullable=False),
    Column("note", Text, nullable=False),
)

signals = Table(
    "signals",
    metadata,
    Column("id", Integer, primary_key=True),
    _article_fk(),
    Column("idx", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # unsourced | hedged
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("reason", Text, nullable=False),
)

copies = Table(
    "copies",
    metadata,
    Column("article_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True),
    Column("copy_of_pk", Integer, ForeignKey("articles.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # exact | near
    Column("similarity", Float),
)

line_stats = Table(
    "line_stats",
    metadata,
    Column("source_id", Integer, ForeignKey("sources.id"), primary_key=True),
    Column("line_key", Text, primary_key=True),
    Column("count", Integer, nullable=False),
)

Index("ix_quotes_kind", quotes.c.kind)
# the outlet facets of unfiltered quote and figure lists sum these counts per outlet; without an
# index holding them SQLite read every article's row, body and all (migration 0007)
Index("ix_articles_source_counts", articles.c.source_id, articles.c.quote_count, articles.c.figure_count)


def load_all() -> MetaData:
    """``metadata`` with every optional schema module (``link_schema``) imported."""
    name = "newstrail.store.link_schema"
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
    return metadata
