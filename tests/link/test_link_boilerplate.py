"""Lines an outlet repeats across its articles (newstrail/link/boilerplate.py), on invented
articles: they are left out of story features and quote matching, and nothing else is."""

from __future__ import annotations

import pytest

from newstrail.link.boilerplate import outlet_boilerplate, without_spans
from newstrail.link.quotes import match_quotes
from newstrail.link import features_from_article
from newstrail.records import Article, Entity, Figure, Quote

SIGNUP = "Sign up for the Morning Brief: Albania Andorra Belize Bhutan Chad Fiji Gabon"
FOOTER = "Write to the desk at news@harbourgazette.example."
BODIES = [
    "The Varn river ferry ran aground near Ostrel on Monday, stranding 40 passengers.",
    "The city council of Tarsk voted to close the old tram depot by the spring.",
    "A late frost ruined a third of the apple harvest in the Keld valley this week.",
]


def art(aid, source, body, *, extra=(), quotes=(), entities=(), figures=(), published=None):
    text = "\n".join([body, *extra])
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en", text=text,
                   quotes=list(quotes), entities=list(entities), figures=list(figures))


def gazette(n, lines=(SIGNUP, FOOTER)):
    return [art(f"g{i}", "Harbour Gazette", BODIES[i % len(BODIES)], extra=lines) for i in range(n)]


@pytest.mark.parametrize("articles, expected", [
    # three articles of one outlet share both lines: both are its furniture, in every article
    (gazette(3), {("Harbour Gazette", f"g{i}"): [SIGNUP, FOOTER] for i in range(3)}),
    # two carriers are not enough
    (gazette(2), {}),
    # case and spacing are folded
    (gazette(2) + [art("g9", "Harbour Gazette", BODIES[2], extra=["  " + SIGNUP.upper() + " "])],
     {("Harbour Gazette", "g0"): [SIGNUP], ("Harbour Gazette", "g1"): [SIGNUP],
      ("Harbour Gazette", "g9"): ["  " + SIGNUP.upper() + " "]}),
    # the same line in three outlets is shared news (a wire copy), not anyone's furniture
    ([art(f"w{i}", f"Outlet {i}", BODIES[0], extra=[FOOTER]) for i in range(3)], {}),
    # articles without a source are never compared
    ([art(f"n{i}", None, BODIES[0], extra=[FOOTER]) for i in range(3)], {}),
    # a line repeated through a few days of updates on one event is the story's, not furniture
    ([art(f"u{i}", "Harbour Gazette", BODIES[i], extra=[FOOTER], published=f"2031-05-0{i + 1}") for i in range(3)],
     {}),
    # the same line over weeks is furniture, and so it is when fewer than two carriers are dated
    ([art(f"u{i}", "Harbour Gazette", BODIES[i], extra=[FOOTER], published=d)
      for i, d in enumerate(["2031-05-01", "2031-05-03", "2031-06-20"])],
     {("Harbour Gazette", f"u{i}"): [FOOTER] for i in range(3)}),
    ([art(f"u{i}", "Harbour Gazette", BODIES[i], extra=[FOOTER], published=d)
      for i, d in enumerate(["2031-05-01", None, "not a date"])],
     {("Harbour Gazette", f"u{i}"): [FOOTER] for i in range(3)}),
])
def test_outlet_boilerplate(articles, expected):
    found = outlet_boilerplate(articles)
    by_key = {(a.source, a.id): a for a in articles}
    assert {k: [by_key[k].text[s:e] for s, e in spans] for k, spans in found.items()} == expected


def test_without_spans_blanks_the_lines_and_drops_what_starts_in_them():
    body = BODIES[0]
    text = "\n".join([body, SIGNUP])
    at = len(body) + 1 + SIGNUP.index("Albania")
    article = art("g0", "Harbour Gazette", body, extra=[SIGNUP],
                  entities=[Entity("Ostrel", "GPE", body.index("Ostrel"), body.index("Ostrel") + 6, "Ostrel"),
                            Entity("Albania", "GPE", at, at + 7, "Albania")],
                  quotes=[Quote(text="Morning Brief", start=len(body) + 13, end=len(body) + 26, kind="partial")],
                  figures=[Figure(index=0, text="40 passengers", start=body.index("40"), end=body.index("40") + 13),
                           Figure(index=1, text="2 ferries", start=at, end=at + 9, in_title=True)])
    trimmed = without_spans(article, outlet_boilerplate([article, *gazette(3)[1:]])[("Harbour Gazette", "g0")])
    assert len(trimmed.text) == len(text) and trimmed.text.startswith(body) and not trimmed.text.strip().endswith("Gabon")
    assert [e.text for e in trimmed.entities] == ["Ostrel"]
    assert trimmed.quotes == []
    assert [f.text for f in trimmed.figures] == ["40 passengers", "2 ferries"]  # a headline figure stays
    assert article.text == text  # the article itself is left as it was


