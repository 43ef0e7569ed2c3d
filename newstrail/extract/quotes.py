"""Who said what: direct, partial and reported quotes as a spaCy component.

``newstrail_quotes`` writes ``doc._.quotes`` (``records.Quote``, sorted by start). Steps:

1. ``find_quote_spans`` pairs quotation marks on the text alone (" “ ” ‘ ’ « »): apostrophes
   ("shouldn’t", "the ’90s", "voters’") are not marks; a quote left open at the end of a
   paragraph continues only when the next paragraph opens with a mark (multi-paragraph
   quotes), otherwise the stray mark is ignored. A ” typed at the very start of a paragraph
   before a word opens a quote.
2. Each quoted span is attributed on the parse: a speech verb right after it ("…,” said X",
   "…,” X told RIA Novosti", "…,” according to X"), right before it ("X wrote: “…”",
   "X said — “…”", "X said in a statement, “…”"), a dash and a name after it ("“…” — X"),
   or, when the marks sit inside a clause governed by a speech verb, a *partial* quote of
   that verb's subject. Speech tags with other verbs count only in the shape of a tag:
   "“…!” beamed X", "“…,” X shot back." (``_manner_verb``), and a whole sentence in marks
   after a clause ending in a colon or comma ("She turned to the crowd: “…”", "X shot
   back, “…”"; ``_introducing_verb``); "as X put it, “…”" is a cue. A multi-paragraph quote
   with no attribution at its end takes the one introducing its first paragraph. A quote
   with none of these that directly follows an attributed one continues it (same speaker);
   a short phrase in marks with no speech verb is a scare quote and yields nothing; a
   title-case phrase after a possessive or "on"/"in" (on CNN’s “State of the Union”) is a
   title and yields nothing.
3. Reported speech: a speech verb with a subject and a clausal complement ("X said (that)
   …", "X told Y that …", "…, X said.", "X urged Y to …") -> ``indirect``; "according to X,
   …" -> ``according_to``. Complements that are themselves a direct quote are skipped.
4. Speakers are resolved by ``speakers.SpeakerResolver`` in text order; ``medium`` is the
   channel named in the attribution ("told RIA Novosti", "in a video", "on his page").
"""

from __future__ import annotations

from newstrail.nlp import doccache

import json
import re
from dataclasses import dataclass, field
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from newstrail.extract.speakers import Resolution, SpeakerResolver
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.guard import guarded
from newstrail.records import Quote

_LEX = json.loads(resources.files("newstrail.extract").joinpath("cues.json").read_text("utf-8"))
SPEECH_VERBS = frozenset(_LEX["speech_verbs"])
XCOMP_VERBS = frozenset(_LEX["xcomp_verbs"])
MEDIA_NOUNS = frozenset(_LEX["media_nouns"])
OUTLET_NOUNS = frozenset(_LEX["outlet_nouns"])
EVALUATION_VERBS = frozenset(_LEX["evaluation_verbs"])
HEADLINE_LABELS = frozenset(_LEX["headline_labels"])
HEADLINE_MAX_WORDS = 30  # a first paragraph this short, with no sentence inside, is a headline
SPEAKER_MAX_WORDS = 6  # "Former Mexico leader Calderon:" -- longer lead-ins are not speakers
HEADLINE_TOPIC_WORDS = {"on", "in", "at", "about", "after", "before", "to", "with", "for", "from", "over", "vs", "vs."}

DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
MARKS = re.compile(r"''|[\"“”«»„‘’‹›']")  # '' is a double mark in some wire copy
PARAGRAPH = re.compile(r"\n")
MARKUP = re.compile(r"</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>")  # <tweet author="..."> left in scraped text
DASHES = {"—", "–", "―", "--", "-"}  # em, en, horizontal bar (“…” ― Name), typed
DIALOGUE_LOOKBACK = 80  # tokens searched back for the cue of a paragraph-opening quote
MANNER_SUBJECT_MAX = 4  # “…,” Trump shot back: the subject between mark and verb is this short
INTRO_MAX_TOKENS = 6  # a colon/comma lead-in verb lies this close before the mark ("boomed:", "shot back,")
TITLE_MAX_WORDS = 8  # titles in marks ("Meet the Press") are short
TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "vs", "vs.", "&"}
SCARE_MAX_WORDS = 3  # a phrase this short in marks needs a speech verb to be a quote
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
COLON_SPEAKER_LABELS = {"PERSON", "ORG", "PRODUCT"}
OUTLET_LABELS = {"ORG", "WORK_OF_ART", "PRODUCT", "PERSON", "FAC"}


