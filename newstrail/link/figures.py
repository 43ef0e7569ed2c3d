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
scope). Qualifiers (the other content words of the counted phrase) must agree or one contain
the other.

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

``match_figures(articles) -> list[FigureMatch]``, ``figure_series(articles) ->
list[FigureSeries]``. Pass ``groups`` (article key -> story id) to compare only within stories:
"people killed in Syria" in two different stories is not the same thing.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Mapping, Sequence

from newstrail.lexicon import singular
from newstrail.link.records import ArticleKey, FigureMatch, FigureRef, FigureSeries

STOP = {"the", "a", "an", "of", "some", "all", "at", "least"}
CONNECT = {"and", "&", "or", "from", "in", "directly", "only", "including"}
# people as such: any of these counts the same population (what happened to them is the event)
PEOPLE = {"people", "person", "individual", "resident", "inhabitant", "citizen", "civilian", "villager",
          "national", "native", "local", "soul", "adult", "those", "other", "total"}
# nouns that count people by what happened to them: with the event, the same people
PEOPLE_BY_EVENT = {"departure", "recruit", "volunteer", "emigrant", "migrant", "refugee", "evacuee",
                   "displaced", "returnee", "death", "dead", "fatality", "casualty", "victim", "injured",
                   "wounded", "detainee", "arrest", "abductee", "hostage", "protester", "protestor",
                   "demonstrator"}
# a part of the population: the class people, narrower than people as such
PEOPLE_PARTS = {"man", "woman", "child", "boy", "girl", "minor", "teenager", "youth", "elderly", "pensioner"}
SYNONYMS = {"inmate": "prisoner", "convict": "prisoner", "fighter": "militant", "combatant": "militant",
            "soldier": "troop"}
# generic place words, dropped from a location before comparing
PLACE_WORDS = {"region", "province", "district", "valley", "county", "oblast", "governorate", "prefecture",
               "municipality", "area", "territory", "neighbouring", "neighboring", "nearby", "surrounding",
               "adjacent", "other", "rest"}
SNAPSHOT_DAYS = 31
TOLD = re.compile(r"\btold\s+((?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})")


@dataclass(slots=True)
class FigureParams:
    approx_tolerance: float = 0.1
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


def counted_class(counted: str | None) -> tuple[str, frozenset[str]]:
    """(class, qualifiers) of a counted phrase: "residents" -> ("people", {}), "departures" ->
    ("people", {}), "women" -> ("people", {"woman"}), "militants directly from Norvania" ->
    ("militant", {"norvania"}), "inmates" -> ("prisoner", {})."""
    head = counted_head(counted)
    mods = set(_content(counted)) - {head}
    if head in PEOPLE or head in PEOPLE_BY_EVENT:
        return "people", frozenset(mods - PEOPLE)
    if head in PEOPLE_PARTS:
        return "people", frozenset((mods - PEOPLE) | {head})
    return SYNONYMS.get(head, head), frozenset(mods)


def counted_label(counted: str | None) -> str:
    """The counted part of a thing: class with its qualifiers ("people", "woman", "prisoner")."""
    cls, quals = counted_class(counted)
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
                tolerance: float = 0.1) -> list[tuple[int, FigureRef]]:
    """(article position, FigureRef) for every non-derived figure with counted and event."""
    out = []
    for ai, art in enumerate(articles):
        order = orders.get((art.source, art.id), ai) if orders else ai
        for fig in art.figures or []:
            if fig.derived or not fig.counted or not fig.event:
                continue
            low, high = interval(fig, tolerance)
            out.append((ai, FigureRef(
                article=art.id, source=art.source, published=art.published, order=order, index=fig.index,
                text=fig.text, value=fig.value, low=low, high=high, counted=fig.counted, event=fig.event,
                location=fig.location, time=fig.time, claimed_by=fig.source, medium=_medium_for(art, fig),
                hedge=fig.hedge)))
    return out


