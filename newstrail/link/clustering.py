"""The full re-cluster of stories (``cluster_stories``), for parameter changes and a store's first link.

IDF over all items; similarities of blocked candidate pairs (``pair_similarities``, the
similarity of ``StoryParams``); a loose average-linkage pass that gathers the articles of one
kind of event; then recursive normalised cuts that split each gathered cluster into its
events, and a last average-linkage pass that joins again the parts no clear cut divides.
``recluster`` turns the result into an incremental linker later articles attach to.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from typing import Callable, Mapping, Sequence

import numpy as np

from newstrail.link.features import StoryFeatures
from newstrail.link.linker import StoryLinker
from newstrail.link.params import LINKAGES, StoryParams
from newstrail.link.records import ArticleKey, Story, StoryArticle
from newstrail.link.weighting import (CHANNELS, EVIDENCE, QUOTE_EVIDENCE, channel, idf, other_days, present, said_days,
                                      sublinear_unit)

Background = tuple[Mapping[str, int], int]  # a corpus's document frequencies and its size


def cluster_stories(items: Sequence[StoryFeatures], params: StoryParams | None = None,
                    background: Background | None = None) -> list[Story]:
    """Full re-cluster of ``items`` (e.g. after a parameter change).

    IDF over all items; candidate pairs by blocking (articles sharing at least ``min_shared``
    distinctive features, within the time window, each article's ``pair_candidates`` best);
    then, with ``linkage="ncut"`` (default), average linkage down to ``gather_threshold`` and
    normalised cuts of each gathered cluster, or, with ``linkage="average"``, average linkage
    down to ``link_threshold`` alone (see ``StoryParams``). Wire copies start in their
    original's story. Story ids are ``s1``, ``s2``, ... in order of each story's earliest
    article; an article's ``similarity`` is its mean similarity to the other members (1.0
    alone). ``background``: the document frequencies and count of the corpus the items are a
    part of (``attach``), so that a few articles are weighed as in their corpus.
    """
    params = params or StoryParams()
    if params.linkage not in LINKAGES:
        raise ValueError(f"linkage {params.linkage!r} is not one of {', '.join(LINKAGES)}")
    return _cluster(items, params, background)


def labels_of(stories: Sequence[Story]) -> dict[ArticleKey, str]:
    """Article key -> story id."""
    return {a.key: s.id for s in stories for a in s.articles}


def recluster(items: Sequence[StoryFeatures], params: StoryParams | None = None) -> StoryLinker:
    """A full re-cluster (``cluster_stories``) as an incremental linker, so that articles added
    later attach to the re-clustered stories."""
    params = params or StoryParams()
    by_key = {f.key: f for f in items}
    linker = StoryLinker(params)
    linker.place_stories((story.id, [(by_key[m.key], m.similarity) for m in story.articles])
                         for story in cluster_stories(items, params))
    return linker


def attach(linker: StoryLinker, fresh: Sequence[StoryFeatures],
           features_of: Callable[[list[ArticleKey]], list[StoryFeatures]]) -> None:
    """Attach new articles to a linker's stories the way the full re-cluster would group them.

    Each new article is compared not with story centroids one at a time (``StoryLinker.add``)
    but clustered (``cluster_stories``, IDF of the whole corpus) together with the other new
    articles and every member of the stories they could join (``StoryLinker.candidates``:
    blocking and the time window), so the cost grows with the new articles and the stories
    they touch. A cluster holding members of stored stories gives its new articles to the
    stored story most of them belong to; one of new articles only is a new story. Stored
    stories are never merged, split or relabelled. A wire copy of a stored article joins its
    original's story first. ``features_of(keys)``: the features of stored articles, asked once
    for every member of the stories in reach (a store reads them in a few queries)."""
    rest = []
    for f in fresh:
        if f.copy_of is not None and linker.story_of(f.copy_of) is not None:
            linker.add(f)
        else:
            rest.append(f)
    if not rest:
        return
    linker.prefetch(rest)
    touched: dict[str, list[ArticleKey]] = {}
    for f in rest:
        for sid, members in linker.candidates(f):
            touched.setdefault(sid, members)
    old_story = {key: sid for sid, members in touched.items() for key in members}
    items = features_of(list(old_story)) + list(rest)
    linker.prefetch(items, postings=False)  # the background's document frequencies
    background = (linker.df, linker.n + len(rest))
    by_key = {f.key: f for f in rest}
    placed = []
    for story in cluster_stories(items, linker.params, background):
        new = [a for a in story.articles if a.key in by_key]
        if not new:
            continue
        votes = Counter(old_story[a.key] for a in story.articles if a.key in old_story)
        target = votes.most_common(1)[0][0] if votes else linker.new_story_id()
        placed.append((target, [(by_key[a.key], a.similarity) for a in sorted(new, key=lambda a: by_key[a.key].order)]))
    linker.place_stories(placed)


def _pair_matrices(items: Sequence[StoryFeatures], params: StoryParams, background: Background | None = None):
    """Row-normalised TF-IDF matrices of the word, detail and time channels, and the blocking
    matrix of each item's distinctive features (IDF over the items, or over ``background``)."""
    from scipy import sparse

    n = len(items)
    # feature -> column, in order of first use, and the documents of each column: one dict, not
    # a Counter and a dict beside it (a corpus has millions of features, most in one article)
    vocab: dict[str, int] = {}
    counted: list[int] = []
    for f in items:
        for t in present(f.counts):
            col = vocab.get(t)
            if col is None:
                vocab[t] = len(counted)
                counted.append(1)
            else:
                counted[col] += 1
    docs = n  # the documents the IDF is over
    if background is not None:
        corpus_df, docs = background
        counted = [max(c, corpus_df.get(t, 0)) for t, c in zip(vocab, counted)]
        docs = max(docs, n)
    weight = np.array([idf(docs, c) for c in counted])
    channels = np.array([channel(t) for t in vocab], dtype=np.int8)
    limit = max(params.min_df_cap, params.max_df * docs)
    dfv = np.array(counted)
    del counted
    rows, cols, vals = [], [], []
    brows, bcols = [], []
    for i, f in enumerate(items):
        v = sublinear_unit(f.counts)  # made again here, not kept: a corpus's vectors are gigabytes
        idx = np.fromiter((vocab[t] for t in v), dtype=np.int32, count=len(v))
        w = np.fromiter(v.values(), dtype=np.float64, count=len(v)) * weight[idx]
        rows.append(np.full(len(idx), i, dtype=np.int32))
        cols.append(idx)
        vals.append(w)
        ok = (dfv[idx] <= limit) & (channels[idx] < CHANNELS)
        if ok.any():
            cand, cw = idx[ok], w[ok]
            top = cand[np.argsort(-cw, kind="stable")[: params.block_terms]]
            brows.append(np.full(len(top), i))
            bcols.append(top)
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    x = np.concatenate(vals) if vals else np.zeros(0)
    del rows, cols, vals
    X = sparse.csr_matrix((x, (r, c)), shape=(n, len(vocab)))
    del r, c, x
    out = []
    for k in (0, 1, 2):
        mask = channels == k
        M = X @ sparse.diags(mask.astype(np.float64))
        M.eliminate_zeros()
        norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
        inv = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
        out.append(sparse.csr_matrix(sparse.diags(inv) @ M))
        del M
    del X
    br = np.concatenate(brows) if brows else np.zeros(0, dtype=np.int64)
    bc = np.concatenate(bcols) if bcols else np.zeros(0, dtype=np.int64)
    B = sparse.csr_matrix((np.ones(len(br)), (br, bc)), shape=(n, len(vocab)))
    return out[0], out[1], out[2], B


