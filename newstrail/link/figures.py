"""Figures about the same thing from different articles, compared; and figure series.

A figure's *thing* is (counted, event, location), normalised: lower case, leading articles
dropped, a plural head noun made singular ("militants" ~ "militant"), "the Caucasus" ~
"Caucasus". Two figures from different articles are about the same thing when their counted
*class* and event agree, their time frames are compatible and the places are equal (an unknown
place is taken as equal).

Counted class: the head noun, except that words for people as such ("people", "residents",
"civilians", "inhabitants"...) and nouns that count people by what happened to them
("departures", "deaths", "refugees", "evacuees", "recruits"...) are all the class ``people``:
with the event the figure states, "412 residents of Varn crossed the border to fight" and "the
number of departures at 380" count the same people. Words for a part of the population ("women",
"men", "children") are the class ``people`` too, but narrower ("40 women" vs "400 people" left:
scope). What outlets call armed men of no army ("rebels", "militants", "terrorists",
"insurgents", "gunmen") is one class too: "29 rebels" and "29 terrorists" agree; but two such
labels may name the two sides of one fight, so under different labels only agreement is
reported, never a conflict. Qualifiers (the other content words of the counted phrase) must
agree or one contain the other.

Places: generic place words ("region", "province", "valley", "district", "neighbouring") are
dropped before comparing, so "the Varn region" ~ "Varn", and "Varn region and the neighbouring
provinces of Osk and Tilde" ({varn, osk, tilde}) strictly contains "Varn region" ({varn}).

Time frames are compatible when unknown or when their date ranges overlap ("2014", "2014-09",
"2014-09-03", "2011/2015-06-16"); but a cumulative count ("since 2019", resolved "2019/<as-of
date>") and a dated snapshot (month or day precision: "last September", "on 12 September 2024")
are the same count only when the snapshot falls within ``SNAPSHOT_DAYS`` of the cumulative
count's as-of date: "380 by September" and "412 since 2019, as of February" are two readings of
a growing count, not a conflict.

When one place or counted group strictly contains the other ("Chechnya" in "Chechnya and the
Caucasus"; "fighters directly from Chechnya" within "fighters") the figures differ in
**scope**. Otherwise the intervals decide: overlapping -> **agree** ("more than 400" vs 405),
disjoint -> **conflict** (405 vs 3,000-4,000). A point value marked approximate ("about 400")
is widened by ``approx_tolerance`` either side.

Roles (``figure_roles``): real reports carry more figures than the incident's toll -- a
whole-war toll ("since 2011", "the war ... has killed"), a worldwide or nationwide count, an
earlier incident ("On April 2, a similar blast killed six": a date away from the report's),
a part ("15 of the wounded") and another district's toll. Each figure gets a role in its
article: ``main`` (the first incident figure of its counted group and event, and those that
agree with it at no other place), ``second`` (the count of a second incident the article
tells apart by how it hit: "45 killed in air strikes ... rebel rockets killed seven"; compared
only with figures whose clause names the same kind of hit), ``cumulative`` (a running total),
``background`` or ``other``. Two main figures whose clauses name different kinds of hit
(``instrument``: air strikes and shelling) are not compared either. Only main with main, and
running total with running total, are compared (that an incident lies within the war's toll
is not reported); a part or another district's toll
(``other``) agrees with a figure of another article only when both give the very same interval
in sentences that name the same place, and never conflicts (``_same_part``). Main figures are compared only when
their articles are at most ``incident_days`` apart. When nothing but the counted group and
event ties two figures (no place both name), a conflict more than ``conflict_max_ratio``
apart, or an agreement of a stated floor ("more than 400") with a figure ``floor_max_ratio``
times above it, is not reported; nor is a conflict whose number the other article gives too.
Two articles of one story that carry one and the same sentence give its figures as one
statement: they agree whatever their roles (``_same_statements``). Figures no event ties to
anything (a sum of money, a rate, "146,000 jobs") agree when two
articles of one story state the same amount, and such a bare count agrees with the same exact
count of the same group (not people as such) that another article ties to an event
(``_bare_mentions``). "Casualties" (killed and wounded together) are their own group, and
"bodies" seen somewhere are one count only at a place both name. A figure with a people
event and no counted noun ("16 killed") counts people.

Copies: an article and its wire copy are compared like any two articles. With the roles, two
copies of one text give the same main figures, so they agree and never conflict unless the
copy changed a number (a revised toll: a real conflict); their agreement is true, though not
independent confirmation (``copy_of`` on the story says which articles are copies).

``match_figures(articles) -> list[FigureMatch]``, ``figure_series(articles) ->
list[FigureSeries]``, and both at once (``figure_relations``, as a link calls them). Pass ``groups`` (article key -> story id) to compare only within stories:
"people killed in Syria" in two different stories is not the same thing.
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from newstrail import lexicon
from newstrail.lexicon import singular
from newstrail.link.records import ArticleKey, FigureMatch, FigureRef, FigureSeries

STOP = {"the", "a", "an", "of", "some", "all", "at", "least"}
CONNECT = {"and", "&", "or", "from", "in", "directly", "only", "including"}
# people as such: any of these counts the same population (what happened to them is the event)
PEOPLE = {"people", "person", "individual", "resident", "inhabitant", "citizen", "civilian", "villager",
          "national", "native", "local", "soul", "adult", "those", "other", "total", "life"}
# nouns that count people by what happened to them: with the event, the same people
PEOPLE_BY_EVENT = {"departure", "recruit", "volunteer", "emigrant", "migrant", "refugee", "evacuee",
                   "displaced", "returnee", "death", "dead", "fatality", "casualty", "victim", "injured",
                   "wounded", "detainee", "arrest", "abductee", "hostage", "protester", "protestor",
                   "demonstrator"}
# a part of the population: the class people, narrower than people as such
PEOPLE_PARTS = {"man", "woman", "child", "boy", "girl", "minor", "teenager", "youth", "elderly", "pensioner",
                "children"}  # (the plurals lexicon leaves "children" as it is)
SYNONYMS = {"inmate": "prisoner", "convict": "prisoner", "fighter": "militant", "combatant": "militant",
            "soldier": "troop", "airman": "pilot"}
# what outlets call armed men of no army, by their stance: one class, "militant", so that "29 rebels"
# and "30 terrorists" of one story can agree; but two labels may name two sides of a fight, so
# under different labels only agreement is reported, never a conflict (``compare``)
FIGHTER_LABELS = {"militant", "rebel", "terrorist", "extremist", "insurgent", "jihadist", "gunman",
                  "guerrilla"}
# generic place words, dropped from a location before comparing
PLACE_WORDS = {"region", "province", "district", "valley", "county", "oblast", "governorate", "prefecture",
               "municipality", "area", "territory", "neighbouring", "neighboring", "nearby", "surrounding",
               "adjacent", "other", "rest"}
SNAPSHOT_DAYS = 31
SAID_MIN_WORDS = 6  # a sentence two articles share word for word is one statement from this length up
LIST_JOIN = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)?\s+", re.I)  # what lies between two listed counts
_CURRENCIES = lexicon.load("currencies")
# units of an amount that stands for itself: a sum of money or a rate; two articles of one
# story that state the same such amount exactly agree about it even when no event is named
AMOUNT_UNITS = frozenset(_CURRENCIES["before"].values()) | frozenset(_CURRENCIES["after"].values()) \
    | frozenset(_CURRENCIES["codes"].values()) | {"percent"}
# ... and so do counts of one counted thing with no event ("146,000 jobs", "two parked cars"), from
# two up: "one" is everywhere. People are told apart by their parts: two children and two women
# are never one count
AMOUNT_COUNT_MIN = 2
# events that happen to people: a figure with such an event and no counted noun counts people
# ("16 killed"); a counted "noun" that is a day or month name is a misparse ("40 Tuesday")
PEOPLE_EVENTS = frozenset(lexicon.load("events")["events"]) - {"increased", "decreased"}
_CLAUSE_CUES = {event: phrases for event, phrases in lexicon.load("events")["clause_cues"].items() if event != "_doc"}
# nouns that say what happened to what is counted ("wounded children", "the dead"): an event-free
# count that names one is not a bare mention of a count another article ties to another event
EVENT_NOUNS = {noun: event for event, nouns in lexicon.load("events")["nouns"].items() for noun in nouns}
# what a figure's clause says happened when the figure itself names no event ("among the dead")
CLAUSE_EVENTS = {event: re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases) + r")\b", re.I)
                 for event, phrases in _CLAUSE_CUES.items()}
TIME_NAMES = frozenset(lexicon.weekdays()) | frozenset(lexicon.months())
_SCOPE = lexicon.load("figure_scope")


def _phrases(key: str) -> re.Pattern:
    """Any phrase of the ``figure_scope`` lexicon's list ``key``, as whole words."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(_SCOPE[key], key=len, reverse=True))) + r")\b", re.I)


