"""Story linking over invented articles: same topic / different events must split, the same
event told by several outlets must join; incremental linking, time window, wire copies,
blocking and the full re-cluster. The invented corpora are ``tests/data/story_corpora.py``,
which ``bench/stories.py --tune`` reads too."""

from __future__ import annotations

import pytest
from data.story_corpora import ARTICLES, HARD, SHORT, invented_events, invented_pairs

from newstrail.link import (
    StoryFeatures,
    StoryLinker,
    StoryParams,
    cluster_stories,
    features_from_article,
    features_from_doc,
    features_from_text,
    labels_of,
    recluster,
)
from newstrail.link.records import Story
from newstrail.nlp.pipeline import build_nlp

@pytest.fixture(scope="module")
def features(nlp):
    docs = nlp.pipe([text for *_, text in ARTICLES])
    out = []
    for order, ((aid, src, pub, _, title, _), doc) in enumerate(zip(ARTICLES, docs)):
        out.append(features_from_doc(doc, (src, aid), published=pub, title=title, order=order))
    return out


def _groups(stories: list[Story]) -> set[frozenset[str]]:
    return {frozenset(a.id for a in s.articles) for s in stories}


def _gold_groups() -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for aid, _, _, ev, _, _ in ARTICLES:
        by.setdefault(ev, set()).add(aid)
    return {frozenset(v) for v in by.values()}


def test_full_recluster_recovers_every_invented_story(features):
    stories = cluster_stories(features)
    assert _groups(stories) == _gold_groups()
    assert all(s.mode == "tfidf" for s in stories)


def test_incremental_linker_matches_gold_in_ingest_order(features):
    linker = StoryLinker()
    for f in sorted(features, key=lambda f: f.order):
        linker.add(f)
    assert _groups(linker.stories()) == _gold_groups()


@pytest.mark.parametrize("late_id, joins", [("a3", "a1"), ("b2", "b1"), ("c3", "c1"), ("f2", "f1")])
def test_late_article_attaches_without_relabelling(features, late_id, joins):
    linker = StoryLinker()
    first = [f for f in features if f.key[1] != late_id]
    ids_before = {f.key: linker.add(f) for f in first}
    late = next(f for f in features if f.key[1] == late_id)
    sid = linker.add(late)
    assert sid == linker.story_of(next(f.key for f in first if f.key[1] == joins))
    assert {f.key: linker.story_of(f.key) for f in first} == ids_before


@pytest.mark.parametrize("window, together", [(7, False), (120, True)])
def test_time_window_separates_a_late_follow_up(features, window, together):
    stories = cluster_stories(features, StoryParams(window_days=window))
    labels = labels_of(stories)
    assert (labels[("Coastal Post", "g1")] == labels[("Daily Ledger", "a1")]) is together


# Two outlets' reports of one invented landslide, the second published ``gap`` days after the first.
LANDSLIDE = [
    ("Valley Courier", "l1", "Landslide cuts off Pellin",
     "A landslide buried the mountain road to Pellin on Tuesday, cutting off about 400 residents. "
     "Mayor Ada Moss said crews from Varn would clear the road within a week."),
    ("Ridge Herald", "l2", "Pellin still cut off by landslide",
     "About 400 residents of Pellin remain cut off after a landslide buried the mountain road. "
     "Crews from Varn are clearing the rubble, Mayor Ada Moss said."),
]


@pytest.mark.parametrize("linking", ["incremental", "full"])
@pytest.mark.parametrize("gap, window, joins", [
    (6, 7, True), (7, 7, True), (8, 7, False),  # the default window: within seven days
    (8, 10, True), (6, 5, False),  # a wider window joins what the default keeps apart, a narrower one not
])
def test_a_dated_report_joins_only_within_the_time_window(linking, gap, window, joins):
    from datetime import date, timedelta

    days = [date(2031, 10, 7), date(2031, 10, 7) + timedelta(days=gap)]
    feats = [features_from_text((src, aid), text, title=title, published=day.isoformat(), order=i)
             for i, ((src, aid, title, text), day) in enumerate(zip(LANDSLIDE, days))]
    params = StoryParams(window_days=window)
    if linking == "incremental":
        linker = StoryLinker(params)
        stories = len(set(linker.add_many(feats)))
    else:
        stories = len(cluster_stories(feats, params))
    assert stories == (1 if joins else 2)


