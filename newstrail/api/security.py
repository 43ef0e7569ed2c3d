"""Safety of the HTTP layer: response headers, request size limits, the ingest token.

Everything an article contains is untrusted. Pages are rendered with autoescaping, and every
response carries a strict Content-Security-Policy: scripts and styles only from this server's
``/static`` files (no inline script, no inline style), no plugins, no framing, no fetches to other
origins, so even markup that slipped through escaping could neither run nor phone home.
"""

from __future__ import annotations

import hmac

from newstrail.config import ApiLimits

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "manifest-src 'self'",
])

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]

DEFAULT_MAX_BODY = ApiLimits.max_body  # bytes: a long article or a small upload ($NEWSTRAIL_MAX_BODY)
MAX_URL = 8192  # characters of path + query


class SecurityMiddleware:
    """Pure ASGI middleware: adds the security headers, refuses oversized requests (413) and
    overlong URLs (414) before the app reads them, and counts streamed bodies as they arrive."""

    def __init__(self, app, max_body: int = DEFAULT_MAX_BODY):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                headers = list(message.get("headers", []))
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                if scope.get("path", "").startswith("/static/"):
                    headers.append((b"cache-control", b"public, max-age=3600"))
                elif b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        if len(scope.get("path", "")) + len(scope.get("query_string", b"")) > MAX_URL:
            await _plain(send_with_headers, 414, "request URL too long")
            return
        length = None
        for key, value in scope.get("headers", []):
            if key == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    await _plain(send_with_headers, 400, "bad Content-Length")
                    return
        if length is not None and length > self.max_body:
            await _plain(send_with_headers, 413, f"request body larger than {self.max_body} bytes")
            return

        if length is None and _has_body(scope):
            # a streamed (chunked) body: read it up to the limit before the app sees it
            chunks, received = [], 0
            while True:
                message = await receive()
                if message["type"] != "http.request":
                    return
                chunks.append(message.get("body", b""))
                received += len(chunks[-1])
                if received > self.max_body:
                    await _plain(send_with_headers, 413, f"request body larger than {self.max_body} bytes")
                    return
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
            replayed = False

            async def replay():
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _has_body(scope) -> bool:
    for key, value in scope.get("headers", []):
        if key == b"transfer-encoding" and b"chunked" in value.lower():
            return True
    return False


async def _plain(send, status: int, text: str) -> None:
    body = ('{"detail": "' + text + '"}').encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def token_ok(configured: str | None, authorization: str | None, header_token: str | None) -> bool:
    """True when a token is configured and the request gives it (``Authorization: Bearer`` or
    ``X-Newstrail-Token``); compared in constant time."""
    if not configured:
        return False
    given = header_token
    if authorization and authorization.lower().startswith("bearer "):
        given = authorization[7:].strip()
    if not given:
        return False
    return hmac.compare_digest(given.encode(), configured.encode())
