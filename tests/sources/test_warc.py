import io

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs

RESPONSES = [
    ("http://ledger.example/a", "200 OK", "text/html; charset=utf-8", True),
    ("http://ledger.example/gone", "404 Not Found", "text/html", False),
    ("http://ledger.example/logo", "200 OK", "image/png", False),
    ("http://ledger.example/moved", "301 Moved Permanently", "text/html", False),
    ("http://ledger.example/b", "200 OK", "application/xhtml+xml", True),
]


def _page(uri):
    return (
        f"<html><head><title>Story at {uri}</title></head><body><article>"
        f"<p>The ferry to Orlan island resumed service after repairs, the operator said of {uri}.</p>"
        "</article></body></html>"
    ).encode()


def _write_warc(path, gz):
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for uri, status, ctype, _ in RESPONSES:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(_page(uri)), http_headers=headers))
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return [uri for uri, *_, keep in RESPONSES if keep]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_only_html_200_responses(tmp_path, name):
    path = tmp_path / name
    expected = _write_warc(path, gz=name.endswith(".gz"))
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, InputArticle) for i in items)
    assert [i.id for i in items] == expected
    assert [i.source for i in items] == ["ledger.example"] * 2
    assert items[0].origin == f"{path}#0"
    assert items[1].origin.startswith(f"{path}#") and int(items[1].origin.rsplit("#", 1)[1]) > 0


@pytest.mark.parametrize("name", ["cut.warc", "cut.warc.gz"])
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9])
def test_truncated_warc_keeps_records_read(tmp_path, name, keep):
    whole = tmp_path / f"whole-{name}"
    _write_warc(whole, gz=name.endswith(".gz"))
    complete = list(read_inputs([str(whole)]))
    data = whole.read_bytes()
    with open(whole, "rb") as handle:  # a cut right at a record's start is a shorter, whole WARC
        records = ArchiveIterator(handle)
        starts = {records.get_record_offset() for _ in records}
    cut = int(len(data) * keep)
    while cut in starts:
        cut += 1
    path = tmp_path / name
    path.write_bytes(data[:cut])
    items = list(read_inputs([str(path)]))
    *articles, error = items
    assert isinstance(error, InputError)
    assert "truncated or corrupt WARC" in error.message
    offset = int(error.location.rsplit("#", 1)[1])
    assert error.location == f"{path}#{offset}" and 0 <= offset < cut
    assert [a.id for a in articles] == [a.id for a in complete[: len(articles)]]
    assert all(int(a.origin.rsplit("#", 1)[1]) < offset for a in articles)


@pytest.mark.parametrize("content", [b"WARC/1.0\r\nnonsense\r\n\r\n", b"not an archive at all"])
def test_corrupt_warc(tmp_path, content):
    path = tmp_path / "bad.warc"
    path.write_bytes(content)
    [error] = read_inputs([str(path)])
    assert error.location == f"{path}#0"
