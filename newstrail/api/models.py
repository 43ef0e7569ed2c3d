"""Pydantic models of the API's requests and responses (they make the OpenAPI document).

The article model mirrors ``records.Article.to_dict()`` (the JSON form documented in the
README); the linking models mirror ``newstrail.link.records`` ``to_dict()`` forms; the row
models mirror ``newstrail.store.rows``. Responses are built from those ``to_dict`` forms, so a
field added there shows up here only when it is added to the model too (extra keys are dropped).
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

MAX_TEXT_CHARS = 1_000_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _Open(BaseModel):
    """Parts of the article JSON form: fields added to the records later pass through."""

    model_config = ConfigDict(extra="allow")


# --- the article JSON form -----------------------------------------------------------------

class Entity(_Open):
    text: str
    label: str
    start: int
    end: int
    canonical: str


class Quote(_Open):
    text: str
    start: int
    end: int
    kind: str = Field(description="direct, partial, indirect or according_to")
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_resolved: str | None = None
    speaker_entity: str | None = None
    medium: str | None = None


class Figure(_Open):
    index: int
    text: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    low_inclusive: bool = True
    high_inclusive: bool = True
    approximate: bool = False
    hedge: str | None = None
    unit: str | None = None
    counted: str | None = None
    event: str | None = None
    event_verb: str | None = None
    location: str | None = None
    time: str | None = None
    time_text: str | None = None
    source: str | None = None
    sentence: str = ""
    part_of: int | None = None
    derived: bool = False
    in_title: bool = Field(False, description="the figure is in the headline; start/end are offsets into the title")


class FigureCheck(_Open):
    kind: str = Field(description="consistent, conflict or parts_exceed_whole")
    figures: list[int]
    note: str = ""


class Signal(_Open):
    text: str
    start: int
    end: int
    reason: str


class SourcingSummary(_Open):
    claim_sentences: int = 0
    attributed: int = 0
    share_attributed: float | None = None
    named_sources: int = 0
    unnamed_sources: int = 0
    distinct_sources: int = 0


class Sourcing(_Open):
    unsourced: list[Signal] = []
    hedged: list[Signal] = []
    summary: SourcingSummary = SourcingSummary()


class Article(_Open):
    """One analysed article in the JSON form of the README."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    text: str
    authors: list[str] = []
    boilerplate_removed: list[str] = []
    entities: list[Entity] = []
    quotes: list[Quote] = []
    figures: list[Figure] = []
    figure_checks: list[FigureCheck] = []
    sourcing: Sourcing = Sourcing()
    notes: list[str] = []


# --- store rows ------------------------------------------------------------------------------

class ArticleRow(_Model):
    pk: int = Field(description="the store number (ingest order); the `after` cursor")
    id: str
    source: str | None
    title: str | None
    published: str | None
    language: str | None
    url: str | None = None
    words: int = 0
    quotes: int = 0
    figures: int = 0


class QuoteRow(Quote):
    id: int = Field(description="the quote's store id; the `after` cursor")
    article_pk: int
    article_id: str
    source: str | None = Field(description="the article's outlet")
    published: str | None
    title: str | None


class FigureRow(Figure):
    id: int = Field(description="the figure's store id; the `after` cursor")
    article_pk: int
    article_id: str
    outlet: str | None = Field(description="the article's outlet (`source` is who the figure is attributed to)")
    published: str | None
    title: str | None


class Page(BaseModel, Generic[T]):
    """One page of a list. Pass ``next`` as ``after`` to get the following page; it is null on
    the last page. Cursors are store ids, so pages stay stable while articles are added."""

    items: list[T]
    next: int | str | None = None


class Counts(BaseModel):
    counts: dict[str, int]
    links: bool = Field(description="whether corpus linking (stories, series, provenance) is available")


class Speaker(_Model):
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


# --- corpus linking (newstrail.link.records) ------------------------------------------------

class StoryArticle(_Model):
    id: str
    source: str | None
    title: str | None = None
    published: str | None = None
    order: int = 0
    similarity: float = 1.0
    copy_of: list[str | None] | None = None


class Story(_Model):
    id: str
    first_published: str | None = None
    last_published: str | None = None
    outlets: list[str] = []
    mode: str = "tfidf"
    articles: list[StoryArticle] = []


class QuoteMember(_Model):
    article: str
    source: str | None
    published: str | None
    order: int
    index: int
    text: str
    kind: str
    speaker: str | None = None
    speaker_resolved: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None
    medium: str | None = None
    partial: bool = False
    similarity: float = 1.0


class QuoteCluster(_Model):
    id: str
    text: str
    speakers: list[str] = []
    speaker_conflict: bool = False
    outlets: list[str] = []
    members: list[QuoteMember] = []


class FigureRef(_Model):
    article: str
    source: str | None
    published: str | None
    order: int
    index: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    counted: str | None
    event: str | None
    location: str | None
    time: str | None
    claimed_by: str | None = None
    medium: str | None = None
    hedge: str | None = None


class FigureMatch(_Model):
    id: str
    kind: Literal["agree", "conflict", "scope"] | str
    thing: list[str | None] = []
    note: str = ""
    a: FigureRef
    b: FigureRef


class FigureSeries(_Model):
    id: str
    thing: list[str | None] = []
    outlets: list[str] = []
    conflict: bool = False
    scope_related: list[str] = []
    figures: list[FigureRef] = []


class Carrier(_Model):
    article: str
    source: str | None
    published: str | None
    order: int
    attribution: str | None = None
    medium: str | None = None


class Provenance(_Model):
    target: str
    kind: str
    origin: str
    origin_medium: str | None = None
    earliest: Carrier
    attribution: str | None = None
    carriers: list[Carrier] = []
    attribution_dropped: list[Carrier] = []
    medium_dropped: list[Carrier] = []


class ExclusiveDetail(_Model):
    story: str
    kind: str
    article: str
    source: str | None
    text: str
    target: str | None = None


class StoryDetail(Story):
    quotes: list[QuoteCluster] = []
    figures: list[FigureMatch] = []
    series: list[FigureSeries] = []
    provenance: list[Provenance] = []
    exclusives: list[ExclusiveDetail] = []


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
    read: int
    ingested: int
    duplicates: int
    copies: int
    non_english: int
    failed: list[dict[str, str]] = []


class Problem(BaseModel):
    detail: str