CUMULATIVE_CUES, WIDER_CUES = _phrases("cumulative"), _phrases("wider")
_KIND_OF = {phrase: kind for kind, phrases in _SCOPE["instruments"].items() for phrase in phrases}
INSTRUMENTS = re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_KIND_OF, key=len, reverse=True))
                         + r")\b", re.I)
RATE_CUES, PROJECTION_CUES = _phrases("rates"), _phrases("projection")
_TOTALS = "|".join(map(re.escape, sorted(_SCOPE["totals"], key=len, reverse=True)))
# "in the (five-year|Varnian) conflict", "the war, now in its seventh year, has killed"
# (the total noun in lower case and not followed by a name: "the Tarsk Revolution Council" is
# an organisation, not the revolution)
_TOTAL = rf"\b(?-i:{_TOTALS})\b(?!\s+(?-i:[A-Z]))"
TOTAL_CUES = re.compile(rf"\b(?:in|of|during|since|throughout) the (?:[\w-]+ ){{0,2}}{_TOTAL}|"
                        rf"{_TOTAL}[^.;]{{0,40}}\b(?:has|have|had) (?:killed|claimed|left|displaced|forced|"
                        rf"wounded|injured|uprooted)\b", re.I)
_SPANS = "|".join(map(re.escape, _SCOPE["spans"]))
# "in two days of attacks", "over the past week", "in the last three months"
SPAN_CUES = re.compile(rf"\b(?:in|over|during|within|across) (?:the )?(?:(?:past|last|first) (?:[\w-]+ )?|[\w-]+ )"
                       rf"(?:{_SPANS})\b", re.I)
# "hundreds were killed or injured", "dead and wounded": a count of the dead and hurt together
MIXED_CUES = re.compile(r"\b(?:killed|dead|died)\s+(?:and|or)\s+(?:injured|wounded|hurt)\b|"
                        r"\b(?:injured|wounded|hurt)\s+(?:and|or)\s+(?:killed|dead)\b", re.I)
# where one figure's clause ends and the next one's begins when a sentence has two
CLAUSE_JOINS = re.compile(r"[,;]|\s(?:and|but|while|whereas|bringing|raising|taking|pushing)\s", re.I)
# "15 of the wounded", "three of them": a part of another count
PART_AFTER = re.compile(r"^\W*(?:of|among) (?:the|them|those|these|whom)\b", re.I)
VAGUE = frozenset(lexicon.vague_amounts())
DURATIONS = lexicon.words("units", "durations")
MIXED = frozenset(singular(w) for w in _SCOPE["mixed"])
SIGHTED = frozenset(singular(w) for w in _SCOPE["sighted"])
CUMULATIVE_TIME = re.compile(r"^\s*(?:since|so far|to date|this year|until|through)\b", re.I)
# a dated figure belongs to the reported incident when its date lies this many days before
# to this many days after the article's date (reports come out the day after, datelines lag)
INCIDENT_DAYS_BEFORE, INCIDENT_DAYS_AFTER = 2, 1
TOLD = re.compile(r"\btold\s+((?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})")


@dataclass(slots=True)
class FigureParams:
    approx_tolerance: float = 0.1
    # Unless both figures name the same place: two counts of one toll by different sources differ
    # by a factor of a few; a count this many times another is far more often another count (a
    # sub-toll, another incident), so no conflict is reported ...
    conflict_max_ratio: float = 3.0
    # ... and "more than 400" agrees with 405 but not with 15,000: a stated floor agrees only
    # with a figure at most this many times it (vague floors, "dozens", "hundreds", have no ceiling)
    floor_max_ratio: float = 3.0
    # an incident's count is reported within days of it: two articles' own counts (main
    # figures) are compared only when their dates are at most this many days apart (a story
    # that joined two incidents days apart must not set their tolls against each other)
    incident_days: int = 2
    min_articles: int = 2  # series spanning fewer articles are not reported by figure_series


def _words(text: str | None) -> list[str]:
    words = re.findall(r"[a-z0-9]+", (text or "").lower().replace("’", "'"))
    return [singular(w) for w in words if w not in STOP]


def norm_phrase(text: str | None) -> str:
    return " ".join(_words(text))


def _content(text: str | None) -> frozenset[str]:
    return frozenset(w for w in _words(text) if w not in CONNECT)


def counted_head(counted: str | None) -> str:
    """The head noun of a counted phrase: the last content word before any "from/in/..." tail."""
    words = _words(counted)
    for i, w in enumerate(words):
        if w in CONNECT and i > 0:
            words = words[:i]
            break
    words = [w for w in words if w not in CONNECT]
    return words[-1] if words else ""


def counted_class(counted: str | None, event: str | None = None) -> tuple[str, frozenset[str]]:
    """(class, qualifiers) of a counted phrase: "residents" -> ("people", {}), "departures" ->
    ("people", {}), "women" -> ("people", {"woman"}), "militants directly from Norvania" ->
    ("militant", {"norvania"}), "inmates" -> ("prisoner", {}). With an ``event`` that happens to
    people, no counted noun (or a day or month name, a misparse) is ("people", {}): "16 killed"."""
    head = counted_head(counted)
    if (not head or head in TIME_NAMES) and event in PEOPLE_EVENTS:
        return "people", frozenset()
    mods = set(_content(counted)) - {head}
    if head in MIXED:
        return head, frozenset(mods - PEOPLE)  # "casualties": the dead and the wounded together
    if head in PEOPLE or head in PEOPLE_BY_EVENT:
        return "people", frozenset(mods - PEOPLE)
    if head in PEOPLE_PARTS:
        return "people", frozenset((mods - PEOPLE) | {head})
    head = SYNONYMS.get(head, head)
    return ("militant" if head in FIGHTER_LABELS else head), frozenset(mods)


def fighter_label(counted: str | None) -> str | None:
    """The label of a count of fighters ("rebel", "terrorist"; "fighters" is "militant"), else None."""
    head = counted_head(counted)
    head = SYNONYMS.get(head, head)
    return head if head in FIGHTER_LABELS else None


def counted_label(counted: str | None, event: str | None = None) -> str:
    """The counted part of a thing: class with its qualifiers ("people", "woman", "prisoner")."""
    cls, quals = counted_class(counted, event)
    words = sorted(quals)
    if cls != "people" or not (quals & PEOPLE_PARTS):
        words.append(cls)
    return " ".join(words)


