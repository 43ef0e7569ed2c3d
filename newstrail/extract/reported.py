"""Reported speech: what someone said without quotation marks, found on the parse.

A speech verb with a speaker and a clausal complement ("X said (that) …", "X told Y that …",
"…, X said.", "X urged Y to …") reports its complement (kind ``indirect``), and so does a
sentence-final "… the monitoring group said" whose clause the parser did not hang on the verb
(text without commas); "according to X,
…" reports the rest of its sentence (``according_to``). The content stays within the cue's
paragraph, takes in whole any quotation it cuts into, and is dropped when it is mostly a
direct quote already found, or when no one is speaking ("Nobody asked them …").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from newstrail.extract.attribution import Parsed
from newstrail import lexicon
from newstrail.extract.cues import SPEECH_VERBS, Attribution, attribution_of, credit

XCOMP_VERBS = lexicon.words("cues", "xcomp_verbs")
NOBODY = frozenset({"nobody", "none", "nothing"})  # and "no one": "one" after "no"
# a verb in these relations is no sentence-final "... X said" ("the things he said", "as he said")
NOT_TRAILING = frozenset({"relcl", "acl", "advcl", "amod", "pcomp", "xcomp", "csubj", "nsubj", "pobj"})
# relations inside one noun phrase, climbed from its last word to its head
NP_INSIDE = frozenset({"compound", "pobj", "prep", "appos", "amod", "flat", "nmod", "poss", "case", "det", "nummod"})
TRAILING_MAX_WORDS = 14  # a longer "noun phrase" before the verb is more likely a misparse


def find_reported(p: Parsed, quoted: list[tuple[int, int]], direct: list[tuple[int, int]]
                  ) -> list[tuple[int, int, Attribution]]:
    """(start, end, attribution) of each reported statement. ``quoted`` are the character
    spans of all quoted words, ``direct`` those of direct quotes."""
    found = []
    toks = p.toks
    for tok in toks:
        if p.quoted[tok.i]:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(toks) and toks[tok.i + 1].lower_ == "to":
            rep = _according(p.doc, tok, p.sent_bounds[p.sent_of[tok.i]], p.limits.according_min_chars)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_VERBS:
            rep = _reported(p.doc, tok)
            if rep is None or rep[2].speaker_head is None:
                rep = _trailing(p, tok) or rep
        else:
            continue
        if rep is None or rep[2].speaker_head is None:
            continue
        start, end = _within_paragraph(p.text, tok.idx, rep[0], rep[1], quoted)
        if end - start < p.limits.reported_min_chars:
            continue
        if any(_overlap((start, end), d) >= 0.5 * min(end - start, d[1] - d[0]) for d in direct):
            continue
        found.append((start, end, rep[2]))
    return found


def _within_paragraph(text: str, cue: int, start: int, end: int, quoted: list[tuple[int, int]]) -> tuple[int, int]:
    """The content ``start`` .. ``end`` clipped to the paragraph of the cue at ``cue``, then
    widened over any quoted span it cuts into."""
    para_lo = text.rfind("\n", 0, cue) + 1
    para_hi = text.find("\n", cue)
    para_hi = len(text) if para_hi < 0 else para_hi
    start, end = max(start, para_lo), min(end, para_hi)
    for q_start, q_end in quoted:
        if q_start < end and start < q_end:
            start, end = min(start, q_start), max(end, q_end)
    return start, end


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """Character offsets of tokens ``lo`` .. ``hi - 1`` without punctuation at the edges."""
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi <= lo:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _reported(doc: Doc, verb: Token) -> tuple[int, int, Attribution] | None:
    """A speech verb's clausal complement (or, for "urge"-like verbs, its "to" clause)."""
    comp = None
    for child in verb.children:
        if child.dep_ == "ccomp":
            comp = child
            break
    if comp is None and verb.lemma_.lower() in XCOMP_VERBS:
        comp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if comp is None:
        return None
    subtree = list(comp.subtree)
    bounds = _trim(doc, subtree[0].i, subtree[-1].i + 1)
    if bounds is None or len(subtree) < 3:
        return None
    attr = attribution_of(verb, "indirect")
    if _no_speaker(attr.speaker_head):
        return None
    return bounds[0], bounds[1], attr


