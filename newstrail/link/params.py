"""The knobs of story linking (``StoryParams``), shared by features, linker and re-cluster.

The defaults were chosen by ``bench/stories.py --tune`` on invented articles only
(``tests/data/story_corpora.py``: ``invented_events`` and ``invented_pairs`` seeds 1-4 -- two
events of each of seven kinds, several outlets each, undated -- plus the hand-written HARD,
ARTICLES and SHORT sets, each featurised with and without a parse), never on the ECB+ benchmark
the bench reports; then ``block_terms`` (30 -> 60), ``min_shared`` (2 -> 1) and ``threshold``
(0.3 -> 0.25) on the *tune* half of the real gold (``bench/findings.py``): long real reports of
one event share fewer distinctive features than the invented ones, so blocking missed pairs
and the incremental linker split them; and ``link_threshold`` (0.15 -> 0.14, the highest
value of a grid over it and ``ncut_max`` that gains tune-half pairs with no loss of tune-half
precision): real reports of one event from different angles (the attack, the reactions to
it) sit just under 0.15. The gold's report half and ECB+ are the check. A stored linker keeps the knobs it was made with (``link.state``).
"""

from __future__ import annotations

from dataclasses import dataclass

LINKAGES = ("ncut", "average")  # the full re-cluster's methods (``cluster_stories``)


@dataclass(slots=True)
class StoryParams:
    """Knobs of story linking.

    ``threshold`` (tf-idf only) / ``threshold_emb`` (mixed with embeddings): the least
    similarity at which an article joins a story. ``embedding_weight``: share of the embedding
    cosine in the mixed similarity. ``window_days``: a dated article only joins a story whose
    dates come within this many days of its own. ``block_terms``: how many of an article's most
    distinctive features it is looked up by; ``index_terms``: how many of them index a story on
    each join; ``posting_cap``: stories kept per feature (most recent); ``max_df``: features in
    more than this share of documents (and more than ``min_df_cap``) never block;
    ``min_shared``: distinctive features an article must share with a story to be scored
    against it; ``max_candidates``: stories scored per article; ``centroid_terms``: the most
    weighted features a story's centroid keeps. ``entity_weight``, ``lead_weight``, ``quote_weight``, ``figure_weight``:
    multipliers of those features' counts.

    What tells two events of one kind apart (two quakes, two celebrities in rehab) is mostly
    who, where, when and how many, while the event vocabulary is shared. So features fall into
    three channels: *words* (``w:`` lemmas, ``q:`` quote shingles, ``f:`` figure keys),
    *details* (``e:`` entities -- not URLs, dates, runs of a title-case headline or common nouns
    the text also writes in lower case --, ``n:`` numbers written in digits) and *time*
    (``y:`` years, ``t:2013-03`` / ``t:03-14`` calendar dates, ``t:thursday`` days of the week);
    ``central_weight`` multiplies entities of the headline and lead, ``year_weight``,
    ``number_weight``, ``date_weight`` and ``weekday_weight`` those features;
    ``name_part_weight`` the words of a multi-word name (``e:rell`` from "Governor Tomas Rell",
    so that "Rell" elsewhere meets it). The similarity is ``cos_words ** (1 - detail_share) *
    cos_details ** detail_share`` (the word cosine alone when a side has no details), times the
    time factor ``time_conflict + (1 - time_conflict) * cos_time`` when both sides name times
    -- unless both are dated (and so within the time window: the times they name are
    background, the event's own time already agrees). Two dated articles whose headline and
    lead name weekdays, and only different days by the dates they fall on (``d:`` features:
    "on Wednesday" in one report, "on Thursday" in the next day's), tell of two incidents on
    two days: their similarity is scaled by ``day_conflict``.

    ``cluster_stories`` with ``linkage="ncut"`` (default): similarities of blocked candidate
    pairs (each article's ``pair_candidates`` best blocked neighbours; pairs never scored count
    as similarity 0); average-linkage agglomerative clustering down to ``gather_threshold``
    (``gather_threshold_emb`` mixed with embeddings), loose enough to gather the events of one
    kind; then each gathered cluster is split top-down by two-way normalised cuts (Shi & Malik:
    the Fiedler vector of its similarity graph) while the cut is below ``ncut_max`` with two
    articles or more on each side, or the mean similarity across it is below
    ``link_threshold`` (``link_threshold_emb``). Greedy merging cannot tell two quakes apart
    when their shared vocabulary links every report of one to some report of the other; the
    cut sees the two groups whole. Parts of two articles or more that the cuts left apart are
    then joined again by average linkage at ``link_threshold`` unless a clear cut lies between
    them: a balanced cut can set an outlier on one side and so split one event's reports.
    ``linkage="average"``: average linkage down to
    ``link_threshold`` alone, without the cuts (``bench/stories.py`` reports it beside them,
    and its ``--tune`` chooses the similarity knobs under it).

    Strong evidence (``x:`` features, ``features.evidence_keys``): two articles that carry the
    same verbatim quote run, or the same specific lead figure about the same thing, have a
    similarity of at least ``evidence_floor`` -- when both are dated within ``evidence_days`` of
    each other, or, for a quote, when either is undated. Counts, not IDF weights, decide it, so
    it holds in a store of six articles as in one of forty thousand, and in incremental linking
    as in the full re-cluster.
    """

    threshold: float = 0.25
    threshold_emb: float = 0.4
    embedding_weight: float = 0.25
    window_days: int = 7
    block_terms: int = 60
    index_terms: int = 40
    posting_cap: int = 60
    max_df: float = 0.05
    min_shared: int = 1
    min_df_cap: int = 25
    max_candidates: int = 12
    entity_weight: float = 2.0
    lead_weight: float = 2.0
    quote_weight: float = 1.0
    figure_weight: float = 1.0
    centroid_terms: int = 400
    detail_share: float = 0.7
    central_weight: float = 1.0
    year_weight: float = 1.0
    number_weight: float = 1.0
    time_conflict: float = 0.75
    day_conflict: float = 0.6
    linkage: str = "ncut"
    link_threshold: float = 0.14
    link_threshold_emb: float = 0.225
    pair_candidates: int = 40
    name_part_weight: float = 0.5
    date_weight: float = 1.0
    gather_threshold: float = 0.025
    gather_threshold_emb: float = 0.05
    ncut_max: float = 0.85
    weekday_weight: float = 1.0
    evidence_floor: float = 0.5
    evidence_days: int = 3