def place_content(location: str | None) -> frozenset[str]:
    """The names in a location, generic place words dropped: "the Varn region" -> {varn}."""
    return frozenset(w for w in _content(location) if w not in PLACE_WORDS)


def time_range(value: str | None) -> tuple[int, int] | None:
    """"2011" -> whole year, "2014-09" -> month, "2014-09-03" -> day, "A/B" -> from A's start
    to B's end; ordinal days, or None when unknown/unparseable."""
    if not value:
        return None
    parts = value.split("/")
    try:
        lo = _bounds(parts[0])[0]
        hi = _bounds(parts[-1])[1]
    except (ValueError, IndexError):
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


def _bounds(s: str) -> tuple[int, int]:
    s = s.strip()
    bits = s.split("-")
    y = int(bits[0])
    if len(bits) == 1:
        return date(y, 1, 1).toordinal(), date(y, 12, 31).toordinal()
    m = int(bits[1])
    if len(bits) == 2:
        return date(y, m, 1).toordinal(), date(y, m, calendar.monthrange(y, m)[1]).toordinal()
    d = date(y, m, int(bits[2][:2])).toordinal()
    return d, d


def times_compatible(a: str | None, b: str | None) -> bool:
    """Unknown, or overlapping ranges; a cumulative count ("A/B") against a dated snapshot
    (month or day precision) only when the snapshot is within ``SNAPSHOT_DAYS`` of B."""
    ra, rb = time_range(a), time_range(b)
    if ra is None or rb is None:
        return True
    if not (ra[0] <= rb[1] and rb[0] <= ra[1]):
        return False
    for cum, snap, rs in ((a, b, rb), (b, a, ra)):
        if "/" in cum and "/" not in snap and "-" in snap.strip():
            as_of = time_range(cum)[1]
            if rs[1] < as_of - SNAPSHOT_DAYS or rs[0] > as_of + SNAPSHOT_DAYS:
                return False
    return True


def interval(fig, tolerance: float = 0.1) -> tuple[float | None, float | None]:
    low, high = fig.low, fig.high
    if fig.value is None and high is not None and _vague(fig.text):
        high = None  # "dozens", "hundreds": the text commits to a floor, not a ceiling
    if low is None and high is None and fig.value is not None:
        low = high = fig.value
    if fig.approximate and low is not None and low == high:
        low, high = low * (1 - tolerance), high * (1 + tolerance)
    return low, high


def intervals_overlap(a: tuple[float | None, float | None], b: tuple[float | None, float | None]) -> bool:
    alo, ahi = a
    blo, bhi = b
    alo = float("-inf") if alo is None else alo
    blo = float("-inf") if blo is None else blo
    ahi = float("inf") if ahi is None else ahi
    bhi = float("inf") if bhi is None else bhi
    return alo <= bhi and blo <= ahi


def _relation(a: frozenset[str], b: frozenset[str]) -> str:
    """equal | narrower (a inside b) | wider | disjoint."""
    if a == b:
        return "equal"
    if a < b:
        return "narrower"
    if b < a:
        return "wider"
    return "disjoint"


def _medium_for(article, fig) -> str | None:
    in_title = getattr(fig, "in_title", False)  # headline figures: offsets are into the title
    for q in article.quotes or []:
        if q.medium and not in_title and q.start <= fig.start and fig.end <= q.end:
            return q.medium
    m = TOLD.search(fig.sentence or "")
    if m:
        name = re.sub(r"^the\s+", "", m.group(1))
        return name
    return None


def figure_refs(articles: Sequence, orders: Mapping[ArticleKey, int] | None = None,
                tolerance: float = 0.1, clauses_of: Sequence[dict] | None = None) -> list[tuple[int, FigureRef]]:
    """(article position, FigureRef) for every non-derived figure with counted and event (its
    own, or the one ``events_of`` finds for it in its article; "casualties" when its clause
    counts the killed and the wounded together). ``clauses_of``: each article's ``_clauses``,
    when the caller has them."""
    out = []
    for ai, art in enumerate(articles):
        order = _order(orders, art, ai)
        clauses = _clauses(art) if clauses_of is None else clauses_of[ai]
        events = events_of(art, clauses)
        for fig in art.figures or []:
            event = events.get(fig.index)
            if event in {"killed", "wounded"} and MIXED_CUES.search(clauses.get(fig.index, ("", ""))[0]):
                event = "casualties"  # "killed or injured": neither toll alone
            if fig.derived or not event or not counted_class(fig.counted, event)[0]:
                continue
            out.append((ai, _ref(art, fig, order, event, interval(fig, tolerance))))
    return out


def _order(orders: Mapping[ArticleKey, int] | None, art, position: int) -> int:
    """An article's order in the store, or its position in the batch when no orders are given."""
    return orders.get((art.source, art.id), position) if orders else position


def _ref(art, fig, order: int, event: str | None, bounds: tuple[float | None, float | None]) -> FigureRef:
    """One figure of an article as matching compares it: with ``event`` and the interval
    ``bounds``."""
    low, high = bounds
    return FigureRef(
        article=art.id, source=art.source, published=art.published, order=order, index=fig.index,
        text=fig.text, value=fig.value, low=low, high=high, counted=fig.counted, event=event,
        location=fig.location, time=fig.time, claimed_by=fig.source, medium=_medium_for(art, fig),
        hedge=fig.hedge, in_title=fig.in_title)


def events_of(article, clauses: Mapping[int, tuple[str, str]] | None = None) -> dict[int, str]:
    """Figure index -> event: its own, else what the article says happened to the same group.
    A part takes its whole's event ("69 civilians killed, including 19 children": the children
    were killed), and a figure that repeats a number of the same counted class ("Two Russian
    pilots were killed ..." then "the two pilots were flying ...") takes that figure's event,
    when the article gives that number of that class one event only. Failing those, a phrase of
    the figure's own clause (``clauses``, from ``_clauses``) that says what happened to it
    ("six children were among the dead", "put the death toll at 16"): one event only."""
    figs = {f.index: f for f in article.figures or [] if not f.derived}
    said: dict[tuple, set] = defaultdict(set)
    for f in figs.values():
        if f.event and f.value is not None:
            said[(f.value, counted_class(f.counted, f.event)[0])].add(f.event)
    out = {}
    for f in figs.values():
        whole = figs.get(f.part_of) if f.part_of is not None else None
        if f.event:
            out[f.index] = f.event
        elif whole is not None and whole.event:
            out[f.index] = whole.event
        elif f.value is not None and f.counted:
            events = said.get((f.value, counted_class(f.counted)[0]), set())
            if len(events) == 1:
                out[f.index] = next(iter(events))
        if f.index not in out and clauses is not None:
            cued = [event for event, cue in CLAUSE_EVENTS.items() if cue.search(clauses.get(f.index, ("", ""))[0])]
            if len(cued) == 1:
                out[f.index] = cued[0]
    _listed(article, figs, out)
    return out


def _listed(article, figs: Mapping[int, object], events: dict[int, str]) -> None:
    """"Those killed included six women, five children and three police officers": a count
    listed right after another ("five children") takes the event of the one before it, when
    nothing but that one's counted noun and a comma or "and" lies between them."""
    text = getattr(article, "text", "") or ""
    ordered = sorted((f for f in figs.values() if not f.in_title), key=lambda f: f.start)
    for prev, f in zip(ordered, ordered[1:]):
        if f.index in events or prev.index not in events or f.sentence != prev.sentence or not f.counted:
            continue
        gap = text[prev.end:f.start]
        if prev.counted and gap.lstrip().startswith(prev.counted):
            gap = gap.lstrip()[len(prev.counted):]
        if LIST_JOIN.fullmatch(gap):
            events[f.index] = events[prev.index]


