"""Link the stored corpus: stories incrementally, then quotes, figures, provenance, speakers.

Stories and quote clusters are the expensive parts, so they are incremental: the story linker
is kept in the store between runs (``link_state``) and only articles it has not seen are added;
earlier articles keep their stories, and only quote pairs with a new article are compared, the
stored clusters kept. ``full=True`` re-clusters every article and quote (after a parameter
change). Figure matches and series, provenance, exclusive details and the speaker index are
cheap beside that and are recomputed over the whole corpus on every run. Lines an outlet
repeats across its articles (``link.boilerplate``) are left out of story features and quote
matching.
"""

from __future__ import annotations

import io
import pickle
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace

from newstrail.link import (
    Linked,
    StoryLinker,
    StoryParams,
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

# What a stored linker may be made of; anything else in the blob is refused.
_ALLOWED = {
    "newstrail.link.stories": None,  # any class of the linker's own module
    "newstrail.link.records": None,
    "collections": {"Counter", "defaultdict", "deque", "OrderedDict"},
    "builtins": {"set", "frozenset", "dict", "list", "tuple", "float", "int", "str", "bytes", "bytearray"},
    "datetime": {"date"},
    "numpy": {"ndarray", "dtype"},
    "numpy.core.multiarray": {"_reconstruct", "scalar"},
    "numpy._core.multiarray": {"_reconstruct", "scalar"},
    "numpy._core.numeric": {"_frombuffer"},
    "numpy.core.numeric": {"_frombuffer"},
}


class _LinkerUnpickler(pickle.Unpickler):
    """Loads only the linker's own classes and plain containers: the store is data."""

    def find_class(self, module: str, name: str):
        if module in _ALLOWED and (_ALLOWED[module] is None or name in _ALLOWED[module]):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing {module}.{name} in a stored story linker")


def dump_linker(linker: StoryLinker) -> bytes:
    return pickle.dumps(linker, protocol=pickle.HIGHEST_PROTOCOL)


def load_linker(data: bytes) -> StoryLinker:
    linker = _LinkerUnpickler(io.BytesIO(data)).load()
    if not isinstance(linker, StoryLinker):
        raise pickle.UnpicklingError("stored link state is not a story linker")
    return linker


@dataclass
class LinkSummary:
    """What one ``newstrail link`` run did."""

    mode: str  # incremental | full
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


def link_store(store, *, full: bool = False, params: StoryParams | None = None) -> LinkSummary:
    start = last = time.perf_counter()
    steps: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps[step] = round(now - last, 2)
        last = now

    params = params or StoryParams()
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

    state = None if full else store.load_link_state()
    summary = LinkSummary(mode="full" if state is None else "incremental", articles=len(articles), steps=steps)
    lap("load")
    if state is None:  # asked for, or the first link of this store
        linker = recluster([features(i, a, params) for i, a in enumerate(articles)], params)
        summary.added = len(articles)
        lap("stories")
        quotes = match_quotes(articles, orders=orders, boilerplate=furniture)
    else:
        linker = load_linker(state)  # new articles are featured as the stored stories were
        fresh = set()
        for i, article in enumerate(articles):
            if linker.story_of((article.source, article.id)) is None:
                linker.add(features(i, article, linker.params))
                fresh.add((article.source, article.id))
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
    linked = Linked(stories, quotes, matches, series, provenance(quotes, series), exclusive)
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
