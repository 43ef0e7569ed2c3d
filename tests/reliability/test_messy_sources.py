"""Messy inputs in a batch: each bad file or record is one error (or note) at its location,
and the batch goes on.

Every case is read in a directory between a good file before it ("a-good.txt") and one
after it ("z-good.txt"); record files also hold a good record before and after the bad one.
Each case checks that every good record comes out exactly once, in order, that each error
names the file and its line (or WARC byte offset), and that nothing that is not Unicode
(a lone surrogate) is left anywhere in what was read.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import asdict, dataclass, field

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs
from newstrail.store import Store

BEFORE = "Quay Lights Restored\n\nThe lights on the east quay of Port Ellery came back on Monday, the harbour office said.\n"
AFTER = "Tram Line Extended\n\nThe number 4 tram will run to the new hospital from June, the city transport board said.\n"
MAX_BYTES = 100_000


@dataclass
class Case:
    """A bad input: its file name and bytes, the good records it still holds, what must be reported.

    ``errors``: (location after the file's path, as a regex; message part).
    ``notes``: article id -> a part of a note that article must carry.
    """

    label: str
    name: str
    content: bytes
    ids: list[str]
    errors: list[tuple[str, str]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def _jsonl(*records) -> bytes:
    return b"".join((r if isinstance(r, bytes) else json.dumps(r).encode()) + b"\n" for r in records)


def _story(n: int) -> dict:
    return {"id": f"m{n}", "title": f"Council Vote {n}", "text": f"The district council voted {n} times on the ferry budget."}


def _csv(rows, delimiter=",", encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _warc_record(writer, n: int) -> None:
    uri = f"http://ledger.example/m{n}"
    page = (f"<html><head><title>Dock story {n}</title></head><body><article><p>Dockers at Port Ellery"
            f" stopped work for {n} hours on Friday, the union said.</p></article></body></html>").encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=headers))


def truncated_warc() -> Case:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    _warc_record(writer, 1)
    _warc_record(writer, 2)
    start = buffer.tell()
    _warc_record(writer, 3)
    cut = start + (buffer.tell() - start) // 2
    ids = ["http://ledger.example/m1", "http://ledger.example/m2"]
    return Case("truncated-warc", "m.warc", buffer.getvalue()[:cut], ids, [(r"#\d+", "truncated or corrupt WARC")])


def warc_without_pages() -> Case:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record("http://ledger.example/", "request", payload=io.BytesIO(b"GET /")))
    return Case("warc-without-pages", "m.warc", buffer.getvalue(), [], [("", "no HTML pages among its records (1)")])


def encoding_changes_after_64k(kind: str) -> Case:
    """UTF-8 (with curly quotes) for well over 64 KB, then one cp1252 record, then UTF-8 again."""
    n = 900
    text = "\u201cThe pier will hold,\u201d the engineer said of the repairs at Port Ellery."
    late = "Caf\u00e9 owners on the quay said \u201cno\u201d to the new rents."
    if kind == "jsonl":
        lines = [json.dumps({"id": f"e{i}", "text": text}, ensure_ascii=False).encode() for i in range(n)]
        content = _jsonl(_story(1), *lines, json.dumps({"id": "late", "text": late}, ensure_ascii=False).encode("cp1252"),
                         _story(3))
        late_line = n + 2
    else:
        content = _csv([["id", "text"], ["m1", "The council voted once."], *([f"e{i}", text] for i in range(n))])
        content += _csv([["late", late]], encoding="cp1252") + _csv([["m3", "The council voted again."]])
        late_line = n + 3
    assert content.index(b"late") > 65536
    ids = ["m1", *(f"e{i}" for i in range(n)), "late", "m3"]
    notes = {"late": f"line {late_line} is not UTF-8 (byte 0xe9 at column"}
    return Case(f"utf8-then-cp1252-{kind}", f"m.{kind}", content, ids, notes=notes)


def truncated_gzip_jsonl() -> Case:
    content = gzip.compress(_jsonl(*(_story(n) for n in range(1, 400))))[:-300]
    complete = []
    with gzip.GzipFile(fileobj=io.BytesIO(content)) as stream:
        try:
            complete.extend(json.loads(line)["id"] for line in stream)
        except EOFError:  # where the cut is
            pass
    assert len(complete) > 300
    errors = [(f":{len(complete) + 1}", "truncated or corrupt file")]
    return Case("truncated-gzip-jsonl", "m.jsonl.gz", content, complete, errors)


SURROGATES = b'{"id": "m2\\ud800", "title": "Pier \\udfff", "text": "Bad \\ud800 escape.", "authors": ["Ana \\udc80Ruiz"]}'
QUOTE_CLOSED_BY_NEXT_ROW = b'id,text\nm1,"Good one."\nm2,"Broken quote\nm3,"Third one."\nm4,Fourth one.\n'
QUOTE_NEVER_CLOSED = b'id,text\nm1,"Good one."\nm2,"Broken quote\nm3,Third one.\nm4,Fourth one.\n'
STRAY_QUOTE = b'id,text\nm1,"Two\n\nparagraphs, fine."\nm2,"Stray" quote\nm3,Fine.\n'
UTF16_TEXT = "Ferry Fares Frozen\n\nFares stay at \u00a34 until May.\n".encode("utf-16")
UTF16_CSV = "id,text\nm1,Fares \u00a34.\nm3,Fares \u00a35.\n".encode("utf-16")


def _cases() -> list[Case]:
    big_line = b'{"id": "m2", "text": "' + b"a" * 5_000_000 + b'"}'
    return [
        # handled before the reliability work; kept here so that they stay handled
        Case("binary-png", "m.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, [], [("", "binary file (PNG image)")]),
        Case("binary-nul-jsonl", "m.jsonl", b"\x00\x01\x02" * 20, [], [("", "binary file (contains NUL bytes)")]),
        Case("utf16-text", "m.txt", UTF16_TEXT, ["m"]),
        Case("utf16-jsonl", "m.jsonl", _jsonl(_story(1), _story(2), _story(3)).decode().encode("utf-16"), ["m1", "m2", "m3"]),
        Case("utf16-csv", "m.csv", UTF16_CSV, ["m1", "m3"]),
        Case("truncated-gzip-text", "m.txt.gz", gzip.compress(BEFORE.encode() * 40)[:60], [], [("", "unreadable")]),
        truncated_gzip_jsonl(),
        truncated_warc(),
        Case("broken-json-line", "m.jsonl", _jsonl(_story(1), b'{"id": "m2", "text": ', _story(3)), ["m1", "m3"],
             [(":2", "broken JSON line")]),
        Case("gzip-bomb-text", "m.txt.gz", gzip.compress(b"Bomb\n\n" + b"word " * 1_000_000), [],
             [("", "too large: over 100,000 bytes")]),
        Case("gzip-bomb-jsonl-line", "m.jsonl.gz", gzip.compress(_jsonl(_story(1), big_line, _story(3))), ["m1", "m3"],
             [(":2", "too large: a line longer than the limit")]),
        # lone surrogates: replaced, with a note, the rest of the record kept
        Case("lone-surrogates", "m.jsonl", _jsonl(_story(1), SURROGATES, _story(3)), ["m1", "m2\ufffd", "m3"],
             notes={"m2\ufffd": "lone surrogate) in id, text, title, authors"}),
        # encodings: a short cp1252 text, files that stop being UTF-8 after 64 KB, bytes no encoding explains
        Case("short-cp1252", "m.txt", "He said \u201cno\u201d.".encode("cp1252"), ["m"],
             notes={"m": "read as cp1252, a guess"}),
        encoding_changes_after_64k("jsonl"),
        encoding_changes_after_64k("csv"),
        Case("non-cp1252-bytes-line", "m.jsonl", _jsonl(_story(1), b'{"id": "m2", "text": "Caf\x81\x8d\x8f\x90\x9d."}',
                                                        _story(3)),
             ["m1", "m2", "m3"], notes={"m2": "line 2 is not UTF-8 (byte 0x81 at column 26)"}),
        # CSV: delimiters, missing text column, unbalanced quotes
        Case("semicolon-csv", "m.csv", _csv([["id", "headline, as printed, in full", "text"], ["m1", "A, b, c", "Body one."],
                                             ["m3", "C", "Body three."]], delimiter=";"), ["m1", "m3"]),
        Case("csv-without-text-column", "m.csv", _csv([["id", "headline", "summary"], ["m1", "A", "B"]], delimiter=";"), [],
             [(":1", "no text column: the header has ['id', 'headline', 'summary']")]),
        Case("csv-quote-closed-by-next-row", "m.csv", QUOTE_CLOSED_BY_NEXT_ROW, ["m1", "m3", "m4"],
             [(":3", "a quote opened on line 3 does not close properly")]),
        Case("csv-quote-never-closed", "m.csv", QUOTE_NEVER_CLOSED, ["m1", "m3", "m4"],
             [(":3", "unexpected end of data, line 5); lines 4-5 are read again")]),
        Case("csv-stray-quote-after-multiline", "m.csv", STRAY_QUOTE, ["m1", "m3"], [(":5", "broken CSV quoting")],
             notes={"m1": "title taken from the first line"}),  # no title column: "Two" heads the text
        # relative dates are not resolved against the clock
        Case("relative-dates", "m.jsonl",
             _jsonl(_story(1), {**_story(2), "date": "2 days ago"}, {**_story(3), "date": "yesterday"}), ["m1", "m2", "m3"],
             notes={"m2": "relative date '2 days ago' left out", "m3": "relative date 'yesterday'"}),
        # files that hold nothing
        Case("empty-jsonl", "m.jsonl", b"", [], [("", "no records: the file is empty")]),
        Case("blank-jsonl", "m.jsonl", b"\n  \n", [], [("", "no records: the file is empty")]),
        Case("empty-csv", "m.csv", b"", [], [("", "no records: the file is empty")]),
        Case("header-only-csv", "m.csv", b"id,title,text\n", [], [("", "no records: only a header row")]),
        Case("empty-warc", "m.warc", b"", [], [("", "no records: the file is empty")]),
        warc_without_pages(),
        Case("empty-url-list", "m.urls", b"# nothing to fetch today\n", [], [("", "no URLs in the list")]),
    ]


CASES = _cases()


def _surrogate_free(item) -> bool:
    """True when the item can be written as UTF-8, as every output must."""
    try:
        json.dumps(asdict(item), ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_batch(tmp_path, name: str, content: bytes):
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-good.txt").write_text(BEFORE, encoding="utf-8")
    (batch / "z-good.txt").write_text(AFTER, encoding="utf-8")
    (batch / name).write_bytes(content)
    return batch, list(read_inputs([str(batch)], max_bytes=MAX_BYTES))


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_bad_input_is_reported_at_its_location_and_the_batch_goes_on(tmp_path, case):
    batch, items = _read_batch(tmp_path, case.name, case.content)
    articles = [i for i in items if isinstance(i, InputArticle)]
    errors = [i for i in items if isinstance(i, InputError)]
    assert [a.id for a in articles] == ["a-good", *case.ids, "z-good"], errors
    assert len(errors) == len(case.errors), errors
    for error, (where, message) in zip(errors, case.errors):
        assert re.fullmatch(re.escape(str(batch / case.name)) + where, error.location), error
        assert message in error.message, error
    for article_id, note in case.notes.items():
        [article] = [a for a in articles if a.id == article_id]
        assert any(note in n for n in article.notes), article.notes
    assert not any(a.notes for a in articles if a.id not in case.notes)
    assert all(_surrogate_free(i) for i in items)


def test_lone_surrogates_become_replacement_characters(tmp_path):
    [case] = [c for c in CASES if c.label == "lone-surrogates"]
    _, items = _read_batch(tmp_path, case.name, case.content)
    [bad] = [i for i in items if isinstance(i, InputArticle) and i.id == "m2\ufffd"]
    assert (bad.title, bad.text, bad.authors) == ("Pier \ufffd", "Bad \ufffd escape.", ["Ana \ufffdRuiz"])


def test_short_cp1252_text_is_read_as_cp1252(tmp_path):
    path = tmp_path / "short.txt"
    path.write_bytes("He said \u201cno\u201d.".encode("cp1252"))
    [item] = read_inputs([str(path)])
    assert item.text == "He said \u201cno\u201d."


def test_same_file_name_in_two_directories_gives_two_articles(tmp_path):
    for part, body in (("north", BEFORE), ("south", AFTER), ("south/archive", BEFORE)):
        (tmp_path / part).mkdir(parents=True)
        (tmp_path / part / "story.txt").write_text(body, encoding="utf-8")
    (tmp_path / "story.txt").write_text(AFTER, encoding="utf-8")
    (tmp_path / "south" / "wire.jsonl").write_text(json.dumps({"text": "Untitled wire copy."}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.id for i in items] == ["story", "north/story", "south/story", "south/wire-1", "south/archive/story"]
    direct = list(read_inputs([str(tmp_path / "south" / "story.txt"), str(tmp_path / "south" / "wire.jsonl")]))
    assert [i.id for i in direct] == ["story", "wire-1"]  # a file given by itself keeps its stem


def test_non_utf8_file_name_gives_a_readable_id(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as f:
        f.write(BEFORE.encode())
    [item] = read_inputs([str(tmp_path)])
    assert item.id == "caf\\xe9" and item.origin.endswith("caf\\xe9.txt")
    assert _surrogate_free(item)


@pytest.mark.parametrize("failure", [PermissionError(13, "Permission denied"), FileNotFoundError(2, "No such file")])
def test_unreadable_subdirectory_is_an_error_naming_it(tmp_path, monkeypatch, failure):
    """Listing the directory fails as it does under chmod 000 (for a non-root user) or when it vanishes."""
    (tmp_path / "a-good.txt").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden-story.txt").write_text(AFTER, encoding="utf-8")
    (tmp_path / "z-good.txt").write_text(AFTER, encoding="utf-8")
    real = os.scandir
    locked = str(tmp_path / "locked")

    def scandir(path="."):
        if os.fspath(path) == locked:
            failure.filename = locked
            raise failure
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(read_inputs([str(tmp_path)]))
    errors = [i for i in items if isinstance(i, InputError)]
    assert [(e.location, e.message) for e in errors] == [(locked, f"[E104] unreadable directory: {failure.strerror}")]
    assert [i.id for i in items if isinstance(i, InputArticle)] == ["a-good", "z-good"]


def test_empty_directory_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "good.txt").write_text(BEFORE, encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "empty"), str(tmp_path / "good.txt")]))
    assert isinstance(items[0], InputError) and items[0].location == str(tmp_path / "empty")
    assert "no files" in items[0].message and items[1].id == "good"


@pytest.mark.timeout(600)  # loads the spaCy model in a subprocess
def test_cli_ingest_of_a_messy_directory(tmp_path):
    """End to end: exit status 1, every error printed with its location, every good record stored once."""
    corpus = tmp_path / "corpus"
    (corpus / "wire").mkdir(parents=True)
    (corpus / "a-good.txt").write_text(BEFORE, encoding="utf-8")
    (corpus / "wire" / "a-good.txt").write_text(AFTER, encoding="utf-8")  # same name, another article
    lone = b'{"id": "m4", "text": "Lone \\ud800."}'
    (corpus / "feed.jsonl").write_bytes(_jsonl(_story(1), b'{"id": "m2", "text": ', _story(3), lone))
    (corpus / "rows.csv").write_bytes(b'id,text\nc1,"Good row."\nc2,"Broken quote\nc3,Third row.\n')
    (corpus / "empty.csv").write_bytes(b"id,text\n")
    (corpus / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    db = tmp_path / "messy.db"
    env = {**os.environ, "COLUMNS": "1000"}  # no wrapped lines in the error report
    result = subprocess.run([sys.executable, "-m", "newstrail", "ingest", str(corpus), "--db", str(db), "--no-link"],
                            capture_output=True, env=env, timeout=540)
    stderr = result.stderr.decode("utf-8")  # strict: the output must be UTF-8
    result.stdout.decode("utf-8")
    assert result.returncode == 1, stderr
    for location in (f"{corpus}/empty.csv", f"{corpus}/feed.jsonl:2", f"{corpus}/logo.txt", f"{corpus}/rows.csv:3"):
        assert f"error {location}: " in stderr, stderr
    with Store(f"sqlite:///{db}") as store:
        stored = sorted(row.id for row in store.list_articles(limit=None))
        lone = store.get_article("m4")
    assert stored == ["a-good", "c1", "c3", "m1", "m3", "m4", "wire/a-good"]
    assert lone.text == "Lone \ufffd." and any("lone surrogate" in note for note in lone.notes)


@pytest.mark.timeout(600)
def test_cli_analyze_json_of_a_lone_surrogate_is_valid_utf8(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(_jsonl({"id": "s1", "title": "Pier \udfff", "text": "The pier at Port Ellery \ud800 reopened on Monday."}))
    result = subprocess.run([sys.executable, "-m", "newstrail", "analyze", str(path), "--json"], capture_output=True,
                            timeout=540)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    article = json.loads(result.stdout.decode("utf-8"))  # strict: a lone surrogate cannot be written as UTF-8
    assert (article["title"], article["text"]) == ("Pier \ufffd", "The pier at Port Ellery \ufffd reopened on Monday.")


# -- coded messages: every error a reader yields says its code first ("[E130] no records: ...")
def _reads_as_its_code(message: str) -> bool:
    """``message`` is its code's message (said of a URL, for URL lists), with the fields filled in."""
    found = re.match(r"\[(E1\d\d)\] ", message)
    if found is None or not hasattr(Errors, found[1]):
        return False
    template = vars(Errors)[found[1]]
    pattern = ".*".join(re.escape(literal) for literal in re.split(r"\{[^}]*\}", template))
    return re.fullmatch(rf"(?:.*: )?{pattern}", message[found.end():], re.S) is not None


_ERROR_CASES = [pytest.param(c, id=c.label)
                for c in CASES if c.errors]


@pytest.mark.parametrize("case", _ERROR_CASES)
def test_every_error_reads_as_its_code(tmp_path, case):
    _, items = _read_batch(tmp_path, case.name, case.content)
    messages = [i.message for i in items if isinstance(i, InputError)]
    assert messages and all(_reads_as_its_code(m) for m in messages), messages


# URLs refused before any connection is made (allow_private is off): none reaches the network
REFUSED_URLS = [
    ("http://10.0.0.5/ferry", "[E158] http://10.0.0.5/ferry: refused: 10.0.0.5 is a private address"),
    ("ftp://10.0.0.5/ferry", "[E157] ftp://10.0.0.5/ferry: refused: only http(s) URLs are fetched"),
    ("http://exa mple.com/ferry", "[E152] http://exa mple.com/ferry: malformed URL: contains a space"),
    ("http://0x7f.0.0.1/ferry", "[E155] http://0x7f.0.0.1/ferry: malformed URL: host '0x7f.0.0.1' is an IPv4"),
    ("http://10.0.0.5:99999/ferry", "[E154] http://10.0.0.5:99999/ferry: malformed URL: port 99999 out of range"),
    ("http://" + "k" * 64 + ".example/ferry", "is not a valid DNS name"),
    ("http://10.0.0.5/ferry?q=" + "q" * 3000, "malformed URL: 3,024 characters > limit 2,048"),
]


def test_every_refused_url_reads_as_its_code(tmp_path):
    listing = tmp_path / "m.urls"
    listing.write_text("".join(f"{url}\n" for url, _ in REFUSED_URLS), encoding="utf-8")
    errors = list(read_inputs([str(listing)]))
    assert [(e.location, said in e.message) for e, (_, said) in zip(errors, REFUSED_URLS)] == [
        (f"{listing}:{n}", True) for n in range(1, len(REFUSED_URLS) + 1)], errors
    assert all(_reads_as_its_code(e.message) for e in errors), errors
