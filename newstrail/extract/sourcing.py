"""Sourcing signals: claims asserted without attribution, hedged claims, a per-article summary.

The component (factory ``newstrail_sourcing``) fills ``doc._.sourcing`` (``records.Sourcing``).
Sentences are those of ``doccache.sentence_spans`` (spaCy's, split at line breaks).

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

from bisect import bisect_right

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from newstrail.extract.figures import REPORT_VERBS, bare_one
from newstrail.extract.phrases import source_name
from newstrail.nlp import doccache
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
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
NOT_SOURCES = {"it", "which", "that", "this", "who", "whom"}


@Language.factory(
    "newstrail_sourcing",
    assigns=["doc._.sourcing"],
    requires=["doc._.figures", "doc._.quotes", "doc.sents", "doc.ents", "span._.canonical", "token.dep", "token.tag",
              "token.lemma"],
)
def make_sourcing(nlp: Language, name: str) -> SourcingAnalyser:
    return SourcingAnalyser(nlp)


class _Sentences:
    """The sentence spans of one Doc, found by character offset."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]

    def of(self, char: int) -> int | None:
        """The index of the sentence holding the character at ``char``, if any."""
        k = bisect_right(self.starts, char) - 1
        return k if k >= 0 and char < self.spans[k][1] else None


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
        sents = _Sentences(doccache.sentence_spans(doc))
        has_parse = doc.has_annotation("DEP")
        reasons, according = self._claims(doc, sents, has_parse)
        attributed_by: dict[int, set[str]] = {}
        sources: dict[str, bool] = {}
        names = _entity_names(doc)
        for speaker in _quoted(doc, sents, attributed_by):
            sources.setdefault(speaker, _named(names, speaker))
        if has_parse:
            for k in set(reasons):
                span = doc.char_span(*sents.spans[k], alignment_mode="expand")
                if span is None:
                    continue
                for name in _reporting_subjects(doc, span):
                    attributed_by.setdefault(k, set()).add(name)
                    sources.setdefault(name, _named(names, name))
                if k in according:
                    attributed_by.setdefault(k, set()).add("according to")
        for f in doc._.figures or []:
            if f.source:
                sources.setdefault(f.source, _named(names, f.source))
        text = doccache.text(doc)
        unsourced = []
        for k in sorted(reasons):
            if k not in attributed_by:
                a, b = sents.spans[k]
                unsourced.append(Signal(text[a:b], a, b, reasons[k]))
        claims = len(reasons)
        attributed = sum(1 for k in reasons if k in attributed_by)
        named = sum(1 for v in sources.values() if v)
        doc._.sourcing = Sourcing(
            unsourced=unsourced,
            hedged=self._hedged(doc, sents),
            summary=SourcingSummary(
                claim_sentences=claims, attributed=attributed,
                share_attributed=round(attributed / claims, 3) if claims else None,
                named_sources=named, unnamed_sources=len(sources) - named,
                distinct_sources=len(sources)),
        )
        return doc

    def _claims(self, doc: Doc, sents: _Sentences, has_parse: bool) -> tuple[dict[int, str], set[int]]:
        """The claim sentences with the first reason found for each (figures first), and the
        sentences that say "according to"."""
        reasons: dict[int, str] = {}
        for f in doc._.figures or []:
            if f.in_title or f.derived or f.unit == "year (age)" or bare_one(f):
                continue
            k = sents.of(f.start)
            if k is not None:
                reasons.setdefault(k, f"figure: {f.text}")
        according: set[int] = set()
        for match_id, s, e in self.claims(doc) if has_parse else []:
            label = doc.vocab.strings[match_id]
            k = sents.of(doc[s].idx)
            if k is None:
                continue
            if label == "attribution":
                according.add(k)
            else:
                reasons.setdefault(k, f"{label}: {doc[s:e].text}")
        return reasons, according

    def _hedged(self, doc: Doc, sents: _Sentences) -> list[Signal]:
        """One signal for each sentence with a hedge cue, the first cue as its reason."""
        hedged: list[Signal] = []
        text = doccache.text(doc)
        for _, s, e in self.hedges(doc):
            k = sents.of(doc[s].idx)
            if k is not None and not any(h.start == sents.spans[k][0] for h in hedged):
                a, b = sents.spans[k]
                hedged.append(Signal(text[a:b], a, b, doc[s:e].text))
        return hedged


def _quoted(doc: Doc, sents: _Sentences, attributed_by: dict[int, set[str]]) -> list[str]:
    """Mark the sentences a quote overlaps as attributed (to its speaker, or "quote");
    returns the quotes' speakers."""
    speakers = []
    for qa, qb, speaker in doccache.quote_regions(doc):
        k0 = sents.of(qa)
        k1 = sents.of(max(qa, qb - 1))
        if k0 is None or k1 is None:
            continue
        for k in range(k0, k1 + 1):
            attributed_by.setdefault(k, set()).add(speaker or "quote")
        if speaker:
            speakers.append(speaker)
    return speakers


def _reporting_subjects(doc: Doc, span: Span) -> list[str]:
    """The names of the subjects of reporting verbs in a sentence ("the ministry reports")."""
    names = []
    for tok in doccache.tokens(doc)[span.start:span.end]:
        if tok.lemma_.lower() in REPORT_VERBS and tok.pos_ in {"VERB", "AUX"}:
            subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.lower_ not in NOT_SOURCES), None)
            if subj is not None and (name := source_name(subj)) is not None:
                names.append(name)
    return names


def _entity_names(doc: Doc) -> list[tuple[str, str]]:
    """(text, canonical name), lower case, of the Doc's person, body and place entities."""
    return [(e.text.lower(), (e._.canonical or "").lower()) for e in doccache.ents(doc) if e.label_ in NAMED_LABELS]


def _named(names: list[tuple[str, str]], name: str) -> bool:
    """A source is named when it is (or contains) a person/organisation/place entity."""
    low = name.lower()
    return any(text in low or canon == low for text, canon in names)
