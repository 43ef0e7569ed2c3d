"""``newstrail spark ingest`` and ``newstrail load`` through the command line (newstrail/cli/spark.py,
newstrail/spark/ingest.py, newstrail/spark/load.py) on invented inputs: gzip JSONL with a repeated
record, a broken line and an article cleaning empties, a directory of text, a missing path."""

from __future__ import annotations

import gzip
import json

import pyarrow.dataset as ds
import pytest
from typer.testing import CliRunner

from factories import make_item
from newstrail.cli.main import app
from newstrail.errors import Errors
from newstrail.process import EMPTIED
from newstrail.spark.schema import TABLES

pytestmark = pytest.mark.spark
runner = CliRunner()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """(paths, the lines of the JSONL file): three articles, the first again, a broken line and
    one of nothing but boilerplate; two text files in a folder; a path that does not exist."""
    root = tmp_path_factory.mktemp("inputs")
    lines = [json.dumps(make_item(i)) for i in range(3)]
    lines += [lines[0], "{not json", json.dumps({"id": "promo", "source": "Harbor Ledger",
                                                  "text": "Share this article\n\nSubscribe"})]
    with gzip.open(root / "wire.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    (root / "notes").mkdir()
    (root / "notes" / "kessa-ferry.txt").write_text(
        "Ferry to Kessa Resumes\n\nThe ferry to Kessa Island ran again on Monday, the port authority said.\n",
        encoding="utf-8")
    (root / "notes" / "pellin-roads.txt").write_text(
        "Pellin Closes Two Roads\n\nTwo roads in Pellin were closed after a landslide, council engineer "
        "Nora Falk said on Tuesday. “We expect to reopen them within a week,” she said.\n", encoding="utf-8")
    return [str(root / "wire.jsonl.gz"), str(root / "notes"), str(root / "missing.jsonl")]


@pytest.fixture(scope="module")
def ingested(spark, inputs, tmp_path_factory):
    """(exit code, JSON tally, output folder) of `newstrail spark ingest`."""
    out = tmp_path_factory.mktemp("spark-out") / "dataset"
    result = runner.invoke(app, ["spark", "ingest", *inputs, "--out", str(out), "--partitions", "2", "--json"])
    return result.exit_code, json.loads(result.stdout.splitlines()[-1]), out


def test_spark_ingest_tallies_like_ingest(ingested, inputs, tmp_path):
    code, tally, _ = ingested
    reference = runner.invoke(app, ["ingest", *inputs, "--db", str(tmp_path / "ref.db"), "--no-link", "--json"])
    expected = json.loads(reference.stdout.splitlines()[-1])
    assert code == reference.exit_code == 1  # inputs failed
    for key in ("read", "ingested", "duplicates", "copies", "non_english"):
        assert tally[key] == expected[key], key
    assert sorted(map(tuple, (e.values() for e in tally["failed"]))) == sorted(
        map(tuple, (e.values() for e in expected["failed"])))


@pytest.mark.parametrize("location_end, message", [
    ("wire.jsonl.gz:5", None),
    ("wire.jsonl.gz:6", EMPTIED),
    ("missing.jsonl", Errors.E102),
])
def test_failed_inputs_keep_their_location(ingested, location_end, message):
    _, tally, out = ingested
    found = [e for e in tally["failed"] if e["location"].endswith(location_end)]
    assert len(found) == 1, tally["failed"]
    if message:
        assert found[0]["message"] == message
    stored = ds.dataset(out / "failed", format="parquet").to_table().to_pylist()
    assert {(row["location"], row["message"]) for row in stored} == {(e["location"], e["message"]) for e in tally["failed"]}


def test_every_table_is_written_with_the_article_keys(ingested):
    _, tally, out = ingested
    assert sorted(p.name for p in out.iterdir()) == sorted([*TABLES, "manifest.json"])
    articles = ds.dataset(out / "articles", format="parquet").to_table().to_pylist()
    assert len(articles) == tally["ingested"] == 5
    assert [a["position"] for a in articles] == sorted(a["position"] for a in articles)
    keys = {(a["source"], a["id"]) for a in articles}
    quotes = ds.dataset(out / "quotes", format="parquet").to_table().to_pylist()
    assert quotes and {(q["article_source"], q["article_id"]) for q in quotes} <= keys
    assert sum(len(a["quotes"]) for a in articles) == len(quotes)
    pellin = next(a for a in articles if a["id"] == "pellin-roads")
    assert any(q["speaker_resolved"] == "Nora Falk" for q in pellin["quotes"])
    assert {e["canonical"] for e in pellin["entities"]} >= {"Nora Falk"}


def test_load_stores_the_dataset_once_and_every_command_reads_it(ingested, tmp_path):
    _, tally, out = ingested
    db = str(tmp_path / "loaded.db")
    first = runner.invoke(app, ["load", str(out), "--db", db, "--json"])
    assert first.exit_code == 0, first.output
    loaded = json.loads(first.stdout)
    assert loaded["loaded"] == tally["ingested"] and loaded["failed_inputs"] == len(tally["failed"])
    assert loaded["link"]["articles"] == tally["ingested"]
    again = json.loads(runner.invoke(app, ["load", str(out), "--db", db, "--json"]).stdout)
    assert again["loaded"] == 0 and again["already_stored"] == tally["ingested"] and again["link"] is None
    quotes = runner.invoke(app, ["quotes", "--db", db, "--speaker", "Nora", "--json"])
    assert quotes.exit_code == 0 and "Nora Falk" in quotes.stdout
    shown = runner.invoke(app, ["show", "pellin-roads", "--db", db, "--json"])
    assert json.loads(shown.stdout)["title"] == "Pellin Closes Two Roads"


@pytest.mark.parametrize("make, message", [
    (lambda folder: None, "no manifest.json"),
    (lambda folder: (folder / "manifest.json").write_text('{"format": "other"}', encoding="utf-8"), "not a newstrail-parquet"),
    (lambda folder: (folder / "manifest.json").write_text("{broken", encoding="utf-8"), "cannot be read"),
])
def test_load_refuses_a_folder_that_is_not_a_dataset(tmp_path, make, message):
    folder = tmp_path / "folder"
    folder.mkdir()
    make(folder)
    result = runner.invoke(app, ["load", str(folder), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert message in result.output


def test_spark_ingest_refuses_a_folder_in_use(inputs, tmp_path):
    (tmp_path / "old.parquet").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["spark", "ingest", inputs[0], "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not empty" in result.output


@pytest.mark.parametrize("command", [["spark", "ingest"], ["spark", "link"], ["load"]])
def test_spark_commands_have_examples_in_help(command):
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output and "newstrail " + " ".join(command) in result.output
