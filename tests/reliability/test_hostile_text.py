"""Hostile and huge article text is bounded before the parse, and never stops a batch (issue 12).

A long run of symbols used to cost spaCy's tokenizer time in the square of its length (15,000
``$`` took 41 s, holding every other request); a text over ``nlp.max_length`` raised E088 inside
``nlp.pipe`` and lost the next record; an article emptied by cleaning counted as a language
verdict. Each test here fails on that old behaviour (the long runs by its time-out guard).
"""

from __future__ import annotations

import pytest
import spacy

from newstrail.cleaning.bounds import MAX_RUN, MAX_SYMBOL_RUN, bound_runs
from newstrail.nlp.parts import parse_in_parts, split_parts
from newstrail.nlp.pipeline import shared_nlp
from newstrail.process import EMPTIED, analyse, analyse_inputs, prepare
from newstrail.records import InputArticle

LEAD = "The harbour board of Dellmoor met on Tuesday to discuss the storm damage. "
PARAGRAPH = ("\u201cWe will reopen the pier by Friday,\u201d said board chair Ilse Marten, adding that "
             "about 40 boats were damaged in Dellmoor.")
URL = ("https://www.dellmoor-harbour-gazette.test/2024/03/01/local/storm/" + "pier-closed-after-storm-" * 5
       + "?utm_source=newsletter&utm_medium=email")


@pytest.mark.parametrize(("run", "longest"), [
    ("$" * 15_000, MAX_SYMBOL_RUN),
    ("&" * 200_000, MAX_SYMBOL_RUN),
    ("(" * 51, MAX_SYMBOL_RUN),
    ("_" * 120, MAX_SYMBOL_RUN),
    ("\U0001f600" * 400, MAX_SYMBOL_RUN),
    ("'s" * 400, MAX_RUN),
    ("a" * 1000, MAX_RUN),
    ("ab" + "-" * 80 + "cd", MAX_SYMBOL_RUN + 2),
])
def test_long_runs_are_broken_and_lose_no_character(run, longest):
    text, note = bound_runs(f"{LEAD}{run} {PARAGRAPH}")
    assert max(len(piece) for piece in text.split()) == longest
    assert text.replace(" ", "") == f"{LEAD}{run} {PARAGRAPH}".replace(" ", "")
    assert note and note.startswith("1 run(s)")


@pytest.mark.parametrize("text", [
    LEAD + PARAGRAPH,
    f"Read the board's statement at {URL} before Friday.",
    "Results\n\n" + "=" * 50 + "\n\nTotal " + "9" * 300,  # a 50-symbol rule and a 300-digit number stay
    "The budget line read \u20ac2,500,000,000,000,000 in the draft.",
])
def test_ordinary_text_is_left_alone(text):
    assert len(URL) > 200
    assert bound_runs(text) == (text, None)


def test_note_counts_every_broken_run():
    text, note = bound_runs(" and ".join(["$" * 60, "x" * 400, "ok", "#" * 51]))
    assert note.startswith("3 run(s)")
    assert "ok" in text.split()


@pytest.mark.timeout(60)
def test_tokenizer_is_fast_on_a_prepared_symbol_flood():
    """Unbounded, 60,000 symbols cost the tokenizer some 15 minutes; the guard would fail it."""
    prepared = prepare(InputArticle("flood", LEAD + "$" * 60_000 + "\n\n" + PARAGRAPH))
    doc = shared_nlp().make_doc(prepared.text)
    assert sum(tok.text == "$" for tok in doc) == 60_000
    assert any("broken with spaces" in note for note in prepared.notes)


@pytest.mark.timeout(300)
def test_offsets_point_into_the_stored_text_after_breaking():
    article = next(analyse_inputs([InputArticle("t", LEAD + "(" * 3000 + " " + URL + "\n\n" + PARAGRAPH)]))
    assert URL in article.text
    assert any("broken with spaces" in note for note in article.notes)
    assert article.quotes and article.entities
    for item in [*article.entities, *article.quotes, *(f for f in article.figures if not f.derived)]:
        assert article.text[item.start:item.end] == item.text


