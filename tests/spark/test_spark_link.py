"""``newstrail spark link`` gives what ``newstrail link`` gives.

The built-in sample through ``spark ingest`` + ``spark link`` (the CLI, local[2]) against
``newstrail demo`` (ingest + link into SQLite): the same stories, quote clusters, figure
matches and series, provenance, exclusive details and speakers, compared by what they hold
(article keys and record contents), not by ids. Then the parts on their own: connected
components, stories over invented corpora of several components, and quote clusters where a
stock shingle is shared by fewer quotes within a component than across the corpus.
"""

from __future__ import annotations

import json
from importlib import resources

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from factories import make_article
from data.story_corpora import ARTICLES, HARD, SHORT
from newstrail.cli.main import app
from newstrail.link import StoryParams, cluster_stories, features_from_text, match_quotes
from newstrail.link.quotes import QuoteParams
from newstrail.spark import quotes as spark_quotes
from newstrail.spark import stories as spark_stories
from newstrail.spark.graph import components
from newstrail.spark.ingest import spark_ingest
from newstrail.spark.reading import Inputs
from newstrail.spark.tables import LINK_TABLES, SCHEMAS
from newstrail.store import Store

pytestmark = pytest.mark.spark
runner = CliRunner()
PARTS = ("stories", "quote_clusters", "figure_matches", "figure_series", "provenance", "exclusive_details", "speakers")


def sample_groups() -> list[Inputs]:
    """The sample as ``cli.main.sample_inputs`` reads it: the plain-text article names no outlet."""
    root = resources.files("newstrail") / "sample"
    return [Inputs((str(root / "articles.jsonl"), str(root / "pages"))),
            Inputs((str(root / "texts"),), source="Coastal Chronicle")]


def _table(folder, name) -> list[dict]:
    return ds.dataset(folder / name, format="parquet").to_table().to_pylist()


def spark_results(folder) -> dict:
    """The link tables of a dataset as the store lists the same things."""
    provenance = [json.loads(r["json"]) for r in _table(folder, "provenance")]
    exclusive = [{"story": r["story_id"], "kind": r["kind"], "target": r["target"], "text": r["text"],
                  "article": r["article_id"], "source": r["article_source"]} for r in _table(folder, "exclusive_details")]
    return {**{name: [json.loads(r["json"]) for r in _table(folder, table)] for name, table in
               (("stories", "stories"), ("quote_clusters", "quote_clusters"), ("figure_matches", "figure_matches"),
                ("figure_series", "figure_series"), ("speakers", "speakers"))},
            "provenance": provenance, "exclusive_details": exclusive}


def store_results(store: Store) -> dict:
    clusters = store.list_quote_clusters(limit=None)
    series = store.list_figure_series(limit=None)
    return {"stories": store.list_stories(limit=None), "quote_clusters": clusters,
            "figure_matches": store.list_figure_matches(), "figure_series": series,
            "provenance": [store.get_provenance(x["id"]) for x in clusters + series],
            "exclusive_details": store.list_exclusives(), "speakers": store.list_speakers()}


def _dump(value) -> str:
    return json.dumps(value, sort_keys=True)


def canonical(results: dict) -> dict[str, list[str]]:
    """Each part as sorted JSON texts with every id replaced by what it names: a story by its
    article keys, a cluster by its members' quotes, a series by its story and thing."""
    story = {s["id"]: sorted([a["source"] or "", a["id"]] for a in s["articles"]) for s in results["stories"]}
    series = {s["id"]: [story.get(s["story"]), s["thing"]] for s in results["figure_series"]}
    target = {c["id"]: sorted([m["source"] or "", m["article"], m["index"]] for m in c["members"])
              for c in results["quote_clusters"]} | series

    def without_id(record: dict, **named) -> str:
        return _dump({**{k: v for k, v in record.items() if k != "id"}, **named})

    return {
        "stories": sorted(without_id(s) for s in results["stories"]),
        "quote_clusters": sorted(without_id(c) for c in results["quote_clusters"]),
        "figure_matches": sorted(without_id(m) for m in results["figure_matches"]),
        "figure_series": sorted(without_id(s, story=story.get(s["story"]),
                                           scope_related=sorted(_dump(series[x]) for x in s["scope_related"]))
                                for s in results["figure_series"]),
        "provenance": sorted(_dump({**p, "target": target[p["target"]]}) for p in results["provenance"]),
        "exclusive_details": sorted(_dump({**d, "story": story[d["story"]], "target": target.get(d["target"])})
                                    for d in results["exclusive_details"]),
        "speakers": sorted(_dump(s) for s in results["speakers"]),
    }


@pytest.fixture(scope="module")
def both(spark, tmp_path_factory):
    """(spark link's tally, its results; newstrail demo's link summary, the store's results)."""
    folder = tmp_path_factory.mktemp("sample-link")
    spark_ingest(spark, sample_groups(), str(folder / "dataset"), partitions=3)
    linked = runner.invoke(app, ["spark", "link", "--data", str(folder / "dataset"), "--json"])
    assert linked.exit_code == 0, linked.output
    url = f"sqlite:///{folder / 'ingest.db'}"
    demo = runner.invoke(app, ["demo", "--db", url, "--json"])
    assert demo.exit_code == 0, demo.output
    with Store(url) as store:
        local = store_results(store)
    return (json.loads(linked.stdout), folder / "dataset", spark_results(folder / "dataset")), \
        (json.loads(demo.stdout.splitlines()[-1])["link"], local)


