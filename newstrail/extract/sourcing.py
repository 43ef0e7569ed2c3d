"""Sourcing signals: claims asserted without attribution, hedged claims, a per-article summary.

The component (factory ``newstrail_sourcing``) fills ``doc._.sourcing`` (``records.Sourcing``).
Sentences are those of ``figures.sentence_spans`` (spaCy's, split at line breaks).

* A *claim sentence* asserts something checkable: it holds a figure (``doc._.figures``,
  ages excluded), a superlative ("the largest contributor"), a comparative with "than", or
  a causal link ("because", "due to", "led to", "caused", "as a result").
* It is *attributed* when it overlaps a quote (``doc._.quotes``, or quotation marks when
  that is None), says "according to", or has a reporting verb with a subject ("X said",
  "the ministry reports"). Unattributed claim sentences go to ``unsourced``.
* ``hedged``: sentences with a hedge cue (PhraseMatcher table below), reason = the cue.
* Summary: claim sentences, attributed share, named (an entity) vs unnamed sources
  ("the spokesman", "officials"), and distinct sources over quotes and attributions.
"""

from __future__ import annotations

from newstrail.nlp import doccache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from newstrail.extract import times
from newstrail.extract.figures import REPORT_VERBS, _source_phrase, bare_one, quote_regions, sentence_spans
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.guard import guarded
from newstrail.records import Signal, Sourcing, SourcingSummary

HEDGE_CUES = [
    "allegedly", "reportedly", "purportedly", "supposedly", "apparently", "presumably",
    "is believed to", "are believed to", "was believed to", "were believed to",
    "is thought to", "are thought to", "is said to", "are said to", "was said to",
    "is understood to", "are understood to", "is alleged to", "are alleged to",
    "may have", "might have", "could have", "claims", "claimed", "claim", "alleged",
    "unconfirmed", "rumored", "rumoured", "it is believed", "it is thought",
    "is suspected of", "are suspected of", "is likely to", "are likely to",
]
CAUSAL = [[{"LOWER": "because"}], [{"LOWER": "due"}, {"LOWER": "to"}],
          [{"LEMMA": "lead"}, {"LOWER": "to"}], [{"LEMMA": "cause", "POS": "VERB"}],
          [{"LOWER": "as"}, {"LOWER": "a"}, {"LOWER": "result"}],
          [{"LEMMA": "result"}, {"LOWER": "in"}], [{"LOWER": "thanks"}, {"LOWER": "to"}]]
SUPERLATIVE = [[{"TAG": {"IN": ["JJS", "RBS"]}, "LOWER": {"NOT_IN": ["least", "most", "best"]}}],
               [{"LOWER": "most"}, {"POS": "ADJ"}], [{"LOWER": {"IN": ["best", "worst"]}}, {"POS": "NOUN"}]]
COMPARATIVE = [[{"TAG": {"IN": ["JJR", "RBR"]}}, {"OP": "*", "IS_ALPHA": True}, {"LOWER": "than"}]]
ATTRIBUTION = [[{"LOWER": "according"}, {"LOWER": "to"}]]


