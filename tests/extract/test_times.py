"""Relative dates and time frames resolved against the publication date."""

import pytest

from newstrail.extract.times import resolve, time_frames
from newstrail.nlp.pipeline import load_model

PUB = "2015-06-16"


@pytest.mark.parametrize("text,published,expected", [
    ("last September", PUB, "2014-09"),
    ("last August", PUB, "2014-08"),
    ("last March", PUB, "2015-03"),
    ("this September", PUB, "2015-09"),
    ("in March", PUB, "2015-03"),
    ("in October", PUB, "2014-10"),
    ("since 2011", PUB, "2011/2015-06-16"),
    ("since 2011", None, "2011/.."),
    ("2011", PUB, "2011"),
    ("last year", PUB, "2014"),
    ("this year", PUB, "2015"),
    ("last month", PUB, "2015-05"),
    ("last week", PUB, "2015-W24"),
    ("yesterday", PUB, "2015-06-15"),
    ("two years ago", PUB, "2013"),
    ("the past two years", PUB, "2013-06-16/2015-06-16"),
    ("on Monday", PUB, "2015-06-15"),
    ("Jan. 5, 2019", PUB, "2019-01-05"),
    ("5 January 2019", PUB, "2019-01-05"),
    ("March 2014", PUB, "2014-03"),
    ("the 1990s", PUB, "199"),
    ("last September", None, None),
    ("the beginning of the war", PUB, None),
])
def test_resolve(text, published, expected):
    assert resolve(text, published) == expected


def test_since_governs_a_clause():
    nlp = load_model()
    doc = nlp.make_doc("About 90 traders have left Harrowgate since the market collapsed in 2012.")
    doc._.published = PUB
    doc = nlp(doc)
    [frame] = time_frames(doc)
    assert frame.since and frame.value == "2012/2015-06-16"
    assert frame.text.startswith("since") and frame.text.endswith("2012")
