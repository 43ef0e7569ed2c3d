"""Datelines near the start of the text, preferred to a record's date that disagrees."""

import pytest

from newstrail.cleaning.datelines import dated, find_dateline
from newstrail.process import prepare
from newstrail.records import InputArticle

BODY = " Three fishing boats sank in the harbour of Velmar overnight, the coastguard said."
CASES = [
    # (text, record date, article date)
    ("Sun 16 Apr 2017 07.33 BST" + BODY, "2016-04-16", "2017-04-16"),
    ("VELMAR, April 16 (Reuters) -" + BODY, "2017-04-20", "2017-04-16"),
    ("VELMAR, Dec. 30 (Reuters) -" + BODY, "2018-01-02", "2017-12-30"),  # the year nearest the record's date
    ("16/04/2017" + BODY, "2017-04-20", "2017-04-16"),
    ("04/16/2017" + BODY, "2017-04-20", "2017-04-16"),  # only month-first is a date
    ("16.04.2017Share" + BODY, "2017-04-20", "2017-04-16"),
    ("Published July 5 2016" + BODY, "2016-07-09", "2016-07-05"),
    ("Last updated at Jun 182016 VELMAR" + BODY, "2016-06-15", "2016-06-18"),
    ("Boats sink in Velmar harbour Coast Wire Tuesday 5 Jul 2016" + BODY, "2016-07-01", "2016-07-05"),
    ("Wednesday 21 August 2013" + BODY, None, "2013-08-21"),  # a record without a date takes it
    # no change: the dateline agrees, there is none, or the date is the event's, not a dateline
    ("16 April 2017" + BODY, "2017-04-16", "2017-04-16"),
    ("Boats sank in Velmar." + BODY, "2017-04-20", "2017-04-20"),
    ("On August 21 2013 three boats sank in Velmar harbour, the coastguard said.", "2016-01-03", "2016-01-03"),
    ("The inquiry into the sinking of 12 March 2011 reopened." + BODY, "2016-01-03", "2016-01-03"),
    ("VELMAR, April 16 (Reuters) -" + BODY, None, None),  # no year and no record date
    ("32/13/2017" + BODY, "2017-04-20", "2017-04-20"),  # not a date
]  # fmt: skip


@pytest.mark.parametrize("text, record, expected", CASES)
def test_dated(text, record, expected):
    published, note = dated(text, record)
    assert published == expected
    if expected != record:
        assert note == f"date {expected} from the dateline; " + (f"the record said {record}" if record else "the record had none")
    else:
        assert note is None


def test_dateline_only_near_the_start():
    text = "Boats sank in Velmar harbour." + " The coastguard searched the bay." * 20 + " Monday 3 May 2021 10:15"
    assert find_dateline(text) is None


def test_prepare_dates_the_article_by_its_dateline():
    item = InputArticle(id="v1", text="Sun 16 Apr 2017 07.33 BST" + BODY, published="2016-04-16")
    prepared = prepare(item)
    assert prepared.input.published == "2017-04-16"
    assert "date 2017-04-16 from the dateline; the record said 2016-04-16" in prepared.notes
    assert item.published == "2016-04-16"  # the input record itself is left as read
