"""Indexes for lookups that read whole tables at corpus scale: ``ix_articles_source_counts``
(the per-outlet sums of the unfiltered quote and figure facets read every article's row,
body and all: 214 ms at 20,000 articles, 2 ms with it) and the members of quote clusters and
figure series by article (``ix_quote_cluster_members_article``,
``ix_figure_series_members_article``: where the 50 quotes of a list page lead took 75 ms,
0.4 ms with them).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_articles_source_counts": ("articles", ["source_id", "quote_count", "figure_count"]),
    "ix_quote_cluster_members_article": ("quote_cluster_members", ["article_pk", "quote_idx"]),
    "ix_figure_series_members_article": ("figure_series_members", ["article_pk", "figure_idx"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
