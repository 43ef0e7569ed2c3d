"""newstrail's components are spaCy factories, found through the ``spacy_factories`` entry point.

The entry point is package metadata: it exists once newstrail is installed (``pip install -e .``).
"""

import json
import subprocess
import sys
from dataclasses import fields

import pytest
from spacy.language import Language

from newstrail import config
from newstrail.errors import NewstrailError
from newstrail.extract.attribution import Limits
from newstrail.nlp.pipeline import build_nlp

NAMES = ["newstrail_paragraphs", "newstrail_entities", "newstrail_quotes", "newstrail_figures", "newstrail_sourcing"]

# a fresh interpreter that never imports newstrail itself: only spaCy's entry points can
# make the names known
FRESH_BLANK = """
import json, sys
import spacy
assert "newstrail" not in sys.modules
nlp = spacy.blank("en")
for name in sys.argv[1:]:
    nlp.add_pipe(name)
print(json.dumps({"pipes": nlp.pipe_names, "quotes": dict(nlp.get_pipe_config("newstrail_quotes")),
                  "figures": dict(nlp.get_pipe_config("newstrail_figures"))}))
"""
FRESH_MODEL = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[1])
nlp.add_pipe("newstrail_entities")
nlp.add_pipe("newstrail_quotes", config={"dialogue_lookback": 40})
doc = nlp("The ferry to Kessa was cancelled.\\n\\n“The sea is too rough for the crossing today,” said Captain Ilse Marant.")
print(json.dumps([[q.kind, q.text, q.speaker] for q in doc._.quotes]))
"""


def fresh(script: str, *args: str, cwd) -> str:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_fresh_spacy_finds_every_component_by_name(tmp_path):
    out = json.loads(fresh(FRESH_BLANK, *NAMES, cwd=tmp_path))
    assert out["pipes"] == NAMES
    assert out["quotes"]["scare_max_words"] == 3 and out["quotes"]["dialogue_lookback"] == 80
    assert out["figures"]["approximate_margin"] == 0.1 and out["figures"]["part_sentences"] == 1


def test_a_fresh_model_pipeline_finds_quotes(tmp_path):
    out = json.loads(fresh(FRESH_MODEL, config.model_name(), cwd=tmp_path))
    assert out == [["direct", "The sea is too rough for the crossing today", "Captain Ilse Marant"]]


@pytest.mark.parametrize("name, assigns, requires", [
    ("newstrail_paragraphs", ["token.is_sent_start"], []),
    ("newstrail_entities", ["span._.canonical"], ["doc.ents"]),
    ("newstrail_quotes", ["doc._.quotes"], ["doc.sents", "doc.ents", "token.dep"]),
    ("newstrail_figures", ["doc._.figures", "doc._.figure_checks"], ["doc._.quotes", "doc.ents", "token.dep"]),
    ("newstrail_sourcing", ["doc._.sourcing"], ["doc._.figures", "doc._.quotes", "token.dep"]),
])
def test_factories_declare_what_they_assign_and_require(name, assigns, requires):
    build_nlp(components=[])  # a Language made: the factories are registered
    meta = Language.get_factory_meta(name)
    assert list(meta.assigns) == assigns
    assert set(requires) <= set(meta.requires)


def test_every_quotes_threshold_is_a_setting():
    build_nlp(components=[])
    defaults = Language.get_factory_meta("newstrail_quotes").default_config
    assert set(defaults) == {f.name for f in fields(Limits)}


@pytest.mark.parametrize("value", [
    -1,
    "4",  # spaCy's config check lets a string of digits through unchanged
])
def test_a_bad_setting_is_refused_with_its_code(value):
    nlp = build_nlp(components=[])
    with pytest.raises(NewstrailError) as caught:
        nlp.add_pipe("newstrail_quotes", config={"scare_max_words": value})
    assert caught.value.code == "E010"
    assert "scare_max_words" in str(caught.value)


def test_spacy_finds_nothing_missing_in_the_full_pipeline():
    """What each component requires is assigned by one before it (``token.pos`` is required by
    none: the attribute ruler of the en_core_web pipelines sets it and declares nothing)."""
    nlp = build_nlp()
    problems = nlp.analyze_pipes()["problems"]
    ours = [name for name in nlp.pipe_names if name.startswith("newstrail_")]
    assert sorted(ours) == sorted(NAMES)
    assert {name: problems[name] for name in ours} == {name: [] for name in ours}
