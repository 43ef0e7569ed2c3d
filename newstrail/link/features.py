"""Story features: what story linking knows of one article (``StoryFeatures``).

An article is reduced to a bag of namespaced features (``w:`` content-word lemmas -- or,
without a parse, lightly stemmed words --, ``e:`` canonical entity names and their name words,
``q:`` word shingles of its quotes, ``f:`` figure keys ``counted|event|place``, ``x:`` strong
evidence (verbatim quote runs, specific lead figures: ``evidence_keys``), ``n:``/``y:``
numbers and years written in digits, ``t:`` dates and days of the week the text names, ``d:``
the days its lead says it happened on), words
of the headline and lead counted twice; an optional sentence embedding; its publication date;
and the article it is a wire copy of, if any. Three ways in, from the richest to the cheapest:
``features_from_doc`` (a spaCy parse), ``features_from_article`` (an analysed record, with or
without its parse) and ``features_from_text`` (plain text, no spaCy). How the features are
weighted and compared is ``link.weighting`` and ``StoryParams``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from collections import Counter
from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from dataclasses import dataclass
from datetime import date

import numpy as np

from newstrail import lexicon
from newstrail.link.params import StoryParams
from newstrail.link.records import ArticleKey
from newstrail.link.weighting import EVIDENCE, QUOTE_EVIDENCE, SAID_DAY

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
LIGHT_VERBS = {"be", "have", "do", "say", "tell", "get", "make", "go", "take", "come", "will", "would"}
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|\d[\d,.]*\d|\d")
CAPSEQ = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][a-z]+)*)")


@dataclass(slots=True)
class StoryFeatures:
    """What story linking knows of one article. ``counts``: feature -> weighted count;
    ``embedding``: a unit vector or None; ``copy_of``: the (source, id) of the article this one
    is a wire copy of (from near-duplicate detection), which always joins its story."""

    key: ArticleKey
    counts: Counts
    published: str | None = None
    title: str | None = None
    order: int = 0
    embedding: np.ndarray | None = None
    copy_of: ArticleKey | None = None

    @property
    def day(self) -> int | None:
        """The publication date as a day number (``date.toordinal``), None when undated or
        unreadable: what the time window compares."""
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10]).toordinal()
        except ValueError:
            return None


class Counts(Mapping[str, float]):
    """An article's feature counts, read-only and compact: its feature names (interned: the
    same word in thousands of articles is one string, in their counts and in the linker's
    frequencies, centroids and index) in a tuple, the counts in an array of doubles, in the
    order they were counted. Beside the names, a dict of 700 features takes 43 KB with its
    number objects, this 12 KB, and a full link holds every article's features at once.
    Linking only iterates them; looking one feature up scans the names."""

    __slots__ = ("_terms", "_values")

    def __init__(self, counts: Mapping[str, float] = ()):
        counts = dict(counts)
        self._terms = tuple(sys.intern(t) for t in counts)
        self._values = array("d", counts.values())

    def __getitem__(self, term: str) -> float:
        try:
            return self._values[self._terms.index(term)]
        except ValueError:
            raise KeyError(term) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)

    def __len__(self) -> int:
        return len(self._terms)

    def items(self) -> ItemsView[str, float]:
        return _Items(self)

    def values(self) -> ValuesView[float]:
        return _Values(self)

    def __reduce__(self):
        return Counts, (dict(self.items()),)

    def __repr__(self) -> str:
        return f"Counts({dict(self.items())!r})"


class _Items(ItemsView):
    def __iter__(self):
        return zip(self._mapping._terms, self._mapping._values)


class _Values(ValuesView):
    def __iter__(self):
        return iter(self._mapping._values)


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
    found: dict[str, None] = {}  # in the order written: a set's order changes with string hashing
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
                found[f"t:{year}-{month:02d}"] = None
            if day is not None:
                found[f"t:{month:02d}-{day:02d}"] = None
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
    for day in dict.fromkeys(m.group(1).lower() for m in _WEEKDAY.finditer(text) if m.group(1)[0].isupper()):
        counts["t:" + day] += params.weekday_weight


def _add_said_days(counts: Counter, lead: str, published: str | None) -> None:
    """The days the headline and lead say it happened on (``d:2015-07-15``): each weekday they
    name, taken as the one of the five days up to the publication date or the day after it
    ("on Wednesday" in a Thursday report; "on Tuesday" in one dated Monday: a date a day off,
    or what is planned, not last week). Two dated reports whose leads name only different days
    tell of two incidents of one place and kind on two days, however alike their words
    (``StoryParams.day_conflict``); a report that names no weekday has none and is never set
    apart by it."""
    if not published or not lead:
        return
    try:
        today = date.fromisoformat(published[:10])
    except ValueError:
        return
    names = lexicon.weekdays()
    for name in dict.fromkeys(m.group(1).lower() for m in _WEEKDAY.finditer(lead) if m.group(1)[0].isupper()):
        back = (today.weekday() - names.index(name)) % 7
        counts[SAID_DAY + date.fromordinal(today.toordinal() - (back if back < 6 else -1)).isoformat()] = 1.0


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


QUOTE_EVIDENCE_WORDS = 8  # a verbatim run this long of a direct quote is one story's mark
FIGURE_EVIDENCE_LEAD = 600  # characters: a figure this early is the report's own, not background


def evidence_keys(quotes, figures) -> dict[str, None]:
    """Strong evidence of one story, independent of any IDF: each run of
    ``QUOTE_EVIDENCE_WORDS`` words of a direct or partial quote (``x:q`` + a digest), and each
    specific figure of the lead -- its counted thing, event, place and value (``x:f``). A figure
    counts only when stated (not derived), in the headline or the first ``FIGURE_EVIDENCE_LEAD``
    characters, about a known thing, event and place ("six people killed" with no place is any
    air raid of the day), not a cumulative count ("since 2011": war tolls
    recur in the background of every report of a war), and not tiny (two dead is not specific).
    How they are used: ``StoryParams.evidence_floor``. In the order found (an article's
    features are summed in their order, and a set's changes with each process's string hashing)."""
    keys: dict[str, None] = {}
    for quote in quotes or []:
        if quote.kind not in ("direct", "partial"):
            continue
        words = re.findall(r"[a-z0-9]+", quote.text.lower().replace("’", "'"))
        n = QUOTE_EVIDENCE_WORDS
        for i in range(len(words) - n + 1):
            keys[QUOTE_EVIDENCE + hashlib.blake2b(" ".join(words[i:i + n]).encode(), digest_size=8).hexdigest()] = None
    for fig in figures or []:
        value = fig.value if fig.value is not None else (fig.low if fig.low == fig.high else None)
        if (value is None or value < 5 or fig.derived or not (fig.counted and fig.event and fig.location)
                or (fig.time and "/" in fig.time) or not (fig.in_title or fig.start < FIGURE_EVIDENCE_LEAD)):
            continue
        thing = "|".join(_norm_name(x or "") for x in (fig.counted, fig.event, fig.location))
        keys[f"{EVIDENCE}f{thing}={value:g}"] = None
    return keys


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
    for key in evidence_keys(quotes, figures):
        counts[key] = 1.0


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
    _add_said_days(counts, (title or "") + "\n" + (doc[:lead_end] if lead_end is not None else doc).text, published)
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
    return StoryFeatures(key, Counts(counts), published, title, order, embedding, copy_of)


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
            merged = dict(feats.counts.items())
            for k, v in extra.items():
                merged[k] = merged.get(k, 0.0) + v
            feats.counts = Counts(merged)
        return feats
    lower = _lower_words(article.text)
    counts = _text_counts(article.text, article.title, params, with_entities=not article.entities, lower=lower,
                          published=article.published)
    _add_records(counts, article.entities, article.quotes, article.figures, params, lower)
    return StoryFeatures(key, Counts(counts), article.published, article.title, order, embedding, copy_of)


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
    evacuated, evacuate -> evacuat): plurals made singular by ``lexicon.singular`` (except
    "-men" words, which stems have always kept: stored features stay comparable), past -ed,
    -ing (undoubling "stopped"), then a final -e. Not a lemmatiser: only consistency across
    articles matters."""
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("eed") and len(w) > 4:
        return w[:-1]  # agreed -> agree
    elif not w.endswith("men"):
        w = lexicon.singular(w)
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
                 lead_chars: int = 400, lower: frozenset[str] | None = None, published: str | None = None) -> Counter:
    """Cheap features without a parse: stop-worded, lightly stemmed words, and capitalised
    word sequences not at a sentence start as stand-in entities. ``lower`` is the text's
    lower-case words when the caller has them already."""
    counts: Counter = Counter()
    text = URL.sub(" ", text or "")
    lead = (title or "") + " " + text[:lead_chars]
    _add_said_days(counts, lead, published)
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
    return StoryFeatures(key, Counts(_text_counts(text, title, params, published=published)), published, title, order,
                         embedding, copy_of)
