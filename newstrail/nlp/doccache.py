"""One per-Doc cache shared by the quotes, figures and sourcing components.

spaCy builds a new ``Token`` (or ``Span``) object on every ``doc[i]``, ``for tok in doc``,
``doc.ents`` and ``doc.text``; the components need them many times over. The cache is one
slot keyed by a weak reference to the Doc being processed (components run one Doc at a
time), so nothing is stored on the Doc itself: ``doc.user_data`` crosses the worker pipe
with ``--workers``, and a copy of the text there would cross it twice.
"""

from __future__ import annotations

import weakref

from spacy.tokens import Doc, Span, Token

_ref: weakref.ref | None = None
_slot: dict = {}


def _objects(doc: Doc) -> dict:
    global _ref, _slot
    if _ref is None or _ref() is not doc or _slot.get("n") != len(doc):
        _ref = weakref.ref(doc)
        _slot = {"n": len(doc)}
    return _slot


def text(doc: Doc) -> str:
    """``doc.text`` rebuilds the string on every access; components share one copy."""
    slot = _objects(doc)
    value = slot.get("text")
    if value is None:
        value = slot["text"] = doc.text
    return value


def tokens(doc: Doc) -> tuple[Token, ...]:
    """The doc's tokens, made once: index ``tokens(doc)[i]`` instead of ``doc[i]``."""
    slot = _objects(doc)
    toks = slot.get("tokens")
    if toks is None:
        toks = slot["tokens"] = tuple(doc)
    return toks


def ents(doc: Doc) -> tuple[Span, ...]:
    """``doc.ents``, made once (the components do not change the entities)."""
    slot = _objects(doc)
    value = slot.get("ents")
    if value is None:
        value = slot["ents"] = doc.ents
    return value


def sent_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of ``doc.sents``, without building the Spans."""
    slot = _objects(doc)
    value = slot.get("sent_bounds")
    if value is None:
        if not doc.has_annotation("SENT_START") or "sents" in doc.user_hooks:
            value = [(s.start, s.end) for s in doc.sents]  # raises as doc.sents does
        else:
            value = []
            start = 0
            toks = tokens(doc)
            for i in range(1, len(toks)):
                if toks[i].is_sent_start:
                    value.append((start, i))
                    start = i
            if start != len(toks):
                value.append((start, len(toks)))
        slot["sent_bounds"] = value
    return value


def clear() -> None:
    """Drop the cached spaCy objects (the one Doc they keep alive)."""
    global _ref, _slot
    _ref, _slot = None, {}
