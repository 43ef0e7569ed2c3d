"""A component that fails on one article leaves a note and lets the batch go on (newstrail/nlp/guard.py)."""

import pytest
from spacy.language import Language

from newstrail.nlp.guard import errors, guarded
from newstrail.nlp.pipeline import build_nlp
from newstrail.process import analyse_inputs
from newstrail.records import InputArticle


class Fragile:
    """Fails on any article that mentions a tripwire word."""

    @guarded("test_fragile")
    def __call__(self, doc):
        if "tripwire" in doc.text:
            raise ValueError("tripped")
        doc.user_data["fragile_ok"] = True
        return doc


@Language.factory("test_fragile")
def make_fragile(nlp, name):
    return Fragile()


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_article_is_kept_with_a_note_and_the_rest_are_analysed(workers):
    nlp = build_nlp(components=["newstrail_entities"])
    nlp.add_pipe("test_fragile")
    texts = ["Mayor Ada Moss opened the Orvel bridge on Monday.",
             "A tripwire in the Orvel depot stopped the trams, officials said.",
             "Ferries to Kessa resumed after Piet Loran inspected the pier."]
    items = [InputArticle(id=f"a{i}", text=t, source="Test Wire") for i, t in enumerate(texts)]
    articles = list(analyse_inputs(items, nlp, workers=workers))
    assert [a.id for a in articles] == ["a0", "a1", "a2"]
    assert [any("test_fragile failed" in n for n in a.notes) for a in articles] == [False, True, False]
    assert articles[2].entities  # the pipeline went on after the failure


def test_errors_reads_what_guard_recorded():
    nlp = build_nlp(components=[])
    nlp.add_pipe("test_fragile")
    doc = nlp("the tripwire again")
    assert errors(doc) and "ValueError: tripped" in errors(doc)[0]
    assert errors(nlp("a quiet day")) == []


def test_the_note_carries_its_code():
    nlp = build_nlp(components=[])
    nlp.add_pipe("test_fragile")
    assert errors(nlp("the tripwire once more")) == [
        "[E001] test_fragile failed on this article (ValueError: tripped); its output is missing"]
