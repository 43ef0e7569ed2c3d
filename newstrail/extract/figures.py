"""Figures: every numeric claim of an article as a ``records.Figure``, and in-article checks.

The component (factory ``newstrail_figures``) fills ``doc._.figures`` and
``doc._.figure_checks``. Steps, all on the one parse spaCy already made:

1. ``numbers.find_numbers`` finds number expressions with value, interval, hedge and unit;
   years, dates, clock times, ordinals, phone numbers and identifiers are dropped (a year
   becomes a *time*, never a count); ages are kept with unit "year (age)" and no ``counted``.
2. For each figure the dependency parse gives what is counted (the noun the number
   modifies, or the object of "dozens of"), the governing verb and its event class
   (``events.json``), a location (GPE/LOC/FAC under the verb), a time frame (a DATE under
   the verb, "since" kept, resolved by ``times``) and a source: the speaker of the quote it
   is in (``doc._.quotes``; quotation marks and the paragraph's "said X" when that is None),
   "according to X", or the subject of a reporting verb governing the figure's clause.
3. Headline figures (``doc._.title``, tokenized only, when the title is not part of the
   text) get ``in_title=True``, ``start``/``end`` as character offsets into ``doc._.title``
   and ``sentence`` = the title.
4. Part–whole: "Among those / Of them / including …" links the counts of a sentence to the
   nearest earlier whole; the remainder is derived (``derived=True``, text "405 − 104 − 44").
5. Checks: hedged/headline/lead figures against precise ones with the same event and a
   compatible counted noun (consistent | conflict), and parts that exceed their whole.
"""

from __future__ import annotations

import json
import math
import re
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc, Token

from newstrail.extract import numbers as nums
from newstrail.extract import times
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.entities import clean_mention
from newstrail.records import Figure, FigureCheck

_LEX = json.loads(resources.files("newstrail.extract").joinpath("events.json").read_text("utf-8"))
VERB_EVENTS = {v: ev for ev, verbs in _LEX["verbs"].items() for v in verbs}
NOUN_EVENTS = {n: ev for ev, nouns in _LEX["nouns"].items() for n in nouns}
IRREGULAR = _LEX["irregular"]
CHANGE_EVENTS = {"increased", "decreased"}
# a direction word on the way from the number to its verb: "shares down 11.9%", "were up 0.2
# points", "edged down 0.03%", "closed 2% higher"
DIRECTION = {"up": "increased", "higher": "increased", "down": "decreased", "lower": "decreased"}
CHANGE_UNITS = {"percent", "percentage point", "point", "basis point"}
REPORT_VERBS = {"say", "report", "tell", "announce", "claim", "state", "estimate", "add",
                "confirm", "note", "write", "declare", "insist", "reveal", "disclose", "count",
                "put", "show", "find", "record", "register", "explain", "warn", "allege",
                "acknowledge", "admit", "publish", "suggest", "indicate", "quote", "cite"}
GENERIC_COUNTED = {"people", "person", "persons", "individual", "individuals", "resident",
                   "residents", "civilian", "civilians", "citizen", "citizens", "man", "men",
                   "woman", "women", "those", "them", "others", "total"}
PART_CUES = re.compile(r"\b(among (?:those|them|these|the \w+)|of (?:those|them|these|whom|which)|"
                       r"including|out of (?:those|them|these))\b", re.I)
REST_CUES = re.compile(r"\b(the (?:rest|remainder|others|remaining \w+)|remaining)\b", re.I)
CLIMB_DEPS = {"nummod", "quantmod", "pobj", "prep", "nsubj", "nsubjpass", "dobj", "appos", "conj",
              "compound", "amod", "npadvmod", "attr", "nmod", "advmod", "cc", "dep", "oprd", "acomp"}
QUOTE_PAIRS = re.compile(r"“[^”]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^»]{1,3000}»")
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# the small model often tags unfamiliar place names ORG/PERSON; after a locative preposition
# or as the object of a motion verb a one-word name is taken as a place
LOCATIVE = {"to", "in", "from", "into", "at", "near", "across", "inside", "outside"}
MOTION = {"leave", "flee", "enter", "reach", "cross", "evacuate", "visit"}
CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "xcomp"}
SENTENCES_KEY = "newstrail_sentences"


def sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of sentences: spaCy's sentences further split at line breaks.

    Cached in ``doc.user_data`` so that the sourcing component reuses the one pass.
    """
    cached = doc.user_data.get(SENTENCES_KEY)
    if cached is not None:
        return cached
    spans: list[tuple[int, int]] = []
    has_sents = doc.has_annotation("SENT_START")
    start = end = None
    for tok in doc:
        if (tok.is_space and "\n" in tok.text) or (has_sents and tok.is_sent_start and start is not None):
            if start is not None:
                spans.append((start, end))
            start = None
            if tok.is_space:
                continue
        if tok.is_space:
            continue
        if start is None:
            start = tok.idx
        end = tok.idx + len(tok.text)
        if "\n" in tok.whitespace_:
            spans.append((start, end))
            start = None
    if start is not None:
        spans.append((start, end))
    doc.user_data[SENTENCES_KEY] = spans
    return spans


def quote_regions(doc: Doc) -> list[tuple[int, int, str | None]]:
    """(start, end, speaker) of quoted text: ``doc._.quotes`` when present, else quote marks."""
    quotes = doc._.quotes
    if quotes:
        return [(q.start, q.end, q.speaker_resolved or q.speaker) for q in quotes]
    return [(m.start(), m.end(), None) for m in QUOTE_PAIRS.finditer(times.doc_text(doc))]


def _lemma_key(tok: Token) -> str:
    lemma = IRREGULAR.get(tok.lower_, tok.lemma_.lower())
    for child in tok.children:
        if child.dep_ in {"prt", "advmod"} and child.lower_ in {"back", "up", "down", "out", "off", "home"}:
            key = f"{lemma} {child.lower_}"
            if key in VERB_EVENTS:
                return key
    return lemma


def _phrase(tok: Token) -> str:
    """A counted noun with its compound/adjective modifiers: "police officers"."""
    doc = tok.doc
    left = tok.i
    for child in sorted(tok.lefts, key=lambda t: -t.i):
        if child.i == left - 1 and child.dep_ in {"compound", "amod"} and not child.like_num \
                and child.pos_ != "NUM" and child.lower_ not in nums.HEDGES_FIRST:
            left = child.i
        else:
            break
    return doc[left:tok.i + 1].text


nums.HEDGES_FIRST = {k[0] for k in nums.HEDGES} | {"total", "other", "additional", "more"}


def _source_phrase(tok: Token) -> str:
    """The subject of a reporting verb as a name: entity canonical name or the noun phrase."""
    doc = tok.doc
    for ent in doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in {"PERSON", "ORG", "GPE", "NORP"}:
            return ent._.canonical or clean_mention(ent.text, ent.label_)
    sub = list(tok.subtree)
    span = doc[sub[0].i:sub[-1].i + 1]
    if len(span) > 8:
        span = doc[max(tok.i - 3, span.start):tok.i + 1]
    return span.text.strip(" ,")


class FigureExtractor:
    def __init__(self, nlp: Language):
        self.tokenizer = nlp.tokenizer

    def __call__(self, doc: Doc) -> Doc:
        times.doc_text(doc)  # cache the text once for numbers/times/sourcing
        sents = sentence_spans(doc)
        quotes = quote_regions(doc)
        frames = times.time_frames(doc) if doc.has_annotation("DEP") else []
        figures: list[Figure] = []
        raw_title = doc._.title or ""
        title = raw_title.strip()
        if title and not times.doc_text(doc).lstrip().startswith(title):
            lead = len(raw_title) - len(raw_title.lstrip())
            figures.extend(self._headline(title, lead, doc._.published))
        for expr in nums.find_numbers(doc):
            if expr.kind in nums.NOT_FIGURES:
                continue
            figures.append(self._figure(doc, expr, len(figures), sents, quotes, frames))
        checks = _part_whole(doc, figures, sents)
        checks += _consistency(figures, sents, title)
        doc._.figures = figures
        doc._.figure_checks = checks
        return doc

    # -- one figure ---------------------------------------------------------------
    def _figure(self, doc, expr, index, sents, quotes, frames) -> Figure:
        fig = _base_figure(expr, index)
        fig.sentence = next((times.doc_text(doc)[a:b] for a, b in sents if a <= expr.start_char < b), "")
        if not doc.has_annotation("DEP"):
            return fig
        num = doc[expr.num_end - 1]
        noun = None
        if expr.kind in {"count", "fraction"}:
            if num.dep_ in {"nummod", "quantmod", "amod", "compound"} and num.head.pos_ in {"NOUN", "PROPN"} \
                    and num.head.i > num.i and num.head.lower_ not in nums.MEASURE:
                noun = num.head
            elif num.dep_ == "quantmod" and num.head.head.pos_ in {"NOUN", "PROPN"} and num.head.head.i > num.i:
                noun = num.head.head
            else:
                for child in num.children:
                    if child.dep_ == "prep" and child.lower_ == "of":
                        noun = next((c for c in child.children if c.dep_ == "pobj"), None)
                        break
            if noun is None and expr.end < len(doc) and doc[expr.end].pos_ in {"NOUN", "PROPN"} \
                    and doc[expr.end].tag_ in {"NNS", "NNPS"}:
                noun = doc[expr.end]
            if noun is not None and noun.pos_ in {"NOUN", "PROPN"}:
                fig.counted = _phrase(noun)
        # the governing verb ("150 people detained": the participle on the noun comes first)
        tok, path = noun or num, []
        if noun is not None:
            tok = next((c for c in noun.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"
                        and c.i > noun.i), noun)
        for _ in range(7):
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in CLAUSE_DEPS):
                break
            if tok.dep_ not in CLIMB_DEPS or tok.head is tok:
                tok = None
                break
            path.append(tok)
            tok = tok.head
        verb = tok if tok is not None and tok.pos_ in {"VERB", "AUX"} else None
        amount = _change_amount(expr, path, noun)
        if verb is not None and expr.kind != "age":
            key = _lemma_key(verb)
            event = VERB_EVENTS.get(key)
            if event in CHANGE_EVENTS and (not amount or any(c.dep_ == "advmod" and c.lower_ == "short"
                                                             for c in verb.children)):
                event = None  # "rose to 5%" is a level; "fell short of 64,900" is no fall
            if event not in CHANGE_EVENTS and expr.kind not in {"count", "fraction"}:
                event = None  # killed/left/arrested... count people or things, not sums or sizes
            fig.event_verb = verb.text if key.count(" ") == 0 else doc[verb.i:max(c.i for c in verb.children if c.lower_ == key.split()[1]) + 1].text
            fig.event = event
        if amount and fig.event in CHANGE_EVENTS | {None}:
            way = next((t for t in path if t.lower_ in DIRECTION and t.i not in range(expr.start, expr.end)
                        and t.pos_ in {"ADV", "ADP", "ADJ"}), None)
            if way is not None:
                fig.event, fig.event_verb = DIRECTION[way.lower_], way.text
        if expr.sign and expr.unit in CHANGE_UNITS and fig.event is None:  # "FTSE -0.6%"
            fig.event = "increased" if expr.sign > 0 else "decreased"
        if fig.event is None and noun is not None and expr.kind != "age":
            fig.event = NOUN_EVENTS.get(noun.lemma_.lower())
            if fig.event in CHANGE_EVENTS:
                fig.event = None  # "thousands of job cuts" counts cuts; it is no cut of thousands
        if verb is not None:
            fig.location = _location(verb, noun)
            fig.time, fig.time_text = _time(verb, frames, expr)
        fig.source = _source(doc, expr, verb, quotes)
        return fig

    # -- the headline ---------------------------------------------------------------
    def _headline(self, title: str, lead: int, published: str | None) -> list[Figure]:
        """Figures of the headline; ``lead`` is the whitespace stripped off its start."""
        tdoc = self.tokenizer(title)
        out = []
        since = re.search(r"\bsince\s+(\d{4}|\w+\s+\d{4})\b", title, re.I)
        for expr in nums.find_numbers(tdoc):
            if expr.kind in nums.NOT_FIGURES:
                continue
            fig = _base_figure(expr, len(out))
            fig.start, fig.end, fig.in_title = expr.start_char + lead, expr.end_char + lead, True
            fig.sentence = title
            rest = [t for t in tdoc[expr.end:expr.end + 6]]
            if expr.kind == "count" and rest and rest[0].is_alpha:
                fig.counted = rest[0].text
            for t in rest[1:]:
                lemma = IRREGULAR.get(t.lower_, re.sub(r"(?:ed|d|s|ing)$", "", t.lower_))
                cands = [lemma, t.lower_, lemma + "e"]
                ev = next((VERB_EVENTS[c] for c in cands if c in VERB_EVENTS), None)
                if ev:
                    fig.event, fig.event_verb = ev, t.text
                    break
            if since:
                fig.time_text = since.group(0)
                fig.time = times.resolve(since.group(1), published, since=True)
            out.append(fig)
        return out


def _base_figure(expr: nums.NumberExpr, index: int) -> Figure:
    return Figure(index=index, text=expr.text, start=expr.start_char, end=expr.end_char,
                  value=expr.value, low=expr.low, high=expr.high,
                  low_inclusive=expr.low_inclusive, high_inclusive=expr.high_inclusive,
                  approximate=expr.approximate, hedge=expr.hedge, unit=expr.unit)


def _change_amount(expr: nums.NumberExpr, path: list[Token], noun: Token | None) -> bool:
    """Whether the number can be the amount of a change ("rose 3%", "fell by 40 points").

    Not a duration ("the biggest rise in 18 months"), not a level reached or left ("rose
    to 5%", "down from 300", "estimates of 64,900": any preposition but "by" on the way to
    the verb), not the changing thing itself ("150 people grew ...": the subject), and not
    a movement written as a range ("from 4.8 to 4.7 percent").
    """
    if expr.unit in nums.DURATION_UNITS or expr.relation == "range" or expr.kind == "age":
        return False
    if any(t.dep_ == "prep" and t.lower_ != "by" for t in path):
        return False
    return not (noun is not None and noun.dep_ in {"nsubj", "nsubjpass"})


def _location(verb: Token, noun: Token | None) -> str | None:
    doc = verb.doc
    heads = [verb] + ([noun] if noun is not None else [])
    for head in heads:
        for child in head.children:
            cands = [child] if child.dep_ == "dobj" else \
                [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" else []
            for c in cands:
                if not c.ent_type_:
                    continue
                ent = next((e for e in doc.ents if e.start <= c.i < e.end), None)
                if ent is None:
                    continue
                loose = ent.label_ in {"ORG", "PERSON"} and len(ent) == 1 and (
                    (child.dep_ == "prep" and child.lower_ in LOCATIVE)
                    or (child.dep_ == "dobj" and head.lemma_ in MOTION))
                if ent.label_ in PLACE_LABELS or loose:
                    return ent._.canonical or clean_mention(ent.text, ent.label_)
    return None


def _time(verb: Token, frames, expr) -> tuple[str | None, str | None]:
    if not frames:
        return None, None
    lo, hi = verb.left_edge.i, verb.right_edge.i
    sent = verb.sent
    inside = [f for f in frames if lo <= f.root <= hi and f.root not in range(expr.start, expr.end)]
    if not inside:
        inside = [f for f in frames if sent.start <= f.root < sent.end and f.root not in range(expr.start, expr.end)]
        if len(inside) != 1:
            return None, None
    best = min(inside, key=lambda f: abs(f.root - verb.i))
    return best.value, best.text


def _source(doc: Doc, expr, verb: Token | None, quotes) -> str | None:
    for a, b, speaker in quotes:
        if a <= expr.start_char < b:
            return speaker or _paragraph_speaker(doc, a, b, quotes)
    sent = doc[expr.start].sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _source_phrase(pobj)
    tok = verb
    for _ in range(4):
        if tok is None:
            break
        if tok.lemma_.lower() in REPORT_VERBS:
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and c.dep_ != "nsubjpass"), None)
            if subj is not None and subj.lower_ not in {"it", "which", "that", "who", "whom", "this"}:
                return _source_phrase(subj)
        if tok.dep_ not in {"ccomp", "conj", "xcomp", "advcl", "dobj"} or tok.head is tok:
            break
        tok = tok.head
    return None


def _paragraph_speaker(doc: Doc, a: int, b: int, quotes) -> str | None:
    """The subject of a speech verb outside quotation marks in the quote's paragraph."""
    text = times.doc_text(doc)
    p_start = text.rfind("\n", 0, a) + 1
    p_end = text.find("\n", b)
    p_end = len(text) if p_end < 0 else p_end
    span = doc.char_span(p_start, p_end, alignment_mode="expand")
    if span is None:
        return None
    for tok in span:
        if tok.lemma_.lower() in REPORT_VERBS and not any(qa <= tok.idx < qb for qa, qb, _ in quotes):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return _source_phrase(subj)
    return None


