"""Quotes: direct, partial and reported speech on the parse (the pairing of marks: test_marks.py).

Every fixture is an invented article written for these tests.
"""

from __future__ import annotations

import pytest

from newstrail.nlp.pipeline import build_nlp


# -- direct and partial quotes ------------------------------------------------------------

SPLIT = ("The harbour authority of Velmar closed the north pier on Tuesday.\n\n"
         "“We found cracks in three of the pillars,” said Ilse Marant, the authority’s director. "
         "“Nobody will walk on that pier until it is repaired.”\n\n"
         "Fishermen were angry about the closure.")
BEFORE_COLON = ("Governor Tomas Herrold of Lunder province reacted on his Facebook page. "
                "Herrold wrote: “The people of Lunder will not pay for this mistake.”")
DASH_AFTER = ("The strike ended after nine days.\n\n"
              "“We got everything we asked for and more than we hoped.” — Karla Wendt, union secretary")
ACCORDING_DIRECT = ("The new ferry line starts in June.\n\n"
                    "“Tickets will cost less than a bus fare,” according to Paul Ostrander, the operator’s chief executive.")
TOLD_OUTLET = ("Mining minister Eda Kolvin defended the permits.\n\n"
               "“Every mine on that list passed the same inspection,” Kolvin told the Brenmoor Herald.")
STATEMENT = ("The Dravos Rail company apologised for the delays.\n\n"
             "“We regret the disruption caused to thousands of passengers,” the company said in a statement.")
IN_VIDEO = ("A commander of the Sarn militia appeared in a video on Sunday.\n\n"
            "“We will hold the valley until the winter,” the commander said in the video.")
MIDDLE = ("“The road to Kesh is open,” the police chief, Oren Dabrow, said on Monday, “but drivers should expect long delays.”")
MULTI_PARA = ("Professor Hanne Lisk described the findings at the conference.\n\n"
              "“The river has lost half of its fish in ten years,\n\n"
              "“and the decline is speeding up,” Lisk said.")
CONTINUED = ("Senator Mira Castell criticised the budget.\n\n"
             "“This budget cuts schools to pay for roads nobody asked for,” Castell said.\n\n"
             "“It will not pass the chamber in this form.”")
BACKWARD = ("The mayor spoke at length on Monday.\n\n"
            "“The bridge is finished.” “It will open on Friday morning,” said Mayor Ansel Brody.")
PARTIAL = ("Farmers in the Telva valley say the water has run out. "
           "The farmers claim they are living in “a permanent state of drought,” which has lasted since the spring.")
PARTIAL_ASK = ("The group's leaders wrote to the council again. "
               "They ask the council “to stop the digging at once” before more homes are damaged.")


