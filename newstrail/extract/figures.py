"""Figures: every numeric claim of an article as a ``records.Figure``, and in-article checks.

The component (factory ``newstrail_figures``) fills ``doc._.figures`` and
``doc._.figure_checks``. Steps, all on the one parse spaCy already made:

1. ``numbers.find_numbers`` finds number expressions with value, interval, hedge and unit;
   years, dates, clock times, ordinals, phone numbers and identifiers are dropped (a year
   becomes a *time*, never a count); ages are kept with unit "year (age)" and no ``counted``.
   A bare number in digits takes the unit of the figure before it in its sentence, which news
   writes once for a series ("84.75 cents, while the lowest is 74.07"; see ``_elided_unit``).
2. For each figure the dependency parse gives what is counted (the noun the number
   modifies, or the object of "dozens of"), the governing verb and its event class
   (lexicon ``events``: the verb; a verb with its complement, "crossed the border", "forced from
   their homes"; a verb of movement with a purpose clause, "crossed into the hills to fight";
   else the counted noun, "refugees"), a location, a time frame (a DATE under the verb,
   "since" kept, resolved by ``times``) and a source: the speaker of the quote it is in
   (``doc._.quotes``; quotation marks and the paragraph's "said X" when that is None),
   "according to X", or the subject of a reporting verb governing the figure's clause.
   Location: the place phrase on the counted noun first ("people from the Varn region",
   "residents of the province of Marl", "... and the neighbouring provinces of A and B"), then
   one under the verb ("killed in Tarsk", "left Chechnya"); a place is a GPE/LOC/FAC entity, a
   one-word ORG/PERSON name after a locative preposition, or a place noun carrying a proper
   name ("the Ostra valley", "Osk district") -- the small model tags invented places
   inconsistently. "60 Brennick residents": a name on a word for inhabitants is their place.
   A count noun names the counted through its "of" ("put the number of departures at 380",
   "the number of people who have gone to fight has passed 400" -- a bare number after
   "passed/exceeded/topped" is a lower bound, hedge "over").
   Figures that refer back take what they lack from the earlier figure the text points to:
   "96 of them" (counted, place, time; ``part_of``), "put the figure at 300" (counted, event,
   place) -- see ``_refer_back``.
   What the figure is a quantity of (``about``, CQE's "referred concept") is a noun phrase of
   the sentence: the noun a measure sits on ("a $2 billion deal"), its "of" ("54GB of data"), the
   noun it is "of" ("a budget of 12 million euros"), the object of the verb it is given "for",
   "at", "to" or "by" ("raised its price target to $45", "cut its workforce by 10%"), else the
   subject of its verb or of the clause that verb continues ("unemployment rose 3%"); a count is about what it counts when those are
   the subject ("300 people were killed"), else the subject that has them -- see ``_about``. A
   bracketed restatement ("1.8 billion miles (2.9bn km)") is about the same thing.
3. Headline figures (``doc._.title``, tokenized only, when the title is not part of the
   text) get ``in_title=True``, ``start``/``end`` as character offsets into ``doc._.title``
   and ``sentence`` = the title.
4. Part–whole: "Among those / Of them / including …" links the counts of a sentence to the
   nearest earlier whole (parts take its counted, place and time when they have none); the
   remainder is derived (``derived=True``, text "405 − 104 − 44").
5. Checks: hedged/headline/lead figures against precise ones with the same event and a
   compatible counted noun (consistent | conflict), and parts that exceed their whole.

The thresholds of these steps are the component's spaCy config (see ``Limits``):
``nlp.add_pipe("newstrail_figures", config={"approximate_margin": 0.2})``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields

from spacy.language import Language
from spacy.tokens import Doc, Token

from newstrail import lexicon
from newstrail.errors import NewstrailError
from newstrail.extract import numbers as nums
from newstrail.extract import phrases, times
from newstrail.nlp import doccache
from newstrail.nlp import extensions  # noqa: F401
from newstrail.nlp.entities import clean_mention
from newstrail.nlp.guard import guarded
from newstrail.records import Figure, FigureCheck

_LEX = lexicon.load("events")
VERB_EVENTS = {v: ev for ev, verbs in _LEX["verbs"].items() for v in verbs}
NOUN_EVENTS = {n: ev for ev, nouns in _LEX["nouns"].items() for n in nouns}
IRREGULAR = _LEX["irregular"]
# "cross the border", "forced ... from their homes": the verb means the event only with that complement
VERB_OBJECTS = {k: ev for ev, keys in _LEX["verb_objects"].items() for k in keys}
INCIDENT_NOUNS = frozenset(_LEX["incidents"])  # "killed in an air strike on Douma": where it hit
INCIDENT_PREPS = {"in", "during", "by"}  # what ties the incident to the verb
INCIDENT_PLACE_PREPS = {"on", "in", "near", "at", "of", "outside"}  # where the incident hit
# "crossed into the highlands to fight": a movement verb takes the event of its purpose clause
PURPOSE_MOTION = set(_LEX["purpose"]["motion"])
PURPOSE_EVENTS = {v: ev for ev, verbs in _LEX["purpose"].items() if ev != "motion" for v in verbs}
# "the number ... has passed 400": a bare number as their object is a lower bound
PASSED_VERBS = set(_LEX["passed_verbs"])
RANGE_WORDS = {"to", "-", "–", "and", "or", "between"}  # what joins the two numbers of a range
WITHOUT_OBJECT = set(_LEX["without_object"])
# "the death toll at 16", "claimed the lives of 8": a count of the dead with no event verb
_TOLLS = lexicon.load("tolls")
TOLL_NOUNS = frozenset(_TOLLS["nouns"])
LIVES = _TOLLS["lives"]
CHANGE_EVENTS = {"increased", "decreased"}
# a direction word on the way from the number to its verb: "shares down 11.9%", "were up 0.2
# points", "edged down 0.03%", "closed 2% higher"
DIRECTION = {"up": "increased", "higher": "increased", "down": "decreased", "lower": "decreased"}
CHANGE_UNITS = {"percent", "percentage point", "point", "basis point"}
# "wounded at least 50 a monitoring group said" (a scraped text that lost its commas): an
# article after a number opens another noun phrase, which the number does not count
ARTICLES = frozenset({"a", "an", "the"})
MEASURE_WORDS = frozenset(lexicon.load("units")["measures"])
DURATION_UNITS = lexicon.words("units", "durations")
# words left out of a counted phrase's modifiers: the first words of hedges ("some", "about"),
# and words that qualify the count rather than the counted ("a total of", "other", "more")
NOT_MODIFIERS = {k[0] for k in lexicon.hedges("before")} | {"total", "other", "additional", "more"}
REPORT_VERBS = {"say", "report", "tell", "announce", "claim", "state", "estimate", "add",
                "confirm", "note", "write", "declare", "insist", "reveal", "disclose", "count",
                "put", "show", "find", "record", "register", "explain", "warn", "allege",
                "acknowledge", "admit", "publish", "suggest", "indicate", "quote", "cite"}
# words for people as such: two figures counting these count the same people (in-article checks)
GENERIC_COUNTED = {"people", "person", "persons", "individual", "individuals", "resident",
                   "residents", "civilian", "civilians", "citizen", "citizens", "inhabitant", "inhabitants",
                   "villager", "villagers", "those", "them", "others", "total"}
PART_CUES = re.compile(r"\b(among (?:those|them|these|the \w+)|of (?:those|them|these|whom|which)|"
                       r"including|out of (?:those|them|these))\b", re.I)
REST_CUES = re.compile(r"\b(the (?:rest|remainder|others|remaining \w+)|remaining)\b", re.I)
CLIMB_DEPS = {"nummod", "quantmod", "pobj", "prep", "nsubj", "nsubjpass", "dobj", "appos", "conj",
              "compound", "amod", "npadvmod", "attr", "nmod", "advmod", "cc", "dep", "oprd", "acomp", "agent"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# entity labels of amounts and dates: never what a figure is about
NUMERIC_LABELS = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "DATE", "TIME", "ORDINAL"}
# "a budget of 12 million euros", "margins to 64%", "a grounding for three months": the noun such
# a preposition hangs a figure on is what the figure is about
ABOUT_PREPS = {"of", "to", "at", "for", "with", "by", "worth"}
# "bought a flat for 20,000 euros", "kept its key rate at 1.5%", "raised its target to $45", "cut
# its workforce by 10%": a sum, level or change given with these on a verb is about its object
OBJECT_PREPS = {"for", "at", "to", "from", "by"}
# "each of the buildings costs $40 million": the subject names the group through its "of"
PARTITIVES = {"each", "all", "some", "one", "both", "many", "most", "none", "half"}
# "rose by an average of 4.2%": nouns that word the amount of a change given with "by"
AMOUNT_NOUNS = {"average", "total", "median", "combined", "estimated", "further", "additional", "margin"}
VAGUE_WORDS = frozenset(lexicon.vague_amounts())  # "hundreds", "thousands", "dozens"
SUBJECT_STEPS = 4  # clause steps up from the figure's verb to a subject it shares
PHRASE_PREPS = {"of", "in", "on", "for"}  # a preposition whose object a phrase keeps: "unemployment in Tarsk"
EDGE_MARKS = " ,;:\"'“”‘’()"  # quotation marks and brackets a phrase does not start or end with
# the small model often tags unfamiliar place names ORG/PERSON; after a locative preposition
# or as the object of a motion verb a one-word name is taken as a place
LOCATIVE = {"to", "in", "from", "into", "at", "near", "across", "inside", "outside"}
MOTION = {"leave", "flee", "enter", "reach", "cross", "evacuate", "visit"}
PARTICIPLE_TAGS = {"VBN", "VBD"}  # "killed", as the parser tags a headline's participles
CLAUSE_DEPS = {"ROOT", "conj", "ccomp", "advcl", "relcl", "xcomp"}
# "the number of departures at 380", "the number of people who ... has passed 400": the count
# noun names what is counted through its "of"; without one it refers back to an earlier figure
COUNT_NOUNS = {"number", "count", "total", "tally", "figure"}
# "40 of them", "some of those": the figure counts part of an earlier figure's counted group
ANAPHORS = {"them", "those", "these", "whom", "which"}
# a place phrase without a recognised entity: "the Varn region", "Osk district", "the
# province of Tilde", "the Ostra valley" -- a place noun with a proper-noun name on it
PLACE_NOUNS = {"region", "province", "district", "valley", "county", "oblast", "governorate", "prefecture",
               "municipality", "territory", "state", "area", "republic", "highlands", "hills", "mountains", "island", "islands",
               "coast", "city", "town", "village", "canton", "department", "borough", "parish", "shire"}
# where a counted group comes from or lives: "people from the Varn region", "residents of Osk"
ORIGIN_PREPS = {"from", "of", "in"}
# heads whose proper-noun modifier is a place: "Brennick residents", "Varn people"
PEOPLE_HEADS = {"people", "person", "persons", "resident", "residents", "inhabitant", "inhabitants", "citizen",
                "citizens", "civilian", "civilians", "villager", "villagers", "native", "natives", "national",
                "nationals", "local", "locals", "household", "households", "family", "families"}


def _lemma_key(tok: Token) -> str:
    lemma = IRREGULAR.get(tok.lower_, tok.lemma_.lower())
    for child in tok.children:
        if child.dep_ in {"prt", "advmod"} and child.lower_ in {"back", "up", "down", "out", "off", "home"}:
            key = f"{lemma} {child.lower_}"
            if key in VERB_EVENTS:
                return key
    return lemma


def _phrase(tok: Token) -> str:
    """A counted noun with its compound/adjective modifiers: "police officers", "long-range
    missiles" (a hyphenated modifier whole, never "range missiles")."""
    doc = tok.doc
    left = tok.i
    for child in sorted(tok.lefts, key=lambda t: -t.i):
        if child.i == left - 1 and child.dep_ in {"compound", "amod"} and not child.like_num \
                and child.pos_ != "NUM" and child.lower_ not in NOT_MODIFIERS:
            left = _hyphened_start(child)
        else:
            break
    return doc[left:tok.i + 1].text


