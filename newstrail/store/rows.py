"""Row types the store's list queries return (JSON-ready through ``to_dict``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from newstrail.records import QuoteKind


@dataclass(slots=True)
class ArticleRow:
    """One article in a listing. ``pk`` is the store number (ingest order), ``id`` the id
    the input gave; ``words``/``quotes``/``figures`` are counts."""

    pk: int
    id: str
    source: str | None
    title: str | None
    published: str | None
    language: str | None
    url: str | None
    words: int
    quotes: int
    figures: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class QuoteRow:
    """One quote with its article. ``id`` is the quote's store id (the ``after`` cursor);
    ``source`` is the article's outlet; the rest are the fields of ``records.Quote``."""

    id: int
    article_pk: int
    article_id: str
    source: str | None
    published: str | None
    title: str | None
    text: str
    start: int
    end: int
    kind: QuoteKind
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_resolved: str | None
    speaker_entity: str | None
    medium: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class FigureRow:
    """One figure with its article. ``id`` is the figure's store id (the ``after`` cursor).
    The article's outlet is ``outlet`` because ``source`` is the figure's own field (who the
    figure is attributed to); the rest are the fields of ``records.Figure``."""

    id: int
    article_pk: int
    article_id: str
    outlet: str | None
    published: str | None
    title: str | None
    index: int
    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    low_inclusive: bool
    high_inclusive: bool
    approximate: bool
    hedge: str | None
    unit: str | None
    counted: str | None
    about: str | None
    event: str | None
    event_verb: str | None
    location: str | None
    time: str | None
    time_text: str | None
    source: str | None
    sentence: str
    part_of: int | None
    derived: bool
    in_title: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
