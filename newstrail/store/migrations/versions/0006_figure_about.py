"""Figures say what they are a quantity of: the nullable column ``figures.about``
(``records.Figure.about``: "unemployment" in "unemployment rose 3%", "deal" in "a $2 billion
deal"). Figures stored before it have none until their article is analysed again; nothing is
guessed for them.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("figures", sa.Column("about", sa.Text(), nullable=True))


def downgrade() -> None:
    """Batch mode: SQLite copies the table without the column, PostgreSQL drops it in place."""
    with op.batch_alter_table("figures") as batch:
        batch.drop_column("about")
