"""The built-in sample through both paths gives the same store: ``newstrail demo`` (ingest + link)
against ``spark ingest`` (local[2]) + ``newstrail load`` (which links), once per backend.

Compared: every article's JSON form and store number, quotes and figures as listed, copies,
stories, quote clusters, figure series and matches, provenance of every cluster and series,
exclusive details, speakers and the store's counts.
"""

from __future__ import annotations

import json
import uuid
from importlib import resources

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from pgadmin import pg_admin_engine
from newstrail import views
from newstrail.cli.main import app
from newstrail.spark.ingest import spark_ingest
from newstrail.spark.reading import Inputs
from newstrail.store import Store

pytestmark = pytest.mark.spark
runner = CliRunner()


def sample_groups() -> list[Inputs]:
    """The sample as ``cli.main.sample_inputs`` reads it: the plain-text article names no outlet."""
    root = resources.files("newstrail") / "sample"
    return [Inputs((str(root / "articles.jsonl"), str(root / "pages"))),
            Inputs((str(root / "texts"),), source="Coastal Chronicle")]


@pytest.fixture(scope="module")
def dataset(spark, tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-spark") / "dataset"
    tally = spark_ingest(spark, sample_groups(), str(out), partitions=3)
    return out, tally


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def two_stores(request, tmp_path_factory):
    """(store filled by ``newstrail demo``, store filled by ``newstrail load``), on one backend."""
    if request.param == "sqlite":
        folder = tmp_path_factory.mktemp("stores")
        yield f"sqlite:///{folder / 'ingest.db'}", f"sqlite:///{folder / 'spark.db'}"
        return
    admin, base = pg_admin_engine()
    names = [f"newstrail_eq_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    with admin.connect() as conn:
        for name in names:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield tuple(make_url(base).set(database=name).render_as_string(hide_password=False) for name in names)
    finally:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def snapshot(store: Store) -> dict:
    """Everything the interfaces show of a linked store, as JSON-able data."""
    clusters = store.list_quote_clusters(limit=None)
    series = store.list_figure_series(limit=None)
    return {
        "articles": [(pk, article.to_dict()) for pk, article in store.iter_articles()],
        "listing": [row.to_dict() for row in views.articles(store, limit=None).items],
        "quotes": [row.to_dict() for row in views.quotes(store, limit=None).items],
        "figures": [row.to_dict() for row in views.figures(store, limit=None).items],
        "copies": sorted(map(list, store.copy_pairs().items())),
        "stories": store.list_stories(limit=None),
        "quote_clusters": clusters,
        "figure_series": series,
        "figure_matches": store.list_figure_matches(),
        "provenance": {c["id"]: store.get_provenance(c["id"]) for c in clusters + series},
        "exclusives": store.list_exclusives(),
        "speakers": store.list_speakers(),
        "counts": store.counts(),
    }


@pytest.fixture(scope="module")
def both(dataset, two_stores):
    ingest_url, spark_url = two_stores
    demo = runner.invoke(app, ["demo", "--db", ingest_url, "--json"])
    assert demo.exit_code == 0, demo.output
    loaded = runner.invoke(app, ["load", str(dataset[0]), "--db", spark_url, "--json"])
    assert loaded.exit_code == 0, loaded.output
    with Store(ingest_url) as first, Store(spark_url) as second:
        yield (json.loads(demo.stdout.splitlines()[-1]), snapshot(first)), (json.loads(loaded.stdout), snapshot(second))


def test_spark_tally_matches_ingest(dataset, both):
    (demo, _), (loaded, _) = both
    tally = dataset[1].to_dict()
    assert {k: tally[k] for k in ("read", "ingested", "duplicates", "copies", "non_english")} == {
        k: demo["tally"][k] for k in ("read", "ingested", "duplicates", "copies", "non_english")}
    assert tally["failed"] == len(demo["tally"]["failed"]) == 0
    assert loaded["loaded"] == demo["tally"]["ingested"] == 16
    assert loaded["link"]["stories"] == demo["link"]["stories"]


@pytest.mark.parametrize("part", ["articles", "listing", "quotes", "figures", "copies", "stories", "quote_clusters",
                                  "figure_series", "figure_matches", "provenance", "exclusives", "speakers", "counts"])
def test_both_paths_give_the_same(both, part):
    (_, ingested), (_, loaded) = both
    assert ingested[part], f"the sample should give some {part}"
    assert loaded[part] == ingested[part]
