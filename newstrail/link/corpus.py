"""Link the stored corpus: stories incrementally, then quotes, figures, provenance, speakers.

Stories and quote clusters are the expensive parts, so they are incremental: the story linker
is kept in the store between runs (``link_state``) and only articles it has not seen are added
(``clustering.attach``: clustered with the members of the stories they could join, as the full
re-cluster would group them); earlier articles keep their stories, and only quote pairs with a
new article are compared, the stored clusters kept. ``full=True`` re-clusters every article and
quote (after a parameter change). A store that holds stories but no linker state (one linked
before the state became plain data: migration ``0005`` drops the old pickled states) has its
linker rebuilt from the stored stories, every article placed in the story it is stored in, ids
kept, nothing re-clustered (mode ``restored``).

A later link costs what is new:

- nothing new (mode ``unchanged``): the store's mark (``Store.corpus_mark``: count, sum and
  highest pk, latest ingest time of the articles; and the stored state's digest) is what the
  last link saw, so the stored totals are returned without loading an article or writing;
- new articles (mode ``incremental``): figure matches and series, their provenance and the
  exclusive details are recomputed only for the stories that changed -- those the new
  articles joined or opened, and those holding a member of a quote cluster that changed or
  is gone -- and only their rows, the changed clusters and the speakers that differ are
  written (``Store.update_links``). Everything found within a story depends on that story's
  articles and the quote clusters touching them alone, so the rows kept are what a recompute
  would give. Stored ids keep naming the same things: a cluster keeps its id as it grows, a
  recomputed series keeps the id of the series for the same thing, and what is new is
  numbered after the highest stored id (so, after later links, id order is no longer
  publication order);
- an article removed, or removed and ingested again, since the last link: the linker cannot
  forget it, so it is rebuilt from the stored stories without it (mode ``restored``; one
  ingested again is then linked as new), and every result is recomputed and replaced, since
  the articles' ingest order (``order``) shifted.

Lines an outlet repeats across its articles (``link.boilerplate``) are left out of story
features and quote matching. A link never holds the corpus's whole articles (their entities
and figures are most of them): it reads every article's text and quotes, which the lines, the
quotes new quotes are matched against and the speaker index need corpus-wide; whole articles
only ``STORY_ARTICLES`` at a time, to feature them (every one in a full link; in a later link
the new ones, and the members of the stories they could join whose stored features are stale:
``link.cache``) and to find what a batch of stories holds within (``link.within``).

The linker is kept in the store as rows of plain data, never code (``link.state``): a later
link reads its knobs and every story's members, then only the terms and stories its new
articles touch, and writes back those; a row that is not valid raises ``LinkStateError``
before anything of it is used.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from newstrail.link import (
    Linked,
    StoryFeatures,
    StoryLinker,
    StoryParams,
    attach,
    features_from_article,
    labels_of,
    match_quotes,
    quote_provenance,
    recluster,
)
from newstrail.link import cache
from newstrail.link.boilerplate import outlet_boilerplate, without_spans
from newstrail.link.records import QuoteCluster
from newstrail.link.speakers import corpus_speakers
from newstrail.link.state import LinkStateError, linker_rows, load_linker
from newstrail.link.within import Within, numbered, renumber, within_story

@dataclass
class LinkSummary:
    """What one ``newstrail link`` run did."""

    mode: str  # full | incremental | restored | unchanged (see the module docstring)
    articles: int = 0
    added: int = 0
    stories: int = 0
    multi_outlet_stories: int = 0
    quote_clusters: int = 0
    figure_matches: dict[str, int] = field(default_factory=dict)
    figure_series: int = 0
    exclusive_details: int = 0
    speakers: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)  # seconds of each step, in run order

    def to_dict(self) -> dict:
        return asdict(self)


STORY_ARTICLES = 2000  # articles of whole stories read from the store at a time


def _cluster_parts(quotes, groups: dict) -> dict[str, list[QuoteCluster]]:
    """Story id -> the quote clusters touching it, each with its members there only: a story's
    exclusive details read those, and a cluster carried by thousands of articles handed whole
    to each of its stories made them quadratic."""
    parts: dict[str, list[QuoteCluster]] = defaultdict(list)
    for cluster in quotes:
        members_in: dict[str, list] = defaultdict(list)
        for m in cluster.members:
            members_in[groups.get((m.source, m.article))].append(m)
        for sid, members in members_in.items():
            parts[sid].append(replace(cluster, members=members))
    return parts


def _whole(store, keys, pk_of: dict) -> Iterator:
    """The whole stored articles (``records.Article``) of ``keys``, in that order,
    ``STORY_ARTICLES`` read at a time; keys no longer stored are left out."""
    keys = [k for k in keys if k in pk_of]
    for lo in range(0, len(keys), STORY_ARTICLES):
        part = keys[lo:lo + STORY_ARTICLES]
        loaded = store.get_articles(pk_of[k] for k in part)
        yield from (loaded[pk_of[k]] for k in part if pk_of[k] in loaded)


def _story_batches(stories) -> Iterator[list]:
    """The stories of several articles (one article finds nothing across articles), in order,
    in batches of about ``STORY_ARTICLES`` articles."""
    batch, size = [], 0
    for story in stories:
        if len(story.articles) > 1:
            batch.append(story)
            size += len(story.articles)
            if size >= STORY_ARTICLES:
                yield batch
                batch, size = [], 0
    if batch:
        yield batch


def _within_stories(store, stories, quotes, pk_of: dict, orders: dict) -> Within:
    """What ``stories`` find within themselves (``link.within``), their articles read from the
    store a batch of stories at a time: a link never holds the corpus's whole articles."""
    parts = _cluster_parts(quotes, labels_of(stories))
    found = Within()
    for batch in _story_batches(stories):
        keys = sorted((a.key for s in batch for a in s.articles if a.key in orders), key=orders.__getitem__)
        arts = {(a.source, a.id): a for a in _whole(store, keys, pk_of)}
        for story in batch:
            members = sorted((a.key for a in story.articles if a.key in arts), key=orders.__getitem__)
            found.extend(within_story(story, [arts[k] for k in members], orders, parts[story.id]))
    return found


