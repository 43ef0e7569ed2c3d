"""The web interface: plain HTML pages over the same store as the API.

Pages are Jinja2 templates with autoescaping on; the article body is built by
``newstrail.web.render`` (escaped piece by piece) and charts by ``newstrail.web.charts`` (inline
SVG). No page needs script: ``/static/app.js`` only adds small conveniences (keyboard shortcut
to search, copy-link buttons), so every page works with script off.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter, defaultdict
from dataclasses import asdict
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.datastructures import UploadFile

from newstrail import views
from newstrail.link.records import FigureMatch, FigureSeries, Story
from newstrail.records import Article
from newstrail.store import facets
from newstrail.store.articles import MAX_PK
from newstrail.store.search import search_terms
from newstrail.web import charts
from newstrail.web.render import (
    article_href,
    article_html,
    article_link,
    carrier,
    clean,
    csv_cell,
    fmt_num,
    interval,
    marked,
    safe_url,
    short,
    snippet,
)

WEB_ROOT = resources.files("newstrail") / "web"
router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=200)]
IntCursor = Annotated[int | None, Query(ge=0, le=MAX_PK)]
PAGE = 50


def _finalize(value: Any) -> Any:
    """Every ``{{ }}`` output: control characters in plain strings become U+FFFD (already-safe
    markup, built by the renderers from cleaned text, is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return clean(value)
    return value


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(WEB_ROOT / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(u=clean, num=fmt_num, interval=interval, safe_url=safe_url, article_href=article_href,
                       short=short)
    env.globals.update(article_href=article_href, article_link=article_link, carrier=carrier)
    return env


ENV = _env()


def page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("title", "newstrail")
    context.setdefault("q", "")
    context.setdefault("active", "")
    html = ENV.get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return page(request, "error.html", status=status, title=f"{status}", code=status, message=message)


def _ctx(request: Request):
    return request.app.state.ctx


def _links(request: Request):
    return request.app.state.links


def next_href(request: Request, after: Any) -> str | None:
    if after is None:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "after" and v != ""]
    params.append(("after", str(after)))
    return f"{request.url.path}?{urlencode(params)}"


def _day(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise HTTPException(400, f"{name}: not a date (YYYY-MM-DD)") from None


# --- list pages: totals, the JSON and CSV forms, previous and next pages ------------------------

# earlier cursors a list URL carries (``prev``) for its "previous page" link: keyset paging
# knows only the page after a cursor, so the way back travels in the URL, at most this long
TRAIL_MAX = 2000
CSV_PAGE = 500  # rows read at a time while a CSV form streams


def _kept(request: Request) -> list[tuple[str, str]]:
    """The filters of a list URL: its non-empty parameters but the paging ones."""
    return [(k, v) for k, v in request.query_params.multi_items() if k not in ("after", "prev") and v != ""]


def _href(path: str, params: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def listing(request: Request, api_path: str, total: int, after: Any, nxt: Any) -> dict:
    """What a list page shows around its rows: the total under its filters, its JSON form (the
    API's list with the same filters and page) and CSV form (every row under the filters),
    and the first, previous and next pages. ``after``/``nxt``: this page's cursor and the next
    page's. The previous page is the last cursor of the ``prev`` trail ("" for the first page),
    known when the reader came by the next links."""
    kept = _kept(request)
    trail = request.query_params.getlist("prev")
    here = [] if after is None else [("after", str(after))]
    forward = [*trail, "" if after is None else str(after)]
    while len("".join(forward)) > TRAIL_MAX and len(forward) > 1:
        forward.pop(0)
    back = None
    if after is not None and trail:
        back = _href(request.url.path, kept + [("prev", c) for c in trail[:-1]] + ([("after", trail[-1])] if trail[-1] else []))
    return {
        "total": total,
        "json": _href(api_path, kept + here),
        "csv": _href(request.url.path + ".csv", kept),
        "first": _href(request.url.path, kept) if after is not None else None,
        "prev": back,
        "next": None if nxt is None else _href(request.url.path, kept + [("prev", c) for c in forward] + [("after", str(nxt))]),
    }


def refine(request: Request, values: list[tuple[str, int]], param: str) -> list[tuple[str, int, str | None]]:
    """Facet values with their counts and the list URL that narrows the list to each (the
    other filters kept, back to the first page); a value "" (none) gets no link."""
    kept = [(k, v) for k, v in _kept(request) if k != param]
    return [(value, n, _href(request.url.path, kept + [(param, value)]) if value else None) for value, n in values]


def _months(request: Request, values: list[tuple[str, int]]) -> list[tuple[str, int, str | None]]:
    """The month facet: each "YYYY-MM" narrows the dates to that month."""
    kept = [(k, v) for k, v in _kept(request) if k not in ("date_from", "date_to")]
    out = []
    for month, n in values:
        try:
            first = dt.date.fromisoformat(f"{month}-01")
        except ValueError:  # undated, or a date stored in another form
            out.append((month, n, None))
            continue
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        out.append((month, n, _href(request.url.path, kept + [("date_from", first.isoformat()),
                                                               ("date_to", last.isoformat())])))
    return out


def csv_form(name: str, fetch, columns: list[str]) -> StreamingResponse:
    """Every row ``fetch(after)`` pages through (a ``views.Page`` a call), as CSV with a header
    row of ``columns`` (keys of the rows' JSON form; see ``render.csv_cell``), streamed so that
    a long list is never held whole."""
    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)

        def line(values) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(values)
            return buffer.getvalue()

        yield line(columns)
        after = None
        while True:
            rows, after = fetch(after)
            for row in rows:
                data = views.to_json(row)
                yield line([csv_cell(data.get(c)) for c in columns])
            if after is None:
                return

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


# --- home and search ----------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    store = _ctx(request).store
    counts = store.counts()
    links = _links(request).available
    lists = {"articles": "/articles", "quotes": "/quotes", "speakers": "/speakers", "figures": "/figures",
             "sources": "/articles#facet-source", "languages": "/articles#facet-language"}
    if links:
        lists.update(stories="/stories", quote_clusters="/quote-clusters", figure_series="/series")
        counts = {**counts, "stories": facets.total_stories(store),
                  "quote_clusters": facets.total_quote_clusters(store), "figure_series": facets.total_series(store)}
    return page(request, "home.html", title="newstrail", counts=counts, lists=lists,
                recent=views.articles(store, limit=15).items, links_available=links, active="home")


SEARCH_SHOWN = 20  # results of each kind on the search page
SEARCH_STORIES = 10


def _search_stories(store, rows) -> list[dict]:
    """The stories holding the articles found, in the articles' order, each once, with the
    earliest headline as the title."""
    story_of = facets.stories_of(store, [r.pk for r in rows])
    ids = list(dict.fromkeys(story_of[r.pk] for r in rows if r.pk in story_of))[:SEARCH_STORIES]
    out = []
    for s in filter(None, (views.story(store, i) for i in ids)):
        first = _first_article(s.articles)
        out.append({"story": s, "title": (first.title or first.id) if first else s.id})
    return out


def _search_figures(store, q: str) -> list:
    """Figures whose counted noun holds ``q``, then figures of the event ``q``, each once."""
    rows = {r.id: r for r in store.list_figures(counted=q, limit=SEARCH_SHOWN)}
    for r in store.list_figures(event=q, limit=SEARCH_SHOWN):
        rows.setdefault(r.id, r)
    return list(rows.values())[:SEARCH_SHOWN]


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Text = None):
    """Articles (with a snippet of their text), quotes, speakers, figures and stories matching
    ``q``, the words searched for marked (escaped first: the text is the articles')."""
    q = (q or "").strip()
    context = {"results": None}
    if q:
        store = _ctx(request).store
        results = views.search(store, q, SEARCH_SHOWN)
        terms = search_terms(q)
        texts = facets.article_texts(store, [r.pk for r in results.articles])
        context = {
            "results": results, "terms": terms,
            "snippets": {r.pk: snippet(texts.get(r.pk, ""), terms) for r in results.articles},
            "titles": {r.pk: marked(r.title or r.id, terms, 140) for r in results.articles},
            "quotes": {r.id: marked(r.text, terms, 600) for r in results.quotes},
            "figures": _search_figures(store, q),
            "stories": _search_stories(store, results.articles) if _links(request).available else [],
        }
    return page(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, active="search", **context)


# --- articles -------------------------------------------------------------------------------------

Language = Annotated[str | None, Query(max_length=16)]
DayText = Annotated[str | None, Query(max_length=10)]


ArticleOrder = Annotated[Literal[views.ARTICLE_ORDERS], Query()]
KeyCursor = Annotated[str | None, Query(max_length=500)]
SORTED_BY = ("title", "source", "published")  # the article table's sortable columns


def _article_filters(q, source, language, date_from, date_to) -> dict:
    return {"source": source or None, "search": (q or "").strip() or None, "language": language or None,
            "date_from": _day(date_from, "date_from"), "date_to": _day(date_to, "date_to")}


def _page_of(read) -> views.Page:
    """``read()``, a cursor that is none of the list's order (a hand-edited URL) a 400."""
    try:
        return read()
    except views.CursorError as error:
        raise HTTPException(400, f"after: {error}") from None


def sorted_page(request: Request, read, api_path: str, total: int, after: Any, order: str, default: str,
                columns: tuple[str, ...]) -> tuple[list, dict, dict[str, dict]]:
    """One page of a sortable list: its rows (``read(limit=, after=, order=)``, a ``views``
    list), the paging links (``listing``) and the column headers' sort links (``sorting``)."""
    after = after or None
    rows, nxt = _page_of(lambda: read(limit=PAGE, after=after, order=order))
    return rows, listing(request, api_path, total, after, nxt), sorting(request, order, default, columns)


# columns a first click sorts from the top down: dates newest first, counts the most first
DOWN_FIRST = frozenset({"published", "first_published", "last_published", "articles", "outlets", "quotes", "figures"})


def sorting(request: Request, order: str, default: str, columns: tuple[str, ...]) -> dict[str, dict]:
    """Per sortable column: the list sorted by it (its filters kept, from the first page) and,
    for the column it is sorted by, ``aria-sort``. A click on that column reverses it; on
    another sorts by it, dates newest first, counts the most first (``DOWN_FIRST``) and text
    A to Z."""
    kept = [(k, v) for k, v in _kept(request) if k != "order"]
    descending = order.startswith("-")
    out = {}
    for column in columns:
        current = order.lstrip("-") == column
        if current:
            wanted = column if descending else f"-{column}"
        else:
            wanted = f"-{column}" if column in DOWN_FIRST else column
        out[column] = {"href": _href(request.url.path, kept + ([] if wanted == default else [("order", wanted)])),
                       "aria": ("descending" if descending else "ascending") if current else None}
    return out


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, q: Text = None, source: Text = None, language: Language = None,
             date_from: DayText = None, date_to: DayText = None, after: KeyCursor = None,
             order: ArticleOrder = views.ARTICLES_ORDER):
    store = _ctx(request).store
    kw = _article_filters(q, source, language, date_from, date_to)
    rows, nav, sort = sorted_page(request, lambda **at: views.articles(store, **kw, **at), "/api/articles",
                                  facets.total_articles(store, **kw), after, order, views.ARTICLES_ORDER, SORTED_BY)
    filters = {"q": q or "", "source": source or "", "language": language or "", "date_from": date_from or "",
               "date_to": date_to or "", **_chosen(order, views.ARTICLES_ORDER)}
    return page(request, "articles.html", title="Articles", rows=rows, filters=filters, nav=nav, sort=sort,
                facets=_article_facets(request, facets.article_facets(store, **kw)), q=q or "", active="articles")


