"""What every request handler shares: the store, the settings (ingest token, limits, model and
component configs), the (lazily loaded) parser.

Analysis needs the spaCy pipeline, which takes seconds to load: it is loaded on the first
``/analyze`` or ``/ingest`` request, not at start-up, so a read-only server starts at once.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrail.api.limits import AnalysisGate
from newstrail.config import ApiLimits, Settings
from newstrail.records import Article, InputArticle, InputError
from newstrail.sources.registry import EXTENSIONS, READER_NAMED, UPLOAD_FORMATS

MAX_ANALYZE_ARTICLES = 20  # articles read from one uploaded file


def upload_format(filename: str | None, requested: str = "auto") -> str:
    """The reader for an upload, by its name as for files; a name whose reader an upload may
    not use (a URL list: the server must not fetch addresses an upload names) or none is text."""
    if requested != "auto":
        return requested
    ext = os.path.splitext((filename or "").lower().removesuffix(".gz"))[1]
    fmt = EXTENSIONS.get(ext, "text")
    return fmt if fmt in UPLOAD_FORMATS else "text"


def safe_filename(filename: str | None, fmt: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(filename or "upload").name).strip("._") or "upload"
    stem = stem[:80]
    wanted = READER_NAMED[fmt].extensions[0]
    if fmt == "warc" and stem.lower().endswith(".warc.gz"):
        return stem
    if not stem.lower().endswith(wanted):
        stem += wanted
    return stem


def normalise_published(value: str | None) -> tuple[str | None, str | None]:
    """(ISO date or None, a note when the value could not be read)."""
    if not value:
        return None, None
    try:
        from newstrail.sources.dates import normalise_date

        return normalise_date(value)
    except ImportError:  # pragma: no cover - sources always ships with newstrail
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value, None
        return None, f"published {value!r} could not be read as a date"


@dataclass
class Context:
    store: Any
    settings: Settings = field(default_factory=Settings)
    nlp: Any = None
    _nlp_lock: threading.Lock = field(default_factory=threading.Lock)
    _ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    gate: AnalysisGate = field(init=False)

    def __post_init__(self) -> None:
        self.gate = AnalysisGate(self.limits)

    @property
    def token(self) -> str | None:
        return self.settings.api_token

    @property
    def limits(self) -> ApiLimits:
        return self.settings.limits

    @property
    def ingest_enabled(self) -> bool:
        return bool(self.token)

    def get_nlp(self):
        with self._nlp_lock:
            if self.nlp is None:
                from newstrail.nlp.pipeline import nlp_for

                self.nlp = nlp_for(self.settings)
            return self.nlp

    # --- analysis without storing ---------------------------------------------------------

    def input_from_fields(self, fields: dict[str, Any], index: int = 0) -> InputArticle:
        published, note = normalise_published(fields.get("published"))
        item = InputArticle(
            id=(fields.get("id") or f"pasted-{index + 1}"),
            text=fields["text"],
            title=fields.get("title") or None,
            source=fields.get("source") or None,
            url=fields.get("url") or None,
            published=published,
            authors=list(fields.get("authors") or []),
            origin="api",
        )
        if note:
            item.notes.append(note)
        return item

    def analyse(self, items: list[InputArticle], abandoned: threading.Event | None = None) -> list[Article]:
        """The articles analysed, one request at a time (the pipeline and its caches are shared);
        nothing when the request was ``abandoned`` while it waited for its turn."""
        from newstrail.process import analyse_inputs

        nlp = self.get_nlp()
        with self._nlp_lock:
            if abandoned is not None and abandoned.is_set():
                return []
            return list(analyse_inputs(items, nlp))

    # within the request limits (newstrail.api.limits): call these from a worker thread

    def analyse_limited(self, items: list[InputArticle]) -> list[Article]:
        self.gate.check_size(items)
        return self.gate.run(lambda abandoned: self.analyse(items, abandoned))

    def analyse_upload(self, data: bytes, filename: str | None, fmt: str,
                       source: str | None) -> tuple[list[Article], list[InputError]]:
        """The articles of an upload, analysed, and its input errors (no articles: none was found)."""

        def work(abandoned: threading.Event):
            items, errors = self.read_upload(data, filename, fmt, source)
            if not items:
                return [], errors
            self.gate.check_size(items)
            return self.analyse(items, abandoned), errors

        return self.gate.run(work)

    def read_upload(self, data: bytes, filename: str | None, fmt: str, source: str | None):
        """The articles and input errors in an uploaded file (read from a private temp dir)."""
        from newstrail.sources import read_inputs

        fmt = upload_format(filename, fmt)
        items, errors = [], []
        with tempfile.TemporaryDirectory(prefix="newstrail-upload-") as tmp:
            path = os.path.join(tmp, safe_filename(filename, fmt))
            with open(path, "wb") as handle:
                handle.write(data)
            for item in read_inputs([path], fmt=fmt, source=source, allow_private=False,
                                    max_bytes=self.settings.max_input_bytes):
                if isinstance(item, InputError):
                    errors.append(InputError(item.location.replace(tmp + os.sep, ""), item.message))
                else:
                    item.origin = (item.origin or "").replace(tmp + os.sep, "")
                    items.append(item)
                if len(items) >= MAX_ANALYZE_ARTICLES:
                    break
        return items, errors

    def ingest(self, items: list[InputArticle]):
        from newstrail.ingest import ingest

        nlp = self.get_nlp()
        from newstrail.link.corpus import link_store

        with self._ingest_lock, self._nlp_lock:
            tally = ingest(store=self.store, items=items, nlp=nlp)
            if tally.ingested:
                link_store(self.store, params=self.settings.story_params())
            return tally
