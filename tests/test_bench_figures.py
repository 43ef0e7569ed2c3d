"""The scoring of bench/figures.py on invented figures (no ../shared): newstrail's fields in CQE's
terms, one-to-one matching, the fixed halves and the tune half's list of misses."""

import importlib.util
from pathlib import Path

import pytest

from newstrail.records import Figure

BENCH = Path(__file__).resolve().parent.parent / "bench" / "figures.py"
SPEC = importlib.util.spec_from_file_location("bench_figures", BENCH)
figures_bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(figures_bench)


def fig(text, **fields):
    return Figure(index=0, text=text, start=0, end=len(text), **fields)


@pytest.mark.parametrize("figure, unit, change, concept", [
    # a count: what is counted is CQE's unit (singular), never also its concept
    (fig("ten users", value=10, counted="users", about="users"), "user", "=", None),
    (fig("300", value=300, counted="residents", about="Osk council"), "resident", "=", "Osk council"),
    (fig("two", value=2, counted="viruses", about="team"), "virus", "=", "team"),
    (fig("12", value=12, counted="witnesses"), "witness", "=", None),
    (fig("a third", value=1 / 3, counted="voters", about="voters"), "% voter", "=", None),
    (fig("one", value=1, counted="fastest cars", about="Osk GT", sentence="The Osk GT is one of the fastest cars."),
     "fastest car", "=", None),  # "one of": CQE's unit holds it all (base forms come later, base_units)
    (fig("one", value=1, counted="car", about="Osk", sentence="Osk sold one car."), "car", "=", "Osk"),
    # newstrail's unit names in CQE's vocabulary, a rate part by part
    (fig("310 PS", value=310, unit="metric horsepower", about="car"), "horsepower", "=", "car"),
    (fig("5G", value=5, unit="generation (wireless)"), "generation wireless", "=", None),
    (fig("5% a year", value=5, unit="percent per year", event="increased"), "percentage per year", "up", None),
    (fig("more than 5%", low=5, unit="percent", hedge="more than", event="increased"), "percentage", ">", None),
])
def test_newstrail_fields_in_cqe_terms(figure, unit, change, concept):
    got = figures_bench.newstrail_quantities(figure)
    assert (got["unit"], got["change"], got["concept"]) == (unit, change, concept)


def q(value, unit="-", change="=", concept="-"):
    return {"value": value, "unit": unit, "change": change, "concept": concept}


@pytest.mark.parametrize("gold, pred, left", [
    ([q(3.0), q(3.0)], [q(3.0)], 1),                      # one prediction matches one gold quantity
    ([q((4.8, 4.7))], [q(4.7), q(4.8)], 1),               # two points never match a range
    ([q((208.0, 193.0))], [q((193.0, 208.0))], 0),        # a range in either order
    ([q(5.0, unit="dollar")], [q(5.0, unit="euro")], 1),  # the unit measure needs the unit too
])
def test_unmatched_is_one_to_one(gold, pred, left):
    fits = figures_bench.MEASURES["value_unit"]
    assert len(figures_bench.unmatched(gold, pred, fits)) == left


def test_halves_are_fixed_and_disjoint():
    first, again = figures_bench.halves(11), figures_bench.halves(11)
    assert first == again
    assert sorted(first["tune"] + first["report"]) == list(range(11))
    assert figures_bench.halves(11, seed=16) != first


def test_misses_list_only_sentences_a_measure_misses(capsys):
    figures_bench.print_misses([
        ("Osk hired 40 guards.", [q(40.0, unit="guard")], [q(40.0, unit="guard")]),
        ("Tarsk sold 12 tonnes.", [q(12.0, unit="ton")], [q(12.0, unit="-")]),
    ])
    out = capsys.readouterr().out
    assert "Tarsk sold 12 tonnes." in out and "Osk hired" not in out
    assert "missed ['value_unit']" in out
