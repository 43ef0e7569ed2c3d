"""The FastAPI application: the JSON API and the web pages over one store.

``create_app(store=..., db=..., token=...)`` builds it; ``newstrail serve`` runs it with uvicorn
(see ``newstrail.api.server``). The OpenAPI document is at ``/openapi.json``; the interactive
Swagger/ReDoc pages are off (they load scripts from a CDN, which the Content-Security-Policy
forbids) and ``/api`` lists the endpoints instead.
"""

from __future__ import annotations

import os
import time
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrail import config
from newstrail.api.context import TOKEN_ENV, Context
from newstrail.api.links import Links
from newstrail.api.security import DEFAULT_MAX_BODY, SecurityMiddleware

DESCRIPTION = """\
Who said what, which figures were claimed by whom, and how stories travel between outlets.

Read endpoints are under `/api`. Lists are paged by cursor: every list answer has `items` and
`next`; pass `next` back as `after` for the following page (null on the last page).
`POST /analyze` analyses a pasted article (or `POST /analyze/file` an uploaded file) without
storing it. `POST /ingest` stores articles and is off unless the server was started with a
token (`$NEWSTRAIL_API_TOKEN`); send it as `Authorization: Bearer TOKEN`.
"""


class TTLCache:
    """A tiny cache for aggregate queries (speaker lists), cleared on ingest."""

    def __init__(self, ttl: float = 60.0, size: int = 256):
        self.ttl, self.size, self.data = ttl, size, {}
        self.on_clear: list = []

    def get(self, key, compute):
        now = time.monotonic()
        hit = self.data.get(key)
        if hit and now - hit[0] < self.ttl:
            return hit[1]
        value = compute()
        if len(self.data) >= self.size:
            self.data.clear()
        self.data[key] = (now, value)
        return value

    def clear(self):
        self.data.clear()
        for hook in self.on_clear:
            hook()


class CachedLinks(Links):
    def __init__(self, store, cache: TTLCache, memory_limit: int = 3000):
        super().__init__(store, memory_limit)
        self.cache = cache

    def speakers(self, limit=50, after=None, search=None):
        from newstrail.api import links as links_mod

        fn = self._method("list_speakers")
        if fn is not None:
            return super().speakers(limit, after, search)
        rows = self.cache.get(("speakers", search), lambda: links_mod.speakers_from_quotes(self.store, search))
        return links_mod._page_by_name(rows, limit, after)


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/ingest", "/openapi.json") or path.startswith("/analyze/file"):
        return True
    if path == "/analyze" and request.method == "POST":
        return "application/json" in request.headers.get("content-type", "")
    return False


def create_app(store: Any = None, db: str | None = None, token: str | None = None, model: str | None = None,
               max_body: int = DEFAULT_MAX_BODY, nlp: Any = None, link_on_the_fly: int = 3000) -> FastAPI:
    """The app over ``store`` (or a Store opened on ``db``). ``token`` turns ``POST /ingest`` on
    (default: ``$NEWSTRAIL_API_TOKEN``); ``nlp`` is a ready spaCy pipeline for analysis. A store
    without linking data of at most ``link_on_the_fly`` articles is linked in memory on first use
    (the sample, small stores); 0 turns that off."""
    if store is None:
        from newstrail.store import Store

        store = Store(config.db_url(db))
    if token is None:
        token = os.environ.get(TOKEN_ENV) or None

    app = FastAPI(
        title="newstrail",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.ctx = Context(store=store, token=token, model=model, nlp=nlp)
    app.state.cache = TTLCache()
    app.state.links = CachedLinks(store, app.state.cache, link_on_the_fly)
    app.state.cache.on_clear.append(app.state.links.memory.clear)

    from newstrail.api.routes import router as api_router
    from newstrail.web.pages import mount_web

    app.include_router(api_router)
    mount_web(app)

    from newstrail.web.pages import error_page

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        text = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'input'}: {e['msg']}" for e in errors)
        return error_page(request, 400, text)

    app.add_middleware(SecurityMiddleware, max_body=max_body)
    return app


__all__ = ["create_app", "HTTPException"]