def _article_facets(request: Request, found: dict[str, list[tuple[str, int]]]) -> dict[str, list]:
    return {"source": refine(request, found["source"], "source"),
            "language": refine(request, found["language"], "language"), "month": _months(request, found["month"])}


ARTICLE_COLUMNS = ["pk", "id", "source", "title", "published", "language", "url", "words", "quotes", "figures"]


@router.get("/articles.csv")
def articles_csv(request: Request, q: Text = None, source: Text = None, language: Language = None,
                 date_from: DayText = None, date_to: DayText = None, order: ArticleOrder = views.ARTICLES_ORDER):
    kw = _article_filters(q, source, language, date_from, date_to)
    store = _ctx(request).store
    return csv_form("articles", lambda after: views.articles(store, **kw, limit=CSV_PAGE, after=after, order=order),
                    ARTICLE_COLUMNS)


@router.get("/articles/{ref:path}", response_class=HTMLResponse)
def article(request: Request, ref: str, source: Text = None):
    if not ref or len(ref) > 2000:
        raise HTTPException(404, "no such article")
    store = _ctx(request).store
    found = views.find_article(store, ref, source or None)
    if found is None:
        raise HTTPException(404, "no such article")
    story = views.story(store, found.story) if found.story else None
    quoted = views.quoted(store, [f.source for f in found.figures if f.source])
    return page(request, "article.html", title=clean(found.title or found.id),
                articles=[article_view(found, story, quoted)], stored=True, linked=_links(request).available,
                active="articles")