def _sentence_start(text: str, sentence: str, at: int) -> int | None:
    """Where ``sentence`` (a figure's, the figure at offset ``at``) starts in ``text``, or None."""
    found = text.rfind(sentence, max(0, at - len(sentence)), at + len(sentence)) if sentence else -1
    return found if found >= 0 else None


def _in_sentences(article) -> dict[tuple[str, bool], list]:
    """(sentence, in the headline) -> its figures in text order, without derived figures and
    durations ("in two days": part of another figure's clause, never a border)."""
    by_sentence: dict[tuple[str, bool], list] = defaultdict(list)
    for fig in sorted(article.figures or [], key=lambda f: f.start):
        if not fig.derived and fig.unit not in DURATIONS:
            by_sentence[(fig.sentence or "", fig.in_title)].append(fig)
    return by_sentence


def _clauses(article) -> dict[int, tuple[str, str]]:
    """Each figure's stretch of its sentence, as (clause, what follows the figure in it): between
    the figures before and after it, cut where ``_cut`` says, so that a cue of the next clause
    ("14 were killed, bringing the toll since 2011 to more than 300,000") is not read as the
    first figure's."""
    text = getattr(article, "text", "") or ""
    # "in two days": part of another figure's clause, never a border
    out = {fig.index: (fig.sentence or "", "") for fig in article.figures or [] if fig.unit in DURATIONS}
    for (sentence, in_title), figs in _in_sentences(article).items():
        base = 0 if in_title else _sentence_start(text, sentence, figs[0].start)
        if base is None:
            out.update((fig.index, (sentence, "")) for fig in figs)
            continue
        ends = [f.end - base for f in figs]
        cuts = [0] + [_cut(sentence, ends[i], figs[i + 1].start - base) for i in range(len(figs) - 1)] + [len(sentence)]
        for i, fig in enumerate(figs):
            lo, hi = cuts[i], max(cuts[i], cuts[i + 1])
            out[fig.index] = (sentence[lo:hi], sentence[ends[i]:hi])
    return out


def _cut(sentence: str, after: int, before: int) -> int:
    """Where the stretch of one figure ends and the next one's begins: at the first comma,
    semicolon or clause-joining word between them ("... 40 people have been confirmed dead and
    that the toll could reach 200": "could reach" is the second figure's), else at the next
    figure."""
    found = CLAUSE_JOINS.search(sentence, after, before) if after < before else None
    return found.start() if found else max(after, before)


def instrument(clause: str) -> str | None:
    """How the clause says its dead or wounded were hit (the ``instruments`` kinds of the
    ``figure_scope`` lexicon: air, shelling, blast, gunfire, chemical), when it names one kind only."""
    kinds = {_KIND_OF[" ".join(m.group(0).lower().split())] for m in INSTRUMENTS.finditer(clause)}
    return next(iter(kinds)) if len(kinds) == 1 else None


def _hows(article, clauses: Mapping[int, tuple[str, str]]) -> dict[int, str | None]:
    """Figure index -> ``instrument`` of its clause; when the clause names no kind and runs into
    the next figure of its sentence, and that figure counts the hits themselves ("six children
    were among those killed in nearly 40 air raids": "40" cuts the clause of "six"), the kind
    that figure counts."""
    text = getattr(article, "text", "") or ""
    hows = {}
    for figs in _in_sentences(article).values():
        for fig, after in zip(figs, figs[1:] + [None]):
            how = instrument(clauses.get(fig.index, ("", ""))[0])
            if how is None and after is not None and after.counted and not fig.in_title \
                    and not CLAUSE_JOINS.search(text[fig.end:after.start]):
                how = instrument(after.counted)
            hows[fig.index] = how
    return hows


def figure_scope(fig, clause: str, published: str | None) -> str:
    """``cumulative`` (a running total: "since 2011", "so far this year", "in the war"),
    ``background`` (another scope: a wider place, "worldwide"; a date away from the article's
    own, "on January 25" in a February report; a rate, "2,000 deaths a day"; a projection,
    "could reach 200") or ``incident`` (the reported event's own count, as far as the text
    shows)."""
    if (fig.time and "/" in fig.time) or CUMULATIVE_TIME.match(fig.time_text or "") or CUMULATIVE_CUES.search(clause) \
            or TOTAL_CUES.search(clause) or SPAN_CUES.search(clause):
        return "cumulative"
    if WIDER_CUES.search(clause) or RATE_CUES.search(clause) or PROJECTION_CUES.search(clause):
        return "background"
    own, day = time_range(fig.time), time_range((published or "")[:10])
    if own and day and not (own[0] <= day[0] + INCIDENT_DAYS_AFTER and own[1] >= day[0] - INCIDENT_DAYS_BEFORE):
        return "background"
    return "incident"


def _group(ref: FigureRef) -> tuple:
    cls, quals = counted_class(ref.counted, ref.event)
    return cls, quals, norm_phrase(ref.event)


def figure_roles(article, refs: Sequence[FigureRef], clauses: Mapping[int, tuple[str, str]] | None = None,
                 hows: Mapping[int, str | None] | None = None) -> dict[int, str]:
    """Figure index -> role in its article: ``main`` (the article's count of the incident it
    reports: for each counted group and event, the first incident figure of the body --
    the headline's when the body has none -- and every incident figure of that group whose
    interval overlaps it, at a place that is not another), ``cumulative`` (a running total),
    ``background`` (another scope: a wider place, another day's incident) or ``other``
    (incident figures that count something else: a part, another district's toll). Figures
    are compared across articles only as main with main or running total with running total:
    an article's sub-tolls and background tolls are not the thing another article's lead
    figure counts. An article that tells a second incident apart from its lead's by how it hit
    (``instrument``: "45 killed in air strikes ... rebel rockets killed seven") gives that
    incident's count the role ``second``: compared as a main figure, but only with figures
    whose clause names the same kind of hit. ``clauses``: ``_clauses(article)``, and ``hows``:
    ``_hows(article, clauses)``, when the caller has them."""
    clauses = _clauses(article) if clauses is None else clauses
    figs = {f.index: f for f in article.figures or []}
    roles, groups = {}, defaultdict(list)
    for ref in refs:
        clause, tail = clauses.get(ref.index, ("", ""))
        scope = figure_scope(figs[ref.index], clause, article.published)
        roles[ref.index] = {"cumulative": "cumulative", "background": "background"}.get(scope, "main")
        if scope == "incident" and (PART_AFTER.match(tail) or (figs[ref.index].part_of is not None
                                                               and not _group(ref)[1])):
            roles[ref.index] = "other"  # "15 of the wounded": a part of a count, not a count of its own group
        elif scope == "incident":
            groups[_group(ref)].append(ref)
    if hows is None:
        hows = _hows(article, clauses)
    for members in groups.values():
        for n, incident in enumerate(_incidents(members, figs, hows)):
            lead = _lead(incident, figs)
            lead_place = place_content(lead.location)
            for r in incident:
                place = place_content(r.location)
                other_place = bool(place and lead_place) and _relation(place, lead_place) != "equal"
                if r is not lead and (other_place or not intervals_overlap((r.low, r.high), (lead.low, lead.high))):
                    roles[r.index] = "other"
                elif n:
                    roles[r.index] = "second"
    return roles


