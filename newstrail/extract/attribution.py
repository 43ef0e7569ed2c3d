"""Attribution on the parse: which cue credits a pair of quotation marks, and to whom.

What a cue verb says of itself (its speaker, its medium) is read by ``cues``; this module
holds the rules that look for a cue around a pair of marks -- a speech verb, or a colon, a
dash, a verb of any kind in the shape of a speech tag -- in the order the quotes component
tries them:

* after the closing mark (``after_quote``): a speech verb ("…,” said X", "…,” X told RIA
  Novosti", "…,” according to X"), a dash and a name ("“…” — X"), or another verb in the
  shape of a speech tag ("“…!” beamed X", "“…,” X shot back." -- ``_manner_verb``);
* before the opening mark (``lead_in``): a speech verb in the sentence or ending the one
  before with a colon ("X wrote: “…”", "X said — “…”", "X said in a statement, “…”"), a
  name and a colon ("Daron Shaw: “…”"), a clause of any verb ending in a colon or comma
  before a whole sentence in marks ("She turned to the crowd: “…”"; ``_introducing_verb``),
  or the speech verb that governs the marks (a *partial* quote of its subject);
* a paragraph that opens with a quote takes the last speech verb of the paragraph before
  (``previous_paragraph_cue``, dialogue);
* a headline "Speaker: what they said" (``headline``).

The thresholds these rules use are the quotes component's spaCy config (``Limits``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from spacy.tokens import Doc, Token

from newstrail import lexicon
from newstrail.errors import NewstrailError
from newstrail.extract.cues import SUBJECT_DEPS, Attribution, attribution_of, credit, is_cue, subject

EVALUATION_VERBS = lexicon.words("cues", "evaluation_verbs")
HEADLINE_LABELS = lexicon.words("cues", "headline_labels")
HEADLINE_TOPIC_WORDS = {"on", "in", "at", "about", "after", "before", "to", "with", "for", "from", "over", "vs", "vs."}
DASHES = {"—", "–", "―", "--", "-"}  # em, en, horizontal bar (“…” ― Name), typed
COLON_SPEAKER_LABELS = {"PERSON", "ORG", "PRODUCT"}


@dataclass(frozen=True, slots=True)
class Limits:
    """The quotes component's thresholds, set through its spaCy config (``quotes.make_quotes``
    holds the defaults). Each is a whole number (of words, tokens or characters), 0 or more."""

    scare_max_words: int  # a phrase this short in marks needs a speech verb to be a quote
    title_max_words: int  # titles in marks ("Meet the Press") are this short
    headline_max_words: int  # a first line this short, with no sentence inside, is a headline
    speaker_max_words: int  # "Former Mexico leader Calderon:" -- longer lead-ins are not speakers
    dialogue_lookback: int  # tokens searched back for the cue of a paragraph-opening quote
    manner_subject_max: int  # “…,” Trump shot back: the subject between mark and verb is this short
    intro_max_tokens: int  # a colon/comma lead-in verb lies this close before the mark ("boomed:")
    reported_min_chars: int  # reported speech shorter than this is no statement
    according_min_chars: int  # the rest of an "according to" sentence is at least this long

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            if type(value) is not int or value < 0:
                raise NewstrailError("E010", component="newstrail_quotes", setting=setting.name, least=0, value=value)


@dataclass(slots=True)
class Parsed:
    """What the attribution rules read of one article, made once per Doc: ``quoted`` marks
    the tokens inside quotation marks, ``sent_of`` the sentence (index into ``sent_bounds``)
    of each token."""

    doc: Doc
    text: str
    toks: tuple[Token, ...]
    sent_bounds: list[tuple[int, int]]
    sent_of: list[int]
    quoted: list[bool]
    limits: Limits

    def sentence_start(self, first: int, last: int) -> int:
        """The first token of the sentence of the first quoted word (``first`` is the opening
        mark, which the parser may leave at the end of the previous sentence: "... the TV.
        ''I loved it,'' she said.")."""
        return min(first, self.sent_bounds[self.sent_of[min(first + 1, last)]][0])

    def only_marks(self, lo: int, hi: int) -> bool:
        """Tokens ``lo`` .. ``hi - 1`` are all punctuation or space."""
        return all(self.toks[k].is_punct or self.toks[k].is_space for k in range(lo, hi))


def sentence_like(words: str, limits: Limits) -> bool:
    """Quoted words that can stand as an utterance: longer than a scare quote, capitalised."""
    return len(words.split()) > limits.scare_max_words and words[:1].isupper()


# -- after the closing mark --------------------------------------------------------------

def after_quote(p: Parsed, close_tok: int, limit: int) -> Attribution | None:
    """A speech verb (or 'according to', or a dash and a name) right after the closing mark."""
    doc = p.doc
    i = close_tok + 1
    # skip punctuation between the closing mark and the attribution
    while i < limit and (doc[i].is_punct and doc[i].text not in DASHES or doc[i].is_space and "\n" not in doc[i].text):
        i += 1
    if i < limit and doc[i].text in DASHES:
        return _dash_name(doc, i, limit)
    for j in range(i, min(limit, i + 14)):
        tok = doc[j]
        if p.quoted[j] or "\n" in tok.text:
            return None
        if is_cue(tok):
            return attribution_of(tok, "direct")
        if tok.pos_ == "VERB" and not (tok.is_sent_start and j > i):
            return _manner_verb(p, close_tok, i, tok)
        if tok.pos_ == "VERB" or tok.is_sent_start and j > i or tok.text in {".", "!", "?", ";"}:
            return None
    return None


def _dash_name(doc: Doc, dash: int, limit: int) -> Attribution | None:
    """“…” — Ada Moss: a name right after a dash after the quote; the dash is the cue."""
    j = dash + 1
    while j < limit and doc[j].is_space:
        j += 1
    if j < limit and doc[j].ent_type_ in {"PERSON", "ORG"} or j < limit and doc[j].pos_ == "PROPN":
        head = doc[j]
        while head.head.i != head.i and head.head.i < limit and head.head.pos_ in {"PROPN", "NOUN"} and head.dep_ in {"compound", "flat"}:
            head = head.head
        return Attribution(None, doc[dash].text, doc[dash].idx, doc[dash].idx + len(doc[dash]), head, "direct")
    return None


def _manner_verb(p: Parsed, close_tok: int, i: int, verb: Token) -> Attribution | None:
    """“This is fantastic!” beamed X / “…,” Trump shot back. -- a verb that is not a verb of
    saying (beam, boom, shoot back) attributes the quote only in the shape of a speech tag:
    the quote ends in , ! or ? inside its marks, and the verb (past or present, with no
    object or clause of its own) comes right after the mark before its subject, or right
    after a short subject, and ends its clause."""
    doc = p.doc
    if doc[close_tok - 1].text not in {",", "!", "?"} or verb.tag_ not in {"VBD", "VBZ"}:
        return None
    if any(c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"} and c.i > close_tok for c in verb.children):
        return None
    nxt = verb.i + 1
    while nxt < len(doc) and doc[nxt].dep_ in {"prt", "advmod"} and doc[nxt].head.i == verb.i:
        nxt += 1
    head = None
    if verb.i == i:  # inverted: “…!” beamed Donald Hartley
        after = [c for c in verb.children if c.i > verb.i and c.dep_ in {"nsubj", "dobj", "npadvmod", "nmod", "dep", "appos"}]
        for child in verb.rights:
            if child.pos_ in {"PROPN", "NOUN"} and child.i - verb.i <= 4 and (child.dep_ in SUBJECT_DEPS or child in after):
                head = child
                break
    elif verb.i - i <= p.limits.manner_subject_max:
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.i >= i and all(i <= t.i < verb.i for t in subj.subtree) \
                and subj.pos_ in {"PROPN", "NOUN", "PRON"} and subj.lower_ not in {"it", "there", "this", "that"}:
            head = subj
            if nxt < len(doc) and not (doc[nxt].is_punct or doc[nxt].lower_ in {"as", "with", "in", "at", "on", "before", "after", "while", "during", "from"}):
                return None  # the verb goes on: “Titanic,” the crew watched the film
    if head is None:
        return None
    return credit(verb, head, "direct")


# -- before the opening mark -------------------------------------------------------------

def before_quote(p: Parsed, open_tok: int, lo: int) -> tuple[Attribution | None, bool]:
    """A speech verb right before the opening mark. Returns (attribution, utterance): the
    second is True when only punctuation, the speaker or the medium lie between cue and mark
    and the mark follows ':' ',' or a dash (a direct quote); False makes it partial."""
    doc = p.doc
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i < lo:
        return None, False
    punct_before = doc[i].text in {":", ","} | DASHES
    for j in range(i, max(lo - 1, i - 16), -1):
        tok = doc[j]
        if p.quoted[j] or "\n" in tok.text and j != i:
            break
        if is_cue(tok):
            attr = attribution_of(tok, "direct")
            between = doc[j + 1:open_tok]
            utterance = (punct_before or j == i) and not any(t.lower_ == "that" and t.dep_ == "mark" for t in between)
            if tok.lower_ == "according":
                utterance = utterance and punct_before
            return attr, utterance
        if tok.pos_ == "VERB" or tok.text in {".", "!", "?", ";"}:
            break
    return None, False


def lead_in(p: Parsed, first: int, last: int, words: str, s_first: int, lead_only: bool) -> Attribution | None:
    """The attribution before a quote (marks at tokens ``first`` .. ``last`` around ``words``)
    that has none after it: a speech verb before the marks in its sentence or ending the
    sentence before with a colon ("Kadyrov wrote: “…”"), a name and a colon, any verb with a
    subject that introduces a whole sentence with a colon or a comma ("She shot back, “…”"),
    or the speech verb governing the marks (partial). ``lead_only``: only marks lie between
    the sentence start ``s_first`` and the quote."""
    doc = p.doc
    attr = None
    lo = s_first
    if lead_only and s_first > 0:
        # "Kadyrov wrote:" ending the previous sentence or paragraph
        prev = s_first - 1
        while prev > 0 and doc[prev].is_space:
            prev -= 1
        if doc[prev].text == ":":
            lo = p.sent_bounds[p.sent_of[prev]][0]
            attr, _ = before_quote(p, first, lo)
    if attr is None and not lead_only:
        before, utterance = before_quote(p, first, lo)
        if before is not None:
            attr = before
            if not utterance:
                attr.kind = "partial"
    if attr is None:
        attr = _colon_speaker(p, first, max(0, s_first - 1) if lead_only else s_first)
    if attr is None and sentence_like(words, p.limits):
        attr = _introducing_verb(p, first, lo)
    if attr is None:
        gov = _governing_cue(doc, first, last)
        if gov is not None:
            attr = attribution_of(gov, "partial")
    if attr is not None and attr.kind == "direct":
        # an utterance must run to the end of its sentence (else it is partial)
        end_sent = p.sent_bounds[p.sent_of[last]][1]
        if not p.only_marks(last + 1, end_sent):
            attr.kind = "partial"
    return attr


def _introducing_verb(p: Parsed, open_tok: int, lo: int) -> Attribution | None:
    """“She then addressed the crowd again: “…”", "Hillary shot back, “…”": a whole sentence in
    marks right after a colon or comma that ends a clause whose verb (of any kind) has a
    speaker-like subject. The verb is the cue. Not "it/there/this" subjects ("Wait, it gets
    better: “…”") nor a verb that governs the quote as an object of reading ("a sign reading")."""
    doc = p.doc
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i <= lo or doc[i].text not in {":", ","}:
        return None
    # the verb the clause ends on (the verb itself, or within its particle / adverbs / object)
    j = i - 1
    verb = None
    for k in range(j, max(lo - 1, j - p.limits.intro_max_tokens), -1):
        tok = doc[k]
        if p.quoted[k] or "\n" in tok.text or tok.text in {".", "!", "?", ";", ":"} or tok.is_quote:
            return None
        cand = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
        if cand.pos_ == "VERB" and cand.i <= j and cand.i >= k - 1 and not p.quoted[cand.i]:
            verb = cand
            break
    if verb is None or verb.tag_ == "VBG" and verb.dep_ == "acl":
        return None
    head = subject(verb)
    if head is None and verb.dep_ in {"dobj", "ccomp", "oprd"} and verb.head.pos_ in {"VERB", "AUX"}:
        head = subject(verb.head)  # "is shown lecturing:"
    if head is None or head.lower_ in {"it", "there", "this", "that", "which"} or head.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    if doc[i].text == "," and (verb.i != j and doc[j].dep_ not in {"prt", "advmod"}):
        return None  # "X shot back, “…”" only: after a comma the verb must end the clause
    return credit(verb, head, "direct")


def _governing_cue(doc: Doc, first: int, last: int) -> Token | None:
    """The nearest speech verb outside the marks that governs the quoted words; failing
    that, the nearest verb of evaluation ("praised X for “…”", "called it “…”") that has a
    subject -- the quoted phrase is then that subject's words."""
    # the quoted words hanging outside the marks (not the marks themselves, which the parser
    # may attach to a neighbouring sentence)
    roots = [doc[k] for k in range(first, last + 1)
             if not (first <= doc[k].head.i <= last) and not (doc[k].is_punct or doc[k].is_space)]
    evaluative = None
    for root in roots:
        tok = root.head
        for _ in range(8):
            if not (first <= tok.i <= last):
                if is_cue(tok) and tok.lower_ != "according":
                    return tok
                if evaluative is None and tok.pos_ == "VERB" and tok.lemma_.lower() in EVALUATION_VERBS \
                        and subject(tok) is not None:
                    evaluative = tok
            if tok.head.i == tok.i:
                break
            tok = tok.head
    return evaluative


def _colon_speaker(p: Parsed, open_tok: int, lo: int) -> Attribution | None:
    """“Daron Shaw: “…”” -- a name (or a "Name and Name") right before a colon that opens
    the quote; the colon is the cue."""
    doc = p.doc
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i <= lo or doc[i].text != ":":
        return None
    colon = doc[i]
    j = i - 1
    if doc[j].pos_ != "PROPN" or doc[j].ent_type_ not in COLON_SPEAKER_LABELS or "\n" not in p.text[:colon.idx]:
        return None  # a name (the small model often labels unknown names PRODUCT); not in the headline
    head = doc[j]
    k = j
    while k > lo and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].dep_ in {"cc", "compound"} and doc[k - 1].pos_ in {"CCONJ", "PROPN"}):
        k -= 1
    if j - k + 1 > p.limits.speaker_max_words:
        return None
    return Attribution(colon, ":", colon.idx, colon.idx + 1, head, "direct")


