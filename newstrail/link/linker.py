"""The incremental story linker (``StoryLinker``) and its state as plain data.

``add`` attaches one article to the best existing story or opens a new one, without touching
the rest. Similarity between an article and a story combines the cosines of TF-IDF vectors (IDF
from the documents seen so far, ``link.weighting``) of three channels -- words, details, time --
against the story's centroid (see ``StoryParams``), mixed with the embedding cosine when both
sides have an embedding. Candidate stories come from *blocking*: an inverted index from each
story's most distinctive features (rare entities, words, quote shingles) to the story, with
short posting lists, and a time window around each story's dates; only the few stories sharing
at least ``min_shared`` distinctive features with the article are scored, so linking is
near-linear in the number of articles.

The store keeps the linker between runs as rows of plain data (``link.state``), and a linker
read back from them holds only every story's members and dates at first: the document
frequencies and postings of a term, and a story's centroid, are read when first needed
(``_need_terms``, ``_need_stories``), so a later link holds what its new articles touch, not
the corpus.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

from newstrail.link.features import StoryFeatures
from newstrail.link.params import StoryParams
from newstrail.link.records import ArticleKey, Story, StoryArticle
from newstrail.link.weighting import (CHANNELS, EVIDENCE, MARKS, QUOTE_EVIDENCE, channel, idf, other_days, present,
                                      said_days, sublinear_unit)


def _time_factor(cos_t: float | None, params: StoryParams) -> float:
    """How much the times two sides name scale their similarity: 1 when they name the same
    ones, ``time_conflict`` when they share none, in between by their cosine; 1 when a side
    names no time."""
    if cos_t is None or params.time_conflict >= 1.0:
        return 1.0
    return params.time_conflict + (1.0 - params.time_conflict) * max(0.0, min(1.0, cos_t))


def _combine(cos_w: float, cos_d: float | None, params: StoryParams) -> float:
    if cos_d is None:
        return cos_w
    if cos_w <= 0.0 or cos_d <= 0.0:
        return 0.0
    a = params.detail_share
    return cos_w ** (1.0 - a) * cos_d ** a


@dataclass(slots=True)
class _StoryState:
    sid: str
    members: list[StoryArticle] = field(default_factory=list)
    centroid: dict[str, float] = field(default_factory=dict)  # sum of members' sublinear unit tf
    emb_sum: np.ndarray | None = None
    emb_n: int = 0
    first: int | None = None
    last: int | None = None
    norm: float = 0.0
    norm_e: float = 0.0
    norm_n: int = -1  # documents seen when ``norm`` was computed
    norm_t: float = 0.0
    loaded: bool = True  # False: members and dates only, the rest still in the stored state


class StoryLinker:
    """Incremental story linking. ``add(features) -> story id`` attaches one article.

    State: per-feature document frequencies (unless ``frozen_df`` is given), each story's
    centroid, dates and embedding mean, and the blocking index. ``stories()`` returns the
    ``Story`` records; ``story_of(key)`` the story id of an article added before.
    ``frozen_df``/``frozen_n``: document frequencies fixed beforehand (over a whole corpus), not
    counted as articles arrive.
    """

    def __init__(self, params: StoryParams | None = None, *, frozen_df: dict[str, int] | None = None,
                 frozen_n: int | None = None, id_prefix: str = "s") -> None:
        self.params = params or StoryParams()
        self.df: dict[str, int] = dict(frozen_df or {})
        self.n = frozen_n or 0
        self.frozen = frozen_df is not None
        self._stories: dict[str, _StoryState] = {}
        # feature -> recent story ids, ``posting_cap`` at most: lists, not capped deques, which
        # cost 600 bytes each and, one per feature of millions, were most of a corpus's linker
        self._index: dict[str, list[str]] = {}
        self._by_key: dict[ArticleKey, str] = {}
        self._next = 1
        self._prefix = id_prefix
        self.uses_embeddings = False
        # a linker read from stored rows (``link.state``): what reads more of them, and each
        # term read with the (document frequency, posting) it was stored with (posting None:
        # not read, the frequency alone was needed)
        self.rows = None
        self.read: dict[str, tuple[int, tuple[str, ...] | None]] = {}

    # -- a stored state read as needed
    def _need_terms(self, terms: Iterable[str], postings: bool = True) -> None:
        """Read the document frequencies (and postings) of ``terms`` not read yet from the
        stored rows (a linker held whole has them all)."""
        if self.rows is None:
            return
        read = self.read
        missing = [t for t in dict.fromkeys(terms) if (was := read.get(t)) is None or (postings and was[1] is None)]
        if not missing:
            return
        for term in missing:
            read[term] = (0, () if postings else None)
        cap = self.params.posting_cap
        for term, df, posting in self.rows.terms(missing, postings):
            if df:
                self.df[term] = df
            if posting:
                self._index[term] = posting[len(posting) - cap:] if len(posting) > cap else posting
            read[term] = (df, tuple(posting) if postings else None)

    def _need_stories(self, sids: Iterable[str]) -> None:
        """Read the centroids (and embedding sums, cached norms) of stories known only by
        their members, and the document frequencies of their centroids' terms."""
        if self.rows is None:
            return
        missing = [sid for sid in dict.fromkeys(sids) if sid in self._stories and not self._stories[sid].loaded]
        if not missing:
            return
        for st in self.rows.stories(missing):
            light = self._stories[st.sid]
            st.members, st.first, st.last = light.members, light.first, light.last
            self._stories[st.sid] = st
        self._need_terms((t for sid in missing for t in self._stories[sid].centroid), postings=False)

    def prefetch(self, items: Iterable[StoryFeatures], postings: bool = True) -> None:
        """Read at once what linking ``items`` will look up, their terms' document frequencies
        and (unless only their IDF is wanted) postings: one batch instead of one per article."""
        self._need_terms((t for f in items for t in f.counts), postings)

    def changed_terms(self) -> Iterable[tuple[str, int, list[str]]]:
        """(term, document frequency, posting) of every term of a linker held whole, or of
        those whose frequency or posting changed since they were read (``rows``)."""
        df, index = self.df, self._index
        if self.rows is None:
            yield from ((t, df.get(t, 0), index.get(t, [])) for t in dict.fromkeys([*df, *index]))
            return
        for term, was in self.read.items():
            now = (df.get(term, 0), index.get(term, []))
            if was[1] is None:  # its stored posting was not read: written, it would be lost
                if now[0] != was[0] or now[1]:
                    raise RuntimeError(f"term {term!r} changed without its stored posting read")
            elif now[0] != was[0] or tuple(now[1]) != was[1]:
                yield term, now[0], now[1]

    def changed_stories(self) -> list[_StoryState]:
        """Every story of a linker held whole; of one read from rows, the stories read whole
        (the stories new articles could join: their members, centroids or cached norms may
        have changed) and the new ones."""
        return [st for st in self._stories.values() if st.loaded]

    # -- idf
    def idf(self, term: str) -> float:
        return idf(self.n, self.df.get(term, 0))

    def _story_norms(self, st: _StoryState) -> tuple[float, float, float]:
        if st.norm_n < 0 or self.n > st.norm_n * 1.05 + 1:  # IDF drifts slowly: refresh at 5% growth
            sq = [0.0, 0.0, 0.0]
            for t, v in st.centroid.items():
                k = channel(t)
                if k < CHANNELS:
                    w = v * self.idf(t)
                    sq[k] += w * w
            st.norm = math.sqrt(sq[0]) or 1e-12
            st.norm_e = math.sqrt(sq[1])
            st.norm_t = math.sqrt(sq[2])
            st.norm_n = self.n
        return st.norm, st.norm_e, st.norm_t

    def _idfs(self, vec: dict[str, float]) -> dict[str, float]:
        n, df = self.n, self.df
        return {t: idf(n, df.get(t, 0)) for t in vec}

    def _distinctive(self, vec: dict[str, float], k: int, idf_a: dict[str, float] | None = None) -> list[str]:
        limit = max(self.params.min_df_cap, self.params.max_df * self.n)
        idf_a = idf_a or self._idfs(vec)
        df = self.df
        scored = [(v * idf_a[t], t) for t, v in vec.items() if df.get(t, 0) <= limit and not t.startswith(MARKS)]
        scored.sort(reverse=True)
        return [t for _, t in scored[:k]]

    def channel_cosines(self, vec: dict[str, float], st: _StoryState,
                        idf_a: dict[str, float] | None = None) -> tuple[float, float | None, float | None]:
        """(word-channel cosine, detail-channel cosine, time-channel cosine) of an article
        vector against a story centroid, TF-IDF weighted; a channel's cosine is None when
        either side has none of its features."""
        num = [0.0, 0.0, 0.0]
        sq = [0.0, 0.0, 0.0]
        cen = st.centroid
        idf_a = idf_a or self._idfs(vec)
        for t, v in vec.items():
            k = channel(t)
            if k >= CHANNELS:
                continue
            idf = idf_a[t]
            w = v * idf
            sq[k] += w * w
            c = cen.get(t)
            if c is not None:
                num[k] += w * c * idf
        norms = self._story_norms(st)
        cos_w = num[0] / (math.sqrt(sq[0]) * norms[0]) if sq[0] > 0 and num[0] else 0.0
        out: list[float | None] = [cos_w]
        for k in (1, 2):
            out.append(None if sq[k] == 0.0 or norms[k] == 0.0 else num[k] / (math.sqrt(sq[k]) * norms[k]))
        return out[0], out[1], out[2]

    def similarity(self, vec: dict[str, float], st: _StoryState, emb: np.ndarray | None = None,
                   idf_a: dict[str, float] | None = None, day: int | None = None) -> float:
        """Weighted geometric mean of the word and detail channel cosines (what happened, and
        who, where, how many: both must agree), the word cosine alone when details are missing
        on a side, times the time factor (``_time_factor``: when) unless both sides are dated;
        mixed with the embedding cosine when both sides have embeddings."""
        cos_w, cos_e, cos_t = self.channel_cosines(vec, st, idf_a)
        sim = _combine(cos_w, cos_e, self.params)
        if day is None or st.first is None:
            sim *= _time_factor(cos_t, self.params)
        elif self.params.day_conflict < 1.0 and other_days(said_days(vec), said_days(st.centroid)):
            sim *= self.params.day_conflict
        if emb is not None and st.emb_sum is not None:
            mean = st.emb_sum / (np.linalg.norm(st.emb_sum) or 1.0)
            w = self.params.embedding_weight
            sim = (1 - w) * sim + w * float(np.dot(emb, mean))
        if self._evidence(vec, st, day):
            sim = max(sim, self.params.evidence_floor)
        return sim

    def _evidence(self, vec: dict[str, float], st: _StoryState, day: int | None) -> bool:
        """Whether the article and the story share strong evidence (``StoryParams``: a verbatim
        quote run or a specific lead figure) close enough in time."""
        shared = [t for t in vec if t.startswith(EVIDENCE) and t in st.centroid]
        if not shared:
            return False
        if day is not None and st.first is not None:
            d = self.params.evidence_days
            return st.first - d <= day <= st.last + d
        return any(t.startswith(QUOTE_EVIDENCE) for t in shared)

    def _threshold(self, emb: np.ndarray | None, st: _StoryState) -> float:
        if emb is not None and st.emb_sum is not None:
            return self.params.threshold_emb
        return self.params.threshold

    # -- candidates
    def _candidates(self, vec: dict[str, float], day: int | None,
                    idf_a: dict[str, float] | None = None) -> list[_StoryState]:
        hits: Counter = Counter()
        for term in self._distinctive(vec, self.params.block_terms, idf_a):
            posting = self._index.get(term)
            if posting:
                for sid in dict.fromkeys(posting):  # each once, in posting order (see below)
                    hits[sid] += 1
        # stories sharing as many features are cut at ``max_candidates`` in the order they were
        # met: the order of a set of ids changes with each process's string hashing, and with it
        # which stories a later link scored
        evidence = dict.fromkeys(sid for t in vec if t.startswith(EVIDENCE) for sid in self._index.get(t, ()))
        for sid in evidence:
            hits[sid] += self.params.min_shared  # strong evidence makes a story a candidate alone
        out = []
        for sid, n in hits.most_common():
            if n < self.params.min_shared:
                break
            if sid not in self._stories:
                continue
            st = self._stories[sid]
            if day is not None and st.first is not None:
                w = self.params.window_days
                if day < st.first - w or day > st.last + w:
                    continue
            out.append(st)
            if len(out) >= self.params.max_candidates:
                break
        return out  # of a linker read from rows, maybe members and days only (``_need_stories``)

    def candidates(self, feats: StoryFeatures) -> list[tuple[str, list[ArticleKey]]]:
        """(story id, member keys) of the stories ``feats`` could join: blocked by shared
        distinctive features or strong evidence, within the time window."""
        vec = sublinear_unit(feats.counts)
        self._need_terms(vec)
        return [(st.sid, [m.key for m in st.members]) for st in self._candidates(vec, feats.day)]

    def new_story_id(self) -> str:
        """A story id no story has yet (the story opens when ``place`` puts an article in it)."""
        sid = f"{self._prefix}{self._next}"
        self._next += 1
        return sid

    # -- mutation
    def _new_story(self) -> _StoryState:
        st = _StoryState(self.new_story_id())
        self._stories[st.sid] = st
        return st

    def _join(self, st: _StoryState, feats: StoryFeatures, vec: dict[str, float], sim: float,
              copy_of: ArticleKey | None = None, idf_a: dict[str, float] | None = None, prune: bool = True) -> None:
        if not st.loaded:  # joined to its members alone, its centroid would be stored without the rest
            raise RuntimeError(f"story {st.sid} was joined before its stored centroid was read")
        st.members.append(StoryArticle(feats.key[1], feats.key[0], feats.title, feats.published, feats.order,
                                       round(sim, 4), copy_of))
        cen = st.centroid
        for t, v in vec.items():
            cen[t] = cen.get(t, 0.0) + v
        if prune:
            self._prune(st)
        st.norm_n = -1
        if feats.embedding is not None:
            st.emb_sum = feats.embedding.copy() if st.emb_sum is None else st.emb_sum + feats.embedding
            st.emb_n += 1
        day = feats.day
        if day is not None:
            st.first = day if st.first is None else min(st.first, day)
            st.last = day if st.last is None else max(st.last, day)
        for term in self._distinctive(vec, self.params.index_terms, idf_a):
            self._post(term, st.sid)
        for term in vec:
            if term.startswith(EVIDENCE):
                self._post(term, st.sid)
        self._by_key[feats.key] = st.sid

    def _prune(self, st: _StoryState) -> None:
        """Keep a story's ``centroid_terms`` heaviest features once it holds half as many again
        (evidence and said days are kept whole: they are no weight)."""
        if len(st.centroid) <= self.params.centroid_terms * 1.5:
            return
        kept = [kv for kv in st.centroid.items() if not kv[0].startswith(MARKS)]
        top = heapq.nlargest(self.params.centroid_terms, kept, key=lambda kv: kv[1] * self.idf(kv[0]))
        st.centroid = dict(top) | {t: v for t, v in st.centroid.items() if t.startswith(MARKS)}

    def _post(self, term: str, sid: str) -> None:
        """Index a story under one of its distinctive features (most recent stories kept)."""
        posting = self._index.get(term)
        if posting is None:
            posting = self._index[term] = []
        if not posting or posting[-1] != sid:
            posting.append(sid)
            del posting[:len(posting) - self.params.posting_cap]  # the oldest past the cap

    def place_stories(self, stories: Iterable[tuple[str, Sequence[tuple[StoryFeatures, float]]]]) -> None:
        """Put articles in given stories (each opened under its id if new), without searching:
        how a full re-cluster's result, or the stored stories, become the state later articles
        are linked against. The articles are counted into the document frequencies first, so
        each is indexed by the features distinctive in the whole batch and each story's
        centroid is pruned once, with the batch's IDF -- not once per member at a running IDF,
        which cost most of a full link's placing. Each article's vector is made when it is
        placed and not kept: a corpus's vectors at once are gigabytes. Articles placed before
        are skipped."""
        batch, seen = [], set(self._by_key)
        for sid, members in stories:
            fresh = []
            for feats, sim in members:
                if feats.key not in seen:
                    seen.add(feats.key)
                    fresh.append((feats, sim))
            batch.append((sid, fresh))
        self._need_terms(t for _, fresh in batch for feats, _ in fresh for t in feats.counts)
        self._need_stories(sid for sid, fresh in batch if fresh)
        if not self.frozen:
            df = self.df
            for _, fresh in batch:
                for feats, _ in fresh:
                    for t in present(feats.counts):
                        df[t] = df.get(t, 0) + 1
                    self.n += 1
        for sid, fresh in batch:
            if not fresh:
                continue
            st = self._stories.get(sid)
            if st is None:
                st = self._stories[sid] = _StoryState(sid)
                if sid.startswith(self._prefix) and sid[len(self._prefix):].isdigit():
                    self._next = max(self._next, int(sid[len(self._prefix):]) + 1)
            for feats, sim in fresh:
                if feats.embedding is not None:
                    self.uses_embeddings = True
                vec = sublinear_unit(feats.counts)
                self._join(st, feats, vec, sim, copy_of=feats.copy_of, prune=False)
            self._prune(st)

    def add(self, feats: StoryFeatures) -> str:
        """Attach one article; returns its story id. Re-adding a key returns its story."""
        if feats.key in self._by_key:
            return self._by_key[feats.key]
        vec = sublinear_unit(feats.counts)
        self._need_terms(vec)
        if not self.frozen:
            self.n += 1
            df = self.df
            for t in vec:
                df[t] = df.get(t, 0) + 1
        if feats.embedding is not None:
            self.uses_embeddings = True
        idf_a = self._idfs(vec)
        day = feats.day
        if feats.copy_of is not None and feats.copy_of in self._by_key:
            self._need_stories([self._by_key[feats.copy_of]])
            st = self._stories[self._by_key[feats.copy_of]]
            self._join(st, feats, vec, self.similarity(vec, st, feats.embedding, idf_a, day), copy_of=feats.copy_of,
                       idf_a=idf_a)
            return st.sid
        best, best_sim = None, -1.0
        candidates = [st.sid for st in self._candidates(vec, day, idf_a=idf_a)]
        self._need_stories(candidates)
        for st in map(self._stories.__getitem__, candidates):
            sim = self.similarity(vec, st, feats.embedding, idf_a, day)
            if sim >= self._threshold(feats.embedding, st) and sim > best_sim:
                best, best_sim = st, sim
        if best is None:
            best, best_sim = self._new_story(), 1.0
        self._join(best, feats, vec, best_sim, copy_of=feats.copy_of, idf_a=idf_a)
        return best.sid

    def add_many(self, items: Iterable[StoryFeatures]) -> list[str]:
        return [self.add(f) for f in items]

    def story_of(self, key: ArticleKey) -> str | None:
        return self._by_key.get(key)

    @property
    def mode(self) -> str:
        return "tfidf+embeddings" if self.uses_embeddings else "tfidf"

    def stories(self) -> list[Story]:
        out = []
        for st in self._stories.values():
            if st.members:
                members = sorted(st.members, key=lambda a: (a.published or "9999", a.order))
                out.append(Story(st.sid, members, self.mode))
        return out
