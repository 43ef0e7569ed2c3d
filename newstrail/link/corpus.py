"""Link the stored corpus: stories incrementally, then quotes, figures, provenance, speakers.

Stories and quote clusters are the expensive parts, so they are incremental: the story linker
is kept in the store between runs (``link_state``) and only articles it has not seen are added
(``clustering.attach``: clustered with the members of the stories they could join, as the full
re-cluster would group them); earlier articles keep their stories, and only quote pairs with a new article are compared, the
stored clusters kept. ``full=True`` re-clusters every article and quote (after a parameter
change). A store that holds stories but no linker state (one linked before the state became
plain data: migration ``0005`` drops the old pickled states) has its linker rebuilt from the
stored stories, every article placed in the story it is stored in, ids kept, nothing
re-clustered (mode ``restored``). Figure matches and series, provenance, exclusive details and
the speaker index are cheap beside that and are recomputed over the whole corpus on every run.
Lines an outlet repeats across its articles (``link.boilerplate``) are left out of story
features and quote matching.

The linker state is data, never code: store files are shared between researchers, and loading
one must not run anything it holds. ``dump_linker`` writes ``HEADER`` then zlib-compressed JSON
(``StoryLinker.to_state``); ``load_linker`` decodes it with ``json.loads`` and validates it whole
(``StoryLinker.from_state``); anything else raises ``LinkStateError``.
"""

from __future__ import annotations

import json
import time
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace

from newstrail.link import (
    LinkStateError,
    Linked,
    StoryLinker,
    StoryParams,
    attach,
    exclusive_details,
    features_from_article,
    figure_series,
    labels_of,
    match_figures,
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


def dump_linker(linker: StoryLinker) -> bytes:
    """``HEADER`` and the linker's state as compact JSON, zlib-compressed."""
    text = json.dumps(linker.to_state(), separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return HEADER + zlib.compress(text.encode("utf-8"), 6)


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

    mode: str  # full | incremental | restored (see the module docstring)
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
    for story in stored:
        for member in story["articles"]:
            found = at.get((member["source"], member["id"]))
            if found is not None:
                linker.place(features(*found, params), story["id"], member["similarity"])
    return linker


def link_store(store, *, full: bool = False, params: StoryParams | None = None) -> LinkSummary:
    """Link the store's articles (see the module docstring for the modes); raises
    ``LinkStateError`` before any work when the stored linker state is not valid."""
    start = last = time.perf_counter()
    steps: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[step] = round(now - last, 2)
        last = now

    params = params or StoryParams()
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
        mode = "full"  # asked for, or the first link of this store
    else:
        mode = "incremental" if stored is not None else "restored"
    summary = LinkSummary(mode=mode, articles=len(articles), steps=steps)
    lap("load")
    if mode == "full":
        linker = recluster([features(i, a, params) for i, a in enumerate(articles)], params)
        summary.added = len(articles)
        lap("stories")
        quotes = match_quotes(articles, orders=orders, boilerplate=furniture)
    else:
        linker = stored if stored is not None else _restored(store.list_stories(limit=None), articles, features,
                                                             params)
        index = {(a.source, a.id): i for i, a in enumerate(articles)}
        new = [features(i, a, linker.params)  # featured as the stored stories were
               for i, a in enumerate(articles) if linker.story_of((a.source, a.id)) is None]
        attach(linker, new, lambda key: features(index[key], articles[index[key]], linker.params))
        fresh = {f.key for f in new}
        summary.added = len(fresh)
        lap("stories")
        known = [QuoteCluster.from_dict(c) for c in store.list_quote_clusters(limit=None)]
        quotes = match_quotes(articles, orders=orders, known=known, fresh=fresh, boilerplate=furniture)
    lap("quotes")

    stories = linker.stories()
    groups = labels_of(stories)
    matches = match_figures(articles, groups=groups, orders=orders)
    series = figure_series(articles, groups=groups, orders=orders)
    lap("figures")
    exclusive = _exclusives(stories, groups, articles, quotes, series)
    linked = Linked(stories, quotes, matches, series, provenance(quotes, series, articles), exclusive)
    lap("provenance")
    speakers = corpus_speakers(articles)
    lap("speakers")
    store.save_links(linked, speakers, pk_of, dump_linker(linker))
    lap("save")

    summary.stories = len(stories)
    summary.multi_outlet_stories = sum(1 for s in stories if len(s.outlets) > 1)
    summary.quote_clusters = len(quotes)
    for match in matches:
        summary.figure_matches[match.kind] = summary.figure_matches.get(match.kind, 0) + 1
    summary.figure_series = len(series)
    summary.exclusive_details = len(exclusive)
    summary.speakers = len(speakers)
    summary.seconds = round(time.perf_counter() - start, 2)
    return summary
