"""The web interface: plain HTML pages over the same store as the API.

Pages are Jinja2 templates with autoescaping on; the article body is built by
``newstrail.web.render`` (escaped piece by piece) and charts by ``newstrail.web.charts`` (inline
SVG). No page needs script: ``/static/app.js`` only adds small conveniences (keyboard shortcut
to search, copy-link buttons), so every page works with script off.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import asdict
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.datastructures import UploadFile

from newstrail import views
from newstrail.link.records import FigureMatch, FigureSeries
from newstrail.records import Article
from newstrail.store.articles import MAX_PK
from newstrail.web import charts
from newstrail.web.render import article_href, article_html, clean, fmt_num, interval, safe_url

WEB_ROOT = resources.files("newstrail") / "web"
router = APIRouter(include_in_schema=False)

Text = Annotated[str | None, Query(max_length=200)]
IntCursor = Annotated[int | None, Query(ge=0, le=MAX_PK)]
StrCursor = Annotated[str | None, Query(max_length=500)]
PAGE = 50


def _short(text: Any, n: int = 160) -> str:
    text = clean(text)
    return text if len(text) <= n else text[: n - 1] + "…"


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
                       short=_short)
    env.globals.update(article_href=article_href)
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


# --- home and search ----------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
def home(request: Request):
    store = _ctx(request).store
    counts = store.counts()
    recent = store.list_articles(limit=15)
    return page(request, "home.html", title="newstrail", counts=counts, recent=recent,
                links_available=_links(request).available, active="home")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Text = None):
    q = (q or "").strip()
    results = None
    if q:
        results = views.search(_ctx(request).store, q, 20)
    return page(request, "search.html", title=f"Search: {q}" if q else "Search", q=q, results=results, active="search")


# --- articles -------------------------------------------------------------------------------------

@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, q: Text = None, source: Text = None, language: Annotated[str | None, Query(max_length=16)] = None,
             date_from: Annotated[str | None, Query(max_length=10)] = None,
             date_to: Annotated[str | None, Query(max_length=10)] = None, after: IntCursor = None):
    rows, nxt = views.articles(
        _ctx(request).store, source=source or None, search=(q or "").strip() or None, language=language or None,
        date_from=_day(date_from, "date_from"), date_to=_day(date_to, "date_to"), limit=PAGE, after=after)
    filters = {"q": q or "", "source": source or "", "language": language or "", "date_from": date_from or "",
               "date_to": date_to or ""}
    return page(request, "articles.html", title="Articles", rows=rows, filters=filters, next=next_href(request, nxt),
                q=q or "", active="articles")


@router.get("/articles/{ref:path}", response_class=HTMLResponse)
def article(request: Request, ref: str, source: Text = None):
    if not ref or len(ref) > 2000:
        raise HTTPException(404, "no such article")
    found = views.find_article(_ctx(request).store, ref, source or None)
    if found is None:
        raise HTTPException(404, "no such article")
    return page(request, "article.html", title=clean(found.title or found.id), articles=[article_view(found)],
                stored=True, active="articles")


def article_view(a: Article) -> dict:
    """What the article template needs: the marked-up body and the tables under it."""
    entities: dict[tuple[str, str], int] = Counter((e.canonical, e.label) for e in a.entities)
    figures = {f.index: f for f in a.figures}
    checks = []
    for c in a.figure_checks:
        checks.append({"kind": c.kind, "note": c.note,
                       "figures": [figures[i].text if i in figures else f"#{i}" for i in c.figures]})
    return {
        "a": a,
        "body": article_html(a),
        "url": safe_url(a.url),
        "entities": sorted(entities.items(), key=lambda kv: (-kv[1], kv[0])),
        "checks": checks,
        "speakers": Counter(q.speaker_entity or q.speaker_resolved or q.speaker or "unknown" for q in a.quotes).most_common(),
    }


# --- quotes and speakers --------------------------------------------------------------------------

@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, q: Text = None, speaker: Text = None, source: Text = None, after: IntCursor = None):
    rows, nxt = views.quotes(_ctx(request).store, speaker=speaker or None, source=source or None,
                             search=(q or "").strip() or None, limit=PAGE, after=after)
    filters = {"q": q or "", "speaker": speaker or "", "source": source or ""}
    return page(request, "quotes.html", title="Quotes", rows=rows, filters=filters, next=next_href(request, nxt),
                active="quotes")


@router.get("/speakers", response_class=HTMLResponse)
def speakers(request: Request, q: Text = None, after: StrCursor = None):
    rows, nxt = views.speakers(_ctx(request).store, search=(q or "").strip() or None, limit=PAGE, after=after or None)
    return page(request, "speakers.html", title="Speakers", rows=rows, filters={"q": q or ""},
                next=next_href(request, nxt), active="speakers")


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
                 else views.quotes(store, speaker=name, limit=PAGE, after=after))
    if not rows and after is None:
        raise HTTPException(404, "nobody of that name is quoted")
    by_outlet = Counter(r.source or "unknown" for r in sample)
    chart = charts.timeline(
        [{"row": r.source, "published": r.published, "label": _short(r.text, 120),
          "href": article_href(r.article_id, r.source)} for r in sample],
        title=f"quotes of {name} by outlet over time")
    grouped: dict[str, list] = defaultdict(list)
    for r in rows:
        grouped[r.source or "unknown"].append(r)
    return page(request, "speaker.html", title=clean(name), name=name, rows=rows, grouped=sorted(grouped.items()),
                by_outlet=by_outlet.most_common(), sample_size=len(sample), capped=len(sample) >= SPEAKER_CHART_MAX,
                chart=chart, next=next_href(request, nxt), active="speakers")


# --- figures ----------------------------------------------------------------------------------------

FIGURE_CHART_MAX = 500


@router.get("/figures", response_class=HTMLResponse)
def figures(request: Request, event: Text = None, counted: Text = None, entity: Text = None, after: IntCursor = None):
    store = _ctx(request).store
    kw = {"event": event or None, "counted": counted or None, "entity": entity or None}
    rows, nxt = views.figures(store, limit=PAGE, after=after, **kw)
    chart = None
    if any(kw.values()):
        sample = store.list_figures(limit=FIGURE_CHART_MAX, **kw)
        chart = charts.interval_chart([_figure_point(r) for r in sample if not r.derived],
                                      title="figures matching the filter, by outlet over time")
    filters = {"event": event or "", "counted": counted or "", "entity": entity or ""}
    return page(request, "figures.html", title="Figures", rows=rows, filters=filters, chart=chart,
                next=next_href(request, nxt), active="figures")


def _figure_point(r) -> dict:
    return {"published": r.published, "source": r.outlet, "low": r.low, "high": r.high, "value": r.value,
            "text": r.text, "claimed_by": r.source, "hedge": r.hedge}


# --- corpus linking: stories, series, provenance -------------------------------------------------------

@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, after: StrCursor = None):
    _links(request).require()
    rows, nxt = views.stories(_ctx(request).store, limit=PAGE, after=after or None)
    return page(request, "stories.html", title="Stories", rows=rows, next=next_href(request, nxt), active="stories")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str):
    if len(story_id) > 100:
        raise HTTPException(404, "no such story")
    _links(request).require()
    detail = views.story_detail(_ctx(request).store, story_id)
    if detail is None:
        raise HTTPException(404, "no such story")
    return page(request, "story.html", title=f"Story {clean(story_id)}", view=story_view(detail), active="stories")


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


def story_view(s: views.StoryDetail) -> dict:
    """The side-by-side view of a story: one column per outlet (first to publish first), rows for
    headlines, each matched quote, each figure series and the exclusive details."""
    articles = s.articles
    first_by_outlet: dict[str, tuple] = {}
    for a in articles:
        key = (a.published or "9999", a.order)
        if _outlet(a) not in first_by_outlet or key < first_by_outlet[_outlet(a)]:
            first_by_outlet[_outlet(a)] = key
    outlets = sorted(first_by_outlet, key=first_by_outlet.__getitem__)
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
        quote_rows.append({"cluster": cluster, "cells": cells, "provenance": provenance.get(cluster.id),
                           "omitted": [o for o in outlets if not cells[o]["members"]]})

    figure_rows = []
    for se in s.series or _series_from_matches(s.figures):
        cells = {o: {"figures": [f for f in se.figures if _outlet(f) == o], "dropped": o in dropped[se.id]}
                 for o in outlets}
        figure_rows.append({"series": se, "cells": cells, "provenance": provenance.get(se.id),
                            "omitted": [o for o in outlets if not cells[o]["figures"]]})

    exclusives = {o: [e for e in s.exclusive if _outlet(e) == o] for o in outlets}
    by_kind = {kind: [m for m in s.figures if m.kind == kind] for kind in ("conflict", "scope", "agree")}
    chart = charts.timeline(
        [{"row": a.source, "published": a.published, "label": a.title or a.id, "href": article_href(a.id, a.source)}
         for a in articles],
        title="the story's articles by outlet over time")
    return {"s": s, "outlets": outlets, "headlines": headlines, "quote_rows": quote_rows, "figure_rows": figure_rows,
            "exclusives": exclusives, "has_exclusives": any(exclusives.values()), "conflicts": by_kind["conflict"],
            "scopes": by_kind["scope"], "agreements": by_kind["agree"], "copies": [a for a in articles if a.copy_of],
            "titles": titles, "chart": chart}


@router.get("/series", response_class=HTMLResponse)
def series_list(request: Request, after: StrCursor = None):
    _links(request).require()
    rows, nxt = views.figure_series(_ctx(request).store, limit=PAGE, after=after or None)
    return page(request, "series_list.html", title="Figure series", rows=rows, next=next_href(request, nxt),
                active="series")


@router.get("/series/{series_id}", response_class=HTMLResponse)
def series(request: Request, series_id: str):
    if len(series_id) > 100:
        raise HTTPException(404, "no such figure series")
    _links(request).require()
    store = _ctx(request).store
    se = views.series(store, series_id)
    if se is None:
        raise HTTPException(404, "no such figure series")
    thing = " · ".join(clean(t) for t in se.thing if t)
    chart = charts.interval_chart([asdict(f) for f in se.figures],
                                  title=f"figures for {thing or series_id}, by outlet over time")
    return page(request, "series.html", title=f"Figure series: {thing}", se=se, thing=thing, chart=chart,
                trail=views.provenance(store, series_id), active="series")


@router.get("/trail/{target}", response_class=HTMLResponse)
def trail(request: Request, target: str):
    if len(target) > 100:
        raise HTTPException(404, "no provenance for that id")
    _links(request).require()
    store = _ctx(request).store
    p = views.provenance(store, target)
    if p is None:
        raise HTTPException(404, "no provenance for that id")
    subject = views.quote_cluster(store, target) if p.kind == "quote" else views.series(store, target)
    return page(request, "trail.html", title=f"Trail of {clean(target)}", p=p, subject=subject, active="stories")


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


@router.get("/api", response_class=HTMLResponse)
def api_index(request: Request):
    schema = request.app.openapi()
    endpoints = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            endpoints.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                              "params": [p["name"] for p in op.get("parameters", [])]})
    return page(request, "api.html", title="API", endpoints=endpoints, active="api")


@router.get("/favicon.ico")
def favicon():
    return RedirectResponse("/static/favicon.svg", status_code=301)


def mount_web(app: FastAPI) -> None:
    app.mount("/static", StaticFiles(directory=str(WEB_ROOT / "static")), name="static")
    app.include_router(router)


__all__ = ["mount_web", "error_page", "article_view", "story_view"]