def _evidence_pairs(items: Sequence[StoryFeatures], params: StoryParams) -> np.ndarray:
    """Codes ``i * n + j`` (i < j) of the pairs that share strong evidence (``x:`` features)
    close enough in time (``StoryParams.evidence_days``; a quote run also when a side is
    undated)."""
    from scipy import sparse

    n = len(items)
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for i, f in enumerate(items):
        for t in f.counts:
            if t.startswith(EVIDENCE):
                rows.append(i)
                cols.append(vocab.setdefault(t, len(vocab)))
    if not rows:
        return np.zeros(0, dtype=np.int64)
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(vocab)))
    quote = np.array([t.startswith(QUOTE_EVIDENCE) for t in vocab], dtype=np.float64)
    shared = sparse.triu(X @ X.T, k=1).tocoo()
    quoted = sparse.triu((X @ sparse.diags(quote)) @ X.T, k=1).tocoo()
    I, J = shared.row.astype(np.int64), shared.col.astype(np.int64)
    days = np.array([d if (d := f.day) is not None else -10**9 for f in items], dtype=np.int64)
    dated = (days[I] > -10**9) & (days[J] > -10**9)
    near = np.abs(days[I] - days[J]) <= params.evidence_days
    codes = I * n + J
    by_quote = np.isin(codes, quoted.row.astype(np.int64) * n + quoted.col.astype(np.int64))
    return codes[np.where(dated, near, by_quote)]