@pytest.mark.parametrize("text, expected", [
    # quote split around its attribution: two spans, one speaker
    (SPLIT, [("direct", "We found cracks", "Ilse Marant", "Ilse Marant", "said", None),
             ("direct", "Nobody will walk", "Ilse Marant", "Ilse Marant", "said", None)]),
    # attribution before, by colon
    (BEFORE_COLON, [("direct", "The people of Lunder", "Herrold", "Tomas Herrold", "wrote", None)]),
    # attribution after, by dash
    (DASH_AFTER, [("direct", "We got everything", "Karla Wendt", "Karla Wendt", "—", None)]),
    # according to X
    (ACCORDING_DIRECT, [("direct", "Tickets will cost", "Paul Ostrander", "Paul Ostrander", "according to", None)]),
    # X told <outlet>
    (TOLD_OUTLET, [("direct", "Every mine", "Kolvin", "Eda Kolvin", "told", "the Brenmoor Herald")]),
    # X said in a statement / in a video
    (STATEMENT, [("direct", "We regret", "the company", "Dravos Rail company", "said", "a statement")]),
    (IN_VIDEO, [("direct", "We will hold", "the commander", "Sarn militia commander", "said", "the video")]),
    # attribution in the middle
    (MIDDLE, [("direct", "The road to Kesh", "the police chief", "Oren Dabrow", "said", None),
              ("direct", "but drivers should", "the police chief", "Oren Dabrow", "said", None)]),
    # multi-paragraph quote: opening mark per paragraph, closing mark only at the end
    (MULTI_PARA, [("direct", "The river has lost", "Lisk", "Hanne Lisk", "said", None),
                  ("direct", "and the decline", "Lisk", "Hanne Lisk", "said", None)]),
    # continuation in the next paragraph with no new attribution
    (CONTINUED, [("direct", "This budget cuts", "Castell", "Mira Castell", "said", None),
                 ("direct", "It will not pass", "Castell", "Mira Castell", "said", None)]),
    # continuation backwards: “A.” “B,” said X.
    (BACKWARD, [("direct", "The bridge is finished", "Mayor Ansel Brody", "Ansel Brody", "said", None),
                ("direct", "It will open", "Mayor Ansel Brody", "Ansel Brody", "said", None)]),
])
def test_direct_quotes(nlp, text, expected):
    doc = nlp(text)
    got = [q for q in doc._.quotes if q.kind == "direct"]
    assert len(got) == len(expected), [(q.kind, q.text) for q in doc._.quotes]
    for q, (kind, prefix, speaker, resolved, cue, medium) in zip(got, expected):
        assert q.text.startswith(prefix)
        assert doc.text[q.start:q.end] == q.text
        assert (q.kind, q.speaker, q.speaker_resolved, q.cue, q.medium) == (kind, speaker, resolved, cue, medium)
        assert doc.text[q.speaker_start:q.speaker_end] == q.speaker


@pytest.mark.parametrize("text, quoted, speaker, resolved, cue", [
    (PARTIAL, "a permanent state of drought", "The farmers", "Farmers in the Telva valley", "claim"),
    (PARTIAL_ASK, "to stop the digging at once", "They", "The group's leaders", "ask"),
])
def test_partial_quotes(nlp, text, quoted, speaker, resolved, cue):
    doc = nlp(text)
    partial = [q for q in doc._.quotes if q.kind == "partial"]
    assert [q.text for q in partial] == [quoted]
    q = partial[0]
    assert (q.speaker, q.speaker_resolved, q.cue) == (speaker, resolved, cue)
    assert not [q for q in doc._.quotes if q.kind == "direct"]


@pytest.mark.parametrize("text", [
    # apostrophes
    "The council shouldn’t wait any longer, residents argued at the meeting on Monday.",
    "The club still plays hits of the ’90s and the ’80s every Friday night.",
    "The voters' mood changed after the debate, and the candidates' offices noticed.",
    # scare quotes: a short phrase in marks with no speech verb
    "The so-called “reform package” was shelved by the assembly in March.",
    "Critics of the “green corridor” plan gathered outside the town hall.",
    "The company's \"premium service\" costs twice as much as the basic one.",
    # a title in marks
    "Tickets for “The Winter Harbour” sold out within an hour of release.",
    # unbalanced marks
    "The mayor declared “victory for the town.\nThe vote was close and a recount is planned.",
    "Fuel prices rose” sharply in April, the third rise this year.",
])
def test_no_quote(nlp, text):
    doc = nlp(text)
    assert [q for q in doc._.quotes if q.kind in {"direct", "partial"}] == []


# -- reported speech ----------------------------------------------------------------------

@pytest.mark.parametrize("text, kind, content, speaker, cue", [
    ("Minister Rana Oduya said that the dam would be finished by next spring.",
     "indirect", "that the dam would be finished by next spring", "Minister Rana Oduya", "said"),
    ("Minister Rana Oduya said the dam would be finished by next spring.",
     "indirect", "the dam would be finished by next spring", "Minister Rana Oduya", "said"),
    ("The engineer told reporters that the tunnel was safe for traffic.",
     "indirect", "that the tunnel was safe for traffic", "The engineer", "told"),
    ("Health officials warned that the outbreak could spread to the coast.",
     "indirect", "that the outbreak could spread to the coast", "Health officials", "warned"),
    ("The tunnel will stay closed for another month, the engineer said.",
     "indirect", "The tunnel will stay closed for another month", "the engineer", "said"),
    ("According to the Keldor Water Board, the reservoir is only a third full after the dry summer.",
     "according_to", "the reservoir is only a third full after the dry summer", "the Keldor Water Board", "according to"),
])
def test_reported_speech(nlp, text, kind, content, speaker, cue):
    doc = nlp(text)
    got = [q for q in doc._.quotes if q.kind == kind]
    assert len(got) == 1, [(q.kind, q.text) for q in doc._.quotes]
    q = got[0]
    assert (q.text, q.speaker, q.cue) == (content, speaker, cue)
    assert doc.text[q.cue_start:q.cue_end] == cue or cue == "according to"


