"""``newstrail export --format gkg`` (newstrail/cli/gkg.py): GDELT GKG 2.1 rows from the store and
from a Parquet dataset of ``spark ingest``."""

import json
import xml.etree.ElementTree as ET

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from factories import fill, flood_article, make_article
from typer.testing import CliRunner

from newstrail import lexicon
from newstrail.cli import gkg
from newstrail.cli.main import app
from newstrail.records import Entity
from newstrail.spark.schema import FORMAT, MANIFEST, VERSION
from newstrail.store import Store

runner = CliRunner()

GKG_COLUMNS = [
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS",
    "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
]
GKG_COUNT_TYPES = {"AFFECT", "ARREST", "KIDNAP", "KILL", "PROTEST", "SEIZE", "WOUND"}  # the codebook's

STORM_TEXT = (
    "At least 14 people were killed and 30 were wounded when a storm hit Dellmoor on March 3, 2024.\n\n"
    "\u201cThe sea wall held until midnight,\u201d harbour master Ilse Varn said. Police arrested 6 looters "
    "near the Dellmoor Port Authority offices, and dozens of families fled.\n\n"
    "The council will spend $4.2 million on repairs, more than it spent in 1998."
)


def storm_article():
    """An invented storm report: figures for three GKG count types, a money amount, a vague one."""
    article = make_article(
        "ledger-storm-0304", "Harbor Ledger", "2024-03-04", "Storm kills 14 in Dellmoor", STORM_TEXT,
        quotes=[("The sea wall held until midnight,", "harbour master Ilse Varn", "Ilse Varn", "said", "direct")],
        figures=[("At least 14 people", 14, None, "people", "killed", "Dellmoor", None, "at least"),
                 ("30", 30, 30, "people", "wounded", "Dellmoor", None, None),
                 ("6 looters", 6, 6, "looters", "arrested", None, None, None),
                 ("dozens of families", 24, 100, "families", "displaced", None, None, None),
                 ("$4.2 million", 4_200_000, 4_200_000, None, None, None, None, None)],
        url="https://www.ledger.test/storm")
    article.figures[-1].unit = "dollar"
    for name, label, canonical in [("Dellmoor", "GPE", "Dellmoor"), ("Ilse Varn", "PERSON", "Ilse Varn"),
                                   ("Dellmoor Port Authority", "ORG", "Dellmoor Port Authority")]:
        start = STORM_TEXT.index(name)
        article.entities.append(Entity(name, label, start, start + len(name), canonical))
    article.entities.sort(key=lambda e: e.start)
    return article


def columns(article, rid="20240304120000-1") -> dict[str, str]:
    return dict(zip(gkg.COLUMNS, gkg.gkg_row(article.to_dict(), rid)))


def one_line(line: str) -> list[str]:
    """The columns of one written row, checked to be one line of 27 tab-separated fields."""
    assert line.endswith("\n") and len(line.splitlines()) == 1
    fields = line[:-1].split("\t")
    assert len(fields) == 27
    return fields


def test_columns_are_gkg_21s_in_order():
    assert list(gkg.COLUMNS) == GKG_COLUMNS
    assert len(gkg.gkg_row(flood_article("x").to_dict(), "r")) == 27


def test_counts_take_mapped_events_with_the_number_as_stated():
    row = columns(storm_article())
    assert row["V1COUNTS"] == ("KILL#14#people##Dellmoor#####;WOUND#30#people##Dellmoor#####;"
                               "ARREST#6#looters#######")
    offsets = [block.split("#")[-1] for block in row["V2.1COUNTS"].split(";")]
    assert offsets == [str(STORM_TEXT.index(t)) for t in ("At least 14 people", "30", "6 looters")]
    assert all(len(block.split("#")) == 10 for block in row["V1COUNTS"].split(";"))
    assert all(len(block.split("#")) == 11 for block in row["V2.1COUNTS"].split(";"))


def test_amounts_are_stated_numbers_with_their_object():
    amounts = columns(storm_article())["V2.1AMOUNTS"].split(";")
    assert amounts == [f"14,people,{STORM_TEXT.index('At least 14')}", f"30,people,{STORM_TEXT.index('30')}",
                       f"6,looters,{STORM_TEXT.index('6 looters')}", f"4200000,dollar,{STORM_TEXT.index('$4.2')}"]