def _lead(members: Sequence[FigureRef], figs: Mapping[int, object]) -> FigureRef:
    """The first figure of the body, the headline's when the body has none."""
    body = [r for r in members if not figs[r.index].in_title]
    return min(body or members, key=lambda r: figs[r.index].start)


def _incidents(members: Sequence[FigureRef], figs: Mapping[int, object],
               hows: Mapping[int, str | None]) -> list[list[FigureRef]]:
    """One counted group's incident figures, by incident, the lead's first. The lead's kind of
    hit (``instrument``) is the one its own clause names, else the first one another figure's
    clause names (the headline's "strikes kill 45" names none, the lede's "killed in air
    strikes" does); figures whose clause names another kind are another incident, those
    naming none belong to the lead's."""
    lead = _lead(members, figs)
    named = [r for r in sorted(members, key=lambda r: (r is not lead, figs[r.index].start)) if hows.get(r.index)]
    lead_how = hows[named[0].index] if named else None
    if lead_how is None:
        return [list(members)]
    by_how: dict[str, list[FigureRef]] = {lead_how: []}
    for r in members:
        by_how.setdefault(hows.get(r.index) or lead_how, []).append(r)
    return list(by_how.values())


def compare(a: FigureRef, b: FigureRef) -> tuple[str, str] | None:
    """(kind, note) for two figures, or None when they are not about the same thing."""
    if norm_phrase(a.event) != norm_phrase(b.event):
        return None
    (ka, ca), (kb, cb) = counted_class(a.counted, a.event), counted_class(b.counted, b.event)
    if ka != kb or not times_compatible(a.time, b.time):
        return None
    la, lb = place_content(a.location), place_content(b.location)
    if ka in SIGHTED and not (la and lb):
        return None  # "bodies" seen in one clinic and in another: only a place both name makes them one count
    loc = "equal" if (not la or not lb) else _relation(la, lb)
    cnt = _relation(ca, cb)
    if loc == "disjoint" or cnt == "disjoint":
        return None
    if loc != "equal":
        inner, outer = (a, b) if loc == "narrower" else (b, a)
        return _scope(inner, outer, f"place {inner.location!r} lies within {outer.location!r}")
    labels = fighter_label(a.counted), fighter_label(b.counted)
    if labels[0] != labels[1]:  # rebels and terrorists: perhaps the two sides of one fight
        if intervals_overlap((a.low, a.high), (b.low, b.high)):
            return "agree", f"the same count, one calling them {a.counted!r}, the other {b.counted!r}"
        return None
    if cnt != "equal" and (a.low, a.high) == (b.low, b.high):
        return "agree", "the same number, one of them describing the group more closely"
    if cnt != "equal":
        wide, narrow = (a, b) if cnt == "narrower" else (b, a)  # fewer qualifiers: the wider group
        return _scope(narrow, wide, f"{narrow.counted!r} is a narrower group than {wide.counted!r}")
    if intervals_overlap((a.low, a.high), (b.low, b.high)):
        return "agree", "intervals overlap"
    return "conflict", f"{a.text!r} vs {b.text!r}"


def _scope(part: FigureRef, whole: FigureRef, note: str) -> tuple[str, str] | None:
    """A scope relation, unless the count of the narrower group or place is surely larger than
    the wider one's: "at least six children" among the dead are no part of "five people
    killed" -- the two count different incidents."""
    if part.low is not None and whole.high is not None and part.low > whole.high:
        return None
    return "scope", note


def _thing(ref: FigureRef) -> tuple[str, str, str]:
    return (counted_label(ref.counted, ref.event), norm_phrase(ref.event),
            " ".join(sorted(place_content(ref.location))))


def sort_key(r: FigureRef):
    return (r.published is None, r.published or "", r.order, r.index)


def match_figures(articles: Sequence, params: FigureParams | None = None, *,
                  groups: Mapping[ArticleKey, str] | None = None,
                  orders: Mapping[ArticleKey, int] | None = None) -> list[FigureMatch]:
    """Every pair of figures from different articles about the same thing, as agree /
    conflict / scope; blocked by (counted head, event) and by story when ``groups`` is given.
    Numbered ``f1``, ``f2``... in order of the earlier figure."""
    params = params or FigureParams()
    read = _read(articles, orders, params)
    return _matches(read, params, groups, _amounts(articles, groups, orders, read))


def figure_relations(articles: Sequence, params: FigureParams | None = None, *,
                     groups: Mapping[ArticleKey, str] | None = None,
                     orders: Mapping[ArticleKey, int] | None = None) -> tuple[list[FigureMatch], list[FigureSeries]]:
    """``match_figures`` and ``figure_series`` of the same articles, their figures read (refs,
    roles, places) once: what a link needs, at half the cost of the two calls."""
    params = params or FigureParams()
    read = _read(articles, orders, params)
    amounts = _amounts(articles, groups, orders, read)
    return _matches(read, params, groups, amounts), _series(read, params, groups, params.min_articles, amounts)


@dataclass(frozen=True, slots=True)
class _Read:
    """The figures of a batch of articles as matching and series compare them."""

    refs: list[tuple[int, FigureRef]]
    roles: dict[tuple[int, int], str]
    stated: dict[tuple, set]
    places: dict[tuple, Places]
    hows: dict[tuple, str | None]
    said: list[tuple[tuple, FigureRef]]


def _read(articles: Sequence, orders: Mapping[ArticleKey, int] | None, params: FigureParams) -> _Read:
    clauses_of = [_clauses(art) for art in articles]
    refs = figure_refs(articles, orders, params.approx_tolerance, clauses_of)
    roles, hows = _all_roles(articles, refs, clauses_of)
    return _Read(refs, roles, _stated(refs, roles), _named_places(articles), hows,
                 _sentences_said(articles, orders, refs, params.approx_tolerance))


def _sentences_said(articles: Sequence, orders: Mapping[ArticleKey, int] | None,
                    refs: Sequence[tuple[int, FigureRef]], tolerance: float) -> list[tuple[tuple, FigureRef]]:
    """(what it says, its ref) for figures of the body that two articles or more say in the
    same words: one statement (a copy, or one wire text), whatever role the figure has in each
    -- and whether or not the words say what it counts or what happened to it ("Dozens more
    suffered respiratory problems": a figure with no ref of its own gets one with no event).
    What a figure says is ``("sentence", its sentence with words spaced as one, where the
    figure stands in it)`` for sentences of ``SAID_MIN_WORDS`` words or more, and
    ``("words", its interval, the SAID_MIN_WORDS words after it in its sentence)``: "15 of the
    wounded were in critical condition" and "Fifteen of the wounded were in critical condition,
    said the head of the group" are one statement however the sentences around them differ."""
    found = []
    carriers: dict[tuple, set[int]] = defaultdict(set)
    for ai, art in enumerate(articles):
        text = art.text or ""
        for fig in art.figures or []:
            sentence = fig.sentence or ""
            if fig.in_title or fig.derived or len(sentence.split()) < SAID_MIN_WORDS:
                continue
            base = _sentence_start(text, sentence, fig.start)
            if base is None:
                continue
            after = sentence[fig.end - base:].lower().split()[:SAID_MIN_WORDS]
            says = [("sentence", " ".join(sentence.split()), fig.start - base)]
            if len(after) == SAID_MIN_WORDS:
                says.append(("words", interval(fig, tolerance), " ".join(after)))
            for said in says:
                found.append((said, ai, fig))
                carriers[said].add(ai)
    known = {(ref.source, ref.article, ref.index): ref for _, ref in refs}
    out = []
    for said, ai, fig in found:
        if len(carriers[said]) > 1:  # only what two articles say is worth a ref
            art = articles[ai]
            ref = known.get((art.source, art.id, fig.index)) \
                or _ref(art, fig, _order(orders, art, ai), None, interval(fig, tolerance))
            out.append((said, ref))
    return out