@pytest.mark.parametrize("text, speakers", [
    # a negative pronoun names no one who spoke
    ("Nobody told the tenants that the rent would double in May.", []),
    ("No one said the bridge would be closed for a whole year.", []),
    # a subject inside a sentence-initial "that" clause is not a speaker either
    ("That nobody asked the fishermen shows how the quota was drawn up.", []),
    ("That the mayor said nothing shows how weak the council has become.", []),
    # while the speaker of the whole sentence is still found
    ("That nobody asked them shows how the plan was made, said Lina Okafor, an organiser.", ["Lina Okafor"]),
])
def test_reported_speech_needs_someone_speaking(nlp, text, speakers):
    doc = nlp(text)
    got = [q.speaker for q in doc._.quotes if q.kind == "indirect"]
    assert got == speakers, [(q.kind, q.speaker, q.text) for q in doc._.quotes]


def test_direct_quote_is_not_also_reported(nlp):
    doc = nlp("“The dam is finished,” the minister said on Friday.")
    assert [q.kind for q in doc._.quotes] == ["direct"]


def test_quotes_sorted_and_offsets_valid(nlp):
    doc = nlp(SPLIT + "\n\n" + PARTIAL + "\n\nThe union said the strike would go on.")
    starts = [q.start for q in doc._.quotes]
    assert starts == sorted(starts)
    assert len(doc._.quotes) >= 4
    for q in doc._.quotes:
        assert doc.text[q.start:q.end] == q.text


def test_empty_and_markless_text(nlp):
    assert nlp("")._.quotes == []
    assert nlp("Rain fell on the valley all week.")._.quotes == []


# -- headlines, colons, dialogue, evaluation verbs ----------------------------------------

HEAD_WHOLE = ("Mayor Orla Penn: ‘The Tram Will Run Again by June.’\n\n"
              "Mayor Orla Penn of Castrel promised on Monday to restore the tram line.")
HEAD_PARTIAL = ("Teodor Vance: Harbour Plan Is a ‘Costly Mistake’ for Castrel.\n\n"
                "Councillor Teodor Vance criticised the harbour plan at a meeting on Monday.")
BODY_COLON = ("Results from Castrel came in overnight.\n\nThe vote surprised the pollster Ines Marlow: “Nobody in our panel expected the suburbs to swing.”")
DIALOGUE = ("Minister Haldor Brun said that the new tax would start in January.\n\n"
            "“Families with children will pay less than before, and the rest will hardly notice.”")
DIALOGUE_COLON = ("Dr. Sela Varn stated:\n\n"
                  "“The clinic will stay open through the whole winter season.”")
PRAISED = ("Coach Bram Iller praised the young goalkeeper for “keeping his head when the whole stadium was shouting.”")
CALLED = ("Senator Pia Runo called the new border fees “a tax on every family that crosses the river.”")
WIRE_MARKS = ("The station master was calm. ''The trains will be late all week,'' said Aldo Fenn, the station master. "
              "''Nobody should travel without checking the board.''")
OPEN_MARK_LEFT_BEHIND = ("Nobody answered the phone at the club. ''I cried when I heard it,'' she said.")