@dataclass(slots=True)
class QuoteSpan:
    """A pair of quotation marks: ``open`` and ``close`` are the marks' offsets; the content
    is ``text[open + 1:close]``. ``continued`` says the quote goes on in the next paragraph,
    ``continues`` that it carries on from the previous one."""

    open: int
    close: int
    continued: bool = False
    continues: bool = False


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _classify(text: str, i: int) -> str | None:
    """'open', 'close', 'either' or None (an apostrophe) for the mark at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in DOUBLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE:
        if ch == "”" and (i == 0 or text[i - 1] == "\n") and _is_word(after):
            return "either"  # ”Fear. I am ...: a mistyped opening mark at a paragraph start
        return "close"
    if ch == '"':
        return "either"
    # single marks: rule out apostrophes first
    if _is_word(before) and _is_word(after):
        return None  # shouldn’t, Russia’s, rock’n’roll
    if re.match(r"\d\ds\b", text[i + 1:i + 4]) or re.match(r"\d\d\b", text[i + 1:i + 3]) and not _is_word(before):
        return None  # the ’90s, class of ’08
    if ch in SINGLE_OPEN or ch == "'":
        if not _is_word(before) and (_is_word(after) or after in "“\"$£€(["):
            return "sopen"
    if ch in SINGLE_CLOSE or ch == "'":
        if not before.isspace() and not _is_word(after):
            if before in "sS" and i >= 2 and _is_word(text[i - 2]) and after == " ":
                return "sclose?"  # voters’ or a closing mark: only if one is open
            return "sclose"
    return None


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Pair quotation marks in ``text``; single-quoted spans count only outside double ones."""
    spans: list[QuoteSpan] = []
    paragraphs = []
    pos = 0
    for m in PARAGRAPH.finditer(text):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(text)))
    # quotation marks inside markup tags (attribute values) are not quotation marks
    in_tag = [(m.start(), m.end()) for m in MARKUP.finditer(text)] if "<" in text else []
    carry = False  # the previous paragraph left a double quote open
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        if p_start == p_end or not text[p_start:p_end].strip():
            continue
        d_open: int | None = None
        s_open: int | None = None
        continues_here = False
        for m in MARKS.finditer(text, p_start, p_end):
            i = m.start()
            if in_tag and any(a < i < b for a, b in in_tag):
                continue
            if m.end() - i == 2:
                # ''two apostrophes'' stand for a double mark; an opening one is recorded by
                # its second character so that the content is still text[open + 1:close]
                before = text[i - 1] if i > 0 else " "
                kind = "open" if not _is_word(before) and before not in ".,!?;:" else "either"
                if kind == "open" or d_open is None:
                    i += 1
                    kind = "open"
                else:
                    kind = "close"
            else:
                kind = _classify(text, i)
            if kind is None:
                continue
            if kind in {"open", "close", "either"}:
                if kind == "either":
                    kind = "close" if d_open is not None else "open"
                if kind == "open":
                    if d_open is None and carry and not text[p_start:i].strip():
                        continues_here = True
                    d_open = i  # an opening mark while open: the earlier one was stray
                    s_open = None
                elif d_open is not None:
                    spans.append(QuoteSpan(d_open, i, continues=continues_here))
                    continues_here = False
                    d_open = None
                continue
            if d_open is not None:
                continue  # nested single quotes belong to the double quote
            if kind == "sopen":
                s_open = i
            elif s_open is not None and kind in {"sclose", "sclose?"}:
                spans.append(QuoteSpan(s_open, i))
                s_open = None
        carry = False
        if d_open is not None:
            nxt = next((q for q in paragraphs[p_index + 1:] if text[q[0]:q[1]].strip()), None)
            if nxt is not None:
                first = text[nxt[0]:nxt[1]].lstrip()[:2]
                if first[:1] in DOUBLE_OPEN or first[:1] == '"' or first == "''":
                    end = p_end
                    while end > d_open + 1 and text[end - 1].isspace():
                        end -= 1
                    spans.append(QuoteSpan(d_open, end, continued=True, continues=continues_here))
                    carry = True
    return spans


@dataclass(slots=True)
class _Attribution:
    cue: Token | None = None
    cue_text: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_head: Token | None = None
    kind: str = "direct"
    medium: str | None = None
    speaker: Resolution | None = None


@dataclass(slots=True)
class _Item:
    quote: QuoteSpan | None
    start: int
    end: int
    text: str
    attr: _Attribution | None
    tok_start: int = 0
    tok_end: int = 0
    follows: int | None = None  # index of the quote this one continues
    extra: dict = field(default_factory=dict)


@Language.factory("newstrail_quotes")
def make_quotes(nlp: Language, name: str) -> "QuoteExtractor":
    return QuoteExtractor()


# "KESSLING, Feb 17 (NWS) — ", "WASHINGTON (Reuters) - ": a dateline opens the story, it is
# not part of what anyone said.
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40},?(?: [A-Z][a-z]{2,8}\.? \d{1,2},?)?(?: \([A-Za-z .&]{2,30}\))?\s*[—–-]{1,2}\s+")


def drop_dateline(quote: Quote, text: str) -> Quote:
    if quote.kind in ("indirect", "according_to"):
        m = DATELINE.match(text[quote.start:quote.end])
        if m and m.end() < quote.end - quote.start:
            quote.start += m.end()
            quote.text = text[quote.start:quote.end]
    return quote


