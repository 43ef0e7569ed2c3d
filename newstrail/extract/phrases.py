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

from newstrail import lexicon
from newstrail.nlp import doccache
from newstrail.nlp.entities import clean_mention

ASIDES = frozenset({"relcl", "acl", "appos", "punct", "advcl", "parataxis"})
SOURCE_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SOURCE_MAX_WORDS = 8  # a longer subject is cut to its last words up to the head ...
SOURCE_TAIL = 3  # ... this many words before the head
# the heads a common noun phrase naming a source can have (lexicon ``cues``)
SOURCE_NOUNS = lexicon.words("cues", "source_nouns") | lexicon.words("cues", "role_nouns") \
    | lexicon.words("cues", "outlet_nouns") | lexicon.words("cues", "person_nouns")
PERSON_PRONOUNS = lexicon.words("cues", "singular_pronouns") | lexicon.words("cues", "plural_pronouns") \
    | {"i", "we", "you"}


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


def is_source(tok: Token) -> bool:
    """Whether the head of a phrase can name who made a claim: a person, body or place entity,
    a proper noun, a pronoun for people, or a common noun of ``SOURCE_NOUNS`` ("the monitor",
    "activists", "a UN report"). The subject of a reporting verb is often no source at all --
    "the footage showed two mosques", "more than 60 people were killed, the latest in a spate of
    blasts" -- and an article is said to drop a source another carrier gives, so a false source
    becomes a false finding across outlets."""
    if tok.ent_type_ in SOURCE_LABELS or tok.pos_ == "PROPN":
        return True
    if tok.pos_ == "PRON":
        return tok.lower_ in PERSON_PRONOUNS
    return tok.lower_ in SOURCE_NOUNS or tok.lemma_.lower() in SOURCE_NOUNS


def _behind(tok: Token) -> Token | None:
    """The source behind a phrase that is none itself: "figures from the ministry", "a video
    released by activists"."""
    heads = [tok] + [c for c in tok.children if c.dep_ == "acl"]
    for p in (p for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from", "of")
              for p in c.children if p.dep_ == "pobj"):
        if is_source(p):
            return p
    return None


def source_name(tok: Token) -> str | None:
    """A source (the subject of a reporting verb, the object of "according to") as a name:
    the canonical name of the person, body or place entity it is part of, else its noun
    phrase, cut to its last words when long; None when ``tok`` cannot name a source
    (``is_source``)."""
    doc = tok.doc
    for ent in doccache.ents(doc):
        if ent.start <= tok.i < ent.end and ent.label_ in SOURCE_LABELS:
            return ent._.canonical or clean_mention(ent.text, ent.label_)
    if not is_source(tok):
        behind = _behind(tok)
        return source_name(behind) if behind is not None else None
    words = list(tok.subtree)
    span = doc[words[0].i:words[-1].i + 1]
    if len(span) > SOURCE_MAX_WORDS:
        span = doc[max(tok.i - SOURCE_TAIL, span.start):tok.i + 1]
    return span.text.strip(" ,")
