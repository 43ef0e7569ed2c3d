"""Articles as GDELT Global Knowledge Graph 2.1 rows: ``newstrail export --format gkg``.

Why GKG: it is the layout tools built for GDELT already read (one document a line, 27
tab-separated columns, no header), so newstrail's persons, organisations, places, counts,
quotations, amounts and dates can go where GDELT's go. The field layouts are those of the GKG 2.1
codebook (GDELT, 2015): ``;`` between blocks, ``#`` or ``,`` between a block's fields,
``#`` between quotations and ``|`` between a quotation's fields. A row is built from an
article's JSON form (``Article.to_dict()``), so the store and a Parquet dataset of
``spark ingest`` give the same rows (``cli.exporting`` reads both).

Text cannot break a row or a block: in every field, each run of whitespace (tab, newline,
U+2028 ...) becomes one space, the delimiters of its column become a space too, and what is
left goes through ``render.printable`` (control and bidi characters as ``\\uXXXX``). Offsets
are character offsets into the article's cleaned ``text``, as in the JSON form. Names are the
entity's ``canonical`` name (newstrail's one name per thing in the article), so a name is
spelled the same in every column and every mention; the offset is that of the mention.

| # | column | newstrail fills it with |
|---|---|---|
| 1 | GKGRECORDID | ``YYYYMMDDHHMMSS-N``: the export's start (UTC) and the row's number from 1, as GDELT numbers the records of one update |
| 2 | V2.1DATE | the publication date as ``YYYYMMDD000000`` (newstrail keeps no time of day); empty when unknown |
| 3 | V2SOURCECOLLECTIONIDENTIFIER | 1 (WEB) when the article has a URL, else 2 (CITATIONONLY) |
| 4 | V2SOURCECOMMONNAME | WEB: the URL's host without ``www.``; CITATIONONLY: the outlet |
| 5 | V2DOCUMENTIDENTIFIER | WEB: the URL; CITATIONONLY: "outlet, title, date [id]" |
| 6 | V1COUNTS | ``type#count#object#loctype#location#country#adm1#lat#long#featureid`` a figure: its event's count type (``lexicon/gkg.json``), the number as stated (a value, or the one bound of "more than 120"; ranges and vague amounts have none and are left out), the counted noun and the location's name; no geocoding, so location type, country, ADM1, coordinates and feature id are empty. Figures with a unit, derived figures and headline figures are left out |
| 7 | V2.1COUNTS | as V1COUNTS, then ``#offset`` of the figure |
| 8 | V1THEMES | empty: newstrail has no theme taxonomy |
| 9 | V2ENHANCEDTHEMES | empty |
| 10 | V1LOCATIONS | ``type#name#country#adm1#lat#long#featureid`` once per place (GPE, LOC entities), name only: the rest is empty (no geocoding) |
| 11 | V2ENHANCEDLOCATIONS | ``type#name#country#adm1#adm2#lat#long#featureid#offset`` per mention, name and offset only |
| 12 | V1PERSONS | the PERSON entities' names, once each, ``;`` between |
| 13 | V2ENHANCEDPERSONS | ``name,offset`` per mention |
| 14 | V1ORGANIZATIONS | the ORG entities' names, once each |
| 15 | V2ENHANCEDORGANIZATIONS | ``name,offset`` per mention |
| 16 | V1.5TONE | empty: newstrail measures no tone |
| 17 | V2.1ENHANCEDDATES | ``resolution#month#day#year#offset`` per date written in the text: 1 a year ("2011"), 2 month and year, 3 a full date, 4 month and day without a year; 0 where a part is not given. Month names count when capitalised ("may" is a verb); numbers inside a figure ("1900 families") are not years |
| 18 | V2GCAM | empty: no GCAM dictionaries |
| 19 | V2.1SHARINGIMAGE | empty: newstrail keeps no images |
| 20 | V2.1RELATEDIMAGES | empty |
| 21 | V2.1SOCIALIMAGEEMBEDS | empty |
| 22 | V2.1SOCIALVIDEOEMBEDS | empty |
| 23 | V2.1QUOTATIONS | ``offset|length|verb|quote`` per direct or partial quote (words as quoted), ``#`` between; the verb is the attribution cue ("said") |
| 24 | V2.1ALLNAMES | ``name,offset`` per mention of every named entity (people, organisations, places, groups, events, laws, works ...) |
| 25 | V2.1AMOUNTS | ``amount,object,offset`` per figure with a number as stated (see V1COUNTS): the counted noun, else the unit; derived and headline figures are left out |
| 26 | V2.1TRANSLATIONINFO | empty: nothing is translated (non-English articles are stored, not parsed) |
| 27 | V2EXTRASXML | ``<PAGE_TITLE>``, ``<PAGE_AUTHORS>`` (``;`` between), ``<NEWSTRAIL_ARTICLE SOURCE= ID=/>`` (the store's identity of the article) and ``<NEWSTRAIL_QUOTES>``: every quote of any kind as ``<QUOTE OFFSET= LENGTH= KIND= VERB= SPEAKER= MEDIUM=>text</QUOTE>``, the speaker being the resolved name (else the mention); a quotation of column 23 is the QUOTE with its OFFSET |

GKG 2.1 has no field for a quotation's speaker, so speakers are in column 27 rather than in a
fifth field of column 23, which would break readers that split a quotation into four.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from urllib.parse import urlsplit

from newstrail import lexicon
from newstrail.cli import render
from newstrail.extract.times import DAY_MONTH_YEAR, FULL_DATE, MONTH_DAY, MONTH_YEAR, MONTHS, YEAR

COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS",
    "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM",
    "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
)
WEB, CITATION_ONLY = 1, 2  # V2SOURCECOLLECTIONIDENTIFIER values

_GKG = lexicon.load("gkg")
COUNT_TYPES: dict[str, str] = _GKG["count_types"]
LABELS: dict[str, frozenset[str]] = {column: frozenset(labels) for column, labels in _GKG["labels"].items()}
QUOTATION_KINDS = frozenset(_GKG["quotation_kinds"])

LIST_DELIMITERS = ";#,|"  # names, objects and places sit in blocks split by ; with fields split by # or ,
QUOTE_DELIMITERS = "#|"  # quotations are split by # and their fields by |
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def _breaks(delimiters: str) -> re.Pattern:
    return re.compile(rf"[\s{re.escape(delimiters)}]+")


def field(value: object, delimiters: str = "") -> str:
    """``value`` as one field that cannot break its row, block or column (module docstring)."""
    return render.printable(_breaks(delimiters).sub(" ", str(value)).strip(), newlines=False)


def number(value: float) -> str:
    """A number as GKG writes one: plain digits, no exponent, no trailing zeros (4200000, 12.5)."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return "0" if text in ("-0", "") else text