class QuoteExtractor:
    @guarded("newstrail_quotes")
    def __call__(self, doc: Doc) -> Doc:
        text = doccache.text(doc)
        doc._.quotes = [drop_dateline(q, text) for q in extract_quotes(doc)]
        return doc


# -- attribution on the parse ------------------------------------------------------------

def _is_cue(tok: Token) -> bool:
    if tok.i > 0 and tok.doc[tok.i - 1].text in {"-", "‐"}:
        return False  # "so-called", "well-said"
    if tok.lemma_.lower() == "put" and tok.pos_ == "VERB" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in tok.children):
        return True  # "as X put it, “…”"
    return tok.lemma_.lower() in SPEECH_VERBS and tok.pos_ in {"VERB", "AUX"} or (
        tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to")


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject; for "“…,” said the spokesman" also a noun
    right after the verb that the parser did not label a subject; for "saying", "and
    added", "who said" the subject of the clause the verb hangs on."""
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
        return _subject(verb.head, depth + 1)
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ in {"VERB", "AUX"}:
        return _subject(verb.head.head, depth + 1)  # "explained it by saying"
    if verb.dep_ in {"relcl", "acl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
        return verb.head
    return None


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


def _phrase(tok: Token) -> str:
    """A noun phrase without its relative clauses: 'a video released ...' -> 'a video'."""
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ in {"det", "poss", "amod", "compound", "nummod", "case", "prep", "nmod", "pobj", "appos"}]
    while stack:
        t = stack.pop()
        toks.append(t)
        if t.dep_ == "prep" and t.lower_ not in {"with", "of"}:
            toks.remove(t)
            continue
        stack.extend(c for c in t.children if c.dep_ not in {"relcl", "acl", "punct", "advcl"})
    toks.sort(key=lambda t: t.i)
    lo = hi = toks.index(tok)
    while lo > 0 and toks[lo - 1].i == toks[lo].i - 1:
        lo -= 1
    while hi < len(toks) - 1 and toks[hi + 1].i == toks[hi].i + 1:
        hi += 1
    toks = toks[lo:hi + 1]
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "case" and len(toks) > 1 and toks[-1] is toks[-1]):
        if toks[-1].is_punct:
            toks.pop()
        else:
            break
    return tok.doc[toks[0].i:toks[-1].i + 1].text if toks else tok.text


def _medium(verb: Token) -> str | None:
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in {"in", "on", "via", "through", "during", "at", "to"}:
            for obj in child.children:
                if obj.dep_ == "pobj" and (obj.lower_ in MEDIA_NOUNS or obj.lemma_.lower() in MEDIA_NOUNS
                                           or obj.ent_type_ in {"ORG", "WORK_OF_ART", "PRODUCT"} and child.lower_ in {"on", "to"}):
                    return _phrase(obj)
        if verb.lemma_.lower() in {"tell", "inform"} and child.dep_ in {"dobj", "dative", "iobj"}:
            words = {t.lower_ for t in child.subtree}
            if (child.ent_type_ in OUTLET_LABELS - {"PERSON"} and words & OUTLET_NOUNS) or child.lemma_.lower() in OUTLET_NOUNS \
                    or child.ent_type_ in {"ORG", "WORK_OF_ART"} and words & OUTLET_NOUNS:
                return _phrase(child)
            if child.ent_type_ in {"ORG", "WORK_OF_ART"}:
                return _phrase(child)
    del doc
    return None


def _cue_bounds(verb: Token) -> tuple[str, int, int]:
    if verb.lower_ == "according":
        to = verb.doc[verb.i + 1]
        return "according to", verb.idx, to.idx + len(to)
    end_tok = verb
    for child in verb.children:
        if child.dep_ == "prt" and child.i == verb.i + 1:
            end_tok = child
    return verb.doc[verb.i:end_tok.i + 1].text, verb.idx, end_tok.idx + len(end_tok)


def _attr_from_verb(verb: Token, kind: str) -> _Attribution:
    text, start, end = _cue_bounds(verb)
    if verb.lower_ == "according":
        head = _according_source(verb)
        medium = None
    else:
        head = _subject(verb)
        medium = _medium(verb)
    return _Attribution(verb, text, start, end, head, kind, medium)