@dataclass
class _Featured:
    """The story features of stored articles, ``STORY_ARTICLES`` at a time: those stored
    under the digest they would be made with now (``link.cache``) read back, the others
    made from the whole articles (their outlet's lines left out) and stored."""

    store: Any
    pk_of: dict
    orders: dict
    copies: dict
    furniture: dict
    light: dict  # key -> the article without its entities and figures (its title and date)

    def __call__(self, keys, params: StoryParams) -> dict:
        """Article key -> its features, in the order of ``keys`` (those still stored)."""
        base = cache.knobs(params)
        keys = [k for k in keys if k in self.pk_of]
        out: dict = {}
        for lo in range(0, len(keys), STORY_ARTICLES):
            part = keys[lo:lo + STORY_ARTICLES]
            digests = {k: cache.digest(base, self.furniture.get(k, [])) for k in part}
            stored = self.store.story_features(self.pk_of[k] for k in part)
            for k in part:
                row = stored.get(self.pk_of[k])
                counts = cache.decode(row[1]) if row is not None and row[0] == digests[k] else None
                a = self.light[k]
                out[k] = None if counts is None else StoryFeatures(k, counts, a.published, a.title, self.orders[k],
                                                                    None, self.copies.get(k))
            made = []
            for a in _whole(self.store, [k for k in part if out[k] is None], self.pk_of):
                k = (a.source, a.id)
                out[k] = f = features_from_article(without_spans(a, self.furniture.get(k, [])), order=self.orders[k],
                                                   copy_of=self.copies.get(k), params=params)
                made.append((self.pk_of[k], digests[k], cache.encode(f.counts)))
            self.store.save_story_features(made)
        return {k: f for k, f in out.items() if f is not None}


def _restored(stored: list[dict], featured: dict, params: StoryParams) -> StoryLinker:
    """The linker of a store that holds stories but no linker state, rebuilt from those
    stories: each article placed in the story it is stored in, with its stored similarity
    (``featured``: article key -> its features). Nothing is searched or re-clustered, so every
    story keeps its id and members; articles in no stored story are left for ``add``, as new
    ones."""
    linker = StoryLinker(params)
    linker.place_stories((story["id"], [(featured[key], member["similarity"]) for member in story["articles"]
                                        if (key := (member["source"], member["id"])) in featured])
                         for story in stored)
    return linker


def _mark(corpus: dict, state: bytes) -> dict:
    """What a link stores beside its linker state (``Store.load_link_mark``): the articles
    table as ``Store.corpus_mark`` gave it before the link read the articles, and the digest
    of the linker's ``stories`` row, so a state replaced since is read (and checked) again."""
    return {"corpus": corpus, "state": hashlib.sha256(state).hexdigest()}