def test_wire_copy_joins_its_original_and_is_marked(features):
    linker = StoryLinker()
    for f in features:
        linker.add(f)
    # a stub copy: almost no text of its own, but ingest says it copies b1
    copy = features_from_text(("Harbour Times", "x9"), "Ferry terminal closed.", published="2031-05-12",
                              copy_of=("Daily Ledger", "b1"), order=99)
    sid = linker.add(copy)
    assert sid == linker.story_of(("Daily Ledger", "b1"))
    story = next(s for s in linker.stories() if s.id == sid)
    member = next(a for a in story.articles if a.id == "x9")
    assert member.copy_of == ("Daily Ledger", "b1")


def test_unrelated_article_opens_its_own_story(features):
    linker = StoryLinker()
    for f in features:
        linker.add(f)
    n = len(linker.stories())
    odd = features_from_text(("Garden Weekly", "z1"), "Tulip growers in Brackenfield expect an early bloom "
                             "after the warm winter, the growers' association said.", published="2031-03-02")
    sid = linker.add(odd)
    assert len(linker.stories()) == n + 1
    assert [a.id for s in linker.stories() if s.id == sid for a in s.articles] == ["z1"]


def test_blocking_limits_scored_candidates(features):
    from newstrail.link.weighting import sublinear_unit

    params = StoryParams(max_candidates=1)
    linker = StoryLinker(params)
    for f in features:
        linker.add(f)
    vec = sublinear_unit(features[0].counts)
    assert len(linker._candidates(vec, None)) <= 1


def test_candidates_sharing_as_much_are_taken_in_the_order_they_were_indexed():
    """Ties at the candidate cut fall in index order, whatever the process's string hashing
    (a set of story ids gave each run of a later link its own candidates)."""
    from newstrail.link.weighting import sublinear_unit

    params = StoryParams(max_candidates=3, min_shared=1, threshold=2.0)  # nothing joins: a story each
    linker = StoryLinker(params)
    for i in range(12):
        linker.add(StoryFeatures((None, f"a{i}"), {"w:quayside": 1.0, f"w:only{i}": 1.0}))
    sids = [linker.story_of((None, f"a{i}")) for i in range(12)]
    assert len(set(sids)) == 12
    vec = sublinear_unit({"w:quayside": 1.0, "w:elsewhere": 1.0})
    assert [st.sid for st in linker._candidates(vec, None)] == sids[:3]


def test_story_json_form(features):
    story = cluster_stories(features)[0]
    data = story.to_dict()
    assert set(data) >= {"id", "articles", "outlets", "first_published", "mode"}
    assert {"id", "source", "title", "published"} <= set(data["articles"][0])
    assert data["id"] == "s1" and data["first_published"] == "2031-03-02"


@pytest.fixture(scope="module")
def hard_features(nlp):
    docs = nlp.pipe([text for *_, text in HARD])
    return [features_from_doc(doc, (src, aid), title=title, order=i)
            for i, ((aid, src, _, _, title, _), doc) in enumerate(zip(HARD, docs))]


def _hard_gold() -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for aid, _, _, ev, _, _ in HARD:
        by.setdefault(ev, set()).add(aid)
    return {frozenset(v) for v in by.values()}


def test_same_topic_different_events_split_without_dates(hard_features):
    assert _groups(cluster_stories(hard_features)) == _hard_gold()


def test_same_topic_different_events_split_incrementally(hard_features):
    linker = StoryLinker()
    linker.add_many(hard_features)
    assert _groups(linker.stories()) == _hard_gold()


def test_cheap_text_features_also_separate_topics():
    feats = [features_from_text((src, aid), text, title=title, published=pub, order=i)
             for i, (aid, src, pub, _, title, text) in enumerate(ARTICLES)]
    assert _groups(cluster_stories(feats)) == _gold_groups()


