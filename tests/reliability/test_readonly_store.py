"""A store this process may read but not write (newstrail/store/engine.py, migrate.py, cli/main.py).

Writing commands end with one line naming the store, saying it is read-only and what to do,
and exit 1, before any input is parsed; reading commands and the API (``serve``) work on a
read-only store that is at the newest migration. Read-only is made for real on each backend:
SQLite through a ``mode=ro`` URI, a file or a directory without write rights (``chattr +i``
as well when the tests run as root, since root ignores file modes), PostgreSQL through
``default_transaction_read_only`` and through a user granted SELECT only.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from pgadmin import pg_admin_engine
from newstrail.api.app import create_app
from newstrail.cli.main import app
from newstrail.ingest import ingest
from newstrail.records import Article, StoredArticle
from newstrail.store import Store, migrate
from newstrail.store.engine import ReadOnlyStore, normalize_url

runner = CliRunner()

PIER = Article(id="kessa-pier", title="Kessa pier reopens", source="Quay Post", url=None, published="2031-05-02",
               language="en", text="The Kessa pier reopened on Friday after three weeks of repairs, the port "
                                   "authority said, and the first ferry crossed at noon.")
FERRY = {"id": "kessa-ferry", "source": "Quay Post", "title": "Ferry timetable changes",
         "text": "The Kessa ferry will leave an hour earlier from Monday, the operator said on Saturday."}


def _fill(url: str) -> None:
    with Store(url) as store:
        store.save_batch([StoredArticle(article=PIER, content_hash="pier")])


def _freeze(path: Path) -> None:
    """Take write rights on ``path`` from this process, root included (root ignores file
    modes, not the immutable attribute)."""
    path.chmod(0o555 if path.is_dir() else 0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True, capture_output=True)
    if os.access(path, os.W_OK):
        pytest.fail(f"could not make {path} read-only for this process", pytrace=False)


def _thaw(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
    path.chmod(0o755 if path.is_dir() else 0o644)


@contextmanager
def _pg_admin(url: str) -> Iterator[Connection]:
    """An autocommit connection to the database of ``url`` as the test server's admin."""
    engine = create_engine(normalize_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@contextmanager
def _pg_database() -> Iterator[str]:
    """The URL of a fresh database on the test server, dropped afterwards (as ``store_url``)."""
    admin, base = pg_admin_engine()
    name = f"newstrail_test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=[
    "sqlite mode=ro",
    "sqlite read-only file",
    "sqlite read-only directory",
    pytest.param("postgresql read-only transactions", marks=pytest.mark.postgres),
    pytest.param("postgresql user without write rights", marks=pytest.mark.postgres),
])
def read_only(request, tmp_path):
    """(URL to use, the store as the error line names it) of a filled, read-only store at head."""
    kind = request.param
    if kind.startswith("sqlite"):
        folder = tmp_path / "stores"
        folder.mkdir()
        path = folder / "ro.db"
        _fill(f"sqlite:///{path}")
        if kind == "sqlite mode=ro":
            yield f"sqlite:///file:{path}?mode=ro&uri=true", str(path)
            return
        frozen = path if kind == "sqlite read-only file" else folder
        _freeze(frozen)
        try:
            yield str(path), str(path)
        finally:
            _thaw(frozen)
        return
    with _pg_database() as url:
        _fill(url)
        if kind == "postgresql read-only transactions":
            with _pg_admin(url) as conn:
                conn.execute(text(f'ALTER DATABASE "{make_url(url).database}" SET default_transaction_read_only = on'))
            yield url, make_url(url).render_as_string(hide_password=True)
            return
        role = f"newstrail_reader_{uuid.uuid4().hex[:12]}"
        with _pg_admin(url) as conn:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
            conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
            conn.execute(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"'))
        reader = make_url(url).set(username=role, password=None)
        try:
            yield reader.render_as_string(hide_password=False), reader.render_as_string(hide_password=True)
        finally:
            with _pg_admin(url) as conn:
                conn.execute(text(f'DROP OWNED BY "{role}"'))
                conn.execute(text(f'DROP ROLE "{role}"'))


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error ")]


@pytest.fixture
def inputs(tmp_path):
    path = tmp_path / "ferry.jsonl"
    path.write_text(json.dumps(FERRY) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", [["ingest", "INPUT"], ["ingest", "INPUT", "--json"], ["link"], ["link", "--full"]])
def test_writing_commands_say_the_store_is_read_only_in_one_line(read_only, inputs, command):
    url, where = read_only
    result = runner.invoke(app, [inputs if arg == "INPUT" else arg for arg in command] + ["--db", url])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    errors = _error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error store {where} is read-only (")
    assert errors[0].endswith("or pass --db a writable store")
    assert "Traceback" not in result.output
    with Store(url) as store:
        assert [row.id for row in store.list_articles()] == ["kessa-pier"]


def test_ingest_refuses_before_reading_anything(read_only):
    url, _ = read_only
    opened = []

    def items():
        opened.append(True)
        yield from ()

    with Store(url) as store, pytest.raises(ReadOnlyStore):
        ingest(items=items(), store=store)
    assert opened == []


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (["articles", "--json"], "kessa-pier"),
        (["articles", "--search", "ferry"], "Kessa pier reopens"),
        (["show", "kessa-pier"], "Kessa pier reopens"),
        (["quotes", "--json"], ""),
        (["export"], "kessa-pier"),
    ],
)
def test_reading_commands_work_on_a_read_only_store(read_only, command, expected):
    url, _ = read_only
    result = runner.invoke(app, [*command, "--db", url])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout


def test_serve_reads_a_read_only_store(read_only):
    url, _ = read_only
    with TestClient(create_app(db=url, token=None)) as client:
        response = client.get("/api/articles")
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["items"]] == ["kessa-pier"]
        page = client.get("/articles/kessa-pier")
        assert page.status_code == 200
        assert "Kessa pier reopens" in page.text


def test_a_read_only_store_that_needs_migrating_says_so(tmp_path):
    path = tmp_path / "old.db"
    _fill(f"sqlite:///{path}")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        migrate.downgrade(conn, "-1")
        old = migrate.current(conn)
    engine.dispose()
    result = runner.invoke(app, ["articles", "--db", f"sqlite:///file:{path}?mode=ro&uri=true"])
    assert result.exit_code == 1
    assert _error_lines(result.stderr) == [
        f"error store {path} is read-only (it needs migrating from revision {old} to {migrate.head()}: attempt to "
        f"write a readonly database): make the file and its directory writable (SQLite writes -wal and -shm files "
        f"beside it), or pass --db a writable store"
    ]


def test_a_new_store_in_a_read_only_directory_is_one_line(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    _freeze(folder)
    try:
        result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(folder / "new.db")])
    finally:
        _thaw(folder)
    assert result.exit_code == 1
    errors = _error_lines(result.stderr)
    assert len(errors) == 1 and errors[0].startswith(f"error store {folder / 'new.db'} is read-only ("), result.stderr
    assert f"its directory {folder} is read-only" in errors[0]
