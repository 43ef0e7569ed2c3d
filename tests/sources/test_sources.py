import gzip

import pytest

from newstrail.errors import Errors
from newstrail.records import InputArticle, InputError
from newstrail.sources import format_of, read_inputs

SEED_LIKE = (
    "Flood Waters Cut Off Three Villages in Pellan Valley\n\n\n"
    "Three villages in the Pellan valley were cut off on Sunday after the river burst its banks, the regional emergency office said.\n\n"
    "\u201cWe have reached 212 households by boat,\u201d said coordinator Ines Marlo. \u201cMore than 40 people are still waiting.\u201d\n\n\n"
    "Please let us know if you're having issues with commenting."
)
GOOD = "Bridge Reopens\n\nThe Wessel Street bridge reopened on Friday after six weeks of repairs.\n"


def _items(paths, **kw):
    return list(read_inputs([str(p) for p in paths], **kw))


def test_seed_like_layout(tmp_path):
    path = tmp_path / "pellan-flood.txt"
    path.write_text(SEED_LIKE, encoding="utf-8")
    [item] = _items([path])
    assert isinstance(item, InputArticle)
    assert item.id == "pellan-flood"
    assert item.title == "Flood Waters Cut Off Three Villages in Pellan Valley"
    assert item.text.startswith("Three villages")
    assert item.origin == str(path)
    assert item.source is None


@pytest.mark.parametrize(
    ("content", "title", "body_start"),
    [
        ("Headline Here\n\nBody text follows.", "Headline Here", "Body text follows."),
        ("Headline Here\r\n\r\nBody text follows.", "Headline Here", "Body text follows."),
        ("\ufeffHeadline Here\n \nBody text follows.", "Headline Here", "Body text follows."),
        ("No title here\nbecause no blank line follows.", None, "No title here"),
        ("A first paragraph that is a sentence.\n\nSecond paragraph.", None, "A first paragraph"),
        ("Only one paragraph of text.", None, "Only one paragraph"),
    ],
)
def test_title_rule(tmp_path, content, title, body_start):
    path = tmp_path / "a.txt"
    path.write_bytes(content.encode("utf-8"))
    [item] = _items([path])
    assert item.title == title
    assert item.text.startswith(body_start)


def test_source_argument_overrides(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "Body.", "source": "Ledger"}\n')
    items = _items([tmp_path], source="Manual")
    assert [i.source for i in items] == ["Manual", "Manual"]


def test_directory_walk_sorted_recursive_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(GOOD)
    (tmp_path / "b" / "a.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / ".hidden.txt").write_text(GOOD)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text(GOOD)
    items = _items([tmp_path])
    assert [i.id for i in items] == ["a", "b/a", "b/z"]  # named by their path under the directory
    assert [i.origin.rsplit("/", 2)[-2:] for i in items][1:] == [["b", "a.txt.gz"], ["b", "z.txt"]]
    assert all(i.title == "Bridge Reopens" for i in items)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("a.txt", b"Title\n\nBody", "text"),
        ("a.HTM", b"<p>x</p>", "html"),
        ("a.ndjson.gz", gzip.compress(b"{}"), "jsonl"),
        ("a.warc.gz", b"", "warc"),
        ("a.urls", b"", "urls"),
        ("a.csv", b"", "csv"),
        ("noext", b"WARC/1.0\r\n", "warc"),
        ("noext", b'  {"text": "x"}\n', "jsonl"),
        ("noext", b"<!DOCTYPE html><html></html>", "html"),
        ("noext", b"# feeds\nhttps://news.example/a\nhttp://news.example/b\n", "urls"),
        ("noext", b"id,title,text\n1,T,Body\n", "csv"),
        ("noext", b"Headline\n\nJust prose, with a comma.", "text"),
        ("noext.gz", gzip.compress(b"<html><body><p>x</p></body></html>"), "html"),
    ],
)
def test_format_of(tmp_path, name, content, fmt):
    path = tmp_path / name
    path.write_bytes(content)
    assert format_of(str(path)) == fmt