def test_embedding_mode_separates_and_says_so(nlp):
    from newstrail.link.embeddings import Embedder, available, lead_text

    assert available()
    rows = [a for a in ARTICLES if a[0] != "g1"] + HARD
    vecs = Embedder().encode([lead_text(text, title) for *_, title, text in rows])
    assert vecs.shape == (len(rows), 384)
    docs = nlp.pipe([text for *_, text in rows])
    feats = [features_from_doc(doc, (src, aid), title=title, order=i, embedding=vecs[i])
             for i, ((aid, src, _, _, title, _), doc) in enumerate(zip(rows, docs))]
    stories = cluster_stories(feats)
    gold: dict[str, set[str]] = {}
    for aid, _, _, ev, _, _ in rows:
        gold.setdefault(ev, set()).add(aid)
    assert _groups(stories) == {frozenset(v) for v in gold.values()}
    assert {s.mode for s in stories} == {"tfidf+embeddings"}


def _bcubed_f1(pred: list[str], gold: list[str]) -> float:
    p = r = 0.0
    for i in range(len(pred)):
        same_p = {j for j in range(len(pred)) if pred[j] == pred[i]}
        same_g = {j for j in range(len(gold)) if gold[j] == gold[i]}
        p += len(same_p & same_g) / len(same_p)
        r += len(same_p & same_g) / len(same_g)
    p, r = p / len(pred), r / len(pred)
    return 2 * p * r / (p + r)


@pytest.fixture(scope="module")
def held_out(nlp):
    rows = invented_events(0)  # the parameters were chosen on seeds 1-4
    docs = nlp.pipe([r[5] for r in rows])
    feats = [features_from_doc(doc, (r[1], r[0]), title=r[4], order=i) for i, (r, doc) in enumerate(zip(rows, docs))]
    return rows, feats


@pytest.mark.parametrize("how", ["ncut", "average", "incremental"])
def test_held_out_invented_events_of_one_kind_split(held_out, how):
    rows, feats = held_out
    if how == "incremental":
        linker = StoryLinker()
        pred = [linker.add(f) for f in feats]
    else:
        labels = labels_of(cluster_stories(feats, StoryParams(linkage=how)))
        pred = [labels[f.key] for f in feats]
    floor = {"ncut": 0.95, "average": 0.95, "incremental": 0.9}[how]
    assert _bcubed_f1(pred, [r[3] for r in rows]) >= floor


@pytest.fixture(scope="module")
def held_out_pairs(nlp):
    rows = invented_pairs(0)  # the parameters were chosen on seeds 1-4
    docs = nlp.pipe([r[5] for r in rows])
    feats = [features_from_doc(doc, (r[1], r[0]), title=r[4], order=i) for i, (r, doc) in enumerate(zip(rows, docs))]
    return rows, feats


@pytest.mark.parametrize("how, floor", [("ncut", 0.95), ("incremental", 0.85)])
def test_held_out_invented_pairs_split(held_out_pairs, how, floor):
    """Reports that recall the other event of their kind, some a sentence long, some dated."""
    rows, feats = held_out_pairs
    if how == "incremental":
        linker = StoryLinker()
        pred = [linker.add(f) for f in feats]
    else:
        labels = labels_of(cluster_stories(feats))
        pred = [labels[f.key] for f in feats]
    assert _bcubed_f1(pred, [r[3] for r in rows]) >= floor


def test_invented_pairs_are_seeded_and_recall_the_other_event():
    rows = invented_pairs(2)
    assert rows == invented_pairs(2) and rows != invented_pairs(3)
    assert {r[3].rsplit("-", 1)[1] for r in rows} == {"0", "1"} and all(r[2] is None for r in rows)
    assert any(len(r[5].split(". ")) == 1 for r in rows)  # some reports are one sentence


@pytest.mark.parametrize("text, expect", [
    ("Thursday, March 14, 2013: a quake hit.", {"t:2013-03", "t:03-14", "t:thursday", "y:2013"}),
    ("Published 9 Sep 2013 11:25 GMT", {"t:2013-09", "t:09-09"}),
    ("The vote is on Dec. 11, officials said.", {"t:12-11"}),
    ("In May 2013 the plant closed.", {"t:2013-05"}),
    ("The 14th of March was cold.", {"t:03-14"}),
    ("2013-05-02 update", {"t:2013-05", "t:05-02"}),
])
def test_dates_and_weekdays_are_time_features(text, expect):
    counts = features_from_text(("X", "1"), text, params=StoryParams(weekday_weight=0.5)).counts
    assert expect <= set(counts)