def record_id(batch: datetime, sequence: int) -> str:
    """GKGRECORDID: the batch's time and the record's number within it."""
    return f"{batch:%Y%m%d%H%M%S}-{sequence}"


def gkg_row(article: dict, rid: str) -> list[str]:
    """The 27 columns of one article (its JSON form), in GKG 2.1's order."""
    entities = article.get("entities") or []
    figures = [f for f in article.get("figures") or [] if not f.get("derived") and not f.get("in_title")]
    collection, common_name, identifier = _document(article)
    persons = _named(entities, LABELS["persons"])
    organizations = _named(entities, LABELS["organizations"])
    places = _named(entities, LABELS["locations"])
    row = {
        "GKGRECORDID": field(rid),
        "V2.1DATE": _date(article.get("published")),
        "V2SOURCECOLLECTIONIDENTIFIER": str(collection),
        "V2SOURCECOMMONNAME": field(common_name),
        "V2DOCUMENTIDENTIFIER": field(identifier),
        "V1COUNTS": ";".join(_count(f) for f in figures if _counts(f)),
        "V2.1COUNTS": ";".join(f"{_count(f)}#{f['start']}" for f in figures if _counts(f)),
        "V1LOCATIONS": ";".join(_place(name) for name in _once(places)),
        "V2ENHANCEDLOCATIONS": ";".join(_place(name, start) for name, start in places),
        "V1PERSONS": ";".join(_once(persons)),
        "V2ENHANCEDPERSONS": ";".join(f"{name},{start}" for name, start in persons),
        "V1ORGANIZATIONS": ";".join(_once(organizations)),
        "V2ENHANCEDORGANIZATIONS": ";".join(f"{name},{start}" for name, start in organizations),
        "V2.1ENHANCEDDATES": ";".join(_dates(article.get("text") or "", figures)),
        "V2.1QUOTATIONS": "#".join(_quotation(q) for q in _quotes(article) if q["kind"] in QUOTATION_KINDS),
        "V2.1ALLNAMES": ";".join(f"{name},{start}" for name, start in _named(entities, None)),
        "V2.1AMOUNTS": ";".join(_amount(f) for f in figures if _stated(f) is not None),
        "V2EXTRASXML": _extras(article),
    }
    return [row.get(column, "") for column in COLUMNS]


