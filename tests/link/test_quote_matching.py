"""Quote matching across outlets, on Article records built by hand (invented quotes)."""

from __future__ import annotations

import pytest

from newstrail.link.quotes import match_quotes, normalise, quote_similarity
from newstrail.records import Article, Quote

BASE = ("We will rebuild every school in Ostrel before the winter, and no family will be left "
        "without a roof over its head")


def art(aid, source, published, *quotes):
    return Article(id=aid, title=None, source=source, url=None, published=published, language="en",
                   text="", quotes=list(quotes))


def q(text, speaker="Ilse Brandvik", cue="said", medium=None, kind="direct"):
    return Quote(text=text, start=0, end=len(text), kind=kind, cue=cue, speaker=speaker,
                 speaker_resolved=speaker, speaker_entity=speaker, medium=medium)


@pytest.mark.parametrize("variant, matches", [
    (BASE, True),  # identical
    ("“" + BASE + ".”", True),  # curly marks and a final stop
    ("'" + BASE.upper() + "'", True),  # case and single marks
    ("We will rebuild every school in Ostrel before the winter", True),  # trimmed: partial quote
    ("no family will be left without a roof over its head", True),  # the tail only
    ("We will rebuild every school in Ostrel … no family will be left without a roof", True),  # ellipsis
    ("We will rebuild every school in Ostrel before winter, and no family will be left without a "
     "roof over their heads", True),  # small wording changes
    ("We will rebuild every bridge in Tarsk before the spring floods arrive", False),  # shares a frame only
    ("The harbour wall must be inspected before the ferry runs again", False),
])
def test_variants_of_one_quote(variant, matches):
    clusters = match_quotes([art("a1", "Daily Ledger", "2031-03-04", q(BASE)),
                             art("a2", "Coastal Post", "2031-03-05", q(variant))])
    assert (len(clusters) == 1) is matches
    if matches:
        assert {m.article for m in clusters[0].members} == {"a1", "a2"}


@pytest.mark.parametrize("text, segments", [
    ("He said… we will go", [["he", "said"], ["we", "will", "go"]]),
    ("one [...] two three", [["one"], ["two", "three"]]),
    ("It’s ‘done’, he said", [["it's", "done", "he", "said"]]),
])
def test_normalise(text, segments):
    assert normalise(text) == segments


def test_members_keep_each_outlets_speaker_cue_medium_and_partial_flag():
    arts = [
        art("a1", "Daily Ledger", "2031-03-04", q(BASE, cue="told", medium="Radio Merovia")),
        art("a2", "Coastal Post", "2031-03-05", q("We will rebuild every school in Ostrel before the winter",
                                                   speaker=None, cue=None, kind="partial")),
        art("a3", "Northern Wire", "2031-03-04", q(BASE, speaker="the governor", cue="promised")),
    ]
    [cluster] = match_quotes(arts)
    by = {m.article: m for m in cluster.members}
    assert [m.article for m in cluster.members] == ["a1", "a3", "a2"]  # date, then ingest order
    assert by["a1"].medium == "Radio Merovia" and by["a1"].cue == "told"
    assert by["a2"].partial and not by["a1"].partial
    assert by["a2"].speaker is None and by["a3"].cue == "promised"
    assert cluster.text == BASE
    assert cluster.speaker_conflict  # "Ilse Brandvik" vs "the governor" as given
    data = cluster.to_dict()
    assert data["id"] == "q1" and len(data["members"]) == 3 and data["outlets"] == sorted(by[k].source for k in by)


@pytest.mark.parametrize("speaker_b, matches", [("Ilse Brandvik", True), (None, True), ("Kael Dorn", False)])
def test_short_fragment_needs_compatible_speakers(speaker_b, matches):
    arts = [art("a1", "X", None, q(BASE)), art("a2", "Y", None, q("every school in Ostrel", speaker=speaker_b))]
    assert (len(match_quotes(arts)) == 1) is matches


def test_quotes_in_one_article_only_are_not_clusters():
    assert match_quotes([art("a1", "Daily Ledger", "2031-03-04", q(BASE), q(BASE))]) == []


def test_short_quotes_are_not_matched():
    assert match_quotes([art("a1", "X", None, q("a disaster")), art("a2", "Y", None, q("a disaster"))]) == []


