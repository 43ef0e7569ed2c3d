"""Speaker resolution rules (newstrail.extract.speakers), through the quotes component.

Each case is an invented article; the last quote's speaker is checked: the mention as
written, the resolved name and the linked canonical entity.
"""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, speaker, resolved, entity", [
    # 2. apposition with a name
    ("The minister's spokesman, Dario Fenk, answered questions.\n\n"
     "“The minister has not resigned,” said the spokesman, Dario Fenk.",
     "the spokesman", "Dario Fenk", "Dario Fenk"),
    # 3. a named entity: full name, surname and title+name link to one canonical entity
    ("President Ilona Varga of Oster addressed parliament on Monday.\n\n"
     "“Our borders will stay open,” Varga said.",
     "Varga", "Ilona Varga", "Ilona Varga"),
    ("Ilona Varga met the unions on Monday.\n\n"
     "“We will raise the minimum wage,” said President Ilona Varga.",
     "President Ilona Varga", "Ilona Varga", "Ilona Varga"),
    # 4. a role of a body
    ("Officials met in Kelvar on Monday.\n\n"
     "“The line will reopen next week,” said a spokesman for the Kelvar Transport Ministry.",
     "a spokesman for the Kelvar Transport Ministry", "Kelvar Transport Ministry spokesman",
     "Kelvar Transport Ministry"),
    # 5. pronouns: he/she -> the most recent person speaker
    ("Coach Lena Marsh praised her team after the final.\n\n"
     "“We played the best match of the season,” Marsh said. Later she added that the title was deserved.",
     "she", "Lena Marsh", "Lena Marsh"),
    # 5. he -> a nearer person subject beats an older speaker
    ("“The harvest is lost,” said Joran Pell, a farmer.\n\n"
     "A local doctor examined the family on Friday. He said that the children were healthy.",
     "He", "A local doctor", None),
    # 5. they -> the most recent plural speaker
    ("The nurses of the Saint Anselm clinic walked out on Tuesday. "
     "The nurses said they had not been paid for two months. "
     "They warned that the clinic would close within weeks.",
     "They", "nurses of the Saint Anselm clinic", None),
    # 6. description with no earlier speaker: the role of the body that spoke before
    ("The Dorval Health Authority reports that flu cases doubled in January.\n\n"
     "“Hospitals are full and the peak is still ahead,” said the spokeswoman.",
     "the spokeswoman", "Dorval Health Authority spokeswoman", "Dorval Health Authority"),
    # 6. description: an earlier noun phrase with a synonymous head, not an "other" one
    ("A letter from local women in the Brava district reached the council, urging other women to sign. "
     "The ladies claim the district is “a forgotten corner of the city.”",
     "The ladies", "local women in the Brava district", None),
    # 6. the same description twice -> one speaker
    ("The fighter appeared in a second video.\n\n"
     "“We are coming,” said the fighter. “Nothing will stop us,” said the fighter again.",
     "the fighter", "fighter", None),
])
def test_speaker_resolution(nlp, text, speaker, resolved, entity):
    doc = nlp(text)
    quotes = [q for q in doc._.quotes if q.speaker is not None]
    assert quotes, [(q.kind, q.text) for q in doc._.quotes]
    q = quotes[-1]
    assert (q.speaker, q.speaker_resolved, q.speaker_entity) == (speaker, resolved, entity)
    assert doc.text[q.speaker_start:q.speaker_end] == q.speaker


def test_one_speaker_across_mentions(nlp):
    doc = nlp("Prime Minister Anton Brisk opened the session.\n\n"
              "“The budget is balanced,” Brisk said.\n\n"
              "“We will cut no pensions,” said Prime Minister Anton Brisk.\n\n"
              "Anton Brisk told the Ostmark Courier: “Elections will be held in May.”")
    direct = [q for q in doc._.quotes if q.kind == "direct"]
    assert len(direct) == 3
    assert {q.speaker_entity for q in direct} == {"Anton Brisk"}
    assert direct[-1].medium == "the Ostmark Courier"


def test_relative_pronoun_speaker(nlp):
    doc = nlp("Inspectors who visited the plant said that the filters had failed.")
    rep = [q for q in doc._.quotes if q.kind == "indirect"]
    assert len(rep) == 1
    assert rep[0].speaker == "Inspectors"


def test_speaker_mention_drops_relative_clause_and_apposition(nlp):
    doc = nlp("“Rents have doubled,” said Mara Quist, a tenant who has lived there since 2001.")
    q = doc._.quotes[0]
    assert q.speaker == "Mara Quist"
    assert q.speaker_resolved == "Mara Quist"


@pytest.mark.parametrize("text, speaker, resolved", [
    # she: not the nearer spokesman, but the woman named with a title
    ("Ms. Runa Pelt, the mayor, opened the bridge on Friday. A spokesman for the builders stood nearby.\n\n"
     "Later she said that the bridge had cost less than planned.", "she", "Runa Pelt"),
    # he: the man with a title, not the spokeswoman who spoke last
    ("Mr. Osric Lamm chairs the port board. “Cargo is up,” said a spokeswoman for the port.\n\n"
     "He said that the board would meet again in May.", "He", "Osric Lamm"),
])
def test_pronoun_gender(nlp, text, speaker, resolved):
    doc = nlp(text)
    q = [q for q in doc._.quotes if q.speaker == speaker][-1]
    assert q.speaker_resolved == resolved


def test_relative_pronoun_is_the_mention_and_resolves_to_its_noun(nlp):
    doc = nlp("The report was welcomed by Senator Bea Trond, who said that “the numbers finally add up.”")
    q = next(q for q in doc._.quotes if q.speaker == "who")
    assert q.speaker_resolved == "Bea Trond"