def _matches(read: _Read, params: FigureParams, groups: Mapping[ArticleKey, str] | None,
             amounts: Mapping[tuple, list[FigureRef]]) -> list[FigureMatch]:
    refs, roles, stated, places = read.refs, read.roles, read.stated, read.places
    blocks: dict[tuple, list[tuple[int, FigureRef]]] = defaultdict(list)
    for ai, ref in refs:
        story = groups.get((ref.source, ref.article)) if groups is not None else None
        blocks[(story, counted_class(ref.counted, ref.event)[0], norm_phrase(ref.event))].append((ai, ref))
    matches = []
    for block in blocks.values():
        block.sort(key=lambda x: sort_key(x[1]))
        for i, (ai, a) in enumerate(block):
            for aj, b in block[i + 1:]:
                if ai == aj:
                    continue
                res = _reported(a, b, roles[(ai, a.index)], roles[(aj, b.index)], params, stated, places, read.hows)
                if res:
                    matches.append(FigureMatch("", res[0], a, b, _thing(a), res[1]))
    matches += _same_statements(read, groups)
    matches += _same_amounts(amounts)
    matches += _bare_mentions(read, groups, amounts)
    matches = _first_of_each_pair(matches)
    matches.sort(key=lambda m: (sort_key(m.a), sort_key(m.b)))
    for n, m in enumerate(matches, 1):
        m.id = f"f{n}"
    return matches


def _first_of_each_pair(matches: Sequence[FigureMatch]) -> list[FigureMatch]:
    """One match per pair of figures, the first found: the comparison by roles before the
    paths that only add agreements (one sentence, one amount, a bare mention)."""
    seen: set[frozenset] = set()
    out = []
    for m in matches:
        pair = frozenset({(m.a.source, m.a.article, m.a.index), (m.b.source, m.b.article, m.b.index)})
        if pair not in seen:
            seen.add(pair)
            out.append(m)
    return out


def _same_statements(read: _Read, groups: Mapping[ArticleKey, str] | None) -> list[FigureMatch]:
    """Agreements of the figures two articles of one story give in one and the same sentence
    (``_sentences_said``), where the comparison of roles left them unpaired ("two of them
    children", a part, in a copy of the report: ``_first_of_each_pair``) or never compared
    them (no event or counted thing is known): the same statement, so the same count."""
    same: dict[tuple, list[FigureRef]] = defaultdict(list)
    for said, ref in read.said:
        same[(groups.get((ref.source, ref.article)) if groups is not None else None, said)].append(ref)
    out = []
    for (_, said), refs in same.items():
        note = "the same sentence in both articles" if said[0] == "sentence" else "the same words in both articles"
        refs.sort(key=sort_key)
        for i, a in enumerate(refs):
            for b in refs[i + 1:]:
                if (a.source, a.article) != (b.source, b.article):
                    out.append(FigureMatch("", "agree", a, b, _thing(a), note))
    return out


def _amounts(articles: Sequence, groups: Mapping[ArticleKey, str] | None,
             orders: Mapping[ArticleKey, int] | None, read: _Read) -> dict[tuple, list[FigureRef]]:
    """(story, what, value) -> the figures of that story that state that exact amount and that
    no event ties to anything (neither their own nor one their article gives them: ``read``):
    sums of money and rates ("the $400 million", "7.7 percent", by unit) and counts of at least
    ``AMOUNT_COUNT_MIN`` ("146,000 jobs", "two parked cars", by counted thing:
    ``_amount_class``). Within stories only: empty without ``groups``."""
    tied = {(ref.source, ref.article, ref.index) for _, ref in read.refs}
    by_amount: dict[tuple, list[FigureRef]] = defaultdict(list)
    for ai, art in enumerate(articles if groups is not None else ()):
        story = groups.get((art.source, art.id))
        order = _order(orders, art, ai)
        for fig in art.figures or []:
            if story is None or fig.derived or fig.event or fig.value is None or (art.source, art.id, fig.index) in tied \
                    or fig.approximate or fig.low is not None or fig.high is not None:
                continue
            if fig.unit in AMOUNT_UNITS:
                what = fig.unit
            elif fig.unit is None and fig.value >= AMOUNT_COUNT_MIN and (what := _amount_class(fig.counted)):
                pass
            else:
                continue
            by_amount[(story, what, fig.value)].append(_ref(art, fig, order, None, (fig.value, fig.value)))
    for refs in by_amount.values():
        refs.sort(key=sort_key)
    return by_amount


def _same_amounts(amounts: Mapping[tuple, list[FigureRef]]) -> list[FigureMatch]:
    """Agreements between figures that no event ties to anything (``_amounts``): the same exact
    amount in the same unit or counted thing in two articles of one story. Only equal amounts:
    without an event nothing says that two different amounts measure one thing, so they never
    conflict."""
    out = []
    for (_, what, value), refs in amounts.items():
        for i, a in enumerate(refs):
            for b in refs[i + 1:]:
                if (a.source, a.article) != (b.source, b.article):
                    out.append(FigureMatch("", "agree", a, b, (what, "", ""), f"the same amount: {value:g} {what}"))
    return out


def _bare_mentions(read: _Read, groups: Mapping[ArticleKey, str] | None,
                   amounts: Mapping[tuple, list[FigureRef]]) -> list[FigureMatch]:
    """Agreements of an exact count an article ties to an event ("four Americans were
    released") with the same exact count of the same group that another article of the story
    gives with no event ("the four captive Americans", ``_amounts``): a bare mention of that
    count. Not for people as such or their parts ("six children were seen at the clinic" need
    not be the six among the dead), nor when the bare count's own words name another event
    ("three wounded attackers"); never a conflict."""
    out = []
    for _, ref in read.refs:
        story = groups.get((ref.source, ref.article)) if groups is not None else None
        if story is None or ref.value is None or (ref.low, ref.high) != (ref.value, ref.value):
            continue
        what = _amount_class(ref.counted)
        if not what or what.startswith("people"):
            continue  # people as such: the dead, the wounded and the rescued of one report
        for bare in amounts.get((story, what, ref.value), []):
            named = {EVENT_NOUNS[w] for w in _content(bare.counted) if w in EVENT_NOUNS}
            if (bare.source, bare.article) != (ref.source, ref.article) and named <= {ref.event}:
                a, b = sorted((ref, bare), key=sort_key)
                out.append(FigureMatch("", "agree", a, b, _thing(ref),
                                       f"the same {ref.value:g} {what}, one of them saying what happened to them"))
    return out


def _amount_class(counted: str | None) -> str:
    """The counted thing of an amount with no event: its class, and for people the parts named
    ("two children" is not "two women")."""
    cls, quals = counted_class(counted)
    return " ".join([cls, *sorted(quals & PEOPLE_PARTS)]) if cls == "people" else cls


