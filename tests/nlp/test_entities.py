"""Within-article canonical entity names (newstrail/nlp/entities.py)."""

import pytest

from newstrail.nlp.entities import canonical_names, clean_mention, initials
from newstrail.nlp.pipeline import shared_nlp


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("the Harbor Authority", "ORG", "Harbor Authority"),
        ("President Lena Varga", "PERSON", "Lena Varga"),
        ("Prime Minister Tomas Reel", "PERSON", "Tomas Reel"),
        ("Varga’s", "PERSON", "Varga"),
        ("Russia's", "GPE", "Russia"),
        ("General", "PERSON", "General"),  # a lone title is kept rather than emptied
    ],
)
def test_clean_mention(text, label, expected):
    assert clean_mention(text, label) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Islamic State", "IS"), ("Northern Wire Service", "NWS"), ("Bank of the Delta", "BD")],
)
def test_initials(name, expected):
    assert initials(name) == expected


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # surname and first name alone take the full name
        ([("Lena Varga", "PERSON"), ("Varga", "PERSON")], {"Varga": "Lena Varga"}),
        ([("Omar Delic", "PERSON"), ("Omar", "PERSON")], {"Omar": "Omar Delic"}),
        # two people sharing a surname: the longest full name wins, deterministically
        ([("Anna Brook", "PERSON"), ("Brook", "PERSON")], {"Brook": "Anna Brook"}),
        # acronym made of a longer name's initials
        ([("Northern Wire Service", "ORG"), ("NWS", "ORG")], {"NWS": "Northern Wire Service"}),
        # gazetteer group only when two members occur
        ([("ISIS", "ORG"), ("Islamic State", "ORG")], {"ISIS": "Islamic State"}),
        ([("ISIS", "ORG")], {"ISIS": "ISIS"}),
        # organisations: a name at the end of a longer one of the same type
        ([("Varn Interior Ministry", "ORG"), ("Interior Ministry", "ORG")], {"Interior Ministry": "Varn Interior Ministry"}),
        # but not across types
        ([("Varn", "GPE"), ("Varn Power Company", "ORG")], {"Varn": "Varn"}),
    ],
)
def test_canonical_names(mentions, expected):
    canon = canonical_names(mentions)
    for name, want in expected.items():
        assert canon[name] == want


def test_alias_defined_in_parentheses():
    text = "The Delta Relief Agency (DRA) opened a camp. DRA staff counted tents."
    mentions = [("Delta Relief Agency", "ORG"), ("DRA", "ORG"), ("DRA", "ORG")]
    ends = [text.index(" (DRA)"), text.index("DRA)") + 3, text.rindex("DRA") + 3]
    assert canonical_names(mentions, text, ends)["DRA"] == "Delta Relief Agency"


def test_pipeline_sets_canonical_on_spans():
    nlp = shared_nlp()
    doc = nlp(
        "President Vladimir Putin met Kenyan officials in Moscow on Tuesday. "
        "Putin later told reporters the talks had gone well."
    )
    by_text = {e.text: e._.canonical for e in doc.ents if e.label_ == "PERSON"}
    assert by_text.get("Putin") == "Vladimir Putin"
    assert "Vladimir Putin" in by_text.values()