@pytest.mark.parametrize("text, absent", [
    ("Officials may 2 times a year review it.", {"t:05-02"}),  # "may" the verb
    ("On March 14, 2013, 41 people died.", {"n:14"}),  # the day of a date is not a figure
    ("See http://www.example.com/2013/05/news for more.", {"w:http", "w:www", "t:2013-05"}),
])
def test_what_is_not_a_date_or_figure(text, absent):
    counts = features_from_text(("X", "1"), text).counts
    assert not (absent & set(counts))


@pytest.mark.parametrize("name, lower_text, ok", [
    ("Lake County", "", True),
    ("Harry Winston", "the store was robbed", True),
    ("Rehab", "she went to rehab", False),  # a title-case common noun
    ("Paris Store Hit", "the store was hit by robbers", False),  # a title-case headline run
    ("telegraph.co.uk/news/worldnews", "", False),
    ("9 September 2013", "", False),
    ("Fridays", "", False),
    ("DUI", "a dui arrest", True),  # written upper case: an acronym, a name
])
def test_which_entity_texts_are_names(name, lower_text, ok):
    from newstrail.link.features import _is_name, _lower_words

    assert _is_name(name, _lower_words(lower_text)) is ok


def test_name_parts_skip_words_the_text_writes_in_lower_case():
    counts = features_from_text(("X", "1"), "Later, officials of Lake County said the county and the lake "
                                            "were safe, Tomas Rell said.").counts
    assert "e:lake county" in counts and "e:rell" in counts
    assert "e:lake" not in counts and "e:county" not in counts


def test_normalised_cut_splits_two_groups_bridged_by_shared_vocabulary():
    """Two groups of five, tight inside (0.6), every article also 0.3 like two of the other
    group's: average linkage at 0.1 merges them all; the cut finds the two groups."""
    import numpy as np

    from newstrail.link.clustering import _average_linkage, _ncut_refine

    I, J, S = [], [], []
    for a in range(10):
        for b in range(a + 1, 10):
            same = (a < 5) == (b < 5)
            if same or (b - a) % 5 in (0, 1):
                I.append(a)
                J.append(b)
                S.append(0.6 if same else 0.3)
    I, J, S = np.array(I), np.array(J), np.array(S)
    groups = list(range(10))
    gathered = _average_linkage(10, I, J, S, 0.1, groups)
    assert len(set(gathered)) == 1
    labels = _ncut_refine(10, I, J, S, gathered, groups, 0.1, 0.8)
    assert len(set(labels[:5])) == 1 and len(set(labels[5:])) == 1 and labels[0] != labels[5]
    # one group that hangs together is not cut
    inside = (I < 5) & (J < 5)
    one = _ncut_refine(5, I[inside], J[inside], S[inside], [0] * 5, list(range(5)), 0.1, 0.8)
    assert len(set(one)) == 1


def test_a_cut_that_sets_an_outlier_on_one_side_is_joined_again():
    """Seven reports of one attack (reports of the attack, reactions to it) and one report of
    another day, with the similarities of a real case: the most balanced cut sets the outlier
    with four of the seven and the mean across it falls under the threshold; the seven end in
    one story, the outlier alone. Two groups a clear cut keeps apart stay apart."""
    import numpy as np

    from newstrail.link.clustering import _average_linkage, _split_gathered

    M = np.array([
        [0, .094, 0, .062, .022, .064, .058, .035],
        [.094, 0, .156, .299, .147, .258, .240, .123],
        [0, .156, 0, .353, 0, .128, .159, .129],
        [.062, .299, .353, 0, .240, .154, .148, .088],
        [.022, .147, 0, .240, 0, .119, .127, 0],
        [.064, .258, .128, .154, .119, 0, .710, .202],
        [.058, .240, .159, .148, .127, .710, 0, .158],
        [.035, .123, .129, .088, 0, .202, .158, 0]])
    I, J = np.triu_indices(8, k=1)
    S = M[I, J]
    keep = S > 0
    I, J, S = I[keep], J[keep], S[keep]
    groups = list(range(8))
    gathered = _average_linkage(8, I, J, S, 0.025, groups)
    labels = _split_gathered(8, I, J, S, gathered, groups, 0.14, 0.85)
    assert len(set(labels[1:4] + labels[5:])) == 1  # the attack's reports and the reactions
    assert labels[0] not in labels[1:]
    # a lone article a cut set apart stays apart: its mean over two pairs (0.2) does not undo the cut
    M = np.array([[0, .1, .6, 0, 0], [.1, 0, .3, .1, 0], [.6, .3, 0, .05, .2], [0, .1, .05, 0, 0], [0, 0, .2, 0, 0]])
    I, J = np.triu_indices(5, k=1)
    keep = M[I, J] > 0
    I, J, S = I[keep], J[keep], M[I, J][keep]
    gathered = _average_linkage(5, I, J, S, 0.025, list(range(5)))
    labels = _split_gathered(5, I, J, S, gathered, list(range(5)), 0.14, 0.85)
    assert labels[0] == labels[2] and len(set(labels)) == 4
    # two tight groups bridged at 0.3: mean across 0.15 >= 0.14, but the cut between them is clear
    I, J, S = [], [], []
    for a in range(8):
        for b in range(a + 1, 8):
            I.append(a)
            J.append(b)
            S.append(0.6 if (a < 4) == (b < 4) else 0.15)
    I, J, S = np.array(I), np.array(J), np.array(S)
    labels = _split_gathered(8, I, J, S, [0] * 8, groups, 0.14, 0.85)
    assert len(set(labels[:4])) == 1 and len(set(labels[4:])) == 1 and labels[0] != labels[4]


