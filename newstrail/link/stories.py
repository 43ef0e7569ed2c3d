"""Stories: articles that report the same event, across outlets and days.

An article is reduced to ``StoryFeatures``: a bag of namespaced features (``w:`` content-word
lemmas -- or, without a parse, lightly stemmed words --, ``e:`` canonical entity names and their
name words, ``q:`` word shingles of its quotes, ``f:`` figure
keys ``counted|event|place``, ``n:``/``y:`` numbers and years written in digits, ``t:`` dates and
days of the week the text names) with sublinear term frequency, words of the headline and lead
counted twice; an optional sentence embedding; its publication date; and the article it is a
wire copy of, if any. Similarity between an article and a story combines the cosines of TF-IDF
vectors (IDF from the documents seen so far) of three channels -- words, details, time -- against
the story's centroid (see ``StoryParams``), mixed with the embedding cosine when both sides have
an embedding.

``StoryLinker`` is incremental: ``add`` attaches one article to the best existing story or
opens a new one, without touching the rest. Candidate stories come from *blocking*: an inverted
index from each story's most distinctive features (rare entities, words, quote shingles) to the
story, with short posting lists, and a time window around each story's dates; only the few
stories sharing at least ``min_shared`` distinctive features with the article are scored, so
linking is near-linear in the number of articles. ``cluster_stories`` is the full re-cluster
(for parameter changes and a store's first link): IDF over all items, similarities of blocked
candidate pairs, a loose average-linkage pass that gathers articles of one kind of event, then
recursive normalised cuts that split each gathered cluster into its events (``StoryParams``).

Parameters (``StoryParams``) were chosen by ``bench/stories.py --tune`` on invented articles
only (``tests/test_stories.py``: ``invented_events`` and ``invented_pairs`` seeds 1-4 -- two
events of each of seven kinds, several outlets each, undated -- plus the hand-written HARD,
ARTICLES and SHORT sets, each featurised with and without a parse), never on the ECB+ benchmark
the bench reports.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Iterable, Sequence

import numpy as np

from newstrail import lexicon
from newstrail.link.records import ArticleKey, Story, StoryArticle

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
LIGHT_VERBS = {"be", "have", "do", "say", "tell", "get", "make", "go", "take", "come", "will", "would"}
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*\d|\d")
CAPSEQ = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][a-z]+)*)")


@dataclass(slots=True)
class StoryParams:
    """Knobs of story linking.

    ``threshold`` (tf-idf only) / ``threshold_emb`` (mixed with embeddings): the least
    similarity at which an article joins a story. ``embedding_weight``: share of the embedding
    cosine in the mixed similarity. ``window_days``: a dated article only joins a story whose
    dates come within this many days of its own. ``block_terms``: how many of an article's most
    distinctive features it is looked up by; ``index_terms``: how many of them index a story on
    each join; ``posting_cap``: stories kept per feature (most recent); ``max_df``: features in
    more than this share of documents (and more than ``min_df_cap``) never block; ``min_shared``: distinctive features an
    article must share with a story to be scored against it; ``max_candidates``: stories scored
    per article. ``entity_weight``, ``lead_weight``, ``quote_weight``, ``figure_weight``:
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
    background, the event's own time already agrees).

    ``cluster_stories`` with ``linkage="ncut"`` (default): similarities of blocked candidate
    pairs (each article's ``pair_candidates`` best blocked neighbours; pairs never scored count
    as similarity 0); average-linkage agglomerative clustering down to ``gather_threshold``
    (``gather_threshold_emb`` mixed with embeddings), loose enough to gather the events of one
    kind; then each gathered cluster is split top-down by two-way normalised cuts (Shi & Malik:
    the Fiedler vector of its similarity graph) while the cut is below ``ncut_max`` with two
    articles or more on each side, or the mean similarity across it is below
    ``link_threshold`` (``link_threshold_emb``). Greedy merging cannot tell two quakes apart
    when their shared vocabulary links every report of one to some report of the other; the
    cut sees the two groups whole. ``linkage="average"``: average linkage down to
    ``link_threshold`` alone; ``linkage="centroid"``: the incremental linker then ``merge`` and
    ``reassign`` passes (the first version).
    """

    threshold: float = 0.3
    threshold_emb: float = 0.4
    embedding_weight: float = 0.25
    window_days: int = 7
    block_terms: int = 30
    index_terms: int = 40
    posting_cap: int = 60
    max_df: float = 0.05
    min_shared: int = 2
    min_df_cap: int = 25
    max_candidates: int = 12
    entity_weight: float = 2.0
    lead_weight: float = 2.0
    quote_weight: float = 1.0
    figure_weight: float = 1.0
    centroid_terms: int = 400
    merge: bool = True
    reassign: bool = True
    detail_share: float = 0.7
    central_weight: float = 1.0
    year_weight: float = 1.0
    number_weight: float = 1.0
    time_conflict: float = 0.75
    linkage: str = "ncut"
    link_threshold: float = 0.15
    link_threshold_emb: float = 0.225
    pair_candidates: int = 40
    name_part_weight: float = 0.5
    date_weight: float = 1.0
    gather_threshold: float = 0.025
    gather_threshold_emb: float = 0.05
    ncut_max: float = 0.85
    weekday_weight: float = 1.0


@dataclass(slots=True)
class StoryFeatures:
    """What story linking knows of one article. ``counts``: feature -> weighted count;
    ``embedding``: a unit vector or None; ``copy_of``: the (source, id) of the article this one
    is a wire copy of (from near-duplicate detection), which always joins its story."""

    key: ArticleKey
    counts: dict[str, float]
    published: str | None = None
    title: str | None = None
    order: int = 0
    embedding: np.ndarray | None = None
    copy_of: ArticleKey | None = None


# ---------------------------------------------------------------- features

def _norm_name(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower().replace("’", "'"))


# Words of a name that say nothing about who or where: titles, functions, particles.
NAME_SKIP = frozenset({
    "the", "of", "and", "for", "in", "on", "at", "de", "del", "der", "den", "van", "von", "la", "le", "du", "al",
    "mr", "mrs", "ms", "dr", "sir", "dame", "president", "prime", "minister", "governor", "gov", "senator", "sen",
    "mayor", "chief", "judge", "general", "gen", "colonel", "captain", "king", "queen", "prince", "princess",
    "chancellor", "secretary", "spokesman", "spokeswoman", "commander", "deputy", "vice", "former", "acting",
    "interior", "foreign", "finance", "justice", "defence", "defense", "minister's", "officer", "inspector",
    "coach", "chairman", "chairwoman", "director", "executive", "ceo", "professor", "prof", "rev", "saint", "st",
})
NAME_WORD = re.compile(r"[^\W\d_]+")


def _name_parts(name: str) -> list[str]:
    """The words of a multi-word name that can stand for it alone ("Governor Tomas Rell" ->
    tomas, rell; "Rosa Ekwall of the Coastal Metalworkers' Union" -> rosa, ekwall, coastal,
    metalworkers, union): another outlet may write "Rell", or the parse may run two names
    together, and the full names then differ while the parts agree."""
    low = re.sub(r"['’]s\b|['’]", "", name.lower())
    words = NAME_WORD.findall(low)
    if len(words) < 2:
        return []
    seen: list[str] = []
    for w in words:
        if len(w) > 2 and w not in NAME_SKIP and w not in seen:
            seen.append(w)
    return seen


def _add_entity(counts: Counter, name: str, weight: float, params: StoryParams,
                lower: frozenset[str] | None = None) -> None:
    """An entity as a detail feature: its whole (canonical) name, and each of its name words
    at ``name_part_weight`` of that (``e:rell`` for "Tomas Rell" meets ``e:rell`` for "Rell"),
    except words the text also writes in lower case ("county" of "Lake County")."""
    full = _norm_name(name)
    if not full:
        return
    counts["e:" + full] += weight
    part_w = weight * params.name_part_weight
    if part_w > 0:
        for part in _name_parts(full):
            if part != full and not (lower and part in lower):
                counts["e:" + part] += part_w


def _shingles(text: str, n: int = 4) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))
    return [" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))]


YEAR = re.compile(r"^(1[89]\d\d|20\d\d)s?$")
NUMBER = re.compile(r"\d[\d,.]*")
TITLE_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")


def _add_number(counts: Counter, text: str, params: StoryParams, date_like: bool = False) -> None:
    """A number written in digits: a year (``y:2008``, 1800-2099, also "1990s") or another
    number (``n:6.1``; not inside a date or time, where it is a day of the month or an hour)."""
    raw = text.strip().rstrip(".,")
    m = YEAR.match(raw)
    if m:
        counts["y:" + m.group(1)] += params.year_weight
        return
    if date_like or not NUMBER.fullmatch(raw):
        return
    value = raw.replace(",", "")
    if value.count(".") > 1:
        return
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    if value and value not in {"0", "1"}:
        counts["n:" + value] += params.number_weight


def _add_title_details(counts: Counter, title: str, params: StoryParams) -> None:
    for raw in TOKEN.findall(title):
        if raw[0].isdigit():
            _add_number(counts, raw, params)


_MONTHS = lexicon.months()
_MONTH = rf"({lexicon.month_pattern()})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    # March 14, 2013 / March 14 / Mar. 14th 2013
    (re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+(\d{{4}})\b)?", re.I), ("m", "d", "y")),
    # 14 March 2013 / 14th of March
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}})\b)?", re.I), ("d", "m", "y")),
    # March 2013
    (re.compile(rf"\b{_MONTH},?\s+(\d{{4}})\b", re.I), ("m", "y")),
    # 2013-03-14
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
)
_WEEKDAYS = frozenset(lexicon.weekdays())
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


def _add_dates(counts: Counter, text: str, params: StoryParams) -> list[tuple[int, int]]:
    """Calendar dates written in the text, as *when* details: ``t:2013-03`` (month and year)
    and ``t:03-14`` (day and month, year or not). What day of the week it was, "yesterday" or
    "last month" need the publication date and say nothing alone; years alone are ``y:``.
    Month names must be capitalised ("may" is a verb). Returns the dates' character spans
    (their numbers are days and years, not figures)."""
    if not text:
        return []
    found: set[str] = set()
    spans: list[tuple[int, int]] = []
    for pattern, parts in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            got = dict(zip(parts, m.groups()))
            month = got.get("m")
            if month is not None and not month.isdigit():
                if not month[0].isupper():
                    continue
                month = _MONTHS.get(month.lower().rstrip("."))
            else:
                month = int(month) if month else None
            day = int(got["d"]) if got.get("d") else None
            year = int(got["y"]) if got.get("y") else None
            if not month or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            if year is not None and not 1800 <= year <= 2099:
                year = None
            if year is None and day is None:
                continue
            spans.append((m.start(), m.end()))
            if year is not None:
                found.add(f"t:{year}-{month:02d}")
            if day is not None:
                found.add(f"t:{month:02d}-{day:02d}")
    if params.date_weight > 0:
        for t in found:
            counts[t] += params.date_weight
    return spans


_WEEKDAY = re.compile(rf"\b({'|'.join(lexicon.weekdays())})s?\b", re.I)


def _add_weekdays(counts: Counter, text: str, params: StoryParams) -> None:
    """Days of the week the text names (``t:thursday``), once each: when the event happened,
    as outlets write it within days of it ("on Sunday", "early Thursday") -- a weak detail
    alone (one chance in seven), a telling one beside the others."""
    if params.weekday_weight <= 0 or not text:
        return
    for day in {m.group(1).lower() for m in _WEEKDAY.finditer(text) if m.group(1)[0].isupper()}:
        counts["t:" + day] += params.weekday_weight


def _lower_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case: a one-word "entity" among them ("Rehab" in a
    title-case headline, "rehab" in the body) is a common noun, not a name."""
    return frozenset(w for w in re.findall(r"(?<![\w'’-])[a-z][a-z'’-]+[a-z]\b", text or ""))


