"""newstrail_paragraphs: a newline is a hard sentence start, set before the parser.

Every fixture is an invented article written for these tests.
"""

from __future__ import annotations

import pytest

from newstrail.nlp.paragraphs import mark_paragraph_starts


def test_placed_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("newstrail_paragraphs") < names.index("parser")


@pytest.mark.parametrize("text, starts", [
    # a paragraph break after a time stamp: the next paragraph starts a sentence
    ("Polls closed at 7:10 p.m.\n\nWith her brother beside her, Dana Kerrow thanked the crowd.", ["With"]),
    # a single newline counts too
    ("The ferry left at noon\nPassengers cheered as it went.", ["Passengers"]),
    # several breaks, one sentence start each
    ("Harbour News\n\n\nThe pier reopened.\n\nFishermen returned.", ["The", "Fishermen"]),
])
def test_paragraph_starts(nlp, text, starts):
    doc = nlp(text)
    firsts = [s[0].text for s in doc.sents if s.start > 0 and "\n" in doc[s.start - 1].text]
    for word in starts:
        assert word in firsts
        tok = next(t for t in doc if t.text == word)
        assert tok.is_sent_start


@pytest.mark.parametrize("text", [
    "The pier reopened on Monday and fishermen returned at dawn.",
    "Rain fell all week. The river rose by a metre.",
])
def test_no_newline_marks_nothing(nlp, text):
    doc = nlp.make_doc(text)
    assert mark_paragraph_starts(doc) == []


def test_speaker_not_taken_across_a_paragraph(nlp):
    doc = nlp("Counting ended at 9:40 p.m.\n\nWith her husband at her side, Mayor Tilde Rosk said the result was fair.")
    q = next(q for q in doc._.quotes if q.kind == "indirect")
    assert q.speaker == "Mayor Tilde Rosk"
    assert "p.m." not in q.speaker