@pytest.mark.parametrize("max_chars", [50, 120, 10_000])
def test_parts_join_to_the_text_and_respect_the_limit(max_chars):
    text = "\n\n".join([LEAD + PARAGRAPH] * 20 + ["x" * 130])
    parts = split_parts(text, max_chars)
    assert "".join(parts) == text
    assert all(len(part) <= max_chars for part in parts)


def test_a_doc_parsed_in_parts_keeps_offsets_and_extractions():
    nlp = shared_nlp()
    text = "\n\n".join(f"{LEAD}{PARAGRAPH.replace('Friday', day)}" for day in ("Friday", "Monday", "Sunday"))
    whole = nlp(text)
    doc = parse_in_parts(nlp, text, 250)
    assert len(split_parts(text, 250)) == 3
    assert doc.text == text
    assert [(q.start, q.end, q.speaker) for q in doc._.quotes] == [(q.start, q.end, q.speaker) for q in whole._.quotes]
    assert [(f.start, f.value) for f in doc._.figures] == [(f.start, f.value) for f in whole._.figures]
    assert sum(q.kind == "direct" for q in doc._.quotes) == 3


@pytest.fixture
def small_max_length(monkeypatch):
    """spaCy's max_length shrunk (a user's setting), so a test article is over it; forked
    workers inherit it."""
    nlp = shared_nlp()
    monkeypatch.setattr(nlp, "max_length", 2_000)
    return nlp


@pytest.mark.timeout(300)
@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_over_max_length_loses_no_record(small_max_length, workers):
    long_text = "\n\n".join(f"{LEAD}{PARAGRAPH}" for _ in range(60))
    assert len(long_text) > 5 * small_max_length.max_length
    items = [InputArticle("before", LEAD + PARAGRAPH, origin="big.jsonl:1"),
             InputArticle("long", long_text, origin="big.jsonl:2"),
             InputArticle("after", PARAGRAPH.replace("Friday", "Monday"), origin="big.jsonl:3")]
    out = [article for _, article in analyse([prepare(i) for i in items], small_max_length, workers=workers)]
    assert [a.id for a in out] == ["before", "long", "after"]
    long = out[1]
    assert long.text == long_text
    assert any("parsed in parts" in note for note in long.notes)
    assert sum(q.kind == "direct" for q in long.quotes) == 60
    for quote in long.quotes:
        assert long.text[quote.start:quote.end] == quote.text
    assert out[2].quotes and "Monday" in out[2].quotes[0].text


@pytest.mark.parametrize("text", [
    "Subscribe to our newsletter\n\nAdvertisement\n\nShare this article: Facebook | Twitter",
    "\u200b\u200b\n\n\x07\x1b",
])
def test_an_article_emptied_by_cleaning_is_an_error_not_a_language(text):
    prepared = prepare(InputArticle("empty", text, origin="feed.jsonl:9"))
    assert prepared.text == ""
    assert prepared.language is None
    assert prepared.error == EMPTIED
    article = next(analyse_inputs([InputArticle("empty", text)]))
    assert article.language is None and EMPTIED in article.notes
    assert not article.entities and not article.quotes


def refusing_tokenizer(nlp):
    """A tokenizer that, like spaCy's on some input, raises: on any text holding "\u2620"."""
    tokenizer = nlp.tokenizer

    def tokenize(text):
        if "\u2620" in text:
            raise ValueError("no tokens for this")
        return tokenizer(text)

    return tokenize


@pytest.mark.parametrize("workers", [1, 2])
def test_a_tokenizer_failure_stays_with_its_article(workers):
    nlp = spacy.blank("en")
    nlp.tokenizer = refusing_tokenizer(nlp)
    items = [InputArticle(f"a{i}", f"{LEAD}{text}") for i, text in enumerate(["", "Skull \u2620 flag. ", ""])]
    out = [article for _, article in analyse([prepare(i) for i in items], nlp, workers=workers)]
    assert [a.id for a in out] == ["a0", "a1", "a2"]
    assert any("tokenizer failed" in note and "no tokens for this" in note for note in out[1].notes)
    assert not any("failed" in note for note in out[0].notes + out[2].notes)
