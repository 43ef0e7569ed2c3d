"""From an input article to an analysed ``records.Article``: clean, detect language, parse.

Cleaning and language detection run in this process; the spaCy pipeline runs through
``nlp.pipe``, here or, with ``workers`` > 1, in worker processes forked from this one. A
worker tokenises, parses and builds the ``Article`` record itself and sends back only the
record: spaCy's own ``n_process`` would tokenise every text here and ship each Doc there and
back as bytes, which on two cores cost this process a fifth of a core. Non-English articles
are not parsed: they pass through the pipe as empty Docs, which keeps the stream in input
order at no cost, and come out with their text, language and a note saying the extractors
skipped them.

Hostile or huge text is bounded before the parse: cleaning breaks space-free runs that would
cost the tokenizer quadratic time (``newstrail.cleaning.bounds``), and an article over
``PART_CHARS`` (or ``nlp.max_length``) also passes the pipe as an empty Doc and is parsed on its own in parts
(``newstrail.nlp.parts``), so no single article can stop ``nlp.pipe`` (spaCy's E088 over
``nlp.max_length``) and lose the rest of a batch. An article that cleaning empties (every line
boilerplate or noise) has no language and says so in ``Prepared.error``.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import islice

from spacy.language import Language

from newstrail.cleaning.boilerplate import LineStats, clean_text
from newstrail.cleaning.bounds import bound_runs
from newstrail.cleaning.datelines import dated
from newstrail.cleaning.headline import break_after_title
from newstrail.cleaning.language import detect_language
from newstrail.errors import Errors
from newstrail.nlp.entities import NAMED_LABELS
from newstrail.nlp.guard import ERRORS_KEY, errors
from newstrail.nlp.parts import parse_in_parts
from newstrail.nlp.pipeline import shared_nlp
from newstrail.records import Article, Entity, InputArticle, Sourcing

ENGLISH = "en"
PR_SET_PDEATHSIG = 1  # prctl(2)
# longer articles are parsed in parts of at most this many characters (or nlp.max_length, when
# smaller): one Doc of a million characters needs gigabytes in the parser, and spaCy refuses
# one over nlp.max_length
PART_CHARS = 100_000
EMPTIED = "no text left after cleaning: every line was taken as boilerplate or noise"


@dataclass(slots=True)
class Prepared:
    """An input article after cleaning, ready for the parse."""

    input: InputArticle
    text: str
    removed: list[str] = field(default_factory=list)
    language: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def english(self) -> bool:
        # undecided (very short) texts are treated as English rather than dropped
        return self.language in (ENGLISH, None) and bool(self.text)

    @property
    def error(self) -> str | None:
        """Why there is nothing to analyse (cleaning left no text), else None: an input
        problem to report with the article's location, not a language verdict."""
        return None if self.text else EMPTIED


def prepare(item: InputArticle, stats: LineStats | None = None) -> Prepared:
    """Clean, break a headline echo off the body, date by the dateline, detect the language
    and, for text that will be parsed, bound its runs."""
    text, removed = clean_text(item.text, item.source, stats)
    text = break_after_title(text, item.title)
    notes = list(item.notes)
    if not text:
        return Prepared(item, text, removed, None, notes + [EMPTIED])
    published, note = dated(text, item.published)
    if note:
        item = replace(item, published=published)
        notes.append(note)
    language = detect_language(text)
    if language not in (ENGLISH, None):
        notes.append(f"language {language!r}: not English, so the English extractors skipped it")
    else:  # only parsed text is bounded: a Chinese or Thai article is one long run by nature
        text, note = bound_runs(text)
        if note:
            notes.append(note)
    return Prepared(item, text, removed, language, notes)


def to_article(prepared: Prepared, doc=None) -> Article:
    """The JSON-ready record of one analysed (or skipped) article."""
    item = prepared.input
    article = Article(
        id=item.id,
        title=item.title,
        source=item.source,
        url=item.url,
        published=item.published,
        language=prepared.language,
        text=prepared.text,
        authors=list(item.authors),
        boilerplate_removed=list(prepared.removed),
        notes=list(prepared.notes),
    )
    if doc is None or not prepared.english:
        return article
    article.notes.extend(errors(doc))
    article.entities = [
        Entity(e.text, e.label_, e.start_char, e.end_char, e._.canonical or e.text)
        for e in doc.ents
        if e.label_ in NAMED_LABELS and any(c.isalpha() for c in e.text)
    ]
    article.quotes = list(doc._.quotes or [])
    article.figures = list(doc._.figures or [])
    article.figure_checks = list(doc._.figure_checks or [])
    article.sourcing = doc._.sourcing or Sourcing()
    return article