def compare(a: FigureRef, b: FigureRef) -> tuple[str, str] | None:
    """(kind, note) for two figures, or None when they are not about the same thing."""
    if norm_phrase(a.event) != norm_phrase(b.event):
        return None
    (ka, ca), (kb, cb) = counted_class(a.counted), counted_class(b.counted)
    if ka != kb or not times_compatible(a.time, b.time):
        return None
    la, lb = place_content(a.location), place_content(b.location)
    loc = "equal" if (not la or not lb) else _relation(la, lb)
    cnt = _relation(ca, cb)
    if loc == "disjoint" or cnt == "disjoint":
        return None
    if loc != "equal":
        inner, outer = (a, b) if loc == "narrower" else (b, a)
        return "scope", f"place {inner.location!r} lies within {outer.location!r}"
    if cnt != "equal":
        inner, outer = (a, b) if cnt == "narrower" else (b, a)
        return "scope", f"{outer.counted!r} is a narrower group than {inner.counted!r}"
    if intervals_overlap((a.low, a.high), (b.low, b.high)):
        return "agree", "intervals overlap"
    return "conflict", f"{a.text!r} vs {b.text!r}"


def _thing(ref: FigureRef) -> tuple[str, str, str]:
    return (counted_label(ref.counted), norm_phrase(ref.event), " ".join(sorted(place_content(ref.location))))


def _sort_key(r: FigureRef):
    return (r.published is None, r.published or "", r.order, r.index)


def match_figures(articles: Sequence, params: FigureParams | None = None, *,
                  groups: Mapping[ArticleKey, str] | None = None,
                  orders: Mapping[ArticleKey, int] | None = None) -> list[FigureMatch]:
    """Every pair of figures from different articles about the same thing, as agree /
    conflict / scope; blocked by (counted head, event) and by story when ``groups`` is given.
    Numbered ``f1``, ``f2``... in order of the earlier figure."""
    params = params or FigureParams()
    refs = figure_refs(articles, orders, params.approx_tolerance)
    blocks: dict[tuple, list[tuple[int, FigureRef]]] = defaultdict(list)
    for ai, ref in refs:
        story = groups.get((ref.source, ref.article)) if groups is not None else None
        blocks[(story, counted_class(ref.counted)[0], norm_phrase(ref.event))].append((ai, ref))
    matches = []
    for block in blocks.values():
        block.sort(key=lambda x: _sort_key(x[1]))
        for i, (ai, a) in enumerate(block):
            for aj, b in block[i + 1:]:
                if ai == aj:
                    continue
                res = compare(a, b)
                if res:
                    matches.append(FigureMatch("", res[0], a, b, _thing(a), res[1]))
    matches.sort(key=lambda m: (_sort_key(m.a), _sort_key(m.b)))
    for n, m in enumerate(matches, 1):
        m.id = f"f{n}"
    return matches


def figure_series(articles: Sequence, params: FigureParams | None = None, *,
                  groups: Mapping[ArticleKey, str] | None = None,
                  orders: Mapping[ArticleKey, int] | None = None,
                  min_articles: int | None = None) -> list[FigureSeries]:
    """For each thing (counted, event, place; within a story when ``groups`` is given) every
    figure with its claimed-by source, outlet and date, oldest first. ``conflict`` is set when
    two of them disagree; ``scope_related`` lists series about a wider or narrower thing.
    Series spanning fewer than ``min_articles`` articles (default ``params.min_articles``)
    are left out. Numbered ``fs1``, ``fs2``..."""
    params = params or FigureParams()
    need = params.min_articles if min_articles is None else min_articles
    refs = figure_refs(articles, orders, params.approx_tolerance)
    by_thing: dict[tuple, list[FigureRef]] = defaultdict(list)
    for _, ref in refs:
        story = groups.get((ref.source, ref.article)) if groups is not None else None
        by_thing[(story,) + _thing(ref)].append(ref)
    series = []
    for key, figs in by_thing.items():
        if len({(f.source, f.article) for f in figs}) < need:
            continue
        figs.sort(key=_sort_key)
        conflict = any((compare(a, b) or ("",))[0] == "conflict"
                       for i, a in enumerate(figs) for b in figs[i + 1:]
                       if (a.source, a.article) != (b.source, b.article))
        series.append((key, FigureSeries("", key[1:], figs, conflict, story=key[0])))
    series.sort(key=lambda ks: _sort_key(ks[1].figures[0]))
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