def write_rows(articles: Iterable[dict], stream, batch: datetime) -> int:
    """Write one GKG line per article to ``stream``; the number of lines written."""
    count = 0
    for count, article in enumerate(articles, 1):
        stream.write("\t".join(gkg_row(article, record_id(batch, count))) + "\n")
    return count


def _document(article: dict) -> tuple[int, str, str]:
    """Collection, common name and identifier: the web page, or a citation of the article."""
    url, source = article.get("url"), article.get("source") or ""
    if url:
        host = urlsplit(url).hostname or ""
        return WEB, host.removeprefix("www.") or source, url
    parts = [p for p in (source, article.get("title"), article.get("published")) if p]
    return CITATION_ONLY, source, f"{', '.join(parts)} [{article.get('id')}]".strip()


def _date(published: str | None) -> str:
    return published.replace("-", "") + "000000" if published and _ISO_DATE.fullmatch(published) else ""


def _named(entities: list[dict], labels: frozenset[str] | None) -> list[tuple[str, int]]:
    """(name, offset) of each mention with one of ``labels`` (any label when None), in text order."""
    chosen = (e for e in entities if labels is None or e.get("label") in labels)
    named = ((field(e.get("canonical") or e.get("text") or "", LIST_DELIMITERS), e["start"]) for e in chosen)
    return sorted(((name, start) for name, start in named if name), key=lambda pair: pair[1])


def _once(mentions: list[tuple[str, int]]) -> list[str]:
    """Each name once, in the order of its first mention."""
    return list(dict.fromkeys(name for name, _ in mentions))


def _place(name: str, offset: int | None = None) -> str:
    """A V1LOCATIONS block (type#name#country#adm1#lat#long#featureid), or with an offset a
    V2ENHANCEDLOCATIONS one (adm2 after adm1, the offset last): the name only, no geocoding."""
    if offset is None:
        return "#".join(["", name, "", "", "", "", ""])
    return "#".join(["", name, "", "", "", "", "", "", str(offset)])


def _stated(figure: dict) -> float | None:
    """The number a figure states: its value, else its one bound ("more than 120": 120); a
    range or a vague amount ("dozens") states no single number."""
    if figure.get("value") is not None:
        return figure["value"]
    low, high = figure.get("low"), figure.get("high")
    if (low is None) != (high is None):
        return low if high is None else high
    return None


def _counts(figure: dict) -> bool:
    """Whether a figure is a GKG count: a mapped event, no unit, a number as stated."""
    return figure.get("event") in COUNT_TYPES and figure.get("unit") is None and _stated(figure) is not None


def _count(figure: dict) -> str:
    """A V1COUNTS block: type#count#object, then the location's name among empty geographic fields."""
    what = field(figure.get("counted") or "", LIST_DELIMITERS)
    where = field(figure.get("location") or "", LIST_DELIMITERS)
    return "#".join([COUNT_TYPES[figure["event"]], number(_stated(figure)), what, "", where, "", "", "", "", ""])


def _amount(figure: dict) -> str:
    what = field(figure.get("counted") or figure.get("unit") or "", LIST_DELIMITERS)
    return f"{number(_stated(figure))},{what},{figure['start']}"


def _quotes(article: dict) -> list[dict]:
    return sorted(article.get("quotes") or [], key=lambda q: q["start"])


def _quotation(quote: dict) -> str:
    verb = field(quote.get("cue") or "", QUOTE_DELIMITERS)
    return f"{quote['start']}|{quote['end'] - quote['start']}|{verb}|{field(quote['text'], QUOTE_DELIMITERS)}"