@pytest.mark.parametrize("event, count_type", [
    ("killed", "KILL"), ("wounded", "WOUND"), ("arrested", "ARREST"), ("kidnapped", "KIDNAP"),
    ("protested", "PROTEST"), ("displaced", None), ("returned", None), ("charged", None), ("increased", None),
])
def test_an_event_is_counted_only_under_its_gkg_type(event, count_type):
    article = make_article("a", "Harbor Ledger", "2024-03-04", "T", "Some 40 residents were affected.",
                           figures=[("40 residents", 40, 40, "residents", event, None, None, None)])
    counts = columns(article)["V1COUNTS"]
    assert counts == (f"{count_type}#40#residents#######" if count_type else "")


@pytest.mark.parametrize("unit, low, high, counted", [
    ("percent", 40, 40, "residents"),  # a figure with a unit is an amount, not a count
    (None, 30, 40, "residents"),  # a range states no single number
])
def test_figures_without_one_countable_number_are_not_counts(unit, low, high, counted):
    article = make_article("a", None, None, None, "Between 30 and 40 residents were killed.",
                           figures=[("30 and 40 residents", low, high, counted, "killed", None, None, None)])
    article.figures[0].unit = unit
    assert columns(article)["V1COUNTS"] == ""


def test_every_newstrail_event_is_mapped_or_said_not_counted():
    mapping = lexicon.load("gkg")
    events = set(lexicon.load("events")["events"])
    assert set(mapping["count_types"]) | set(mapping["not_counted"]) == events
    assert not set(mapping["count_types"]) & set(mapping["not_counted"])
    assert set(mapping["count_types"].values()) <= GKG_COUNT_TYPES


def test_people_organisations_and_places_by_canonical_name_and_offset():
    article = flood_article("flood-1")
    text = article.text
    row = columns(article)
    assert row["V1PERSONS"] == "Mira Sol"
    assert row["V2ENHANCEDPERSONS"] == f"Mira Sol,{text.index('Mira Sol')}"
    assert row["V1ORGANIZATIONS"] == "Orvel Fire Service"  # the canonical name, not "Orvel fire service"
    assert row["V1LOCATIONS"] == "#Orvel#####"
    blocks = [block.split("#") for block in row["V2ENHANCEDLOCATIONS"].split(";")]
    assert all(len(b) == 9 and b[1] == "Orvel" and text[int(b[8]):].startswith("Orvel") for b in blocks)
    assert all(b[0] == b[5] == b[6] == "" for b in blocks)  # no geocoding: no type, no coordinates
    names = [pair.rsplit(",", 1) for pair in row["V2.1ALLNAMES"].split(";")]
    assert [int(offset) for _, offset in names] == sorted(e.start for e in article.entities)


def test_quotations_are_the_verbatim_quotes_and_extras_name_every_speaker():
    article = flood_article("flood-1")
    row = columns(article)
    direct = [q for q in article.quotes if q.kind == "direct"]
    assert row["V2.1QUOTATIONS"] == "#".join(f"{q.start}|{q.end - q.start}|said|{q.text}" for q in direct)
    extras = ET.fromstring(f"<extras>{row['V2EXTRASXML']}</extras>")
    assert extras.findtext("PAGE_TITLE") == article.title
    assert extras.findtext("PAGE_AUTHORS") == "Ada Moss;Piet Loran"
    assert extras.find("NEWSTRAIL_ARTICLE").attrib == {"SOURCE": "Harbor Ledger", "ID": "flood-1"}
    quotes = extras.find("NEWSTRAIL_QUOTES").findall("QUOTE")
    assert [(q.get("OFFSET"), q.get("KIND"), q.get("SPEAKER")) for q in quotes] == [
        (str(q.start), q.kind, q.speaker_resolved) for q in sorted(article.quotes, key=lambda q: q.start)]
    assert quotes[-1].get("MEDIUM") is None and any(q.get("MEDIUM") == "a radio interview" for q in quotes)


@pytest.mark.parametrize("sentence, dates", [
    ("The dam opened on June 5, 2025.", [(3, 6, 5, 2025, "June 5, 2025")]),
    ("The dam opened on 5 June 2025.", [(3, 6, 5, 2025, "5 June 2025")]),
    ("Work began in March 2021.", [(2, 3, 0, 2021, "March 2021")]),
    ("The vote is on June 5.", [(4, 6, 5, 0, "June 5")]),
    ("The vote is on February 29.", [(4, 2, 29, 0, "February 29")]),
    ("Prices have risen since 2011 and fell in May 2019.", [(1, 0, 0, 2011, "2011"), (2, 5, 0, 2019, "May 2019")]),
    ("The deadline was June 31, 2025.", [(1, 0, 0, 2025, "2025")]),  # no such day: the year stands alone
    ("Crews march 12 miles and may 20 more.", []),  # "march", "may" in lower case are verbs
    ("No date is given here.", []),
])
def test_dates_written_in_the_text(sentence, dates):
    article = make_article("a", None, None, None, sentence)
    expected = [f"{r}#{m}#{d}#{y}#{sentence.index(text)}" for r, m, d, y, text in dates]
    assert columns(article)["V2.1ENHANCEDDATES"] == ";".join(expected)