def _hyphened_start(word: Token) -> int:
    """Where a modifier starts: "range" in "long-range" starts at "long"."""
    start = word.i
    doc = word.doc
    while start > 1 and doc[start - 1].text == "-" and not doc[start - 1].whitespace_ \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha:
        start -= 2
    return start


@dataclass(frozen=True, slots=True)
class Limits:
    """The figures component's thresholds, set through its spaCy config (``make_figures``
    holds the defaults). Each is a whole number, 0 or more, but ``approximate_margin``, a share
    from 0 to 1."""

    verb_steps: int  # dependency steps from a number up to the verb that governs it
    report_steps: int  # clause steps from that verb up to a reporting verb naming the source
    title_words: int  # words after a headline number read for what it counts and what happened
    part_sentences: int  # "96 of them" counts part of a group named at most this many sentences back
    restate_sentences: int  # "put the figure at 300" restates a figure at most this many sentences back
    whole_lookback: int  # characters before "Among those" where the whole of its parts may stand
    approximate_margin: float  # "about 400" allows this share either side (360-440 at 0.1)

    def __post_init__(self) -> None:
        for setting in fields(self):
            value = getattr(self, setting.name)
            if setting.name == "approximate_margin":
                if type(value) not in (int, float) or not 0 <= value <= 1:
                    raise NewstrailError("E011", component="newstrail_figures", setting=setting.name,
                                         least=0, most=1, value=value)
            elif type(value) is not int or value < 0:
                raise NewstrailError("E010", component="newstrail_figures", setting=setting.name, least=0, value=value)


@Language.factory(
    "newstrail_figures",
    assigns=["doc._.figures", "doc._.figure_checks"],
    requires=["doc.sents", "doc.ents", "doc._.quotes", "span._.canonical", "token.dep", "token.tag", "token.lemma",
              "token.ent_type"],
    default_config={
        "verb_steps": 7,
        "report_steps": 4,
        "title_words": 6,
        "part_sentences": 1,
        "restate_sentences": 2,
        "whole_lookback": 1500,
        "approximate_margin": 0.1,
    },
)
def make_figures(nlp: Language, name: str, verb_steps: int, report_steps: int, title_words: int, part_sentences: int,
                 restate_sentences: int, whole_lookback: int, approximate_margin: float) -> FigureExtractor:
    """The settings are described on ``Limits``; the headline is tokenized with ``nlp``'s tokenizer."""
    return FigureExtractor(nlp, Limits(
        verb_steps=verb_steps, report_steps=report_steps, title_words=title_words, part_sentences=part_sentences,
        restate_sentences=restate_sentences, whole_lookback=whole_lookback, approximate_margin=approximate_margin))


