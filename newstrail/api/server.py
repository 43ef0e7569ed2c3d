"""``newstrail serve``: run the API and the web interface with uvicorn over one store."""

from __future__ import annotations

from newstrail.config import Settings


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info") -> None:
    """Serve the store the settings name on ``host:port``.

    ``POST /ingest`` is on only with a token (``api_token``: ``$NEWSTRAIL_API_TOKEN`` or the
    settings file). The default host is loopback; pass ``--host 0.0.0.0`` deliberately to listen
    on every interface.
    """
    import uvicorn

    from newstrail.api.app import create_app

    app = create_app(settings=settings)
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                limit_concurrency=64, timeout_keep_alive=5, h11_max_incomplete_event_size=64 * 1024)
