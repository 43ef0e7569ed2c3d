"""The API's requests and responses (they make the OpenAPI document).

Responses are generated from the records the interfaces share (``newstrail.records``,
``newstrail.store.rows``, ``newstrail.link.records``, ``newstrail.views``): a record whose
JSON form is its fields is a response model as it is, and one whose ``to_dict()`` adds
properties (a story's ``outlets``) gets a model made from its fields and properties by
:func:`json_form`. A field added to a record thus shows up in the API and its schema without a
second edit. Only pages, counts and requests are written out here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, Generic, TypeVar, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, create_model

from newstrail import records, views
from newstrail.link import records as link
from newstrail.store import rows

T = TypeVar("T")

MAX_TEXT_CHARS = 1_000_000


def _properties(record: type) -> dict[str, property]:
    return {name: attr for name, attr in vars(record).items() if isinstance(attr, property)}


def _adds_properties(record: type) -> bool:
    """Whether the record's JSON form (``to_dict``) holds more than its fields."""
    return hasattr(record, "to_dict") and any(_properties(cls) for cls in record.__mro__)


def _json_type(hint: Any) -> Any:
    """``hint`` with every record in it whose JSON form adds properties replaced by its :func:`json_form`
    (``list[QuoteCluster]`` inside a story detail lists clusters with their ``outlets``)."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return json_form(hint) if _adds_properties(hint) else hint
    args = typing.get_args(hint)
    if not args:
        return hint
    mapped = tuple(_json_type(a) for a in args)
    if mapped == args:
        return hint
    origin = typing.get_origin(hint)
    return typing.Union[mapped] if origin in (typing.Union, types.UnionType) else origin[mapped]


@cache
def json_form(record: type) -> type[BaseModel]:
    """A model of a record whose ``to_dict()`` adds its properties to its fields, in the order
    ``to_dict`` and the API give them: each class's fields, then its properties, base first."""
    hints = get_type_hints(record)
    fields: dict[str, Any] = {}
    own = {f.name: f for f in dataclasses.fields(record)}
    for cls in reversed(record.__mro__):
        for name in (n for n in vars(cls).get("__annotations__", {}) if n in own):
            f = own[name]
            if f.default_factory is not dataclasses.MISSING:
                fields[name] = (_json_type(hints[name]), Field(default_factory=f.default_factory))
            else:
                fields[name] = (_json_type(hints[name]), ... if f.default is dataclasses.MISSING else f.default)
        for name, attr in _properties(cls).items():
            fields[name] = (_json_type(get_type_hints(attr.fget)["return"]), ...)
    return create_model(record.__name__, __doc__=record.__doc__, **fields)


Article = records.Article
ArticleDetail = views.ArticleDetail
ArticleRow, QuoteRow, FigureRow = rows.ArticleRow, rows.QuoteRow, rows.FigureRow
Story = json_form(link.Story)
QuoteCluster = json_form(link.QuoteCluster)
FigureSeries = json_form(link.FigureSeries)
Provenance = json_form(link.Provenance)
StoryDetail = json_form(views.StoryDetail)
Trail = json_form(views.Trail)
Speaker = views.SpeakerSummary
SearchResults = views.SearchResults


class Page(BaseModel, Generic[T]):
    __doc__ = views.Page.__doc__

    items: list[T]
    next: int | str | None = None


class Counts(BaseModel):
    counts: dict[str, int]
    links: bool = Field(description="whether corpus linking (stories, series, provenance) is available")


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
