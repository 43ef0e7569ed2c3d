import csv
import gzip
import json

import pytest

from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs
from newstrail.sources.dates import normalise_date
from newstrail.sources.tables import split_authors

RECORDS = [
    {"id": "r1", "title": "Harbour Closes", "authors": "Mara Quell, Ivo Rask and Lena Harrow", "text": "The harbour closed.",
     "date": "2021-03-04", "source": "Coast Ledger", "url": "https://ledger.example/r1"},
    {"id": "r2", "title": "Bridge Reopens", "authors": "", "text": "The bridge reopened.", "date": "3/9/21", "source": "Coast Ledger", "url": ""},
    {"id": "r3", "title": "Ferry Cut", "authors": "Tomas Veld", "text": "Sailings were cut.", "date": "last Tuesday-ish ??", "source": "Harbour Post", "url": ""},
]  # fmt: skip


def _write(path, fmt, records):
    if fmt == "jsonl":
        data = "".join(json.dumps(r) + "\n" for r in records).encode()
    else:
        with open(path.with_suffix(".tmp"), "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
        data = path.with_suffix(".tmp").read_bytes()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name", ["c.jsonl", "c.jsonl.gz", "c.csv", "c.csv.gz"])
def test_records_read(tmp_path, name):
    path = tmp_path / name
    _write(path, "jsonl" if "jsonl" in name else "csv", RECORDS)
    items = list(read_inputs([str(path)]))
    assert [i.id for i in items] == ["r1", "r2", "r3"]
    assert [i.origin for i in items] == [f"{path}:{n}" for n in (1, 2, 3)] if "jsonl" in name else [
        f"{path}:{n}" for n in (2, 3, 4)
    ]
    first = items[0]
    assert (first.title, first.source, first.url) == ("Harbour Closes", "Coast Ledger", "https://ledger.example/r1")
    assert first.authors == ["Mara Quell", "Ivo Rask", "Lena Harrow"]
    assert [i.published for i in items] == ["2021-03-04", "2021-03-09", None]
    assert items[1].url is None and items[1].authors == []
    assert items[2].notes == ["unparseable date 'last Tuesday-ish ??'"]


def test_column_mapping(tmp_path):
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"uid": "m1", "article_body": "Body here.", "pub": "2020-01-02", "site": "Ledger"}) + "\n")
    [item] = read_inputs([str(path)], columns={"id": "uid", "text": "article_body", "date": "pub", "source": "site"})
    assert (item.id, item.text, item.published, item.source) == ("m1", "Body here.", "2020-01-02", "Ledger")


@pytest.mark.parametrize(
    ("record", "field", "value"),
    [
        ({"body": "B."}, "text", "B."),
        ({"content": "C."}, "text", "C."),
        ({"text": "T.", "published_at": "2019-05-06T10:00:00Z"}, "published", "2019-05-06"),
        ({"text": "T.", "published": "May 6, 2019"}, "published", "2019-05-06"),
        ({"text": "T.", "outlet": "Post"}, "source", "Post"),
        ({"text": "T.", "publisher": "Post"}, "source", "Post"),
        ({"text": "T.", "author": "By Ada Lintz"}, "authors", ["Ada Lintz"]),
        ({"text": "T.", "authors": ["Ada Lintz", "Pavel Strom"]}, "authors", ["Ada Lintz", "Pavel Strom"]),
        ({"text": "T."}, "id", "d-1"),
    ],
)
def test_default_columns(tmp_path, record, field, value):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps(record) + "\n")
    [item] = read_inputs([str(path)])
    assert getattr(item, field) == value


@pytest.mark.parametrize(
    ("value", "iso", "noted"),
    [
        ("2016-09-20", "2016-09-20", False),
        ("2016-09-20T23:30:00-04:00", "2016-09-20", False),
        ("7/23/17", "2017-07-23", False),
        ("12/1/16", "2016-12-01", False),
        ("September 20, 2016", "2016-09-20", False),
        ("20 septembre 2016", "2016-09-20", False),
        ("0001-11-30", None, True),
        ("2016-13-45", None, True),
        ("not a date", None, True),
        ("yesterday", None, True),  # relative dates are not resolved against the clock of the reader
        ("2 days ago", None, True),
        ("last week", None, True),
        ("today", None, True),
        ("", None, False),
        (None, None, False),
        (1474329600, "2016-09-20", False),
    ],
)
def test_normalise_date(value, iso, noted):
    got, note = normalise_date(value)
    assert got == iso
    assert (note is not None) is noted


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Jim Vale, Mike Orr", ["Jim Vale", "Mike Orr"]),
        ('"Cortney Obri", Matt Vey', ["Cortney Obri", "Matt Vey"]),
        ("Ada Lintz and Pavel Strom", ["Ada Lintz", "Pavel Strom"]),
        ("Sandra Andersen", ["Sandra Andersen"]),
        (None, []),
    ],
)
def test_split_authors(value, names):
    assert split_authors(value) == names


def test_huge_csv_field(tmp_path):
    body = "The council met again. " * 20000  # ~460 KB, above csv's default field limit
    path = tmp_path / "big.csv"
    path.write_text("id,text\nbig1," + body + "\n")
    [item] = read_inputs([str(path)])
    assert isinstance(item, InputArticle) and len(item.text) == len(body)


def test_cp1252_csv_and_multiline_field(tmp_path):
    path = tmp_path / "w.csv"
    path.write_bytes('id,text\nw1,"Caf\u00e9 owners said \u201cno\u201d.\n\nSecond paragraph."\nw2,Fine.\n'.encode("cp1252"))
    items = list(read_inputs([str(path)]))
    assert [i.origin for i in items] == [f"{path}:2", f"{path}:5"]
    assert items[0].text == "Caf\u00e9 owners said \u201cno\u201d.\n\nSecond paragraph."


def test_record_too_large_and_non_object(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x" * 50}) + "\n[1, 2]\n" + json.dumps({"id": "b", "text": "ok"}) + "\n")
    items = list(read_inputs([str(path)], max_bytes=20))
    assert [type(i) for i in items] == [InputError, InputError, InputArticle]
    assert items[0].location == f"{path}:1" and "too large" in items[0].message
    assert items[1].location == f"{path}:2" and "not an object" in items[1].message


def test_truncated_gzip_keeps_records_read(tmp_path):
    path = tmp_path / "t.jsonl.gz"
    lines = "".join(json.dumps({"id": f"t{n}", "text": f"Story {n} text " * 30}) + "\n" for n in range(200))
    path.write_bytes(gzip.compress(lines.encode())[:-200])
    items = list(read_inputs([str(path)]))
    assert isinstance(items[-1], InputError) and "truncated" in items[-1].message
    assert all(isinstance(i, InputArticle) for i in items[:-1]) and len(items) > 50


@pytest.mark.parametrize("value", ["yesterday", "2 days ago", "last week", "today", "in 3 days", "hier"])
def test_relative_date_is_left_out_with_a_note(value):
    assert normalise_date(value) == (None, f"relative date {value!r} left out: a date field must not depend on when it is read")