def test_tally_is_the_link_summary(both):
    (tally, _, _), (summary, _) = both
    keys = ("stories", "multi_outlet_stories", "quote_clusters", "figure_matches", "figure_series",
            "exclusive_details", "speakers")
    assert {k: tally[k] for k in keys} == {k: summary[k] for k in keys}
    assert tally["articles"] == summary["articles"] == 16


@pytest.mark.parametrize("part", PARTS)
def test_both_paths_link_the_same(both, part):
    (_, _, spark_side), (_, local) = both
    assert local[part], f"the sample should give some {part}"
    assert canonical(spark_side)[part] == canonical(local)[part]


def test_ids_are_numbered_as_the_store_numbers_them(both):
    """Stories, clusters and series carry the ids ``newstrail link`` gives the same things."""
    (_, _, spark_side), (_, local) = both
    for part in ("stories", "quote_clusters", "figure_series"):
        assert sorted(x["id"] for x in spark_side[part]) == sorted(x["id"] for x in local[part])
        assert sorted(map(_dump, spark_side[part])) == sorted(map(_dump, local[part]))


def test_tables_and_manifest(both):
    (tally, folder, _), _ = both
    for name in LINK_TABLES:
        assert ds.dataset(folder / name, format="parquet").schema.names == SCHEMAS[name].names
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["link"]["tally"] == tally
    assert manifest["link"]["params"]["linkage"] == StoryParams().linkage
    members = _table(folder, "story_articles")
    assert len(members) == 16 and len({(m["article_source"], m["article_id"]) for m in members}) == 16


def test_link_refuses_a_folder_that_is_no_dataset(tmp_path):
    result = runner.invoke(app, ["spark", "link", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "manifest.json" in result.output


@pytest.mark.parametrize("edges, expected", [
    ([], {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5}),
    ([(0, 1), (1, 2), (4, 5)], {0: 0, 1: 0, 2: 0, 3: 3, 4: 4, 5: 4}),
    ([(5, 4), (4, 3), (3, 2), (2, 1), (1, 0)], dict.fromkeys(range(6), 0)),  # a chain, highest first
    ([(5, 0), (2, 2), (3, 1)], {0: 0, 1: 1, 2: 2, 3: 1, 4: 4, 5: 0}),  # a loop edge joins nothing
])
def test_components(spark, edges, expected):
    sc = spark.sparkContext
    found = components(sc.parallelize(range(6)), sc.parallelize(edges, 2), 2).collectAsMap()
    assert found == expected


def _story_sets(stories) -> list:
    return sorted(sorted((a.key, a.similarity) for a in s.articles) for s in stories)


@pytest.mark.parametrize("rows, params", [
    (ARTICLES + HARD + SHORT, StoryParams()),
    (ARTICLES + HARD + SHORT, StoryParams(linkage="average")),
    (SHORT, StoryParams(window_days=1, evidence_days=0)),
])
def test_stories_are_the_full_recluster(spark, rows, params):
    """Several components (events far apart in time, of different kinds) clustered one by one
    give the stories of one re-cluster of the whole corpus, with the same ids."""
    features = [features_from_text((source, id_), text, title=title, published=published, order=i, params=params)
                for i, (id_, source, published, _, title, text) in enumerate(rows)]
    expected = cluster_stories(features, params)
    found = spark_stories.stories(spark.sparkContext.parallelize(list(enumerate(features)), 2),
                                  spark.sparkContext.emptyRDD(), params, 2).collect()
    assert len(expected) > 3
    assert _story_sets(found) == _story_sets(expected)
    assert sorted((s.id, s.articles[0].key) for s in found) == sorted((s.id, s.articles[0].key) for s in expected)


STOCK = "at the end of the day"


def stock_articles() -> list:
    """Invented reports whose quotes share one stock phrase; two pairs also share their quote."""
    said = [
        ("At the end of the day the harbour wall will hold through the winter storms", "Mayor Tomas Vell"),
        ("At the end of the day the harbour wall will hold through winter storms", "Tomas Vell"),
        ("At the end of the day we owe the ferry crews an apology for the delays", "Dana Okoro"),
        ("At the end of the day we owe the ferry crews an apology", "Dana Okoro"),
        ("At the end of the day nobody in Kestrel Bay wants the pier closed", "Piet Loran"),
    ]
    out = []
    for n, (quote, speaker) in enumerate(said):
        text = f"Officials met in Kestrel Bay on Thursday. \u201c{quote},\u201d {speaker} said."
        out.append(make_article(f"stock-{n}", f"Outlet {n % 3}", f"2031-05-1{n}", f"Kestrel Bay report {n}", text,
                                quotes=[(quote, speaker, speaker, "said", "direct")]))
    return out


@pytest.mark.parametrize("max_posting", [2, 300])
def test_quote_clusters_skip_stock_shingles_as_the_corpus_does(spark, max_posting):
    """With ``max_posting`` 2 the stock phrase's shingles are skipped across the corpus; each
    component holds fewer of them, and still clusters as the whole corpus does."""
    articles = stock_articles()
    params = QuoteParams(max_posting=max_posting)
    expected = match_quotes(articles, params)
    prepared = spark.sparkContext.parallelize([(i, (a, [], None)) for i, a in enumerate(articles)], 2)
    found = spark_quotes.quote_clusters(prepared, params, 2).collect()
    assert expected
    assert sorted(_dump(c.to_dict()) for c in found) == sorted(_dump(c.to_dict()) for c in expected)
