"""The FastAPI application: the JSON API and the web pages over one store.

``create_app(settings=..., store=...)`` builds it; ``newstrail serve`` runs it with uvicorn
(see ``newstrail.api.server``). The OpenAPI document is at ``/openapi.json``; FastAPI's
Swagger/ReDoc pages are off (they load scripts from a CDN, which the Content-Security-Policy
forbids), and ``/docs`` (also ``/api``) is the reference rendered from that document by the
web pages, without script and from this server alone.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrail import config
from newstrail.api.context import Context
from newstrail.api.links import Links, NotAvailable
from newstrail.api.security import SecurityMiddleware
from newstrail.config import ApiLimits, Settings

DESCRIPTION = """\
Who said what, which figures were claimed by whom, and how stories travel between outlets.

Read endpoints are under `/api`; `/docs` is this reference as a page. Lists are paged by cursor: every list answer has `items` and
`next`; pass `next` back as `after` for the following page (null on the last page).
`POST /analyze` analyses a pasted article (or `POST /analyze/file` an uploaded file) without
storing it. `POST /ingest` stores articles and is off unless the server was started with a
token (`$NEWSTRAIL_API_TOKEN`); send it as `Authorization: Bearer TOKEN`.
"""


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api/") or path in ("/ingest", "/openapi.json") or path.startswith("/analyze/file"):
        return True
    if path == "/analyze" and request.method == "POST":
        return "application/json" in request.headers.get("content-type", "")
    return False


def create_app(store: Any = None, db: str | None = None, token: str | None = None, model: str | None = None,
               max_body: int | None = None, nlp: Any = None, limits: ApiLimits | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The app over ``store`` (or a Store opened on ``db``, else on the settings' store).
    ``settings`` (default: ``config.load()``, the environment's) give the ingest token, the
    limits on what one request may cost, the model and component configs; the other arguments
    override them: ``token`` turns ``POST /ingest`` on ("" turns it off), ``max_body`` sets the
    limits' body size. ``nlp`` is a ready spaCy pipeline for analysis."""
    settings = (settings or config.load()).with_options(db=db, model=model, limits=limits)
    if token is not None:
        settings = replace(settings, api_token=token or None)
    if max_body is not None:
        settings = replace(settings, limits=replace(settings.limits, max_body=max_body))
    if store is None:
        from newstrail.store import Store

        store = Store(settings.db_url)

    app = FastAPI(
        title="newstrail",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.ctx = Context(store=store, settings=settings, nlp=nlp)
    app.state.links = Links(store)

    from newstrail.api.routes import router as api_router
    from newstrail.web.pages import mount_web

    app.include_router(api_router)
    mount_web(app)

    from newstrail.web.pages import error_page

    def problem(request: Request, status: int, detail: Any, headers: dict | None = None):
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        return error_page(request, status, str(detail))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return problem(request, exc.status_code, exc.detail, getattr(exc, "headers", None))

    @app.exception_handler(NotAvailable)
    async def not_linked(request: Request, exc: NotAvailable):
        """Every linking read raises it on an unlinked store: 501, JSON or the error page."""
        return problem(request, 501, str(exc))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        if _wants_json(request):
            return JSONResponse({"detail": errors}, status_code=422)
        text = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:]) or 'input'}: {e['msg']}" for e in errors)
        return error_page(request, 400, text)

    app.add_middleware(SecurityMiddleware, max_body=settings.limits.max_body)
    return app


__all__ = ["create_app", "HTTPException"]