# -- the paragraph before, the headline ---------------------------------------------------

def previous_paragraph_cue(p: Parsed, newline: int) -> Token | None:
    """The last speech verb with a speaker in the paragraph that ends at token ``newline``
    (outside quotation marks; at most ``dialogue_lookback`` tokens back)."""
    doc = p.doc
    k = newline - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    stop = max(0, k - p.limits.dialogue_lookback)
    while k >= stop and "\n" not in doc[k].text:
        tok = doc[k]
        if not p.quoted[k] and tok.pos_ in {"VERB", "AUX"} and is_cue(tok) and tok.lower_ != "according":
            return tok if subject(tok) is not None else None
        k -= 1
    return None


@dataclass(slots=True)
class Headline:
    attr: Attribution
    lead: tuple[int, int]  # character offsets of the speaker lead-in
    rest: tuple[int, int]  # character offsets of what they said


def headline(p: Parsed) -> Headline | None:
    """A headline "Speaker: what they said" -- the text's first line, short, with no
    sentence break inside, led by a short capitalised name that is not a section label
    ("The Latest:") nor all capitals ("FIX IS IN:") nor a topic ("X On Trump:")."""
    text = p.text
    nl = text.find("\n")
    end = len(text) if nl < 0 else nl
    line = text[:end]
    colon = line.find(": ")
    if colon <= 0 or len(line.split()) > p.limits.headline_max_words:
        return None
    lead = line[:colon].strip()
    words = lead.split()
    if not words or len(words) > p.limits.speaker_max_words or lead.lower() in HEADLINE_LABELS or lead.isupper():
        return None
    if not words[-1][:1].isupper() or any(w.lower() in HEADLINE_TOPIC_WORDS for w in words[1:]):
        return None
    rest_start = colon + 1
    while rest_start < end and text[rest_start].isspace():
        rest_start += 1
    rest_end = end
    while rest_end > rest_start and (text[rest_end - 1].isspace() or text[rest_end - 1] == "."):
        rest_end -= 1
    if len(text[rest_start:rest_end].split()) < 2 or re.search(r"[.!?]\s+[A-Z]", text[rest_start:rest_end]):
        return None
    colon_span = p.doc.char_span(colon, colon + 1, alignment_mode="expand")
    l_start = line.find(lead)
    attr = Attribution(colon_span[0] if colon_span is not None else None, ":", colon, colon + 1, None, "indirect")
    return Headline(attr, (l_start, l_start + len(lead)), (rest_start, rest_end))
