"""Quotation marks paired on the text alone (newstrail/extract/marks.py).

Every fixture is an invented sentence written for these tests.
"""

from __future__ import annotations

import pytest

from newstrail.extract.marks import find_quote_spans


def contents(text: str) -> list[str]:
    return [text[q.open + 1:q.close] for q in find_quote_spans(text)]


# -- pairing marks on the text alone ------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("He said “we will build it” today.", ["we will build it"]),
    ('He said "we will build it" today.', ["we will build it"]),
    ("She called it «a ruin» and left.", ["a ruin"]),
    ("The headline read ‘Harbour Closes’ on Monday.", ["Harbour Closes"]),
    # apostrophes are not marks
    ("The council shouldn’t wait, the mayor’s aide said.", []),
    ("Music of the ’90s filled the hall.", []),
    ("Music of the '90s filled the hall, and the voters' mood lifted.", []),
    ("Rock’n’roll is back, the ’80s too.", []),
    # nested single marks stay inside the double quote
    ("“He told me ‘never again’ and walked out,” she said.", ["He told me ‘never again’ and walked out,"]),
    # unbalanced: a stray opening mark at the end of a paragraph yields nothing
    ("The mayor said “the bridge is safe.\nTraffic resumed on Monday.", []),
    # a stray closing mark yields nothing and does not shift later pairs
    ("Prices rose” again. Then she said “enough” twice.", ["enough"]),
    # an opening mark while one is open: the first one was stray
    ("He said “the plan. Later “the ferry will run,” he added.", ["the ferry will run,"]),
])
def test_pairing(text, expected):
    assert contents(text) == expected


def test_multi_paragraph_quote_is_one_span_per_paragraph():
    text = "“The first part of the speech goes on,\n“and the second part ends here,” she said."
    spans = find_quote_spans(text)
    assert [(s.continued, s.continues) for s in spans] == [(True, False), (False, True)]
    assert text[spans[1].open + 1:spans[1].close] == "and the second part ends here,"


@pytest.mark.parametrize("text, expected", [
    ("He said ''we will build it'' today.", ["we will build it"]),
    ("''It's late,'' she said.", ["It's late,"]),
    ('<tweet author="x" id="7">Dams fail</tweet> and he said "enough" twice.', ["enough"]),
])
def test_pairing_more(text, expected):
    assert contents(text) == expected