def _after(doc: Doc, close_tok: int, limit: int, quoted: list[bool]) -> _Attribution | None:
    """A speech verb (or 'according to', or a dash and a name) right after the closing mark."""
    i = close_tok + 1
    # skip punctuation between the closing mark and the attribution
    while i < limit and (doc[i].is_punct and doc[i].text not in DASHES or doc[i].is_space and "\n" not in doc[i].text):
        i += 1
    if i < limit and doc[i].text in DASHES:
        j = i + 1
        while j < limit and doc[j].is_space:
            j += 1
        if j < limit and doc[j].ent_type_ in {"PERSON", "ORG"} or j < limit and doc[j].pos_ == "PROPN":
            head = doc[j]
            while head.head.i != head.i and head.head.i < limit and head.head.pos_ in {"PROPN", "NOUN"} and head.dep_ in {"compound", "flat"}:
                head = head.head
            return _Attribution(None, doc[i].text, doc[i].idx, doc[i].idx + len(doc[i]), head, "direct")
        return None
    for j in range(i, min(limit, i + 14)):
        tok = doc[j]
        if quoted[j] or "\n" in tok.text:
            return None
        if _is_cue(tok):
            return _attr_from_verb(tok, "direct")
        if tok.pos_ == "VERB" and not (tok.is_sent_start and j > i):
            return _manner_verb(doc, close_tok, i, tok)
        if tok.pos_ == "VERB" or tok.is_sent_start and j > i or tok.text in {".", "!", "?", ";"}:
            return None
    return None


def _manner_verb(doc: Doc, close_tok: int, i: int, verb: Token) -> _Attribution | None:
    """“This is fantastic!” beamed X / “…,” Trump shot back. -- a verb that is not a verb of
    saying (beam, boom, shoot back) attributes the quote only in the shape of a speech tag:
    the quote ends in , ! or ? inside its marks, and the verb (past or present, with no
    object or clause of its own) comes right after the mark before its subject, or right
    after a short subject, and ends its clause."""
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
    elif verb.i - i <= MANNER_SUBJECT_MAX:
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and subj.i >= i and all(i <= t.i < verb.i for t in subj.subtree) \
                and subj.pos_ in {"PROPN", "NOUN", "PRON"} and subj.lower_ not in {"it", "there", "this", "that"}:
            head = subj
            if nxt < len(doc) and not (doc[nxt].is_punct or doc[nxt].lower_ in {"as", "with", "in", "at", "on", "before", "after", "while", "during", "from"}):
                return None  # the verb goes on: “Titanic,” the crew watched the film
    if head is None:
        return None
    text_, start, end = _cue_bounds(verb)
    return _Attribution(verb, text_, start, end, head, "direct", _medium(verb))


def _before(doc: Doc, open_tok: int, lo: int, quoted: list[bool]) -> tuple[_Attribution | None, bool]:
    """A speech verb right before the opening mark. Returns (attribution, utterance): the
    second is True when only punctuation, the speaker or the medium lie between cue and mark
    and the mark follows ':' ',' or a dash (a direct quote); False makes it partial."""
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i < lo:
        return None, False
    punct_before = doc[i].text in {":", ","} | DASHES
    for j in range(i, max(lo - 1, i - 16), -1):
        tok = doc[j]
        if quoted[j] or "\n" in tok.text and j != i:
            break
        if _is_cue(tok):
            attr = _attr_from_verb(tok, "direct")
            between = doc[j + 1:open_tok]
            utterance = (punct_before or j == i) and not any(t.lower_ == "that" and t.dep_ == "mark" for t in between)
            if tok.lower_ == "according":
                utterance = utterance and punct_before
            return attr, utterance
        if tok.pos_ == "VERB" or tok.text in {".", "!", "?", ";"}:
            break
    return None, False


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
                if _is_cue(tok) and tok.lower_ != "according":
                    return tok
                if evaluative is None and tok.pos_ == "VERB" and tok.lemma_.lower() in EVALUATION_VERBS \
                        and _subject(tok) is not None:
                    evaluative = tok
            if tok.head.i == tok.i:
                break
            tok = tok.head
    return evaluative


def _colon_speaker(doc: Doc, open_tok: int, lo: int) -> _Attribution | None:
    """“Daron Shaw: “…”” -- a name (or a "Name and Name") right before a colon that opens
    the quote; the colon is the cue."""
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i <= lo or doc[i].text != ":":
        return None
    colon = doc[i]
    j = i - 1
    if doc[j].pos_ != "PROPN" or doc[j].ent_type_ not in COLON_SPEAKER_LABELS or "\n" not in doc.text[:colon.idx]:
        return None  # a name (the small model often labels unknown names PRODUCT); not in the headline
    head = doc[j]
    k = j
    while k > lo and (doc[k - 1].pos_ == "PROPN" or doc[k - 1].dep_ in {"cc", "compound"} and doc[k - 1].pos_ in {"CCONJ", "PROPN"}):
        k -= 1
    if j - k + 1 > SPEAKER_MAX_WORDS:
        return None
    return _Attribution(colon, ":", colon.idx, colon.idx + 1, head, "direct")


@dataclass(slots=True)
class _Headline:
    attr: _Attribution
    lead: tuple[int, int]  # character offsets of the speaker lead-in
    rest: tuple[int, int]  # character offsets of what they said