class FigureExtractor:
    def __init__(self, nlp: Language, limits: Limits):
        self.tokenizer = nlp.tokenizer
        self.limits = limits

    @guarded("newstrail_figures")
    def __call__(self, doc: Doc) -> Doc:
        sents = doccache.sentence_spans(doc)
        quotes = doccache.quote_regions(doc)
        frames = times.time_frames(doc) if doc.has_annotation("DEP") else []
        figures: list[Figure] = []
        refs: list[tuple[Figure, str]] = []
        raw_title = doc._.title or ""
        title = raw_title.strip()
        if title and not doccache.text(doc).lstrip().startswith(title):
            lead = len(raw_title) - len(raw_title.lstrip())
            figures.extend(self._headline(title, lead, doc._.published))
        for expr in nums.find_numbers(doc):
            if expr.kind in nums.NOT_FIGURES:
                continue
            figures.append(self._figure(doc, expr, len(figures), sents, quotes, frames, refs))
            if not refs or refs[-1][0] is not figures[-1]:  # "96 of them" is resolved by _refer_back
                _elided_unit(figures, expr)
        _refer_back(figures, refs, sents, self.limits)
        _restated_about(doc, figures)
        checks = _part_whole(doc, figures, sents, self.limits.whole_lookback)
        checks += _consistency(figures, sents, title, self.limits.approximate_margin)
        doc._.figures = figures
        doc._.figure_checks = checks
        return doc

    # -- one figure ---------------------------------------------------------------
    def _figure(self, doc, expr, index, sents, quotes, frames, refs) -> Figure:
        """One figure; ``refs`` collects (figure, how) for figures that refer back to an
        earlier one ("96 of them", "put the figure at 380"), resolved in ``_refer_back``."""
        fig = _base_figure(expr, index)
        fig.sentence = next((doccache.text(doc)[a:b] for a, b in sents if a <= expr.start_char < b), "")
        if not doc.has_annotation("DEP"):
            return fig
        num = doc[expr.num_end - 1]
        noun = None
        if expr.kind in {"count", "fraction"}:
            if num.dep_ in {"nummod", "quantmod", "amod", "compound"} and num.head.pos_ in {"NOUN", "PROPN"} \
                    and num.head.i > num.i and num.head.lower_ not in MEASURE_WORDS \
                    and not any(t.lower_ in ARTICLES for t in doc[num.i + 1:num.head.i]):
                noun = num.head
            elif num.dep_ == "quantmod" and num.head.head.pos_ in {"NOUN", "PROPN"} and num.head.head.i > num.i \
                    and all(t.lower_ in RANGE_WORDS for t in doc[num.i + 1:num.head.i]):
                noun = num.head.head  # "300 to 400 people"; not "at 212 with 80 percent killed"
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
            elif noun is not None and noun.lower_ in ANAPHORS:
                refs.append((fig, "part"))  # "96 of them": resolved against earlier figures
                noun = None
        # the governing verb: the participle on the noun, or on the number, comes first ("150
        # people detained"; "left 30 dead and 50 wounded": the 50 were wounded, not left dead)
        path = []
        tok = (_participle(noun) if noun is not None else _participle(num, clauses=False)) or noun or num
        for _ in range(self.limits.verb_steps):
            if tok.pos_ == "VERB" and path and path[-1].dep_ == "dobj" and _on_those(tok):
                tok = tok.head  # "as well as those killed at least 160 people were injured"
                continue
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in CLAUSE_DEPS):
                break
            if tok.dep_ not in CLIMB_DEPS or tok.head is tok:
                tok = None
                break
            path.append(tok)
            tok = tok.head
        verb = tok if tok is not None and tok.pos_ in {"VERB", "AUX"} else None
        if verb is None and expr.kind == "count":
            verb = _participle(num, clauses=False)  # "Opposition: 1300 killed in gas attack"
        of_noun = None  # "the number of departures": what a count noun says is counted
        if verb is not None and fig.counted is None and expr.kind == "count":
            of_noun = _count_noun_of(verb, num, refs, fig)
            if of_noun is not None:
                fig.counted = _phrase(of_noun)
        if verb is not None and expr.hedge is None and expr.value is not None and fig.value is not None \
                and expr.kind == "count" and expr.unit is None and noun is None and num.dep_ == "dobj" and num.head.i == verb.i and verb.lemma_.lower() in PASSED_VERBS:
            fig.low, fig.value, fig.low_inclusive, fig.hedge = fig.value, None, False, "over"  # "has passed 400"
        amount = _change_amount(expr, path, noun)
        if verb is not None and expr.kind != "age":
            key = _lemma_key(verb)
            event = _plain_event(verb, key)
            special = _complement_event(verb, key)
            if special is not None:
                event, key = special, verb.lemma_.lower()
            if event in CHANGE_EVENTS and (not amount or any(c.dep_ == "advmod" and c.lower_ == "short"
                                                             for c in verb.children)):
                event = None  # "rose to 5%" is a level; "fell short of 64,900" is no fall
            if event not in CHANGE_EVENTS and expr.kind not in {"count", "fraction"}:
                event = None  # killed/left/arrested... count people or things, not sums or sizes
            if event not in CHANGE_EVENTS and any(t.dep_ == "agent" for t in path):
                event = None  # "was cut by 25 basis points" is a change; "killed by 3 gunmen" kills no gunmen
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
        if of_noun is not None and (fig.event is None or fig.event in CHANGE_EVENTS):
            # "the number of people who have gone to fight", "the number of departures"
            clause = next((c for c in of_noun.subtree if c.dep_ in {"relcl", "acl"} and c.pos_ == "VERB"), None)
            ev = _verb_event(clause) if clause is not None else None
            ev = ev or NOUN_EVENTS.get(of_noun.lemma_.lower())
            if ev and ev not in CHANGE_EVENTS:
                fig.event, fig.event_verb = ev, (clause.text if clause is not None and _verb_event(clause) else of_noun.text)
        before = _verb_before(doc, expr) if expr.kind == "count" and expr.unit is None else None
        if before is not None:
            fig.event, fig.event_verb = before  # "Attack kill 5 injure 50": not "5 injure", not "50 killed"
            if fig.counted and expr.end < len(doc) and _title_event(doc[expr.end]) is not None \
                    and fig.counted.split()[0] == doc[expr.end].text:
                fig.counted = None  # "5 injure": the next verb is no counted noun
        if fig.event in {None, "left"} and verb is not None and expr.kind == "count" and expr.unit is None:
            # "left 3 dead": a complement states the event better than "leave"
            stated = _stated_event(verb)  # "confirmed dead", "the death toll at 16", "claimed the lives of 8"
            if stated is not None:
                fig.event, fig.event_verb = stated
        if verb is not None:
            fig.location = _location(verb, of_noun or noun)
            fig.time, fig.time_text = _time(verb, frames, expr)
        if fig.counted and noun is not None and fig.location is None:
            fig.counted, fig.location = _place_modifier(noun, fig.counted)
        fig.source = _source(doc, expr, verb, quotes, self.limits.report_steps)
        fig.about = _about(doc, expr, noun, verb, fig.counted)
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
            rest = [t for t in tdoc[expr.end:expr.end + self.limits.title_words]]
            before = _verb_before(tdoc, expr) if expr.kind == "count" else None
            if before is not None:  # "Attack kills 5, injures 50": the verb before is the event
                fig.event, fig.event_verb = before
                if rest and rest[0].is_alpha and not rest[0].is_stop and _title_event(rest[0]) is None:
                    fig.counted = rest[0].text
                out.append(fig)
                continue
            if expr.kind == "count" and rest and rest[0].is_alpha and not rest[0].is_stop:
                fig.counted = rest[0].text
                if len(rest) > 1 and rest[0].is_title and rest[1].lower_ in PEOPLE_HEADS:
                    # "412 Varn residents have joined": a name before a word for inhabitants is a place
                    fig.counted, fig.location = rest[1].text, rest[0].text
                    rest = rest[1:]
            head_ev = _title_event(rest[0]) if rest and fig.counted else None
            if head_ev is not None:
                # "seven dead, 23 hurt": the word after the number is what happened to them
                fig.event, fig.event_verb = head_ev, rest[0].text
                if rest[0].lower_ not in NOUN_EVENTS and _title_lemma(rest[0]) not in NOUN_EVENTS:
                    fig.counted = None
            for t in rest[1:] if head_ev is None else []:
                if t.is_punct:
                    break  # "seven dead, 23 hurt": the next clause is another figure's
                ev = _title_event(t)
                if ev:
                    fig.event, fig.event_verb = ev, t.text
                    break
            if since:
                fig.time_text = since.group(0)
                fig.time = times.resolve(since.group(1), published, since=True)
            out.append(fig)
        return out