class SourcingAnalyser:
    def __init__(self, nlp: Language):
        self.hedges = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.hedges.add("HEDGE", [nlp.make_doc(c) for c in HEDGE_CUES])
        self.claims = Matcher(nlp.vocab)
        self.claims.add("causal", CAUSAL)
        self.claims.add("superlative", SUPERLATIVE)
        self.claims.add("comparative", COMPARATIVE, greedy=None)
        self.claims.add("attribution", ATTRIBUTION)

    @guarded("newstrail_sourcing")
    def __call__(self, doc: Doc) -> Doc:
        sents = sentence_spans(doc)
        quotes = quote_regions(doc)
        figures = [f for f in (doc._.figures or []) if not f.in_title and not f.derived
                   and f.unit != "year (age)" and not bare_one(f)]
        has_parse = doc.has_annotation("DEP")
        reasons: dict[int, str] = {}
        attributed_by: dict[int, set[str]] = {}
        hedged: list[Signal] = []

        def sent_of(char: int) -> int | None:
            lo, hi = 0, len(sents) - 1
            while lo <= hi:
                mid = (lo + hi) // 2
                a, b = sents[mid]
                if char < a:
                    hi = mid - 1
                elif char >= b:
                    lo = mid + 1
                else:
                    return mid
            return None

        for f in figures:
            k = sent_of(f.start)
            if k is not None:
                reasons.setdefault(k, f"figure: {f.text}")
        attribution: set[int] = set()
        for match_id, s, e in self.claims(doc) if has_parse else []:
            label = doc.vocab.strings[match_id]
            k = sent_of(doc[s].idx)
            if k is None:
                continue
            if label == "attribution":
                attribution.add(k)
            else:
                reasons.setdefault(k, f"{label}: {doc[s:e].text}")
        for _, s, e in self.hedges(doc):
            k = sent_of(doc[s].idx)
            if k is not None and not any(h.start == sents[k][0] for h in hedged):
                a, b = sents[k]
                hedged.append(Signal(times.doc_text(doc)[a:b], a, b, doc[s:e].text))
        # attribution: quotes, "according to", reporting verb with a subject
        sources: dict[str, bool] = {}
        for qa, qb, speaker in quotes:
            k0 = sent_of(qa)
            k1 = sent_of(max(qa, qb - 1))
            if k0 is None or k1 is None:
                continue
            for k in range(k0, k1 + 1):
                attributed_by.setdefault(k, set()).add(speaker or "quote")
            if speaker:
                sources.setdefault(speaker, _named(doc, speaker))
        if has_parse:
            for k in set(reasons):
                a, b = sents[k]
                span = doc.char_span(a, b, alignment_mode="expand")
                if span is None:
                    continue
                for tok in doccache.tokens(doc)[span.start:span.end]:
                    if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ in {"VERB", "AUX"}:
                        subj = next((c for c in tok.children if c.dep_ == "nsubj"
                                     and c.lower_ not in {"it", "which", "that", "this", "who", "whom"}), None)
                        if subj is not None:
                            name = _source_phrase(subj)
                            attributed_by.setdefault(k, set()).add(name)
                            sources.setdefault(name, _named(doc, name))
                if k in attribution:
                    attributed_by.setdefault(k, set()).add("according to")
        for f in doc._.figures or []:
            if f.source:
                sources.setdefault(f.source, _named(doc, f.source))
        unsourced = []
        for k in sorted(reasons):
            if k not in attributed_by:
                a, b = sents[k]
                unsourced.append(Signal(times.doc_text(doc)[a:b], a, b, reasons[k]))
        claims = len(reasons)
        attributed = sum(1 for k in reasons if k in attributed_by)
        named = sum(1 for v in sources.values() if v)
        doc._.sourcing = Sourcing(
            unsourced=unsourced,
            hedged=hedged,
            summary=SourcingSummary(
                claim_sentences=claims, attributed=attributed,
                share_attributed=round(attributed / claims, 3) if claims else None,
                named_sources=named, unnamed_sources=len(sources) - named,
                distinct_sources=len(sources)),
        )
        return doc


def _named(doc: Doc, name: str) -> bool:
    """A source is named when it is (or contains) a person/organisation/place entity."""
    names = doc.user_data.get("newstrail_entity_names")
    if names is None:
        names = doc.user_data["newstrail_entity_names"] = [
            (e.text.lower(), (e._.canonical or "").lower()) for e in doccache.ents(doc)
            if e.label_ in {"PERSON", "ORG", "GPE", "NORP"}]
    low = name.lower()
    return any(text in low or canon == low for text, canon in names)


@Language.factory("newstrail_sourcing")
def make_sourcing(nlp: Language, name: str) -> SourcingAnalyser:
    return SourcingAnalyser(nlp)