def test_groups_restrict_matching_to_one_story():
    arts = [art("a1", "Daily Ledger", "2031-03-04", q(BASE)), art("a2", "Coastal Post", "2031-03-05", q(BASE))]
    groups = {("Daily Ledger", "a1"): "s1", ("Coastal Post", "a2"): "s2"}
    assert match_quotes(arts, groups=groups) == []


def test_many_distinct_quotes_stay_apart():
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()
    arts = [art(f"a{i}", f"Outlet{i % 3}", None,
                q(" ".join(words[i % 13:] + words[: i % 13]) + f" number{i}")) for i in range(6)]
    # rotations share many shingles, so they do cluster; a quote of other words does not join
    arts.append(art("z", "Other", None, q("entirely different words about the harbour wall and ferries")))
    clusters = match_quotes(arts)
    assert all("z" not in {m.article for m in c.members} for c in clusters)


@pytest.mark.parametrize("a, b, low, high", [
    (BASE, BASE, 1.0, 1.0),
    (BASE, "We will rebuild every school in Ostrel", 1.0, 1.0),
    (BASE, "The harbour wall must be inspected", 0.0, 0.0),
])
def test_quote_similarity(a, b, low, high):
    assert low <= quote_similarity(a, b) <= high


OTHER = ("The new ferry terminal will open before the summer, and every fisherman in Ostrel will keep "
         "his berth at the old quay")


def test_a_fragment_shared_by_two_quotes_does_not_join_them():
    """Both long quotes contain "in Ostrel before the"; the fragment matches each, but the
    two are different quotes and stay two clusters (no transitive chaining)."""
    arts = [art("a1", "Daily Ledger", None, q(BASE)),
            art("a2", "Coastal Post", None, q(OTHER.replace("open before", "open in Ostrel before"))),
            art("a3", "Northern Wire", None, q("every school in Ostrel before the winter")),
            art("a4", "Evening Star", None, q(OTHER))]
    clusters = match_quotes(arts)
    assert sorted(sorted(m.article for m in c.members) for c in clusters) == [["a1", "a3"], ["a2", "a4"]]


@pytest.mark.parametrize("fragment, matches", [
    ("fight the charges today", False),  # one 3-gram of two in common: a phrase, not the quote
    ("vowed to fight the charges", True),  # two 3-grams in common
])
def test_one_shared_phrase_is_not_the_same_quote(fragment, matches):
    long_quote = "We vowed to fight the charges at every level and we will win back the permit"
    arts = [art("a1", "X", None, q(long_quote)), art("a2", "Y", None, q(fragment))]
    assert (len(match_quotes(arts)) == 1) is matches


@pytest.mark.parametrize("split", [1, 2, 3, 4])
def test_incremental_matching_with_known_clusters_gives_the_full_result(split):
    arts = [art("a1", "Daily Ledger", "2031-03-04", q(BASE), q(OTHER)),
            art("a2", "Coastal Post", "2031-03-05", q("We will rebuild every school in Ostrel before the winter")),
            art("a3", "Northern Wire", "2031-03-05", q(OTHER)),
            art("a4", "Evening Star", "2031-03-06", q("no family will be left without a roof over its head")),
            art("a5", "Harbour Times", "2031-03-07", q("every fisherman in Ostrel will keep his berth at the old quay"),
                q("entirely different words about the harbour wall and ferries"))]
    whole = match_quotes(arts)
    known = match_quotes(arts[:split])
    fresh = {(a.source, a.id) for a in arts[split:]}
    again = match_quotes(arts, known=known, fresh=fresh)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in whole]
    assert len(whole) == 2


def test_incremental_matching_compares_only_pairs_with_a_fresh_article():
    """Old articles are not compared with each other again (the earlier run decided them),
    while a fresh copy of an old quote joins it."""
    same = [art("a1", "X", None, q(BASE)), art("a2", "Y", None, q(BASE))]
    assert match_quotes(same, known=[], fresh=set()) == []
    old = [art("a1", "X", None, q(BASE)), art("a2", "Y", None, q(OTHER))]
    [cluster] = match_quotes(old + [art("a3", "Z", None, q(BASE))], known=[], fresh={("Z", "a3")})
    assert [m.article for m in cluster.members] == ["a1", "a3"]
