"""Full-text search over quotes and their speakers, so that searching quotes does not read
every quote.

SQLite: external-content FTS5 tables kept in sync by triggers and filled from the quotes
already stored: ``quotes_fts`` over ``quotes(text)`` (the tokenizer of ``articles_fts``:
stemmed words) and ``quote_speakers_fts`` over ``quotes(speaker_resolved, speaker_entity)``
(unstemmed words, for prefix matches on names). PostgreSQL: generated ``tsvector`` columns
``quotes.search_tsv`` ('english') and ``quotes.speaker_tsv`` ('simple') with GIN indexes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# name -> (columns of quotes, FTS5 tokenizer)
SQLITE_TABLES = {
    "quotes_fts": (("text",), "porter unicode61 remove_diacritics 2"),
    "quote_speakers_fts": (("speaker_resolved", "speaker_entity"), "unicode61 remove_diacritics 2"),
}


def _sqlite(name: str, columns: tuple[str, ...], tokenize: str) -> list[str]:
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    delete = f"INSERT INTO {name}({name}, rowid, {cols}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {name}(rowid, {cols}) VALUES (new.id, {new});"
    return [
        f"CREATE VIRTUAL TABLE {name} USING fts5({cols}, content='quotes', content_rowid='id', tokenize='{tokenize}')",
        f"CREATE TRIGGER {name}_ai AFTER INSERT ON quotes BEGIN {insert} END",
        f"CREATE TRIGGER {name}_ad AFTER DELETE ON quotes BEGIN {delete} END",
        f"CREATE TRIGGER {name}_au AFTER UPDATE OF {cols} ON quotes BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


POSTGRESQL = [
    """ALTER TABLE quotes ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('english'::regconfig, text)) STORED""",
    "CREATE INDEX ix_quotes_search_tsv ON quotes USING gin (search_tsv)",
    """ALTER TABLE quotes ADD COLUMN speaker_tsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(speaker_resolved, '') || ' ' || coalesce(speaker_entity, ''))) STORED""",
    "CREATE INDEX ix_quotes_speaker_tsv ON quotes USING gin (speaker_tsv)",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        statements = [s for name, (cols, tok) in SQLITE_TABLES.items() for s in _sqlite(name, cols, tok)]
    else:
        statements = POSTGRESQL if dialect == "postgresql" else []
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SQLITE_TABLES:
            for suffix in ("_ai", "_ad", "_au"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    elif dialect == "postgresql":
        for column in ("search_tsv", "speaker_tsv"):
            op.execute(f"DROP INDEX IF EXISTS ix_quotes_{column}")
            op.execute(f"ALTER TABLE quotes DROP COLUMN IF EXISTS {column}")