def test_invented_events_are_seeded_and_two_per_kind():
    rows = invented_events(3)
    assert rows == invented_events(3) and rows != invented_events(4)
    kinds = {r[3].rsplit("-", 1)[0] for r in rows}
    assert all({r[3] for r in rows if r[3].startswith(k + "-")} == {f"{k}-0", f"{k}-1"} for k in kinds)
    assert all(r[2] is None for r in rows)


@pytest.mark.parametrize("text, expect, absent", [
    ("A magnitude 6.1 quake hit Ostrel in 2008, killing 41 people.", {"y:2008", "n:6.1", "n:41"}, {"w:2008"}),
    ("The 1990s saw 1,200 layoffs at the plant.", {"y:1990", "n:1200"}, {"n:1,200"}),
    ("Prices rose 3.50 percent.", {"n:3.5"}, set()),
])
def test_years_and_numbers_are_detail_features(text, expect, absent):
    counts = features_from_text(("X", "1"), text).counts
    assert expect <= set(counts) and not (absent & set(counts))


def test_headline_and_lead_entities_weigh_more(nlp):
    text = ("Tomas Vell resigned as mayor of Kestrel Bay on Monday. The council met on Tuesday. "
            "Later in the week, residents of Kestrel Bay said Vell had been a fair mayor. "
            "Later, Governor Ilse Brandvik visited Brennick.")
    f1 = features_from_doc(nlp(text), ("X", "1"), params=StoryParams(central_weight=1.0))
    f3 = features_from_doc(nlp(text), ("X", "1"), params=StoryParams(central_weight=3.0))
    ents = {t for t in f1.counts if t.startswith("e:")}
    lead = {t for t in ents if t == "e:tomas vell"}
    late = {t for t in ents if "brandvik" in t or "brennick" in t}
    assert lead and late
    assert all(f3.counts[t] > f1.counts[t] for t in lead)
    assert all(f3.counts[t] == f1.counts[t] for t in late)


# Two same-kind events whose articles share all words but not the year: the year conflict
# keeps them apart even when nothing else differs.
YEAR_PAIR = [
    ("y1", "Daily Ledger", "fire-1998", "The Estry hotel fire of 1998 killed 12 guests, the fire chief said."),
    ("y2", "Coastal Post", "fire-1998", "Twelve guests died in the 1998 Estry hotel fire, said the fire chief."),
    ("y3", "Northern Wire", "fire-2024", "The Estry hotel fire of 2024 killed 12 guests, the fire chief said."),
    ("y4", "Market Daily", "fire-2024", "Twelve guests died in the 2024 Estry hotel fire, said the fire chief."),
]