# -- part–whole and consistency ------------------------------------------------------
def _interval(f: Figure) -> tuple[float, float]:
    if f.value is not None and f.low is None and f.high is None:
        tol = 0.1 * abs(f.value) if f.approximate else 0.0
        return f.value - tol, f.value + tol
    lo = f.low if f.low is not None else (f.value * 0.9 if f.value is not None and f.approximate else -math.inf)
    hi = f.high if f.high is not None else (f.value * 1.1 if f.value is not None and f.approximate else math.inf)
    if f.low is not None and f.high is None and f.value is None:
        hi = math.inf
    return lo, hi


def _contains(f: Figure, v: float) -> bool:
    lo, hi = _interval(f)
    if f.low is not None and not f.low_inclusive and v <= f.low:
        return False
    if f.high is not None and not f.high_inclusive and v >= f.high:
        return False
    return lo <= v <= hi


def _part_whole(doc: Doc, figures: list[Figure], sents) -> list[FigureCheck]:
    checks: list[FigureCheck] = []
    body = [f for f in figures if not f.in_title and f.unit is None]
    derived: list[Figure] = []
    for a, b in sents:
        cue = PART_CUES.search(times.doc_text(doc), a, b)
        if cue is None:
            continue
        parts = [f for f in body if a <= f.start < b and f.start > cue.start() and f.value is not None]
        wholes = [f for f in body if f.start < cue.start() and f.start >= a - 1500
                  and (f.value is not None) and f.part_of is None and f not in parts]
        if not parts or not wholes:
            continue
        whole = wholes[-1]
        for p in parts:
            p.part_of = whole.index
            p.counted = p.counted or whole.counted
            p.time, p.time_text = (p.time, p.time_text) if p.time else (whole.time, whole.time_text)
            if p.source is None:
                p.source = whole.source
        total = sum(p.value for p in parts)
        if total > whole.value:
            checks.append(FigureCheck("parts_exceed_whole", [whole.index] + [p.index for p in parts],
                                      f"parts sum to {total:g}, more than the whole {whole.value:g}"))
        elif total < whole.value and (len(parts) > 1 or REST_CUES.search(times.doc_text(doc), a, b)):
            rest = whole.value - total
            text = " − ".join([f"{whole.value:g}"] + [f"{p.value:g}" for p in parts])
            derived.append(Figure(index=-1, text=text, start=whole.start, end=whole.end, value=rest,
                                  counted=whole.counted, time=whole.time, time_text=whole.time_text,
                                  source=whole.source, location=whole.location,
                                  sentence=times.doc_text(doc)[a:b], part_of=whole.index, derived=True))
    for d in derived:
        d.index = len(figures)
        figures.append(d)
    return checks


