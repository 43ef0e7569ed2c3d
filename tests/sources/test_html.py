import pytest

from newstrail.records import InputArticle, InputError
from newstrail.sources import read_inputs
from newstrail.sources.html import parse_html

PAGE = """<!DOCTYPE html><html><head><title>Harbour closes | The Coast Ledger</title>
<meta property="og:site_name" content="The Coast Ledger"><meta name="author" content="Mara Quell; Ivo Rask">
{date}</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Harbour closes after storm</h1>
<p>The harbour at Pellan was closed on Tuesday after a storm damaged two piers, officials said.</p>
<p>\u201cWe expect to reopen within a week,\u201d said harbour master Ivo Rask.</p></article>
<footer>Contact us</footer></body></html>"""
DATE_META = '<meta property="article:published_time" content="2021-03-04T10:00:00Z">'


def test_parse_html_article():
    item = parse_html(PAGE.format(date=DATE_META), "p.html", url="https://ledger.example/harbour", default_id="p")
    assert isinstance(item, InputArticle)
    assert item.id == "p"
    assert item.title == "Harbour closes after storm"
    assert item.text == (
        "The harbour at Pellan was closed on Tuesday after a storm damaged two piers, officials said.\n\n"
        "\u201cWe expect to reopen within a week,\u201d said harbour master Ivo Rask."
    )
    assert item.source == "The Coast Ledger"
    assert item.authors == ["Mara Quell", "Ivo Rask"]
    assert item.published == "2021-03-04"
    assert item.url == "https://ledger.example/harbour"


@pytest.mark.parametrize(
    ("date_html", "url", "published"),
    [
        ('<meta name="date" content="2020-11-05">', None, "2020-11-05"),
        ("", "https://ledger.example/2019/06/07/harbour", "2019-06-07"),
        ("", None, None),
    ],
)
def test_html_date(date_html, url, published):
    assert parse_html(PAGE.format(date=date_html), "p.html", url=url).published == published


def test_source_falls_back_to_host():
    page = "<html><body><article><p>The ferry to Orlan resumed on Monday after repairs, the operator said.</p></article></body></html>"
    assert parse_html(page, "x", url="https://news.orlan.example/a").source == "news.orlan.example"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("", "empty"),
        ("<html><body><script>x()</script></body></html>", "no article text"),
        ("<html><head><title>Only a title</title></head><body><div></div></body>", "no article text"),
        (b"\x00\x01\x02<html>", "binary"),
    ],
)
def test_bad_html(data, message):
    item = parse_html(data, "bad.html")
    assert isinstance(item, InputError) and item.location == "bad.html" and message in item.message


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div><p>Unclosed tags about the council vote that ran late into the night",
        "<html><body><p>The vote <b><i>ran</b></i> late</p></table></div><p>Councillors left at 2 a.m.</p>",
    ],
)
def test_malformed_html_does_not_crash(page):
    item = parse_html(page, "m.html")
    assert isinstance(item, InputArticle)
    assert "late" in item.text


def test_html_file_via_read_inputs(tmp_path):
    path = tmp_path / "harbour.htm"
    path.write_bytes(PAGE.format(date=DATE_META).encode("cp1252"))
    [item] = read_inputs([str(path)])
    assert item.id == "harbour" and item.origin == str(path)
    assert "\u201cWe expect" in item.text


TAGGED = ("<html><head><title>Pier closed</title></head><body><article>"
          "<p>The pier at Pellan closed on Monday after a storm, the harbour office said.</p>{}</article></body></html>")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("data", [TAGGED.format("<p>&amp;</p>" * 20_000), TAGGED.format("<span>x</span>" * 15_001).encode()])
def test_a_page_with_too_many_tags_is_refused_before_extraction(tmp_path, data):
    """trafilatura's time grows faster than the tag count: 80,000 paragraphs took 17 s."""
    item = parse_html(data, "bomb.html")
    assert isinstance(item, InputError) and item.location == "bomb.html"
    assert "too complex" in item.message and "limit 30,000" in item.message
    path = tmp_path / "bomb.html"
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    [error] = read_inputs([str(path)])
    assert isinstance(error, InputError) and error.location == str(path)


@pytest.mark.timeout(120)
def test_a_page_of_200000_entities_is_extracted_and_bounded_before_the_parse():
    from newstrail.process import prepare

    item = parse_html(TAGGED.format("<p>" + "&amp;" * 200_000 + "</p>"), "amp.html")
    assert isinstance(item, InputArticle) and item.text.count("&") == 200_000
    prepared = prepare(item)
    assert max(len(run) for run in prepared.text.split()) <= 50
    assert any("broken with spaces" in note for note in prepared.notes)