@pytest.mark.parametrize("conflict, split", [(1.0, False), (0.2, True)])
def test_different_years_mentioned_keep_events_apart(conflict, split):
    feats = [features_from_text((src, aid), text, order=i) for i, (aid, src, _, text) in enumerate(YEAR_PAIR)]
    params = StoryParams(time_conflict=conflict)
    groups = _groups(cluster_stories(feats, params))
    gold = {frozenset({"y1", "y2"}), frozenset({"y3", "y4"})}
    assert (groups == gold) is split
    linker = StoryLinker(params)
    linker.add_many(feats)
    assert (_groups(linker.stories()) == gold) is split


def test_wire_copy_joins_its_original_in_the_full_recluster(features):
    copy = features_from_text(("Harbour Times", "x9"), "Tulip growers expect an early bloom.",
                              published="2031-05-12", copy_of=("Daily Ledger", "b1"), order=99)
    stories = cluster_stories(list(features) + [copy])
    labels = labels_of(stories)
    assert labels[("Harbour Times", "x9")] == labels[("Daily Ledger", "b1")]
    member = next(a for s in stories for a in s.articles if a.id == "x9")
    assert member.copy_of == ("Daily Ledger", "b1")


# ------------------------------------------------------------------ the corpus path (no parse)
# ``newstrail link`` builds features from stored records (entities, quotes, figures, title and
# text; no spaCy parse): words come from the light stemmer, entities from the records.

@pytest.fixture(scope="module")
def short_records():
    from newstrail.process import analyse_inputs
    from newstrail.records import InputArticle

    # entities and quotes are what the records give story linking (figures add little here)
    nlp = build_nlp(components=["newstrail_entities", "newstrail_quotes"])
    return list(analyse_inputs([InputArticle(aid, text, title, src, None, pub)
                                for aid, src, pub, _, title, text in SHORT], nlp))


def _short_gold() -> set[frozenset[str]]:
    by: dict[str, set[str]] = {}
    for aid, _, _, ev, _, _ in SHORT:
        by.setdefault(ev, set()).add(aid)
    return {frozenset(v) for v in by.values()}


def _short_features(records, how: str) -> list:
    if how == "records":
        return [features_from_article(a, order=i) for i, a in enumerate(records)]
    return [features_from_text((a.source, a.id), a.text, title=a.title, published=a.published, order=i)
            for i, a in enumerate(records)]


@pytest.mark.parametrize("features_how", ["records", "text"])
@pytest.mark.parametrize("linking", ["full", "incremental", "recluster_then_add"])
def test_short_reworded_articles_group_by_event(short_records, features_how, linking):
    feats = _short_features(short_records, features_how)
    if linking == "full":
        stories = cluster_stories(feats)
    elif linking == "incremental":
        linker = StoryLinker()
        linker.add_many(feats)
        stories = linker.stories()
    else:  # what newstrail link does: a full first link, later articles added
        late = {f.key for f in feats if f.key[1].endswith("3")}
        linker = recluster([f for f in feats if f.key not in late])
        linker.add_many([f for f in feats if f.key in late])
        stories = linker.stories()
    assert _groups(stories) == _short_gold()


@pytest.mark.parametrize("word, stem", [
    ("walked", "walk"), ("walking", "walk"), ("walks", "walk"), ("strikes", "strik"), ("striking", "strik"),
    ("strike", "strik"), ("batteries", "battery"), ("carried", "carry"), ("stopped", "stop"),
    ("agreed", "agree"), ("agreeing", "agree"), ("evacuated", "evacuat"), ("evacuate", "evacuat"),
    ("killed", "kill"), ("crisis", "crisis"), ("need", "need"),
])
def test_light_stemmer_meets_inflected_forms(word, stem):
    from newstrail.link.features import _stem

    assert _stem(word) == stem


@pytest.mark.parametrize("a, b", [
    ("Governor Tomas Rell said the dam held.", "Rell said the dam held."),
    ("Rosa Ekwall of the Coastal Metalworkers' Union spoke.", "Union secretary Rosa Ekwall spoke."),
])
def test_names_written_differently_share_name_words(a, b):
    fa = features_from_text(("X", "1"), "Later, " + a)
    fb = features_from_text(("Y", "2"), "Later, " + b)
    shared = {t for t in fa.counts if t.startswith("e:")} & {t for t in fb.counts if t.startswith("e:")}
    assert shared


