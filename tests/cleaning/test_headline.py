"""A headline echoed at the start of a scraped body is broken off it, offsets unchanged."""

import pytest

from newstrail.cleaning.headline import break_after_title
from newstrail.process import prepare
from newstrail.records import InputArticle

TITLE = "Shells Hit Tarsk Market Kill 4 Wound 12"
BODY = "Gunmen of the so-called Osk Brigade fired shells at the market on Tuesday."
CASES = [
    # (text, title, expected)
    (f"{TITLE} {BODY}", TITLE, f"{TITLE}\n{BODY}"),
    (f"03-11-2016 {TITLE} {BODY}", TITLE, f"03-11-2016 {TITLE}\n{BODY}"),  # after a dateline
    (f"Tuesday 3 November 2016 {TITLE} \"We ran,\" a trader said.", TITLE,
     f"Tuesday 3 November 2016 {TITLE}\n\"We ran,\" a trader said."),
    # left as it is: already broken, the sentence goes on, a short title, no echo at the start
    (f"{TITLE}. {BODY}", TITLE, f"{TITLE}. {BODY}"),
    (f"{TITLE}\n\n{BODY}", TITLE, f"{TITLE}\n\n{BODY}"),
    ("Shells hit Tarsk market on Tuesday, killing four.", "Shells hit Tarsk market", "Shells hit Tarsk market on Tuesday, killing four."),
    ("Shells hit Tarsk market Tuesday, killing four.", "Shells hit Tarsk market", "Shells hit Tarsk market Tuesday, killing four."),
    ("Tarsk Market Osk Brigade fired.", "Tarsk Market", "Tarsk Market Osk Brigade fired."),
    (f"The council met. {TITLE} {BODY}", TITLE, f"The council met. {TITLE} {BODY}"),
    (f"{BODY} {TITLE} Later shells fell.", TITLE, f"{BODY} {TITLE} Later shells fell."),
    (BODY, None, BODY),
]  # fmt: skip


@pytest.mark.parametrize("text, title, expected", CASES)
def test_break_after_title(text, title, expected):
    out = break_after_title(text, title)
    assert out == expected
    assert len(out) == len(text)


def test_prepare_breaks_the_echo_before_parsing():
    item = InputArticle(id="a1", text=f"{TITLE} {BODY}", title=TITLE)
    assert prepare(item).text == f"{TITLE}\n{BODY}"