def _title_lemma(t: Token) -> str:
    return IRREGULAR.get(t.lower_, re.sub(r"(?:ed|d|s|ing)$", "", t.lower_))


def _title_event(t: Token) -> str | None:
    """The event of a headline word (tokenized only, no lemma): a verb form or an event noun."""
    lemma = _title_lemma(t)
    if t.lower_ in NOUN_EVENTS or lemma in NOUN_EVENTS:
        ev = NOUN_EVENTS.get(t.lower_) or NOUN_EVENTS[lemma]
        return None if ev in CHANGE_EVENTS else ev
    return next((VERB_EVENTS[c] for c in (lemma, t.lower_, lemma + "e") if c in VERB_EVENTS), None)


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
    if expr.unit in DURATION_UNITS or expr.relation == "range" or expr.kind == "age":
        return False
    if any(t.dep_ == "prep" and t.lower_ != "by" and not _by_amount(t) for t in path):
        return False
    return not (noun is not None and noun.dep_ in {"nsubj", "nsubjpass"})


def _by_amount(prep: Token) -> bool:
    """"by an average of 4.2%", "by a total of 300": an "of" that only words the amount of a
    change given with "by"."""
    owner = prep.head
    return prep.lower_ == "of" and owner.lower_ in AMOUNT_NOUNS and owner.dep_ == "pobj" and owner.head.lower_ == "by"


def _verb_before(doc: Doc, expr) -> tuple[str, str] | None:
    """(event, verb) of an event verb written right before the number, headline style ("kill 5
    injure 50", "Attack Kills Two"), where the parser often takes the number for the subject of
    the verb after it. Not a change ("rose 5%" has its own rules), not "left", whose sense
    needs its complement ("left 3 dead" is no departure), not a participle when one follows
    the number or its noun too ("44 killed dozens injured", "8 killed 58 others injured":
    "killed" is the first number's),
    and not a participle on "those" (``_on_those``)."""
    if expr.start == 0:
        return None
    prev = doc[expr.start - 1]
    if not prev.is_alpha or (doc.has_annotation("SENT_START") and doc[expr.start].is_sent_start):
        return None
    if _on_those(prev) or (_participle_form(prev) and _participle_after(doc, expr)):
        return None
    ev = _word_event(prev)
    if ev is None or ev in CHANGE_EVENTS or ev == "left":
        return None
    return ev, prev.text


def _participle_after(doc: Doc, expr) -> bool:
    """An event participle right after the number or after the one word of its counted noun
    ("dozens injured", "58 others injured")."""
    for tok in doc[expr.end:expr.end + 2]:
        if _participle_form(tok) and _word_event(tok) is not None:
            return True
        if not tok.is_alpha:
            return False
    return False


def _word_event(tok: Token) -> str | None:
    """The event of a verb form, parsed or only tokenized (a headline)."""
    return next((VERB_EVENTS[c] for c in (_title_lemma(tok), tok.lemma_.lower(), _title_lemma(tok) + "e")
                 if c in VERB_EVENTS), None)


def _participle_form(tok: Token) -> bool:
    """A past participle: as tagged, or, in a headline that is only tokenized, by its ending."""
    return tok.tag_ in PARTICIPLE_TAGS if tok.tag_ else tok.lower_.endswith("ed")


def _quantity_root(doc: Doc, expr) -> Token:
    """The word of the expression that the rest of the sentence hangs it on: the last one
    whose head is outside it ("billion" in "a $2 billion deal", "%" in "rose 3%")."""
    span = range(expr.start, expr.end)
    roots = [t for t in doc[expr.start:expr.end] if t.head.i not in span or t.head is t]
    return roots[-1] if roots else doc[expr.num_end - 1]


def _about(doc: Doc, expr, noun: Token | None, verb: Token | None, counted: str | None) -> str | None:
    """What the figure is a quantity of (CQE's "referred concept"), as a noun phrase of the
    sentence, or None when the sentence does not name it (a pronoun).

    A count of things is about the noun it is "of" ("a survey of seven countries", "sales of
    5,835 units"), the named whole its counted things are parts of ("five seasons of Sesame
    Street"), what it counts when those are the subject or there is no verb ("300 people were
    killed"), else the subject that has or does them ("the company plans to hire 400 people").
    A measure, sum or share is about the noun it sits on ("a $2 billion deal", "a 30% stronger
    acid"), the "of" after it ("54GB of data"), the noun whose preposition it follows ("a
    budget of 12 million euros", "margins to 64%"), the object of the verb it is given "for",
    "at", "to", "from" or "by" ("kept its key rate at 1.5%", "cut its workforce by 10%"), else
    the subject of its verb ("unemployment rose 3%", "the bridge is 1,300 metres long")."""
    span = range(expr.start, expr.end)
    if noun is not None:
        return _count_about(noun, verb, counted, span)
    return _measure_about(doc, expr, verb, span)


def _count_about(noun: Token, verb: Token | None, counted: str | None, span: range) -> str | None:
    """What a count of ``noun`` is about (see ``_about``)."""
    if noun.lower_ in VAGUE_WORDS:  # "hundreds of thousands of people"
        noun = _of_object(noun) or noun
        counted = _phrase(noun) if noun.pos_ in {"NOUN", "PROPN"} else counted
    owner = _prep_owner(noun)
    if owner is not None and owner.i not in span and owner.lemma_.lower() not in NOUN_EVENTS:
        return _about_phrase(owner)  # "a survey of 1,500 adults"; not "the arrest of seven people"
    whole = _of_object(noun)
    if whole is not None and whole.pos_ == "PROPN" and noun.lower_ not in PEOPLE_HEADS:
        return _about_phrase(whole)
    first = noun.head if noun.dep_ == "conj" else noun  # "seven bedrooms and 8.5 bathrooms"
    if verb is None or first.dep_ in {"nsubj", "nsubjpass"} or first.head.dep_ == "agent":
        return counted  # "300 people were killed", "killed by 30 gunmen"
    return _subject_phrase(verb, span) or counted


