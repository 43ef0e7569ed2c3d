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
features and quote matching. Every later link with new articles still loads every article:
those lines, the quotes new quotes are matched against and the speaker index are corpus-wide.

The linker state is data, never code: store files are shared between researchers, and loading
one must not run anything it holds. ``dump_linker`` writes ``HEADER`` then zlib-compressed JSON
(``StoryLinker.to_state``); ``load_linker`` decodes it with ``json.loads`` and validates it whole
(``StoryLinker.from_state``); anything else raises ``LinkStateError``.
"""

from __future__ import annotations

import hashlib
import json
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from itertools import islice

from newstrail.link import (
    LinkStateError,
    Linked,
    StoryLinker,
    StoryParams,
    attach,
    exclusive_details,
    features_from_article,
    figure_relations,
    labels_of,
    match_quotes,
    provenance,
    recluster,
)
from newstrail.link.boilerplate import outlet_boilerplate, without_spans
from newstrail.link.records import QuoteCluster
from newstrail.link.speakers import corpus_speakers

# What a stored linker state starts with; migration 0005 deletes link_state rows without it.
HEADER = b"newstrail link state\n"
# A state's JSON compresses about 5:1; refusing more than this bounds what a crafted blob (a
# "zip bomb", up to 1000:1) can make a link allocate.
MAX_RATIO = 100


PIECE = 20_000  # entries of a long list or object of the state encoded at a time


def _encode(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _json_pieces(state: dict) -> Iterator[str]:
    """The JSON of ``state`` (what ``_encode`` would give) in pieces: its long lists and
    objects ``PIECE`` entries at a time. A corpus's state is a gigabyte of JSON; encoded whole
    it is held as text and again as bytes beside the linker itself."""
    yield "{"
    for i, (key, value) in enumerate(state.items()):
        yield ("," if i else "") + _encode(key) + ":"
        if type(value) is list:
            yield "["
            for lo in range(0, len(value), PIECE):
                yield ("," if lo else "") + _encode(value[lo:lo + PIECE])[1:-1]
            yield "]"
        elif type(value) is dict and len(value) > PIECE:
            entries = iter(value.items())
            yield "{"
            for n, chunk in enumerate(iter(lambda: dict(islice(entries, PIECE)), {})):
                yield ("," if n else "") + _encode(chunk)[1:-1]
            yield "}"
        else:
            yield _encode(value)
    yield "}"


def dump_linker(linker: StoryLinker) -> bytes:
    """``HEADER`` and the linker's state as compact JSON, zlib-compressed as it is encoded."""
    pack = zlib.compressobj(6)
    out = [HEADER, *(pack.compress(piece.encode("utf-8")) for piece in _json_pieces(linker.to_state())), pack.flush()]
    return b"".join(out)


def _not_json_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _inflate(packed: bytes) -> bytes:
    """The compressed JSON, whole and bounded (``MAX_RATIO``)."""
    inflate = zlib.decompressobj()
    try:
        text = inflate.decompress(packed, MAX_RATIO * len(packed) + (1 << 20))
    except zlib.error as error:
        raise LinkStateError(f"its compressed data is damaged ({error})") from None
    if inflate.unconsumed_tail:
        raise LinkStateError(f"it decompresses to more than {MAX_RATIO} times its size")
    if not inflate.eof or inflate.unused_data:
        raise LinkStateError("its compressed data is damaged (cut short, or followed by more)")
    return text


def _decode(data: bytes) -> dict:
    """The JSON under the header, parsed by ``json.loads`` (no NaN or Infinity), not yet checked."""
    data = bytes(data)
    if not data.startswith(HEADER):
        raise LinkStateError("it is not in newstrail's link-state format (a pickled linker of an older "
                             "newstrail, or something else)")
    text = _inflate(data[len(HEADER):])
    try:
        return json.loads(text, parse_constant=_not_json_constant)
    except (ValueError, RecursionError) as error:  # bad JSON or UTF-8, NaN, nesting too deep
        raise LinkStateError(f"it is not valid JSON ({str(error)[:200]})") from None


def load_linker(data: bytes) -> StoryLinker:
    """The linker ``dump_linker`` stored, restored only through ``json.loads`` and
    ``StoryLinker.from_state``'s checks: a blob of any other making raises ``LinkStateError``,
    and nothing in it is run."""
    try:
        return StoryLinker.from_state(_decode(data))
    except LinkStateError as error:
        raise LinkStateError(f"the story linker stored in this store is not valid: {error}; "
                             "`newstrail link --full` rebuilds it") from None


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