def _headline(doc: Doc, text: str) -> _Headline | None:
    """A headline "Speaker: what they said" -- the text's first line, short, with no
    sentence break inside, led by a short capitalised name that is not a section label
    ("The Latest:") nor all capitals ("FIX IS IN:") nor a topic ("X On Trump:")."""
    nl = text.find("\n")
    end = len(text) if nl < 0 else nl
    line = text[:end]
    colon = line.find(": ")
    if colon <= 0 or len(line.split()) > HEADLINE_MAX_WORDS:
        return None
    lead = line[:colon].strip()
    words = lead.split()
    if not words or len(words) > SPEAKER_MAX_WORDS or lead.lower() in HEADLINE_LABELS or lead.isupper():
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
    colon_span = doc.char_span(colon, colon + 1, alignment_mode="expand")
    l_start = line.find(lead)
    attr = _Attribution(colon_span[0] if colon_span is not None else None, ":", colon, colon + 1, None, "indirect")
    return _Headline(attr, (l_start, l_start + len(lead)), (rest_start, rest_end))


def extract_quotes(doc: Doc) -> list[Quote]:
    text = doccache.text(doc)
    toks = doccache.tokens(doc)
    n = len(doc)
    if n == 0:
        return []
    # one pass over the tokens: sentence index of each token
    sent_of = [0] * n
    sent_bounds: list[tuple[int, int]] = []
    for s_index, (s_start, s_end) in enumerate(doccache.sent_bounds(doc)):
        sent_bounds.append((s_start, s_end))
        for k in range(s_start, s_end):
            sent_of[k] = s_index
    quoted = [False] * n
    items: list[_Item] = []

    for q in find_quote_spans(text):
        span = doc.char_span(q.open, q.close + (0 if q.continued else 1), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        c_start, c_end = q.open + 1, q.close
        content = text[c_start:c_end]
        stripped = content.rstrip()
        if stripped.endswith(","):
            stripped = stripped[:-1].rstrip()
        lead = len(content) - len(content.lstrip())
        c_start += lead
        c_end = c_start + len(stripped.strip())
        if c_end <= c_start:
            continue
        first, last = span.start, span.end - 1
        for k in range(first, last + 1):
            quoted[k] = True
        items.append(_Item(q, c_start, c_end, text[c_start:c_end], None, first, last))

    # direct and partial quotes
    for index, item in enumerate(items):
        q = item.quote
        first, last = item.tok_start, item.tok_end
        # the sentence of the first quoted word: the parser may leave the opening mark at
        # the end of the previous sentence ("... the TV. ''I loved it,'' she said.")
        s_first = min(first, sent_bounds[sent_of[min(first + 1, last)]][0])
        # attribution after the quote: up to the end of the sentence holding the token after it
        after_sent = sent_of[min(last + 1, n - 1)]
        limit = sent_bounds[after_sent][1]
        if q.continued and index + 1 < len(items):
            item.follows = index + 1  # the attribution comes with the piece that closes it
            continue
        if _is_title(doc, text, item):
            item.extra["title"] = True  # on CNN’s “State of the Union”: a name, not words said
            continue
        attr = _after(doc, last, limit, quoted)
        para_first = s_first
        if q.continues:
            while para_first < first and "\n" not in toks[para_first].text:
                para_first += 1
            if para_first < first:
                s_first = para_first + 1
        lead_only = all(toks[k].is_punct or toks[k].is_space for k in range(s_first, first))
        if attr is not None:
            if not lead_only:
                # words before the marks in the same sentence: either a lead-in attribution
                # ("X said, “…,” adding …") or the quote sits inside reported speech
                before, utterance = _before(doc, first, s_first, quoted)
                if before is not None and utterance:
                    attr = before
                else:
                    attr.kind = "partial"
        else:
            attr = _lead_in(doc, item, s_first, lead_only, sent_bounds, sent_of, quoted)
        item.attr = attr

    # a multi-paragraph quote with no attribution at its end takes the one that introduces
    # its first paragraph ("Ward stated:\n\n“… ¶ “… .”"): all its pieces follow the first
    for index, item in enumerate(items):
        if not item.quote.continued or item.quote.continues:
            continue
        end = _chain_end(items, index)
        if items[end].attr is not None:
            continue
        first = item.tok_start
        s_first = min(first, sent_bounds[sent_of[min(first + 1, item.tok_end)]][0])
        lead_only = all(toks[k].is_punct or toks[k].is_space for k in range(s_first, first))
        attr = _lead_in(doc, item, s_first, lead_only, sent_bounds, sent_of, quoted)
        if attr is not None and attr.kind == "direct":
            item.attr, item.follows = attr, None
            for k in range(index + 1, end + 1):
                items[k].follows = index

    # a headline "Speaker: what they said": a quote that is the whole of it is direct; else
    # the words are reported speech and the phrases in marks inside are partial quotes
    headline = _headline(doc, text)
    head_reported: _Item | None = None
    if headline is not None:
        r0, r1 = headline.rest
        inside = [it for it in items if r0 <= it.quote.open and it.quote.close <= r1 + 1 and it.attr is None]
        if len(inside) == 1 and inside[0].quote.open <= r0 and inside[0].quote.close >= r1 - 1:
            inside[0].attr = headline.attr
            headline.attr.kind = "direct"
        else:
            head_reported = _Item(None, r0, r1, text[r0:r1], headline.attr)
            for it in inside:
                it.attr = _Attribution(headline.attr.cue, ":", headline.attr.cue_start, headline.attr.cue_end,
                                       None, "partial")
                it.extra["headline"] = True

    # continuation: a quote with no attribution right after an attributed one (or a quote
    # carrying on across paragraphs) belongs to the same speaker
    for index, item in enumerate(items):
        if item.attr is not None or item.follows is not None or index == 0 or item.extra.get("title"):
            continue
        prev = items[index - 1]
        if prev.attr is None and prev.follows is None:
            continue
        if prev.attr is not None and prev.attr.kind != "direct" and not prev.quote.continued:
            continue
        if prev.attr is None and prev.follows > index - 1:
            continue  # prev belongs to a quote after it
        if item.quote.continues or _adjacent(doc, text, prev, item, sent_bounds, sent_of, items):
            item.follows = index - 1
    for index in range(len(items) - 2, -1, -1):  # “A.” “B,” he said.
        item, nxt = items[index], items[index + 1]
        if item.attr is None and item.follows is None and nxt.attr is not None and nxt.attr.kind == "direct" \
                and not item.extra.get("title"):
            gap = text[item.quote.close + 1:nxt.quote.open]
            if not gap.strip(" \n\t.,") and _sentence_like(item.text):
                item.follows = index + 1

    # dialogue: a paragraph that opens with a quote nobody is credited with, after a
    # paragraph whose last speech verb has a speaker ("Kerry said that ...\n\n“That adds
    # up ...”", "Ward stated:\n\n“...”") -> that speaker, with that cue
    for index, item in enumerate(items):
        open_chain = item.quote.continued and not item.quote.continues and items[_chain_end(items, index)].attr is None
        if item.attr is not None or item.follows is not None and not open_chain or not _sentence_like(item.text):
            continue
        first = item.tok_start
        k = first - 1
        while k >= 0 and (toks[k].is_space and "\n" not in toks[k].text or toks[k].is_punct and not toks[k].is_space):
            k -= 1
        if k < 0 or "\n" not in toks[k].text:
            continue  # not at the start of a paragraph
        if index > 0 and items[index - 1].tok_end >= k - 1 and (items[index - 1].attr is not None
                                                                or items[index - 1].follows is not None):
            continue  # handled (or refused) by the continuation rules
        cue = _previous_paragraph_cue(doc, k, quoted)
        if cue is not None:
            item.attr = _attr_from_verb(cue, "direct")
            if open_chain:
                item.follows = None
                for later in range(index + 1, _chain_end(items, index) + 1):
                    items[later].follows = index
            # and any unattributed quotes right after it in the same paragraph carry on
            for later in items[index + 1:]:
                if later.attr is not None or later.follows is not None or "\n" in text[item.end:later.start]:
                    break
                later.follows = index

    # reported speech
    reported: list[_Item] = []
    direct_ranges = [(it.start, it.end) for it in items if it.attr is not None and it.attr.kind == "direct" or it.follows is not None]
    for tok in doc:
        if quoted[tok.i]:
            continue
        lower = tok.lower_
        if lower == "according" and tok.i + 1 < n and toks[tok.i + 1].lower_ == "to":
            rep = _according(doc, tok, sent_bounds[sent_of[tok.i]], quoted)
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_VERBS:
            rep = _reported(doc, tok)
        else:
            continue
        if rep is None:
            continue
        r_start, r_end, attr = rep
        if attr.speaker_head is None:
            continue
        # clip to the cue's paragraph; take in whole any quote the content cuts into
        para_lo = text.rfind("\n", 0, tok.idx) + 1
        para_hi = text.find("\n", tok.idx)
        para_hi = len(text) if para_hi < 0 else para_hi
        r_start, r_end = max(r_start, para_lo), min(r_end, para_hi)
        for it in items:
            if it.start < r_end and r_start < it.end:
                r_start, r_end = min(r_start, it.start), max(r_end, it.end)
        if r_end - r_start < 8:
            continue
        if any(_overlap((r_start, r_end), d) >= 0.5 * min(r_end - r_start, d[1] - d[0]) for d in direct_ranges):
            continue
        reported.append(_Item(None, r_start, r_end, text[r_start:r_end], attr))

    if head_reported is not None:
        reported = [r for r in reported if r.end <= headline.rest[0] or r.start >= headline.rest[1]]
        reported.append(head_reported)

    # speakers, in text order of the attribution
    attributed = [it for it in items + reported if it.attr is not None and it.attr.speaker_head is not None]
    attributed.sort(key=lambda it: it.attr.speaker_head.idx)
    resolver = SpeakerResolver(doc)
    if headline is not None:
        headline.attr.speaker = resolver.resolve_span(*headline.lead)
        for it in items:
            if it.extra.get("headline"):
                it.attr.speaker = headline.attr.speaker
    done: dict[int, Resolution] = {}
    for it in attributed:
        head = it.attr.speaker_head
        if head.i not in done:
            done[head.i] = resolver.resolve(head)
        it.attr.speaker = done[head.i]

    out: list[Quote] = []
    for index, it in enumerate(items):
        src = it
        seen = set()
        while src.attr is None and src.follows is not None and src.follows not in seen:
            seen.add(src.follows)
            src = items[src.follows]
        attr = src.attr
        if attr is None:
            continue  # scare quote, title or unattributed: not a quote
        kind = "direct" if it is not src else attr.kind
        out.append(_quote(it, attr, kind))
    for it in reported:
        out.append(_quote(it, it.attr, it.attr.kind))
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _chain_end(items: list[_Item], index: int) -> int:
    """The index of the piece that closes the multi-paragraph quote ``items[index]`` opens."""
    k = index
    while k + 1 < len(items) and items[k].quote.continued and items[k + 1].quote.continues:
        k += 1
    return k


def _lead_in(doc: Doc, item: _Item, s_first: int, lead_only: bool, sent_bounds, sent_of,
             quoted: list[bool]) -> _Attribution | None:
    """The attribution before a quote that has none after it: a speech verb before the marks
    in its sentence or ending the sentence before with a colon ("Kadyrov wrote: “…”"), a name
    and a colon, any verb with a subject that introduces a whole sentence with a colon or a
    comma ("She shot back, “…”"), or the speech verb governing the marks (partial)."""
    first, last = item.tok_start, item.tok_end
    attr = None
    lo = s_first
    if lead_only and s_first > 0:
        # "Kadyrov wrote:" ending the previous sentence or paragraph
        prev = s_first - 1
        while prev > 0 and doc[prev].is_space:
            prev -= 1
        if doc[prev].text == ":":
            lo = sent_bounds[sent_of[prev]][0]
            before, utterance = _before(doc, first, lo, quoted)
            attr = before if before is not None else None
    if attr is None and not lead_only:
        before, utterance = _before(doc, first, lo, quoted)
        if before is not None:
            attr = before
            if not utterance:
                attr.kind = "partial"
    if attr is None:
        attr = _colon_speaker(doc, first, max(0, s_first - 1) if lead_only else s_first)
    if attr is None and _sentence_like(item.text):
        attr = _introducing_verb(doc, first, lo, quoted)
    if attr is None:
        gov = _governing_cue(doc, first, last)
        if gov is not None:
            attr = _attr_from_verb(gov, "partial")
    if attr is not None and attr.kind == "direct":
        # an utterance must run to the end of its sentence (else it is partial)
        end_sent = sent_bounds[sent_of[last]][1]
        if any(not (doc[k].is_punct or doc[k].is_space) for k in range(last + 1, end_sent)):
            attr.kind = "partial"
    return attr


def _introducing_verb(doc: Doc, open_tok: int, lo: int, quoted: list[bool]) -> _Attribution | None:
    """“She then addressed the crowd again: “…”", "Hillary shot back, “…”": a whole sentence in
    marks right after a colon or comma that ends a clause whose verb (of any kind) has a
    speaker-like subject. The verb is the cue. Not "it/there/this" subjects ("Wait, it gets
    better: “…”") nor a verb that governs the quote as an object of reading ("a sign reading")."""
    i = open_tok - 1
    while i >= lo and doc[i].is_space:
        i -= 1
    if i <= lo or doc[i].text not in {":", ","}:
        return None
    # the verb the clause ends on (the verb itself, or within its particle / adverbs / object)
    j = i - 1
    verb = None
    for k in range(j, max(lo - 1, j - INTRO_MAX_TOKENS), -1):
        tok = doc[k]
        if quoted[k] or "\n" in tok.text or tok.text in {".", "!", "?", ";", ":"} or tok.is_quote:
            return None
        cand = tok if tok.pos_ in {"VERB", "AUX"} else tok.head
        if cand.pos_ == "VERB" and cand.i <= j and cand.i >= k - 1 and not quoted[cand.i]:
            verb = cand
            break
    if verb is None or verb.tag_ == "VBG" and verb.dep_ == "acl":
        return None
    head = _subject(verb)
    if head is None and verb.dep_ in {"dobj", "ccomp", "oprd"} and verb.head.pos_ in {"VERB", "AUX"}:
        head = _subject(verb.head)  # "is shown lecturing:"
    if head is None or head.lower_ in {"it", "there", "this", "that", "which"} or head.pos_ not in {"PROPN", "NOUN", "PRON"}:
        return None
    if doc[i].text == "," and (verb.i != j and doc[j].dep_ not in {"prt", "advmod"}):
        return None  # "X shot back, “…”" only: after a comma the verb must end the clause
    text_, start, end = _cue_bounds(verb)
    return _Attribution(verb, text_, start, end, head, "direct", _medium(verb))


def _is_title(doc: Doc, text: str, item: _Item) -> bool:
    """A title in marks outside the headline: every word capitalised ("Meet the Press"), no
    sentence end inside, and right after a possessive or "on"/"in" (on CNN’s “State of the
    Union”, starred in “Parks and Recreation”)."""
    words = item.text.rstrip(",.").split()
    if not words or len(words) > TITLE_MAX_WORDS or item.quote.continued or item.quote.continues:
        return False
    if "\n" not in text[:item.start] or re.search(r"[!?]", item.text):
        return False  # headline case is no evidence
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words) or not words[0][:1].isupper():
        return False
    k = item.tok_start - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    if k < 0:
        return False
    before = doc[k]
    return before.tag_ == "POS" or before.lower_ in {"on", "in"}