def article_view(a: Article, story: Story | None = None, quoted: set[str] = frozenset()) -> dict:
    """What the article template needs: the marked-up body and the tables under it; for a
    stored article (``views.ArticleDetail``) also where each quote and figure leads (cluster or
    series, trail, speaker page: ``quoted`` names the figure sources that have one), its
    ``story`` with the other articles in it, and the article it is a wire copy of."""
    entities: dict[tuple[str, str], int] = Counter((e.canonical, e.label) for e in a.entities)
    figures = {f.index: f for f in a.figures}
    checks = []
    for c in a.figure_checks:
        checks.append({"kind": c.kind, "note": c.note,
                       "figures": [figures[i].text if i in figures else f"#{i}" for i in c.figures]})
    others = [s for s in story.articles if s.key != (a.source, a.id)] if story else []
    copy_of = getattr(a, "copy_of", None)
    return {
        "a": a,
        "body": article_html(a),
        "url": safe_url(a.url),
        "entities": sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])),
        "checks": checks,
        "speakers": Counter(q.speaker_entity or q.speaker_resolved or q.speaker or "unknown" for q in a.quotes).most_common(),
        "story": story,
        "others": sorted(others, key=lambda s: (s.published or "9999", s.order)),
        "original": {"source": copy_of[0], "id": copy_of[1], "title": next(
            (s.title for s in others if s.key == tuple(copy_of)), None)} if copy_of else None,
        "clusters": getattr(a, "quote_clusters", None) or [None] * len(a.quotes),
        "series": getattr(a, "figure_series", None) or [None] * len(a.figures),
        "claimers": [f.source if f.source in quoted else None for f in a.figures],
    }


# --- quotes and speakers --------------------------------------------------------------------------

QuoteOrder = Annotated[Literal[views.QUOTE_ORDERS], Query()]
QUOTES_SORTED_BY = ("published", "source")


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, q: Text = None, speaker: Text = None, source: Text = None, after: KeyCursor = None,
           order: QuoteOrder = views.QUOTES_ORDER):
    store = _ctx(request).store
    kw = {"speaker": speaker or None, "source": source or None, "search": (q or "").strip() or None}
    rows, nav, sort = sorted_page(request, lambda **at: views.quotes(store, **kw, **at), "/api/quotes",
                                  facets.total_quotes(store, **kw), after, order, views.QUOTES_ORDER, QUOTES_SORTED_BY)
    filters = {"q": q or "", "speaker": speaker or "", "source": source or "", **_chosen(order, views.QUOTES_ORDER)}
    return page(request, "quotes.html", title="Quotes", rows=rows, filters=filters, nav=nav, sort=sort,
                outlets=refine(request, facets.quote_outlets(store, **kw), "source"),
                places=views.quote_places(store, rows), linked=_links(request).available, active="quotes")


def _chosen(order: str, default: str) -> dict[str, str]:
    """The ``order`` a list's filter form carries on (none for the list's default)."""
    return {"order": "" if order == default else order}