def _exclusives(stories, groups: dict, articles, quotes, series) -> list:
    """Exclusive details of every story told by several outlets. Each story is given only the
    quote clusters and series that touch its articles, and of a cluster only its members there:
    handing every story the whole corpus's made this quadratic (a quote carried by thousands
    of articles was read again for every story)."""
    by_story: dict[str, list] = defaultdict(list)
    for article in articles:
        by_story[groups.get((article.source, article.id), "")].append(article)
    clusters_in: dict[str, list] = defaultdict(list)
    for cluster in quotes:
        members_in: dict[str, list] = defaultdict(list)
        for m in cluster.members:
            members_in[groups.get((m.source, m.article))].append(m)
        for sid, members in members_in.items():
            clusters_in[sid].append(replace(cluster, members=members))
    series_in: dict[str, list] = defaultdict(list)
    for one in series:
        for sid in {groups.get((f.source, f.article)) for f in one.figures}:
            series_in[sid].append(one)
    return [d for s in stories if len(s.outlets) > 1
            for d in exclusive_details(s, by_story[s.id], clusters_in[s.id], series_in[s.id])]


def _restored(stored: list[dict], articles, features, params: StoryParams) -> StoryLinker:
    """The linker of a store that holds stories but no linker state, rebuilt from those
    stories: each article placed in the story it is stored in, with its stored similarity.
    Nothing is searched or re-clustered, so every story keeps its id and members; articles in
    no stored story are left for ``add``, as new ones."""
    at = {(a.source, a.id): (i, a) for i, a in enumerate(articles)}
    linker = StoryLinker(params)
    linker.place_stories((story["id"], [(features(*at[key], params), member["similarity"])
                                        for member in story["articles"]
                                        if (key := (member["source"], member["id"])) in at])
                         for story in stored)
    return linker


def _mark(corpus: dict, state: bytes) -> dict:
    """What a link stores beside its linker state (``Store.load_link_mark``): the articles
    table as ``Store.corpus_mark`` gave it before the link read the articles, and the state's
    digest, so a state replaced since is read (and checked) again."""
    return {"corpus": corpus, "state": hashlib.sha256(state).hexdigest()}


def _unchanged(store, corpus: dict) -> bool:
    """Whether the store holds a link of exactly these articles: its mark is ``corpus`` and
    the linker state it describes."""
    mark = store.load_link_mark()
    if mark is None or mark.get("corpus") != corpus:
        return False
    state = store.load_link_state()
    return state is not None and mark == _mark(corpus, state)


def _renumber(items, prefix: str, keep: dict, top: int) -> dict[str, str]:
    """Give ``items`` (records with an ``id``) the id ``keep`` names for their old id, or the
    next free number after ``top``; returns old id -> new id."""
    ids = {}
    for item in items:
        new = keep.get(item.id)
        if new is None:
            top += 1
            new = f"{prefix}{top}"
        ids[item.id] = new
    for item in items:
        item.id = ids[item.id]
    return ids


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
    _renumber(quotes, "q", keep, top)
    stored = {c.id: c.to_dict() for c in known}
    changed = {c.id for c in quotes if stored.get(c.id) != c.to_dict()}
    return changed, set(stored) - {c.id for c in quotes}


def _stable_series(series: list, stored: dict, top: int) -> None:
    """Series of a story recomputed for a thing it had a series for keep that series's id;
    ``scope_related`` follows the new ids."""
    keep = {s.id: stored[(s.story, *s.thing)] for s in series if (s.story, *s.thing) in stored}
    ids = _renumber(series, "fs", keep, top)
    for s in series:
        s.scope_related = [ids[x] for x in s.scope_related]


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


def _counted(summary: LinkSummary, stories, quotes, matches, series, exclusive, speakers) -> None:
    summary.stories = len(stories)
    summary.multi_outlet_stories = sum(1 for s in stories if len(s.outlets) > 1)
    summary.quote_clusters = len(quotes)
    for match in matches:
        summary.figure_matches[match.kind] = summary.figure_matches.get(match.kind, 0) + 1
    summary.figure_series = len(series)
    summary.exclusive_details = len(exclusive)
    summary.speakers = len(speakers)


