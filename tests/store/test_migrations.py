"""Alembic migrations of the store, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from factories import flood_article, stored
from sqlalchemy import create_engine, inspect, text

from newstrail.store import Store, migrate
from newstrail.store.engine import normalize_url
from newstrail.store.schema import FTS_OBJECTS, load_all

CORE_TABLES = {
    "sources", "articles", "entities", "mentions", "quotes", "figures", "figure_checks", "signals",
    "copies", "line_stats",
}


def _fts_present(conn) -> bool:
    if conn.dialect.name == "sqlite":
        names = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
        return {f"{t}_fts{s}" for t in ("articles", "quotes") for s in ("", "_ai", "_ad", "_au")} <= names
    return all("search_tsv" in {c["name"] for c in inspect(conn).get_columns(t)}
               and f"ix_{t}_search_tsv" in {i["name"] for i in inspect(conn).get_indexes(t)}
               for t in ("articles", "quotes"))


def test_migrates_an_empty_database_to_head(store_url):
    engine = create_engine(normalize_url(store_url))
    with engine.connect() as conn:
        assert migrate.current(conn) is None
        assert not CORE_TABLES & set(inspect(conn).get_table_names())
    engine.dispose()
    Store(store_url).close()
    engine = create_engine(normalize_url(store_url))
    with engine.connect() as conn:
        assert migrate.current(conn) == migrate.head()
        assert CORE_TABLES <= set(inspect(conn).get_table_names())
        assert _fts_present(conn)
    engine.dispose()


def _table_of(obj, type_) -> str | None:
    if type_ == "table":
        return obj.name
    table = getattr(obj, "table", None)
    return getattr(table, "name", None)


@pytest.mark.parametrize("scope", ["core", "all"])
def test_migrated_schema_matches_the_metadata(store, scope):
    """Every table/column/index in the metadata is created by the migrations: "core" checks
    the tables of schema.py (migration 0001), "all" also those of link_schema.py."""

    def include(obj, name, type_, reflected, compare_to):
        if name in FTS_OBJECTS or name == "alembic_version":
            return False
        return scope == "all" or _table_of(obj, type_) in CORE_TABLES

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include, "compare_type": True})
        assert compare_metadata(context, load_all()) == []


def test_opening_again_is_a_no_op(store_url):
    with Store(store_url) as first:
        version = None
        with first.engine.connect() as conn:
            version = migrate.current(conn)
    with Store(store_url) as second:
        with second.engine.connect() as conn:
            assert migrate.current(conn) == version == migrate.head()
        assert second.counts()["articles"] == 0


def test_downgrade_to_base_and_upgrade_again(store_url):
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            migrate.downgrade(conn, "base")
        with store.engine.connect() as conn:
            assert migrate.current(conn) is None
            assert not CORE_TABLES & set(inspect(conn).get_table_names())
            assert not (conn.dialect.name == "sqlite" and "articles_fts" in inspect(conn).get_table_names())
        with store.engine.begin() as conn:
            migrate.upgrade(conn)
        with store.engine.connect() as conn:
            assert migrate.current(conn) == migrate.head()
            assert _fts_present(conn)


@pytest.mark.parametrize(
    ("given", "expected_driver"),
    [
        ("postgresql://u@127.0.0.1:5432/db", "postgresql+psycopg"),
        ("postgres://u@127.0.0.1/db", "postgresql+psycopg"),
        ("postgresql+psycopg://u@127.0.0.1/db", "postgresql+psycopg"),
        ("sqlite:///x.db", "sqlite"),
        ("some/dir/news.db", "sqlite"),
    ],
)
def test_urls_are_normalised(given, expected_driver):
    from sqlalchemy.engine import make_url

    assert make_url(normalize_url(given)).drivername == expected_driver


def test_bare_path_is_an_sqlite_file_in_wal_mode(tmp_path):
    path = tmp_path / "plain.db"
    with Store(str(path)) as store:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    assert path.exists()


def test_quotes_stored_before_quote_search_are_found_after_the_upgrade(store_url):
    with Store(store_url) as store:
        with store.engine.begin() as conn:
            migrate.downgrade(conn, "0002")
        store.save_batch([stored(flood_article("old-1", "Harbor Ledger"))])
        with store.engine.begin() as conn:
            migrate.upgrade(conn)
        assert [r.article_id for r in store.list_quotes(search="nightfall")] == ["old-1"]
        store.save_batch([stored(flood_article("new-1", "Ridge Herald"))])
        assert [r.article_id for r in store.list_quotes(search="nightfall")] == ["old-1", "new-1"]


def test_speakers_stored_before_accent_folding_are_found_after_the_upgrade(store_url):
    """Migration 0004 fills the search key of speakers already linked, and (PostgreSQL)
    re-indexes the quote speakers of quotes already stored with accents folded."""
    from newstrail.store.link_schema import speakers

    with Store(store_url) as store:
        with store.engine.begin() as conn:
            migrate.downgrade(conn, "0003")
            conn.execute(speakers.insert().values(
                name="Zoë Ågren", quotes=3, articles=2,
                data={"name": "Zoë Ågren", "aliases": ["Mayor Zoë Ågren"], "quotes": 3, "articles": 2}))
        store.save_batch([stored(flood_article("old-1", "Harbor Ledger", speaker="Zoë Ågren"))])
        with store.engine.begin() as conn:
            migrate.upgrade(conn)
        assert [s["name"] for s in store.list_speakers(search="zoe agren")] == ["Zoë Ågren"]
        assert [s["name"] for s in store.list_speakers(search="mayor")] == ["Zoë Ågren"]
        assert {r.article_id for r in store.list_quotes(speaker="agren")} == {"old-1"}


@pytest.mark.parametrize("stored", ["pickle", "one object"])
def test_linker_states_of_older_formats_are_dropped_and_the_next_link_keeps_story_ids(store_url, stored):
    """Migration 0005 deletes a link_state row not in the plain-data format without reading it
    (here a pickle of a harmless dict; the test never unpickles it either), 0008 the state of
    the one-object format that followed; the next link rebuilds the linker from the stored
    stories (mode "restored"), and every stored story keeps its id."""
    import pickle
    import zlib

    from newstrail.link.state import HEADER

    from newstrail.cli.main import sample_inputs
    from newstrail.ingest import ingest
    from newstrail.link.corpus import link_store
    from newstrail.store.link_schema import link_state

    items = list(sample_inputs())
    late = {i.id for i in items[len(items) // 2:]}
    with Store(store_url) as store:
        ingest(store=store, items=[i for i in items if i.id not in late])
        link_store(store)
        before = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
        with store.engine.begin() as conn:
            migrate.downgrade(conn, "0004")
        assert store.load_link_state() is None  # older versions could not read it
        data = (pickle.dumps({"linker": "of an older newstrail"}) if stored == "pickle" else
                HEADER + zlib.compress(b'{"format": "newstrail-linker", "version": 1}'))
        with store.engine.begin() as conn:
            conn.execute(link_state.insert().values(name="stories", data=data))
        with store.engine.begin() as conn:
            migrate.upgrade(conn)
        assert store.load_link_state() is None
        assert store.is_linked()
        ingest(store=store, items=[i for i in items if i.id in late])
        summary = link_store(store)
        assert (summary.mode, summary.added) == ("restored", len(late))
        after = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
        assert {k: after[k] for k in before} == before and set(after) == set(before) | late