QUOTE_COLUMNS = ["id", "article_pk", "article_id", "source", "published", "title", "kind", "speaker",
                 "speaker_resolved", "speaker_entity", "cue", "medium", "text"]


@router.get("/quotes.csv")
def quotes_csv(request: Request, q: Text = None, speaker: Text = None, source: Text = None,
               order: QuoteOrder = views.QUOTES_ORDER):
    store = _ctx(request).store
    kw = {"speaker": speaker or None, "source": source or None, "search": (q or "").strip() or None}
    return csv_form("quotes", lambda after: views.quotes(store, **kw, limit=CSV_PAGE, after=after, order=order),
                    QUOTE_COLUMNS)


SpeakerOrder = Annotated[Literal[views.SPEAKER_ORDERS], Query()]
SPEAKERS_SORTED_BY = ("name", "quotes", "articles")


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request, q: Text = None, after: KeyCursor = None, order: SpeakerOrder = views.SPEAKERS_ORDER):
    store = _ctx(request).store
    search = (q or "").strip() or None
    rows, nav, sort = sorted_page(request, lambda **at: views.speakers(store, search=search, **at), "/api/speakers",
                                  facets.total_speakers(store, search), after, order, views.SPEAKERS_ORDER,
                                  SPEAKERS_SORTED_BY)
    return page(request, "speakers.html", title="Speakers", rows=rows, nav=nav, sort=sort,
                filters={"q": q or "", **_chosen(order, views.SPEAKERS_ORDER)}, active="speakers")


SPEAKER_COLUMNS = ["name", "quotes", "articles", "outlets", "aliases", "first", "last"]


@router.get("/speakers.csv")
def speakers_csv(request: Request, q: Text = None, order: SpeakerOrder = views.SPEAKERS_ORDER):
    store = _ctx(request).store
    search = (q or "").strip() or None
    return csv_form("speakers", lambda after: views.speakers(store, search=search, limit=CSV_PAGE, after=after,
                                                             order=order), SPEAKER_COLUMNS)


SPEAKER_CHART_MAX = 400


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker(request: Request, name: str, after: IntCursor = None):
    if not name.strip() or len(name) > 200:
        raise HTTPException(404, "no such speaker")
    store = _ctx(request).store
    # the chart and the per-outlet counts cover up to SPEAKER_CHART_MAX quotes; on the first page
    # the listed quotes come from the same query
    sample = store.list_quotes(speaker=name, limit=SPEAKER_CHART_MAX)
    rows, nxt = (views.page(sample[:PAGE + 1], PAGE, "id") if after is None
                 else views.quotes(store, speaker=name, limit=PAGE, after=after, order="id"))
    if not rows and after is None:
        raise HTTPException(404, "nobody of that name is quoted")
    by_outlet = Counter(r.source or "unknown" for r in sample)
    chart = charts.timeline(
        [{"row": r.source, "published": r.published, "label": short(r.text, 120),
          "href": article_href(r.article_id, r.source)} for r in sample],
        title=f"quotes of {name} by outlet over time")
    grouped: dict[str, list] = defaultdict(list)
    for r in rows:
        grouped[r.source or "unknown"].append(r)
    return page(request, "speaker.html", title=clean(name), name=name, rows=rows, grouped=sorted(grouped.items()),
                by_outlet=by_outlet.most_common(), sample_size=len(sample), capped=len(sample) >= SPEAKER_CHART_MAX,
                chart=chart, places=views.quote_places(store, rows), next=next_href(request, nxt), active="speakers")


# --- figures ----------------------------------------------------------------------------------------

FIGURE_CHART_MAX = 500


FigureOrder = Annotated[Literal[views.FIGURE_ORDERS], Query()]
FIGURES_SORTED_BY = ("counted", "event", "published")


def _figure_filters(event, counted, entity, source) -> dict:
    return {"event": event or None, "counted": counted or None, "entity": entity or None, "source": source or None}


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, event: Text = None, counted: Text = None, entity: Text = None, source: Text = None,
            after: KeyCursor = None, order: FigureOrder = views.FIGURES_ORDER):
    store = _ctx(request).store
    kw = _figure_filters(event, counted, entity, source)
    rows, nav, sort = sorted_page(request, lambda **at: views.figures(store, **kw, **at), "/api/figures",
                                  facets.total_figures(store, **kw), after, order, views.FIGURES_ORDER,
                                  FIGURES_SORTED_BY)
    chart = _figure_charts(store, store.list_figures(limit=FIGURE_CHART_MAX, **kw)) if any(kw.values()) else None
    filters = {**{k: v or "" for k, v in kw.items()}, **_chosen(order, views.FIGURES_ORDER)}
    return page(request, "figures.html", title="Figures", rows=rows, filters=filters, chart=chart, nav=nav, sort=sort,
                events=refine(request, facets.figure_events(store, **kw), "event"),
                outlets=refine(request, facets.figure_outlets(store, **kw), "source"),
                places=views.figure_places(store, rows), active="figures")


FIGURE_COLUMNS = ["id", "article_pk", "article_id", "outlet", "published", "title", "index", "text", "value", "low",
                  "high", "counted", "event", "location", "time", "hedge", "source", "derived"]


@router.get("/figures.csv")
def figures_csv(request: Request, event: Text = None, counted: Text = None, entity: Text = None, source: Text = None,
                order: FigureOrder = views.FIGURES_ORDER):
    store = _ctx(request).store
    kw = _figure_filters(event, counted, entity, source)
    return csv_form("figures", lambda after: views.figures(store, **kw, limit=CSV_PAGE, after=after, order=order),
                    FIGURE_COLUMNS)