def test_background_years_of_dated_articles_do_not_conflict():
    texts = [("2031-09-03", "The Kelmar flood was the worst since 1987, the mayor of Kelmar said."),
             ("2031-09-04", "The Kelmar flood wall, built in 2012, failed, the mayor of Kelmar said.")]
    dated = [features_from_text((f"S{i}", str(i)), t, published=d, order=i) for i, (d, t) in enumerate(texts)]
    undated = [features_from_text((f"S{i}", str(i)), t, order=i) for i, (_, t) in enumerate(texts)]
    params = StoryParams(time_conflict=0.01)
    assert len(cluster_stories(dated, params)) == 1
    assert len(cluster_stories(undated, params)) == 2


def _edit_state(store, edit) -> None:
    """Change the stored linker's knobs and numbers (``link_state`` row ``stories``) with ``edit``."""
    import json

    from sqlalchemy import update

    from newstrail.link.state import HEADER
    from newstrail.store.link_schema import link_state

    state = json.loads(store.load_link_state()[len(HEADER):])
    edit(state)
    with store.engine.begin() as conn:
        conn.execute(update(link_state).where(link_state.c.name == "stories")
                     .values(data=HEADER + json.dumps(state).encode()))


def test_params_stored_before_a_new_knob_take_its_default(linker_store):
    """A state saved before a knob existed lacks it, one saved by a later version may carry
    knobs this one does not know: the first take their defaults, the others are ignored."""
    linker_store.save(StoryLinker(StoryParams(threshold=0.35, window_days=3)))

    def edit(state):
        del state["params"]["name_part_weight"]
        state["params"]["knob_of_a_later_version"] = 0.5

    _edit_state(linker_store.store, edit)
    params = linker_store.load().params
    assert (params.threshold, params.window_days) == (0.35, 3)
    assert params.name_part_weight == StoryParams().name_part_weight


def test_a_state_stored_with_knobs_since_removed_loads_and_links_the_same(linker_store):
    """States stored when the centroid re-cluster existed carry its knobs (``merge``,
    ``reassign``): they are ignored, and the restored linker adds articles as one that never
    had them."""
    feats = _round_trip_features(None)
    linker = StoryLinker(StoryParams(threshold=0.35))
    linker.add_many(feats[:30])
    linker_store.save(linker)
    _edit_state(linker_store.store, lambda state: state["params"].update(merge=True, reassign=True))
    restored = linker_store.load()
    assert restored.params == linker.params
    assert restored.add_many(feats[30:]) == linker.add_many(feats[30:])
    linker_store.update(restored)
    linker_store.other.save(linker)
    assert linker_store.rows() == linker_store.other.rows()


def test_the_full_recluster_refuses_an_unknown_linkage(features):
    with pytest.raises(ValueError, match="'centroid' is not one of ncut, average"):
        cluster_stories(features, StoryParams(linkage="centroid"))


def _round_trip_features(embedding_dtype):
    """Invented events as cheap features, dated so the time window counts, each with a small
    embedding (its event's direction plus noise) when ``embedding_dtype`` is given."""
    import numpy as np

    rng = np.random.default_rng(7)
    rows = invented_events(2)
    directions = {ev: rng.normal(size=8) for *_, ev, _, _ in rows}
    feats = []
    for i, (aid, src, _, ev, title, text) in enumerate(rows):
        emb = None
        if embedding_dtype is not None:
            v = directions[ev] + 0.3 * rng.normal(size=8)
            emb = (v / np.linalg.norm(v)).astype(embedding_dtype)
        feats.append(features_from_text((src, aid), text, title=title, published=f"2031-05-{1 + i % 20:02d}",
                                        order=i, embedding=emb, copy_of=feats[-1].key if i % 17 == 16 else None))
    return feats


