"""The cue of an attribution: is a word a cue, who its speaker is, what medium it names.

A cue is a speech verb (lexicon ``cues``: "say", "tell", "write", ...), "according to", or "put"
in "as X put it". ``attribution_of`` turns one into an ``Attribution``: the cue's text and
offsets (with a particle right after it, "shot back"), the head token of the speaker mention
(``subject``: its subject, or the noun after an inverted "said the spokesman", or the
subject of the clause it hangs on for "saying" / "and added" / "who said"; the object of
"according to") and the medium named with it ("told RIA Novosti", "in a video", "on his
page"). The speaker is resolved to a name later, by ``speakers.SpeakerResolver``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from newstrail import lexicon
from newstrail.extract import phrases
from newstrail.extract.speakers import Resolution

SPEECH_VERBS = lexicon.words("cues", "speech_verbs")
MEDIA_NOUNS = lexicon.words("cues", "media_nouns")
OUTLET_NOUNS = lexicon.words("cues", "outlet_nouns")
QUOTING_VERBS = lexicon.words("cues", "quoting_verbs")
# phrases by which a subject gives a count as its own tally ("police put the death toll at 16")
TALLY_PHRASES = lexicon.words("cues", "tally_phrases")
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
OUTLET_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT", "PERSON", "FAC"}
# a medium's noun phrase: the noun with its modifiers, "of"/"with" phrases, no clauses
MEDIUM_DEPS = {"det", "poss", "amod", "compound", "nummod", "case", "prep", "nmod", "pobj", "appos"}
MEDIUM_CUT = {"relcl", "acl", "punct", "advcl"}


@dataclass(slots=True)
class Attribution:
    """What credits quoted or reported words: the cue (its token, None for a dash; its text
    and character offsets), the head token of the speaker mention, the kind of quote it
    makes, the medium named with it, and the speaker once resolved (the quotes component
    resolves them all at the end, in text order)."""

    cue: Token | None = None
    cue_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_head: Token | None = None
    kind: str = "direct"
    medium: str | None = None
    speaker: Resolution | None = None


def is_cue(tok: Token) -> bool:
    if tok.i > 0 and tok.doc[tok.i - 1].text in {"-", "‐"}:
        return False  # "so-called", "well-said"
    if tok.lemma_.lower() == "put" and tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return True  # "as X put it, “…”"
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in {"VERB", "AUX"} or (
        tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to")


def subject(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject; for "“…,” said the spokesman" also a noun
    right after the verb that the parser did not label a subject; for "saying", "and
    added", "who said" the subject of the clause the verb hangs on; for "Russian media quoted
    the president as saying" the object of "quoted"."""
    quoting = _quoting_verb(verb)
    if quoting is not None:
        return next(c for c in quoting.children if c.dep_ == "dobj")
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.lower_ != "there" and not (child.lower_ == "it" and child.dep_ == "nsubjpass"):
            return child
    between = _between_subject(verb)
    if between is not None:
        return between
    if verb.i > 0 and verb.doc[verb.i - 1].is_quote or verb.i > 1 and verb.doc[verb.i - 2].is_quote:
        for child in verb.rights:
            if child.dep_ in {"dobj", "attr", "npadvmod", "dative", "oprd", "nmod", "appos", "dep", "advmod"} \
                    and child.pos_ in {"PROPN", "NOUN", "PRON"} and child.i - verb.i <= 4:
                return child
    if depth < 3 and verb.dep_ in {"conj", "xcomp", "advcl", "pcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        return subject(verb.head, depth + 1)
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        return subject(verb.head.head, depth + 1)  # "explained it by saying"
    if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return None


def _quoting_verb(verb: Token) -> Token | None:
    """In "Russian media quoted the president as saying …" (or "quoted him saying", "cited
    an officer as saying"), for the cue "saying" or "quoted": the quoting verb, which has the
    speaker as its object and the channel as its subject; else None."""
    if verb.lemma_.lower() in QUOTING_VERBS:
        saying = [c for c in verb.children if c.dep_ in {"xcomp", "advcl"} or c.dep_ == "prep" and c.lower_ == "as"]
        if not any(t.lemma_.lower() in SPEECH_VERBS for c in saying for t in [c, *c.children]):
            return None
        head = verb
    elif verb.lemma_.lower() in SPEECH_VERBS and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "as":
        head = verb.head.head
    elif verb.lemma_.lower() in SPEECH_VERBS and verb.dep_ in {"xcomp", "advcl"}:
        head = verb.head
    else:
        return None
    if head.lemma_.lower() not in QUOTING_VERBS or head.pos_ != "VERB" or not any(c.dep_ == "dobj" for c in head.children):
        return None
    return head


def _between_subject(verb: Token) -> Token | None:
    """“…,” Brent Bozell, founder of the centre, tells -- a name between the closing mark
    and the verb that the parser did not make the verb's subject."""
    doc = verb.doc
    k = verb.i - 1
    stop = max(0, verb.i - 14)
    while k > stop and not doc[k].is_quote and "\n" not in doc[k].text:
        k -= 1
    if k <= stop or not doc[k].is_quote or k + 1 >= verb.i:
        return None
    j = k + 1
    while j < verb.i and (doc[j].is_punct or doc[j].is_space):
        j += 1
    if j >= verb.i or doc[j].pos_ not in {"PROPN", "NOUN", "PRON"} or doc[j].lower_ in {"it", "there"}:
        return None
    head = doc[j]
    while head.dep_ in {"compound", "flat", "det", "amod", "poss"} and j < head.head.i < verb.i:
        head = head.head
    return head


def _according_source(tok: Token) -> Token | None:
    to = tok.doc[tok.i + 1]
    for child in list(to.children) + list(tok.children):
        if child.dep_ == "pobj":
            return child
    nxt = tok.i + 2
    return tok.doc[nxt] if nxt < len(tok.doc) and tok.doc[nxt].pos_ in {"PROPN", "NOUN", "PRON"} else None


def _medium_phrase(tok: Token) -> str:
    """A medium's noun phrase without its relative clauses: 'a video released ...' -> 'a video'."""
    def keep(child: Token) -> bool:
        return not (child.dep_ == "prep" and child.lower_ not in {"with", "of"})

    words = phrases.reach(tok, lambda c: c.dep_ in MEDIUM_DEPS and keep(c),
                          lambda parent, c: c.dep_ not in MEDIUM_CUT and keep(c))
    return phrases.text_of(phrases.trim(phrases.run_around(words, tok), last=lambda t: t.is_punct))


def medium(verb: Token) -> str | None:
    """The channel named with the cue: "in a video", "on his page", "told RIA Novosti"; for
    "Russian media quoted the president as saying" the quoting verb's subject."""
    quoting = _quoting_verb(verb)
    if quoting is not None:
        channel = next((c for c in quoting.children if c.dep_ in SUBJECT_DEPS), None)
        return _medium_phrase(channel) if channel is not None else None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on", "via", "through", "during", "at", "to"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.lower_ in MEDIA_NOUNS or obj.lemma_.lower() in MEDIA_NOUNS
                                           or obj.ent_type_ in {"ORG", "WORK_OF_ART", "PRODUCT"} and child.lower_ in {"on", "to"}):
                    return _medium_phrase(obj)
        if verb.lemma_.lower() in {"tell", "inform"} and child.dep_ in {"dobj", "dative", "iobj"}:
            words = {t.lower_ for t in child.subtree}
            if (child.ent_type_ in OUTLET_LABELS - {"PERSON"} and words & OUTLET_NOUNS) or child.lemma_.lower() in OUTLET_NOUNS \
                    or child.ent_type_ in {"ORG", "WORK_OF_ART"} and words & OUTLET_NOUNS:
                return _medium_phrase(child)
            if child.ent_type_ in {"ORG", "WORK_OF_ART"}:
                return _medium_phrase(child)
    return None


def cue_bounds(verb: Token) -> tuple[str, int, int]:
    """The cue's text and character offsets: the verb with a particle right after it
    ("shot back"), or "according to"."""
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        return "according to", verb.idx, to.idx + len(to)
    end_tok = verb
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end_tok = child
    return verb.doc[verb.i:end_tok.i + 1].text, verb.idx, end_tok.idx + len(end_tok)


def attribution_of(verb: Token, kind: str) -> Attribution:
    """The attribution a cue verb (or "according") makes: its speaker and medium."""
    if verb.lower_ == "according":
        text, start, end = cue_bounds(verb)
        return Attribution(verb, text, start, end, _according_source(verb), kind)
    return credit(verb, subject(verb), kind)


def credit(verb: Token, head: Token, kind: str) -> Attribution:
    """The attribution of a verb whose speaker ``head`` was found by the caller's own rule."""
    text, start, end = cue_bounds(verb)
    return Attribution(verb, text, start, end, head, kind, medium(verb))
