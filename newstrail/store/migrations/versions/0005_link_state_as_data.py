"""The stored story linker becomes plain data: every ``link_state`` row that does not start
with the new format's header (``newstrail.link.corpus.HEADER``, then zlib-compressed JSON) is
deleted, compared in SQL and never read into Python, let alone unpickled: until now the linker
was a pickle, and unpickling a store file someone shared can run code. The next
``newstrail link`` rebuilds the linker from the stored stories, keeping their ids (mode
``restored``).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# newstrail.link.corpus.HEADER as of this revision (a migration does not follow later changes)
HEADER = b"newstrail link state\n"

link_state = sa.table("link_state", sa.column("name", sa.String), sa.column("data", sa.LargeBinary))


def upgrade() -> None:
    start = sa.func.substr(link_state.c.data, 1, len(HEADER))
    op.execute(sa.delete(link_state).where(start != sa.literal(HEADER, sa.LargeBinary)))


def downgrade() -> None:
    """Older versions read only pickles: without a state their next link re-clusters."""
    op.execute(sa.delete(link_state))
