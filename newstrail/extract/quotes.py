"""Who said what: direct, partial and reported quotes as a spaCy component.

``newstrail_quotes`` writes ``doc._.quotes`` (``records.Quote``, sorted by start). The marks
are paired on the text alone (``marks.find_quote_spans``); the rules that credit quoted words
to a speaker are in ``attribution`` (and what a cue verb says of itself in ``cues``),
reported speech in ``reported``, speaker resolution in ``speakers``. ``extract_quotes`` runs
these passes over the quoted spans, in order:

1. ``_quoted_items``: each pair of marks becomes an item; its tokens are marked as quoted.
2. ``_attribute_each``: an attribution right after the marks, else one leading in to them;
   a title-case phrase after a possessive or "on"/"in" (on CNN’s “State of the Union”) is a
   title and yields nothing. A quote cut by a paragraph break takes the attribution of the
   piece that closes it.
3. ``_attribute_chains``: a multi-paragraph quote with no attribution at its end takes the
   one introducing its first paragraph ("Ward stated:\\n\\n“… ¶ “… .”").
4. ``_attribute_headline``: a headline "Speaker: what they said" -- a quote that is the whole
   of it is direct; else the words are reported speech and the phrases in marks partial.
5. ``_continue_forward`` / ``_continue_backward``: a quote with no attribution right after
   an attributed one (or right before one: "“A.” “B,” he said.") has the same speaker.
6. ``_attribute_dialogue``: a paragraph that opens with a quote nobody is credited with takes
   the last speech verb of the paragraph before ("Kerry said that ...\\n\\n“That adds up ...”").
7. ``_reported_items``: reported speech ("X said (that) …", "according to X, …").
8. ``_resolve_speakers``, in text order of the attributions;
9. ``_according_to_media``: "…, according to Reuters" around words credited to someone else
   names their medium, not a second speaker. Then a quote still without an
   attribution (a scare quote: a short phrase in marks with no speech verb, or a title)
   yields nothing (``_records``).

The thresholds of these rules are the component's spaCy config (see ``make_quotes`` and
``attribution.Limits``): ``nlp.add_pipe("newstrail_quotes", config={"scare_max_words": 4})``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from newstrail.extract.attribution import (
    Headline, Limits, Parsed, after_quote, before_quote, headline, lead_in, previous_paragraph_cue, sentence_like,
)
from newstrail.extract.cues import Attribution, attribution_of
from newstrail.extract.marks import QuoteSpan, find_quote_spans
from newstrail.extract.media import news_medium
from newstrail.extract.reported import find_reported
from newstrail.extract.speakers import SpeakerResolver
from newstrail.nlp import doccache
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.guard import guarded
from newstrail.records import Quote

TITLE_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "vs", "vs.", "&"}
# "KESSLING, Feb 17 (NWS) — ", "WASHINGTON (Reuters) - ": a dateline opens the story, it is
# not part of what anyone said.
DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40},?(?: [A-Z][a-z]{2,8}\.? \d{1,2},?)?(?: \([A-Za-z .&]{2,30}\))?\s*[—–-]{1,2}\s+")


@Language.factory(
    "newstrail_quotes",
    assigns=["doc._.quotes"],
    requires=["doc.sents", "doc.ents", "span._.canonical", "token.dep", "token.tag", "token.lemma", "token.ent_type"],
    default_config={
        "scare_max_words": 3,
        "title_max_words": 8,
        "headline_max_words": 30,
        "speaker_max_words": 6,
        "dialogue_lookback": 80,
        "manner_subject_max": 4,
        "intro_max_tokens": 6,
        "reported_min_chars": 8,
        "according_min_chars": 12,
    },
)
def make_quotes(nlp: Language, name: str, scare_max_words: int, title_max_words: int, headline_max_words: int,
                speaker_max_words: int, dialogue_lookback: int, manner_subject_max: int, intro_max_tokens: int,
                reported_min_chars: int, according_min_chars: int) -> QuoteExtractor:
    """The settings are described on ``attribution.Limits``."""
    return QuoteExtractor(Limits(
        scare_max_words=scare_max_words, title_max_words=title_max_words, headline_max_words=headline_max_words,
        speaker_max_words=speaker_max_words, dialogue_lookback=dialogue_lookback,
        manner_subject_max=manner_subject_max, intro_max_tokens=intro_max_tokens,
        reported_min_chars=reported_min_chars, according_min_chars=according_min_chars))


class QuoteExtractor:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    @guarded("newstrail_quotes")
    def __call__(self, doc: Doc) -> Doc:
        text = doccache.text(doc)
        doc._.quotes = [drop_dateline(q, text) for q in extract_quotes(doc, self.limits)]
        return doc


def drop_dateline(quote: Quote, text: str) -> Quote:
    if quote.kind in ("indirect", "according_to"):
        m = DATELINE.match(text[quote.start:quote.end])
        if m and m.end() < quote.end - quote.start:
            quote.start += m.end()
            quote.text = text[quote.start:quote.end]
    return quote


@dataclass(slots=True)
class _Item:
    """Quoted (or reported) words and what credits them: ``attr``, or ``follows``, the index
    of the item whose attribution this one shares."""

    quote: QuoteSpan | None
    start: int
    end: int
    text: str
    attr: Attribution | None
    tok_start: int = 0
    tok_end: int = 0
    follows: int | None = None
    title: bool = False  # a title in marks: a name, not words said
    headline: bool = False  # a partial quote inside a "Speaker: ..." headline


def extract_quotes(doc: Doc, limits: Limits) -> list[Quote]:
    if len(doc) == 0:
        return []
    p = Parsed(doc, doccache.text(doc), doccache.tokens(doc), doccache.sent_bounds(doc), doccache.sent_of(doc),
               [False] * len(doc), limits)
    items = _quoted_items(p)
    _attribute_each(p, items)
    _attribute_chains(p, items)
    head = headline(p)
    head_reported = _attribute_headline(p, items, head) if head is not None else None
    _continue_forward(p, items)
    _continue_backward(p, items)
    _attribute_dialogue(p, items)
    reported = _reported_items(p, items, head, head_reported)
    _resolve_speakers(doc, items, reported, head)
    reported = _according_to_media(items, reported)
    return _records(items, reported)


def _quoted_items(p: Parsed) -> list[_Item]:
    """One item for each pair of marks around words, its content without the spaces and a
    trailing comma inside the marks; the tokens from mark to mark are flagged quoted."""
    items = []
    for q in find_quote_spans(p.text):
        span = p.doc.char_span(q.open, q.close + (0 if q.continued else 1), alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        c_start, c_end = q.open + 1, q.close
        content = p.text[c_start:c_end]
        stripped = content.rstrip()
        if stripped.endswith(","):
            stripped = stripped[:-1].rstrip()
        c_start += len(content) - len(content.lstrip())
        c_end = c_start + len(stripped.strip())
        if c_end <= c_start:
            continue
        first, last = span.start, span.end - 1
        p.quoted[first:last + 1] = [True] * (last + 1 - first)
        items.append(_Item(q, c_start, c_end, p.text[c_start:c_end], None, first, last))
    return items


def _attribute_each(p: Parsed, items: list[_Item]) -> None:
    for index, item in enumerate(items):
        if item.quote.continued and index + 1 < len(items):
            item.follows = index + 1  # the attribution comes with the piece that closes it
        elif _is_title(p, item):
            item.title = True
        else:
            item.attr = _attribution(p, item)


def _attribution(p: Parsed, item: _Item) -> Attribution | None:
    """A cue after the marks (direct, or partial when words precede the marks in the sentence
    and do not lead in to them), else a lead-in before them."""
    first, last = item.tok_start, item.tok_end
    s_first = p.sentence_start(first, last)
    # attribution after the quote: up to the end of the sentence holding the token after it
    limit = p.sent_bounds[p.sent_of[min(last + 1, len(p.toks) - 1)]][1]
    attr = after_quote(p, last, limit)
    if item.quote.continues:
        # a quote carried on from the paragraph before starts its own sentence
        para_first = s_first
        while para_first < first and "\n" not in p.toks[para_first].text:
            para_first += 1
        if para_first < first:
            s_first = para_first + 1
    lead_only = p.only_marks(s_first, first)
    if attr is None:
        return lead_in(p, first, last, item.text, s_first, lead_only)
    if not lead_only:
        # words before the marks in the same sentence: either a lead-in attribution
        # ("X said, “…,” adding …") or the quote sits inside reported speech
        before, utterance = before_quote(p, first, s_first)
        if before is not None and utterance:
            return before
        attr.kind = "partial"
    return attr


def _chain_end(items: list[_Item], index: int) -> int:
    """The index of the piece that closes the multi-paragraph quote ``items[index]`` opens."""
    k = index
    while k + 1 < len(items) and items[k].quote.continued and items[k + 1].quote.continues:
        k += 1
    return k


def _attribute_chains(p: Parsed, items: list[_Item]) -> None:
    for index, item in enumerate(items):
        if not item.quote.continued or item.quote.continues:
            continue
        end = _chain_end(items, index)
        if items[end].attr is not None:
            continue
        first = item.tok_start
        s_first = p.sentence_start(first, item.tok_end)
        attr = lead_in(p, first, item.tok_end, item.text, s_first, p.only_marks(s_first, first))
        if attr is not None and attr.kind == "direct":
            item.attr, item.follows = attr, None
            for k in range(index + 1, end + 1):
                items[k].follows = index


def _attribute_headline(p: Parsed, items: list[_Item], head: Headline) -> _Item | None:
    """Credit the quotes in a "Speaker: what they said" headline; returns the headline's
    words as reported speech unless one quote is the whole of them."""
    r0, r1 = head.rest
    inside = [it for it in items if r0 <= it.quote.open and it.quote.close <= r1 + 1 and it.attr is None]
    if len(inside) == 1 and inside[0].quote.open <= r0 and inside[0].quote.close >= r1 - 1:
        inside[0].attr = head.attr
        head.attr.kind = "direct"
        return None
    for it in inside:
        it.attr = Attribution(head.attr.cue, ":", head.attr.cue_start, head.attr.cue_end, None, "partial")
        it.headline = True
    return _Item(None, r0, r1, p.text[r0:r1], head.attr)


def _continue_forward(p: Parsed, items: list[_Item]) -> None:
    """A quote with no attribution right after an attributed one (or a quote carrying on
    across paragraphs) belongs to the same speaker."""
    for index, item in enumerate(items):
        if item.attr is not None or item.follows is not None or index == 0 or item.title:
            continue
        prev = items[index - 1]
        if prev.attr is None and prev.follows is None:
            continue
        if prev.attr is not None and prev.attr.kind != "direct" and not prev.quote.continued:
            continue
        if prev.attr is None and prev.follows > index - 1:
            continue  # prev belongs to a quote after it
        if item.quote.continues or _adjacent(p, prev, item):
            item.follows = index - 1


def _adjacent(p: Parsed, prev: _Item, item: _Item) -> bool:
    """``item`` opens a sentence that directly follows the sentence(s) holding ``prev`` and its
    attribution, with nothing else in between."""
    if not sentence_like(item.text, p.limits):
        return False
    first = item.tok_start
    if not p.only_marks(p.sentence_start(first, item.tok_end), first):
        return False
    if prev.attr is None:  # prev continues an earlier quote: only marks may lie between
        return not p.text[prev.quote.close + 1:item.quote.open].strip(" \n\t.,\u00a0")
    gap_from = max(prev.quote.close + 1, prev.attr.cue_end or 0)
    gap = p.text[gap_from:item.quote.open].rstrip("'")  # '' marks are recorded by their second '
    # only the rest of the attribution sentence (no new sentence) may lie between
    return not re.search(r"[.!?]\s+\S", gap) and len(gap) < 200


def _continue_backward(p: Parsed, items: list[_Item]) -> None:
    """“A.” “B,” he said. -- a whole sentence in marks right before an attributed quote."""
    for index in range(len(items) - 2, -1, -1):
        item, nxt = items[index], items[index + 1]
        if item.attr is None and item.follows is None and nxt.attr is not None and nxt.attr.kind == "direct" \
                and not item.title:
            gap = p.text[item.quote.close + 1:nxt.quote.open]
            if not gap.strip(" \n\t.,") and sentence_like(item.text, p.limits):
                item.follows = index + 1


def _attribute_dialogue(p: Parsed, items: list[_Item]) -> None:
    """A paragraph that opens with a quote nobody is credited with, after a paragraph whose
    last speech verb has a speaker ("Kerry said that ...\\n\\n“That adds up ...”", "Ward
    stated:\\n\\n“...”") -> that speaker, with that cue; so do the unattributed quotes right
    after it in its paragraph."""
    for index, item in enumerate(items):
        open_chain = item.quote.continued and not item.quote.continues and items[_chain_end(items, index)].attr is None
        if item.attr is not None or item.follows is not None and not open_chain or not sentence_like(item.text, p.limits):
            continue
        newline = _opening_break(p, item)
        if newline is None:
            continue  # not at the start of a paragraph
        if index > 0 and items[index - 1].tok_end >= newline - 1 and (items[index - 1].attr is not None
                                                                      or items[index - 1].follows is not None):
            continue  # handled (or refused) by the continuation rules
        cue = previous_paragraph_cue(p, newline)
        if cue is None:
            continue
        item.attr = attribution_of(cue, "direct")
        if open_chain:
            item.follows = None
            for later in range(index + 1, _chain_end(items, index) + 1):
                items[later].follows = index
        for later in items[index + 1:]:
            if later.attr is not None or later.follows is not None or "\n" in p.text[item.end:later.start]:
                break
            later.follows = index


def _opening_break(p: Parsed, item: _Item) -> int | None:
    """The token holding the paragraph break right before ``item``'s marks (only spaces and
    punctuation between), or None when the quote does not open a paragraph."""
    toks = p.toks
    k = item.tok_start - 1
    while k >= 0 and (toks[k].is_space and "\n" not in toks[k].text or toks[k].is_punct and not toks[k].is_space):
        k -= 1
    if k < 0 or "\n" not in toks[k].text:
        return None
    return k


def _reported_items(p: Parsed, items: list[_Item], head: Headline | None, head_reported: _Item | None) -> list[_Item]:
    """Reported speech outside the direct quotes; a headline's reported words replace any
    found inside the headline."""
    direct = [(it.start, it.end) for it in items
              if it.attr is not None and it.attr.kind == "direct" or it.follows is not None]
    found = find_reported(p, [(it.start, it.end) for it in items], direct)
    reported = [_Item(None, start, end, p.text[start:end], attr) for start, end, attr in found]
    if head_reported is not None:
        reported = [r for r in reported if r.end <= head.rest[0] or r.start >= head.rest[1]]
        reported.append(head_reported)
    return reported


def _resolve_speakers(doc: Doc, items: list[_Item], reported: list[_Item], head: Headline | None) -> None:
    """Resolve every speaker in text order of the mentions (the resolver keeps a history);
    a headline's lead-in first."""
    attributed = [it for it in items + reported if it.attr is not None and it.attr.speaker_head is not None]
    attributed.sort(key=lambda it: it.attr.speaker_head.idx)
    resolver = SpeakerResolver(doc)
    if head is not None:
        head.attr.speaker = resolver.resolve_span(*head.lead)
        for it in items:
            if it.headline:
                it.attr.speaker = head.attr.speaker
    done = {}
    for it in attributed:
        mention = it.attr.speaker_head
        if mention.i not in done:
            done[mention.i] = resolver.resolve(mention)
        it.attr.speaker = done[mention.i]


