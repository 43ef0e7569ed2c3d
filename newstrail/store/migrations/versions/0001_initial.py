"""Initial schema: sources, articles, entities/mentions, quotes, figures, checks, signals,
copies, learned-boilerplate line statistics, and full-text search.

Full-text search is per dialect: SQLite gets an external-content FTS5 table ``articles_fts``
over ``articles(title, text)`` kept in sync by triggers; PostgreSQL gets a generated
``tsvector`` column ``articles.search_tsv`` ('english', title weighted A, text B) with a GIN
index. Frozen: later changes go in new revisions.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Text beyond this many characters is not indexed on PostgreSQL (a tsvector is capped at 1 MB).
PG_FTS_MAX_CHARS = 250_000

SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='pk',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END""",
]

PG_FTS = [
    f"""ALTER TABLE articles ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, left(text, {PG_FTS_MAX_CHARS})), 'B')
    ) STORED""",
    "CREATE INDEX ix_articles_search_tsv ON articles USING gin (search_tsv)",
]


def upgrade() -> None:
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('canonical', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('canonical', 'label', name=op.f('uq_entities_canonical_label'))
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('name', name=op.f('uq_sources_name'))
    )
    op.create_table('articles',
    sa.Column('pk', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('ext_id', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('published', sa.String(length=32), nullable=True),
    sa.Column('language', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('words', sa.Integer(), nullable=False),
    sa.Column('quote_count', sa.Integer(), nullable=False),
    sa.Column('figure_count', sa.Integer(), nullable=False),
    sa.Column('authors', sa.JSON(), nullable=False),
    sa.Column('boilerplate_removed', sa.JSON(), nullable=False),
    sa.Column('notes', sa.JSON(), nullable=False),
    sa.Column('sourcing_summary', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=128), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_articles_source_id_sources')),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_articles')),
    sa.UniqueConstraint('source_id', 'ext_id', name=op.f('uq_articles_source_id_ext_id'))
    )
    op.create_index(op.f('ix_articles_content_hash'), 'articles', ['content_hash'], unique=False)
    op.create_index(op.f('ix_articles_language'), 'articles', ['language'], unique=False)
    op.create_index(op.f('ix_articles_published'), 'articles', ['published'], unique=False)
    op.create_table('line_stats',
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('line_key', sa.Text(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_line_stats_source_id_sources')),
    sa.PrimaryKeyConstraint('source_id', 'line_key', name=op.f('pk_line_stats'))
    )
    op.create_table('copies',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('copy_of_pk', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_copies_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['copy_of_pk'], ['articles.pk'], name=op.f('fk_copies_copy_of_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', name=op.f('pk_copies'))
    )
    op.create_index(op.f('ix_copies_copy_of_pk'), 'copies', ['copy_of_pk'], unique=False)
    op.create_table('figure_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_figure_checks_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_checks'))
    )
    op.create_index(op.f('ix_figure_checks_article_pk'), 'figure_checks', ['article_pk'], unique=False)
    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('fig_index', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=False),
    sa.Column('high_inclusive', sa.Boolean(), nullable=False),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('hedge', sa.Text(), nullable=True),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('counted', sa.Text(), nullable=True),
    sa.Column('event', sa.String(length=64), nullable=True),
    sa.Column('event_verb', sa.Text(), nullable=True),
    sa.Column('location', sa.Text(), nullable=True),
    sa.Column('time', sa.Text(), nullable=True),
    sa.Column('time_text', sa.Text(), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('part_of', sa.Integer(), nullable=True),
    sa.Column('derived', sa.Boolean(), nullable=False),
    sa.Column('in_title', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_figures_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures'))
    )
    op.create_index(op.f('ix_figures_article_pk'), 'figures', ['article_pk'], unique=False)
    op.create_index(op.f('ix_figures_event'), 'figures', ['event'], unique=False)
    op.create_table('mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('label', sa.String(length=32), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_mentions_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_mentions_entity_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentions'))
    )
    op.create_index(op.f('ix_mentions_article_pk'), 'mentions', ['article_pk'], unique=False)
    op.create_index(op.f('ix_mentions_entity_id'), 'mentions', ['entity_id'], unique=False)
    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('cue_start', sa.Integer(), nullable=True),
    sa.Column('cue_end', sa.Integer(), nullable=True),
    sa.Column('speaker', sa.Text(), nullable=True),
    sa.Column('speaker_start', sa.Integer(), nullable=True),
    sa.Column('speaker_end', sa.Integer(), nullable=True),
    sa.Column('speaker_resolved', sa.Text(), nullable=True),
    sa.Column('speaker_entity', sa.Text(), nullable=True),
    sa.Column('medium', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_quotes_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    op.create_index(op.f('ix_quotes_article_pk'), 'quotes', ['article_pk'], unique=False)
    op.create_index('ix_quotes_kind', 'quotes', ['kind'], unique=False)
    op.create_index(op.f('ix_quotes_speaker_entity'), 'quotes', ['speaker_entity'], unique=False)
    op.create_index(op.f('ix_quotes_speaker_resolved'), 'quotes', ['speaker_resolved'], unique=False)
    op.create_table('signals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('idx', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_signals_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signals'))
    )
    op.create_index(op.f('ix_signals_article_pk'), 'signals', ['article_pk'], unique=False)

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in PG_FTS:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("articles_fts_ai", "articles_fts_ad", "articles_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search_tsv")
        op.execute("ALTER TABLE articles DROP COLUMN IF EXISTS search_tsv")
    op.drop_index(op.f('ix_signals_article_pk'), table_name='signals')
    op.drop_table('signals')
    op.drop_index(op.f('ix_quotes_speaker_resolved'), table_name='quotes')
    op.drop_index(op.f('ix_quotes_speaker_entity'), table_name='quotes')
    op.drop_index('ix_quotes_kind', table_name='quotes')
    op.drop_index(op.f('ix_quotes_article_pk'), table_name='quotes')
    op.drop_table('quotes')
    op.drop_index(op.f('ix_mentions_entity_id'), table_name='mentions')
    op.drop_index(op.f('ix_mentions_article_pk'), table_name='mentions')
    op.drop_table('mentions')
    op.drop_index(op.f('ix_figures_event'), table_name='figures')
    op.drop_index(op.f('ix_figures_article_pk'), table_name='figures')
    op.drop_table('figures')
    op.drop_index(op.f('ix_figure_checks_article_pk'), table_name='figure_checks')
    op.drop_table('figure_checks')
    op.drop_index(op.f('ix_copies_copy_of_pk'), table_name='copies')
    op.drop_table('copies')
    op.drop_table('line_stats')
    op.drop_index(op.f('ix_articles_published'), table_name='articles')
    op.drop_index(op.f('ix_articles_language'), table_name='articles')
    op.drop_index(op.f('ix_articles_content_hash'), table_name='articles')
    op.drop_table('articles')
    op.drop_table('sources')
    op.drop_table('entities')