def _reported(a: FigureRef, b: FigureRef, role_a: str, role_b: str, params: FigureParams,
              stated: Mapping[tuple, set], places: Mapping[tuple, Places] | None = None,
              hows: Mapping[tuple, str | None] | None = None) -> tuple[str, str] | None:
    """``relate``, less what is far apart when nothing but the counted group and event says the
    two figures are one count (no place both name): see ``FigureParams``; and less a conflict
    whose one number the other article states too (``_says_too``: "2 killed in Tarsk" against
    a copy that leads with "3 killed in Tarsk and Osk" and then gives the same 2): the two
    numbers are then two counts of one text, not two outlets' counts of one thing.
    ``stated``: (source, article, counted group) -> the intervals of its figures. A conflict
    also needs a place both tie their figure to (``places``: the places named in each figure's
    sentence or its article's headline, ``_named_places``; the sentence's alone when it names a
    place the headline does not, ``Places.own``): a counted group and an event alone
    are what every report of a war shares, and a wrong conflict is worse than none. Two main
    figures whose clauses say they were hit by different kinds of weapon (``hows``: air strikes
    and rockets) count different incidents; a ``second`` incident's count is compared as a main
    figure with main or second figures whose clauses name the same kind."""
    if "second" in (role_a, role_b):
        if {role_a, role_b} - {"main", "second"} or not _same_hit(a, b, hows):
            return None
        role_a = role_b = "main"
    if role_a == role_b == "main" and (_days_apart(a.published, b.published) > params.incident_days
                                       or _other_hit(a, b, hows)):
        return None
    res = relate(a, b, role_a, role_b)
    if res and not _same_named_place(a, b) and (
            (res[0] == "conflict" and _ratio(a, b) > params.conflict_max_ratio)
            or (res[0] == "agree" and _far_above_floor(a, b, params.floor_max_ratio))):
        return None
    if res is None and "other" in (role_a, role_b) and {role_a, role_b} <= {"main", "other"} and places is not None:
        return _same_part(a, b, params, places)
    if res and res[0] == "conflict" and places is not None and not _same_named_place(a, b) \
            and not _places(a, places).own & _places(b, places).own:
        return None
    if res and res[0] == "conflict" and (_says_too(a, stated.get((b.source, b.article, _group(a)), ()))
                                         or _says_too(b, stated.get((a.source, a.article, _group(b)), ()))):
        return None
    return res


def _hits(a: FigureRef, b: FigureRef, hows: Mapping[tuple, str | None] | None) -> tuple[str | None, str | None]:
    """How each figure's clause says its counted were hit (``instrument``), None when unknown."""
    if not hows:
        return None, None
    return hows.get((a.source, a.article, a.index)), hows.get((b.source, b.article, b.index))


def _other_hit(a: FigureRef, b: FigureRef, hows: Mapping[tuple, str | None] | None) -> bool:
    """Whether both figures' clauses name how their counted were hit, and differently."""
    ha, hb = _hits(a, b, hows)
    return bool(ha and hb) and ha != hb


def _same_hit(a: FigureRef, b: FigureRef, hows: Mapping[tuple, str | None] | None) -> bool:
    """Whether both figures' clauses name how their counted were hit, and the same way."""
    ha, hb = _hits(a, b, hows)
    return bool(ha) and ha == hb


def _places(ref: FigureRef, places: Mapping[tuple, Places]) -> Places:
    return places.get((ref.source, ref.article, ref.index), Places())


def _same_part(a: FigureRef, b: FigureRef, params: FigureParams,
               places: Mapping[tuple, Places]) -> tuple[str, str] | None:
    """Agreement of two figures one of which is not its article's own count (``other``: a part
    of the toll, another district's toll): the very same interval of the same counted group and
    event, in sentences that name the same place ("two of them in Jisr, a hospital said"
    in one report, "two people killed in Jisr" in another), within ``incident_days``. Never a
    conflict: two different parts of one toll are no disagreement, and a headline place all of
    a story's articles share does not tie two parts together."""
    if _days_apart(a.published, b.published) > params.incident_days or (a.low, a.high) != (b.low, b.high):
        return None
    res = compare(a, b)
    if not res or res[0] != "agree":
        return None
    if not (_same_named_place(a, b) or _places(a, places).sentence & _places(b, places).sentence):
        return None
    return "agree", "the same part of the toll, at the same place"


def _days_apart(a: str | None, b: str | None) -> int:
    """Days between two article dates (ISO, date part), 0 when either is unknown."""
    ra, rb = time_range((a or "")[:10]), time_range((b or "")[:10])
    return abs(ra[0] - rb[0]) if ra and rb else 0


def _says_too(fig: FigureRef, intervals) -> bool:
    """Whether one of ``intervals`` (another article's figures of the same group) is bounded
    and allows ``fig``'s value: that article says this number too ("some 1300" for 1300), so a
    conflict with another of its figures is no disagreement between the two. An open floor
    ("at least 16") allows too much to count: 16 against 18 stays a conflict."""
    return any(high is not None and intervals_overlap((fig.low, fig.high), (low, high)) for low, high in intervals)


def _stated(refs: Sequence[tuple[int, FigureRef]], roles: Mapping[tuple[int, int], str]) -> dict[tuple, set]:
    out: dict[tuple, set] = defaultdict(set)
    for ai, ref in refs:
        if roles[(ai, ref.index)] in {"main", "second", "other"}:  # what the article says of its incidents
            out[(ref.source, ref.article, _group(ref))].add((ref.low, ref.high))
    return out


def _ratio(a: FigureRef, b: FigureRef) -> float:
    """How many times the larger of two disjoint intervals' nearest ends is the smaller."""
    lo, hi = sorted(((a.low, a.high), (b.low, b.high)), key=lambda iv: iv[0] if iv[0] is not None else float("-inf"))
    near_low, near_high = lo[1], hi[0]
    if not near_low or not near_high or near_low <= 0:
        return float("inf")
    return near_high / near_low


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s|\n")


class Sentences:
    """The sentence ends ``pattern`` finds in one text, found once: the rules ask for the
    sentence around each of an article's figures, and scanning the text again for each figure
    would cost the text's length times its figures."""

    def __init__(self, text: str, pattern: re.Pattern):
        self.spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
        self.starts = [a for a, _ in self.spans]
        self.ends = [b for _, b in self.spans]

    def start_of(self, pos: int) -> int:
        """Where the sentence holding ``pos`` starts: the end of the last sentence end before it."""
        i = bisect.bisect_right(self.ends, pos)
        return self.ends[i - 1] if i else 0

    def ends_after(self, pos: int, k: int) -> list[tuple[int, int]]:
        """The next ``k`` sentence ends at or after ``pos``, as (start, end) of the mark."""
        i = bisect.bisect_left(self.starts, pos)
        return self.spans[i:i + k]


@dataclass(frozen=True, slots=True)
class Places:
    """The places (``place_content``, joined) named around one figure: in its ``sentence``, and
    in its article's ``headline``."""
    sentence: frozenset[str] = frozenset()
    headline: frozenset[str] = frozenset()

    @property
    def any(self) -> frozenset[str]:
        return self.sentence | self.headline

    @property
    def own(self) -> frozenset[str]:
        """The places the figure is tied to: its sentence's when that names a place the
        headline does not (a roundup's "34 killed in Deir az-Zour" under a headline naming
        Ghouta), else the sentence's and the headline's."""
        return self.sentence if self.sentence - self.headline else self.any


def _named_places(articles: Sequence) -> dict[tuple, Places]:
    """(source, article, figure index) -> the places named in the figure's sentence and in its
    article's headline: what ties a figure to a place when its own ``location`` is unknown
    ("Rockets hit Damascus. Five were killed.")."""
    out: dict[tuple, Places] = {}
    for art in articles:
        text, title = art.text or "", (art.title or "").lower()
        ents = [e for e in art.entities or [] if e.label in PLACE_LABELS]
        in_title = frozenset(n for e in ents if (e.canonical or e.text).lower() in title or e.text.lower() in title
                             if (n := " ".join(sorted(place_content(e.canonical or e.text)))))
        sentences = Sentences(text, _SENTENCE_END)
        for fig in art.figures or []:
            if fig.in_title:
                names = set()
            else:
                start = sentences.start_of(fig.start)
                end = next((a for a, _ in sentences.ends_after(fig.end, 1)), len(text))
                names = {" ".join(sorted(place_content(e.canonical or e.text))) for e in ents
                         if start <= e.start and e.end <= end}
            out[(art.source, art.id, fig.index)] = Places(frozenset(n for n in names if n), in_title)
    return out