def _according_to_media(items: list[_Item], reported: list[_Item]) -> list[_Item]:
    """"Officials said the dam was safe, according to Radio Merovia": when "according to"
    names a news medium and its words hold a statement someone else is credited with, the
    medium is that statement's channel, not its speaker; the "according to" item goes."""
    kept = []
    for rep in reported:
        sp = rep.attr.speaker if rep.attr.kind == "according_to" else None
        channel = news_medium(sp.speaker) if sp is not None else None
        inner = [it for it in items + reported if it is not rep and it.attr is not None
                 and it.attr.speaker is not None and rep.start <= it.start < rep.end] if channel else []
        for it in inner:
            it.attr.medium = it.attr.medium or sp.speaker
        if not inner:
            kept.append(rep)
    return kept


def _records(items: list[_Item], reported: list[_Item]) -> list[Quote]:
    """The quotes as records, sorted; an item that follows another takes its attribution
    (as a direct quote); one with none is no quote (a scare quote, a title)."""
    out: list[Quote] = []
    for it in items:
        src = it
        seen = set()
        while src.attr is None and src.follows is not None and src.follows not in seen:
            seen.add(src.follows)
            src = items[src.follows]
        if src.attr is None:
            continue
        out.append(_quote(it, src.attr, "direct" if it is not src else src.attr.kind))
    out.extend(_quote(it, it.attr, it.attr.kind) for it in reported)
    out.sort(key=lambda q: (q.start, q.end))
    return out


def _quote(it: _Item, attr: Attribution, kind: str) -> Quote:
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


def _is_title(p: Parsed, item: _Item) -> bool:
    """A title in marks outside the headline: every word capitalised ("Meet the Press"), no
    sentence end inside, and right after a possessive or "on"/"in" (on CNN’s “State of the
    Union”, starred in “Parks and Recreation”)."""
    words = item.text.rstrip(",.").split()
    if not words or len(words) > p.limits.title_max_words or item.quote.continued or item.quote.continues:
        return False
    if "\n" not in p.text[:item.start] or re.search(r"[!?]", item.text):
        return False  # headline case is no evidence
    if not all(w[:1].isupper() or w[:1].isdigit() or w.lower() in TITLE_SMALL_WORDS for w in words) or not words[0][:1].isupper():
        return False
    k = item.tok_start - 1
    while k >= 0 and p.toks[k].is_space:
        k -= 1
    if k < 0:
        return False
    before = p.toks[k]
    return before.tag_ == "POS" or before.lower_ in {"on", "in"}
