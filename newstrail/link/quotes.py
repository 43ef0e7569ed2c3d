"""The same quotation carried by several articles.

Quotes are compared on normalised words: case, Unicode quote marks and punctuation are dropped,
an ellipsis ("...", "…", "[...]") splits a quote into segments, and each segment becomes word
3-grams (never across an ellipsis). Two quotes match when they share at least two shingles
and those cover at least ``min_containment`` of the shorter one's — so trimming, a partial
quote of a longer one, and a changed word or two still match — or, failing that, when nearly
all the shorter one's words occur in the longer one. Candidates come from an inverted index
over shingles (shingles shared by too many quotes are stock phrases and are skipped), so
matching is near-linear. Clusters form around their longest quote (star clustering, not
transitive closure) and are kept when they span at least ``min_articles`` articles.

``match_quotes(articles) -> list[QuoteCluster]``; each member records that article's speaker,
cue, medium and kind, and whether it carries only part of the longest version.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Collection, Mapping, Sequence

from newstrail.link.boilerplate import inside
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


def same_quote(items: list, i: int, j: int, n: int, params: QuoteParams,
                word_sets: dict[int, frozenset[str]]) -> float | None:
    """How far quotes ``i`` < ``j`` sharing ``n`` shingles are the same quote, or None."""
    sh_i, words_i = items[i][4], items[i][5]
    sh_j, words_j = items[j][4], items[j][5]
    if n < 2:  # one shared 3-gram ("to fight the") is a phrase, not a quote: most pairs stop here
        return None
    cont = n / min(len(sh_i), len(sh_j))
    ok = cont >= params.min_containment
    if not ok:
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
    return cont if ok else None


def _take_known(known: Sequence[QuoteCluster], items: list, key: list, lengths: list[int],
                center_of: dict[int, int], sims: dict[int, float]) -> None:
    """Restore the clusters found earlier (their members still among ``items``), each
    around its longest member."""
    where = {(key[i], it[1]): i for i, it in enumerate(items)}
    for cluster in known:
        present = [(where[(m.source, m.article), m.index], m.similarity) for m in cluster.members
                   if ((m.source, m.article), m.index) in where]
        if not present:
            continue
        center = min((i for i, _ in present), key=lambda i: (-lengths[i], i))
        for i, sim in present:
            center_of[i] = center
            sims[i] = sim


def match_quotes(articles: Sequence, params: QuoteParams | None = None, *,
                 groups: Mapping[ArticleKey, str] | None = None,
                 orders: Mapping[ArticleKey, int] | None = None,
                 known: Sequence[QuoteCluster] | None = None,
                 fresh: Collection[ArticleKey] | None = None,
                 boilerplate: Mapping[ArticleKey, list[tuple[int, int]]] | None = None,
                 stock: Collection[str] = ()) -> list[QuoteCluster]:
    """Cluster the quotes of ``articles`` (``records.Article``, in ingest order).

    ``groups`` (article key -> story id) restricts matching to articles of one story;
    ``orders`` overrides ingest order (default: position in ``articles``). Clusters are
    numbered ``q1``, ``q2``... by their earliest member.

    Incremental use: ``known`` are the clusters an earlier run found and ``fresh`` the keys
    of the articles added since. Only pairs with a fresh article are compared, so the cost
    grows with the fresh articles' quotes rather than the corpus's; the known clusters are
    kept as they are and a fresh quote joins one when it matches one of its quotes, as
    stories keep their articles when new ones arrive.

    ``boilerplate`` (article key -> character spans, see ``link.boilerplate``): quotes that
    start inside those spans are page furniture, not quotes, and are not matched.

    ``stock``: shingles to skip as stock phrases beside those of more than ``max_posting``
    quotes here (a part of a corpus, matched alone, skips the corpus's: ``spark.quotes``).
    """
    params = params or QuoteParams()
    # (article idx, quote idx, quote, None, shingles, words): the segments are not kept, and the
    # shingles (names shared between quotes) are a tuple; as sets with their segments, a corpus's
    # quotes took gigabytes, and matching only counts and walks them
    items = []
    for ai, art in enumerate(articles):
        furniture = boilerplate.get((art.source, art.id)) if boilerplate else None
        for qi, q in enumerate(art.quotes or []):
            if furniture and inside(q.start, furniture):
                continue
            segs = normalise(q.text)
            words = [w for s in segs for w in s]
            if len(words) < params.min_words:
                continue
            items.append((ai, qi, q, None, tuple(map(sys.intern, shingles(segs, params.shingle))), words))
    index: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for sh in item[4]:
            index[sh].append(i)
    key = [(articles[it[0]].source, articles[it[0]].id) for it in items]
    lengths = [len(it[5]) for it in items]
    center_of: dict[int, int] = {}  # item -> the longest quote of its cluster
    sims: dict[int, float] = {}  # item -> similarity to that quote
    is_fresh = None
    if fresh is not None:
        fresh = set(fresh)
        is_fresh = [k in fresh for k in key]
        _take_known(known or (), items, key, lengths, center_of, sims)
    matched: dict[int, list[tuple[int, float]]] = defaultdict(list)
    word_sets: dict[int, frozenset[str]] = {}  # built only for items that need the word test
    for i in range(len(items)):
        if is_fresh is not None and not is_fresh[i]:
            continue
        ai, sh_i = items[i][0], items[i][4]
        shared: dict[int, int] = defaultdict(int)
        for sh in sh_i:
            posting = index[sh]
            if len(posting) > params.max_posting or sh in stock:
                continue
            if is_fresh is None:  # postings are in item order: each pair once, from its first item
                for j in posting[bisect_right(posting, i):]:
                    if items[j][0] != ai:
                        shared[j] += 1
            else:  # a fresh item meets every other item, and a fresh pair once
                for j in posting:
                    if items[j][0] != ai and (j > i or not is_fresh[j]):
                        shared[j] += 1
        for j, n in shared.items():
            a, b = (i, j) if i < j else (j, i)
            if groups is not None and groups.get(key[a]) != groups.get(key[b]):
                continue
            cont = same_quote(items, a, b, n, params, word_sets)
            if cont is not None:
                matched[a].append((b, cont))
                matched[b].append((a, cont))
    # clusters grow from their longest quote, longest quotes first: a quote joins the cluster of
    # the longest head it matches, failing that the cluster of a member it matches (a fragment of
    # a fragment), or heads a cluster of its own. A quote never joins two clusters, so a short
    # fragment found in two different long quotes does not make them one quote (union-find did:
    # it chained 25,000 quotes of 6,600 corpus articles into one cluster through fragments)
    heads = set(center_of.values())
    for i in sorted(matched, key=lambda i: (-lengths[i], i)):
        if i in center_of:
            continue
        best = min(((j, cont) for j, cont in matched[i] if j in center_of),
                   key=lambda jc: (jc[0] not in heads, -lengths[center_of[jc[0]]], -jc[1], jc[0]), default=None)
        if best is None:
            heads.add(i)
            center_of[i] = i
            sims[i] = 1.0
        else:
            center_of[i] = center_of[best[0]]
            sims[i] = best[1]
    by_root: dict[int, list[int]] = defaultdict(list)
    for i, center in center_of.items():
        by_root[center].append(i)
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
