"""Within-article canonical names for entities.

An article names one person or body several ways ("President Vladimir Putin", "Putin";
"the Islamic State", "IS"). Counting, linking speakers and matching across outlets all
need one name per thing, so each entity span gets ``span._.canonical``. Rules, in order:

1. clean the mention: drop a leading "the", a trailing possessive, and (for people) titles;
2. aliases the article itself shows: "Islamic State (IS)", "ISIS, also known as ...";
3. acronyms whose letters are the initials of a longer name in the article;
4. a small gazetteer of well-known alias groups (lexicon ``aliases``), used only when
   another member of the group occurs in the same article;
5. people: a surname or first name alone takes the longest full name that ends with
   (or starts with) it; organisations and places: a name contained at the end of a
   longer one of the same type ("Interior Ministry" in "Russian Interior Ministry").
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from newstrail import lexicon
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.guard import guarded

NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
TITLES = {
    "president", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "sen", "sen.", "senator", "rep", "rep.", "gov", "gov.", "governor", "leader", "general",
    "gen.", "colonel", "col.", "king", "queen", "prince", "chancellor", "mayor", "judge",
    "secretary", "spokesman", "spokeswoman", "commander", "chief", "head", "sheikh", "imam",
    "pope", "vice", "deputy", "foreign", "defense", "defence", "interior", "state", "former",
    "syrian", "russian", "chechen", "american", "british", "military", "lt.", "sgt.", "capt.",
}
SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "de", "al"}
PARENTHETICAL = re.compile(r"^\s*\(\s*([^()]{1,40}?)\s*\)")
AKA = re.compile(r"^\s*,?\s*(?:also known as|known as|or)\s+", re.I)


ALIAS_GROUPS = [{name.lower() for name in group} for group in lexicon.load("aliases")["groups"]]


def clean_mention(text: str, label: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(?:the|The|THE)\s+", "", text)
    text = re.sub(r"[’']s?$", "", text).strip()
    if label == "PERSON":
        words = text.split(" ")
        while len(words) > 1 and words[0].lower() in TITLES:
            words = words[1:]
        text = " ".join(words)
    return text


def initials(name: str) -> str:
    words = [w for w in re.split(r"[\s-]+", name) if w and w.lower() not in SMALL_WORDS]
    return "".join(w[0] for w in words if w[0].isalpha()).upper()


def is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 6 and name.isupper() and name.isalpha()


def canonical_names(mentions: list[tuple[str, str]], doc_text: str = "", ends: list[int] | None = None) -> dict[str, str]:
    """Map each cleaned mention name to its canonical form within one article.

    ``mentions`` are (cleaned name, label) in text order; ``ends`` (optional) are the
    character offsets where each mention ends, for spotting "Name (ACR)" definitions.
    """
    names = list(dict.fromkeys(name for name, _ in mentions if name))
    labels: dict[str, str] = {}
    for name, label in mentions:
        labels.setdefault(name, label)
    canon = {name: name for name in names}
    present = {n.lower(): n for n in names}

    def longest(candidates: list[str]) -> str | None:
        return max(candidates, key=lambda c: (len(c.split()), len(c)), default=None)

    # 2. aliases defined in the article: "Islamic State (IS)", "ISIS, also known as Daesh"
    if doc_text and ends:
        for (name, _), end in zip(mentions, ends):
            rest = doc_text[end:end + 60]
            m = PARENTHETICAL.match(rest)
            alias = m.group(1) if m else None
            if alias is None:
                m = AKA.match(rest)
                if m:
                    alias = next((n for n in names if rest[m.end():].startswith(n)), None)
            if alias and alias in canon and alias != name:
                full, short = (name, alias) if len(name) >= len(alias) else (alias, name)
                canon[short] = full

    for name in names:
        if canon[name] != name:
            continue
        label = labels[name]
        if is_acronym(name):  # 3. acronym of a longer name in the article
            match = longest([n for n in names if n != name and not is_acronym(n) and initials(n) == name])
            if match:
                canon[name] = match
                continue
        group = next((g for g in ALIAS_GROUPS if name.lower() in g), None)
        if group:  # 4. gazetteer group, only where another member occurs
            members = [present[m] for m in group if m in present]
            if len(members) > 1:
                full = [m for m in members if not is_acronym(m)] or members
                canon[name] = longest(full)
                continue
        words = name.split()
        if label == "PERSON" and len(words) == 1:  # 5. surname or first name alone
            match = longest([n for n in names if labels[n] == "PERSON" and len(n.split()) > 1
                             and (n.split()[-1] == name or n.split()[0] == name)])
            if match:
                canon[name] = match
        elif label in {"ORG", "GPE", "LOC", "FAC"}:
            match = longest([n for n in names if labels[n] == label and n != name
                             and n.endswith(" " + name)])
            if match:
                canon[name] = match
    # follow chains (IS -> Islamic State -> ...) to their end
    for name in names:
        seen = {name}
        while canon[canon[name]] != canon[name] and canon[name] not in seen:
            seen.add(canon[name])
            canon[name] = canon[canon[name]]
    return canon


@Language.factory("newstrail_entities", assigns=["span._.canonical"], requires=["doc.ents"])
def make_entities(nlp: Language, name: str) -> EntityCanonicaliser:
    return EntityCanonicaliser()


class EntityCanonicaliser:
    """Sets ``span._.canonical`` on every named entity of the Doc."""

    @guarded("newstrail_entities")
    def __call__(self, doc: Doc) -> Doc:
        ents = [e for e in doc.ents if e.label_ in NAMED_LABELS and any(c.isalpha() for c in e.text)]
        cleaned = [(clean_mention(e.text, e.label_), e.label_) for e in ents]
        canon = canonical_names(cleaned, doc.text, [e.end_char for e in ents])
        for ent, (name, _) in zip(ents, cleaned):
            ent._.canonical = canon.get(name, name) or ent.text
        return doc