def _unchanged(store, corpus: dict) -> bool:
    """Whether the store holds a link of exactly these articles: its mark is ``corpus`` and
    the linker state it describes."""
    mark = store.load_link_mark()
    if mark is None or mark.get("corpus") != corpus:
        return False
    state = store.load_link_state()
    return state is not None and mark == _mark(corpus, state)


def _stable_clusters(quotes: list, known: list, top: int) -> tuple[set[str], set[str]]:
    """Give the clusters of an incremental match the ids they were stored under (a stored
    cluster keeps its members, so a cluster holding one of them is that cluster) and new
    ones the next numbers; returns (ids of the clusters that differ from what is stored or
    are new, ids of stored clusters that are gone)."""
    was = {(m.source, m.article, m.index): c.id for c in known for m in c.members}
    keep = {}
    for c in quotes:
        old = next((was[(m.source, m.article, m.index)] for m in c.members if (m.source, m.article, m.index) in was),
                   None)
        if old is not None:
            keep[c.id] = old
    renumber(quotes, "q", keep, top)
    stored = {c.id: c.to_dict() for c in known}
    changed = {c.id for c in quotes if stored.get(c.id) != c.to_dict()}
    return changed, set(stored) - {c.id for c in quotes}


class _Laps:
    """Seconds of each step of a link, in run order (``LinkSummary.steps``)."""

    def __init__(self):
        self.start = self.last = time.perf_counter()
        self.steps: dict[str, float] = {}

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.steps[step] = round(now - self.last, 2)
        self.last = now

    def done(self, summary: LinkSummary) -> LinkSummary:
        summary.steps = self.steps
        summary.seconds = round(time.perf_counter() - self.start, 2)
        return summary


def _counted(summary: LinkSummary, stories, quotes, found: Within, speakers) -> None:
    summary.stories = len(stories)
    summary.multi_outlet_stories = sum(1 for s in stories if len(s.outlets) > 1)
    summary.quote_clusters = len(quotes)
    for match in found.matches:
        summary.figure_matches[match.kind] = summary.figure_matches.get(match.kind, 0) + 1
    summary.figure_series = len(found.series)
    summary.exclusive_details = len(found.exclusive)
    summary.speakers = len(speakers)


def _link_all(store, summary: LinkSummary, linker: StoryLinker, light, quotes, pk_of, orders, corpus: dict,
              lap: _Laps) -> None:
    """Figures, provenance, exclusive details and speakers of the whole corpus, every stored
    result replaced (a full link, or one after articles were removed)."""
    stories = linker.stories()
    found = _within_stories(store, stories, quotes, pk_of, orders)
    numbered(found)
    lap("figures")
    linked = Linked(stories, quotes, found.matches, found.series,
                    [quote_provenance(c) for c in quotes] + found.provenance, found.exclusive)
    lap("provenance")
    speakers = corpus_speakers(light)
    lap("speakers")
    state = linker_rows(linker)
    store.save_links(linked, speakers, pk_of, state, _mark(corpus, state.meta))
    lap("save")
    _counted(summary, stories, quotes, found, speakers)


def _link_changed(store, summary: LinkSummary, linker: StoryLinker, light, quotes, known, fresh, pk_of, orders,
                  corpus: dict, lap: _Laps) -> None:
    """Figures, provenance and exclusive details of the stories that changed only: those the
    new articles joined or opened and those holding a member of a quote cluster that changed
    (or is gone). Everything found within a story depends on that story's articles and the
    clusters touching them alone, so the other stories' stored rows are what a recompute
    would give, up to ids. Only the changed rows are written; the totals are the store's."""
    top = store.top_link_numbers()
    changed, dropped = _stable_clusters(quotes, known, top["quote_clusters"])
    stories = linker.stories()
    groups = labels_of(stories)
    was = {c.id: c for c in known}
    touched = {groups[key] for key in fresh}
    touched.update(groups.get((m.source, m.article)) for c in quotes if c.id in changed for m in c.members)
    touched.update(groups.get((m.source, m.article)) for cid in dropped for m in was[cid].members)
    touched.discard(None)
    part = [s for s in stories if s.id in touched]
    found = _within_stories(store, part, quotes, pk_of, orders)
    numbered(found, top["figure_matches"], top["figure_series"], store.series_ids(touched))
    lap("figures")
    changed_quotes = [c for c in quotes if c.id in changed]
    linked = Linked(part, changed_quotes, found.matches, found.series,
                    [quote_provenance(c) for c in changed_quotes] + found.provenance, found.exclusive)
    lap("provenance")
    speakers = corpus_speakers(light)
    lap("speakers")
    state = linker_rows(linker)
    store.update_links(linked, speakers, pk_of, state, _mark(corpus, state.meta), stories_changed=touched,
                       clusters_changed=changed | dropped)
    for name, value in store.link_counts().items():
        setattr(summary, name, value)
    lap("save")


