"""The PostgreSQL server the store tests use (``NEWSTRAIL_TEST_PG``), as an admin engine that
creates and drops a database per test. A plain module, not a conftest: tests in any folder import
it by name (a folder's own conftest.py would shadow ``from conftest import ...``)."""

from __future__ import annotations

import os

import pytest

PG_ENV = "NEWSTRAIL_TEST_PG"


def pg_admin_engine():
    from sqlalchemy import create_engine

    from newstrail.store.engine import normalize_url

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.fail(
            f"{PG_ENV} is not set: the store tests need a PostgreSQL server. Run the suite with "
            f'bash scripts/test.sh, or first: eval "$(bash scripts/pg-test-cluster.sh start)"',
            pytrace=False,
        )
    return create_engine(normalize_url(base), isolation_level="AUTOCOMMIT"), base