def _quote(it: _Item, attr: _Attribution, kind: str) -> Quote:
    sp = attr.speaker
    return Quote(
        text=it.text, start=it.start, end=it.end, kind=kind,
        cue=attr.cue_text, cue_start=attr.cue_start, cue_end=attr.cue_end,
        speaker=sp.speaker if sp else None,
        speaker_start=sp.start if sp else None,
        speaker_end=sp.end if sp else None,
        speaker_resolved=sp.resolved if sp else None,
        speaker_entity=sp.entity if sp else None,
        medium=attr.medium,
    )


def _sentence_like(text: str) -> bool:
    return len(text.split()) > SCARE_MAX_WORDS and text[:1].isupper()


def _previous_paragraph_cue(doc: Doc, newline: int, quoted: list[bool]) -> Token | None:
    """The last speech verb with a speaker in the paragraph that ends at token ``newline``
    (outside quotation marks; at most ``DIALOGUE_LOOKBACK`` tokens back)."""
    k = newline - 1
    while k >= 0 and doc[k].is_space:
        k -= 1
    stop = max(0, k - DIALOGUE_LOOKBACK)
    while k >= stop and "\n" not in doc[k].text:
        tok = doc[k]
        if not quoted[k] and tok.pos_ in {"VERB", "AUX"} and _is_cue(tok) and tok.lower_ != "according":
            return tok if _subject(tok) is not None else None
        k -= 1
    return None