def _same_named_place(a: FigureRef, b: FigureRef) -> bool:
    la, lb = place_content(a.location), place_content(b.location)
    return bool(la) and la == lb


def _far_above_floor(a: FigureRef, b: FigureRef, most: float) -> bool:
    """Whether one figure is a stated numeric floor ("more than 400", "at least 58") and the
    other lies more than ``most`` times above it: the overlap of an open interval proves
    nothing then."""
    for floor, other in ((a, b), (b, a)):
        if floor.high is None and floor.low and floor.value is None and not _vague(floor.text) \
                and other.low is not None and other.low > most * floor.low:
            return True
    return False


def _vague(text: str) -> bool:
    last = text.lower().rsplit(None, 1)[-1:]
    return bool(last) and (last[0] in VAGUE or last[0] + "s" in VAGUE)


def _all_roles(articles: Sequence, refs: Sequence[tuple[int, FigureRef]],
               clauses_of: Sequence[dict]) -> tuple[dict, dict]:
    """(article position, figure index) -> role (``figure_roles``), and (source, article,
    figure index) -> how its clause says the counted were hit (``_hows``); ``clauses_of``:
    each article's ``_clauses``."""
    by_article: dict[int, list[FigureRef]] = defaultdict(list)
    for ai, ref in refs:
        by_article[ai].append(ref)
    roles, hows = {}, {}
    for ai, of in by_article.items():
        art, clauses = articles[ai], clauses_of[ai]
        every = _hows(art, clauses)
        own = {ref.index: every.get(ref.index) for ref in of}
        roles.update(((ai, index), role) for index, role in figure_roles(art, of, clauses, own).items())
        hows.update(((art.source, art.id, index), how) for index, how in own.items())
    return roles, hows


def relate(a: FigureRef, b: FigureRef, role_a: str, role_b: str) -> tuple[str, str] | None:
    """``compare`` for figures in their articles' roles: main with main as ``compare`` says;
    running totals only when both have a time frame, and conflict only when both state when
    they start ("since 2019"; two totals "in the war" as of different days are no conflict the
    text shows). A main figure and a running total are not reported: that the incident lies
    within the war's toll is true of every incident and tells a reader nothing, and a story
    that took in a neighbouring incident would tie its toll to this one's total. Anything
    with a ``background`` or ``other`` figure is not reported either (``_reported`` lets an
    ``other`` figure agree on stricter terms: ``_same_part``)."""
    if role_a == role_b == "main":
        return compare(a, b)
    if role_a == role_b == "cumulative":
        if not (a.time and b.time):
            return None  # "millions since 2011" and "hundreds in recent days": totals of what span?
        res = compare(a, b)
        if res and res[0] == "conflict" and not _same_running_total(a, b):
            return None
        return res if res and (res[0] == "agree" or ("/" in (a.time or "") and "/" in (b.time or ""))) else None
    return None


def _same_running_total(a: FigureRef, b: FigureRef) -> bool:
    """Whether two running totals that differ can be told apart as one count: they start at
    the same time as far as both say ("since 2011" and "since March 2011"; "since Tuesday" is
    not "since 2013") and, as of different days, the later is the smaller -- a toll that grew
    from 43 to at least 66 in three days is no conflict."""
    ra, rb = time_range(a.time), time_range(b.time)
    sa, sb = time_range(a.time.split("/")[0]), time_range(b.time.split("/")[0])  # when each starts
    if not (ra and rb and sa and sb) or not (sa[0] <= sb[1] and sb[0] <= sa[1]):
        return False
    if ra[1] == rb[1]:
        return True
    early, late = (a, b) if ra[1] < rb[1] else (b, a)
    return late.high is not None and early.low is not None and late.high < early.low


def figure_series(articles: Sequence, params: FigureParams | None = None, *,
                  groups: Mapping[ArticleKey, str] | None = None,
                  orders: Mapping[ArticleKey, int] | None = None,
                  min_articles: int | None = None) -> list[FigureSeries]:
    """For each thing (counted, event, place; within a story when ``groups`` is given) every
    figure with its claimed-by source, outlet and date, oldest first; within stories, also each
    exact sum of money or rate no event ties to anything ("7.7 percent": ``_series``). ``conflict`` is set when
    ``match_figures`` would report two of them as a conflict; ``scope_related`` lists series
    about a wider or narrower thing.
    Series spanning fewer than ``min_articles`` articles (default ``params.min_articles``)
    are left out. Numbered ``fs1``, ``fs2``..."""
    params = params or FigureParams()
    need = params.min_articles if min_articles is None else min_articles
    read = _read(articles, orders, params)
    return _series(read, params, groups, need, _amounts(articles, groups, orders, read))


def _series(read: _Read, params: FigureParams, groups: Mapping[ArticleKey, str] | None,
            need: int, amounts: Mapping[tuple, list[FigureRef]]) -> list[FigureSeries]:
    """The series of things (see ``figure_series``), and one for each sum of money or rate no
    event ties to anything (``_amounts``: "$400 million", "7.7 percent") that several articles of
    a story state, its thing the amount itself: a measured number someone published, so that
    who gave it, and who gave it bare, can be told as for a toll. Counts with no event ("four
    Americans", "146,000 jobs") agree (``_same_amounts``) but have no series: a count no event
    ties to anything is as often a fact of the background as someone's claim."""
    refs, roles, stated, places = read.refs, read.roles, read.stated, read.places
    role = {(ref.source, ref.article, ref.index): roles[(ai, ref.index)] for ai, ref in refs}
    by_thing: dict[tuple, list[FigureRef]] = defaultdict(list)
    for _, ref in refs:
        story = groups.get((ref.source, ref.article)) if groups is not None else None
        by_thing[(story,) + _thing(ref)].append(ref)
    series = []
    for key, figs in by_thing.items():
        if len({(f.source, f.article) for f in figs}) < need:
            continue
        figs.sort(key=sort_key)
        conflict = any((_reported(a, b, role[(a.source, a.article, a.index)], role[(b.source, b.article, b.index)],
                                  params, stated, places, read.hows) or ("",))[0] == "conflict"
                       for i, a in enumerate(figs) for b in figs[i + 1:]
                       if (a.source, a.article) != (b.source, b.article))
        series.append((key, FigureSeries("", key[1:], figs, conflict, story=key[0])))
    for (story, what, value), figs in amounts.items():
        if what in AMOUNT_UNITS and len({(f.source, f.article) for f in figs}) >= need:
            thing = (f"{value:g} {what}", "", "")
            series.append(((story, *thing), FigureSeries("", thing, list(figs), False, story=story)))
    series.sort(key=lambda ks: sort_key(ks[1].figures[0]))
    for n, (_, s) in enumerate(series, 1):
        s.id = f"fs{n}"
    in_story: dict = defaultdict(list)  # scope relations are looked for within a story only
    for key, s in series:
        in_story[key[0]].append(s)
    for si in (s for _, s in series):
        for sj in in_story[si.story]:
            if si is not sj and (res := compare(si.figures[0], sj.figures[0])) and res[0] == "scope":
                si.scope_related.append(sj.id)
    return [s for _, s in series]
