"""The JSON API: read endpoints under ``/api``, ``POST /analyze`` and ``POST /ingest``.

Lists are paged by cursor: each answer has ``items`` and ``next``; pass ``next`` back as
``after`` for the following page (null on the last one). Cursors hold the last row's place in
the list's ``order``: in an order by id alone, the id (articles, quotes and figures: the store
id, an integer; stories, quote clusters and series: the linker's, such as ``s12``; speakers: the
name); else an opaque string with the sort key and the id, valid only with the same ``order``.
So a page does not shift when articles are added after it was read.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Header, HTTPException, Path, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError

from newstrail import views
from newstrail.api import models
from newstrail.api.context import UPLOAD_FORMATS, Context
from newstrail.api.links import Links
from newstrail.store.articles import MAX_PK

router = APIRouter()

Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]
IntCursor = Annotated[int | None, Query(ge=0, le=MAX_PK, description="the `next` of the previous page")]
LinkId = Annotated[str, Path(min_length=1, max_length=100)]  # a story, quote cluster, series or trail id
InStory = Annotated[str | None, Query(min_length=1, max_length=100, description="only those of this story")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]
# a list's cursor in its order: the store id, or the sort key and the id ("2024-03-01|123")
KeyCursor = Annotated[str | None, Query(min_length=1, max_length=500, pattern=r"(?:^|\|)[0-9]{1,10}$",
                                        description="the `next` of the previous page, with the same `order`")]
ArticleOrder = Annotated[Literal[views.ARTICLE_ORDERS], Query(description=(
    "by date published (`-published`: newest first), store number, headline or outlet; a leading `-` "
    "reverses; undated articles come last either way"))]
_REVERSES = "; a leading `-` reverses"
QuoteOrder = Annotated[Literal[views.QUOTE_ORDERS], Query(description=(
    "by the article's date (`-published`: newest first, undated last either way), store id or outlet" + _REVERSES))]
FigureOrder = Annotated[Literal[views.FIGURE_ORDERS], Query(description=(
    "by the article's date (`-published`: newest first, undated last either way), store id, outlet, what is "
    "counted or the event" + _REVERSES))]
StoryOrder = Annotated[Literal[views.STORY_ORDERS], Query(description=(
    "by the date of the last or first article (`-last_published`: the latest reported first, undated last "
    "either way), how many articles or outlets, or id (`s1`: the earliest story)" + _REVERSES))]
ClusterOrder = Annotated[Literal[views.CLUSTER_ORDERS], Query(description=(
    "by id (the linker's order), how many articles carry the quote, or its text" + _REVERSES))]
SeriesOrder = Annotated[Literal[views.SERIES_ORDERS], Query(description=(
    "by id (the linker's order), how many figures, what is counted or the event" + _REVERSES))]
SpeakerOrder = Annotated[Literal[views.SPEAKER_ORDERS], Query(description=(
    "by quotes (`-quotes`: the most quoted first), articles quoting them, or name; equals by name" + _REVERSES))]
# a linking list's cursor in its order: the id ("s12", a speaker's name), or the sort key and the id
LinkCursor = Annotated[str | None, Query(min_length=1, max_length=500,
                                         description="the `next` of the previous page, with the same `order`")]

NOT_FOUND = {404: {"model": models.Problem, "description": "no such record"}}
LIMITED = {413: {"model": models.Problem, "description": "more text than the server analyses in one request"},
           503: {"model": models.Problem, "description": "the server is busy or the analysis took too long; "
                                                          "see Retry-After"}}
NO_LINKS = {501: {"model": models.Problem, "description": "this store has no corpus-linking data"}}


def ctx(request: Request) -> Context:
    return request.app.state.ctx


def links(request: Request) -> Links:
    return request.app.state.links


def found(record, missing: str):
    """The record, or a 404 saying what is missing."""
    if record is None:
        raise HTTPException(404, missing)
    return record


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- articles, quotes, figures ------------------------------------------------------------------

@router.get("/api/counts", response_model=models.Counts, tags=["store"], summary="What the store holds")
def counts(request: Request):
    return {"counts": ctx(request).store.counts(), "links": links(request).available}


@router.get("/api/articles", response_model=models.Page[models.ArticleRow], tags=["articles"], summary="Search and list articles")
def list_articles(
    request: Request,
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="full-text search in titles and text")] = None,
    source: Text = None,
    language: Annotated[str | None, Query(min_length=2, max_length=16, pattern=r"^[A-Za-z-]+$")] = None,
    date_from: Day = None,
    date_to: Day = None,
    limit: Limit = 50,
    after: KeyCursor = None,
    order: ArticleOrder = views.ARTICLES_ORDER,
):
    return _listed(lambda: views.articles(ctx(request).store, source=source, search=q, language=language,
                                          date_from=_iso(date_from), date_to=_iso(date_to), limit=limit, after=after,
                                          order=order))


def _listed(read) -> dict:
    """``read()``'s page as JSON; a cursor that is none of the list's order is a bad parameter
    (422, in the form of every other)."""
    try:
        return read().to_dict()
    except views.CursorError as error:
        raise RequestValidationError([{"loc": ("query", "after"), "msg": str(error), "type": "value_error"}]) from None


@router.get("/api/articles/{ref:path}", response_model=models.ArticleDetail, responses=NOT_FOUND, tags=["articles"],
            summary="One article in its JSON form, with the ids of its story, quote clusters and figure series")
def get_article(
    request: Request,
    ref: Annotated[str, Path(min_length=1, max_length=2000, description="the article's id as given in its input, or its store number")],
    source: Text = None,
):
    return found(views.find_article(ctx(request).store, ref, source), "no such article").to_dict()


@router.get("/api/quotes", response_model=models.Page[models.QuoteRow], tags=["quotes"], summary="Search and list quotes")
def list_quotes(request: Request, speaker: Text = None, source: Text = None, q: Text = None, limit: Limit = 50,
                after: KeyCursor = None, order: QuoteOrder = views.QUOTES_ORDER):
    return _listed(lambda: views.quotes(ctx(request).store, speaker=speaker, source=source, search=q, limit=limit,
                                        after=after, order=order))


@router.get("/api/figures", response_model=models.Page[models.FigureRow], tags=["figures"], summary="List figures")
def list_figures(request: Request, event: Text = None, counted: Text = None, entity: Text = None,
                 source: Annotated[str | None, Query(min_length=1, max_length=200, description="the article's outlet")] = None,
                 limit: Limit = 50, after: KeyCursor = None, order: FigureOrder = views.FIGURES_ORDER):
    return _listed(lambda: views.figures(ctx(request).store, event=event, counted=counted, entity=entity, source=source,
                                         limit=limit, after=after, order=order))


@router.get("/api/speakers", response_model=models.Page[models.Speaker], tags=["speakers"],
            summary="Who is quoted, how often, by which outlets")
def list_speakers(request: Request, q: Text = None, limit: Limit = 50, after: LinkCursor = None,
                  order: SpeakerOrder = views.SPEAKERS_ORDER):
    """Works on a store never linked (no speakers yet), so search needs no linking."""
    return _listed(lambda: views.speakers(ctx(request).store, search=q, limit=limit, after=after, order=order))


@router.get("/api/speakers/{name}/quotes", response_model=models.Page[models.QuoteRow], tags=["speakers"],
            summary="Everything one speaker is quoted as saying")
def speaker_quotes(request: Request, name: Annotated[str, Path(min_length=1, max_length=200)], limit: Limit = 50,
                   after: IntCursor = None):
    return views.quotes(ctx(request).store, speaker=name, limit=limit, after=after, order="id").to_dict()


@router.get("/api/search", response_model=models.SearchResults, tags=["search"],
            summary="Search articles, quotes (by text or speaker) and speakers at once")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)], limit: Annotated[int, Query(ge=1, le=50)] = 10):
    return views.search(ctx(request).store, q, limit).to_dict()


# --- corpus linking ---------------------------------------------------------------------------

@router.get("/api/stories", response_model=models.Page[models.Story], responses=NO_LINKS, tags=["stories"],
            summary="Stories: articles from several outlets about one event")
def list_stories(
    request: Request,
    limit: Limit = 50,
    after: LinkCursor = None,
    article: Annotated[str | None, Query(min_length=1, max_length=2000, description=(
        "only the stories holding this article: its id as given in its input (every outlet's article "
        "of that id), or its store number"))] = None,
    order: StoryOrder = views.STORIES_ORDER,
):
    links(request).require()
    return _listed(lambda: views.stories(ctx(request).store, limit=limit, after=after, article=article, order=order))


@router.get("/api/stories/{story_id}", response_model=models.StoryDetail, responses={**NOT_FOUND, **NO_LINKS},
            tags=["stories"], summary="One story: articles, matched quotes and figures, provenance")
def get_story(request: Request, story_id: LinkId):
    return found(links(request).story(story_id), "no such story")


@router.get("/api/quote-clusters", response_model=models.Page[models.QuoteCluster], responses=NO_LINKS, tags=["quotes"],
            summary="The same quotation carried by several articles")
def list_quote_clusters(request: Request, story: InStory = None, limit: Limit = 50, after: LinkCursor = None,
                        order: ClusterOrder = views.CLUSTERS_ORDER):
    links(request).require()
    return _listed(lambda: views.quote_clusters(ctx(request).store, story=story, limit=limit, after=after,
                                                order=order))


@router.get("/api/quote-clusters/{cluster_id}", response_model=models.QuoteCluster, responses={**NOT_FOUND, **NO_LINKS},
            tags=["quotes"], summary="One matched quotation and the articles carrying it")
def get_quote_cluster(request: Request, cluster_id: LinkId):
    return found(links(request).quote_cluster(cluster_id), "no such quote cluster")


@router.get("/api/series", response_model=models.Page[models.FigureSeries], responses=NO_LINKS, tags=["figures"],
            summary="Figure series: every figure given for one thing")
def list_series(request: Request, story: InStory = None, limit: Limit = 50, after: LinkCursor = None,
                order: SeriesOrder = views.SERIES_ORDER):
    links(request).require()
    return _listed(lambda: views.figure_series(ctx(request).store, story=story, limit=limit, after=after,
                                               order=order))


@router.get("/api/series/{series_id}", response_model=models.FigureSeries, responses={**NOT_FOUND, **NO_LINKS},
            tags=["figures"], summary="One figure series")
def get_series(request: Request, series_id: LinkId):
    return found(links(request).series(series_id), "no such figure series")


@router.get("/api/trail/{target}", response_model=models.Trail, responses={**NOT_FOUND, **NO_LINKS},
            tags=["provenance"], summary="A matched quote or figure series: its provenance, carriers and stories")
def get_trail(request: Request, target: LinkId):
    return found(links(request).trail(target), "no trail for that id")


# --- analysis and ingest --------------------------------------------------------------------

# analysis endpoints are sync: FastAPI runs them (and the response's validation) in its thread
# pool, and they wait there for the analysis, which runs in the gate's own threads

@router.post("/analyze", response_model=models.Article, tags=["analysis"], responses=LIMITED,
             summary="Analyse a pasted article without storing it")
@router.post("/api/analyze", response_model=models.Article, tags=["analysis"], include_in_schema=False)
def analyze(request: Request, body: models.AnalyzeRequest):
    context = ctx(request)
    item = context.input_from_fields(body.model_dump())
    return context.analyse_limited([item])[0].to_dict()


@router.post("/analyze/file", response_model=list[models.Article], tags=["analysis"],
             responses={400: {"model": models.Problem}, **LIMITED},
             summary="Analyse an uploaded file (text, HTML, JSONL, CSV or WARC) without storing it")
@router.post("/api/analyze/file", response_model=list[models.Article], tags=["analysis"], include_in_schema=False)
def analyze_file(
    request: Request,
    file: Annotated[UploadFile, File(description="the article file; at most 20 articles are read from it")],
    source: Annotated[str | None, Form(max_length=500)] = None,
    format: Annotated[str, Form(pattern=f"^({'|'.join(UPLOAD_FORMATS)})$")] = "auto",
):
    context = ctx(request)
    data = file.file.read()
    articles, errors = context.analyse_upload(data, file.filename, format, source or None)
    if not articles:
        detail = "; ".join(str(e) for e in errors[:5]) or "no article found in the file"
        raise HTTPException(400, detail)
    return [a.to_dict() for a in articles]


@router.post("/ingest", response_model=models.IngestResult, tags=["ingest"],
             responses={401: {"model": models.Problem}, 403: {"model": models.Problem},
                        409: {"model": models.Problem}, 503: {"model": models.Problem}},
             summary="Analyse and store articles (only when the server has a token)")
@router.post("/api/ingest", response_model=models.IngestResult, tags=["ingest"], include_in_schema=False)
def ingest(
    request: Request,
    body: models.IngestRequest,
    authorization: Annotated[str | None, Header(max_length=1000)] = None,
    x_newstrail_token: Annotated[str | None, Header(max_length=1000)] = None,
):
    from newstrail.api.security import token_ok

    context = ctx(request)
    if not context.ingest_enabled:
        raise HTTPException(403, "ingest is off: start the server with a token ($NEWSTRAIL_API_TOKEN)")
    if not token_ok(context.token, authorization, x_newstrail_token):
        raise HTTPException(401, "a valid token is needed (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})
    from newstrail.link import LinkStateError
    from newstrail.store.engine import ReadOnlyStore

    items = [context.input_from_fields(a.model_dump(), i) for i, a in enumerate(body.articles)]
    try:
        tally = context.ingest(items)
    except ReadOnlyStore as error:  # refused before anything was stored
        raise HTTPException(503, str(error)) from None
    except LinkStateError as error:  # stored, but the store's link state is not valid
        raise HTTPException(409, str(error)) from None
    return tally.to_dict()