def _measure_about(doc: Doc, expr, verb: Token | None, span: range) -> str | None:
    """What a measure, sum or share is about (see ``_about``)."""
    root = _quantity_root(doc, expr)
    head = root.head
    while head.lower_ in MEASURE_WORDS and head.dep_ in {"compound", "nmod", "nummod"} and head.head is not head:
        head = head.head  # "a 1.8 billion-mile (2.8bn km) journey": past the other unit
    if head.dep_ == "amod" and head.pos_ in {"ADJ", "VERB"} and root.dep_ == "npadvmod":
        head = head.head  # "30% fuming acid", "a 20% bigger engine"
    changed = _change_noun(doc, expr)
    if changed is not None:  # "sales grew 0.8% after a 1.2% rise", "a 3% rise in sales"
        inside = next((p for p in changed.children if p.dep_ == "prep" and p.lower_ == "in"), None)
        what = next((c for c in inside.children if c.dep_ == "pobj"), None) if inside is not None else None
        if what is not None and what.pos_ in {"NOUN", "PROPN"} and what.ent_type_ not in NUMERIC_LABELS:
            return _about_phrase(what)  # not "a rise in March"
        return (_subject_phrase(changed.head, span) if changed.dep_ == "pobj" else None) or _about_phrase(changed, span)
    if root.dep_ in {"compound", "amod", "nmod", "nummod", "quantmod", "npadvmod"} \
            and head.pos_ in {"NOUN", "PROPN"} and head.i > root.i:
        return _about_phrase(head, span)
    pobj = _of_object(root)
    if pobj is not None and pobj.pos_ in {"NOUN", "PROPN"}:
        return _about_phrase(pobj)
    owner = _prep_owner(root)
    if owner is not None and owner.i not in span:
        return _about_phrase(owner)
    bought = _bought(root) if expr.kind == "money" or root.head.lower_ in OBJECT_PREPS - {"for"} \
        or root.lower_ in OBJECT_PREPS - {"for"} else None
    if bought is not None:
        return _about_phrase(bought)
    clause = verb if verb is not None else (head if head is not root else None)  # "an engine that makes 250 hp"
    return _subject_phrase(clause, span) if clause is not None else None


def _change_noun(doc: Doc, expr) -> Token | None:
    """The noun of a change the figure is the size of: "a 1.2% rise", "a fall of 40 points";
    not a duration ("a rise in 18 months"). Such a figure gets no event: news (and NewsQuant's
    gold) state a change by its verb, and "a loss of 63 cents a share" is no decrease."""
    if expr.unit in DURATION_UNITS or expr.kind == "age" or expr.relation == "range":
        return None
    root = _quantity_root(doc, expr)
    head = root.head
    if root.dep_ in {"compound", "amod", "nmod", "nummod", "npadvmod"} and head.i > root.i:
        noun = head
    elif root.dep_ == "pobj" and head.lower_ == "of":
        noun = head.head
    else:
        return None
    return noun if noun.pos_ == "NOUN" and NOUN_EVENTS.get(noun.lemma_.lower()) in CHANGE_EVENTS else None


def _bought(root: Token) -> Token | None:
    """What a sum paid "for" is the price of, and what a level or change is given "at", "to",
    "from" or "by" for: the verb's object ("bought a flat for 20,000 euros", "kept its key rate
    at 1.5%", "put the damage at $3 million", "raised its price target to $45", "cut its
    workforce by 10%")."""
    if root.dep_ == "dobj" and root.head.pos_ == "VERB":  # "paid £3.2m for the house"
        prep = next((c for c in root.head.children if c.dep_ in {"prep", "dative"} and c.lower_ == "for"), None)
        return next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"} and c.is_alpha
                     and not any(k.like_num for k in c.children)), None) if prep is not None else None
    prep = root if root.dep_ == "prep" else root.head  # "cut its guidance from $160m to $140m": the range holds "from"
    if root.dep_ not in {"pobj", "prep"} or prep.lower_ not in OBJECT_PREPS or prep.head.pos_ != "VERB":
        return None
    return next((c for c in prep.head.children if c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"}
                 and not any(k.like_num for k in c.children)), None)  # not "fell 40.8 per cent to $2.06"