def test_explicit_format_overrides_extension(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<html><body><article><p>The ferry resumed service on Monday.</p></article></body></html>")
    [item] = _items([path], fmt="html")
    assert item.text == "The ferry resumed service on Monday."
    with pytest.raises(ValueError):
        _items([path], fmt="pdf")


@pytest.mark.parametrize(
    ("content", "text_part"),
    [
        ("Caf\u00e9 Owners Protest\n\nThey said \u201cno\u201d to the rent rise.".encode("cp1252"), "\u201cno\u201d"),
        ("Caf\u00e9 Owners Protest\n\nThey said \u201cno\u201d to the rent rise.".encode("utf-16"), "\u201cno\u201d"),
        ("Caf\u00e9 Owners Protest\n\nThey said no to the rent rise.".encode("utf-8-sig"), "said no"),
        ("Stra\u00dfe gesperrt\n\nDie Stra\u00dfe bleibt bis M\u00e4rz gesperrt, sagte die Stadt.".encode("latin-1"), "M\u00e4rz"),
    ],
)
def test_encodings_decoded(tmp_path, content, text_part):
    path = tmp_path / "enc.txt"
    path.write_bytes(content)
    [item] = _items([path])
    assert isinstance(item, InputArticle), item
    assert text_part in item.text


# (file name, its bytes or None for a missing path, error location within tmp_path, message part)
BAD_CASES = [
    ("missing.txt", None, "missing.txt", "no such file"),
    ("binary.txt", b"Title\n\x00\x01\x02\x00body", "binary.txt", "binary"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + b"x" * 20, "image.txt", "PNG"),
    ("empty.txt", "  \n\n\u200b \n".encode(), "empty.txt", "empty article"),
    ("big.txt", b"word " * 300, "big.txt", "too large: 1,500 bytes > limit 1,000"),
    ("broken.jsonl", b'{"id": "j1", "text": "Fine."}\n{"id": "j2", "text": \n', "broken.jsonl:2", "broken JSON"),
    ("notext.jsonl", b'{"id": "j3", "text": "Fine."}\n\n{"id": "j4", "title": "T"}\n', "notext.jsonl:3", "no text"),
    ("rows.csv", b"id,text\nc1,Fine.\nc2,Too,many\nc3,Also fine.\n", "rows.csv:3", "broken CSV row"),
    ("page.html", b"<html><body><script>var x = 1;</script></body></html>", "page.html", "no article text"),
    ("page2.html", b"\x00\x00\x00<html>", "page2.html", "binary"),
    ("cut.txt.gz", gzip.compress(b"Title\n\nBody " * 50)[:30], "cut.txt.gz", "unreadable"),
]


@pytest.mark.parametrize(("name", "content", "where", "message"), BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_bad_input_reported_and_batch_kept(tmp_path, name, content, where, message):
    good_before, good_after = tmp_path / "a-good.txt", tmp_path / "z-good.txt"
    good_before.write_text(GOOD)
    good_after.write_text(GOOD)
    bad = tmp_path / name
    if content is not None:
        bad.write_bytes(content)
    items = _items([good_before, bad, good_after], max_bytes=1000)
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1, items
    assert errors[0].location == str(tmp_path / where)
    assert message in errors[0].message
    assert items[0].origin == str(good_before) and items[-1].origin == str(good_after)
    assert all(isinstance(i, InputArticle) for i in items if i is not errors[0])


def test_too_large_message_uses_real_size(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(52_428_800)  # sparse: nothing is written or read
    [error] = _items([path])
    assert error.message == "[E106] too large: 52,428,800 bytes > limit 20,000,000"


@pytest.mark.parametrize(("name", "content"), [c[:2] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES])
def test_bad_input_message_says_its_code_first(tmp_path, name, content):
    """The code goes in front of the message it names: "[E102] no such file or directory"."""
    if content is not None:
        (tmp_path / name).write_bytes(content)
    [error] = [i for i in _items([tmp_path / name], max_bytes=1000) if isinstance(i, InputError)]
    code = error.message[1:5]
    assert code in vars(Errors) and error.message.startswith(getattr(Errors, code).split("{")[0]), error.message


# -- the reader table (sources.registry.READERS) --------------------------------------------

def test_the_reader_table_gives_the_formats_and_extensions():
    from newstrail.sources import EXTENSIONS, FORMATS, READERS
    from newstrail.sources.registry import UPLOAD_FORMATS

    assert FORMATS == ("auto", "text", "html", "jsonl", "csv", "warc", "urls")
    assert EXTENSIONS == {
        ".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
        ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".warc": "warc", ".urls": "urls",
    }
    assert UPLOAD_FORMATS == ("auto", "text", "html", "jsonl", "csv", "warc")  # never a URL list
    assert [r.name for r in READERS if r.sniff is None] == ["text"]  # the one a file no rule claims gets


@pytest.mark.parametrize(("content", "fmt"), [
    # each would also pass the CSV rule (a first line naming a text column): the more
    # particular rule is tried first
    (b'{"id": "a1", "note": "x,text,y"}\n', "jsonl"),
    (b"https://news.example/a,text,b\n", "urls"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo,text,\r\n", "warc"),
])
def test_sniffing_tries_the_particular_rules_before_csv(tmp_path, content, fmt):
    path = tmp_path / "noext"
    path.write_bytes(content)
    assert format_of(str(path)) == fmt


def test_a_reader_is_chosen_by_the_table_for_every_format(tmp_path):
    from newstrail.sources import READERS

    files = {
        "text": ("story.txt", GOOD),
        "html": ("story.html", "<html><body><article><h1>Bridge Reopens</h1><p>The Wessel Street bridge "
                               "reopened on Friday after six weeks of repairs.</p></article></body></html>"),
        "jsonl": ("story.jsonl", '{"id": "b1", "title": "Bridge Reopens", "text": "The bridge reopened on Friday."}\n'),
        "csv": ("story.csv", "id,title,text\nb1,Bridge Reopens,The bridge reopened on Friday.\n"),
        "urls": ("story.urls", "# nothing listed\n"),
    }
    for reader in READERS:
        if reader.name not in files:  # WARC: tests/test_warc.py
            continue
        name, content = files[reader.name]
        (tmp_path / name).write_text(content, encoding="utf-8")
        [item] = _items([tmp_path / name], fmt=reader.name)
        if reader.name == "urls":
            assert isinstance(item, InputError) and item.message == Errors.E150
        else:
            assert isinstance(item, InputArticle) and "bridge reopened on Friday" in item.text, (reader.name, item)