def _adjacent(doc: Doc, text: str, prev: _Item, item: _Item, sent_bounds, sent_of, items=None) -> bool:
    """``item`` opens a sentence that directly follows the sentence(s) holding ``prev`` and its
    attribution, with nothing else in between."""
    if not _sentence_like(item.text):
        return False
    first = item.tok_start
    s_first = min(first, sent_bounds[sent_of[min(first + 1, item.tok_end)]][0])
    if any(not (doc[k].is_punct or doc[k].is_space) for k in range(s_first, first)):
        return False
    if prev.attr is None:  # prev continues an earlier quote: only marks may lie between
        return not text[prev.quote.close + 1:item.quote.open].strip(" \n\t.,\u00a0")
    attr_end = prev.attr.cue_end or 0
    if prev.attr.speaker is not None:
        attr_end = max(attr_end, prev.attr.speaker.end)
    gap_from = max(prev.quote.close + 1, attr_end)
    gap = text[gap_from:item.quote.open].rstrip("'")  # '' marks are recorded by their second '
    # only the rest of the attribution sentence (no new sentence) may lie between
    return not re.search(r"[.!?]\s+\S", gap) and len(gap) < 200


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _trim(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    while lo < hi and (doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi <= lo:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _reported(doc: Doc, verb: Token) -> tuple[int, int, _Attribution] | None:
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
    attr = _attr_from_verb(verb, "indirect")
    if _no_speaker(attr.speaker_head):
        return None
    return bounds[0], bounds[1], attr


NOBODY = frozenset({"nobody", "none", "nothing"})  # and "no one": "one" after "no"


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


def _according(doc: Doc, tok: Token, sent: tuple[int, int], quoted: list[bool]) -> tuple[int, int, _Attribution] | None:
    attr = _attr_from_verb(tok, "according_to")
    s_start, s_end = sent
    phrase = {t.i for t in tok.subtree} | {tok.i, tok.i + 1}
    source = attr.speaker_head
    if source is not None:
        phrase |= {t.i for t in source.subtree}
    p_lo, p_hi = min(phrase), max(phrase) + 1
    # content: the rest of the sentence, on the larger side of the phrase
    left = _trim(doc, s_start, p_lo)
    right = _trim(doc, p_hi, s_end)
    left_len = left[1] - left[0] if left else 0
    right_len = right[1] - right[0] if right else 0
    bounds = right if right_len >= left_len else left
    if bounds is None or max(left_len, right_len) < 12:
        return None
    return bounds[0], bounds[1], attr