def _other_days(items: Sequence[StoryFeatures], I: np.ndarray, J: np.ndarray) -> np.ndarray:
    """Whether each pair is two dated articles whose leads name days (``d:``), none shared."""
    said = [said_days(f.counts) if f.day is not None else frozenset() for f in items]
    return np.fromiter((other_days(said[i], said[j]) for i, j in zip(I.tolist(), J.tolist())), dtype=bool,
                       count=len(I))


def _candidate_pairs(items, B, params: StoryParams, chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) pairs, i < j: blocked candidates, each article's ``pair_candidates`` best by
    shared distinctive features, within the time window when both are dated."""
    n = len(items)
    days = np.array([d if (d := f.day) is not None else -10**9 for f in items], dtype=np.int64)
    dated = days > -10**9
    Bt = B.T.tocsr()
    I, J = [], []
    k = params.pair_candidates
    for lo in range(0, n, chunk):
        C = (B[lo:lo + chunk] @ Bt).tocsr()
        for r in range(C.shape[0]):
            i = lo + r
            s, e = C.indptr[r], C.indptr[r + 1]
            js, cnt = C.indices[s:e], C.data[s:e]
            keep = (cnt >= params.min_shared) & (js != i)
            if dated[i]:
                keep &= ~dated[js] | (np.abs(days[js] - days[i]) <= params.window_days)
            js, cnt = js[keep], cnt[keep]
            if len(js) > k:
                sel = np.argsort(-cnt, kind="stable")[:k]
                js = js[sel]
            I.append(np.full(len(js), i))
            J.append(js)
    if not I:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    a, b = np.concatenate(I), np.concatenate(J)
    lo_, hi_ = np.minimum(a, b), np.maximum(a, b)
    pairs = np.unique(lo_.astype(np.int64) * n + hi_)
    return pairs // n, pairs % n


def _rowdot(A, B, I, J, chunk: int = 5_000) -> np.ndarray:
    """Row ``I[k]`` of ``A`` dot row ``J[k]`` of ``B`` for each pair, ``chunk`` pairs at a time:
    the rows sliced out for 50,000 pairs took 700 MB at 3,840 articles, and were no faster."""
    out = np.zeros(len(I))
    for lo in range(0, len(I), chunk):
        a, b = A[I[lo:lo + chunk]], B[J[lo:lo + chunk]]
        out[lo:lo + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def pair_similarities(items: Sequence[StoryFeatures], params: StoryParams | None = None,
                      background: Background | None = None):
    """Blocked candidate pairs ``(I, J, sim)`` of ``items`` with the similarity
    ``cluster_stories`` uses (see ``StoryParams``)."""
    params = params or StoryParams()
    Xw, Xd, Xt, B = _pair_matrices(items, params, background)
    I, J = _candidate_pairs(items, B, params)
    n = len(items)
    evidence = _evidence_pairs(items, params)
    codes = np.union1d(I * n + J, evidence)
    I, J = codes // n, codes % n
    cw = _rowdot(Xw, Xw, I, J)
    cd = _rowdot(Xd, Xd, I, J)
    has_d = np.asarray(Xd.getnnz(axis=1) > 0)
    both = has_d[I] & has_d[J]
    a = params.detail_share
    sim = np.where(both, np.power(np.clip(cw, 0, None), 1 - a) * np.power(np.clip(cd, 0, None), a), cw)
    if params.time_conflict < 1.0:
        # dated pairs are within the time window (blocking): the event's time is known to
        # agree, so the times they name are background ("built in 1971", "a 2022 report")
        has_t = np.asarray(Xt.getnnz(axis=1) > 0)
        dated = np.array([f.day is not None for f in items], dtype=bool)
        apply = has_t[I] & has_t[J] & ~(dated[I] & dated[J])
        ct = np.clip(_rowdot(Xt, Xt, I, J), 0.0, 1.0)
        factor = params.time_conflict + (1.0 - params.time_conflict) * ct
        sim = np.where(apply, sim * factor, sim)
    if params.day_conflict < 1.0:
        sim = np.where(_other_days(items, I, J), sim * params.day_conflict, sim)
    embs = [f.embedding for f in items]
    with_emb = all(e is not None for e in embs) and len(embs) > 0
    if with_emb:
        E = np.vstack(embs)
        dense = np.einsum("ij,ij->i", E[I], E[J]) if len(I) else np.zeros(0)
        w = params.embedding_weight
        sim = (1 - w) * sim + w * dense
    sim = np.where(np.isin(codes, evidence), np.maximum(sim, params.evidence_floor), sim)
    return I, J, sim, with_emb


def _components(n: int, links: list[tuple[int, int]]) -> list[int]:
    """The connected component of each of ``n`` nodes joined by ``links``, numbered from 0 in
    the order of each component's lowest node (so numbers compare as those nodes do): the
    groups that wire-copy links, or the merges of a clustering, make of single items."""
    from scipy import sparse
    from scipy.sparse.csgraph import connected_components

    ends = np.array(links, dtype=np.int64).reshape(-1, 2)
    graph = sparse.coo_matrix((np.ones(len(ends)), (ends[:, 0], ends[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1].tolist()


def _average_linkage(n: int, I, J, S, threshold: float, groups: list[int],
                     apart: float | None = None) -> list[int]:
    """Average-linkage agglomerative clustering over sparse similarities (absent pairs count
    as 0), starting from ``groups`` (initial cluster of each item, a number below ``n``; ties
    merge the lowest numbers first); merges while the best average is at least ``threshold``.
    With ``apart``, two clusters of two items or more each are never merged when the
    normalised cut between them within their union is at most ``apart`` (they are two groups
    that each hang together, as ``_ncut_refine`` splits them). Returns a cluster label per item."""
    size: dict[int, int] = Counter(groups)
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    within: dict[int, float] = defaultdict(float)
    for i, j, s in zip(I.tolist(), J.tolist(), S.tolist()):
        a, b = groups[i], groups[j]
        if s <= 0:
            continue
        if a == b:
            within[a] += s
            continue
        sums[a][b] = sums[a].get(b, 0.0) + s
        sums[b][a] = sums[b].get(a, 0.0) + s
    version = dict.fromkeys(size, 0)
    heap = []
    for a, nb in sums.items():
        for b, s in nb.items():
            if a < b:
                heap.append((-s / (size[a] * size[b]), a, b, 0, 0))
    heapq.heapify(heap)
    merged: list[tuple[int, int]] = []
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if -neg < threshold:
            break
        if a not in version or b not in version or version[a] != va or version[b] != vb:
            continue
        if apart is not None and min(size[a], size[b]) >= 2:
            cut = sums[a][b]
            if cut / (2 * within[a] + cut) + cut / (2 * within[b] + cut) <= apart:
                continue
        if size[a] < size[b]:
            a, b = b, a
        # merge b into a
        nb_b = sums.pop(b, {})
        nb_a = sums[a]
        within[a] += within.pop(b, 0.0) + nb_a.pop(b, 0.0)
        for c, s in nb_b.items():
            if c == a:
                continue
            nb_a[c] = nb_a.get(c, 0.0) + s
            nc = sums[c]
            nc[a] = nc.get(a, 0.0) + nc.pop(b, 0.0)
        size[a] += size.pop(b)
        version.pop(b)
        version[a] += 1
        merged.append((a, b))
        for c, s in nb_a.items():
            x, y = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-s / (size[a] * size[c]), x, y, version[x], version[y]))
    label = _components(n, merged)
    return [label[g] for g in groups]


def _fiedler_order(W, deg: np.ndarray) -> np.ndarray:
    """Nodes ordered by the Fiedler vector of the normalised Laplacian of the symmetric sparse
    affinity ``W`` (Shi & Malik): the ordering along which the best normalised cut lies."""
    from scipy import sparse
    from scipy.sparse.linalg import eigsh

    m = W.shape[0]
    dm = 1.0 / np.sqrt(np.maximum(deg, 1e-12))
    A = sparse.diags(dm) @ W @ sparse.diags(dm)  # normalised affinity; Laplacian = I - A
    if m <= 400:
        _, vecs = np.linalg.eigh(A.toarray())
        v = vecs[:, -2]  # second largest eigenvalue of A = second smallest of the Laplacian
    else:
        rng = np.random.default_rng(0)
        _, vecs = eigsh(A.tocsr(), k=2, which="LA", v0=rng.random(m), tol=1e-6, maxiter=5000)
        v = vecs[:, 0]
    return np.argsort(v * dm, kind="stable")


def _best_ncut(W, deg: np.ndarray) -> tuple[np.ndarray, float]:
    """The normalised cut with the least ``cut/vol(A) + cut/vol(B)`` among the splits of the
    Fiedler ordering: (mask of part A, its value). Cut and volumes are updated as each node
    moves to A, so the sweep costs one pass over the edges."""
    m = W.shape[0]
    order = _fiedler_order(W, deg)
    W = W.tocsr()
    in_a = np.zeros(m, dtype=bool)
    vol_all = float(deg.sum())
    cut = vol_a = 0.0
    best, best_k = math.inf, 1
    for k, v in enumerate(order[:-1], 1):
        s, e = W.indptr[v], W.indptr[v + 1]
        nb, w = W.indices[s:e], W.data[s:e]
        to_a = float(w[in_a[nb]].sum())
        cut += float(deg[v]) - 2.0 * to_a  # edges to B join the cut, edges to A leave it
        in_a[v] = True
        vol_a += float(deg[v])
        vol_b = vol_all - vol_a
        value = (cut / vol_a if vol_a > 0 else math.inf) + (cut / vol_b if vol_b > 0 else math.inf)
        if value < best:
            best, best_k = value, k
    mask = np.zeros(m, dtype=bool)
    mask[order[:best_k]] = True
    return mask, best


def _ncut_refine(n: int, I, J, S, labels: list[int], groups: list[int], threshold: float,
                 ncut_max: float) -> list[int]:
    """Split each gathered cluster top-down (recursive two-way normalised cut over the
    blocked similarities; wire-copy groups stay whole). A part is split off when the mean
    similarity across the cut (pairs never scored count 0) is below ``threshold`` -- the two
    parts are not one event by the average-linkage rule --, or when the cut is a clear one,
    ``ncut <= ncut_max``, with at least two articles on each side: the cluster holds two
    groups of articles that each hang together more than they do with each other (two quakes
    whose reports share the vocabulary of quakes), however similar the vocabulary makes them."""
    from scipy import sparse

    # nodes: the initial groups (wire copies with their original)
    node_of: dict[int, int] = {}
    for g in groups:
        node_of.setdefault(g, len(node_of))
    node = np.array([node_of[g] for g in groups], dtype=np.int64)
    size = np.bincount(node, minlength=len(node_of)).astype(np.float64)
    ni, nj = node[I], node[J]
    keep = (ni != nj) & (S > 0)
    W_all = sparse.coo_matrix((S[keep], (ni[keep], nj[keep])), shape=(len(node_of),) * 2).tocsr()
    W_all = (W_all + W_all.T).tocsr()
    label_of_node = np.zeros(len(node_of), dtype=np.int64)
    for i in range(n):
        label_of_node[node[i]] = labels[i]
    members: dict[int, list[int]] = defaultdict(list)
    for v, lab in enumerate(label_of_node.tolist()):
        members[lab].append(v)
    final = np.zeros(len(node_of), dtype=np.int64)
    next_label = 0
    stack = [np.array(v, dtype=np.int64) for v in members.values()]
    while stack:
        nodes = stack.pop()
        split = None
        if len(nodes) >= 2:
            W = W_all[nodes][:, nodes]
            deg = np.asarray(W.sum(axis=1)).ravel()
            mask, value = _best_ncut(W, deg)
            a_n, b_n = float(size[nodes[mask]].sum()), float(size[nodes[~mask]].sum())
            cross = float(W[mask][:, ~mask].sum())
            if cross / (a_n * b_n) < threshold or (value <= ncut_max and min(a_n, b_n) >= 2):
                split = mask
        if split is None:
            final[nodes] = next_label
            next_label += 1
        else:
            stack.append(nodes[split])
            stack.append(nodes[~split])
    return final[node].tolist()


def _split_gathered(n: int, I, J, S, labels: list[int], groups: list[int], threshold: float,
                    ncut_max: float) -> list[int]:
    """The gathered clusters cut (``_ncut_refine``), then parts of two articles or more joined
    again by average linkage at ``threshold`` unless a clear cut lies between them: the most
    balanced cut of a cluster can set an outlier on one side, so that the mean similarity
    across it falls under the threshold and one event's reports end in two parts (an attack's
    reports and its reactions, with a report of another day between them). A lone article
    stays out: its mean over one or two pairs is too thin a ground to undo a cut."""
    labels = _ncut_refine(n, I, J, S, labels, groups, threshold, ncut_max)
    size = Counter(labels)
    several = np.array([size[label] >= 2 for label in labels], dtype=bool)
    keep = several[I] & several[J]
    return _average_linkage(n, I[keep], J[keep], S[keep], threshold, labels, apart=ncut_max)


def _cluster(items: Sequence[StoryFeatures], params: StoryParams, background: Background | None = None) -> list[Story]:
    n = len(items)
    if n == 0:
        return []
    I, J, S, with_emb = pair_similarities(items, params, background)
    pos = {f.key: i for i, f in enumerate(items)}
    # wire copies start in their original's group
    copies = [(i, pos[f.copy_of]) for i, f in enumerate(items) if f.copy_of is not None and f.copy_of in pos]
    groups = _components(n, copies)
    thr = params.link_threshold_emb if with_emb else params.link_threshold
    if params.linkage == "ncut":
        gather = params.gather_threshold_emb if with_emb else params.gather_threshold
        labels = _average_linkage(n, I, J, S, gather, groups)
        labels = _split_gathered(n, I, J, S, labels, groups, thr, params.ncut_max)
    else:
        labels = _average_linkage(n, I, J, S, thr, groups)
    # each member's mean similarity to the other members
    tot = np.zeros(n)
    same = np.array([labels[i] == labels[j] for i, j in zip(I.tolist(), J.tolist())], dtype=bool)
    np.add.at(tot, I[same], S[same])
    np.add.at(tot, J[same], S[same])
    members: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        members[lab].append(i)
    mode = "tfidf+embeddings" if with_emb else "tfidf"
    stories = []
    for idx in members.values():
        arts = []
        for i in idx:
            f = items[i]
            sim = 1.0 if len(idx) == 1 else tot[i] / (len(idx) - 1)
            arts.append(StoryArticle(f.key[1], f.key[0], f.title, f.published, f.order, round(float(sim), 4),
                                     f.copy_of))
        arts.sort(key=lambda a: (a.published or "9999", a.order))
        stories.append(Story("", arts, mode))
    stories.sort(key=lambda s: (s.first_published or "9999", min(a.order for a in s.articles)))
    for i, s in enumerate(stories, 1):
        s.id = f"s{i}"
    return stories