@pytest.mark.parametrize("embedding_dtype", [None, "float32", "float64"])
@pytest.mark.parametrize("start", ["incremental", "frozen df", "recluster"])
def test_a_linker_read_from_its_rows_adds_articles_exactly_as_the_original(linker_store, start, embedding_dtype):
    """Link articles A, store the linker's rows, read it back (holding only its stories'
    members until it needs more), add articles B to the original and to the one read back:
    same stories, same similarities, and the rows it writes back leave the store as the
    original's would, to the last bit (the cached story norms included)."""
    feats = _round_trip_features(embedding_dtype)
    a, b = feats[: len(feats) // 2], feats[len(feats) // 2:]
    params = StoryParams(posting_cap=5, entity_weight=2)  # an int where the linker keeps floats
    if start == "incremental":
        original = StoryLinker(params)
        original.add_many(a)
    elif start == "frozen df":
        df: dict[str, int] = {}
        for f in feats:
            for t in f.counts:
                df[t] = df.get(t, 0) + 1
        original = StoryLinker(params, frozen_df=df, frozen_n=len(feats))
        original.add_many(a)
    else:
        original = recluster(a, params)
    linker_store.save(original)
    restored = linker_store.load()
    assert [s.to_dict() for s in restored.stories()] == [s.to_dict() for s in original.stories()]
    before = {s.id for s in original.stories()}
    ids = [original.add(f) for f in b]
    assert [restored.add(f) for f in b] == ids
    assert before & set(ids) and set(ids) - before  # B joins stories of A and opens new ones
    assert [s.to_dict() for s in restored.stories()] == [s.to_dict() for s in original.stories()]
    linker_store.update(restored)
    linker_store.other.save(original)
    assert linker_store.rows() == linker_store.other.rows()
    assert restored.mode == original.mode == ("tfidf" if embedding_dtype is None else "tfidf+embeddings")


@pytest.mark.parametrize("lead, published, said", [
    ("Shells hit Varn on Wednesday.", "2031-10-09", {"d:2031-10-08"}),  # a Thursday report: the day before
    ("Shells hit Varn on Thursday.", "2031-10-09", {"d:2031-10-09"}),  # the day of publication
    ("Shells hit Varn on Friday.", "2031-10-09", {"d:2031-10-10"}),  # a day on: a date a day off, not last week
    ("Shells hit Varn on Saturday.", "2031-10-09", {"d:2031-10-04"}),
    ("Shells hit Varn on Wednesday.", None, set()),  # undated: no day to count from
    ("Shells hit Varn at dawn.", "2031-10-09", set()),
    ("Shells hit Varn at dawn. " + "The town was quiet. " * 30 + "Talks resume on Monday.", "2031-10-09", set()),
])
def test_said_days_are_the_lead_weekdays_counted_from_the_publication_date(lead, published, said):
    counts = features_from_text(("X", "1"), lead, published=published).counts
    assert {t for t in counts if t.startswith("d:")} == said


# Two incidents of one kind in one city on two days, told in alike words, and a second
# outlet's report of the first (2031-10-08 was a Wednesday).
TWO_DAYS = [
    ("Varn Today", "d1", "2031-10-08", "Shells kill two in Varn",
     "Rocket shells fired by gunmen hit the Kell and Osk neighbourhoods of Varn city on Wednesday, killing two "
     "civilians and injuring five others, a police source said. Windows of a school were shattered."),
    ("Varn Today", "d2", "2031-10-09", "Market blaze after shelling in Varn",
     "Three people died and seven were hurt when shells landed on a market in the Dorsk quarter of Varn on "
     "Thursday, according to the city hospital. Traders said the stalls burned for hours and firefighters "
     "struggled to reach the narrow lanes."),
    ("Coast Wire", "d3", "2031-10-09", "Two dead as rockets hit Varn",
     "Gunmen fired rocket shells at the Kell and Osk districts of Varn on Wednesday, killing two civilians and "
     "wounding five, police said. A school was hit."),
]


@pytest.mark.parametrize("linking", ["full", "incremental"])
@pytest.mark.parametrize("day_conflict, gold", [
    (0.6, {frozenset({"d1", "d3"}), frozenset({"d2"})}),  # the default: the leads' days keep them apart
    (1.0, {frozenset({"d1", "d2", "d3"})}),  # without it, their words join them
])
def test_dated_reports_whose_leads_name_other_days_are_two_stories(linking, day_conflict, gold):
    feats = [features_from_text((src, aid), text, title=title, published=day, order=i)
             for i, (src, aid, day, title, text) in enumerate(TWO_DAYS)]
    params = StoryParams(day_conflict=day_conflict)
    if linking == "incremental":
        linker = StoryLinker(params)
        linker.add_many(feats)
        stories = linker.stories()
    else:
        stories = cluster_stories(feats, params)
    assert _groups(stories) == gold