# dates as written, most precise first: (pattern, resolution, groups of month/day/year in the
# match, None: not given). The forms that begin with a month are tried only where a capitalised
# month name stands (``_MONTH_WORD``, one fast scan), the others over the whole text.
_DATE_FORMS = (
    (FULL_DATE, 3, (1, 2, 3)),
    (DAY_MONTH_YEAR, 3, (2, 1, 3)),
    (MONTH_YEAR, 2, (1, None, 2)),
    (MONTH_DAY, 4, (1, 2, None)),
    (YEAR, 1, (None, None, 1)),
)
_AFTER_MONTH = (FULL_DATE, MONTH_YEAR, MONTH_DAY)
_MONTH_WORD = re.compile("(?:" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\b")


def _date_matches(text: str) -> Iterator[tuple[int, re.Match]]:
    """(form number, match) of every reading of a date in ``text``."""
    months = [word.start() for word in _MONTH_WORD.finditer(text)]
    for form, (pattern, _, _) in enumerate(_DATE_FORMS):
        if pattern in _AFTER_MONTH:
            yield from ((form, match) for match in (pattern.match(text, at) for at in months) if match)
        else:
            yield from ((form, match) for match in pattern.finditer(text))


def _dates(text: str, figures: list[dict]) -> Iterator[str]:
    """V2.1ENHANCEDDATES blocks of the dates written in ``text``, in text order; the most
    precise reading of a stretch wins, and a number inside a figure is no date."""
    taken = [(f["start"], f["end"]) for f in figures]
    found = []
    for form, match in sorted(_date_matches(text), key=lambda pair: (pair[0], pair[1].start())):
        _, resolution, groups = _DATE_FORMS[form]
        span = match.span()
        if any(span[0] < end and start < span[1] for start, end in taken):
            continue
        parts = _date_parts(match, groups)
        if parts is not None:
            taken.append(span)
            found.append((span[0], resolution, *parts))
    for start, resolution, month, day, year in sorted(found):
        yield f"{resolution}#{month}#{day}#{year}#{start}"


def _date_parts(match: re.Match, groups: tuple[int | None, ...]) -> tuple[int, int, int] | None:
    """(month, day, year) of a date match, 0 for what it does not give; None when it is no
    real date: a lower-case month word ("may", "march" are verbs too) or no such day."""
    month_group, day_group, year_group = groups
    month = day = year = 0
    if month_group is not None:
        word = match.group(month_group)
        if not word[:1].isupper():
            return None
        month = MONTHS[word.lower()]
    if day_group is not None:
        day = int(match.group(day_group))
    if year_group is not None:
        year = int(match.group(year_group))
    if day:
        try:
            date(year or 2000, month, day)  # 2000: a leap year, so "February 29" alone stands
        except ValueError:
            return None
    return month, day, year


def _extras(article: dict) -> str:
    """V2EXTRASXML: title, authors, the article's store identity and every quote with its speaker."""
    elements = []
    if article.get("title"):
        elements.append(_element("PAGE_TITLE", article["title"]))
    if article.get("authors"):
        elements.append(_element("PAGE_AUTHORS", ";".join(field(a, ";") for a in article["authors"])))
    elements.append(_element("NEWSTRAIL_ARTICLE", None, SOURCE=article.get("source"), ID=article.get("id")))
    quotes = _quotes(article)
    if quotes:
        box = ET.Element("NEWSTRAIL_QUOTES")
        box.extend(_element("QUOTE", q["text"], OFFSET=q["start"], LENGTH=q["end"] - q["start"], KIND=q["kind"],
                            VERB=q.get("cue"), SPEAKER=q.get("speaker_resolved") or q.get("speaker"),
                            MEDIUM=q.get("medium")) for q in quotes)
        elements.append(box)
    return "".join(ET.tostring(e, encoding="unicode") for e in elements)


def _element(tag: str, text: object | None, **attributes: object) -> ET.Element:
    """An XML element whose text and attributes are fields (whitespace folded, controls escaped);
    ElementTree escapes what XML would read as markup."""
    element = ET.Element(tag, {k: field(v) for k, v in attributes.items() if v is not None})
    if text is not None:
        element.text = field(text)
    return element
