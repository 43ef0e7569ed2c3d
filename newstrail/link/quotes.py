"""The same quotation carried by several articles.

Quotes are compared on normalised words: case, Unicode quote marks and punctuation are dropped,
an ellipsis ("...", "…", "[...]") splits a quote into segments, and each segment becomes word
3-grams (never across an ellipsis). Two quotes match when the shingles they share cover at
least ``min_containment`` of the shorter one's — so trimming, a partial quote of a longer one,
and a changed word or two still match — or, failing that, when nearly all the shorter one's
words occur in the longer one and some shingles are shared. Candidates come from an inverted
index over shingles (shingles shared by too many quotes are stock phrases and are skipped), so
matching is near-linear. Matched quotes are joined transitively (union-find) and kept when they
span at least ``min_articles`` articles.

``match_quotes(articles) -> list[QuoteCluster]``; each member records that article's speaker,
cue, medium and kind, and whether it carries only part of the longest version.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from newstrail.link.records import ArticleKey, QuoteCluster, QuoteMember

ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…|\[\s*(?:\.\s*){2,3}\]|\[\s*…\s*\]")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(slots=True)
class QuoteParams:
    shingle: int = 3
    min_words: int = 4  # shorter quotes ("a disaster") are not matched across articles
    min_containment: float = 0.5
    min_word_containment: float = 0.85
    max_posting: int = 300
    short_words: int = 8  # fragments shorter than this also need speakers that do not disagree
    min_articles: int = 2
    partial_ratio: float = 0.8  # a member with fewer than this share of the longest's words is partial


def normalise(text: str) -> list[list[str]]:
    """Word segments of a quote: lower-cased words, split at ellipses."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    out = []
    for seg in ELLIPSIS.split(text):
        seg = re.sub(r"(^|\s)'|'(\s|$)", " ", seg.lower())  # single quote marks, not apostrophes
        words = WORD.findall(seg)
        if words:
            out.append(words)
    return out


def shingles(segments: list[list[str]], n: int = 3) -> set[str]:
    out: set[str] = set()
    for words in segments:
        if len(words) < n:
            out.add(" ".join(words))
        else:
            out.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return out


def quote_similarity(a: str, b: str, n: int = 3) -> float:
    """Share of the shorter quote's shingles found in the other (0..1)."""
    sa, sb = shingles(normalise(a), n), shingles(normalise(b), n)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


class _UF:
    def __init__(self, n: int) -> None:
        self.p = list(range(n))

    def find(self, x: int) -> int:
        while self.p[x] != x:
            self.p[x] = self.p[self.p[x]]
            x = self.p[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def match_quotes(articles: Sequence, params: QuoteParams | None = None, *,
                 groups: Mapping[ArticleKey, str] | None = None,
                 orders: Mapping[ArticleKey, int] | None = None) -> list[QuoteCluster]:
    """Cluster the quotes of ``articles`` (``records.Article``, in ingest order).

    ``groups`` (article key -> story id) restricts matching to articles of one story;
    ``orders`` overrides ingest order (default: position in ``articles``). Clusters are
    numbered ``q1``, ``q2``... by their earliest member.
    """
    params = params or QuoteParams()
    items = []  # (article idx, quote idx, quote, segments, shingles, words)
    for ai, art in enumerate(articles):
        for qi, q in enumerate(art.quotes or []):
            segs = normalise(q.text)
            words = [w for s in segs for w in s]
            if len(words) < params.min_words:
                continue
            items.append((ai, qi, q, segs, shingles(segs, params.shingle), words))
    index: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for sh in item[4]:
            index[sh].append(i)
    uf = _UF(len(items))
    sims: dict[int, float] = {}
    key = [(articles[it[0]].source, articles[it[0]].id) for it in items]
    word_sets: dict[int, frozenset[str]] = {}  # built only for items that need the word test
    for i, (ai, _, _, _, sh_i, words_i) in enumerate(items):
        shared: dict[int, int] = defaultdict(int)
        for sh in sh_i:
            posting = index[sh]
            if len(posting) > params.max_posting:
                continue
            # postings are in item order: only the items after i are compared with it
            for j in posting[bisect_right(posting, i):]:
                if items[j][0] != ai:
                    shared[j] += 1
        for j, n in shared.items():
            if groups is not None and groups.get(key[i]) != groups.get(key[j]):
                continue
            sh_j, words_j = items[j][4], items[j][5]
            cont = n / min(len(sh_i), len(sh_j))
            ok = cont >= params.min_containment
            if not ok and n >= 2:  # the word test needs two shared shingles: most pairs stop here
                short, long_ = (words_i, j) if len(words_i) <= len(words_j) else (words_j, i)
                if long_ not in word_sets:
                    word_sets[long_] = frozenset(items[long_][5])
                long_set = word_sets[long_]
                wc = sum(1 for w in short if w in long_set) / len(short)
                ok = wc >= params.min_word_containment
                cont = max(cont, wc * 0.9)
            if ok and min(len(words_i), len(words_j)) < params.short_words:
                # a short fragment is only the same quote when the speakers do not disagree
                si, sj = items[i][2].speaker_entity, items[j][2].speaker_entity
                ok = not (si and sj and si.lower() != sj.lower())
            if ok:
                uf.union(i, j)
                sims[i] = max(sims.get(i, 0.0), cont)
                sims[j] = max(sims.get(j, 0.0), cont)
    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        by_root[uf.find(i)].append(i)
    clusters = []
    for members in by_root.values():
        arts = {items[i][0] for i in members}
        if len(arts) < params.min_articles:
            continue
        longest = max(members, key=lambda i: len(items[i][5]))
        n_long = len(items[longest][5])
        out = []
        for i in members:
            ai, qi, q, _, _, words = items[i]
            art = articles[ai]
            order = orders.get((art.source, art.id), ai) if orders else ai
            out.append(QuoteMember(
                article=art.id, source=art.source, published=art.published, order=order, index=qi,
                text=q.text, kind=q.kind, speaker=q.speaker, speaker_resolved=q.speaker_resolved,
                speaker_entity=q.speaker_entity, cue=q.cue, medium=q.medium,
                partial=len(words) < params.partial_ratio * n_long, similarity=round(sims.get(i, 1.0), 3)))
        out.sort(key=lambda m: (m.published is None, m.published or "", m.order, m.index))
        clusters.append(QuoteCluster("", items[longest][2].text, out))
    clusters.sort(key=lambda c: (c.members[0].published is None, c.members[0].published or "",
                                 c.members[0].order, c.members[0].index))
    for n, c in enumerate(clusters, 1):
        c.id = f"q{n}"
    return clusters