def _part_chars(nlp: Language) -> int:
    return min(PART_CHARS, nlp.max_length)


def _in_parts(nlp: Language, item: Prepared) -> bool:
    return item.english and len(item.text) > _part_chars(nlp)


def _docs(nlp: Language, items: Iterable[Prepared]):
    """The Docs for ``nlp.pipe``; no article may raise here, or the pipe stops for the batch."""
    for item in items:
        try:
            doc = nlp.make_doc(item.text if item.english and not _in_parts(nlp, item) else "")
        except Exception as exc:  # noqa: BLE001 - one article's failure stays with it
            doc = nlp.make_doc("")
            doc.user_data[ERRORS_KEY] = [Errors.E002.format(error=f"{type(exc).__name__}: {exc}")]
        doc._.published = item.input.published
        doc._.title = item.input.title
        yield doc


def _record(nlp: Language, item: Prepared, doc) -> Article:
    """The record of one article from its Doc out of the pipe, parsing a long one in parts here."""
    if not _in_parts(nlp, item):
        return to_article(item, doc)
    try:
        doc = parse_in_parts(nlp, item.text, _part_chars(nlp), item.input.published, item.input.title)
        note = f"parsed in parts of at most {_part_chars(nlp):,} characters, cut at paragraph breaks"
    except Exception as exc:  # noqa: BLE001 - one article's failure stays with it
        note = Errors.E003.format(error=f"{type(exc).__name__}: {exc}")
    article = to_article(item, doc)
    article.notes.append(note)
    return article


_worker_nlp: Language | None = None


def _start_worker(nlp: Language, parent: int) -> None:
    global _worker_nlp
    _worker_nlp = nlp  # inherited through fork, never pickled
    _die_with(parent)


def _die_with(parent: int) -> None:
    """A worker whose ingest was killed (kill -9, OOM) would wait for work forever, holding
    a model in memory: on Linux the kernel ends it when its parent dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _parse_batch(batch: list[Prepared]) -> list[Article]:
    assert _worker_nlp is not None
    return [_record(_worker_nlp, item, doc) for item, doc in zip(batch, _worker_nlp.pipe(_docs(_worker_nlp, batch)))]


def analyse(
    prepared: Iterable[Prepared],
    nlp: Language | None = None,
    workers: int = 1,
    batch_size: int = 32,
) -> Iterator[tuple[Prepared, Article]]:
    """Parse a stream of prepared articles, yielding each with its record, in input order."""
    nlp = nlp or shared_nlp()
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        # in this process (or, where processes cannot fork, spaCy's own)
        pending: deque[Prepared] = deque()

        def queued():
            for item in prepared:
                pending.append(item)
                yield item

        for doc in nlp.pipe(_docs(nlp, queued()), batch_size=batch_size, n_process=max(1, workers)):
            item = pending.popleft()
            yield item, _record(nlp, item, doc)
        return
    stream = iter(prepared)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(nlp, os.getpid())) as pool:
        in_flight: deque = deque()
        # a few batches per worker in flight: workers never wait, memory stays bounded
        while batch := list(islice(stream, batch_size)):
            in_flight.append((batch, pool.submit(_parse_batch, batch)))
            while len(in_flight) > 2 * workers:
                done, future = in_flight.popleft()
                yield from zip(done, future.result())
        while in_flight:
            done, future = in_flight.popleft()
            yield from zip(done, future.result())


def analyse_inputs(items: Iterable[InputArticle], nlp: Language | None = None, workers: int = 1) -> Iterator[Article]:
    """Analyse articles without a store (``newstrail analyze``, ``POST /analyze``).

    Per-source boilerplate is learned over the articles given together.
    """
    items = list(items)
    stats = LineStats()
    for item in items:
        stats.observe(item.source, item.text)
    for _, article in analyse((prepare(i, stats) for i in items), nlp, workers):
        yield article