@pytest.mark.parametrize("text, kind, prefix, speaker, resolved, cue", [
    (HEAD_WHOLE, "direct", "The Tram Will Run Again", "Mayor Orla Penn", "Orla Penn", ":"),
    (HEAD_PARTIAL, "indirect", "Harbour Plan Is a ‘Costly Mistake’", "Teodor Vance", "Teodor Vance", ":"),
    (BODY_COLON, "direct", "Nobody in our panel", "the pollster Ines Marlow", "the pollster Ines Marlow", ":"),
    (DIALOGUE, "direct", "Families with children", "Minister Haldor Brun", "Haldor Brun", "said"),
    (DIALOGUE_COLON, "direct", "The clinic will stay open", "Dr. Sela Varn", "Sela Varn", "stated"),
    (PRAISED, "partial", "keeping his head", "Coach Bram Iller", "Bram Iller", "praised"),
    (CALLED, "partial", "a tax on every family", "Senator Pia Runo", "Pia Runo", "called"),
])
def test_more_attributions(nlp, text, kind, prefix, speaker, resolved, cue):
    doc = nlp(text)
    got = [q for q in doc._.quotes if q.kind == kind and q.text.startswith(prefix)]
    assert len(got) == 1, [(q.kind, q.text, q.speaker) for q in doc._.quotes]
    q = got[0]
    assert (q.speaker, q.speaker_resolved, q.cue) == (speaker, resolved, cue)
    assert doc.text[q.start:q.end] == q.text
    assert doc.text[q.speaker_start:q.speaker_end] == q.speaker


def test_headline_partial_quote_has_the_headline_speaker(nlp):
    doc = nlp(HEAD_PARTIAL)
    partial = [q for q in doc._.quotes if q.kind == "partial"]
    assert [(q.text, q.speaker, q.cue) for q in partial] == [("Costly Mistake", "Teodor Vance", ":")]


@pytest.mark.parametrize("text, contents_, speaker", [
    # '' stands for a double mark; the split quote keeps one speaker
    (WIRE_MARKS, ["The trains will be late all week,", "Nobody should travel without checking the board."], "Aldo Fenn"),
    # the parser leaves the opening mark at the end of the previous sentence: still direct
    (OPEN_MARK_LEFT_BEHIND, ["I cried when I heard it,"], "she"),
])
def test_wire_marks(nlp, text, contents_, speaker):
    doc = nlp(text)
    direct = [q for q in doc._.quotes if q.kind == "direct"]
    assert [q.text.rstrip(",") for q in direct] == [c.rstrip(",") for c in contents_]
    assert {q.speaker for q in direct} == {speaker}


@pytest.mark.parametrize("text", [
    # section labels, all-capital kickers and topics before a headline colon are not speakers
    "The Latest: Tram Line to ‘Reopen Soon’ in Castrel.\n\nThe tram line may reopen soon.",
    "HARBOUR WATCH: A ‘Quiet Week’ on the Docks.\n\nThe docks were quiet.",
    "Council Debate On Harbour: ‘Costs Keep Rising’ Amid Delays.\n\nCosts rose again.",
    # a quote opening a paragraph after one with no speech verb is nobody's quote
    "The storm reached the coast on Tuesday night.\n\n“Worst winter storm in living memory for the islands.”",
    # quotation marks inside markup left in scraped text
    '<post id="9912" author="harbourdesk" time="2019-03-02">Ferries cancelled until Friday</post>',
    # a colon after a common noun is not a speaker
    "Here is the schedule: “Monday, Wednesday and Friday at dawn and at dusk.”",
])
def test_no_quote_more(nlp, text):
    doc = nlp(text)
    assert [q for q in doc._.quotes if q.kind in {"direct", "partial"}] == [], \
        [(q.kind, q.text, q.speaker) for q in doc._.quotes]


# -- lead-ins and tags that are not verbs of saying; titles; odd marks ------------------

COLON_ANY_VERB = ("The mayor left the stage and came back ten minutes later.\n\n"
                  "She then turned to the crowd again: “Nobody in this town will lose a home this winter.”")
COMMA_SHOT_BACK = ("The two candidates clashed over the port budget.\n\n"
                   "Brant shot back, “My opponent has never read the budget he attacks.”")
