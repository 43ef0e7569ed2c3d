"""The speaker index of a dataset on Spark, as ``link.speakers.corpus_speakers`` gives it.

``corpus_speakers`` names each person once across the corpus: a lone first or last name joins
the only longer name it begins or ends, a longer name the only one ending with it
(``canonical_speakers``). Here the same lookups are joins: every longer name is indexed under
its first word, its last word and each of its trailing word runs, and each name is looked up
under its own; a name found under exactly one other name takes it. Then one group per person
adds up its quotes in corpus order (article order, then quote index), so aliases seen equally
often come in the order ``Counter.most_common`` gives them there.
"""

from __future__ import annotations

from newstrail.link.speakers import Speaker, speaker_entry, speaker_name


def _quoted(row):
    """(name, (order, quote index, alias, source, id, published)) of each named quote of an article."""
    order, article = row
    for qi, quote in enumerate(article.quotes or []):
        name = speaker_name(quote)
        if name:
            yield name, (order, qi, quote.speaker_resolved or name, article.source, article.id, article.published)


def _index(name: str):
    """The keys a longer name is found under (``canonical_speakers``'s ``by_word`` and ``by_tail``)."""
    words = name.split()
    if len(words) < 2:
        return
    keys = {("word", words[0]), ("word", words[-1])} | {("tail", " ".join(words[k:])) for k in range(1, len(words))}
    for key in keys:
        yield key, name


def _lookup(name: str):
    return ("word", name) if len(name.split()) == 1 else ("tail", name), name


def _canonical(row):
    """(name, the person's name) from (key, (name, names found under the key or None))."""
    _, (name, found) = row
    found = set(found or ()) - {name}
    return name, next(iter(found)) if len(found) == 1 else name


def _speaker(group) -> Speaker:
    """One person's entry, from (person, quote rows), as ``corpus_speakers`` adds them up."""
    person, rows = group
    return speaker_entry(person, (row[2:] for row in sorted(rows)))


def corpus_speakers(articles, partitions: int):
    """``Speaker`` records of the RDD of (order, ``records.Article``)."""
    quoted = articles.flatMap(_quoted)
    names = quoted.keys().distinct(partitions)
    index = names.flatMap(_index).groupByKey(partitions)
    canon = names.map(_lookup).leftOuterJoin(index, partitions).map(_canonical)
    return quoted.join(canon, partitions).map(lambda kv: (kv[1][1], kv[1][0])).groupByKey(partitions).map(_speaker)
