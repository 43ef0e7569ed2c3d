"""Sourcing signals on articles we wrote."""

import pytest


def sourcing(nlp, text):
    doc = nlp.make_doc(text)
    doc._.published = "2016-02-01"
    return nlp(doc)._.sourcing


@pytest.mark.parametrize("sentence,unsourced", [
    ("Brannock is the largest exporter of tin in the region.", True),  # superlative
    ("Thirty ships were seized near Osk.", True),  # figure
    ("Exports fell because the harbour froze.", True),  # causal
    ("Tin from Brannock is cheaper than tin from Osk.", True),  # comparative
    ("Thirty ships were seized near Osk, the coast guard said.", False),
    ("According to the port authority, thirty ships were seized near Osk.", False),
    ("“Thirty ships were seized near Osk,” said Captain Lena Moss.", False),
    ("The harbour master reported that thirty ships were seized.", False),
    ("The ferry left Osk on a grey morning.", False),  # no claim
    ("The ferry left from one of the old piers in Osk.", False),  # "one of": no checkable figure
    ("The ferry carried one hundred sheep to Osk.", True),
])
def test_unsourced(nlp, sentence, unsourced):
    s = sourcing(nlp, sentence)
    assert bool(s.unsourced) is unsourced


@pytest.mark.parametrize("sentence,cue", [
    ("The gang allegedly stole the paintings from the museum.", "allegedly"),
    ("The minister reportedly resigned on Tuesday.", "reportedly"),
    ("The fire is believed to have started in the kitchen.", "is believed to"),
    ("The guards may have left the gate open.", "may have"),
    ("The rebels claim they hold the bridge.", "claim"),
])
def test_hedged(nlp, sentence, cue):
    s = sourcing(nlp, sentence)
    assert [h.reason.lower() for h in s.hedged] == [cue]


def test_no_hedge(nlp):
    assert sourcing(nlp, "The council approved the budget on Monday.").hedged == []


def test_summary(nlp):
    text = ("Thirty ships were seized near Osk, the coast guard said.\n\n"
            "Officials said 12 sailors were detained.\n\n"
            "Brannock is the largest exporter of tin.\n\n"
            "According to Mayor Tomas Hrel, 400 people left the island.")
    s = sourcing(nlp, text)
    assert s.summary.claim_sentences == 4
    assert s.summary.attributed == 3
    assert s.summary.share_attributed == 0.75
    assert s.summary.distinct_sources == 3
    assert s.summary.named_sources == 2 and s.summary.unnamed_sources == 1  # coast guard (ORG), Hrel; officials
    assert [u.text for u in s.unsourced] == ["Brannock is the largest exporter of tin."]


def test_headline_figures_are_not_claim_sentences(nlp):
    doc = nlp.make_doc("The council met on Monday.")
    doc._.published = "2016-02-01"
    doc._.title = "Osk Ferry Fares Up 12%"
    s = nlp(doc)._.sourcing
    assert s.unsourced == [] and s.summary.claim_sentences == 0
