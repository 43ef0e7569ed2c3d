"""Speaker resolution within one article, on the parse and the entities (no coreference model).

A quote's speaker is first taken as written (the subject of the cue verb, cut before any
relative clause or apposition: "Ronald Fieldstone, a Miami lawyer who ..." -> "Ronald
Fieldstone"). ``SpeakerResolver.resolve`` then finds the best name in the article for it and
the canonical entity it links to. It must be called in text order (it keeps a history of the
speakers seen so far). The rules, tried in this order, first match wins:

1. relative pronoun ("officials who said") -> the noun the relative clause hangs on;
2. apposition with a name ("the spokesman, Dmitry Orlov,") -> that named entity;
3. a named entity at the head of the mention ("Putin", "President Vladimir Putin",
   "the Interior Ministry") -> its ``span._.canonical``; a lone surname or first name of a
   person named in full elsewhere in the article (even where the NER missed it or took it
   for a body) -> that person;
4. a role of a body ("a spokesman for the Interior Ministry", "the ministry's spokesman",
   "Kremlin spokesman") -> "<body> spokesman", linked to the body's entity;
5. pronouns: he/she -> the most recent singular person-like speaker, unless a person named
   or described as a subject stands nearer before the pronoun (within two sentences);
   they -> likewise with plural speakers, bodies and plural nouns; it -> the most recent body;
6. definite descriptions ("the spokesman", "the ladies"): the most recent speaker with the
   same head noun (or a synonym); else, for a role as general as "the official" or "the
   source", the most recent speaker named as the role of a body ("a spokesman for the
   ministry": the same person, told by another word); else the nearest earlier noun phrase with the same or a
   synonymous head, not one introduced with "other" ("a commander of the Sarn militia" ->
   "Sarn commander", "Russian women" for "the ladies"); else, for a role noun, the most
   recent body that spoke before -> "<body> spokesman";
7. anything else resolves to itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newstrail import lexicon
from newstrail.extract import phrases
from newstrail.nlp import doccache

_LEX = lexicon.load("cues")
ROLE_NOUNS = {w for w in _LEX["role_nouns"] if " " not in w}
GENERIC_ROLES = set(_LEX["generic_roles"])
PERSON_NOUNS = set(_LEX["person_nouns"])
SINGULAR_PRONOUNS = set(_LEX["singular_pronouns"])
PLURAL_PRONOUNS = set(_LEX["plural_pronouns"])
THING_PRONOUNS = set(_LEX["thing_pronouns"])
FEMALE_NOUNS = set(_LEX["female_nouns"])
MALE_NOUNS = set(_LEX["male_nouns"])
FEMALE_TITLES = {"mrs.", "mrs", "ms.", "ms", "miss", "madam"}
MALE_TITLES = {"mr.", "mr", "sir"}
PRONOUN_GENDER = {"she": "f", "her": "f", "he": "m", "him": "m"}
SYNONYMS: dict[str, set[str]] = {}
for _group in _LEX["synonyms"]:
    for _w in _group:
        SYNONYMS.setdefault(_w, set()).update(_group)
PERSON_LABELS = {"PERSON"}
BODY_LABELS = {"ORG", "GPE", "NORP"}
NAME_LABELS = PERSON_LABELS | BODY_LABELS
RELATIVE = {"who", "that", "which", "whom"}
DETERMINERS = {"the", "this", "that", "these", "those"}


@dataclass(slots=True)
class Resolution:
    speaker: str
    start: int
    end: int
    resolved: str
    entity: str | None


@dataclass(slots=True)
class _Seen:
    head: str  # lemma of the mention's head, lower case
    plural: bool
    person: bool
    body: bool
    resolved: str
    entity: str | None
    pos: int  # character offsets of the mention
    end: int = 0
    gender: str | None = None  # "f" / "m" when a role noun, a title or a pronoun says so


def mention_tokens(head: Token) -> list[Token]:
    """The speaker mention for a subject head: its subtree without relative clauses,
    appositions and what follows a comma (all of a compound name is kept), never across a
    paragraph break ("6:50 p.m.\n\nWith her husband ..." is not a name)."""
    words = phrases.reach(head, lambda c: c.dep_ not in phrases.ASIDES,
                          lambda parent, c: c.dep_ not in phrases.ASIDES or parent.dep_ == "compound")
    run = phrases.run_around(words, head)
    head_at = run.index(head)
    breaks = [k for k, t in enumerate(run) if "\n" in t.text]
    before = [k for k in breaks if k < head_at]
    after = [k for k in breaks if k > head_at]
    run = run[(before[-1] + 1 if before else 0):(after[0] if after else len(run))]
    return phrases.trim(run, last=_loose_end, first=_loose_end)


def _loose_end(tok: Token) -> bool:
    return tok.is_punct or tok.dep_ == "cc"


def _is_plural(head: Token) -> bool:
    if head.lower_ in PLURAL_PRONOUNS or head.lower_ == "we":
        return True
    if any(c.dep_ == "conj" for c in head.children):
        return True
    return head.tag_ in {"NNS", "NNPS"}


class SpeakerResolver:
    """Resolves speaker mentions of one Doc, in text order."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.ent_of: dict[int, Span] = {}
        for ent in doccache.ents(doc):
            if ent.label_ in NAME_LABELS:
                for i in range(ent.start, ent.end):
                    self.ent_of[i] = ent
        # people by surname and first name, for single names the NER labelled otherwise
        self.person_by_word: dict[str, str] = {}
        for ent in doccache.ents(doc):
            if ent.label_ in PERSON_LABELS and len(ent) > 1:
                canon = self._canon(ent)
                for word in (canon.split()[-1], canon.split()[0]):
                    self.person_by_word.setdefault(word, canon)
        # gender hints for people: a title before the name anywhere in the article
        # ("Ms. Sherry", "Mr. Autor") -- no first-name list ships with our packages
        self.gender_of: dict[str, str] = {}
        for ent in doccache.ents(doc):
            if ent.label_ in PERSON_LABELS and ent.start > 0:
                title = doc[ent.start - 1].lower_
                if ent[0].lower_ in FEMALE_TITLES | MALE_TITLES:
                    title = ent[0].lower_
                g = "f" if title in FEMALE_TITLES else "m" if title in MALE_TITLES else None
                if g is not None:
                    self.gender_of.setdefault(self._canon(ent), g)
                    self.gender_of.setdefault(ent[-1].text, g)
        self.history: list[_Seen] = []
        self._chunks: list[Span] | None = None

    # -- helpers -------------------------------------------------------------
    def _gender(self, head: Token, resolved: str | None) -> str | None:
        """"f"/"m" from the head noun ("spokeswoman"), a title in the mention ("Mrs.",
        "Mr.") or a title the article gives the person elsewhere; else None."""
        lemma = head.lemma_.lower()
        if lemma in FEMALE_NOUNS or head.lower_ in FEMALE_NOUNS:
            return "f"
        if lemma in MALE_NOUNS or head.lower_ in MALE_NOUNS:
            return "m"
        if head.lower_ in PRONOUN_GENDER:
            return PRONOUN_GENDER[head.lower_]
        for left in head.lefts:
            if left.lower_ in FEMALE_TITLES:
                return "f"
            if left.lower_ in MALE_TITLES:
                return "m"
        if resolved:
            return self.gender_of.get(resolved) or self.gender_of.get(resolved.split()[-1])
        return None

    def _canon(self, ent: Span) -> str:
        return ent._.canonical or ent.text

    def _entity_name(self, ent: Span) -> tuple[str, bool]:
        """The name a named entity resolves to, and whether it is a person: a lone word the
        NER took for a body that is the surname or first name of a person named in full
        elsewhere in the article is that person."""
        if ent.label_ in PERSON_LABELS:
            return self._canon(ent), True
        if len(ent) == 1 and ent.text in self.person_by_word:
            return self.person_by_word[ent.text], True
        return self._canon(ent), False

    def _head_entity(self, head: Token, tokens: list[Token]) -> Span | None:
        ent = self.ent_of.get(head.i)
        if ent is not None:
            return ent
        # a name compounded onto the head ("Kremlin spokesman" is left to rule 4)
        for tok in tokens:
            ent = self.ent_of.get(tok.i)
            if ent is not None and ent.label_ in PERSON_LABELS and tok.head is head and tok.dep_ == "compound" \
                    and head.pos_ == "PROPN":
                return ent
        return None

    def _body_of_role(self, head: Token) -> Span | None:
        """The body a role noun speaks for: 'for/of/at X', "X's", 'X spokesman'."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "with", "from"}:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        ent = self.ent_of.get(obj.i)
                        if ent is not None and ent.label_ in BODY_LABELS:
                            return ent
                        # "the Sarn militia": a body named by a compound on a common noun
                        names = [c for c in obj.lefts if c.dep_ == "compound" and c.i in self.ent_of
                                 and self.ent_of[c.i].label_ in BODY_LABELS]
                        if names:
                            return Span(self.doc, names[0].i, obj.i + 1)
            if child.dep_ in {"poss", "compound", "amod", "nmod"}:
                ent = self.ent_of.get(child.i)
                if ent is not None and ent.label_ in BODY_LABELS:
                    return ent
        return None

    def _recent(self, pos: int, want) -> _Seen | None:
        for seen in reversed(self.history):
            if seen.pos < pos and want(seen):
                return seen
        return None

    def _noun_chunks(self) -> list[Span]:
        if self._chunks is None:
            try:
                self._chunks = list(self.doc.noun_chunks)
            except ValueError:
                self._chunks = []
        return self._chunks

    def _nearest_subject(self, head: Token, person: bool, gender: str | None = None) -> tuple[int, str, str | None] | None:
        """The nearest preceding subject in this or the two previous sentences that is a
        (singular) person named or described, or for "they" a body or plural noun:
        (offset, resolved, entity)."""
        sent_start = head.sent.start
        lo = sent_start
        for _ in range(2):
            if lo > 0:
                lo = self.doc[lo - 1].sent.start
        for i in range(head.i - 1, lo - 1, -1):
            tok = self.doc[i]
            if tok.dep_ not in {"nsubj", "nsubjpass"} or tok.pos_ not in {"PROPN", "NOUN"}:
                continue
            if tok.head.dep_ not in {"ROOT", "conj"} or any(c.lower_ in {"other", "another"} for c in tok.children):
                continue  # subjects of relative or subordinate clauses are not antecedents
            ent = self.ent_of.get(tok.i)
            if person and gender is not None and self._gender(tok, self._canon(ent) if ent is not None else None) \
                    not in {None, gender}:
                continue  # "she" is not the spokesman, nor Mr. Autor
            if person:
                if ent is not None and ent.label_ in PERSON_LABELS:
                    return tok.idx, self._canon(ent), self._canon(ent)
                if ent is None and tok.lemma_.lower() in PERSON_NOUNS and tok.tag_ == "NN":
                    return tok.idx, Span(self.doc, *_bounds(mention_tokens(tok))).text, None
            else:
                if ent is not None and ent.label_ in BODY_LABELS:
                    return tok.idx, self._canon(ent), self._canon(ent)
                if ent is None and tok.tag_ == "NNS":
                    return tok.idx, Span(self.doc, *_bounds(mention_tokens(tok))).text, None
        return None

    # -- the rules -----------------------------------------------------------
    def resolve(self, head: Token) -> Resolution:
        doc = self.doc
        # 1. relative pronoun: the mention is the pronoun as written ("who"), resolved as
        #    the noun the clause hangs on
        if head.lower_ in RELATIVE and head.head.dep_ in {"relcl", "acl"} and head.head.head.i != head.i:
            antecedent = self.resolve(head.head.head)
            self.history.pop()  # the antecedent is remembered once, below, by its position
            pron = Span(doc, head.i, head.i + 1)
            who = head.lower_ in {"who", "whom"}
            self.history.append(_Seen(head.head.head.lemma_.lower(), _is_plural(head.head.head), who, not who,
                                      antecedent.resolved, antecedent.entity, antecedent.start, antecedent.end,
                                      self._gender(head.head.head, antecedent.resolved)))
            return Resolution(pron.text, pron.start_char, pron.end_char, antecedent.resolved, antecedent.entity)
        tokens = mention_tokens(head)
        start, end = _bounds(tokens)
        span = Span(doc, start, end)
        text = span.text
        lemma = head.lemma_.lower()
        lower = head.lower_
        plural = _is_plural(head)
        resolved, entity = text, None
        person = lemma in PERSON_NOUNS or lower in SINGULAR_PRONOUNS
        body = False
        done = False

        # 2. apposition with a name
        for child in head.children:
            if child.dep_ == "appos":
                ent = self.ent_of.get(child.i)
                if ent is not None and ent.label_ in NAME_LABELS:
                    resolved = entity = self._canon(ent)
                    person = ent.label_ in PERSON_LABELS
                    body = not person
                    done = True
                    break
        # 3. a named entity at the head (a lone surname the NER took for a body is the person)
        if not done:
            ent = self._head_entity(head, tokens)
            if ent is not None:
                resolved, person = self._entity_name(ent)
                entity, body = resolved, not person
                done = True
            elif head.pos_ == "PROPN" and head.text in self.person_by_word and len(tokens) <= 2:
                resolved = entity = self.person_by_word[head.text]  # a surname the NER missed
                person, done = True, True
        # 4. a role of a body
        if not done and lemma in ROLE_NOUNS | {"spokesman", "spokeswoman"}:
            ent = self._body_of_role(head)
            if ent is not None:
                entity = self._canon(ent)
                resolved = f"{entity} {head.text}"
                person = True
                done = True
        # 5. pronouns: the most recent compatible speaker, or a nearer compatible subject
        if not done and head.pos_ == "PRON":
            seen = None
            if lower in SINGULAR_PRONOUNS or lower in PLURAL_PRONOUNS:
                want_person = lower in SINGULAR_PRONOUNS
                g = PRONOUN_GENDER.get(lower)
                if want_person:
                    seen = self._recent(span.start_char, lambda s: s.person and not s.plural
                                        and (g is None or s.gender in {None, g}))
                else:
                    seen = self._recent(span.start_char, lambda s: s.plural or s.body)
                found = self._nearest_subject(head, person=want_person, gender=g)
                if found is not None and (seen is None or found[0] >= max(seen.end, seen.pos + 1)):
                    seen = None
                    resolved, entity = found[1], found[2]
                    body = entity is not None and not want_person
                person = want_person
            elif lower in THING_PRONOUNS:
                seen = self._recent(span.start_char, lambda s: s.body)
            if seen is not None:
                resolved, entity = seen.resolved, seen.entity
                person, body = seen.person, seen.body
            done = True
        # 6. definite descriptions
        if not done and tokens[0].lower_ in DETERMINERS and head.pos_ in {"NOUN", "PROPN"}:
            same = SYNONYMS.get(lemma, set()) | SYNONYMS.get(lower, set()) | {lemma, lower}
            seen = self._recent(span.start_char, lambda s: s.head in same)
            if seen is None and lemma in GENERIC_ROLES:
                seen = self._recent(span.start_char, lambda s: s.person and s.plural == plural
                                    and s.head in ROLE_NOUNS and s.entity is not None)
            earlier = None if seen is not None else self._antecedent(span, same)
            if seen is not None:
                resolved, entity, body = seen.resolved, seen.entity, seen.body
                person = seen.person or person
            elif earlier is not None:
                resolved, entity = earlier
            elif lemma in ROLE_NOUNS:
                seen = self._recent(span.start_char, lambda s: s.body and s.entity is not None)
                if seen is not None:
                    entity = seen.entity
                    resolved = f"{entity} {head.text}"
                    person = True
        gender = self._gender(head, resolved if entity is not None or head.pos_ != "PRON" else None)
        if head.pos_ == "PRON" and gender is not None and resolved:
            self.gender_of.setdefault(resolved, gender)  # "she" said it: that speaker is a woman
        self.history.append(_Seen(lemma if head.pos_ != "PRON" else lower, plural, person, body,
                                  resolved, entity, span.start_char, span.end_char, gender))
        return Resolution(text, span.start_char, span.end_char, resolved, entity)

    def resolve_span(self, start: int, end: int) -> Resolution:
        """A speaker given as a stretch of text rather than a parsed subject (a headline's
        "Dr. Ben Carson:" lead-in, where the title-case parse is unreliable): the named
        entity that ends it, else a person named in full elsewhere whose surname or first
        name ends it, else itself. Remembered like any other speaker."""
        text = self.doc.text[start:end]
        resolved, entity, person, body = text, None, False, False
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            ents = [self.ent_of[t.i] for t in span if t.i in self.ent_of]
            last = span[-1].text
            if ents and ents[-1].end == span.end:
                resolved, person = self._entity_name(ents[-1])
                entity, body = resolved, not person
            elif last in self.person_by_word:
                resolved = entity = self.person_by_word[last]
                person = True
            head = span[-1].lemma_.lower()
            self.history.append(_Seen(head, _is_plural(span[-1]), person, body, resolved, entity, start, end))
        return Resolution(text, start, end, resolved, entity)

    def note_body(self, ent: Span) -> None:
        """Remember a body named as a source without being resolved as a speaker mention."""
        self.history.append(_Seen(ent.root.lemma_.lower(), False, False, True, self._canon(ent),
                                  self._canon(ent), ent.start_char))

    def _antecedent(self, span: Span, same: set[str]) -> tuple[str, str | None] | None:
        """The nearest earlier noun phrase with the same (or a synonymous) head, not one
        introduced with "other": its role-of-body name, or its words without the article."""
        best = None
        for chunk in self._noun_chunks():
            if chunk.start >= span.start:
                break
            root = chunk.root
            if root.lemma_.lower() in same or root.lower_ in same:
                if any(t.lower_ in {"other", "another"} for t in chunk):
                    continue
                best = root
        if best is None:
            return None
        body = self._body_of_role(best) if best.lemma_.lower() in ROLE_NOUNS else None
        if body is not None:
            return f"{self._canon(body)} {best.text}", self._canon(body)
        toks = mention_tokens(best)
        if toks and toks[0].lower_ in DETERMINERS | {"a", "an"}:
            toks = toks[1:]
        if not toks:
            return None
        return Span(self.doc, toks[0].i, toks[-1].i + 1).text, None


def _bounds(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].i, tokens[-1].i + 1