def test_furniture_no_longer_makes_unrelated_articles_alike():
    articles = gazette(3)
    furniture = outlet_boilerplate(articles)
    raw = [set(features_from_article(a).counts) for a in articles]
    clean = [set(features_from_article(without_spans(a, furniture[(a.source, a.id)])).counts) for a in articles]
    assert "w:albania" in raw[0] & raw[1] & raw[2]
    assert not any(k.startswith("w:albania") for k in clean[0] | clean[1] | clean[2])
    assert len(clean[0] & clean[1]) < len(raw[0] & raw[1])


def test_quotes_in_furniture_are_not_matched():
    line = "“You agree to receive our newsletters and alerts from the Gazette,” the form says."
    articles = [art(f"g{i}", "Harbour Gazette", BODIES[i], extra=[line],
                    quotes=[Quote(text="You agree to receive our newsletters and alerts from the Gazette",
                                  start=len(BODIES[i]) + 2, end=len(BODIES[i]) + 66, kind="direct")])
                for i in range(3)]
    assert len(match_quotes(articles)) == 1
    assert match_quotes(articles, boilerplate=outlet_boilerplate(articles)) == []


PLAYER = "Video is unavailable on this device Video caption"
CAPTIONS = ["Crews tow the grounded ferry off the sandbank", "Councillors tour the tram depot before the vote",
            "Growers count the cost of the late frost", "The new lifeboat is launched at Ostrel"]


def opened(n, opening=PLAYER, source="Harbour Gazette", days=30):
    """``n`` articles of one outlet, ``days`` apart in turn, each with a paragraph that begins
    with ``opening`` and goes on with a caption of its own."""
    return [art(f"o{i}", source, BODIES[i % len(BODIES)], extra=[f"{opening} {CAPTIONS[i % len(CAPTIONS)]}"],
                published=f"2031-{1 + (i * days) // 28 % 12:02d}-{1 + (i * days) % 28:02d}") for i in range(n)]


def _letters(i: int) -> str:
    """A word of its own for each number (line keys fold digits)."""
    return "".join(chr(ord("a") + int(d)) for d in str(i))


def spans_text(articles):
    found = outlet_boilerplate(articles)
    by_key = {(a.source, a.id): a for a in articles}
    return {k: [by_key[k].text[s:e] for s, e in spans] for k, spans in found.items()}


@pytest.mark.parametrize("articles, expected", [
    # a notice that opens a paragraph in three articles over months: the notice goes, the captions stay
    (opened(3), {("Harbour Gazette", f"o{i}"): [PLAYER] for i in range(3)}),
    # the words all of them begin with, past the first six ("Video caption" too)
    (opened(4), {("Harbour Gazette", f"o{i}"): [PLAYER] for i in range(4)}),
    # two carriers are not enough, nor a few days of one story's updates
    (opened(2), {}),
    (opened(3, days=2), {}),
    # an opening must also be common in its outlet: 3 of 200 articles is a way of writing
    # ("Mayor Ilse Varn said on Monday ..."), not furniture
    (opened(3, opening="Mayor Ilse Varn said on Monday")
     + [art(f"x{i}", "Harbour Gazette", f"Harbour log entry {_letters(i)}.") for i in range(197)], {}),
])
def test_outlet_boilerplate_openings(articles, expected):
    assert spans_text(articles) == expected


def test_quotes_that_begin_with_furniture_are_not_matched():
    articles = opened(4)
    for i, a in enumerate(articles):
        start = a.text.index(PLAYER)
        end = start + len(PLAYER) if i == 0 else len(a.text)  # the first takes the notice alone
        a.quotes.append(Quote(text=a.text[start:end], start=start, end=end, kind="direct"))
    assert len(match_quotes(articles)) == 1  # the notice alone makes them one quote
    assert match_quotes(articles, boilerplate=outlet_boilerplate(articles)) == []