def _of_object(tok: Token) -> Token | None:
    """The object of the "of" on ``tok`` ("54GB of data"), or None."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _prep_owner(tok: Token) -> Token | None:
    """The noun a preposition hangs ``tok`` on ("a budget of 12 million euros", "a run of
    seven games"); not a count noun or a partitive ("a total of 300", "each of them"), which
    say nothing of what is counted."""
    prep = tok.head
    if tok.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ABOUT_PREPS:
        return None
    owner = prep.head
    if owner.pos_ not in {"NOUN", "PROPN"} or owner.lemma_.lower() in COUNT_NOUNS | MEASURE_WORDS:
        return None
    if owner.dep_ == "pobj" and owner.head.lower_ == "by":
        return None  # "rose by an average of 4.2%": the noun only words the amount
    return owner


def _subject_phrase(verb: Token, span: range) -> str | None:
    """The subject of ``verb``, or of the clause it continues ("plans to hire", "rose and
    then fell", "up 57% after plunging 65%"); a relative pronoun stands for the noun its
    clause is on, "each of the buildings" for the buildings; other pronouns name nothing."""
    tok = verb
    for _ in range(SUBJECT_STEPS):
        subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is not None and subj.i in span:
            return None  # "a 65-year-old would take 3%": the figure is the subject
        if subj is not None:
            if subj.tag_ in {"WDT", "WP"} and tok.dep_ == "relcl":
                subj = tok.head
            if subj.lower_ in PARTITIVES:
                subj = _of_object(subj) or subj
            return _about_phrase(subj) if subj.pos_ in {"NOUN", "PROPN", "ADJ"} else None
        if tok.dep_ in {"relcl", "acl"} and tok.head.pos_ in {"NOUN", "PROPN"} and tok.head.i not in span:
            return _about_phrase(tok.head)  # "the shares, up 57% this year"
        if tok.dep_ not in {"xcomp", "conj", "advcl", "pcomp", "prep", "advmod", "pobj", "acl"} or tok.head is tok:
            return None
        tok = tok.head
    return None


def _about_phrase(tok: Token, span: range = range(0)) -> str:
    """A noun as a short phrase: the name it is part of ("Dell Technologies"), else the noun
    with the modifiers and the owner written right before it and the "of" right after it
    ("core inflation", "the company's market value", "the price of crude"), without numbers
    and units ("a 12.3-inch display screen" -> "display screen")."""
    ent = next((e for e in doccache.ents(tok.doc) if e.start <= tok.i < e.end and e.label_ not in NUMERIC_LABELS), None)
    if ent is not None and ent.root.i == tok.i:
        return clean_mention(ent.text, ent.label_).strip(EDGE_MARKS) or tok.text
    left = _left_edge(tok, span)
    right = tok.i
    prep = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None) \
        if prep is not None and prep.head.i == tok.i and prep.lower_ in PHRASE_PREPS else None
    if pobj is not None and pobj.pos_ in {"NOUN", "PROPN"} and _left_edge(pobj, span) in {tok.i + 2, tok.i + 3} \
            and not any(t.i in span or t.like_num for t in pobj.subtree):
        right = pobj.i  # "the price of crude", "unemployment in Tarsk"; not "a budget of 12 million euros"
    return tok.doc[left:right + 1].text.strip(EDGE_MARKS) or tok.text


def _left_edge(tok: Token, span: range) -> int:
    """Where the modifiers written right before ``tok`` start: compounds and adjectives that
    are words (``_modifier_word``), and an owner that is a noun ("the company's")."""
    left = tok.i
    for child in sorted(tok.lefts, key=lambda t: -t.i):
        if child.i == left - 1 and child.dep_ in {"compound", "amod", "nmod"} and _modifier_word(child) \
                and child.i not in span:
            words = tok.doc[child.left_edge.i:child.i]  # "Gulf Coast states": the compound's own compound
            left = child.left_edge.i if all(_modifier_word(w) and w.i not in span for w in words) else child.i
        elif child.dep_ == "poss" and child.pos_ in {"NOUN", "PROPN"} and child.right_edge.i == left - 1 \
                and not any(t.i in span or t.like_num for t in child.subtree):
            left = next(t.i for t in child.subtree if t.dep_ not in {"det", "poss"} or t.i == child.i)
        else:
            break
    return left


def _modifier_word(tok: Token) -> bool:
    """A word that can stand in a noun phrase naming a thing: not a number, a unit, a hedge
    word or a currency sign."""
    return tok.pos_ in {"NOUN", "PROPN", "ADJ", "VERB"} and not tok.like_num and tok.lower_ not in NOT_MODIFIERS \
        and tok.lower_ not in MEASURE_WORDS and any(ch.isalpha() for ch in tok.text)


def _elided_unit(figures: list[Figure], expr: nums.NumberExpr) -> None:
    """A bare number in digits takes the unit of the figure before it in its sentence: news
    writes a unit once for a series of numbers ("84.75 cents, while the lowest is 74.07", "old
    ferries did 20 mpg, new ones 26"). Not a count of something named ("in 3 attacks"), and not after an age or a
    percentage: "fell 2.1% to 7,425" gives the level the change reached, in another unit -- but
    "lost 162 points, or 2.1%, to 7,425" has given the index's unit just before."""
    fig = figures[-1]
    if expr.kind != "count" or fig.unit is not None or fig.counted is not None or not any(
            ch.isdigit() for ch in expr.text):
        return
    same = [f for f in figures[-3:-1] if not f.in_title and f.sentence == fig.sentence]  # in the text's order
    if same and same[-1].unit not in {None, "year (age)", "percent"}:
        fig.unit = same[-1].unit
    elif len(same) == 2 and same[-1].unit == "percent" and same[0].unit == "point":
        fig.unit = "point"  # "lost 162.31 points, or 2.14%, to 7,425.81"


def _restated_about(doc: Doc, figures: list[Figure]) -> None:
    """A figure restated in brackets ("1.8 billion miles (2.9bn km)", "296 hp (224 kW / 300
    PS)") is about what the figure it restates is about."""
    text = doccache.text(doc)
    body = [f for f in figures if not f.in_title and not f.derived]
    for a, b in zip(body, body[1:]):
        if a.about is not None and text[a.end:b.start].strip() in {"(", "/", "or"}:
            b.about = a.about


def _on_those(verb: Token) -> bool:
    """A participle on "those" ("those killed"), which takes no object and is no headline
    verb: text without commas ("as well as those killed at least 160 people were injured")
    parses the count as its object."""
    return verb.dep_ == "acl" and verb.tag_ in PARTICIPLE_TAGS and verb.head.lower_ in {"those", "these"}


def _participle(tok: Token, clauses: bool = True) -> Token | None:
    """A participle after the counted noun or the number itself: "150 people detained", in
    headline style "1300 killed in gas attack"; after a noun also a relative clause ("people
    who fled"), after a number (``clauses=False``) only a past participle: "$11.4 million,
    which includes ..." and "$40 million to build" say nothing of what the number counts."""
    deps = {"acl", "relcl"} if clauses else {"acl"}
    return next((c for c in tok.children if c.dep_ in deps and c.pos_ == "VERB" and c.i > tok.i
                 and (clauses or c.tag_ == "VBN")), None)


def _stated_event(verb: Token) -> tuple[str, str] | None:
    """(event, words) that a verb with no event of its own states through its complement or
    its subject or object: "have been confirmed dead", "put the death toll at 16", "the death
    toll was 213", "death tolls ranging from 500", "claimed the lives of 8 people"."""
    for c in verb.children:
        if c.dep_ in {"oprd", "acomp"}:
            ev = NOUN_EVENTS.get(c.lower_) or VERB_EVENTS.get(_lemma_key(c))
            if ev and ev not in CHANGE_EVENTS:
                return ev, f"{verb.text} {c.text}"
    holders = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj"}]
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        holders.append(verb.head)
    for h in holders:
        if h.lemma_.lower() in TOLL_NOUNS:
            for m in h.children:
                ev = NOUN_EVENTS.get(m.lemma_.lower()) if m.dep_ in {"compound", "amod"} else None
                if ev and ev not in CHANGE_EVENTS:
                    return ev, f"{m.text} {h.text}"
        if h.dep_ == "dobj" and h.lemma_.lower() in LIVES["nouns"] and verb.lemma_.lower() in LIVES["verbs"]:
            return LIVES["event"], f"{verb.text} {h.text}"
    return None


def _verb_event(verb: Token) -> str | None:
    """The event a verb states, with its complements: "killed", "crossed the border",
    "forced ... from their homes", "came to enlist"."""
    key = _lemma_key(verb)
    return _complement_event(verb, key) or _plain_event(verb, key)


def _plain_event(verb: Token, key: str) -> str | None:
    """The event ``verbs`` lists for the verb's lemma key, unless the verb means it only
    without a direct object (``without_object``: "bombers struck the terminal" is no strike)."""
    if key in WITHOUT_OBJECT and any(c.dep_ == "dobj" for c in verb.children):
        return None
    return VERB_EVENTS.get(key)


def _complement_event(verb: Token, key: str) -> str | None:
    """An event the verb states only with a complement (``verb_objects``: "cross the border",
    "force from home"), or, for a verb of movement with no event of its own, the event of its
    purpose clause ("crossed into the highlands to fight for ...")."""
    lemma = IRREGULAR.get(verb.lower_, verb.lemma_.lower())
    for child in verb.children:
        keys = []
        if child.dep_ in {"dobj", "oprd", "acomp", "attr"}:
            keys.append(f"{lemma} {child.lemma_.lower()}")
        elif child.dep_ == "prep":
            keys.append(f"{lemma} {child.lower_}")
            keys += [f"{lemma} {child.lower_} {p.lemma_.lower()}" for p in child.children if p.dep_ == "pobj"]
        elif child.dep_ == "prt":
            keys += [f"{lemma} {child.lower_} {g.lower_} {p.lemma_.lower()}" for g in child.head.children
                     if g.dep_ == "prep" for p in g.children if p.dep_ == "pobj"]
        for k in keys:
            if k in VERB_OBJECTS:
                return VERB_OBJECTS[k]
    if VERB_EVENTS.get(key) is None and lemma in PURPOSE_MOTION:
        # the to-clause may hang off the verb or, misparsed, off one of its complements
        near = [c for c in verb.children if c.dep_ not in {"conj", "ccomp", "relcl", "nsubj", "nsubjpass"}]
        for tok in near + [g for c in near for g in c.children]:
            if tok.dep_ in {"advcl", "xcomp"} and tok.pos_ == "VERB" and tok.lemma_.lower() in PURPOSE_EVENTS \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                return PURPOSE_EVENTS[tok.lemma_.lower()]
    return None


def _count_noun_of(verb: Token, num: Token, refs: list, fig: Figure) -> Token | None:
    """"put the number of departures at 380", "the number of people who ... has passed 400":
    the noun counted through a count noun that is the figure verb's subject or object. A count
    noun with no "of" ("put the figure at 380") refers back to an earlier figure (``refs``)."""
    bare = None
    for child in verb.children:
        if child.dep_ not in {"nsubj", "nsubjpass", "dobj", "attr"} or child.lemma_.lower() not in COUNT_NOUNS:
            continue
        if child.left_edge.i <= num.i <= child.right_edge.i:
            continue
        of = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.pos_ in {"NOUN", "PROPN"}:
            return pobj
        if of is None and any(c.dep_ in {"det", "poss"} for c in child.children):
            bare = child
    if bare is not None:
        refs.append((fig, "same"))
    return None


def _place_span(tok: Token) -> str:
    """The text of a place phrase rooted at ``tok``, without a leading article and without
    relative clauses or appositions: "Varn region and the neighbouring provinces of Osk and Tilde"."""
    words = phrases.reach(tok, lambda c: c.dep_ not in phrases.ASIDES)
    return phrases.text_of(phrases.trim(phrases.run_around(words, words[0]),
                                        first=lambda t: t.dep_ in {"det", "poss", "case"})).strip(" ,")


def _place(c: Token, prep: Token | None, head: Token, via_dobj: bool) -> str | None:
    """A place named by ``c`` (a preposition's object or a motion verb's object), or None."""
    doc = c.doc
    if c.lemma_.lower() in PLACE_NOUNS and c.pos_ == "NOUN":
        named = any(m.dep_ in {"compound", "amod", "nmod"} and m.pos_ == "PROPN" for m in c.children) or any(
            p.dep_ == "prep" and p.lower_ == "of" and any(o.pos_ == "PROPN" for o in p.children) for p in c.children)
        return _place_span(c) if named else None
    if not c.ent_type_:
        return None
    ent = next((e for e in doccache.ents(doc) if e.start <= c.i < e.end), None)
    if ent is None:
        return None
    if prep is not None:
        locative = prep.lower_ in LOCATIVE or (prep.lower_ == "of" and head.lower_ in PEOPLE_HEADS)
    else:
        locative = via_dobj and head.lemma_ in MOTION
    loose = ent.label_ in {"ORG", "PERSON"} and len(ent) == 1 and locative
    if ent.label_ not in PLACE_LABELS and not loose:
        return None
    if any(k.dep_ == "conj" and k.pos_ == "PROPN" for k in c.children):
        return _place_span(c)  # "from Osk and Tilde"
    return ent._.canonical or clean_mention(ent.text, ent.label_)


def _location(verb: Token, noun: Token | None) -> str | None:
    """Where: first a place phrase on the counted noun ("people from the Varn region",
    "residents of Osk"), the nearest to what is counted; then one under the verb ("killed
    in Tarsk", "left Chechnya"); then the place of the incident it names (``_incident_place``)."""
    if noun is not None:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ORIGIN_PREPS:
                for c in child.children:
                    if c.dep_ == "pobj":
                        place = _place(c, child, noun, False)
                        if place:
                            return _wider_place(noun, c, place)
    for head in [verb] + ([noun] if noun is not None else []):
        for child in head.children:
            if child.dep_ == "dobj":
                cands, prep = [child], None
            elif child.dep_ == "prep":
                cands, prep = [c for c in child.children if c.dep_ == "pobj"], child
            else:
                continue
            for c in cands:
                place = _place(c, prep, head, prep is None)
                if place:
                    return place
    return _incident_place(verb)


def _incident_place(verb: Token) -> str | None:
    """"killed in a nerve gas attack on the Varn region", "wounded in the shelling of Tarsk", "an
    air strike on a market in Osk killed 23": the place of the incident the verb's count
    happened in (the incident under "in"/"during"/"by", or the verb's subject)."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in INCIDENT_PREPS:
            nouns = [n for n in child.children if n.dep_ == "pobj"]
        elif child.dep_ in {"nsubj", "nsubjpass"}:
            nouns = [child]
        else:
            continue
        for noun in nouns:
            if noun.lemma_.lower() in INCIDENT_NOUNS and (place := _place_under(noun, INCIDENT_PLACE_PREPS, 2)):
                return place
    return None


def _place_under(head: Token, preps: set[str], depth: int) -> str | None:
    """A place in a preposition phrase of ``head`` ("attack on the Varn region"), or ``depth`` - 1
    phrases further down ("strike on a market in Osk")."""
    for where in head.children:
        if where.dep_ != "prep" or where.lower_ not in preps:
            continue
        for c in where.children:
            if c.dep_ != "pobj":
                continue
            place = _place(c, where, head, False) or (
                _place_under(c, LOCATIVE, depth - 1) if depth > 1 else None)
            if place:
                return place
    return None


def _wider_place(noun: Token, pobj: Token, place: str) -> str:
    """"people from the Kell region and the neighbouring provinces of Arv and Doss": the parser
    may hang the second place on the counted noun; it still belongs to the place phrase."""
    doc = noun.doc
    more = [k for k in noun.children if k.dep_ == "conj" and k.i > pobj.i and k.pos_ == "NOUN"
            and k.lemma_.lower() in PLACE_NOUNS]
    if not more or doc[pobj.right_edge.i + 1:more[0].left_edge.i].text.strip(" ,") not in {"", "and", "or"}:
        return place
    start = pobj.left_edge.i
    while start < pobj.i and doc[start].dep_ in {"det", "poss", "case"}:
        start += 1
    return doc[start:more[0].right_edge.i + 1].text.strip(" ,")


def _place_modifier(noun: Token, counted: str) -> tuple[str, str | None]:
    """"60 Brennick residents": a proper-noun place name on the counted noun is where they are
    from (counted "residents", location "Brennick"), when the noun is a word for inhabitants
    or the name is tagged as a place."""
    doc = noun.doc
    mods = [c for c in noun.lefts if c.dep_ in {"compound", "amod"} and c.pos_ == "PROPN"]
    if not mods:
        return counted, None
    first, last = min(m.left_edge.i for m in mods), max(m.i for m in mods)
    if last + 1 != noun.i:
        return counted, None
    span = doc[first:last + 1]
    is_place = all(t.ent_type_ in PLACE_LABELS for t in span)
    if not (is_place or noun.lower_ in PEOPLE_HEADS):
        return counted, None
    rest = doc[last + 1:noun.i + 1].text
    return (rest, span.text) if counted.endswith(rest) else (counted, None)


def _refer_back(figures: list[Figure], refs: list[tuple[Figure, str]], sents, limits: Limits) -> None:
    """Figures that the text says are about an earlier figure's group take what they lack from
    it: "96 of them" counts part of the nearest earlier counted group (its counted, place and
    time; ``part_of`` set; its event stays its own), and "put the figure at 380" / "the count
    has passed 400" restates the nearest earlier figure with counted and event (counted, event
    and place). Only figures of the body, in the same sentence or a few before it (``limits``)."""
    def sent_no(pos: int) -> int:
        return next((i for i, (a, b) in enumerate(sents) if a <= pos < b), -1)

    for fig, how in refs:
        here = sent_no(fig.start)
        cands = [f for f in figures if f.index < fig.index and not f.in_title and not f.derived
                 and f.unit is None and f.counted and f.start < fig.start and here - sent_no(f.start) <= (
                     limits.part_sentences if how == "part" else limits.restate_sentences)]
        if how == "same":
            cands = [f for f in cands if f.event and f.part_of is None]
        if not cands:
            continue
        src = cands[-1]
        if fig.counted is None:
            fig.counted = src.counted
        if fig.location is None:
            fig.location = src.location
        if how == "part":
            fig.part_of = src.index
            if fig.time is None:
                fig.time, fig.time_text = src.time, src.time_text
        elif fig.event is None:
            fig.event, fig.event_verb = src.event, src.event_verb


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
    dated = [f for f in inside if f.value is not None]  # "near Manbij", taken for a date, resolves to none
    best = min(dated or inside, key=lambda f: abs(f.root - verb.i))
    return best.value, best.text


def _source(doc: Doc, expr, verb: Token | None, quotes, steps: int) -> str | None:
    for a, b, speaker in quotes:
        if a <= expr.start_char < b:
            return speaker or _paragraph_speaker(doc, a, b, quotes)
    sent = doc[expr.start].sent
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ == "to":
            pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return phrases.source_name(pobj)
    tok = verb
    for _ in range(steps):
        if tok is None:
            break
        if tok.lemma_.lower() in REPORT_VERBS:
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"} and c.dep_ != "nsubjpass"), None)
            if subj is not None and subj.lower_ not in {"it", "which", "that", "who", "whom", "this"}:
                return phrases.source_name(subj)
        if tok.dep_ not in {"ccomp", "conj", "xcomp", "advcl", "dobj"} or tok.head is tok:
            break
        tok = tok.head
    return None


def _paragraph_speaker(doc: Doc, a: int, b: int, quotes) -> str | None:
    """The subject of a speech verb outside quotation marks in the quote's paragraph."""
    text = doccache.text(doc)
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
                return phrases.source_name(subj)
    return None


# -- part–whole and consistency ------------------------------------------------------
def _interval(f: Figure, margin: float) -> tuple[float, float]:
    """The values ``f`` allows: an approximate figure ``margin`` (a share) either side of its value."""
    if f.value is not None and f.low is None and f.high is None:
        tol = margin * abs(f.value) if f.approximate else 0.0
        return f.value - tol, f.value + tol
    lo = f.low if f.low is not None else (f.value * (1 - margin) if f.value is not None and f.approximate else -math.inf)
    hi = f.high if f.high is not None else (f.value * (1 + margin) if f.value is not None and f.approximate else math.inf)
    if f.low is not None and f.high is None and f.value is None:
        hi = math.inf
    return lo, hi


def _contains(f: Figure, v: float, margin: float) -> bool:
    lo, hi = _interval(f, margin)
    if f.low is not None and not f.low_inclusive and v <= f.low:
        return False
    if f.high is not None and not f.high_inclusive and v >= f.high:
        return False
    return lo <= v <= hi


def _part_whole(doc: Doc, figures: list[Figure], sents, lookback: int) -> list[FigureCheck]:
    checks: list[FigureCheck] = []
    body = [f for f in figures if not f.in_title and f.unit is None]
    derived: list[Figure] = []
    for a, b in sents:
        cue = PART_CUES.search(doccache.text(doc), a, b)
        if cue is None:
            continue
        parts = [f for f in body if a <= f.start < b and f.start > cue.start() and f.value is not None]
        wholes = [f for f in body if f.start < cue.start() and f.start >= a - lookback
                  and (f.value is not None) and f.part_of is None and f not in parts]
        if not parts or not wholes:
            continue
        whole = wholes[-1]
        for p in parts:
            p.part_of = whole.index
            p.counted = p.counted or whole.counted
            p.location = p.location or whole.location
            p.time, p.time_text = (p.time, p.time_text) if p.time else (whole.time, whole.time_text)
            if p.source is None:
                p.source = whole.source
        total = sum(p.value for p in parts)
        if total > whole.value:
            checks.append(FigureCheck("parts_exceed_whole", [whole.index] + [p.index for p in parts],
                                      f"parts sum to {total:g}, more than the whole {whole.value:g}"))
        elif total < whole.value and (len(parts) > 1 or REST_CUES.search(doccache.text(doc), a, b)):
            rest = whole.value - total
            text = " − ".join([f"{whole.value:g}"] + [f"{p.value:g}" for p in parts])
            derived.append(Figure(index=-1, text=text, start=whole.start, end=whole.end, value=rest,
                                  counted=whole.counted, time=whole.time, time_text=whole.time_text,
                                  source=whole.source, location=whole.location,
                                  sentence=doccache.text(doc)[a:b], part_of=whole.index, derived=True))
    for d in derived:
        d.index = len(figures)
        figures.append(d)
    return checks


def _counted_key(f: Figure) -> str | None:
    if not f.counted:
        return None
    return f.counted.split()[-1].lower().rstrip("s")


_GENERIC_KEYS = {g.rstrip("s") for g in GENERIC_COUNTED}


def _counted_compatible(a: Figure, b: Figure) -> bool:
    """Same counted noun, both words for people as such, or one of those and a people named by
    a proper noun ("Over 400 Chechens" ~ "405 people"); never people ~ villages, or women ~ people."""
    ka, kb = _counted_key(a), _counted_key(b)
    if not ka or not kb or ka == kb:
        return True
    ga, gb = ka in _GENERIC_KEYS, kb in _GENERIC_KEYS
    if ga and gb:
        return True
    if ga or gb:
        other = b if ga else a
        return other.counted[:1].isupper()
    return False


def _compatible(a: Figure, b: Figure) -> bool:
    if a.event != b.event or a.event is None or a.unit != b.unit or a.derived or b.derived:
        return False
    if a.part_of is not None or b.part_of is not None:
        return False
    if not _counted_compatible(a, b):
        return False
    if a.time and b.time and a.time.split("/")[0] != b.time.split("/")[0]:
        return False
    return True


def bare_one(fig: Figure) -> bool:
    """"one of the camps": the number one naming a member, which claims no total."""
    return fig.value == 1 and fig.text.lower() == "one" and fig.unit is None


def _consistency(figures: list[Figure], sents, title: str, margin: float) -> list[FigureCheck]:
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
            if _contains(a, b.value, margin):
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