INVERTED_BEAMED = ("The first ferry reached the island at noon.\n\n"
                   "“This is the best day our village has seen in years!” beamed Olga Ferrand, the harbour master.")
SUBJECT_SHOT_BACK = ("The panel argued about the tunnel for an hour.\n\n"
                     "“You have never driven through it once,” Kessler shot back.")
HORIZONTAL_BAR = ("Readers sent us their views on the new bridge.\n\n"
                  "“It took twenty years, but the bridge was worth every cent of it.” ― Marta Loewe")
MISTYPED_OPEN = ("Residents of Farrow described the flood.\n\n"
                 "”The water came up to the windows in less than an hour,” said Ivo Santen.")
PUT_IT = ("The port deal was signed on Friday.\n\n"
          "As the Velmar Courier put it, “The town has sold its harbour for the price of a bridge.”")
MULTI_PARA_COLON = ("Senator Lia Dorn spoke after the vote.\n\n"
                    "Dorn stated:\n\n"
                    "“The bill we passed today will keep every rural clinic open for ten more years.\n\n"
                    "“And it will pay for itself before the next election.”\n\n"
                    "The bill now goes to the governor.")


@pytest.mark.parametrize("text, expected", [
    # a colon after a clause whose verb is not a verb of saying: that clause's subject
    (COLON_ANY_VERB, [("direct", "Nobody in this town", "She", "turned")]),
    # a comma after a clause-final verb ("shot back,")
    (COMMA_SHOT_BACK, [("direct", "My opponent", "Brant", "shot")]),
    # speech tags with other verbs: inverted after the mark, or after a short subject
    (INVERTED_BEAMED, [("direct", "This is the best day", "Olga Ferrand", "beamed")]),
    (SUBJECT_SHOT_BACK, [("direct", "You have never", "Kessler", "shot")]),
    # a horizontal bar and a name after the quote
    (HORIZONTAL_BAR, [("direct", "It took twenty years", "Marta Loewe", "―")]),
    # a closing curly mark typed at the start of a paragraph opens the quote
    (MISTYPED_OPEN, [("direct", "The water came up", "Ivo Santen", "said")]),
    # "as X put it, “…”"
    (PUT_IT, [("direct", "The town has sold", "the Velmar Courier", "put")]),
    # a multi-paragraph quote introduced by "X stated:" in the paragraph before it
    (MULTI_PARA_COLON, [("direct", "The bill we passed", "Dorn", "stated"),
                        ("direct", "And it will pay", "Dorn", "stated")]),
])
def test_other_lead_ins_and_tags(nlp, text, expected):
    doc = nlp(text)
    got = [q for q in doc._.quotes if q.kind == "direct"]
    # the cue's first word: whether the parser calls "back" a particle is no concern here
    assert [(q.kind, q.text[:len(e[1])], q.speaker, (q.cue or "").split()[0]) for q, e in zip(got, expected)] == expected, \
        [(q.kind, q.text, q.speaker, q.cue) for q in doc._.quotes]
    assert len(got) == len(expected)


@pytest.mark.parametrize("text", [
    # titles of shows after a possessive or "on": names, not words said
    "The minister spoke on Sunday.\n\nSpeaking on the Velmar Channel’s “Morning Harbour,” the minister said the port would stay open.",
    "The minister spoke on Sunday.\n\n“I expect to be questioned,” she said on “Face the Valley.”",
    "The actor is known for his stage work.\n\nOrsk, who starred in “The Long Winter Road,” posted the clip on Friday.",
    # a colon after an "it" clause is no speaker
    "The council published its figures.\n\nWait, it gets better: “The tunnel will cost twice what we were told in March.”",
    # a verb that goes on after a short subject is no speech tag
    "The club met again.\n\n“Harbour Lights,” the crew watched the film twice before the vote.",
])
def test_no_quote_titles_and_lead_ins(nlp, text):
    doc = nlp(text)
    got = [(q.kind, q.text, q.speaker) for q in doc._.quotes if q.kind in {"direct", "partial"}]
    assert all(not t.startswith(("Morning Harbour", "Face the Valley", "The Long Winter Road", "Harbour Lights"))
               for _, t, _ in got), got
    if "it gets better" in text:
        assert got == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("ORVEL, March 3 (Valley Wire) — Flood crews have reopened the river road, the council said.",
         "Flood crews have reopened the river road"),
        ("PORT TAMSIN — Dock workers will strike on Friday, the union said.",
         "Dock workers will strike on Friday"),
        ("Dock workers will strike on Friday, the union said.", "Dock workers will strike on Friday"),
    ],
)
def test_dateline_is_not_part_of_reported_speech(nlp, text, content):
    quote = next(q for q in nlp(text)._.quotes if q.kind == "indirect")
    assert quote.text == content
    assert text[quote.start:quote.end] == content


