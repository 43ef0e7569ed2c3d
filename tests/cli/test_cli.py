"""The newstrail command line (newstrail/cli/main.py), driven through typer's runner."""

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newstrail.cli.main import app

runner = CliRunner()

STORY = """Ferry Service to Kessa Island Suspended After Pier Collapse

Ferries to Kessa Island stopped running on Friday after part of the old pier gave way, the port authority said.

“Nobody was on that section when it went down, and that is pure luck,” said Piet Loran, the harbour master. He said repairs would take at least three weeks.

Around 2,300 islanders depend on the crossing for work and school, according to the island council.

Share this article
"""

SECOND = """Kessa Islanders Turn to Fishing Boats

Fishermen on Kessa Island began carrying passengers to the mainland on Saturday, a day after the pier collapse halted the ferry service.

Piet Loran warned that the boats were not licensed for passengers.
"""


@pytest.fixture
def files(tmp_path):
    (tmp_path / "in").mkdir()
    first = tmp_path / "in" / "kessa-pier.txt"
    first.write_text(STORY, encoding="utf-8")
    second = tmp_path / "in" / "kessa-boats.txt"
    second.write_text(SECOND, encoding="utf-8")
    return first, second


@pytest.mark.parametrize("command", ["analyze", "ingest", "demo", "articles", "show", "export", "quotes", "figures", "serve"])
def test_every_command_has_examples_in_help(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output
    assert "newstrail " + command in result.output


def test_analyze_json_of_one_file(files):
    result = runner.invoke(app, ["analyze", str(files[0]), "--json"])
    assert result.exit_code == 0, result.output
    article = json.loads(result.stdout)
    assert article["title"] == "Ferry Service to Kessa Island Suspended After Pier Collapse"
    assert article["id"] == "kessa-pier"
    assert "Share this article" not in article["text"]
    assert "Share this article" in article["boilerplate_removed"]
    canon = {e["canonical"] for e in article["entities"]}
    assert {"Kessa Island", "Piet Loran"} <= canon
    for key in ("quotes", "figures", "sourcing", "language", "published", "url", "source"):
        assert key in article
    for entity in article["entities"]:
        assert article["text"][entity["start"]:entity["end"]] == entity["text"]


def test_analyze_several_files_gives_json_lines_in_input_order(files):
    result = runner.invoke(app, ["analyze", str(files[1]), str(files[0]), "--json"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["kessa-boats", "kessa-pier"]


def test_analyze_reports_a_missing_file_and_keeps_the_rest(files, tmp_path):
    result = runner.invoke(app, ["analyze", str(tmp_path / "nowhere.txt"), str(files[0]), "--json"])
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stderr
    assert json.loads(result.stdout)["id"] == "kessa-pier"


def test_analyze_report_escapes_markup(tmp_path):
    path = tmp_path / "markup.txt"
    path.write_text("Odd Title\n\nThe council said [bold]nothing[/bold] about the [/] budget on Monday.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(path)])
    assert result.exit_code == 0, result.output
    assert "[bold]nothing[/bold]" in result.stdout


def test_ingest_list_show_export(files, tmp_path):
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", str(files[0].parent), "--db", db, "--source", "Island Post", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[-1])["ingested"] == 2

    listed = runner.invoke(app, ["articles", "--db", db, "--search", "fishermen", "--json"])
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == ["kessa-boats"]

    shown = runner.invoke(app, ["show", "kessa-pier", "--db", db, "--json"])
    assert json.loads(shown.stdout)["source"] == "Island Post"
    assert runner.invoke(app, ["show", "no-such-article", "--db", db]).exit_code == 1

    jsonl = runner.invoke(app, ["export", "--db", db, "--format", "jsonl"])
    assert sorted(json.loads(line)["id"] for line in jsonl.stdout.splitlines()) == ["kessa-boats", "kessa-pier"]
    as_csv = runner.invoke(app, ["export", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 2 and json.loads(rows[0]["entities"])
    out = tmp_path / "a.parquet"
    assert runner.invoke(app, ["export", "--db", db, "--format", "parquet", "-o", str(out)]).exit_code == 0
    assert pq.read_table(out).num_rows == 2


def test_ingest_exit_status_says_inputs_failed(files, tmp_path):
    bad = files[0].parent / "empty.txt"
    bad.write_text("   \n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(files[0].parent), "--db", str(tmp_path / "x.db"), "--json"])
    assert result.exit_code == 1
    tally = json.loads(result.stdout.splitlines()[-1])
    assert tally["ingested"] == 2
    assert [f["location"] for f in tally["failed"]] == [str(bad)]


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_format_choices_come_from_the_reader_table(command, tmp_path):
    from newstrail.sources import FORMATS

    shown = runner.invoke(app, [command, "--help"])
    assert shown.exit_code == 0 and "|".join(FORMATS) in shown.output
    refused = runner.invoke(app, [command, str(tmp_path), "--format", "pdf", "--db", str(tmp_path / "x.db")]
                            if command == "ingest" else [command, str(tmp_path), "--format", "pdf"])
    assert refused.exit_code == 2 and "'pdf' is not one of" in refused.output


@pytest.mark.parametrize("command", ["analyze", "ingest", "demo", "serve"])
def test_the_shared_options_read_alike_in_every_command(command):
    shown = runner.invoke(app, [command, "--help"]).output
    assert "spaCy model (default: $NEWSTRAIL_MODEL" in " ".join(shown.split())
    if command in ("analyze", "ingest"):
        for option in ("--format", "--source", "--allow-private", "--fetch-deadline"):
            assert option in shown


def test_the_settings_file_is_a_global_option():
    shown = runner.invoke(app, ["--help"])
    assert shown.exit_code == 0 and "--config FILE" in shown.output
