"""Typed records that flow between newstrail's layers, and their JSON form.

Every layer speaks these plain dataclasses rather than spaCy objects, so the store,
the CLI and the API never depend on a parse being in memory. ``to_dict`` gives the
documented JSON form (README, "Article JSON"); ``from_dict`` reads it back.
All ``start``/``end`` offsets are character offsets into the article's cleaned ``text``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal


@dataclass(slots=True)
class InputArticle:
    """One article as read from an input, before cleaning and analysis.

    ``id`` is the identifier the input gave (record id, file stem or URL); ``origin``
    says where it came from ("corpus.jsonl:17") for error reports and provenance.
    """

    id: str
    text: str
    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown/unparseable
    authors: list[str] = field(default_factory=list)
    origin: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class InputError:
    """An input that could not be read; ``location`` is "file", "file:line" or "file#record"."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


@dataclass(slots=True)
class Entity:
    text: str
    label: str
    start: int
    end: int
    canonical: str  # the article's best name for this entity ("Putin" -> "Vladimir Putin")


# how a quote is given: in quotation marks (whole or in part), reported, or "according to" someone
QuoteKind = Literal["direct", "partial", "indirect", "according_to"]


@dataclass(slots=True)
class Quote:
    """Who said what. ``kind`` is direct, partial, indirect or according_to."""

    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None  # the mention as written: "the spokesman", "he", "Kadyrov"
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_resolved: str | None = None  # best name in the article for the speaker
    speaker_entity: str | None = None  # canonical entity the speaker links to, if any
    medium: str | None = None  # "RIA Novosti", "a video", "his VKontakte page"


@dataclass(slots=True)
class Figure:
    """A numeric claim: how many of what, hedged how, said by whom, when and where.

    ``low``/``high`` bound the interval the text allows; ``value`` is the point value
    when the text gives one. ``derived`` figures (e.g. an implied remainder) were
    computed by newstrail and never appear in the text (``start``/``end`` are then
    those of the figure they derive from). Figures found in the headline have
    ``in_title`` set, and their ``start``/``end`` are offsets into the title.
    """

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
    about: str | None = None  # what the figure is a quantity of: "unemployment rose 3%" -> "unemployment"
    event: str | None = None  # normalised: killed, wounded, arrested, left, returned, ...
    event_verb: str | None = None  # the verb as written
    location: str | None = None
    time: str | None = None  # resolved: "2011", "2014-09", "2011/2015-06-16"
    time_text: str | None = None  # as written: "since 2011", "last September"
    source: str | None = None
    sentence: str = ""
    part_of: int | None = None  # index of the whole this figure is a part of
    derived: bool = False
    in_title: bool = False


@dataclass(slots=True)
class FigureCheck:
    """An in-article consistency finding over figures (by their ``index``)."""

    kind: Literal["consistent", "conflict", "parts_exceed_whole"]
    figures: list[int]
    note: str = ""


@dataclass(slots=True)
class Signal:
    """A sentence flagged by the sourcing analysis."""

    text: str
    start: int
    end: int
    reason: str  # what made it a claim (unsourced) or the hedge cue (hedged)


@dataclass(slots=True)
class SourcingSummary:
    claim_sentences: int = 0
    attributed: int = 0
    share_attributed: float | None = None
    named_sources: int = 0
    unnamed_sources: int = 0
    distinct_sources: int = 0


@dataclass(slots=True)
class Sourcing:
    unsourced: list[Signal] = field(default_factory=list)
    hedged: list[Signal] = field(default_factory=list)
    summary: SourcingSummary = field(default_factory=SourcingSummary)


@dataclass(slots=True)
class Article:
    """One analysed article: the JSON form documented in the README."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    text: str
    authors: list[str] = field(default_factory=list)
    boilerplate_removed: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    figure_checks: list[FigureCheck] = field(default_factory=list)
    sourcing: Sourcing = field(default_factory=Sourcing)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        sourcing = data.get("sourcing") or {}
        values = {f.name: data.get(f.name) for f in fields(cls) if f.name in data}
        values.update(
            entities=[Entity(**e) for e in data.get("entities", [])],
            quotes=[Quote(**q) for q in data.get("quotes", [])],
            figures=[Figure(**f) for f in data.get("figures", [])],
            figure_checks=[FigureCheck(**c) for c in data.get("figure_checks", [])],
            sourcing=Sourcing(
                unsourced=[Signal(**s) for s in sourcing.get("unsourced", [])],
                hedged=[Signal(**s) for s in sourcing.get("hedged", [])],
                summary=SourcingSummary(**(sourcing.get("summary") or {})),
            ),
        )
        return cls(**values)


@dataclass(slots=True)
class StoredArticle:
    """What ingest hands the store for one article: the analysis plus bookkeeping.

    The store's identity for an article is ``(article.source, article.id)``; saving one
    that exists already is a no-op, which makes re-ingest idempotent. ``copy_of`` names
    the ``(source, id)`` of an earlier article this one is an exact or near copy of
    (it may be earlier in the same batch).
    """

    article: Article
    content_hash: str
    origin: str = ""
    minhash: bytes | None = None
    copy_of: tuple[str | None, str] | None = None
    copy_kind: str | None = None  # "exact" | "near"
    similarity: float | None = None
    line_keys: list[str] = field(default_factory=list)  # learned-boilerplate candidate lines seen