@pytest.mark.parametrize("text", [
    # a letter quoted at length: its last piece opens a paragraph and is never closed, so the
    # piece before it announces a continuation that never comes
    "“We will not wait,” Councillor Ines Varo wrote. “The depot must stay open.”\n\n“The plan to shut "
    "the tram depot was drafted in a week, and the drivers were told last.\n\n“That nobody asked "
    "them shows how little thought went into it…\n\nDrivers have opposed the closure since the spring.",
    "Councillor Ines Varo wrote to the mayor on Monday:\n\n“The plan to shut the tram depot was drafted in a "
    "week…\n\n“That nobody asked the drivers shows how little thought went into it…\n\n"
    "Drivers at the Orvel depot have opposed the closure since the spring.",
])
def test_a_last_quote_left_open_across_paragraphs_does_not_fail(nlp, text):
    doc = nlp(text)
    assert not doc.user_data.get("newstrail_errors")
    assert any(q.kind == "direct" and q.speaker_resolved == "Councillor Ines Varo" for q in doc._.quotes)
    for q in doc._.quotes:
        assert text[q.start:q.end] == q.text


# -- thresholds are the component's config ------------------------------------------------

SHORT_FOLLOW_UP = ("The harbour of Velmar closed the north pier on Tuesday.\n\n"
                   "“We found cracks in three of the pillars,” said Ilse Marant. “Nobody goes there.”")
LONG_LEAD = ("Mayor Ada Moss said on Monday that the old bridge over the Orvel river would stay closed to lorries "
             "and buses for the rest of the year, while engineers from the regional roads office finish their "
             "survey of the pillars.\n\n"
             "“The bridge will reopen in spring once the inspectors are done.”")


@pytest.fixture(scope="module")
def entities_only():
    return build_nlp(components=["newstrail_entities"])


def direct_quotes(nlp, text, **config):
    """The direct quotes of ``text`` with newstrail_quotes added under ``config``."""
    if "newstrail_quotes" in nlp.pipe_names:
        nlp.remove_pipe("newstrail_quotes")
    nlp.add_pipe("newstrail_quotes", config=config)
    return [(q.text, q.speaker) for q in nlp(text)._.quotes if q.kind == "direct"]


@pytest.mark.parametrize("config, expected", [
    # "Nobody goes there." has three words: at the default of 3 it is too short to carry on
    # the quote before it by itself; when only two words make a scare quote, it does
    ({}, [("We found cracks in three of the pillars", "Ilse Marant")]),
    ({"scare_max_words": 2}, [("We found cracks in three of the pillars", "Ilse Marant"),
                              ("Nobody goes there.", "Ilse Marant")]),
])
def test_scare_quote_length_is_a_setting(entities_only, config, expected):
    assert direct_quotes(entities_only, SHORT_FOLLOW_UP, **config) == expected


@pytest.mark.parametrize("config, expected", [
    # the cue "said" lies some 40 tokens before the paragraph break: within the default
    # look-back of 80, and beyond a look-back of 10
    ({}, [("The bridge will reopen in spring once the inspectors are done.", "Mayor Ada Moss")]),
    ({"dialogue_lookback": 10}, []),
])
def test_dialogue_look_back_is_a_setting(entities_only, config, expected):
    assert direct_quotes(entities_only, LONG_LEAD, **config) == expected
