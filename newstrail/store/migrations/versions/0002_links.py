"""Corpus-linking tables (issue 5): stories, quote clusters, figure series and matches,
provenance, exclusive details. Mirrors ``newstrail/store/link_schema.py``.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('speakers',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_speakers'))
    )
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_quotes'), ['quotes'], unique=False)
    op.create_table('link_state',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_link_state'))
    )
    op.create_table('quote_clusters',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('speakers', sa.JSON(), nullable=False),
    sa.Column('speaker_conflict', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quote_clusters'))
    )
    op.create_table('stories',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('mode', sa.String(length=32), nullable=False),
    sa.Column('first_published', sa.String(length=32), nullable=True),
    sa.Column('last_published', sa.String(length=32), nullable=True),
    sa.Column('article_count', sa.Integer(), nullable=False),
    sa.Column('outlet_count', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stories'))
    )
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stories_first_published'), ['first_published'], unique=False)

    op.create_table('figure_series',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('story_id', sa.String(length=32), nullable=True),
    sa.Column('counted', sa.Text(), nullable=False),
    sa.Column('event', sa.Text(), nullable=False),
    sa.Column('location', sa.Text(), nullable=False),
    sa.Column('conflict', sa.Boolean(), nullable=False),
    sa.Column('scope_related', sa.JSON(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_figure_series_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_series'))
    )
    with op.batch_alter_table('figure_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figure_series_story_id'), ['story_id'], unique=False)

    op.create_table('exclusive_details',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('story_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('target', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_exclusive_details_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_exclusive_details_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exclusive_details'))
    )
    with op.batch_alter_table('exclusive_details', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exclusive_details_article_pk'), ['article_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_exclusive_details_story_id'), ['story_id'], unique=False)

    op.create_table('figure_matches',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('thing', sa.JSON(), nullable=False),
    sa.Column('a_article_pk', sa.Integer(), nullable=False),
    sa.Column('a_figure_idx', sa.Integer(), nullable=False),
    sa.Column('b_article_pk', sa.Integer(), nullable=False),
    sa.Column('b_figure_idx', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['a_article_pk'], ['articles.pk'], name=op.f('fk_figure_matches_a_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['b_article_pk'], ['articles.pk'], name=op.f('fk_figure_matches_b_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figure_matches'))
    )
    with op.batch_alter_table('figure_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_figure_matches_a_article_pk'), ['a_article_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_figure_matches_b_article_pk'), ['b_article_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_figure_matches_kind'), ['kind'], unique=False)

    op.create_table('figure_series_members',
    sa.Column('series_id', sa.String(length=32), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('figure_idx', sa.Integer(), nullable=False),
    sa.Column('medium', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_figure_series_members_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['series_id'], ['figure_series.id'], name=op.f('fk_figure_series_members_series_id_figure_series'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('series_id', 'article_pk', 'figure_idx', name=op.f('pk_figure_series_members'))
    )
    op.create_table('provenance',
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('earliest_article_pk', sa.Integer(), nullable=False),
    sa.Column('origin_medium', sa.Text(), nullable=True),
    sa.Column('attribution', sa.Text(), nullable=True),
    sa.Column('dropped_count', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['earliest_article_pk'], ['articles.pk'], name=op.f('fk_provenance_earliest_article_pk_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('target', name=op.f('pk_provenance'))
    )
    with op.batch_alter_table('provenance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provenance_earliest_article_pk'), ['earliest_article_pk'], unique=False)

    op.create_table('quote_cluster_members',
    sa.Column('cluster_id', sa.String(length=32), nullable=False),
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('quote_idx', sa.Integer(), nullable=False),
    sa.Column('partial', sa.Boolean(), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_quote_cluster_members_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['cluster_id'], ['quote_clusters.id'], name=op.f('fk_quote_cluster_members_cluster_id_quote_clusters'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cluster_id', 'article_pk', 'quote_idx', name=op.f('pk_quote_cluster_members'))
    )
    op.create_table('story_articles',
    sa.Column('article_pk', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.String(length=32), nullable=False),
    sa.Column('similarity', sa.Float(), nullable=False),
    sa.Column('copy_of_pk', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_pk'], ['articles.pk'], name=op.f('fk_story_articles_article_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['copy_of_pk'], ['articles.pk'], name=op.f('fk_story_articles_copy_of_pk_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['story_id'], ['stories.id'], name=op.f('fk_story_articles_story_id_stories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_pk', name=op.f('pk_story_articles'))
    )
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_articles_copy_of_pk'), ['copy_of_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_story_articles_story_id'), ['story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speakers_quotes'))
    op.drop_table('speakers')
    op.drop_table('link_state')
    with op.batch_alter_table('story_articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_articles_story_id'))
        batch_op.drop_index(batch_op.f('ix_story_articles_copy_of_pk'))

    op.drop_table('story_articles')
    op.drop_table('quote_cluster_members')
    with op.batch_alter_table('provenance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provenance_earliest_article_pk'))

    op.drop_table('provenance')
    op.drop_table('figure_series_members')
    with op.batch_alter_table('figure_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figure_matches_kind'))
        batch_op.drop_index(batch_op.f('ix_figure_matches_b_article_pk'))
        batch_op.drop_index(batch_op.f('ix_figure_matches_a_article_pk'))

    op.drop_table('figure_matches')
    with op.batch_alter_table('exclusive_details', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exclusive_details_story_id'))
        batch_op.drop_index(batch_op.f('ix_exclusive_details_article_pk'))

    op.drop_table('exclusive_details')
    with op.batch_alter_table('figure_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_figure_series_story_id'))

    op.drop_table('figure_series')
    with op.batch_alter_table('stories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stories_first_published'))

    op.drop_table('stories')
    op.drop_table('quote_clusters')