def _trailing(p: Parsed, verb: Token) -> tuple[int, int, Attribution] | None:
    """"Shelling killed 12 people in Osk on Tuesday the monitoring group said." -- a speech
    verb that ends its sentence (but for a phrase of its own: "said on Tuesday", "said in a
    statement") after a noun phrase, with no complement: text stripped of its commas (some
    outlets' feeds, scraped pages) leaves the parser no clause to hang on the verb, yet the
    words before that noun phrase are what it said."""
    doc = p.doc
    s_start, s_end = p.sent_bounds[p.sent_of[verb.i]]
    subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children)
    if verb.dep_ in NOT_TRAILING or any(c.dep_ in {"xcomp", "dobj", "mark", "neg"} or c.dep_ == "ccomp" and subject
                                        for c in verb.children):
        return None  # (a complement but no subject: the parser took the speaker into the complement)
    tail = {t.i for c in verb.rights if c.dep_ in {"prep", "npadvmod"} for t in c.subtree}
    if any(not (doc[k].is_punct or doc[k].is_space or k in tail) for k in range(verb.i + 1, s_end)):
        return None
    head = _trailing_speaker(doc, verb, s_start)
    if head is None:
        return None
    first = head.left_edge.i
    if verb.i - first > TRAILING_MAX_WORDS or not any(t.pos_ in {"VERB", "AUX"} for t in doc[s_start:first]):
        return None
    bounds = _trim(doc, s_start, first)
    if bounds is None:
        return None
    return bounds[0], bounds[1], credit(verb, head, "indirect")


def _trailing_speaker(doc: Doc, verb: Token, s_start: int) -> Token | None:
    """The head of the noun phrase that ends right before ``verb``: the verb's subject when
    it ends there, else the phrase the word before the verb belongs to."""
    k = verb.i - 1
    if k <= s_start or doc[k].pos_ not in {"NOUN", "PROPN"}:
        return None
    subj = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is not None and subj.right_edge.i == k and subj.left_edge.i > s_start:
        head = subj  # (a subject reaching back to the sentence start is the misparse itself)
    else:
        head = doc[k]
        while head.dep_ in NP_INSIDE and s_start <= head.head.i < verb.i and head.head is not head:
            head = head.head
    if head.pos_ not in {"NOUN", "PROPN"} or head.left_edge.i <= s_start or head.right_edge.i != k:
        return None
    return head


def _no_speaker(head: Token | None) -> bool:
    """"Nobody asked them …", "That nobody said so shows …": a negative pronoun, or a
    subject inside a sentence-initial "that"/"whether" clause, names no one who spoke."""
    if head is None:
        return False
    if head.lower_ in NOBODY or head.lower_ == "one" and any(c.lower_ == "no" for c in head.lefts):
        return True
    first = min(t.i for t in head.subtree)
    opener = head.doc[head.sent.start]
    return opener.lower_ in {"that", "whether"} and first - opener.i <= 1


def _according(doc: Doc, tok: Token, sent: tuple[int, int], min_chars: int) -> tuple[int, int, Attribution] | None:
    """"according to X, …": the rest of the sentence, on the larger side of the phrase, when
    that is at least ``min_chars`` long."""
    attr = attribution_of(tok, "according_to")
    s_start, s_end = sent
    phrase = {t.i for t in tok.subtree} | {tok.i, tok.i + 1}
    source = attr.speaker_head
    if source is not None:
        phrase |= {t.i for t in source.subtree}
    p_lo, p_hi = min(phrase), max(phrase) + 1
    left = _trim(doc, s_start, p_lo)
    right = _trim(doc, p_hi, s_end)
    left_len = left[1] - left[0] if left else 0
    right_len = right[1] - right[0] if right else 0
    bounds = right if right_len >= left_len else left
    if bounds is None or max(left_len, right_len) < min_chars:
        return None
    return bounds[0], bounds[1], attr