FIGURE_CHARTS = 4  # charts on the figures page: the largest groups


def _figure_charts(store, rows) -> Markup:
    """The figures as one chart per story and counted noun, the largest groups first: figures
    of different stories, or counting different things, on one axis would read as one count
    moving."""
    story_of = facets.stories_of(store, {r.article_pk for r in rows})
    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        if not r.derived:
            groups[(story_of.get(r.article_pk), r.counted or "")].append(_figure_point(r))
    parts = []
    for (story_id, counted), points in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:FIGURE_CHARTS]:
        where = f"story {story_id}" if story_id else "articles in no story"
        title = f"{counted or 'figures'} in {where}, by outlet over time"
        link = Markup(' <a href="/stories/{0}">story {0}</a>').format(quote(story_id, safe="")) if story_id else ""
        parts.append(Markup('<figure class="chart-part">{}<figcaption>{} figures of {}{}</figcaption></figure>').format(
            charts.interval_chart(points, title=title, y_title=counted or None), len(points), clean(counted) or "—", link))
    if len(groups) > FIGURE_CHARTS:
        parts.append(Markup('<p class="muted">{} more groups are not charted.</p>').format(len(groups) - FIGURE_CHARTS))
    return Markup("").join(parts)


def _figure_point(r) -> dict:
    return {"published": r.published, "source": r.outlet, "low": r.low, "high": r.high, "value": r.value,
            "text": r.text, "claimed_by": r.source, "hedge": r.hedge, "counted": r.counted}


# --- corpus linking: stories, series, provenance -------------------------------------------------------

StoryOrder = Annotated[Literal[views.STORY_ORDERS], Query()]
STORIES_SORTED_BY = ("id", "articles", "outlets", "first_published", "last_published")


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, after: KeyCursor = None, order: StoryOrder = views.STORIES_ORDER):
    _links(request).require()
    store = _ctx(request).store
    rows, nav, sort = sorted_page(request, lambda **at: views.stories(store, **at), "/api/stories",
                                  facets.total_stories(store), after, order, views.STORIES_ORDER, STORIES_SORTED_BY)
    return page(request, "stories.html", title="Stories", rows=rows, nav=nav, sort=sort, active="stories")


@router.get("/stories.csv")
def stories_csv(request: Request, order: StoryOrder = views.STORIES_ORDER):
    _links(request).require()
    store = _ctx(request).store
    return csv_form("stories", lambda after: views.stories(store, limit=CSV_PAGE, after=after, order=order),
                    ["id", "first_published", "last_published", "outlets", "articles", "mode"])


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str, outlet: Annotated[list[str] | None, Query()] = None):
    if len(story_id) > 100:
        raise HTTPException(404, "no such story")
    _links(request).require()
    store = _ctx(request).store
    detail = views.story_detail(store, story_id)
    if detail is None:
        raise HTTPException(404, "no such story")
    chosen = [o[:200] for o in (outlet or [])[:50] if o.strip()]
    speakers = facets.quote_speakers(store, {(e.source, e.article) for e in detail.exclusive if e.kind == "quote"})
    view = story_view(detail, chosen, speakers)
    return page(request, "story.html", title=clean(view["title"]), view=view, active="stories")


def _outlet(record) -> str:
    return record.source or "unknown"


def _series_from_matches(matches: list[FigureMatch]) -> list[FigureSeries]:
    """Series-like rows built from the pairwise figure matches, for a story stored without series."""
    by_thing: dict[tuple, FigureSeries] = {}
    for m in matches:
        row = by_thing.setdefault(tuple(m.thing), FigureSeries(m.id, m.thing))
        row.conflict = row.conflict or m.kind == "conflict"
        for ref in (m.a, m.b):
            if not any(r.article == ref.article and r.index == ref.index for r in row.figures):
                row.figures.append(ref)
    return list(by_thing.values())


# outlets per band of the side-by-side view: four columns and the row heads fit a 1280 px screen
# with every column readable, so more outlets wrap into further bands instead of a scrolled table
BAND = 4
ONLY_HERE_SHOWN = 3  # exclusive details listed per outlet before "more"


def _bands(outlets: list[str]) -> list[list[str]]:
    return [outlets[i:i + BAND] for i in range(0, len(outlets), BAND)]


def _figure_href(ref) -> str:
    return f"{article_href(ref.article, ref.source)}#f{ref.index}"


def _side(ref) -> dict:
    return {"outlet": _outlet(ref), "interval": interval(ref), "text": ref.text, "href": _figure_href(ref)}


