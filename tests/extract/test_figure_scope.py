"""What happened to a count when no event verb governs it, in the shapes war reports take
(invented places and events): a headline-style participle on the number, a complement ("were
confirmed dead"), a death toll as subject or object, "claimed the lives of"."""

from __future__ import annotations

import pytest


def figures_of(nlp, text):
    doc = nlp.make_doc(text)
    doc._.published = "2031-05-12"
    doc._.title = None
    return {f.text: f for f in nlp(doc)._.figures}


@pytest.mark.parametrize("text, number, event", [
    ("Opposition: 1300 killed in gas attack on Varn region.", "1300", "killed"),
    ("Brask said more than 40 people have been confirmed dead in the suburbs.", "more than 40", "killed"),
    ("A nurse said the death toll from the clinics was 213.", "213", "killed"),
    ("With the death toll estimated between 500 and 1300, the attack was the worst in years.",
     "between 500 and 1300", "killed"),
    ("Activists cited death tolls ranging from about 500 to some 1300.", "about 500", "killed"),
    ("The shelling claimed the lives of 8 persons in Tarsk.", "8", "killed"),
    ("Bomb blast kills 60 in Tarsk suburb.", "60", "killed"),  # unchanged: the verb's own event
    # headline style in the body: the verb right before the number is its event
    ("Rocket Attack on Tarsk kill 5 injure 50.", "5", "killed"),
    ("Rocket Attack on Tarsk kill 5 injure 50.", "50", "wounded"),
    # a participle on each number: the one before the second number is the first one's
    ("At least 44 killed dozens injured as twin bombing hits Tarsk", "dozens", "wounded"),
    ("At least 44 killed dozens injured as twin bombing hits Tarsk", "At least 44", "killed"),
    ("The raid killed 5 injured soldiers in the clinic.", "5", "killed"),
    ("8 persons killed 58 others injured in rocket attacks on Tarsk.", "58", "wounded"),
    ("8 persons killed 58 others injured in rocket attacks on Tarsk.", "8", "killed"),
    # "those killed" takes no object, even when the text drops the comma after it
    ("As well as those killed at least 120 people were injured it said.", "at least 120", "wounded"),
    ("Beside those killed, at least 120 people were injured.", "at least 120", "wounded"),
    ("The shelling left 3 dead.", "3", "killed"),  # a complement says more than "leave"
    # the participle on the second number is its own event, not the first one's complement
    ("Fighting near Tarsk left at least 30 dead and 50 wounded on Monday.", "at least 30", "killed"),
    ("Fighting near Tarsk left at least 30 dead and 50 wounded on Monday.", "50", "wounded"),
    ("The raid left 40 families homeless.", "40", "displaced"),
    ("412 residents have left Varn since 2019.", "412", "left"),
])
def test_event_without_an_event_verb(nlp, text, number, event):
    assert figures_of(nlp, text)[number].event == event


@pytest.mark.parametrize("text, number", [
    ("The number of visitors was 213.", "213"),  # a count noun without an event noun on it
    ("The firm put its total at 400 cars.", "400"),
    ("The fair claimed 40 stands this year.", "40"),  # "claim" without "lives"
])
def test_no_event_is_made_up(nlp, text, number):
    assert figures_of(nlp, text)[number].event is None


def test_headline_verb_before_the_number(nlp):
    """In a headline the verb before a number is what happened to it ("kill 5 injure 50"), and
    the next verb is not what is counted."""
    doc = nlp.make_doc("Rockets hit the Tarsk market on Monday.")
    doc._.published = "2031-05-12"
    doc._.title = "Rocket attack on Tarsk market kill 5 injure 50"
    figs = {f.text: f for f in nlp(doc)._.figures if f.in_title}
    assert (figs["5"].event, figs["5"].counted) == ("killed", None)
    assert figs["50"].event == "wounded"


def test_headline_participles_on_two_numbers(nlp):
    """In a headline with no commas, "44 killed dozens injured": each number has its own
    participle after it, and the one before the second number is the first one's."""
    doc = nlp.make_doc("Rockets hit the Tarsk market on Monday.")
    doc._.published = "2031-05-12"
    doc._.title = "At least 44 killed dozens injured as twin bombing hits Tarsk"
    figs = {f.text: f for f in nlp(doc)._.figures if f.in_title}
    assert (figs["At least 44"].event, figs["dozens"].event) == ("killed", "wounded")
    doc = nlp.make_doc("Rockets hit the Tarsk market on Monday.")
    doc._.published = "2031-05-12"
    doc._.title = "8 persons killed 58 others injured in rocket attacks on Tarsk"
    figs = {f.text: f for f in nlp(doc)._.figures if f.in_title}
    assert (figs["8"].event, figs["58"].event) == ("killed", "wounded")


def test_a_place_taken_for_a_date_does_not_hide_the_date(nlp):
    """The parser can tag a place name as a DATE ("near Manbij"): a time that resolves wins
    over one that does not, so the count keeps the day its sentence gives."""
    fig = figures_of(nlp, "Monitors said 40 civilians died in air strikes as they fled a village near Manbij "
                          "on June 9 and aid groups asked for an inquiry.")["40"]
    assert (fig.time, fig.time_text) == ("2031-06-09", "June 9")


@pytest.mark.parametrize("sentence, number, time", [
    # the date a superlative is measured since is no span of the count
    ("The bombing killed 45 people, the deadliest attack in Tarsk since 2016.", "45", None),
    ("It was the most lethal strike on Osk since the 1990s, killing 30 people.", "30", None),
    ("With the toll put at 300, it was the first such attack since 2019.", "300", None),
    # a "since" of the count itself is
    ("At least 45 people have been killed in Tarsk since 2016.", "At least 45", "2016/2031-05-12"),
])
def test_since_a_superlative_is_no_time_frame(nlp, sentence, number, time):
    assert figures_of(nlp, sentence)[number].time == time
