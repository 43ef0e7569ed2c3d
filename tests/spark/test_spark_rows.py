"""The Spark types of the dataset (newstrail/spark/rows.py) and the driver's listing of inputs
(newstrail/spark/reading.py); no Spark session needed."""

from __future__ import annotations

from dataclasses import fields

import pytest
from pyspark.sql.types import ArrayType, BooleanType, DoubleType, LongType, StringType, StructType

from factories import make_article
from newstrail.records import Article, Figure, Quote
from newstrail.spark.reading import Inputs, entries, expand
from newstrail.spark.rows import ARTICLES, record_struct, to_row

pytestmark = pytest.mark.spark


def test_articles_have_every_field_of_the_json_form_in_order():
    names = ARTICLES.fieldNames()
    assert names[: len(fields(Article))] == [f.name for f in fields(Article)]
    assert {"position", "content_hash", "minhash", "line_keys", "copy_of_id", "copy_kind"} <= set(names)


@pytest.mark.parametrize("record, field, kind", [
    (Quote, "speaker", StringType()),
    (Quote, "cue_start", LongType()),
    (Figure, "value", DoubleType()),
    (Figure, "approximate", BooleanType()),
    (Figure, "part_of", LongType()),
])
def test_field_types_follow_the_records(record, field, kind):
    assert record_struct(record)[field].dataType == kind


def test_nested_lists_are_arrays_of_structs():
    quotes = ARTICLES["quotes"].dataType
    assert isinstance(quotes, ArrayType) and isinstance(quotes.elementType, StructType)
    assert ARTICLES["figure_checks"].dataType.elementType["figures"].dataType == ArrayType(LongType())


def test_a_row_keeps_the_json_form():
    article = make_article("harbor-1", "Harbor Ledger", "2024-05-02", "Pier closes",
                           "The pier closed on Monday, the port said.", quotes=[("The pier closed", "the port", "the port", "said", "indirect")])
    row = to_row({**article.to_dict(), "position": 3, "content_hash": "ab", "line_keys": []}, ARTICLES)
    by_name = dict(zip(ARTICLES.fieldNames(), row))
    assert by_name["id"] == "harbor-1" and by_name["position"] == 3 and by_name["copy_kind"] is None
    assert by_name["quotes"][0][0] == article.quotes[0].text  # struct fields in record order


def test_globs_expand_sorted_and_a_glob_matching_nothing_stays(tmp_path):
    for name in ("b.jsonl", "a.jsonl", "c.txt"):
        (tmp_path / name).write_text("{}\n", encoding="utf-8")
    assert expand([str(tmp_path / "*.jsonl"), str(tmp_path / "none-*.csv")]) == [
        str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), str(tmp_path / "none-*.csv")]


def test_listing_reports_missing_paths_as_errors(tmp_path):
    (tmp_path / "a.txt").write_text("A note.", encoding="utf-8")
    listed = list(entries(Inputs((str(tmp_path / "a.txt"), str(tmp_path / "gone.txt")))))
    assert listed[0].found.name == "a"
    assert listed[1].error.location == str(tmp_path / "gone.txt")


@pytest.mark.parametrize("files, partitions", [
    ({0: (10, 9)}, 4),                         # one file, records 0..9
    ({0: (3, 2), 1: (5, 9), 4: (7, 6)}, 3),    # several files, gaps in record numbers (errors, duplicates)
    ({0: (1, 0)}, 8),                          # fewer records than partitions
    ({2: (100, 120)}, 1),
])
def test_cuts_keep_input_order_and_spread_records(files, partitions):
    from bisect import bisect_right

    from newstrail.spark.ordering import cuts, merge, spans
    from newstrail.spark.schema import FILE_SHIFT

    positions = [n << FILE_SHIFT | r for n, (count, last) in files.items()
                 for r in sorted({round(i * last / max(1, count - 1)) for i in range(count)})]
    half = len(positions) // 2  # two partitions' spans, merged as the reduce does
    found = dict(spans(positions[:half]))
    for number, span in spans(positions[half:]):
        found[number] = merge(found[number], span) if number in found else span
    of_file = {n: [p & ((1 << FILE_SHIFT) - 1) for p in positions if p >> FILE_SHIFT == n] for n in files}
    assert found == {n: (len(records), max(records)) for n, records in of_file.items()}
    cut = cuts(found, partitions)
    assert cut == sorted(cut) and len(cut) < partitions
    parts = [bisect_right(cut, p) for p in sorted(positions)]
    assert parts == sorted(parts)  # input order across partitions
    if len(positions) >= partitions:
        sizes = [parts.count(k) for k in range(partitions)]
        assert max(sizes) <= 2 * len(positions) / partitions + 1