def _compared(matches: list[FigureMatch], series: list[FigureSeries]) -> list[dict]:
    """The pairwise figure matches grouped by the thing counted, the groups with a conflict
    first. A group names its series (when one holds its figures); its conflicts and scope
    differences are listed pair by pair, each distinct pair once (the same numbers from the same
    two outlets read as one line, however many articles), and its agreements as one line of the
    distinct figures that agree with another."""
    series_of = {(f.source, f.article, f.index): se.id for se in series for f in se.figures}
    groups: dict[tuple, dict] = {}
    for m in matches:
        group = groups.setdefault(tuple(m.thing), {"thing": " · ".join(t for t in m.thing if t), "series": None,
                                                   "kinds": Counter(), "pairs": {}, "agree": {}})
        group["series"] = group["series"] or series_of.get((m.a.source, m.a.article, m.a.index))
        sides = sorted((_side(r) for r in (m.a, m.b)), key=lambda d: (d["outlet"], d["interval"]))
        key = (m.kind, *((d["outlet"], d["interval"]) for d in sides))
        if key in group["pairs"]:
            continue
        group["kinds"][m.kind] += 1
        group["pairs"][key] = {"kind": m.kind, "note": m.note, "sides": sides}
        for side in sides if m.kind == "agree" else ():
            group["agree"].setdefault((side["outlet"], side["interval"]), side)
    order = {"conflict": 0, "scope": 1, "agree": 2}
    out = []
    for group in groups.values():
        lines = sorted((line for line in group.pop("pairs").values() if line["kind"] != "agree"),
                       key=lambda line: order.get(line["kind"], 3))
        agree = group.pop("agree")
        if agree:
            lines.append({"kind": "agree", "note": "", "sides": [agree[k] for k in sorted(agree)]})
        out.append({**group, "lines": lines})
    return sorted(out, key=lambda g: (min(order.get(k, 3) for k in g["kinds"]), g["thing"]))


def _only_here(s: views.StoryDetail, outlets: list[str], speakers: dict) -> dict[str, list[dict]]:
    """Per outlet, what only it reports: a short text, where it links (the quote or figure in
    its article, or the series it opens) and, for a quote, who is quoted."""
    out: dict[str, list[dict]] = {o: [] for o in outlets}
    for e in s.exclusive:
        if _outlet(e) not in out:
            continue
        who = speakers.get((e.source, e.article, e.text)) if e.kind == "quote" else None
        if e.kind == "figure" and e.target:
            href = f"/series/{quote(e.target, safe='')}"
        else:
            href = article_href(e.article, e.source) + (f"#q{who.index}" if who else "")
        out[_outlet(e)].append({"kind": e.kind, "text": e.text, "href": href, "speaker": who.speaker if who else None})
    return out


def _first_article(articles: list) -> Any:
    return min(articles, key=lambda a: (a.published or "9999", a.order), default=None)


def story_view(s: views.StoryDetail, chosen: list[str] | None = None, speakers: dict | None = None) -> dict:
    """The side-by-side view of a story: one column per outlet (first to publish first, in
    bands of ``BAND``; ``chosen`` outlets only, when the reader picked some), rows for
    headlines, each matched quote and figure series (conflicts and dropped attributions first),
    and what only one outlet reports. ``speakers``: ``facets.quote_speakers`` of the
    exclusive quotes. The title is the earliest headline."""
    articles = s.articles
    first_by_outlet: dict[str, tuple] = {}
    for a in articles:
        key = (a.published or "9999", a.order)
        if _outlet(a) not in first_by_outlet or key < first_by_outlet[_outlet(a)]:
            first_by_outlet[_outlet(a)] = key
    every_outlet = sorted(first_by_outlet, key=first_by_outlet.__getitem__)
    wanted = {o.lower() for o in chosen or []}
    outlets = [o for o in every_outlet if o.lower() in wanted] or every_outlet
    titles = {(_outlet(a), a.id): a.title for a in articles}

    headlines = {o: [a for a in articles if _outlet(a) == o] for o in outlets}
    dropped: dict[str, set[str]] = defaultdict(set)  # target -> outlets that dropped the attribution
    medium_dropped: dict[str, set[str]] = defaultdict(set)
    provenance = {p.target: p for p in s.provenance}
    for target, p in provenance.items():
        dropped[target].update(_outlet(c) for c in p.attribution_dropped)
        medium_dropped[target].update(_outlet(c) for c in p.medium_dropped)

    quote_rows = []
    for cluster in s.quotes:
        cells = {o: {"members": [m for m in cluster.members if _outlet(m) == o], "dropped": o in dropped[cluster.id],
                     "medium_dropped": o in medium_dropped[cluster.id]} for o in outlets}
        quote_rows.append({"kind": "quote", "cluster": cluster, "cells": cells, "provenance": provenance.get(cluster.id),
                           "omitted": [o for o in outlets if not cells[o]["members"]],
                           "alarm": cluster.speaker_conflict or bool(dropped[cluster.id] | medium_dropped[cluster.id])})

    figure_rows = []
    for se in s.series or _series_from_matches(s.figures):
        cells = {o: {"figures": [f for f in se.figures if _outlet(f) == o], "dropped": o in dropped[se.id]}
                 for o in outlets}
        figure_rows.append({"kind": "figure", "series": se, "cells": cells, "provenance": provenance.get(se.id),
                            "omitted": [o for o in outlets if not cells[o]["figures"]],
                            "alarm": se.conflict or bool(dropped[se.id])})

    exclusives = _only_here(s, outlets, speakers or {})
    first = _first_article(articles)
    chart = charts.timeline(
        [{"row": a.source, "published": a.published, "label": a.title or a.id, "href": article_href(a.id, a.source)}
         for a in articles],
        title="the story's articles by outlet over time")
    return {"s": s, "title": (first.title or first.id) if first else s.id, "first": first,
            "outlets": outlets, "every_outlet": every_outlet, "picked": len(outlets) < len(every_outlet),
            "bands": _bands(outlets), "headlines": headlines,
            # rows that need a reader's attention first: conflicts, differing speakers, dropped attributions
            "rows": sorted(quote_rows + figure_rows, key=lambda r: not r["alarm"]),
            "exclusives": exclusives, "has_exclusives": any(exclusives.values()), "shown": ONLY_HERE_SHOWN,
            "compared": _compared(s.figures, s.series), "copies": [a for a in articles if a.copy_of],
            "titles": titles, "chart": chart}


