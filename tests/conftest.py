"""Shared fixtures.

``store_url`` — a URL for an EMPTY store, once per backend:
  * ``sqlite``: a fresh file under the test's ``tmp_path``;
  * ``postgresql`` (marked ``postgres``): a fresh database created for this test on the server
    named by ``NEWSTRAIL_TEST_PG`` and dropped afterwards. ``scripts/test.sh`` starts a
    throwaway server and sets the variable; by hand:
    ``eval "$(bash scripts/pg-test-cluster.sh start)"``. Without it the test FAILS (never skips).

    def test_something(store_url):
        with Store(store_url) as store: ...

``store`` — a ``newstrail.store.Store`` opened on ``store_url`` and closed afterwards.
Select one backend with ``-k sqlite`` / ``-k postgresql`` or ``-m postgres``.

``nlp`` — the full pipeline (the configured model and every newstrail component), loaded once
per session through ``shared_nlp``: loading a model costs seconds, and code under test that
calls ``shared_nlp()`` itself gets the same object. Do not change it (add or remove pipes, set
configs): build your own with ``build_nlp`` for that.

Invented articles come from ``factories.py`` (``from factories import ...``): test modules never
import each other. This file puts ``tests/`` on ``sys.path`` (pytest's default import mode), so
``factories``, ``live``, ``pgadmin`` and the data modules under ``tests/data/`` import from any folder; test
file names must therefore stay unique across folders.
"""

from __future__ import annotations

import uuid

import pytest

from pgadmin import pg_admin_engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin, base = pg_admin_engine()
    name = f"newstrail_test_{uuid.uuid4().hex[:16]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        finally:
            admin.dispose()


@pytest.fixture
def store(store_url):
    from newstrail.store import Store

    with Store(store_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def nlp():
    from newstrail.nlp.pipeline import shared_nlp

    return shared_nlp()
