"""Provenance of matched quotes and figure series, and details only one outlet carries.

For a quote cluster or a figure series, judged per article, not per mention: the carriers
(one entry per article, with the attribution and the news medium it gives the thing anywhere
in it: an article that credits a figure in one place and repeats it bare in another has
dropped nothing), the earliest one (publication date, then ingest order; undated articles
after dated ones), the origin -- the news medium named for it ("told RIA Novosti", "SANA
reported": that medium even when no article of it is in the corpus; the medium most carriers
name, the earliest carrier's on a tie; ``origin_reason`` "named medium"), else the earliest
carrier ("earliest carrier") -- the attribution most carriers give (speaker for quotes,
claimed-by source for figures), and the carriers that drop an attribution or a medium.

Only a news medium counts (``extract.media.news_medium``: an agency, newspaper, broadcaster,
"state media", a social-media account), not "a statement" or "a briefing"; a source that is
itself one ("state TV said") is also the medium, and the carrying outlet never is its own.
A carrier drops the attribution when it names none for the thing anywhere while another
carrier gives one for the very same figure (a series joins figures by what they count, so
the two figures must also agree and lie close: ``_same_figure``) or for a figure the figure
relations tie to its own as one toll (``match_figures`` says they agree or conflict: "seven
killed" is the toll that another outlet gives as "five killed, SANA said"); it drops the medium when it
names none while another carrier does, and it gives no source or the same source as that
carrier (one that cites another originating source dropped no one's medium).

``exclusive_details(story, articles, quote_clusters, figure_series)`` lists, for a story told
by at least two outlets, the figures and quotes only one outlet carries.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from itertools import islice
from typing import Any, Callable, Mapping, Sequence

from newstrail.extract.cues import QUOTING_VERBS, SPEECH_VERBS, TALLY_PHRASES
from newstrail.extract.media import news_medium
from newstrail.link.figures import FigureParams, Sentences, _thing, compare, counted_head, figure_refs
from newstrail.link.records import (
    Carrier,
    ExclusiveDetail,
    FigureMatch,
    FigureRef,
    FigureSeries,
    Provenance,
    QuoteCluster,
    QuoteMember,
    Story,
)

OPEN_REACH = 1.5  # an open interval "at least N" is taken to mean at most this times N
SENTENCE_END = re.compile(r"[.!?][\"”’']?(?=\s+|$)")
# marks a bare figure whose next sentence credits it: not silent, yet no one named for it
CREDITED_NEARBY = "(credited in the next sentence)"
# a verb of saying in any form, "according to", or a tally phrase ("police put the death toll
# at 16"): a sentence with one credits what it says
_IRREGULAR = {"say": ["said", "says"], "tell": ["told"], "write": ["wrote", "written"]}
REPORTING_CUE = re.compile(r"\b(?:according to|" + "|".join(sorted(
    {form for verb in SPEECH_VERBS for form in (verb, verb + "s", verb.rstrip("e") + "ed", *_IRREGULAR.get(verb, []))}
    | set(QUOTING_VERBS)) + [re.escape(p).replace(r"\ ", r"\s+") for p in sorted(TALLY_PHRASES)]) + r")\b", re.I)
SOURCE_STOP = {"the", "a", "an", "of", "and", "for", "its", "his", "her", "their", "said", "says"}


def _key(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]", "", (text or "").lower())


def _own_medium(medium: str | None, outlet: str | None) -> str | None:
    """``medium`` unless it is the carrying outlet itself (its own byline is no channel)."""
    if medium and outlet and _key(medium) == _key(outlet):
        return None
    return medium


def _earliest(carriers: list[Carrier]) -> Carrier:
    return min(carriers, key=lambda c: (c.published is None, c.published or "", c.order))


def _majority(values: list[str | None], carriers: list[Carrier]) -> str | None:
    named = [v for v in values if v]
    if not named:
        return None
    counts = Counter(v.lower() for v in named)
    top = max(counts.values())
    # tie: the value of the earliest carrier giving one of the tied values
    ordered = sorted(zip(values, carriers), key=lambda vc: (vc[1].published is None, vc[1].published or "", vc[1].order))
    for v, _ in ordered:
        if v and counts[v.lower()] == top:
            return v
    return named[0]


def _source_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"\w+", text.lower()) if w not in SOURCE_STOP)


def same_source(a: str, b: str) -> bool:
    """Whether two attributions name the same source: the content words of one are all in the
    other ("the Observatory" ~ "Syrian Observatory for Human Rights", "Syrian army" !~
    "Syrian Observatory")."""
    wa, wb = _source_words(a), _source_words(b)
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _mention_medium(m: Carrier) -> str | None:
    """The news medium one mention names: its channel when that is a news medium, else its
    source when the source is itself one ("SANA reported", "state TV said"); never the
    carrying outlet itself (its own byline is no channel)."""
    return _own_medium(news_medium(m.medium) or news_medium(m.attribution), m.source)


def _per_article(mentions: list[Carrier]) -> list[Carrier]:
    """One carrier per article, with the attribution and the news medium it names for the
    thing anywhere: an article that credits a figure or quote in one place and repeats it
    bare in another has dropped nothing."""
    out: dict[tuple, Carrier] = {}
    for m in sorted(mentions, key=lambda c: (c.published is None, c.published or "", c.order)):
        medium = _mention_medium(m)
        have = out.get((m.source, m.article))
        if have is None:
            out[(m.source, m.article)] = Carrier(m.article, m.source, m.published, m.order, m.attribution, medium)
        else:
            have.attribution = have.attribution or m.attribution
            have.medium = have.medium or medium
    return list(out.values())


def _drops_medium(carrier: Carrier, naming: list[Carrier]) -> bool:
    """Whether ``carrier`` dropped a medium that one of ``naming`` names: it names none itself,
    and it gives no source or the same source that the naming carrier gives with it (a
    carrier that cites another originating source has dropped no one's medium)."""
    if carrier.medium or not naming:
        return False
    if not carrier.attribution:
        return True
    return any(n.attribution and same_source(carrier.attribution, n.attribution) for n in naming)


Same = Callable[[Any, Any], bool]


def _backed(carrier: Carrier, others: list[Carrier], items: dict[tuple, list[tuple[Carrier, Any]]], same: Same,
            gives: Callable[[Carrier], Any]) -> list[Carrier]:
    """The ``others`` (carriers from other articles) that give the very thing ``carrier``
    gives with what ``gives`` asks for (an attribution, a medium): one of the carrier's items
    is ``same`` as one of theirs that ``gives`` it or is ``same`` as one that does (an article
    that says "70 killed" and "dozens killed, news agencies said" gives its 70 through the
    agencies). A figure series joins figures by what they
    count, not by number, so a bare war total and a credited attack toll can share one; only
    a carrier whose own figure matches a credited one has dropped that credit. A headline
    credits no one by convention, so the carrier's headline figures are left out."""
    mine = [x for _, x in items[(carrier.source, carrier.article)] if not getattr(x, "in_title", False)]

    def backs(other: Carrier) -> bool:
        theirs = items[(other.source, other.article)]
        giving = [z for m, z in theirs if gives(m)]
        return any(same(x, y) and any(z is y or same(y, z) for z in giving) for x in mine for _, y in theirs)

    return [o for o in others if (o.source, o.article) != (carrier.source, carrier.article) and backs(o)]


def _build(target: str, kind: str, mentions: list[tuple[Carrier, Any]], same: Same,
           silent: Callable[[Any], bool], spared: tuple[set, set] = (set(), set())) -> Provenance:
    """``same(a, b)``: two mentions give the very same thing; ``silent(m)``: mention ``m``
    credits no one at all (an article is said to drop an attribution only when every one
    of its mentions is silent); ``spared``: the (outlet, article) keys never said to drop the
    attribution, and those never said to drop the medium."""
    carriers = _per_article([c for c, _ in mentions])
    items: dict[tuple, list[tuple[Carrier, Any]]] = {}
    for c, item in mentions:
        items.setdefault((c.source, c.article), []).append((c, item))
    attribution = _majority([c.attribution for c in carriers], carriers)
    medium = _majority([c.medium for c in carriers], carriers)
    credited = [c for c in carriers if c.attribution]
    naming = [c for c in carriers if c.medium]
    return Provenance(
        target=target, kind=kind, earliest=_earliest(carriers), carriers=carriers, origin_medium=medium,
        attribution=attribution,
        attribution_dropped=[c for c in carriers if not c.attribution and (c.source, c.article) not in spared[0]
                             and _backed(c, credited, items, same, lambda m: m.attribution)
                             and all(silent(x) for _, x in items[(c.source, c.article)])],
        medium_dropped=[c for c in carriers if not c.medium and (c.source, c.article) not in spared[1]
                        and _drops_medium(c, _backed(c, naming, items, same, _mention_medium))],
    )


def _same_quote(a, b) -> bool:
    return True  # the members of one cluster carry one quote


def _silent_quote(m: QuoteMember) -> bool:
    """A quote with no speaker and no cue: words given as nobody's. One with a speech verb
    whose speaker was not found ("…, he added" far from any name) is credited, if vaguely."""
    return not (m.speaker_entity or m.speaker_resolved or m.speaker) and not m.cue


def _silent_figure(f: FigureRef) -> bool:
    return not f.claimed_by


def _same_figure(a: FigureRef, b: FigureRef) -> bool:
    """Two figures of one series are the same thing when they agree and their numbers are
    close: an open interval ("at least 29", "hundreds") is read as reaching only
    ``OPEN_REACH`` times its lower bound, so "millions displaced" in the war is not
    "hundreds displaced" in one town, though "at least 29" is 29."""
    res = compare(a, b)
    return res is not None and res[0] == "agree" and _overlap(_reach(a), _reach(b))


def _reach(ref: FigureRef) -> tuple[float, float] | None:
    low, high = ref.low, ref.high
    if low is None and high is None:
        return None
    if high is None:
        high = low * OPEN_REACH
    if low is None:
        low = 0.0
    return low, high


def _overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def quote_provenance(cluster: QuoteCluster) -> Provenance:
    mentions = [(Carrier(m.article, m.source, m.published, m.order,
                         attribution=m.speaker_entity or m.speaker_resolved or m.speaker, medium=m.medium), m)
                for m in cluster.members]
    return _build(cluster.id, "quote", mentions, _same_quote, _silent_quote)


def related_figures(matches: Sequence[FigureMatch]) -> set[frozenset]:
    """The pairs of figures (``(source, article, index)`` keys) that ``match_figures`` reports
    as agreeing or conflicting: one toll, whatever the two numbers."""
    return {frozenset({_ref_key(m.a), _ref_key(m.b)}) for m in matches if m.kind in ("agree", "conflict")}


def _ref_key(ref: FigureRef) -> tuple:
    return ref.source, ref.article, ref.index


def figure_provenance(series: FigureSeries, articles: Mapping[tuple, Any] | None = None,
                      related: set[frozenset] = frozenset()) -> Provenance:
    """The provenance of one series. ``related`` (``related_figures``): pairs of figures that
    are one toll by the figure relations, so that a carrier that gives its own number for a
    toll another carrier credits ("seven killed" against "five killed, SANA said") has dropped
    the attribution though the numbers differ. ``articles``: (source, id) -> ``records.Article``,
    for what the article says of the same toll outside the series:

    - a figure of the carrier with the same event and the same interval ("at least 16" in the
      lead, "at least 16 people killed, the monitoring group said" further down, counted with
      other nouns and so in another series or in none) is the same toll, so its attribution
      and medium count for the carrier;
    - a bare figure whose next sentence credits what it says to someone ("… 29 rebels were
      killed. The fighters died trying to reopen the road, the monitor said.") is told on
      that sentence's word, as the attribution rule of a clause that continues it has it."""
    figures = list(series.figures)
    extra = []
    for key in dict.fromkeys((f.source, f.article) for f in figures):
        art = (articles or {}).get(key)
        if art is not None:
            extra += _credited_elsewhere(art, [f for f in figures if (f.source, f.article) == key])
    credits = [f.claimed_by for f in figures + extra if f.claimed_by and f.claimed_by != CREDITED_NEARBY]
    media = [m for f in figures + extra if (m := news_medium(f.medium) or news_medium(f.claimed_by))]
    spared: tuple[set, set] = (set(), set())
    for key in dict.fromkeys((f.source, f.article) for f in figures):
        art = (articles or {}).get(key)
        if art is not None:
            loose_credit, loose_medium = _named_nearby(art, [f for f in figures if (f.source, f.article) == key],
                                                       credits, media)
            if loose_credit:
                spared[0].add(key)
            if loose_medium:
                spared[1].add(key)
    mentions = [(Carrier(f.article, f.source, f.published, f.order, medium=f.medium,
                         attribution=None if f.claimed_by == CREDITED_NEARBY else f.claimed_by), f)
                for f in figures + extra]

    def same(a: FigureRef, b: FigureRef) -> bool:
        return frozenset({_ref_key(a), _ref_key(b)}) in related or _same_figure(a, b)

    return _build(series.id, "figure", mentions, same, _silent_figure, spared)


def _named_nearby(article, refs: list[FigureRef], credits: list[str], media: list[str]) -> tuple[bool, bool]:
    """Whether the carrier's text around its figures credits them after all (a source another
    carrier gives the toll, named in the figure's sentence or the next one: "... killed in
    Taduf, said the Syrian Observatory"; or a reporting cue in the figure's own sentence:
    "..., reports the BBC", "according to"), and whether it names a medium another carrier
    gives. These are inverted or loose attributions the parse missed: they spare the carrier
    from being said to drop a source or medium it names next to the figure (a false finding),
    without making it a carrier that credits anyone."""
    text = article.text or ""
    by_index = {f.index: f for f in article.figures or []}
    sentences = Sentences(text, SENTENCE_END)
    credit = medium = False
    for r in refs:
        fig = by_index.get(r.index)
        if fig is None or fig.in_title:
            continue
        start = sentences.start_of(fig.start)
        ends = [b for _, b in sentences.ends_after(fig.end, 2)]
        own = text[start:ends[0] if ends else len(text)]
        near = _source_words(text[start:ends[-1] if ends else len(text)])
        credit = credit or bool(REPORTING_CUE.search(own)) or any(_source_words(c) <= near for c in credits)
        medium = medium or any(_source_words(m) <= _source_words(own) for m in media)
    return credit, medium


def _credited_elsewhere(article, refs: list[FigureRef]) -> list[FigureRef]:
    """Mentions to add for one carrier: its other credited figures of the same toll, and, for
    a bare figure followed by a credited sentence, a copy of it credited (attribution unknown)."""
    by_index = {f.index: f for f in article.figures or []}
    mine = [by_index[r.index] for r in refs if r.index in by_index]
    numbers = {(f.event, f.low, f.high, f.value) for f in mine}
    taken = {f.index for f in mine}
    template = refs[0]
    out = []
    for f in article.figures or []:
        if f.index not in taken and f.source and not f.derived and (f.event, f.low, f.high, f.value) in numbers:
            out.append(replace(template, index=f.index, text=f.text, claimed_by=f.source, in_title=f.in_title))
    for r in refs:
        fig = by_index.get(r.index)
        if fig is not None and not r.claimed_by and not fig.in_title and _next_sentence_credited(article, fig):
            out.append(replace(r, claimed_by=CREDITED_NEARBY))
    return out


def _next_sentence_credited(article, fig) -> bool:
    """Whether a quote with a speaker or cue starts in the sentence after ``fig``'s."""
    text = article.text or ""
    ends = [m.end() for m in islice(SENTENCE_END.finditer(text, fig.end), 2)]
    if not ends:
        return False
    lo, hi = ends[0], ends[1] if len(ends) > 1 else len(text)
    return any(lo <= q.start < hi and (q.speaker or q.cue) for q in article.quotes or [])


def provenance(quote_clusters: Sequence[QuoteCluster] = (), series: Sequence[FigureSeries] = (),
               articles: Sequence | None = None, matches: Sequence[FigureMatch] = ()) -> list[Provenance]:
    """Provenance for every quote cluster and figure series given. ``articles`` (the analysed
    ``records.Article``s; optional) let a figure's carrier be judged on the whole article;
    ``matches`` (``match_figures`` of the same articles) tie one toll's different numbers."""
    by_key = {(a.source, a.id): a for a in articles or ()}
    related = related_figures(matches)
    return [quote_provenance(c) for c in quote_clusters] + [figure_provenance(s, by_key, related) for s in series]


def exclusive_details(story: Story, articles: Sequence, quote_clusters: Sequence[QuoteCluster] = (),
                      series: Sequence[FigureSeries] = (), params: FigureParams | None = None) -> list[ExclusiveDetail]:
    """Figures and quotes of ``story`` that only one of its outlets carries.

    ``articles`` are the story's ``records.Article``s (others are ignored). A figure is
    exclusive when no other outlet of the story gives a figure for the same counted head and
    event (whatever the number); a quote when no cluster joins it to another outlet's article.
    Nothing is exclusive in a single-outlet story.
    """
    params = params or FigureParams()
    keys = {a.key for a in story.articles}
    arts = [a for a in articles if (a.source, a.id) in keys]
    if len({a.source for a in arts}) < 2:
        return []
    out: list[ExclusiveDetail] = []
    refs = [r for _, r in figure_refs(arts, None, params.approx_tolerance)]
    outlets_by_kind: dict[tuple[str, str], set] = {}
    for r in refs:
        outlets_by_kind.setdefault((counted_head(r.counted), _thing(r)[1]), set()).add(r.source)
    series_of = {}
    for s in series:
        for f in s.figures:
            series_of[(f.source, f.article, f.index)] = s.id
    for r in refs:
        if outlets_by_kind[(counted_head(r.counted), _thing(r)[1])] == {r.source}:
            out.append(ExclusiveDetail(story.id, "figure", r.article, r.source, r.text,
                                       series_of.get((r.source, r.article, r.index))))
    carried: dict[tuple, str] = {}
    outlets_of: dict[str, set] = {}
    for c in quote_clusters:
        members = [m for m in c.members if (m.source, m.article) in keys]
        outlets_of[c.id] = {m.source for m in members}
        for m in members:
            carried[(m.source, m.article, m.index)] = c.id
    for art in arts:
        for qi, q in enumerate(art.quotes or []):
            cid = carried.get((art.source, art.id, qi))
            if cid is None or outlets_of[cid] == {art.source}:
                out.append(ExclusiveDetail(story.id, "quote", art.id, art.source, q.text, cid))
    return out