SeriesOrder = Annotated[Literal[views.SERIES_ORDERS], Query()]
SERIES_SORTED_BY = ("id", "counted", "figures")


@router.get("/series", response_class=HTMLResponse)
def series_list(request: Request, after: KeyCursor = None, order: SeriesOrder = views.SERIES_ORDER):
    _links(request).require()
    store = _ctx(request).store
    rows, nav, sort = sorted_page(request, lambda **at: views.figure_series(store, **at), "/api/series",
                                  facets.total_series(store), after, order, views.SERIES_ORDER, SERIES_SORTED_BY)
    return page(request, "series_list.html", title="Figure series", rows=rows, nav=nav, sort=sort, active="series")


@router.get("/series.csv")
def series_csv(request: Request, order: SeriesOrder = views.SERIES_ORDER):
    _links(request).require()
    store = _ctx(request).store
    return csv_form("series", lambda after: views.figure_series(store, limit=CSV_PAGE, after=after, order=order),
                    ["id", "story", "thing", "outlets", "conflict", "figures", "scope_related"])


@router.get("/series/{series_id}", response_class=HTMLResponse)
def series(request: Request, series_id: str):
    if len(series_id) > 100:
        raise HTTPException(404, "no such figure series")
    _links(request).require()
    store = _ctx(request).store
    found = views.trail(store, series_id)
    if found is None or found.kind != "figure":
        raise HTTPException(404, "no such figure series")
    se = found.record
    thing = " · ".join(clean(t) for t in se.thing if t)
    chart = charts.interval_chart([asdict(f) for f in se.figures],
                                  title=f"figures for {thing or series_id}, by outlet over time", y_title=se.thing[0])
    return page(request, "series.html", title=f"Figure series: {thing}", t=found, thing=thing, chart=chart,
                titles=_titles(found), quoted=views.quoted(store, [f.claimed_by for f in se.figures]),
                active="series")


def _titles(found: views.Trail) -> dict[tuple, str | None]:
    """(source, article id) -> headline of each article carrying a trail's quote or figure."""
    return {(c.source, c.article): c.title for c in found.carriers}


ClusterOrder = Annotated[Literal[views.CLUSTER_ORDERS], Query()]
CLUSTERS_SORTED_BY = ("id", "text", "articles")
InStory = Annotated[str | None, Query(max_length=100)]


@router.get("/quote-clusters", response_class=HTMLResponse)
def quote_cluster_list(request: Request, story: InStory = None, after: KeyCursor = None,
                       order: ClusterOrder = views.CLUSTERS_ORDER):
    _links(request).require()
    store = _ctx(request).store
    story = story or None
    rows, nav, sort = sorted_page(request, lambda **at: views.quote_clusters(store, story=story, **at),
                                  "/api/quote-clusters", facets.total_quote_clusters(store, story=story), after, order,
                                  views.CLUSTERS_ORDER, CLUSTERS_SORTED_BY)
    carried = {c.id: len({(m.source, m.article) for m in c.members}) for c in rows}  # what "articles" sorts by
    return page(request, "quote_clusters.html", title="Quotes across outlets", rows=rows, nav=nav, story=story,
                carried=carried, sort=sort, active="quote_clusters")


@router.get("/quote-clusters.csv")
def quote_clusters_csv(request: Request, story: InStory = None, order: ClusterOrder = views.CLUSTERS_ORDER):
    _links(request).require()
    store = _ctx(request).store
    return csv_form("quote-clusters", lambda after: views.quote_clusters(store, story=story or None, limit=CSV_PAGE,
                                                                         after=after, order=order),
                    ["id", "text", "speakers", "speaker_conflict", "outlets", "members"])


@router.get("/quote-clusters/{cluster_id}", response_class=HTMLResponse)
def quote_cluster(request: Request, cluster_id: str):
    if len(cluster_id) > 100:
        raise HTTPException(404, "no such quote cluster")
    _links(request).require()
    found = views.trail(_ctx(request).store, cluster_id)
    if found is None or found.kind != "quote":
        raise HTTPException(404, "no such quote cluster")
    return page(request, "quote_cluster.html", title=f"Quote {clean(cluster_id)} across outlets", t=found,
                titles=_titles(found), active="quotes")


@router.get("/trail/{target}", response_class=HTMLResponse)
def trail(request: Request, target: str):
    if len(target) > 100:
        raise HTTPException(404, "no provenance for that id")
    _links(request).require()
    found = views.trail(_ctx(request).store, target)
    if found is None:
        raise HTTPException(404, "no provenance for that id")
    return page(request, "trail.html", title=f"Trail of {clean(target)}", t=found, active="stories")


# --- analyse ------------------------------------------------------------------------------------------

@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request):
    return page(request, "analyze.html", title="Analyse an article", form={}, error=None, active="analyze")


