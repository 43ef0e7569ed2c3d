"""Untrusted article fields reach people safely, and bad inputs end in one line each
(newstrail/cli/render.py, newstrail/cli/main.py).

Stored articles carry terminal escapes, C1 controls, bidi overrides and rich markup in their
title, source, quote text and speaker: every human-facing output (tables, the article report,
``--csv``, ``export``) shows them escaped, ``--json`` stays valid JSON that decodes to the
original, and CSV cells cannot be read as spreadsheet formulas. Empty or unreadable inputs
give one error line with their location, a one-line summary and exit status 1.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket

import pytest
from typer.testing import CliRunner

from newstrail.cli.main import app
from newstrail.cli.render import csv_cell, json_text, printable
from newstrail.records import Article, Quote, StoredArticle
from newstrail.store import Store

runner = CliRunner(env={"COLUMNS": "1000"})  # wide enough that no table cell folds

HOSTILE = {
    "clear screen": "\x1b[2J",
    "hyperlink": "\x1b]8;;http://127.0.0.1/x\x07here\x1b]8;;\x07",
    "carriage return": "\rOK",
    "backspace": "ab\x08\x08",
    "C1 CSI": "\x9b31m",
    "bell": "\x07",
    "bidi override": "\u202egnp.exe",
    "bidi isolate": "\u2067hidden\u2069",
}
RAW = ["\x1b", "\x07", "\r", "\x08", "\x9b", "\u202e", "\u2067", "\u2069"]
MARKUP = "[bold red]LOUD[/] :warning:"


def _article(name: str, payload: str) -> Article:
    speaker = f"Ivo Mell{payload}"
    said = f"Fees{payload} pay for the dredging,"
    text = (f"Harbour fees at Kessa rise by 4% from May, the port authority said.\n\n"
            f"\u201c{said}\u201d said {speaker}, the harbour master.")
    q_start = text.index(said)
    s_start = text.index(speaker)
    cue = text.index("said", q_start + len(said))
    quote = Quote(text=said, start=q_start, end=q_start + len(said), kind="direct", cue="said", cue_start=cue,
                  cue_end=cue + 4, speaker=speaker, speaker_start=s_start, speaker_end=s_start + len(speaker),
                  speaker_resolved=speaker)
    return Article(id=f"kessa-{name.replace(' ', '-')}", title=f"Kessa harbour fees {payload} {MARKUP}",
                   source=f"Quay Post{payload}", url=None, published="2031-05-02", language="en", text=text,
                   quotes=[quote], notes=[f"note with {payload}"])


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'hostile.db'}"
    with Store(url) as store:
        store.save_batch([StoredArticle(article=_article(name, payload), content_hash=name)
                          for name, payload in HOSTILE.items()])
    return url


def _assert_safe(output: str) -> None:
    for char in RAW:
        assert char not in output, f"raw {char!r} printed"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("\x1b[2J", "\\u001b[2J"),
        ("a\rb", "a\\u000db"),
        ("\x9b1m", "\\u009b1m"),
        ("\u202eabc", "\\u202eabc"),
        ("x\ud800y", "x\\ud800y"),  # a lone surrogate: not even encodable
        ("tab\tand\nnewline", "tab\tand\nnewline"),  # kept: harmless, and multi-line cells need them
        ("Zo\u00eb \u0160ojgu \u2014 \u201cquoted\u201d", "Zo\u00eb \u0160ojgu \u2014 \u201cquoted\u201d"),
    ],
)
def test_printable_escapes_only_what_a_terminal_would_act_on(value, shown):
    assert printable(value) == shown
    assert json.loads(json_text(value)) == value  # the same escapes, as JSON, decode back
    printable(value).encode("utf-8")  # never raises


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(\"http://127.0.0.1\")", "'=HYPERLINK(\"http://127.0.0.1\")"),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\\u000d=1"),  # escaped, so no longer a formula start
        ("Harbour fees", "Harbour fees"),
        (-3.5, -3.5),  # numbers are data, not formulas
        (None, None),
        (["a\u202e", {"k": "=1"}], '["a\\u202e", {"k": "=1"}]'),  # nested: JSON text, starts with [
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize("command", [["articles"], ["quotes"], ["show", "kessa-clear-screen"], ["export", "--format", "csv"]])
def test_human_outputs_escape_every_field(db, command):
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    _assert_safe(result.output)
    assert "\\u001b[2J" in result.stdout


def test_table_shows_markup_and_emoji_codes_as_written(db):
    result = runner.invoke(app, ["articles", "--db", db])
    assert result.exit_code == 0, result.output
    assert MARKUP in result.stdout
    assert "Quay Post\\u202egnp.exe" in result.stdout


def test_article_report_highlights_quotes_past_the_escapes(db):
    result = runner.invoke(app, ["show", "kessa-bidi-isolate", "--db", db])
    assert result.exit_code == 0, result.output
    _assert_safe(result.output)
    out = result.stdout
    assert "said Ivo Mell\\u2067hidden\\u2069, the harbour master" in out
    assert "note with \\u2067hidden\\u2069" in out
    assert MARKUP in out


@pytest.mark.parametrize("command", [["articles", "--csv"], ["quotes", "--csv"]])
def test_csv_escapes_cells(db, command):
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(HOSTILE)
    assert {row["source"] for row in rows} == {printable(f"Quay Post{p}") for p in HOSTILE.values()}


@pytest.mark.parametrize("command", [["articles", "--json"], ["quotes", "--json"], ["export"]])
def test_json_lines_are_valid_and_decode_to_the_stored_text(db, command):
    result = runner.invoke(app, [*command, "--db", db])
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)
    result.stdout.encode("utf-8")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["source"] for row in rows} == {f"Quay Post{p}" for p in HOSTILE.values()}


def test_show_json_round_trips(db):
    result = runner.invoke(app, ["show", "kessa-hyperlink", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    _assert_safe(result.stdout)
    article = json.loads(result.stdout)
    assert article["quotes"][0]["speaker"] == f"Ivo Mell{HOSTILE['hyperlink']}"


def test_spreadsheet_formulas_in_fields_are_defused(tmp_path):
    url = f"sqlite:///{tmp_path / 'formula.db'}"
    with Store(url) as store:
        store.save_batch([StoredArticle(article=Article(
            id="=cmd|' /C calc'!A0", title="@SUM(1+1)*cmd", source="+Ledger", url=None, published=None,
            language="en", text="-2 boats sank in the harbour on Monday."), content_hash="f")])
    for command in (["articles", "--csv"], ["export", "--format", "csv"]):
        result = runner.invoke(app, [*command, "--db", url])
        assert result.exit_code == 0, result.output
        row = next(csv.DictReader(io.StringIO(result.stdout)))
        assert row["id"] == "'=cmd|' /C calc'!A0"
        assert row["title"] == "'@SUM(1+1)*cmd"
        assert row["source"] == "'+Ledger"


def test_analyze_report_escapes_what_the_input_carries(tmp_path):
    page = tmp_path / "kessa.txt"
    page.write_text(f"Kessa fees \u202erise\u202c {MARKUP}\n\nHarbour fees at Kessa rise by 4% from May, "
                    f"the port authority said \u2067on Friday\u2069.\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(page)])
    assert result.exit_code == 0, result.output
    _assert_safe(result.output)
    assert MARKUP in result.stdout
    assert "\\u2067on Friday\\u2069" in result.stdout
    assert "analysed 1 · failed 0" in result.stderr


# -- inputs that hold no article: one line each, a summary, exit status 1 -------------------------------------------

GOOD = {"id": "kessa-ferry", "source": "Quay Post", "title": "Ferry resumes",
        "text": "The Kessa ferry resumed its crossings on Monday after the pier was repaired, the port authority said."}


def _bad_input(kind: str, folder) -> str:
    """A path that yields no article, made so that it fails for root too (no chmod tricks)."""
    path = folder / {"empty jsonl": "empty.jsonl", "header-only csv": "header.csv", "empty directory": "nothing",
                     "missing": "nowhere.jsonl", "symlink loop": "loop.txt", "socket": "feed.sock",
                     "escape in name": "bad\x1b[2J\nname.jsonl"}[kind]
    if kind in ("empty jsonl", "escape in name"):
        path.write_text("", encoding="utf-8")
    elif kind == "header-only csv":
        path.write_text("id,title,text\n", encoding="utf-8")
    elif kind == "empty directory":
        path.mkdir()
    elif kind == "symlink loop":
        path.symlink_to(path.name)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    return str(path)


BAD_KINDS = ["empty jsonl", "header-only csv", "empty directory", "missing", "symlink loop", "socket", "escape in name"]


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error ")]


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps(GOOD) + "\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_ingest_reports_each_bad_input_on_one_line(tmp_path, good, kind):
    bad = _bad_input(kind, tmp_path)
    result = runner.invoke(app, ["ingest", bad, good, "--db", str(tmp_path / "s.db"), "--no-link"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = _error_lines(result.stderr)
    assert len(errors) == 1
    assert errors[0].startswith(f"error {printable(bad, newlines=False)}")
    _assert_safe(result.output)
    assert "ingested 1 · duplicates 0 · copies linked 0 · not English 0 · failed 1" in result.stdout


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_analyze_reports_each_bad_input_on_one_line(tmp_path, kind):
    bad = _bad_input(kind, tmp_path)
    result = runner.invoke(app, ["analyze", bad, "--json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    errors = _error_lines(result.stderr)
    assert len(errors) == 1
    assert errors[0].startswith(f"error {printable(bad, newlines=False)}")
    assert "analysed 0 · failed 1" in result.stderr
    assert result.stdout == ""


def test_analyze_keeps_the_good_inputs_beside_bad_ones(tmp_path, good):
    result = runner.invoke(app, ["analyze", _bad_input("empty jsonl", tmp_path), good, "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["id"] == "kessa-ferry"
    assert "analysed 1 · failed 1" in result.stderr


def test_a_store_that_cannot_be_opened_is_one_line(tmp_path):
    missing = tmp_path / "no-such-folder" / "s.db"
    result = runner.invoke(app, ["articles", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _error_lines(result.stderr) == [f"error cannot open store {missing}: unable to open database file"]
    assert not os.path.exists(missing)