def _is_name(name: str, lower: frozenset[str] | None = None) -> bool:
    """Whether an entity's text can stand for a who or where: not a URL or path, not a run of
    numbers or a date, not a long run-on span, not a common noun the text also writes in lower
    case, not a title-case headline run of such words."""
    low = name.lower()
    if "/" in name or "http" in low or "www." in low or "@" in name:
        return False
    words = low.split()
    if not words or len(words) > 6:
        return False
    if not any(ch.isalpha() for ch in name):
        return False
    if sum(any(ch.isdigit() for ch in w) for w in words) * 2 > len(words):
        return False
    if all(w.rstrip(".,") in _MONTHS or w.rstrip(".,s") in _WEEKDAYS or w.isdigit() for w in words):
        return False
    if lower and not name.isupper():
        content = [w for w in re.findall(r"[a-z'’-]+", low) if w not in NAME_SKIP]
        common = sum(w in lower for w in content)
        if len(content) == 1 and common:
            return False
        if len(content) >= 3 and common >= len(content) - 1:
            return False  # a title-case headline run ("Paris Store Hit By Raiders")
    return True


def _add_records(counts: Counter, entities, quotes, figures, params: StoryParams,
                 lower: frozenset[str] | None = None) -> None:
    for ent in entities or []:
        if ent.label in NAMED_LABELS and _is_name(ent.canonical or ent.text, lower) and _is_name(ent.text, lower):
            _add_entity(counts, ent.canonical or ent.text, params.entity_weight, params, lower)
    for quote in quotes or []:
        for sh in _shingles(quote.text):
            counts["q:" + sh] += params.quote_weight
    for fig in figures or []:
        if fig.counted and fig.event:
            thing = "|".join(_norm_name(x or "") for x in (fig.counted, fig.event, fig.location))
            counts["f:" + thing] += params.figure_weight