def _link_all(store, summary: LinkSummary, linker: StoryLinker, articles, quotes, pk_of, orders, corpus: dict,
              lap: _Laps) -> None:
    """Figures, provenance, exclusive details and speakers of the whole corpus, every stored
    result replaced (a full link, or one after articles were removed)."""
    stories = linker.stories()
    groups = labels_of(stories)
    matches, series = figure_relations(articles, groups=groups, orders=orders)
    lap("figures")
    exclusive = _exclusives(stories, groups, articles, quotes, series)
    linked = Linked(stories, quotes, matches, series, provenance(quotes, series, articles, matches), exclusive)
    lap("provenance")
    speakers = corpus_speakers(articles)
    lap("speakers")
    state = dump_linker(linker)
    store.save_links(linked, speakers, pk_of, state, _mark(corpus, state))
    lap("save")
    _counted(summary, stories, quotes, matches, series, exclusive, speakers)


def _link_changed(store, summary: LinkSummary, linker: StoryLinker, articles, quotes, known, fresh, pk_of, orders,
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
    arts = [a for a in articles if groups.get((a.source, a.id)) in touched]
    matches, series = figure_relations(arts, groups=groups, orders=orders)
    _renumber(matches, "f", {}, top["figure_matches"])
    _stable_series(series, store.series_ids(touched), top["figure_series"])
    lap("figures")
    changed_quotes = [c for c in quotes if c.id in changed]
    exclusive = _exclusives(part, groups, arts, quotes, series)
    linked = Linked(part, changed_quotes, matches, series, provenance(changed_quotes, series, arts, matches), exclusive)
    lap("provenance")
    speakers = corpus_speakers(articles)
    lap("speakers")
    state = dump_linker(linker)
    store.update_links(linked, speakers, pk_of, state, _mark(corpus, state), stories_changed=touched,
                       clusters_changed=changed | dropped)
    for name, value in store.link_counts().items():
        setattr(summary, name, value)
    lap("save")


def link_store(store, *, full: bool = False, params: StoryParams | None = None) -> LinkSummary:
    """Link the store's articles (see the module docstring for the modes); raises
    ``LinkStateError`` before any work when the stored linker state is not valid."""
    lap = _Laps()
    params = params or StoryParams()
    corpus = store.corpus_mark()  # before the articles are read: what arrives later is new next time
    if not full and _unchanged(store, corpus):
        summary = LinkSummary(mode="unchanged", articles=corpus["articles"])
        for name, value in store.link_counts().items():
            setattr(summary, name, value)
        lap("check")
        return lap.done(summary)
    state = None if full else store.load_link_state()
    stored = None if state is None else load_linker(state)  # a state that is not valid stops the run here
    rows = list(store.iter_articles())
    articles = [article for _, article in rows]
    pk_of = {(a.source, a.id): pk for pk, a in rows}
    orders = {key: i for i, key in enumerate(pk_of)}
    copies = store.copy_pairs()

    furniture = outlet_boilerplate(articles)

    def features(i, article, with_params):
        key = (article.source, article.id)
        return features_from_article(without_spans(article, furniture.get(key, [])), order=i,
                                     copy_of=copies.get(key), params=with_params)

    if full or (stored is None and not store.list_stories(limit=1)):
        summary = LinkSummary(mode="full", articles=len(articles), added=len(articles))  # asked for, or the first link
        lap("load")
        linker = recluster([features(i, a, params) for i, a in enumerate(articles)], params)
        lap("stories")
        quotes = match_quotes(articles, orders=orders, boilerplate=furniture)
        lap("quotes")
        _link_all(store, summary, linker, articles, quotes, pk_of, orders, corpus, lap)
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
    summary = LinkSummary(mode="incremental" if stored is not None else "restored", articles=len(articles))
    lap("load")
    linker = stored if stored is not None else _restored(stored_stories, articles, features, params)
    index = {(a.source, a.id): i for i, a in enumerate(articles)}
    new = [features(i, a, linker.params)  # featured as the stored stories were
           for i, a in enumerate(articles) if linker.story_of((a.source, a.id)) is None]
    attach(linker, new, lambda key: features(index[key], articles[index[key]], linker.params))
    fresh = {f.key for f in new}
    summary.added = len(fresh)
    lap("stories")
    known = [QuoteCluster.from_dict(c) for c in store.list_quote_clusters(limit=None)]
    if removed:  # the quotes of an article ingested again are matched as new ones
        known = [replace(c, members=[m for m in c.members if current((m.source, m.article))]) for c in known]
    quotes = match_quotes(articles, orders=orders, known=known, fresh=fresh, boilerplate=furniture)
    lap("quotes")
    if removed:  # a removed article shifts the order of every later one: every result is redone
        _link_all(store, summary, linker, articles, quotes, pk_of, orders, corpus, lap)
    else:
        _link_changed(store, summary, linker, articles, quotes, known, fresh, pk_of, orders, corpus, lap)
    return lap.done(summary)
