"""One odd article must not stop a batch of thousands.

A newstrail component wrapped with ``guarded`` that raises on a Doc leaves that Doc without
its output and records why in ``doc.user_data["newstrail_errors"]`` (kept across
multiprocessing); the article is still stored, with a note (code E001 in ``newstrail.errors``)
naming the component that failed, and the pipeline goes on with the next Doc.
"""

from __future__ import annotations

import functools
import logging

from spacy.tokens import Doc

from newstrail.errors import Errors

ERRORS_KEY = "newstrail_errors"
log = logging.getLogger("newstrail")


def guarded(name: str):
    def wrap(call):
        @functools.wraps(call)
        def safe(self, doc: Doc) -> Doc:
            try:
                return call(self, doc)
            except Exception as exc:  # noqa: BLE001 - any failure of one article is contained
                message = Errors.E001.format(component=name, error=f"{type(exc).__name__}: {exc}")
                doc.user_data.setdefault(ERRORS_KEY, []).append(message)
                log.warning(message)
                return doc
        return safe
    return wrap


def errors(doc: Doc) -> list[str]:
    return list(doc.user_data.get(ERRORS_KEY, []))