def _counted_key(f: Figure) -> str | None:
    if not f.counted:
        return None
    return f.counted.split()[-1].lower().rstrip("s")


def _compatible(a: Figure, b: Figure) -> bool:
    if a.event != b.event or a.event is None or a.unit != b.unit or a.derived or b.derived:
        return False
    if a.part_of is not None or b.part_of is not None:
        return False
    ka, kb = _counted_key(a), _counted_key(b)
    if ka and kb and ka != kb and not ({ka + "s", kb + "s", ka, kb} & {g.rstrip("s") for g in GENERIC_COUNTED} | ({ka, kb} & {"people", "person", "peopl"})):
        return False
    if a.time and b.time and a.time.split("/")[0] != b.time.split("/")[0]:
        return False
    return True


def bare_one(fig: Figure) -> bool:
    """"one of the camps": the number one naming a member, which claims no total."""
    return fig.value == 1 and fig.text.lower() == "one" and fig.unit is None


def _consistency(figures: list[Figure], sents, title: str) -> list[FigureCheck]:
    checks: list[FigureCheck] = []
    counts = [f for f in figures if f.unit is None and not f.derived and not bare_one(f)]
    precise = [f for f in counts if f.value is not None and not f.approximate]
    loose = [f for f in counts if f not in precise]
    lead_end = sents[1][1] if len(sents) > 1 else (sents[0][1] if sents else 0)
    for a in loose:
        for b in precise:
            if not _compatible(a, b):
                continue
            where = "headline" if a.in_title else ("lead" if a.start < lead_end else "body")
            if _contains(a, b.value):
                checks.append(FigureCheck("consistent", [a.index, b.index],
                                          f"{where} figure {a.text!r} agrees with {b.text!r}"))
            else:
                checks.append(FigureCheck("conflict", [a.index, b.index],
                                          f"{where} figure {a.text!r} does not allow {b.text!r}"))
    for i, a in enumerate(precise):
        for b in precise[i + 1:]:
            if _compatible(a, b) and a.value != b.value and a.time == b.time and a.time is not None:
                checks.append(FigureCheck("conflict", [a.index, b.index],
                                          f"{a.text!r} and {b.text!r} for the same {a.counted or 'count'} {a.event}"))
    # a figure with no time takes the time of a figure it was found consistent with
    by_index = {f.index: f for f in figures}
    for c in checks:
        if c.kind == "consistent":
            x, y = (by_index[i] for i in c.figures)
            for p, q in ((x, y), (y, x)):
                if p.time is None and q.time is not None:
                    p.time, p.time_text = q.time, q.time_text
    for f in figures:
        if f.part_of is not None and f.time is None:
            w = by_index[f.part_of]
            f.time, f.time_text = w.time, w.time_text
    return checks


@Language.factory("newstrail_figures")
def make_figures(nlp: Language, name: str) -> FigureExtractor:
    return FigureExtractor(nlp)
