"""The per-Doc cache gives what spaCy gives, follows the Doc being processed, stores nothing on it."""

import pytest

from newstrail.nlp import doccache
from newstrail.nlp.pipeline import build_nlp

TEXTS = [
    "Harbour workers in Dellmoor walked out on Monday. The union said 300 members joined.",
    "A single sentence with no entities at all",
    "Officials in Varn counted 14 villages.\n\nA second paragraph follows here.",
]


@pytest.fixture(scope="module")
def nlp():
    return build_nlp(components=["newstrail_entities"])


@pytest.fixture(scope="module")
def docs(nlp):
    return [nlp(t) for t in TEXTS]


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_values_match_spacy(docs, i):
    doc = docs[i]
    assert doccache.text(doc) == doc.text
    assert [t.i for t in doccache.tokens(doc)] == [t.i for t in doc]
    assert [(e.start, e.end, e.label_) for e in doccache.ents(doc)] == [(e.start, e.end, e.label_) for e in doc.ents]
    assert doccache.sent_bounds(doc) == [(s.start, s.end) for s in doc.sents]


def test_switching_docs_never_returns_stale_values(docs):
    for doc in docs + docs[::-1]:
        assert doccache.text(doc) == doc.text
        assert len(doccache.tokens(doc)) == len(doc)


def test_nothing_is_stored_on_the_doc(nlp):
    doc = nlp(TEXTS[0])
    before = dict(doc.user_data)
    doccache.text(doc), doccache.tokens(doc), doccache.ents(doc), doccache.sent_bounds(doc)
    assert dict(doc.user_data) == before
