"""The Doc/Span extension attributes newstrail's components read and write.

Registered in one place so that any component, and any user pipeline that adds
them, agrees on the names. Inputs (``published``, ``title``) are set on a Doc made with
``nlp.make_doc`` before it goes through ``nlp.pipe``; they survive multiprocessing.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "published": None,  # ISO publication date, for resolving relative times
    "title": None,  # the headline, for headline-vs-body figure checks
    "quotes": None,  # list[records.Quote]
    "figures": None,  # list[records.Figure]
    "figure_checks": None,  # list[records.FigureCheck]
    "sourcing": None,  # records.Sourcing
}
SPAN_EXTENSIONS = {
    "canonical": None,  # an entity's canonical name within its article
}


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()
