"""The story linker is kept as rows (``link_terms``, ``link_stories``, and its knobs in
``link_state`` row ``stories``: ``newstrail.link.state``), so a later link reads what its new
articles touch instead of the whole linker; and each article's story features are kept
(``story_features``, ``newstrail.link.cache``), so a later link does not make them again for
the stored articles it compares new ones with. The state of the earlier format (the whole linker
as one compressed JSON object) is deleted with the link's mark, unread: the next
``newstrail link`` rebuilds the linker from the stored stories, keeping their ids (mode
``restored``).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

link_state = sa.table("link_state", sa.column("name", sa.String))


def upgrade() -> None:
    op.execute(sa.delete(link_state))
    op.create_table(
        "link_terms",
        sa.Column("key", sa.LargeBinary(16), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.Column("stories", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_link_terms")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "link_stories",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("first_day", sa.Integer(), nullable=True),
        sa.Column("last_day", sa.Integer(), nullable=True),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_stories")),
    )

    op.create_table(
        "story_features",
        sa.Column("article_pk", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_pk"], ["articles.pk"], name=op.f("fk_story_features_article_pk_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_pk", name=op.f("pk_story_features")),
    )


def downgrade() -> None:
    """Older versions read the one-object state only: without one their next link is restored."""
    op.drop_table("story_features")
    op.drop_table("link_stories")
    op.drop_table("link_terms")
    op.execute(sa.delete(link_state))
