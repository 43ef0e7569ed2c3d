"""The scoring functions of bench/findings.py on invented partitions and texts (no ../shared)."""

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "findings.py"
SPEC = importlib.util.spec_from_file_location("bench_findings", BENCH)
findings = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(findings)

GOLD = {"a": 1, "b": 1, "c": 1, "d": 2}
SPLIT = {"a": "x", "b": "x", "c": "y", "d": "y"}  # c is cut off its story and joined to d's
SAME = {"a": "x", "b": "x", "c": "x", "d": "y"}
ALONE = {"a": "p", "b": "q", "c": "r", "d": "s"}


@pytest.mark.parametrize("pred, precision, recall, f1", [
    (SAME, 1.0, 1.0, 1.0),
    (SPLIT, 0.5, 0.3333, 0.4),          # predicted pairs ab, cd; gold pairs ab, ac, bc
    (ALONE, None, 0.0, None),           # no predicted pair: precision undefined
])
def test_pairwise(pred, precision, recall, f1):
    got = findings.pairwise(pred, GOLD)
    assert (got["precision"], got["recall"], got["f1"]) == (precision, recall, f1)


@pytest.mark.parametrize("pred, precision, recall, f1", [
    (SAME, 1.0, 1.0, 1.0),
    (SPLIT, 0.75, 0.6667, 0.7059),      # P: (1 + 1 + 1/2 + 1/2) / 4; R: (2/3 + 2/3 + 1/3 + 1) / 4
    (ALONE, 1.0, 0.5, 0.6667),          # R: (1/3 + 1/3 + 1/3 + 1) / 4
])
def test_bcubed(pred, precision, recall, f1):
    got = findings.bcubed(pred, GOLD)
    assert (got["precision"], got["recall"], got["f1"]) == (precision, recall, f1)


@pytest.mark.parametrize("pred, only, purity, completeness", [
    (SAME, None, 1.0, 1.0),
    (SPLIT, None, 0.75, 0.75),          # cluster y mixes c and d; story 1 is cut in two
    (SPLIT, {"x"}, 1.0, 0.75),          # only cluster x counted for purity
    (ALONE, None, 1.0, 0.5),            # lone items are pure but complete nothing
])
def test_purity_and_completeness(pred, only, purity, completeness):
    assert findings.purity(pred, GOLD, only=only) == purity
    assert findings.purity(GOLD, pred) == completeness


RAW = "Share on Facebook\nThe  army said   12 people died on Monday.\n\nRead more"
CLEANED = "The army said 12 people died on Monday."


@pytest.mark.parametrize("word, expected", [
    ("12", "12"),
    ("army said   12", "army said 12"),   # whitespace normalised inside the span
    ("Monday", "Monday"),
    ("Facebook", None),                   # a line cleaning removed
])
def test_raw_spans_map_into_the_cleaned_text(word, expected):
    start = RAW.index(word)
    span = findings.map_span(findings.offset_map(RAW, CLEANED), start, start + len(word))
    assert (CLEANED[span[0]:span[1]] if span else None) == expected


@pytest.mark.parametrize("start, end, expected", [
    (10, 14, "f1"),      # inside f1 only
    (12, 22, "f2"),      # 3 characters of f1, 4 of f2
    (30, 40, None),      # overlaps nothing
    (15, 17, None),      # starts where f1 ends: no shared character
])
def test_best_overlap(start, end, expected):
    assert findings.best_overlap(start, end, {"f1": (10, 15), "f2": (18, 25)}) == expected


def test_gold_things_join_same_thing_relations_across_articles():
    gold = [{"story": "s", "figures": [{"fid": f} for f in ("f1", "f2", "f3", "f4")],
             "figure_relations": [{"a": "f1", "b": "f3", "same_thing": True},
                                  {"a": "f2", "b": "f3", "same_thing": True},
                                  {"a": "f1", "b": "f4", "same_thing": False}]}]
    things = findings.gold_things(gold)
    assert things[("s", "f1")] == things[("s", "f2")] == things[("s", "f3")] != things[("s", "f4")]


def _story_in(half: str) -> str:
    return next(f"story-{i}" for i in range(100) if findings.half_of(f"story-{i}") == half)


def test_halves_are_fixed_by_story_id_and_both_occur():
    ids = [f"story-{i}" for i in range(40)]
    assert {findings.half_of(i) for i in ids} == {"tune", "report"}
    assert [findings.half_of(i) for i in ids] == [findings.half_of(i) for i in ids]


def test_a_half_keeps_its_articles_and_the_findings_that_touch_them():
    tune, report = _story_in("tune"), _story_in("report")
    gold = [{"story": tune, "articles": [{"id": "a", "source": "x"}, {"id": "b", "source": "y"}]},
            {"story": report, "articles": [{"id": "c", "source": "x"}]}]
    side = lambda art: {"article": art, "index": 0}  # noqa: E731
    run = {"gold": gold, "raw": {k: {} for k in "abc"}, "articles": {k: {} for k in "abc"},
           "stories": [{"id": "s1", "articles": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}],
           "details": {"s1": {"figures": [{"kind": "agree", "a": side("a"), "b": side("b")},
                                          {"kind": "conflict", "a": side("b"), "b": side("c")},
                                          {"kind": "agree", "a": side("c"), "b": side("c")}],
                              "quotes": [{"id": "q1", "members": [side("a"), side("c")]}],
                              "series": [], "provenance": [{"target": "q1", "carriers": [side("a"), side("c")],
                                                            "attribution_dropped": [side("c")]}]}}}
    half = findings.halve(run, "tune")
    assert [s["story"] for s in half["gold"]] == [tune]
    assert set(half["raw"]) == set(half["articles"]) == {"a", "b"}
    assert [a["id"] for a in half["stories"][0]["articles"]] == ["a", "b"]
    detail = half["details"]["s1"]
    assert [m["kind"] for m in detail["figures"]] == ["agree", "conflict"]  # the cross-half match stays
    assert detail["quotes"][0]["members"] == [side("a")]
    assert detail["provenance"][0]["attribution_dropped"] == []
    # the story joining c (the other half) to a and b is two wrong pairs of each half's precision
    assert half["story_pairs_across_halves"] == 2
    run["corpus"] = "x"
    for name in ("tune", "report"):
        pw = findings.score_stories([findings.halve(run, name)])["pairwise"]
        assert pw["pairs_across_halves"] == 2 and pw["predicted"] == pw["tp"] + 2
