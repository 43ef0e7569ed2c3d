"""Noun phrases cut out of the parse: the words of a speaker, a medium, a place or a source.

Extractors name things by a noun phrase without what merely hangs on it ("Ronald Fieldstone,
a Miami lawyer who ..." -> "Ronald Fieldstone"; "a video released on Monday" -> "a video").
One recipe serves them all, each caller choosing its rules:

1. ``reach``: the head and the dependants a rule lets through, followed down the tree;
2. ``run_around``: of those, the unbroken run of words holding one of them (a dependant left
   out may leave a gap, and a phrase is never two pieces);
3. ``trim``: words dropped at the edges (punctuation, a dangling "and", an article).

``ASIDES`` are the dependencies that open a clause or an aside rather than add to the name.
``source_name`` names the source of a claim the way figures and sourcing report it.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from newstrail.nlp import doccache
from newstrail.nlp.entities import clean_mention

ASIDES = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis"})
SOURCE_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SOURCE_MAX_WORDS = 8  # a longer subject is cut to its last words up to the head ...
SOURCE_TAIL = 3  # ... this many words before the head


def reach(head: Token, first: Callable[[Token], bool],
          below: Callable[[Token, Token], bool] | None = None) -> list[Token]:
    """``head`` and the dependants reached from it, in text order: ``first(child)`` decides
    the head's own children, ``below(parent, child)`` those further down (by default the
    same rule as ``first``)."""
    if below is None:
        def below(parent: Token, child: Token) -> bool:
            return first(child)
    keep = [head]
    stack = [c for c in head.children if first(c)]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if below(tok, c))
    keep.sort(key=lambda t: t.i)
    return keep


def run_around(tokens: list[Token], anchor: Token) -> list[Token]:
    """The longest run of consecutive words in ``tokens`` (in text order) that holds ``anchor``."""
    lo = hi = tokens.index(anchor)
    while lo > 0 and tokens[lo - 1].i == tokens[lo].i - 1:
        lo -= 1
    while hi < len(tokens) - 1 and tokens[hi + 1].i == tokens[hi].i + 1:
        hi += 1
    return tokens[lo:hi + 1]


def trim(run: list[Token], last: Callable[[Token], bool] | None = None,
         first: Callable[[Token], bool] | None = None) -> list[Token]:
    """``run`` without the words at its end that ``last`` matches, then those at its start
    that ``first`` matches; at least one word stays."""
    run = list(run)
    while last is not None and len(run) > 1 and last(run[-1]):
        run.pop()
    while first is not None and len(run) > 1 and first(run[0]):
        run.pop(0)
    return run


def text_of(run: list[Token]) -> str:
    """The text from the first word of ``run`` to its last, as written."""
    return run[0].doc[run[0].i:run[-1].i + 1].text


def source_name(tok: Token) -> str:
    """A source (the subject of a reporting verb, the object of "according to") as a name:
    the canonical name of the person, body or place entity it is part of, else its noun
    phrase, cut to its last words when long."""
    doc = tok.doc
    for ent in doccache.ents(doc):
        if ent.start <= tok.i < ent.end and ent.label_ in SOURCE_LABELS:
            return ent._.canonical or clean_mention(ent.text, ent.label_)
    words = list(tok.subtree)
    span = doc[words[0].i:words[-1].i + 1]
    if len(span) > SOURCE_MAX_WORDS:
        span = doc[max(tok.i - SOURCE_TAIL, span.start):tok.i + 1]
    return span.text.strip(" ,")