def features_from_doc(doc, key: ArticleKey, *, published: str | None = None, title: str | None = None,
                      order: int = 0, quotes=None, figures=None, embedding=None,
                      copy_of: ArticleKey | None = None, params: StoryParams | None = None,
                      lead_sentences: int = 2) -> StoryFeatures:
    """Features from a spaCy Doc (lemmas, POS, entities; ``span._.canonical`` when set).

    The headline is expected at the start of the doc or given as ``title`` (then analysed
    with the same vocabulary by simple tokenising); the first ``lead_sentences`` sentences
    count ``lead_weight`` times.
    """
    params = params or StoryParams()
    counts: Counter = Counter()
    lead_end = None
    if lead_sentences and doc.has_annotation("SENT_START"):
        for i, sent in enumerate(doc.sents):
            if i + 1 >= lead_sentences:
                lead_end = sent.end
                break
    lower = _lower_words(doc.text)
    date_spans = _add_dates(counts, doc.text, params)
    _add_weekdays(counts, doc.text + "\n" + (title or ""), params)
    for tok in doc:
        in_lead = lead_end is not None and tok.i < lead_end
        if tok.like_num and any(ch.isdigit() for ch in tok.text):
            in_date = tok.ent_type_ in ("DATE", "TIME") or any(a <= tok.idx < b for a, b in date_spans)
            _add_number(counts, tok.text, params, date_like=in_date)
        if tok.pos_ not in CONTENT_POS or tok.is_stop or tok.is_punct or len(tok.text) < 2:
            continue
        if tok.like_url or "/" in tok.text or tok.lower_.startswith(("http", "www.")):
            continue
        if tok.lower_.rstrip("s") in _WEEKDAYS:
            continue  # a detail (t:), not a word
        lemma = tok.lemma_.lower()
        if lemma in LIGHT_VERBS or not any(ch.isalnum() for ch in lemma):
            continue
        if any(ch.isdigit() for ch in lemma):
            continue  # numbers are details (n:/y:), not words
        counts["w:" + lemma] += params.lead_weight if in_lead else 1.0
    for ent in doc.ents:
        if ent.label_ in NAMED_LABELS:
            canonical = getattr(ent._, "canonical", None) if ent.has_extension("canonical") else None
            if not _is_name(ent.text, lower) or (canonical and not _is_name(canonical, lower)):
                continue
            central = lead_end is not None and ent.start < lead_end
            _add_entity(counts, canonical or ent.text,
                        params.entity_weight * (params.central_weight if central else 1.0), params, lower)
    if title:
        for word in _simple_words(title):
            counts["w:" + word] += params.lead_weight
        _add_title_details(counts, title, params)
        _add_dates(counts, title, params)
    _add_records(counts, [], quotes, figures, params)
    return StoryFeatures(key, dict(counts), published, title, order, embedding, copy_of)


def features_from_article(article, *, doc=None, order: int = 0, embedding=None,
                          copy_of: ArticleKey | None = None,
                          params: StoryParams | None = None) -> StoryFeatures:
    """Features from an analysed ``records.Article`` (its entities, quotes and figures);
    with ``doc`` (its spaCy parse) content-word lemmas come from the parse, otherwise from
    simple tokenising of title and text."""
    params = params or StoryParams()
    key = (article.source, article.id)
    if doc is not None:
        feats = features_from_doc(doc, key, published=article.published, title=article.title, order=order,
                                  quotes=article.quotes, figures=article.figures, embedding=embedding,
                                  copy_of=copy_of, params=params)
        if not doc.ents and article.entities:  # entities given by the record only
            extra: Counter = Counter()
            _add_records(extra, article.entities, [], [], params, _lower_words(article.text))
            for k, v in extra.items():
                feats.counts[k] = feats.counts.get(k, 0.0) + v
        return feats
    lower = _lower_words(article.text)
    counts = _text_counts(article.text, article.title, params, with_entities=not article.entities, lower=lower)
    _add_records(counts, article.entities, article.quotes, article.figures, params, lower)
    return StoryFeatures(key, dict(counts), article.published, article.title, order, embedding, copy_of)


_STOP: frozenset[str] | None = None


def _stopwords() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "mr", "ms", "mrs", "just", "like",
                                                  "new", "year", "years", "people", "time", "according"}
    return _STOP


_VOWEL = re.compile(r"[aeiouy]")


def _stem(word: str) -> str:
    """A light English stemmer for the no-parse path, so that inflected forms of one word meet
    (walked, walking, walks -> walk; strike, strikes, striking -> strik; batteries -> battery;
    evacuated, evacuate -> evacuat): plural -s/-es/-ies, past -ed, -ing (undoubling "stopped"),
    then a final -e. Not a lemmatiser: only consistency across articles matters."""
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("eed") and len(w) > 4:
        return w[:-1]  # agreed -> agree
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            if len(stem) >= 3 and _VOWEL.search(stem[:-1] or stem):
                if suffix == "ed" and stem.endswith("i"):
                    stem = stem[:-1] + "y"  # carried -> carry
                elif len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "aeiouylsz":
                    stem = stem[:-1]  # stopped -> stop
                w = stem
            break
    if w.endswith("e") and len(w) > 4 and not w.endswith("ee"):
        w = w[:-1]
    return w


_WORD_CACHE: dict[str, tuple[str, ...]] = {}


def _simple_words(text: str) -> list[str]:
    """Stop-worded, lightly stemmed words; a hyphenated word counts as its parts
    ("night-shift" -> night, shift, as "night shift" does)."""
    cache = _WORD_CACHE
    stop = _stopwords()
    out: list[str] = []
    for raw in TOKEN.findall(text or ""):
        words = cache.get(raw)
        if words is None:
            low = raw.lower().replace("’", "'")
            pieces = low.split("-") if "-" in low else [low]
            words = tuple(_stem(p) for p in pieces if len(p) > 2 and p not in stop and not p[0].isdigit())
            if len(cache) < 500_000:
                cache[raw] = words
        out.extend(words)
    return out


def _text_counts(text: str, title: str | None, params: StoryParams, with_entities: bool = True,
                 lead_chars: int = 400, lower: frozenset[str] | None = None) -> Counter:
    """Cheap features without a parse: stop-worded, lightly stemmed words, and capitalised
    word sequences not at a sentence start as stand-in entities. ``lower`` is the text's
    lower-case words when the caller has them already."""
    counts: Counter = Counter()
    text = URL.sub(" ", text or "")
    lead = (title or "") + " " + text[:lead_chars]
    for word in _simple_words(lead):
        if word not in _WEEKDAYS:
            counts["w:" + word] += params.lead_weight - 1.0
    for word in _simple_words(text):
        if word not in _WEEKDAYS:
            counts["w:" + word] += 1.0
    date_spans = _add_dates(counts, text, params)
    _add_weekdays(counts, text + "\n" + (title or ""), params)
    for m in TOKEN.finditer(text):
        raw = m.group()
        if raw[0].isdigit():
            _add_number(counts, raw, params, date_like=any(a <= m.start() < b for a, b in date_spans))
    if title:
        for word in _simple_words(title):
            if word not in _WEEKDAYS:
                counts["w:" + word] += 1.0
        _add_title_details(counts, title, params)
        _add_dates(counts, title, params)
    if with_entities:
        lower = _lower_words(text) if lower is None else lower
        for m in CAPSEQ.finditer(text):
            name = m.group(1)
            if " " in name or len(name) > 3:
                low = name.lower()
                if low not in _stopwords() and _is_name(name, lower):
                    central = m.start() < lead_chars
                    _add_entity(counts, low, params.entity_weight * (params.central_weight if central else 1.0),
                                params, lower)
    return counts