def test_a_number_inside_a_figure_is_not_a_year():
    article = make_article("a", None, None, None, "In 2019 some 1900 families left the valley.",
                           figures=[("1900 families", 1900, 1900, "families", "left", None, None, None)])
    assert columns(article)["V2.1ENHANCEDDATES"] == "1#0#0#2019#3"


@pytest.mark.parametrize("url, collection, common_name, identifier", [
    ("https://www.ledger.test/storm", "1", "ledger.test", "https://www.ledger.test/storm"),
    ("http://news.example:8080/a?b=1", "1", "news.example", "http://news.example:8080/a?b=1"),
    (None, "2", "Harbor Ledger", "Harbor Ledger, Storm kills 14 in Dellmoor, 2024-03-04 [ledger-storm-0304]"),
])
def test_web_pages_and_citations(url, collection, common_name, identifier):
    article = storm_article()
    article.url = url
    row = columns(article)
    assert (row["V2SOURCECOLLECTIONIDENTIFIER"], row["V2SOURCECOMMONNAME"], row["V2DOCUMENTIDENTIFIER"]) == (
        collection, common_name, identifier)
    assert row["V2.1DATE"] == "20240304000000"


def test_an_article_with_nothing_extracted_keeps_its_columns_empty():
    article = make_article("bare", None, None, None, "Le festival revient cette ann\u00e9e.", language="fr")
    row = columns(article)
    assert row["V2.1DATE"] == "" and row["V2SOURCECOLLECTIONIDENTIFIER"] == "2"
    assert all(row[c] == "" for c in GKG_COLUMNS[5:26])