def link_store(store, *, full: bool = False, params: StoryParams | None = None) -> LinkSummary:
    """Link the store's articles (see the module docstring for the modes); raises
    ``LinkStateError`` before anything is written when a row of the stored linker state it
    reads is not valid."""
    lap = _Laps()
    params = params or StoryParams()
    corpus = store.corpus_mark()  # before the articles are read: what arrives later is new next time
    if not full and _unchanged(store, corpus):
        summary = LinkSummary(mode="unchanged", articles=corpus["articles"])
        for name, value in store.link_counts().items():
            setattr(summary, name, value)
        lap("check")
        return lap.done(summary)
    stored = None if full else load_linker(store)  # knobs and members: one not valid stops the run here
    rows = list(store.iter_articles(whole=False))  # text and quotes: what is corpus-wide
    light = [article for _, article in rows]
    pk_of = {(a.source, a.id): pk for pk, a in rows}
    del rows
    orders = {key: i for i, key in enumerate(pk_of)}
    copies = store.copy_pairs()

    furniture = outlet_boilerplate(light)
    for article in light:  # what stays corpus-wide is each article's quotes (whole articles are read again)
        article.text = ""

    featured = _Featured(store, pk_of, orders, copies, furniture, {(a.source, a.id): a for a in light})

    if full or (stored is None and not store.list_stories(limit=1)):
        summary = LinkSummary(mode="full", articles=len(light), added=len(light))  # asked for, or the first link
        lap("load")
        linker = recluster(list(featured(list(pk_of), params).values()), params)
        lap("stories")
        quotes = match_quotes(light, orders=orders, boilerplate=furniture)
        lap("quotes")
        _link_all(store, summary, linker, light, quotes, pk_of, orders, corpus, lap)
        return lap.done(summary)
    linked = store.linked_article_pks()

    def current(key) -> bool:  # still stored, under the pk it was linked with
        return pk_of.get(key) in linked

    stored_stories = None if stored is not None else store.list_stories(limit=None)
    removed = not all(current(a.key) for s in stored.stories() for a in s.articles) if stored is not None \
        else not all(current((a["source"], a["id"])) for s in stored_stories for a in s["articles"])
    if removed:  # the linker cannot forget an article: rebuilt from the stories without the stale ones
        stored = None
        stored_stories = [s | {"articles": [a for a in s["articles"] if current((a["source"], a["id"]))]}
                          for s in store.list_stories(limit=None)]
    summary = LinkSummary(mode="incremental" if stored is not None else "restored", articles=len(light))
    lap("load")
    if stored is not None:
        linker = stored
    else:
        members = [(a["source"], a["id"]) for s in stored_stories for a in s["articles"]]
        linker = _restored(stored_stories, featured(members, params), params)
    new = list(featured([key for key in pk_of if linker.story_of(key) is None],
                        linker.params).values())  # featured as the stored stories were
    attach(linker, new, lambda keys: list(featured(keys, linker.params).values()))
    fresh = {f.key for f in new}
    summary.added = len(fresh)
    lap("stories")
    known = [QuoteCluster.from_dict(c) for c in store.list_quote_clusters(limit=None)]
    if removed:  # the quotes of an article ingested again are matched as new ones
        known = [replace(c, members=[m for m in c.members if current((m.source, m.article))]) for c in known]
    quotes = match_quotes(light, orders=orders, known=known, fresh=fresh, boilerplate=furniture)
    lap("quotes")
    if removed:  # a removed article shifts the order of every later one: every result is redone
        _link_all(store, summary, linker, light, quotes, pk_of, orders, corpus, lap)
    else:
        _link_changed(store, summary, linker, light, quotes, known, fresh, pk_of, orders, corpus, lap)
    return lap.done(summary)
