import pytest

from newstrail.cleaning.boilerplate import LineStats, candidate_lines, clean_text, line_key, strip_generic

REPORT = "The council voted 7-2 on Tuesday to close the Wessel Street bridge for repairs."


@pytest.mark.parametrize(
    "line",
    [
        "Please let us know if you're having issues with commenting.",
        "Please let us know if you\u2019re having issues with commenting.",
        "Subscribe to our newsletter",
        "Sign up for Daily Newsletters Manage Newsletters",
        "Share on Facebook / Twitter",
        "Share this article",
        "Facebook | Twitter | Email",
        "Follow us on Twitter @ledgernews",
        "Click here to read the full report",
        "This website uses cookies to improve your experience.",
        "© 2021 Coast Ledger Media. All rights reserved.",
        "Advertisement",
        "Read more: Storm closes Pellan harbour",
    ],
)
def test_generic_line_removed(line):
    text, removed = strip_generic(f"{REPORT}\n\n{line}\n\nThe repairs will take six weeks.")
    assert removed == [line]
    assert text == f"{REPORT}\n\nThe repairs will take six weeks."


@pytest.mark.parametrize(
    "line",
    [
        "Residents who subscribe to the council's alert service were told of the closure by text message.",
        "The company said it uses cookies baked by a local firm in all of its cafés.",
        "Click, the ferry company's new booking app, crashed twice on Monday.",
        "Related parties to the contract were named in the report published on Friday.",
        "Share prices of the ferry operator fell 4% after the announcement.",
        "Advertisement spending by the three parties rose sharply before the vote.",
    ],
)
def test_reporting_kept(line):
    text, removed = strip_generic(f"{REPORT}\n\n{line}")
    assert removed == []
    assert line in text


@pytest.mark.parametrize("heading", ["Related News", "Related:", "READ MORE:", "See also"])
def test_related_block_removed_with_its_links(heading):
    text = f"{REPORT}\n\n{heading}\n\nStorm closes Pellan harbour\n\nMayor defends bridge budget\n\nWork starts on Monday, the council said."
    cleaned, removed = strip_generic(text)
    assert removed == [heading, "Storm closes Pellan harbour", "Mayor defends bridge budget"]
    assert cleaned == f"{REPORT}\n\nWork starts on Monday, the council said."


def test_line_key_ignores_case_spacing_and_digits():
    assert line_key("Copyright 2019  The Ledger") == line_key("copyright 2021 the ledger")
    assert line_key("Copyright The Ledger") != line_key("Copyright The Herald")


def test_candidate_lines_are_short_lines():
    long_para = "word " * 80
    assert candidate_lines(f"Short footer\n\n{long_para}\n\n  \nAnother") == ["Short footer", "Another"]


FOOTER = "Got a tip? Write to the Ledger newsdesk at tips@ledger.example"


def _corpus(n_articles: int, with_footer: int) -> list[str]:
    return [
        f"Story number {i} about the bridge on Wessel Street and its {i} cracked beams."
        + (f"\n\n{FOOTER}" if i < with_footer else "")
        for i in range(n_articles)
    ]


@pytest.mark.parametrize(
    ("n_articles", "with_footer", "learned"),
    [
        (10, 3, True),  # 30% of an outlet's articles end with it: boilerplate
        (40, 12, True),
        (40, 2, False),  # 2 of 40: a coincidence
        (4, 2, False),  # under the minimum count
        (100, 10, False),  # 10%: below the share
    ],
)
def test_learned_boilerplate_threshold(n_articles, with_footer, learned):
    stats = LineStats()
    for text in _corpus(n_articles, with_footer):
        stats.observe("Ledger", text)
    assert stats.is_boilerplate("Ledger", line_key(FOOTER)) is learned
    assert stats.is_boilerplate("Herald", line_key(FOOTER)) is False  # learned per source
    cleaned, removed = stats.strip_learned("Ledger", f"Council meets.\n\n{FOOTER}")
    assert (removed == [FOOTER]) is learned
    assert (FOOTER in cleaned) is not learned


def test_line_counted_once_per_article():
    stats = LineStats()
    for _ in range(5):
        stats.observe("Ledger", f"{FOOTER}\n\n{FOOTER}\n\nBody text.")
    assert stats.counts["Ledger"][line_key(FOOTER)] == 5
    assert stats.articles["Ledger"] == 5


def test_add_counts_loads_persisted_stats():
    stats = LineStats()
    stats.add_counts("Ledger", 20, {line_key(FOOTER): 6})
    assert stats.is_boilerplate("Ledger", line_key(FOOTER))
    stats.add_counts("Ledger", 20, {})
    assert not stats.is_boilerplate("Ledger", line_key(FOOTER))  # now 6 of 40


