"""One per-Doc cache shared by the quotes, figures and sourcing components.

spaCy builds a new ``Token`` (or ``Span``) object on every ``doc[i]``, ``for tok in doc``,
``doc.ents`` and ``doc.text``; the components need them many times over, and they share
what they derive from them: sentence bounds, the sentence of each token, the character
spans of sentences split at line breaks, and the regions of quoted text. The cache is one
slot keyed by a weak reference to the Doc being processed (components run one Doc at a
time), so nothing is stored on the Doc itself: ``doc.user_data`` crosses the worker pipe
with ``--workers``, and a copy of the text there would cross it twice.
"""

from __future__ import annotations

import re
import weakref

from spacy.tokens import Doc, Span, Token

from newstrail.nlp import extensions  # noqa: F401  (doc._.quotes, read by quote_regions)

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


def sent_of(doc: Doc) -> list[int]:
    """The index (into ``sent_bounds``) of the sentence each token is in."""
    slot = _objects(doc)
    value = slot.get("sent_of")
    if value is None:
        value = slot["sent_of"] = [0] * len(doc)
        for index, (start, end) in enumerate(sent_bounds(doc)):
            value[start:end] = [index] * (end - start)
    return value


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of sentences: spaCy's sentences further split at line breaks (a
    headline or a paragraph without a full stop is a sentence of its own)."""
    slot = _objects(doc)
    value = slot.get("sentence_spans")
    if value is None:
        value = slot["sentence_spans"] = []
        has_sents = doc.has_annotation("SENT_START")
        start = end = None
        for tok in tokens(doc):
            if (tok.is_space and "\n" in tok.text) or (has_sents and tok.is_sent_start and start is not None):
                if start is not None:
                    value.append((start, end))
                start = None
                if tok.is_space:
                    continue
            if tok.is_space:
                continue
            if start is None:
                start = tok.idx
            end = tok.idx + len(tok.text)
            if "\n" in tok.whitespace_:
                value.append((start, end))
                start = None
        if start is not None:
            value.append((start, end))
    return value


# text between quotation marks, when no quotes component has run
QUOTE_PAIRS = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^»]{1,3000}»")


def quote_regions(doc: Doc) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of quoted text: ``doc._.quotes`` when the quotes component has
    found any, else the text between quotation marks (speaker None). Made again when
    ``doc._.quotes`` is replaced."""
    slot = _objects(doc)
    quotes = doc._.quotes
    cached = slot.get("quote_regions")
    if cached is not None and cached[0] is quotes:
        return cached[1]
    if quotes:
        value = [(q.start, q.end, q.speaker_resolved or q.speaker) for q in quotes]
    else:
        value = [(m.start(), m.end(), None) for m in QUOTE_PAIRS.finditer(text(doc))]
    slot["quote_regions"] = (quotes, value)
    return value


def clear() -> None:
    """Drop the cached spaCy objects (the one Doc they keep alive)."""
    global _ref, _slot
    _ref, _slot = None, {}
