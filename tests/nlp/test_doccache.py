"""The per-Doc cache gives what spaCy gives, follows the Doc being processed, stores nothing on it."""

import pytest

from newstrail import records
from newstrail.nlp import doccache
from newstrail.nlp.pipeline import build_nlp

TEXTS = [
    "Harbour workers in Dellmoor walked out on Monday. The union said 300 members joined.",
    "A single sentence with no entities at all",
    "Officials in Varn counted 14 villages.\n\nA second paragraph follows here.",
]


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
    doccache.sent_of(doc), doccache.sentence_spans(doc), doccache.quote_regions(doc)
    assert dict(doc.user_data) == before


@pytest.mark.parametrize("i", range(len(TEXTS)))
def test_each_token_knows_its_sentence(docs, i):
    doc = docs[i]
    bounds = doccache.sent_bounds(doc)
    assert [bounds[k] for k in doccache.sent_of(doc)] == [(t.sent.start, t.sent.end) for t in doc]


@pytest.mark.parametrize("text, sentences", [
    ("Harbour workers walked out. The union said 300 joined.",
     ["Harbour workers walked out.", "The union said 300 joined."]),
    # a line break ends a sentence even without a full stop (a headline, a dateline)
    ("Dock Strike Enters Second Week\n\nHarbour workers walked out again.",
     ["Dock Strike Enters Second Week", "Harbour workers walked out again."]),
])
def test_sentence_spans_split_at_line_breaks(nlp, text, sentences):
    doc = nlp(text)
    assert [text[a:b] for a, b in doccache.sentence_spans(doc)] == sentences


@pytest.fixture(scope="module")
def without_quotes():
    """A pipeline with no quotes component, where the quote marks alone are the regions."""
    return build_nlp(components=["newstrail_entities"])


def test_quote_regions_follow_the_quotes_component(without_quotes):
    text = "The mayor called it “a fair deal” and left. “We will see,” said the union."
    doc = without_quotes(text)
    assert doc._.quotes is None  # no quotes component here: the marks are the regions
    assert [(text[a:b], who) for a, b, who in doccache.quote_regions(doc)] == [
        ("“a fair deal”", None), ("“We will see,”", None)]
    start = text.index("We will see")
    doc._.quotes = [records.Quote(text="We will see", start=start, end=start + 11, kind="direct", speaker="the union")]
    assert doccache.quote_regions(doc) == [(start, start + 11, "the union")]