def test_clean_text_normalises_and_reports_removals_in_order():
    stats = LineStats()
    stats.add_counts("Ledger", 10, {line_key(FOOTER): 5})
    raw = f"{REPORT}\r\n\r\n\r\nSubscribe to our newsletter\n\u00a0\nBody\u200b text.\n{FOOTER}\n\nPlease let us know if you're having issues with commenting."
    text, removed = clean_text(raw, "Ledger", stats)
    assert text == f"{REPORT}\n\nBody text."
    assert removed == [
        "Subscribe to our newsletter",
        "Please let us know if you're having issues with commenting.",
        FOOTER,
    ]
    assert clean_text(raw, "Ledger")[0] == f"{REPORT}\n\nBody text.\n\n{FOOTER}"


# An outlet's templated briefs: the same sentence with new figures every day. With digits
# masked the lines share one key, so they are learned; they are still the articles' body.
BRIEFS = [
    f"The Tarnby index rose {change}% to {points} points by the close, with {up} of its ten largest companies higher."
    for change, points, up in [(2.31, 4512, 3), (1.08, 4466, 5), (0.47, 4487, 2), (3.9, 4661, 7), (1.2, 4609, 4),
                               (0.8, 4592, 6)]
]
DESK = "Market briefs are compiled by the Ledger business desk."
POSTED = "Posted {} hours ago"


def _ingest_order(texts: list[str], source: str = "Ledger") -> list[tuple[str, list[str]]]:
    """Clean each text as ingest does: observed first, then cleaned with what was learned so far."""
    stats = LineStats()
    out = []
    for text in texts:
        stats.observe(source, text)
        out.append(clean_text(text, source, stats))
    return out


def test_briefs_that_differ_only_in_figures_keep_their_text():
    assert len({line_key(brief) for brief in BRIEFS}) == 1  # one learned line, as far as the counts go
    cleaned = _ingest_order(BRIEFS)
    assert [text for text, _ in cleaned] == BRIEFS
    assert all(removed == [] for _, removed in cleaned)


def test_briefs_lose_their_footer_but_not_their_figures():
    cleaned = _ingest_order([f"{brief}\n\n{DESK}" for brief in BRIEFS])
    assert [text for text, _ in cleaned[2:]] == BRIEFS[2:]  # learned from the third on
    assert all(removed == [DESK] for _, removed in cleaned[2:])


def test_furniture_with_changing_figures_still_goes():
    bodies = [
        REPORT,
        "Crews found 14 cracked bolts under the Harrow Lane footbridge during Monday's inspection.",
        "The Mill Road depot will open two hours later on Saturdays from June, the council said.",
        "Ferry fares to Kessa Island rise by 40 cents on 1 July, the operator announced.",
        "A burst main flooded 12 cellars on Quay Walk overnight, and pumping went on until noon.",
        "Tanner Row market traders voted 31 to 9 to keep the Sunday opening for another year.",
    ]
    cleaned = _ingest_order([f"{POSTED.format(i + 1)}\n\n{body}" for i, body in enumerate(bodies)])
    assert [text for text, _ in cleaned[2:]] == bodies[2:]
    assert [removed for _, removed in cleaned[2:]] == [[POSTED.format(i + 1)] for i in range(2, 6)]


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        (f"Council meets.\n\n{FOOTER}", [FOOTER]),  # short, but a body remains
        (FOOTER, []),  # the learned line is all of it: never emptied
        (f"Tides\n\n{FOOTER}", []),  # a one-word heading is (almost) nothing
        (f"{FOOTER}\n\n{DESK}", []),  # several learned lines, nothing else
        (f"{BRIEFS[0]}\n\n{FOOTER}", [FOOTER]),  # figures are a large part: they stay
        (f"{REPORT}\n\n{REPORT}\n\n{REPORT}\n\n{POSTED.format(7)}\n\n{FOOTER}", [POSTED.format(7), FOOTER]),
    ],
)
def test_learned_lines_never_take_the_body(text, removed):
    stats = LineStats()
    stats.add_counts("Ledger", 10, {line_key(FOOTER): 5, line_key(DESK): 5, line_key(BRIEFS[0]): 5,
                                    line_key(POSTED.format(1)): 5})
    cleaned, got = stats.strip_learned("Ledger", text)
    assert got == removed
    assert cleaned.strip()
    for line in removed:
        assert line not in cleaned