@router.post("/analyze/page", response_class=HTMLResponse)
async def analyze_page(request: Request):
    from starlette.concurrency import run_in_threadpool

    try:
        form = await request.form(max_files=1, max_fields=10, max_part_size=2 * 1024 * 1024)
    except Exception as exc:  # multipart errors: a clear 400
        raise HTTPException(400, f"could not read the form: {exc}") from None
    fields = {k: form.get(k) for k in ("text", "title", "source", "published", "url")}
    fields = {k: (v.strip() if isinstance(v, str) else None) for k, v in fields.items()}
    upload = form.get("file")
    context = _ctx(request)
    for name, cap in (("title", 2000), ("source", 500), ("published", 64), ("url", 4000)):
        if fields[name] and len(fields[name]) > cap:
            return page(request, "analyze.html", status=400, title="Analyse an article", form=fields,
                        error=f"{name} is longer than {cap} characters", active="analyze")
    # reading and analysing run within the API's limits (413 and 503 answers: the error page)
    if isinstance(upload, UploadFile) and upload.filename:
        data = await upload.read()
        if not data:
            return page(request, "analyze.html", status=400, title="Analyse an article", form=fields,
                        error="the uploaded file is empty", active="analyze")
        analysed, errors = await run_in_threadpool(context.analyse_upload, data, upload.filename, "auto",
                                                   fields["source"])
        if not analysed:
            msg = "; ".join(str(e) for e in errors[:3]) or "no article found in the file"
            return page(request, "analyze.html", status=400, title="Analyse an article", form=fields, error=msg,
                        active="analyze")
    else:
        if not fields["text"]:
            return page(request, "analyze.html", status=400, title="Analyse an article", form=fields,
                        error="paste an article's text or choose a file", active="analyze")
        if len(fields["text"]) > context.limits.analyze_chars:
            return page(request, "analyze.html", status=413, title="Analyse an article", form=fields,
                        error=f"the text is longer than {context.limits.analyze_chars:,} characters, the most "
                              f"this server analyses at once", active="analyze")
        analysed = await run_in_threadpool(context.analyse_limited,
                                           [context.input_from_fields({**fields, "id": "pasted"})])
    return page(request, "article.html", title="Analysis: " + clean(analysed[0].title or analysed[0].id),
                articles=[article_view(a) for a in analysed], stored=False, active="analyze")


def schema_type(s: dict) -> tuple[str, str | None]:
    """A JSON-schema node in words, and the component it refers to: ``integer``, ``string
    (date)``, ``list of QuoteRow``, ``string or null``; one of the fixed values when it has them."""
    if "$ref" in s:
        name = s["$ref"].rsplit("/", 1)[-1]
        return name, name
    if "anyOf" in s:
        parts = [schema_type(x) for x in s["anyOf"]]
        return " or ".join(p[0] for p in parts), next((p[1] for p in parts if p[1]), None)
    if s.get("type") == "array":
        inner, ref = schema_type(s.get("items", {}))
        return f"list of {inner}", ref
    if "enum" in s:
        return "one of " + ", ".join(f"“{v}”" for v in s["enum"]), None
    kind = s.get("type", "any")
    return (f"{kind} ({s['format']})" if "format" in s else kind), None


def _limits(s: dict) -> str:
    """The bounds of a parameter in words (its length, range, pattern, default)."""
    s = next((x for x in s.get("anyOf", []) if x.get("type") != "null"), s)
    bits = [f"{k.replace('L', ' l')} {s[k]}" for k in ("minLength", "maxLength", "minimum", "maximum") if k in s]
    if "pattern" in s:
        bits.append(f"pattern {s['pattern']}")
    return ", ".join(bits)


def api_reference(schema: dict) -> dict:
    """The OpenAPI document as the reference page shows it: each endpoint with its parameters,
    body and answers, and each schema with its fields (type, whether required, description)."""
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            params = [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                       "type": schema_type(p.get("schema", {})), "limits": _limits(p.get("schema", {})),
                       "default": p.get("schema", {}).get("default"), "description": p.get("description", "")}
                      for p in op.get("parameters", [])]
            body = next(iter(op.get("requestBody", {}).get("content", {}).items()), None)
            answers = [{"status": status, "description": r.get("description", ""),
                        "type": schema_type(next(iter(r.get("content", {}).values()), {}).get("schema", {}))
                        if r.get("content") else None} for status, r in op.get("responses", {}).items()]
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "description": op.get("description", ""), "tag": (op.get("tags") or ["other"])[0],
                              "anchor": op.get("operationId", f"{method}-{path}"), "params": params,
                              "body": {"type": body[0], "schema": schema_type(body[1].get("schema", {}))} if body else None,
                              "answers": answers})
    schemas = []
    for name, s in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(s.get("required", []))
        schemas.append({"name": name, "description": s.get("description", ""), "fields": [
            {"name": f, "type": schema_type(spec), "required": f in required, "description": spec.get("description", "")}
            for f, spec in s.get("properties", {}).items()]})
    return {"endpoints": endpoints, "schemas": schemas, "info": schema.get("info", {})}


@router.get("/api", response_class=HTMLResponse)
@router.get("/docs", response_class=HTMLResponse)
def api_index(request: Request):
    """The API reference, rendered from the app's own OpenAPI document: no script, nothing
    from another host (FastAPI's own docs pages load theirs from a CDN, which the CSP forbids)."""
    return page(request, "api.html", title="API reference", ref=api_reference(request.app.openapi()), active="api")


@router.get("/favicon.ico")
def favicon():
    return RedirectResponse("/static/favicon.svg", status_code=301)


def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(WEB_ROOT / "static")), name="static")
    app.include_router(router)


__all__ = ["mount_web", "error_page", "article_view", "story_view"]
