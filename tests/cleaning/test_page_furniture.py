"""Page furniture around an article in scraped plain text (cleaning.furniture)."""

import pytest

from newstrail.cleaning.boilerplate import clean_text
from newstrail.cleaning.furniture import strip_furniture

SHORT_PARAGRAPHS = [
    "The harbour authority of Velmar closed the northern pier on Tuesday after a storm tore away part "
    "of its deck, leaving dozens of fishing boats without a place to land their catch.",
    "Engineers from the regional works department said the damage was worse than they had expected "
    "and that repairs would take at least six weeks, according to a statement from the authority.",
    "Fishermen who spoke to the Coast Ledger said they would have to sail to Orlen, two hours to the "
    "south, until the pier reopens, and that many of them could not afford the extra fuel.",
    "The authority said it would meet the fishermen's association on Friday.",
]
ARTICLE = [  # as most articles have it: some paragraphs over 200 characters
    SHORT_PARAGRAPHS[0] + " It was the third storm to hit the coast this winter.",
    SHORT_PARAGRAPHS[1],
    SHORT_PARAGRAPHS[2] + " One of them said the season was already lost.",
    SHORT_PARAGRAPHS[3],
]
TOP = ["Coast Ledger", "Get the latest news from the coast, every morning", "Home", "News", "Sport",
       "Weather", "Business", "Opinion", "Log in or register", "Newsfeed", "Harbour news"]  # fmt: skip
BOTTOM = ["Comments (4)", "Related News", "Storm warning for the northern coast", "2 months ago",
          "Ferry timetable changes for the winter", "3 months ago", "New lighthouse keeper named",
          "5 months ago", "About us", "Contact", "© Coast Ledger", "海岸新闻"]  # fmt: skip
MIDDLE = ["Most read", "Council votes on the new market hall", "Two hours ago",
          "School choir wins regional prize", "Yesterday"]  # fmt: skip


def _page(*blocks):
    return "\n\n".join(line for block in blocks for line in block)


@pytest.mark.parametrize(
    "page, kept",
    [
        (_page(TOP, ARTICLE, BOTTOM), ARTICLE),
        (_page(ARTICLE, BOTTOM), ARTICLE),
        (_page(TOP, SHORT_PARAGRAPHS, BOTTOM), SHORT_PARAGRAPHS),  # a run of prose is prose
        (_page(TOP, ARTICLE), ARTICLE),
        # a whole block of headline links inside the article goes, with its stamps
        (_page(TOP, ARTICLE[:2], MIDDLE, ARTICLE[2:], BOTTOM), ARTICLE),
        # a short subheading between paragraphs is part of the article
        (_page(TOP, ARTICLE[:2], ["Fuel costs"], ARTICLE[2:], BOTTOM), ARTICLE[:2] + ["Fuel costs"] + ARTICLE[2:]),
    ],
)
def test_furniture_goes_article_stays(page, kept):
    text, removed = strip_furniture(page)
    assert text.split("\n\n") == kept
    assert set(removed) == {line for line in page.split("\n\n") if line not in kept}


@pytest.mark.parametrize(
    "text",
    [
        "\n\n".join(ARTICLE),  # a clean article, its short last sentence included
        "\n\n".join(SHORT_PARAGRAPHS),
        # an article with a few lines that are not prose is not a page: nothing is taken
        "\n\n".join(["Photo: Coast Ledger", "Harbour news", *ARTICLE, "AD", "Reporting by Ivo Rask"]),
        "Pier closed.\n\nBoats diverted.",  # too short to tell prose from furniture
        "\n\n".join(TOP),  # nothing but furniture: never emptied
        ARTICLE[0],  # one paragraph
        "Die Hafenbehörde schloss den Pier am Dienstag.\n\nDie Fischer müssen nach Orlen fahren.",
        "港口管理局周二关闭了北码头。\n\n渔民们必须前往奥伦。",  # no stop-word list: left as it is
    ],
)
def test_left_as_it_is(text):
    assert strip_furniture(text) == (text, [])


def test_clean_text_removes_furniture_and_reports_it():
    text, removed = clean_text(_page(TOP, ARTICLE, BOTTOM), "Coast Ledger")
    assert text == "\n\n".join(ARTICLE)
    assert "Newsfeed" in removed and "2 months ago" in removed