def features_from_text(key: ArticleKey, text: str, *, title: str | None = None, published: str | None = None,
                       order: int = 0, copy_of: ArticleKey | None = None, embedding=None,
                       params: StoryParams | None = None) -> StoryFeatures:
    """The cheapest features (no spaCy): for corpus-scale linking and the allsides bench."""
    params = params or StoryParams()
    return StoryFeatures(key, dict(_text_counts(text, title, params)), published, title, order, embedding, copy_of)


# ---------------------------------------------------------------- linking

DETAIL = frozenset({"e:", "n:"})  # feature prefixes of the detail channel (who, where, how many)
TIME = frozenset({"y:", "t:"})  # feature prefixes of the time channel (when)


def _channel(term: str) -> int:
    """0: words, 1: details, 2: time."""
    head = term[:2]
    return 1 if head in DETAIL else 2 if head in TIME else 0


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


def _sublinear_unit(counts: dict[str, float]) -> dict[str, float]:
    vec = {t: 1.0 + math.log(c) if c >= 1 else c for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _parse_date(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


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


# ---------------------------------------------------------------- state

class LinkStateError(ValueError):
    """A linker state ``StoryLinker.from_state`` refuses (malformed, of another format or
    version, tampered with); nothing of it has been used."""


STATE_FORMAT = "newstrail-linker"
STATE_VERSION = 1
_STATE_KEYS = ("format", "version", "params", "n", "frozen", "df", "id_prefix", "next_id", "uses_embeddings",
               "stories", "index")
_STORY_KEYS = ("sid", "members", "centroid", "emb_sum", "emb_dtype", "emb_n", "first", "last", "norm", "norm_e",
               "norm_t", "norm_n")
_MEMBER_KEYS = tuple(f.name for f in fields(StoryArticle))
_EMB_DTYPES = frozenset({"float16", "float32", "float64"})
_NONE = type(None)
_KIND_NAMES = {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number",
               bool: "true or false", _NONE: "null"}


def _shown(text) -> str:
    """A stored key as an error message may show it: cut short, control characters escaped
    (the state comes from a store file someone else may have written)."""
    return repr(text[:40] if isinstance(text, str) else text)


def _typed(value, kinds: tuple[type, ...], where: str):
    """``value`` when its exact type is one of ``kinds`` (``true`` is no integer, ``1`` no
    number where the linker wrote ``1.0``) and, a number, finite."""
    if type(value) not in kinds:
        want = " or ".join(_KIND_NAMES[k] for k in kinds)
        raise LinkStateError(f"{where}: expected {want}, got {_KIND_NAMES.get(type(value), type(value).__name__)}")
    if type(value) is float and not math.isfinite(value):
        raise LinkStateError(f"{where}: expected a finite number")
    return value


def _count(value, where: str) -> int:
    if _typed(value, (int,), where) < 0:
        raise LinkStateError(f"{where}: expected a count, got {value}")
    return value


def _number(value, where: str) -> float:
    """A float, or an integer a caller gave where the linker keeps floats (``StoryParams(entity_weight=2)``)."""
    value = _typed(value, (float, int), where)
    if type(value) is int and abs(value) > 2 ** 53:
        raise LinkStateError(f"{where}: expected a number of float range")
    return float(value)


def _object(value, keys: tuple[str, ...], where: str) -> dict:
    """A JSON object with exactly ``keys``."""
    _typed(value, (dict,), where)
    missing = [k for k in keys if k not in value]
    if missing:
        raise LinkStateError(f"{where}: missing {', '.join(missing)}")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise LinkStateError(f"{where}: unknown key {_shown(unknown[0])}")
    return value


def _is_count(v) -> bool:
    return type(v) is int and v >= 0


def _is_float(v) -> bool:
    return type(v) is float and math.isfinite(v)


def _is_sids(v) -> bool:
    return type(v) is list and all(type(sid) is str for sid in v)


def _mapping(value, ok, what: str, where: str) -> dict:
    """A JSON object of string keys whose values pass ``ok``, checked in one pass (the
    document frequencies of a corpus hold about a million terms)."""
    _typed(value, (dict,), where)
    if not all(type(k) is str and ok(v) for k, v in value.items()):
        key = next(k for k, v in value.items() if not (type(k) is str and ok(v)))
        raise LinkStateError(f"{where}[{_shown(key)}]: expected {what}")
    return value


def _params_state(params: StoryParams) -> dict:
    """Knobs by name, float knobs as floats whatever a caller gave (``entity_weight=2``)."""
    return {f.name: float(getattr(params, f.name)) if type(f.default) is float else getattr(params, f.name)
            for f in fields(StoryParams)}


def _params_from_state(value, where: str = "params") -> StoryParams:
    """Stored knobs by their default's type; knobs this version does not know are ignored and
    those the state lacks take their defaults, so adding a knob leaves stored states readable."""
    _typed(value, (dict,), where)
    known = {}
    for f in fields(StoryParams):
        if f.name in value:
            at = f"{where}.{f.name}"
            kind = type(f.default)
            known[f.name] = (_number(value[f.name], at) if kind is float else
                             _count(value[f.name], at) if kind is int else _typed(value[f.name], (kind,), at))
    return StoryParams(**known)


def _member_state(m: StoryArticle) -> dict:
    state = {name: getattr(m, name) for name in _MEMBER_KEYS}
    state["copy_of"] = None if m.copy_of is None else list(m.copy_of)
    return state


def _member_from_state(value, where: str) -> StoryArticle:
    m = _object(value, _MEMBER_KEYS, where)
    copy_of = _typed(m["copy_of"], (list, _NONE), f"{where}.copy_of")
    if copy_of is not None:
        if len(copy_of) != 2:
            raise LinkStateError(f"{where}.copy_of: expected [source, id]")
        copy_of = (_typed(copy_of[0], (str, _NONE), f"{where}.copy_of[0]"),
                   _typed(copy_of[1], (str,), f"{where}.copy_of[1]"))
    return StoryArticle(_typed(m["id"], (str,), f"{where}.id"), _typed(m["source"], (str, _NONE), f"{where}.source"),
                        _typed(m["title"], (str, _NONE), f"{where}.title"),
                        _typed(m["published"], (str, _NONE), f"{where}.published"),
                        _typed(m["order"], (int,), f"{where}.order"), _number(m["similarity"], f"{where}.similarity"),
                        copy_of)


def _story_state(st: _StoryState) -> dict:
    """A story as plain data, its centroid the linker's own dict (no copy: encode, don't change)."""
    emb = st.emb_sum
    return {"sid": st.sid, "members": [_member_state(m) for m in st.members], "centroid": st.centroid,
            "emb_sum": None if emb is None else emb.tolist(), "emb_dtype": None if emb is None else emb.dtype.name,
            "emb_n": st.emb_n, "first": st.first, "last": st.last, "norm": st.norm, "norm_e": st.norm_e,
            "norm_t": st.norm_t, "norm_n": st.norm_n}


def _story_from_state(value, where: str) -> _StoryState:
    s = _object(value, _STORY_KEYS, where)
    members = [_member_from_state(m, f"{where}.members[{i}]")
               for i, m in enumerate(_typed(s["members"], (list,), f"{where}.members"))]
    emb = _typed(s["emb_sum"], (list, _NONE), f"{where}.emb_sum")
    if emb is not None:
        if _typed(s["emb_dtype"], (str,), f"{where}.emb_dtype") not in _EMB_DTYPES:
            raise LinkStateError(f"{where}.emb_dtype: expected one of {', '.join(sorted(_EMB_DTYPES))}")
        if not all(_is_float(x) for x in emb):
            raise LinkStateError(f"{where}.emb_sum: expected finite numbers")
        emb = np.array(emb, dtype=s["emb_dtype"])
    first, last = _typed(s["first"], (int, _NONE), f"{where}.first"), _typed(s["last"], (int, _NONE), f"{where}.last")
    if (first is None) != (last is None):
        raise LinkStateError(f"{where}: first and last are both days or both null")
    norm_n = _typed(s["norm_n"], (int,), f"{where}.norm_n")
    return _StoryState(_typed(s["sid"], (str,), f"{where}.sid"), members,
                       dict(_mapping(s["centroid"], _is_float, "a finite number", f"{where}.centroid")),
                       emb, _count(s["emb_n"], f"{where}.emb_n"), first, last,
                       _typed(s["norm"], (float,), f"{where}.norm"), _typed(s["norm_e"], (float,), f"{where}.norm_e"),
                       norm_n, _typed(s["norm_t"], (float,), f"{where}.norm_t"))


class StoryLinker:
    """Incremental story linking. ``add(features) -> story id`` attaches one article.

    State: per-feature document frequencies (unless ``frozen_df`` is given), each story's
    centroid, dates and embedding mean, and the blocking index. ``stories()`` returns the
    ``Story`` records; ``story_of(key)`` the story id of an article added before.
    ``keep_vectors=False`` saves memory for pure incremental use (long-running ingest): the
    per-article vectors are then not kept (the story centroids are).
    """

    def __init__(self, params: StoryParams | None = None, *, frozen_df: dict[str, int] | None = None,
                 frozen_n: int | None = None, id_prefix: str = "s", keep_vectors: bool = True) -> None:
        self.params = params or StoryParams()
        self.df: Counter = Counter(frozen_df or {})
        self.n = frozen_n or 0
        self.frozen = frozen_df is not None
        self._stories: dict[str, _StoryState] = {}
        self._index: dict[str, deque] = {}  # feature -> recent story ids (``posting_cap`` long)
        self._by_key: dict[ArticleKey, str] = {}
        self._vectors: dict[ArticleKey, dict[str, float]] = {}
        self._embeddings: dict[ArticleKey, np.ndarray] = {}
        self._next = 1
        self._prefix = id_prefix
        self.uses_embeddings = False
        self.keep_vectors = keep_vectors  # needed only by cluster_stories' merge/reassign passes

    # -- idf
    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def _story_norms(self, st: _StoryState) -> tuple[float, float, float]:
        if st.norm_n < 0 or self.n > st.norm_n * 1.05 + 1:  # IDF drifts slowly: refresh at 5% growth
            sq = [0.0, 0.0, 0.0]
            for t, v in st.centroid.items():
                w = v * self.idf(t)
                sq[_channel(t)] += w * w
            st.norm = math.sqrt(sq[0]) or 1e-12
            st.norm_e = math.sqrt(sq[1])
            st.norm_t = math.sqrt(sq[2])
            st.norm_n = self.n
        return st.norm, st.norm_e, st.norm_t

    def _idfs(self, vec: dict[str, float]) -> dict[str, float]:
        n1 = math.log(self.n + 1) + 1.0
        df = self.df
        log = math.log
        return {t: n1 - log(df.get(t, 0) + 1) for t in vec}

    def _distinctive(self, vec: dict[str, float], k: int, idf_a: dict[str, float] | None = None) -> list[str]:
        limit = max(self.params.min_df_cap, self.params.max_df * self.n)
        idf_a = idf_a or self._idfs(vec)
        df = self.df
        scored = [(v * idf_a[t], t) for t, v in vec.items() if df.get(t, 0) <= limit]
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
            idf = idf_a[t]
            w = v * idf
            k = _channel(t)
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
        sparse = _combine(cos_w, cos_e, self.params)
        if day is None or st.first is None:
            sparse *= _time_factor(cos_t, self.params)
        if emb is not None and st.emb_sum is not None:
            mean = st.emb_sum / (np.linalg.norm(st.emb_sum) or 1.0)
            dense = float(np.dot(emb, mean))
            w = self.params.embedding_weight
            return (1 - w) * sparse + w * dense
        return sparse

    def _threshold(self, emb: np.ndarray | None, st: _StoryState | None = None) -> float:
        if emb is not None and (st is None or st.emb_sum is not None):
            return self.params.threshold_emb
        return self.params.threshold

    # -- candidates
    def _candidates(self, vec: dict[str, float], day: int | None, exclude: str | None = None,
                    idf_a: dict[str, float] | None = None) -> list[_StoryState]:
        hits: Counter = Counter()
        for term in self._distinctive(vec, self.params.block_terms, idf_a):
            posting = self._index.get(term)
            if posting:
                for sid in set(posting):
                    hits[sid] += 1
        out = []
        for sid, n in hits.most_common():
            if n < self.params.min_shared:
                break
            if sid == exclude or sid not in self._stories:
                continue
            st = self._stories[sid]
            if day is not None and st.first is not None:
                w = self.params.window_days
                if day < st.first - w or day > st.last + w:
                    continue
            out.append(st)
            if len(out) >= self.params.max_candidates:
                break
        return out

    # -- mutation
    def _new_story(self) -> _StoryState:
        sid = f"{self._prefix}{self._next}"
        self._next += 1
        st = _StoryState(sid)
        self._stories[sid] = st
        return st

    def _join(self, st: _StoryState, feats: StoryFeatures, vec: dict[str, float], sim: float,
              copy_of: ArticleKey | None = None, idf_a: dict[str, float] | None = None) -> None:
        st.members.append(StoryArticle(feats.key[1], feats.key[0], feats.title, feats.published, feats.order,
                                       round(sim, 4), copy_of))
        for t, v in vec.items():
            st.centroid[t] = st.centroid.get(t, 0.0) + v
        if len(st.centroid) > self.params.centroid_terms * 1.5:
            top = sorted(st.centroid.items(), key=lambda kv: kv[1] * self.idf(kv[0]), reverse=True)
            st.centroid = dict(top[: self.params.centroid_terms])
        st.norm_n = -1
        if feats.embedding is not None:
            st.emb_sum = feats.embedding.copy() if st.emb_sum is None else st.emb_sum + feats.embedding
            st.emb_n += 1
        day = _parse_date(feats.published)
        if day is not None:
            st.first = day if st.first is None else min(st.first, day)
            st.last = day if st.last is None else max(st.last, day)
        for term in self._distinctive(vec, self.params.index_terms, idf_a):
            self._post(term, st.sid)
        self._by_key[feats.key] = st.sid

    def _post(self, term: str, sid: str) -> None:
        """Index a story under one of its distinctive features (most recent stories kept)."""
        posting = self._index.get(term)
        if posting is None:
            posting = self._index[term] = deque(maxlen=self.params.posting_cap)
        if not posting or posting[-1] != sid:
            posting.append(sid)

    def place(self, feats: StoryFeatures, story_id: str, similarity: float = 1.0) -> None:
        """Put an article in a given story (opened under that id if new), without searching:
        how a full re-cluster's result becomes the state later articles are linked against."""
        if feats.key in self._by_key:
            return
        vec = _sublinear_unit(feats.counts)
        if not self.frozen:
            self.n += 1
            for t in vec:
                self.df[t] += 1
        st = self._stories.get(story_id)
        if st is None:
            st = self._stories[story_id] = _StoryState(story_id)
            if story_id.startswith(self._prefix) and story_id[len(self._prefix):].isdigit():
                self._next = max(self._next, int(story_id[len(self._prefix):]) + 1)
        if feats.embedding is not None:
            self.uses_embeddings = True
        self._join(st, feats, vec, similarity, copy_of=feats.copy_of, idf_a=self._idfs(vec))

    def add(self, feats: StoryFeatures) -> str:
        """Attach one article; returns its story id. Re-adding a key returns its story."""
        if feats.key in self._by_key:
            return self._by_key[feats.key]
        vec = _sublinear_unit(feats.counts)
        if not self.frozen:
            self.n += 1
            for t in vec:
                self.df[t] += 1
        if self.keep_vectors:
            self._vectors[feats.key] = vec
        if feats.embedding is not None:
            if self.keep_vectors:
                self._embeddings[feats.key] = feats.embedding
            self.uses_embeddings = True
        idf_a = self._idfs(vec)
        day = _parse_date(feats.published)
        if feats.copy_of is not None and feats.copy_of in self._by_key:
            st = self._stories[self._by_key[feats.copy_of]]
            self._join(st, feats, vec, self.similarity(vec, st, feats.embedding, idf_a, day), copy_of=feats.copy_of,
                       idf_a=idf_a)
            return st.sid
        best, best_sim = None, -1.0
        for st in self._candidates(vec, day, idf_a=idf_a):
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

    # -- state (what the store keeps between runs: ``link.corpus``)
    def to_state(self) -> dict:
        """The linker as plain JSON data, restored by ``from_state``: its params, document
        frequencies, each story (members, centroid, embedding sum, dates and cached norms) and
        the blocking index. The norms are kept as cached: recomputed at today's document count
        they would shift the similarities a restored linker gives new articles. The per-article
        vectors (``keep_vectors``) are not: only ``cluster_stories``' passes read them. Story
        centroids are the linker's own dicts, not copies (at corpus scale they are most of
        it): encode the state, do not change it."""
        return {
            "format": STATE_FORMAT, "version": STATE_VERSION,
            "params": _params_state(self.params),
            "n": self.n, "frozen": self.frozen, "df": dict(self.df),
            "id_prefix": self._prefix, "next_id": self._next, "uses_embeddings": self.uses_embeddings,
            "stories": [_story_state(st) for st in self._stories.values()],
            "index": {term: list(posting) for term, posting in self._index.items()},
        }

    @classmethod
    def from_state(cls, state: dict) -> StoryLinker:
        """The linker ``to_state`` described, adding articles exactly as it would. The state
        may come from a store file someone else wrote, so it is checked whole before use --
        exact JSON types, every key, this format and version, each article in one story --
        and anything else raises ``LinkStateError`` saying where. The restored linker keeps no
        per-article vectors (``keep_vectors=False``)."""
        _typed(state, (dict,), "state")
        if state.get("format") != STATE_FORMAT:
            raise LinkStateError(f"state.format: expected {STATE_FORMAT!r}, got {_shown(state.get('format'))}")
        if type(state.get("version")) is not int or state["version"] != STATE_VERSION:
            raise LinkStateError(f"state.version: {_shown(state.get('version'))} is not version {STATE_VERSION}, "
                                 "the one this newstrail reads")
        _object(state, _STATE_KEYS, "state")
        linker = cls(_params_from_state(state["params"]), id_prefix=_typed(state["id_prefix"], (str,), "id_prefix"),
                     keep_vectors=False)
        linker.df = Counter(_mapping(state["df"], _is_count, "a count", "df"))
        linker.n = _count(state["n"], "n")
        linker.frozen = _typed(state["frozen"], (bool,), "frozen")
        linker._next = _count(state["next_id"], "next_id")
        linker.uses_embeddings = _typed(state["uses_embeddings"], (bool,), "uses_embeddings")
        dims = set()
        for i, raw in enumerate(_typed(state["stories"], (list,), "stories")):
            st = _story_from_state(raw, f"stories[{i}]")
            if st.sid in linker._stories:
                raise LinkStateError(f"stories[{i}].sid: story {_shown(st.sid)} is listed twice")
            linker._stories[st.sid] = st
            for m in st.members:
                if m.key in linker._by_key:
                    raise LinkStateError(f"stories[{i}]: article {_shown(m.id)} of {_shown(m.source)} "
                                         "is in two stories")
                linker._by_key[m.key] = st.sid
            if st.emb_sum is not None:
                dims.add(st.emb_sum.shape)
        if len(dims) > 1:
            raise LinkStateError("stories: embedding sums of different lengths")
        index = _mapping(state["index"], _is_sids, "a list of story ids", "index")
        linker._index = {term: deque(sids, maxlen=linker.params.posting_cap) for term, sids in index.items()}
        return linker

    # -- whole-corpus passes (used by cluster_stories)
    def _remove(self, st: _StoryState, key: ArticleKey) -> None:
        vec = self._vectors[key]
        st.members = [m for m in st.members if m.key != key]
        for t, v in vec.items():
            if t in st.centroid:
                st.centroid[t] -= v
                if st.centroid[t] <= 1e-9:
                    del st.centroid[t]
        emb = self._embeddings.get(key)
        if emb is not None and st.emb_sum is not None:
            st.emb_sum = st.emb_sum - emb
            st.emb_n -= 1
            if st.emb_n <= 0:
                st.emb_sum = None
        st.norm_n = -1
        del self._by_key[key]
        if not st.members:
            del self._stories[st.sid]

    def _merge_pass(self) -> int:
        merged = 0
        for sid in list(self._stories):
            st = self._stories.get(sid)
            if st is None:
                continue
            cen_unit = _sublinear_unit_plain(st.centroid)
            emb = None
            if st.emb_sum is not None:
                emb = st.emb_sum / (np.linalg.norm(st.emb_sum) or 1.0)
            for other in self._candidates(cen_unit, st.first, exclude=sid):
                if other.sid not in self._stories:
                    continue
                sim = self.similarity(cen_unit, other, emb, day=st.first)
                if sim >= self._threshold(emb, other):
                    keep, gone = (other, st) if len(other.members) >= len(st.members) else (st, other)
                    for m in list(gone.members):
                        feats_vec = self._vectors[m.key]
                        for t, v in feats_vec.items():
                            keep.centroid[t] = keep.centroid.get(t, 0.0) + v
                        keep.members.append(m)
                        self._by_key[m.key] = keep.sid
                        for term in self._distinctive(feats_vec, self.params.index_terms):
                            self._post(term, keep.sid)
                    if gone.emb_sum is not None:
                        keep.emb_sum = gone.emb_sum if keep.emb_sum is None else keep.emb_sum + gone.emb_sum
                        keep.emb_n += gone.emb_n
                    for day in (gone.first, gone.last):
                        if day is not None:
                            keep.first = day if keep.first is None else min(keep.first, day)
                            keep.last = day if keep.last is None else max(keep.last, day)
                    keep.norm_n = -1
                    del self._stories[gone.sid]
                    merged += 1
                    if gone is st:
                        break
                    cen_unit = _sublinear_unit_plain(st.centroid)
        return merged

    def _reassign_pass(self) -> int:
        moved = 0
        for key in list(self._by_key):
            sid = self._by_key[key]
            st = self._stories[sid]
            if len(st.members) < 1:
                continue
            member = next(m for m in st.members if m.key == key)
            if member.copy_of is not None:
                continue
            vec = self._vectors[key]
            emb = self._embeddings.get(key)
            day = _parse_date(member.published)
            # similarity to own story without this article
            own_sim = -1.0
            if len(st.members) > 1:
                self._remove(st, key)
                own_sim = self.similarity(vec, st, emb, day=day)
                self._add_back(st, member, vec, emb)
            best, best_sim = st, own_sim
            for other in self._candidates(vec, day, exclude=sid):
                sim = self.similarity(vec, other, emb, day=day)
                if sim >= self._threshold(emb, other) and sim > best_sim + 0.02:
                    best, best_sim = other, sim
            if best is not st:
                self._remove(st, key)
                member.similarity = round(best_sim, 4)
                self._add_back(best, member, vec, emb)
                moved += 1
        return moved

    def _add_back(self, st: _StoryState, member: StoryArticle, vec, emb) -> None:
        if st.sid not in self._stories:
            self._stories[st.sid] = st
        st.members.append(member)
        for t, v in vec.items():
            st.centroid[t] = st.centroid.get(t, 0.0) + v
        if emb is not None:
            st.emb_sum = emb.copy() if st.emb_sum is None else st.emb_sum + emb
            st.emb_n += 1
        st.norm_n = -1
        self._by_key[member.key] = st.sid
        for term in self._distinctive(vec, self.params.index_terms):
            self._post(term, st.sid)


def _sublinear_unit_plain(vec: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cluster_stories(items: Sequence[StoryFeatures], params: StoryParams | None = None) -> list[Story]:
    """Full re-cluster of ``items`` (e.g. after a parameter change).

    ``linkage="average"`` (default): IDF over all items; candidate pairs by blocking (articles
    sharing at least ``min_shared`` distinctive features, within the time window, each
    article's ``pair_candidates`` best); average-linkage agglomerative clustering over those
    pairs with ``link_threshold``. Wire copies start in their original's story.
    ``linkage="centroid"``: the incremental linker plus merge and reassignment passes.
    Story ids are ``s1``, ``s2``, ... in order of each story's earliest article; an article's
    ``similarity`` is its mean similarity to the other members (1.0 alone).
    """
    params = params or StoryParams()
    if params.linkage == "centroid":
        return _cluster_centroid(items, params)
    return _cluster_average(items, params)  # "average" and "ncut"


def _pair_matrices(items: Sequence[StoryFeatures], params: StoryParams):
    """Row-normalised TF-IDF matrices of the word, detail and time channels, and the blocking
    matrix of each item's distinctive features."""
    from scipy import sparse

    n = len(items)
    df: Counter = Counter()
    vecs = [_sublinear_unit(f.counts) for f in items]
    for v in vecs:
        df.update(v.keys())
    vocab = {t: i for i, t in enumerate(df)}
    terms = list(df)
    idf = np.array([math.log((n + 1) / (df[t] + 1)) + 1.0 for t in terms])
    channel = np.array([_channel(t) for t in terms], dtype=np.int8)
    limit = max(params.min_df_cap, params.max_df * n)
    dfv = np.array([df[t] for t in terms])
    rows, cols, vals = [], [], []
    brows, bcols = [], []
    for i, v in enumerate(vecs):
        idx = np.fromiter((vocab[t] for t in v), dtype=np.int64, count=len(v))
        w = np.fromiter(v.values(), dtype=np.float64, count=len(v)) * idf[idx]
        rows.append(np.full(len(idx), i))
        cols.append(idx)
        vals.append(w)
        ok = dfv[idx] <= limit
        if ok.any():
            cand, cw = idx[ok], w[ok]
            top = cand[np.argsort(-cw, kind="stable")[: params.block_terms]]
            brows.append(np.full(len(top), i))
            bcols.append(top)
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    x = np.concatenate(vals) if vals else np.zeros(0)
    X = sparse.csr_matrix((x, (r, c)), shape=(n, len(terms)))
    out = []
    for k in (0, 1, 2):
        mask = channel == k
        M = X @ sparse.diags(mask.astype(np.float64))
        M.eliminate_zeros()
        norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
        inv = np.where(norms > 0, 1.0 / np.where(norms > 0, norms, 1.0), 0.0)
        out.append(sparse.csr_matrix(sparse.diags(inv) @ M))
    br = np.concatenate(brows) if brows else np.zeros(0, dtype=np.int64)
    bc = np.concatenate(bcols) if bcols else np.zeros(0, dtype=np.int64)
    B = sparse.csr_matrix((np.ones(len(br)), (br, bc)), shape=(n, len(terms)))
    return out[0], out[1], out[2], B


def _candidate_pairs(items, B, params: StoryParams, chunk: int = 2000) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) pairs, i < j: blocked candidates, each article's ``pair_candidates`` best by
    shared distinctive features, within the time window when both are dated."""
    n = len(items)
    days = np.array([d if (d := _parse_date(f.published)) is not None else -10**9 for f in items], dtype=np.int64)
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


def _rowdot(A, B, I, J, chunk: int = 50_000) -> np.ndarray:
    out = np.zeros(len(I))
    for lo in range(0, len(I), chunk):
        a, b = A[I[lo:lo + chunk]], B[J[lo:lo + chunk]]
        out[lo:lo + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def pair_similarities(items: Sequence[StoryFeatures], params: StoryParams | None = None):
    """Blocked candidate pairs ``(I, J, sim)`` of ``items`` with the similarity
    ``cluster_stories`` uses (see ``StoryParams``)."""
    params = params or StoryParams()
    Xw, Xd, Xt, B = _pair_matrices(items, params)
    I, J = _candidate_pairs(items, B, params)
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
        dated = np.array([_parse_date(f.published) is not None for f in items], dtype=bool)
        apply = has_t[I] & has_t[J] & ~(dated[I] & dated[J])
        ct = np.clip(_rowdot(Xt, Xt, I, J), 0.0, 1.0)
        factor = params.time_conflict + (1.0 - params.time_conflict) * ct
        sim = np.where(apply, sim * factor, sim)
    embs = [f.embedding for f in items]
    with_emb = all(e is not None for e in embs) and len(embs) > 0
    if with_emb:
        E = np.vstack(embs)
        dense = np.einsum("ij,ij->i", E[I], E[J]) if len(I) else np.zeros(0)
        w = params.embedding_weight
        sim = (1 - w) * sim + w * dense
    return I, J, sim, with_emb


def _average_linkage(n: int, I, J, S, threshold: float, groups: list[int]) -> list[int]:
    """Average-linkage agglomerative clustering over sparse similarities (absent pairs count
    as 0), starting from ``groups`` (initial cluster of each item); merges while the best
    average is at least ``threshold``. Returns a cluster label per item."""
    import heapq

    size: dict[int, int] = Counter(groups)
    sums: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, s in zip(I.tolist(), J.tolist(), S.tolist()):
        a, b = groups[i], groups[j]
        if a == b or s <= 0:
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
    parent = {c: c for c in size}
    while heap:
        neg, a, b, va, vb = heapq.heappop(heap)
        if -neg < threshold:
            break
        if a not in version or b not in version or version[a] != va or version[b] != vb:
            continue
        if size[a] < size[b]:
            a, b = b, a
        # merge b into a
        nb_b = sums.pop(b, {})
        nb_a = sums[a]
        nb_a.pop(b, None)
        for c, s in nb_b.items():
            if c == a:
                continue
            nb_a[c] = nb_a.get(c, 0.0) + s
            nc = sums[c]
            nc[a] = nc.get(a, 0.0) + nc.pop(b, 0.0)
        size[a] += size.pop(b)
        version.pop(b)
        version[a] += 1
        parent[b] = a
        for c, s in nb_a.items():
            x, y = (a, c) if a < c else (c, a)
            heapq.heappush(heap, (-s / (size[a] * size[c]), x, y, version[x], version[y]))

    def root(c: int) -> int:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    return [root(g) for g in groups]


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


def _cluster_average(items: Sequence[StoryFeatures], params: StoryParams) -> list[Story]:
    n = len(items)
    if n == 0:
        return []
    I, J, S, with_emb = pair_similarities(items, params)
    pos = {f.key: i for i, f in enumerate(items)}
    # wire copies start in their original's group (union-find over copy links)
    up = list(range(n))

    def find(i: int) -> int:
        while up[i] != i:
            up[i] = up[up[i]]
            i = up[i]
        return i

    for i, f in enumerate(items):
        if f.copy_of is not None and f.copy_of in pos:
            a, b = find(i), find(pos[f.copy_of])
            if a != b:
                up[max(a, b)] = min(a, b)
    groups = [find(i) for i in range(n)]
    thr = params.link_threshold_emb if with_emb else params.link_threshold
    if params.linkage == "ncut":
        gather = params.gather_threshold_emb if with_emb else params.gather_threshold
        labels = _average_linkage(n, I, J, S, gather, groups)
        labels = _ncut_refine(n, I, J, S, labels, groups, thr, params.ncut_max)
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


def _cluster_centroid(items: Sequence[StoryFeatures], params: StoryParams) -> list[Story]:
    """The first full re-cluster (``linkage="centroid"``).

    IDF is computed over all items and frozen; items are linked in (published, ingest order)
    order with blocking; then stories whose centroids meet the threshold are merged and every
    article is offered once to the best other candidate story. Wire copies end in their
    original's story. Story ids are ``s1``, ``s2``, ... in order of each story's earliest article.
    """
    df: Counter = Counter()
    for f in items:
        df.update(t for t, c in f.counts.items() if c > 0)
    linker = StoryLinker(params, frozen_df=dict(df), frozen_n=len(items), id_prefix="tmp")
    ordered = sorted(items, key=lambda f: (f.published or "9999", f.order))
    linker.add_many(ordered)
    if params.merge:
        linker._merge_pass()
    if params.reassign:
        linker._reassign_pass()
    # wire copies follow their original
    by_key = {f.key: f for f in items}
    for f in ordered:
        if f.copy_of is not None and f.copy_of in by_key:
            want, have = linker.story_of(f.copy_of), linker.story_of(f.key)
            if want and have and want != have:
                st = linker._stories[have]
                member = next(m for m in st.members if m.key == f.key)
                linker._remove(st, f.key)
                member.copy_of = f.copy_of
                linker._add_back(linker._stories[want], member, linker._vectors[f.key],
                                 linker._embeddings.get(f.key))
    stories = linker.stories()
    stories.sort(key=lambda s: (s.first_published or "9999", min(a.order for a in s.articles)))
    for i, s in enumerate(stories, 1):
        s.id = f"s{i}"
    return stories


def labels_of(stories: Sequence[Story]) -> dict[ArticleKey, str]:
    """Article key -> story id."""
    return {a.key: s.id for s in stories for a in s.articles}


def recluster(items: Sequence[StoryFeatures], params: StoryParams | None = None) -> StoryLinker:
    """A full re-cluster (``cluster_stories``) as an incremental linker, so that articles added
    later attach to the re-clustered stories."""
    params = params or StoryParams()
    by_key = {f.key: f for f in items}
    linker = StoryLinker(params, keep_vectors=False)
    for story in cluster_stories(items, params):
        for member in story.articles:
            linker.place(by_key[member.key], story.id, member.similarity)
    return linker
