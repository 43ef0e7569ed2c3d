"""Records of corpus linking: stories, quote clusters, figure matches and series, provenance.

Plain dataclasses, like ``newstrail.records``; ``to_dict`` gives the JSON form the CLI and API
print (documented on each class). An article is named everywhere by ``article`` (its ``id`` as
given in the input record or file name) together with ``source`` (the outlet): the store's
identity for an article is ``(source, id)``. ``order`` is the article's ingest order (0-based),
used to break ties between equal publication dates.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from newstrail.records import QuoteKind

ArticleKey = tuple[str | None, str]  # (source, id): the store's identity for an article


def key_str(key: ArticleKey) -> str:
    """A printable form of an article key: ``source/id`` (``/id`` when the source is unknown)."""
    return f"{key[0] or ''}/{key[1]}"


@dataclass(slots=True)
class StoryArticle:
    """One article of a story. JSON: ``{"id", "source", "title", "published", "order",
    "similarity", "copy_of"}``; ``similarity`` is its score against the story when it joined
    (1.0 for the article that opened it), ``copy_of`` the ``[source, id]`` of the article it is a
    wire copy of, or null."""

    id: str
    source: str | None
    title: str | None = None
    published: str | None = None
    order: int = 0
    similarity: float = 1.0
    copy_of: ArticleKey | None = None

    @property
    def key(self) -> ArticleKey:
        return (self.source, self.id)


@dataclass(slots=True)
class Story:
    """Articles that report one event. JSON: ``{"id": "s12", "first_published", "last_published",
    "outlets": [...], "articles": [StoryArticle...], "mode": "tfidf" | "tfidf+embeddings"}``.
    ``mode`` says which similarity the linker used."""

    id: str
    articles: list[StoryArticle] = field(default_factory=list)
    mode: str = "tfidf"

    @property
    def outlets(self) -> list[str]:
        return sorted({a.source for a in self.articles if a.source})

    @property
    def first_published(self) -> str | None:
        dates = [a.published for a in self.articles if a.published]
        return min(dates) if dates else None

    @property
    def last_published(self) -> str | None:
        dates = [a.published for a in self.articles if a.published]
        return max(dates) if dates else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_published": self.first_published,
            "last_published": self.last_published,
            "outlets": self.outlets,
            "mode": self.mode,
            "articles": [asdict(a) for a in self.articles],
        }


@dataclass(slots=True)
class QuoteMember:
    """One article's copy of a matched quote. ``index`` is the quote's position in the
    article's ``quotes``; ``partial`` is true when the copy carries only part of the longest
    version; ``speaker``/``speaker_entity``/``cue``/``medium``/``kind`` are as that article
    gives them."""

    article: str
    source: str | None
    published: str | None
    order: int
    index: int
    text: str
    kind: QuoteKind
    speaker: str | None = None
    speaker_resolved: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None
    medium: str | None = None
    partial: bool = False
    similarity: float = 1.0


@dataclass(slots=True)
class QuoteCluster:
    """The same quotation carried by several articles. JSON: ``{"id": "q3", "text": the longest
    version, "speakers": [distinct canonical speakers], "speaker_conflict": bool,
    "outlets": [...], "members": [QuoteMember...]}``; members are in (published, order) order."""

    id: str
    text: str
    members: list[QuoteMember] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        names = [m.speaker_entity or m.speaker_resolved for m in self.members]
        return sorted({n for n in names if n})

    @property
    def speaker_conflict(self) -> bool:
        return len(self.speakers) > 1

    @property
    def outlets(self) -> list[str]:
        return sorted({m.source for m in self.members if m.source})

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "speakers": self.speakers,
            "speaker_conflict": self.speaker_conflict,
            "outlets": self.outlets,
            "members": [asdict(m) for m in self.members],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "QuoteCluster":
        """The stored JSON form back (an incremental link starts from the stored clusters)."""
        return cls(data["id"], data["text"], [QuoteMember(**m) for m in data["members"]])


@dataclass(slots=True)
class FigureRef:
    """One figure as one article gives it. ``index`` is ``Figure.index`` in that article;
    ``low``/``high`` are the interval compared (null = unbounded); ``medium`` is a medium
    named for it ("told RIA Novosti"), if any."""

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
    claimed_by: str | None = None  # Figure.source: who the article says gave the number
    medium: str | None = None
    hedge: str | None = None
    in_title: bool = False  # Figure.in_title: given in the headline (which credits no one by convention)


@dataclass(slots=True)
class FigureMatch:
    """Two figures from different articles about the same thing, compared. ``kind`` is
    ``agree`` (intervals overlap), ``conflict`` (same counted/event/place, compatible time,
    disjoint intervals) or ``scope`` (same counted and event but one place or counted group
    contains the other: not comparable as equals). JSON: ``{"id": "f4", "kind", "thing":
    [counted, event, location], "note", "a": FigureRef, "b": FigureRef}``."""

    id: str
    kind: Literal["agree", "conflict", "scope"]
    a: FigureRef
    b: FigureRef
    thing: tuple[str, str, str] = ("", "", "")
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "thing": list(self.thing), "note": self.note,
                "a": asdict(self.a), "b": asdict(self.b)}


@dataclass(slots=True)
class FigureSeries:
    """Every figure given for one thing (counted + event + place), in (published, order) order:
    how the number moved and who said what; or, within a story, every mention of one exact sum
    of money or rate that no event ties to anything (``thing`` ``["7.7 percent", "", ""]``).
    JSON: ``{"id": "fs2", "thing": [counted, event, location], "story": story id or null,
    "outlets": [...], "conflict": bool, "figures": [FigureRef...], "scope_related": [ids of
    series about a wider or narrower thing]}``."""

    id: str
    thing: tuple[str, str, str]
    figures: list[FigureRef] = field(default_factory=list)
    conflict: bool = False
    scope_related: list[str] = field(default_factory=list)
    story: str | None = None  # the story it was matched within, when stories were given

    @property
    def outlets(self) -> list[str]:
        return sorted({f.source for f in self.figures if f.source})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "story": self.story, "thing": list(self.thing), "outlets": self.outlets,
                "conflict": self.conflict, "scope_related": list(self.scope_related),
                "figures": [asdict(f) for f in self.figures]}


@dataclass(slots=True)
class Carrier:
    """An article that carries a matched quote or figure, as provenance lists it: the
    attribution and the news medium it gives the quote or figure (anywhere in the article)."""

    article: str
    source: str | None
    published: str | None
    order: int
    attribution: str | None = None  # speaker (quotes) or claimed-by (figures) as this article gives it
    medium: str | None = None


@dataclass(slots=True)
class Provenance:
    """Where a matched quote or figure series came from. JSON: ``{"target": "q3" | "fs2",
    "kind": "quote" | "figure", "earliest": Carrier, "origin_medium": "RIA Novosti" | null,
    "origin": "medium" | "earliest_article", "origin_reason": "named medium" | "earliest
    carrier", "carriers": [Carrier...], "attribution": the attribution most carriers give,
    "attribution_dropped": [Carrier...], "medium_dropped": [Carrier...]}``. ``carriers`` has
    one entry per article, with the attribution and news medium that article gives the thing
    anywhere in it. ``earliest`` is by publication date, then ingest order (undated articles
    come after dated ones). A news medium named anywhere ("told RIA Novosti") is the origin
    even when that medium has no article in the corpus; ``origin_reason`` says in words which
    rule gave the origin."""

    target: str
    kind: Literal["quote", "figure"]
    earliest: Carrier
    carriers: list[Carrier] = field(default_factory=list)
    origin_medium: str | None = None
    attribution: str | None = None
    attribution_dropped: list[Carrier] = field(default_factory=list)
    medium_dropped: list[Carrier] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return "medium" if self.origin_medium else "earliest_article"

    @property
    def origin_reason(self) -> str:
        return "named medium" if self.origin_medium else "earliest carrier"

    def to_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "kind": self.kind,
            "origin": self.origin,
            "origin_reason": self.origin_reason,
            "origin_medium": self.origin_medium,
            "earliest": asdict(self.earliest),
            "attribution": self.attribution,
            "carriers": [asdict(c) for c in self.carriers],
            "attribution_dropped": [asdict(c) for c in self.attribution_dropped],
            "medium_dropped": [asdict(c) for c in self.medium_dropped],
        }


@dataclass(slots=True)
class ExclusiveDetail:
    """A detail only one outlet of a story carries. JSON: ``{"story", "kind": "figure" |
    "quote", "target": series or cluster id or null, "article", "source", "text"}``."""

    story: str
    kind: Literal["quote", "figure"]
    article: str
    source: str | None
    text: str
    target: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
