"""The API's requests and responses (they make the OpenAPI document).

Responses are the records' own dataclasses (``newstrail.records``, ``newstrail.store.rows``,
``newstrail.link.records``), so a field added to a record shows up in the API and its schema
without a second edit. Only pages, composites and requests are written out here.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from newstrail import records
from newstrail.link import records as link
from newstrail.store import rows

T = TypeVar("T")

MAX_TEXT_CHARS = 1_000_000


def json_form(record: type, properties: bool = True) -> type[BaseModel]:
    """A model of a record whose ``to_dict()`` adds its properties (a story's ``outlets``) to its
    fields (``properties=False``: the fields only, as a base for a composite); records whose JSON
    form is just their fields are response models as they are."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        if f.default_factory is not dataclasses.MISSING:
            fields[f.name] = (hints[f.name], Field(default_factory=f.default_factory))
        else:
            fields[f.name] = (hints[f.name], ... if f.default is dataclasses.MISSING else f.default)
    for name, attr in vars(record).items() if properties else ():
        if isinstance(attr, property):
            fields[name] = (get_type_hints(attr.fget)["return"], ...)
    return create_model(record.__name__, __doc__=record.__doc__, **fields)


Article = records.Article
ArticleRow, QuoteRow, FigureRow = rows.ArticleRow, rows.QuoteRow, rows.FigureRow
Story = json_form(link.Story)
QuoteCluster = json_form(link.QuoteCluster)
FigureSeries = json_form(link.FigureSeries)
Provenance = json_form(link.Provenance)


class Page(BaseModel, Generic[T]):
    """One page of a list. Pass ``next`` as ``after`` to get the following page; it is null on
    the last page. Cursors are store ids, so pages stay stable while articles are added."""

    items: list[T]
    next: int | str | None = None


class Counts(BaseModel):
    counts: dict[str, int]
    links: bool = Field(description="whether corpus linking (stories, series, provenance) is available")


class Speaker(BaseModel):
    """One person as the speaker lists show them (``newstrail.api.links.speaker_row``)."""

    name: str
    quotes: int
    outlets: list[str] = []
    articles: int | None = None
    first: str | None = None
    last: str | None = None


class SearchResults(BaseModel):
    query: str
    articles: list[ArticleRow]
    quotes: list[QuoteRow]
    speakers: list[Speaker]


class Omits(BaseModel):
    """Ids of the story's shared quote clusters and figure series an article does not carry."""

    quotes: list[str] = []
    figures: list[str] = []


class SideBySide(json_form(link.StoryArticle, properties=False)):  # type: ignore[misc]
    """One article of a story beside the others: the shared quote clusters and figure series it
    carries and omits, the ones it carries without the attribution others give, and the details
    only it reports."""

    quotes: list[str] = []
    figures: list[str] = []
    omits: Omits = Omits()
    attribution_dropped: list[str] = []
    exclusive: list[str] = []


class StoryDetail(Story):
    """A story with its matched quotes and figures, series, provenance, exclusive details,
    conflicting figures and the outlets side by side (the form of ``newstrail story ID --json``)."""

    quotes: list[QuoteCluster] = []
    figures: list[link.FigureMatch] = []
    series: list[FigureSeries] = []
    provenance: list[Provenance] = []
    exclusive: list[link.ExclusiveDetail] = []
    conflicts: list[link.FigureMatch] = []
    side_by_side: list[SideBySide] = []


# --- requests ------------------------------------------------------------------------------

class AnalyzeRequest(BaseModel):
    """An article to analyse without storing it. Only ``text`` is required."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=500)
    url: str | None = Field(None, max_length=4000)
    published: str | None = Field(None, max_length=64, description="a date; normalised to YYYY-MM-DD when readable")
    id: str | None = Field(None, max_length=500)
    authors: list[str] = Field(default_factory=list, max_length=50)


class IngestRequest(BaseModel):
    """Articles to analyse and store (needs the server's token)."""

    model_config = ConfigDict(extra="forbid")

    articles: list[AnalyzeRequest] = Field(min_length=1, max_length=500)


class IngestResult(BaseModel):
    """``ingest.Tally.to_dict()``, written out: importing ``newstrail.ingest`` loads spaCy."""

    read: int
    ingested: int
    duplicates: int
    copies: int
    non_english: int
    failed: list[dict[str, str]] = []


class Problem(BaseModel):
    detail: str
