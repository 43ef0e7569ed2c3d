"""``newstrail serve``: run the API and the web interface with uvicorn over one store."""

from __future__ import annotations

import os

from newstrail import config


def serve(db: str | None = None, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          log_level: str = "info") -> None:
    """Serve the store at ``db`` (default ``$NEWSTRAIL_DB`` or ./newstrail.db) on ``host:port``.

    ``POST /ingest`` is on only with a token (``token`` or ``$NEWSTRAIL_API_TOKEN``). The default
    host is loopback; pass ``--host 0.0.0.0`` deliberately to listen on every interface.
    """
    import uvicorn

    from newstrail.api.app import create_app

    app = create_app(db=config.db_url(db), token=token or os.environ.get("NEWSTRAIL_API_TOKEN") or None)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                limit_concurrency=64, timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024)
