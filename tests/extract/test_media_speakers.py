"""Media and speakers of reported speech (issue 14): who said it and through which medium.

"Russian media quoted the president as saying …" has the president as speaker and the media
as medium; "…, according to Radio Merovia" after someone else's words names their medium;
"the official" after "a spokesman for the ministry" is that spokesman; a sentence-final
"… the monitoring group said" without a comma still credits the words before it. Which
channels are news media is ``extract.media.news_medium``. Every text is invented.
"""

from __future__ import annotations

import pytest

from newstrail.extract.media import news_medium


def _quotes(nlp, text):
    return nlp(text)._.quotes


@pytest.mark.parametrize("text, kind, speaker, medium", [
    ("Russian media quoted the president as saying that the troops would stay in Varn until the spring.",
     "indirect", "the president", "Russian media"),
    ("State television quoted Governor Alun Pesk as saying the bridge at Osk would reopen on Monday.",
     "indirect", "Governor Alun Pesk", "State television"),
    ("The Ostmark Courier cited a senior officer as saying 40 guards had been sent to the crossing.",
     "indirect", "a senior officer", "The Ostmark Courier"),
    ("“We will hold the valley until the winter,” Radio Merovia quoted the commander as saying.",
     "direct", "the commander", "Radio Merovia"),
])
def test_quoted_as_saying_credits_the_object_through_the_subject(nlp, text, kind, speaker, medium):
    [q] = [q for q in _quotes(nlp, text) if q.kind == kind]
    assert (q.speaker, q.medium) == (speaker, medium)


@pytest.mark.parametrize("text, speaker, medium", [
    ("Officials in Varn said the dam was safe, according to Radio Merovia.", "Officials in Varn", "Radio Merovia"),
    ("The council backed the plan by saying it would cut costs in Osk according to the Harbour Times.",
     "The council", "the Harbour Times"),
])
def test_according_to_a_news_medium_is_the_medium_of_the_words_inside(nlp, text, speaker, medium):
    quotes = _quotes(nlp, text)
    assert [q.kind for q in quotes] == ["indirect"]  # no second quote credited to the medium
    assert (quotes[0].speaker, quotes[0].medium) == (speaker, medium)


def test_according_to_a_source_that_is_no_medium_stays_a_speaker(nlp):
    quotes = _quotes(nlp, "The dam at Osk was safe, according to the Varn water board.")
    assert [(q.kind, q.speaker, q.medium) for q in quotes] == [("according_to", "the Varn water board", None)]


def test_the_official_after_a_spokesman_for_the_ministry_is_that_spokesman(nlp):
    text = ("A spokesman for the Varn Interior Ministry said the border would stay closed on Monday. "
            "The official added that 40 guards had been sent to the crossing at Osk.")
    doc = nlp(text)
    last = doc._.quotes[-1]
    assert last.speaker == "The official"
    assert (last.speaker_resolved, last.speaker_entity) == ("Varn Interior Ministry spokesman", "Varn Interior Ministry")
    [guards] = [f for f in doc._.figures if f.value == 40]
    assert guards.source == "Varn Interior Ministry spokesman"


def test_the_minister_is_not_taken_for_an_earlier_spokesman(nlp):
    text = ("A spokesman for the Varn Interior Ministry said the border would stay closed on Monday. "
            "The minister said that the crossing at Osk would reopen in May.")
    assert _quotes(nlp, text)[-1].speaker_resolved != "Varn Interior Ministry spokesman"


@pytest.mark.parametrize("text, speaker, counted", [
    # commas stripped by the feed: the parser hangs nothing on the final verb
    ("Shelling killed at least 12 people in the market of Osk on Tuesday the monitoring group the Varn "
     "Observatory said.", "the monitoring group", "people"),
    ("Rebels fired rockets at the district leaving 3 civilians killed and 20 others wounded Radio Merovia "
     "correspondent reported.", "Radio Merovia correspondent", "civilians"),
    # the parser takes the speaker into the clause before the verb, which is left without a subject
    ("Fighters of the Sarn faction were killed trying to reopen the Osk road which 14 troops severed on "
     "Thursday the Varn Observatory for Human Rights monitor said.",
     "the Varn Observatory for Human Rights monitor", "troops"),
])
def test_a_sentence_final_speech_verb_without_a_comma_credits_the_words_before(nlp, text, speaker, counted):
    doc = nlp(text)
    [q] = doc._.quotes
    assert q.kind == "indirect" and q.speaker == speaker and text.startswith(q.text)
    [fig] = [f for f in doc._.figures if f.counted == counted]
    assert fig.source in {q.speaker, q.speaker_resolved}  # the figure is credited to the same speaker


@pytest.mark.parametrize("text", [
    "That is not what the minister said.",
    "The vote in Osk was close, as the minister said.",
    "He did not say.",
])
def test_a_final_speech_verb_with_no_words_of_its_own_reports_nothing(nlp, text):
    assert _quotes(nlp, text) == []


@pytest.mark.parametrize("phrase, medium", [
    ("told RIA Novosti", "RIA Novosti"),
    ("an interview with CNN", "CNN"),
    ("state media", "state media"),
    ("Russian media", "Russian media"),
    ("the Harbour Times", "Harbour Times"),
    ("Radio Merovia", "Radio Merovia"),
    ("Syrian Arab News Agency", "Syrian Arab News Agency"),
    ("his Twitter account", "his Twitter account"),
    ("an AFP correspondent", "AFP"),
    ("a statement", None),
    ("a briefing", None),
    ("a press conference", None),
    ("a report", None),
    ("the ministry's press service", None),
    ("a radio interview", None),
    ("White House Press Secretary Dana Ostrow", None),
    ("International Atomic Energy Agency", None),
    ("the Varn Observatory for Human Rights", None),
    ("a monitor", None),
    (None, None),
])
def test_news_medium(phrase, medium):
    assert news_medium(phrase) == medium