HOSTILE = [
    "tab\there", "new\nline", "carriage\rreturn", "line\u2028separator", "file\x1cseparator", "semi;colon",
    "hash#mark", "pipe|bar", "com,ma", "bidi\u202eoverride", "bell\x07char", "<tag attr=\"x\">&amp;</tag>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_text_never_breaks_a_row_a_block_or_the_extras(hostile):
    article = flood_article("flood-1", source=f"Ledger {hostile}")
    article.title = f"Title {hostile}"
    article.authors = [f"Ada {hostile}"]
    person = next(e for e in article.entities if e.label == "PERSON")
    person.canonical = f"Mira {hostile} Sol"
    article.quotes[1].text = f"We moved {hostile} everyone"
    article.quotes[1].cue = f"said {hostile}"
    article.figures[1].counted = f"families {hostile}"
    fields = one_line("\t".join(gkg.gkg_row(article.to_dict(), f"r {hostile}")) + "\n")
    row = dict(zip(GKG_COLUMNS, fields))
    for column in ("V1PERSONS", "V2ENHANCEDPERSONS", "V2.1ALLNAMES"):
        assert all(len(block.split(",")) <= 2 and "#" not in block and "|" not in block
                   for block in row[column].split(";"))
    assert len(row["V1PERSONS"].split(";")) == 1
    assert all(len(block.split("|")) == 4 for block in row["V2.1QUOTATIONS"].split("#"))
    assert all(len(block.split(",")) == 3 for block in row["V2.1AMOUNTS"].split(";"))
    extras = ET.fromstring(f"<extras>{row['V2EXTRASXML']}</extras>")  # still well-formed XML
    assert extras.find("NEWSTRAIL_ARTICLE").get("SOURCE").startswith("Ledger ")
    assert not any(c in row["V2EXTRASXML"] for c in "\x07\x1c\u202e\u2028")


@pytest.mark.parametrize("value, text", [(14.0, "14"), (4_200_000.0, "4200000"), (12.5, "12.5"), (0.25, "0.25"),
                                         (1e21, "1000000000000000000000"), (-3.0, "-3")])
def test_numbers_are_written_plainly(value, text):
    assert gkg.number(value) == text


# -- the command: from the store, from a Parquet dataset, errors --------------------------------

def write_dataset(folder, articles):
    """A dataset as `newstrail spark ingest` writes it: the articles table in the Spark schema of
    ``spark.rows`` (converted to Arrow, so no JVM starts), an empty failed table, the manifest."""
    from pyspark.sql.pandas.types import to_arrow_schema

    from newstrail.spark.rows import ARTICLES, FAILED

    rows = [{**a.to_dict(), "position": i, "origin": f"in.jsonl:{i + 1}", "content_hash": f"hash-{i}",
             "minhash": None, "line_keys": [], "copy_of_source": None, "copy_of_id": None, "copy_kind": None,
             "similarity": None} for i, a in enumerate(articles)]
    (folder / "articles").mkdir(parents=True)
    (folder / "failed").mkdir()
    pq.write_table(pa.Table.from_pylist(rows, schema=to_arrow_schema(ARTICLES)),
                   folder / "articles" / "part-00000.parquet")
    pq.write_table(pa.Table.from_pylist([], schema=to_arrow_schema(FAILED)), folder / "failed" / "part-00000.parquet")
    (folder / MANIFEST).write_text(json.dumps({"format": FORMAT, "version": VERSION}), encoding="utf-8")


def exported(args, output) -> list[list[str]]:
    result = runner.invoke(app, ["export", "--format", "gkg", "--output", str(output), *args])
    assert result.exit_code == 0, result.output
    assert "exported" in result.stderr
    with open(output, encoding="utf-8", newline="") as handle:
        return [one_line(line) for line in handle]


def test_store_and_dataset_give_the_same_rows(store_url, tmp_path):
    articles = [storm_article(), flood_article("flood-1"), flood_article("flood-2", source=None)]
    with Store(store_url) as store:
        fill(store, articles)
    write_dataset(tmp_path / "data", articles)
    from_store = exported(["--db", store_url], tmp_path / "store.gkg")
    from_data = exported(["--data", str(tmp_path / "data")], tmp_path / "data.gkg")
    assert [row[1:] for row in from_store] == [row[1:] for row in from_data]
    assert [row[0].split("-")[1] for row in from_store] == ["1", "2", "3"]  # numbered within the export
    assert len({row[0].split("-")[0] for row in from_store}) == 1 and len(from_store[0][0].split("-")[0]) == 14
    assert from_store[0][5] == columns(storm_article())["V1COUNTS"]


def test_other_formats_read_a_dataset_too(tmp_path):
    write_dataset(tmp_path / "data", [storm_article()])
    result = runner.invoke(app, ["export", "--data", str(tmp_path / "data"), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == storm_article().to_dict()


@pytest.mark.parametrize("args, status, message", [
    (["--data", "{tmp}"], 1, "manifest.json"),
    (["--data", "{tmp}", "--db", "{tmp}/x.db"], 2, "not both"),
    (["--format", "xml"], 2, "gkg"),
])
def test_bad_sources_and_formats_are_refused(tmp_path, args, status, message):
    argv = ["export", "--format", "gkg", *(a.format(tmp=tmp_path) for a in args)]
    result = runner.invoke(app, argv)
    assert result.exit_code == status
    assert message in result.output


STORY = """Ferry Pier Collapses in Kessa Harbour

Part of the old ferry pier in Kessa Harbour gave way on Friday, the port authority said. At least 3 people were injured.

\u201cNobody expected the timbers to fail so fast,\u201d said Piet Loran, the harbour master.

Ferries to Kessa Island will not run before March 2031, according to the Kessa Island Council.
"""


def test_ingested_articles_export_as_gkg(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kessa-pier.txt").write_text(STORY, encoding="utf-8")
    db = str(tmp_path / "cli.db")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db, "--source", "Island Post"]).exit_code == 0
    [article] = [json.loads(line) for line in runner.invoke(app, ["export", "--db", db]).stdout.splitlines()]
    [row] = exported(["--db", db], tmp_path / "out.gkg")
    row = dict(zip(GKG_COLUMNS, row))
    text = article["text"]
    persons = {e["canonical"] for e in article["entities"] if e["label"] == "PERSON"}
    assert "Piet Loran" in persons and set(row["V1PERSONS"].split(";")) == persons
    for block in row["V2ENHANCEDPERSONS"].split(";"):
        name, offset = block.rsplit(",", 1)
        assert any(e["start"] == int(offset) and e["canonical"] == name for e in article["entities"])
    quotations = [block.split("|", 3) for block in row["V2.1QUOTATIONS"].split("#")]
    assert any("Nobody expected the timbers to fail so fast" in q for _, _, _, q in quotations)
    for offset, length, _, quote in quotations:
        assert text[int(offset):int(offset) + int(length)] == quote
    assert f"2#3#0#2031#{text.index('March 2031')}" in row["V2.1ENHANCEDDATES"].split(";")
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "2" and row["V2SOURCECOMMONNAME"] == "Island Post"
