"""Writing articles (``save_batch``) and what ingest asks before it writes: which keys and
content hashes are stored, the MinHash signatures for near-duplicates, the lines each source
repeats (for learned boilerplate)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, datetime
from operator import attrgetter

from sqlalchemy import Connection, bindparam, func, insert, select, update

from newstrail.records import StoredArticle
from newstrail.store.base import FIGURE_FIELDS, PAGE, QUOTE_FIELDS, Connections, Key, chunks, sname, source_out
from newstrail.store.schema import (
    articles,
    copies,
    entities,
    figure_checks,
    figures,
    line_stats,
    mentions,
    quotes,
    signals,
    sources,
)

_quote_values = attrgetter(*QUOTE_FIELDS)
_figure_values = attrgetter(*FIGURE_FIELDS)
_FIGURE_COLUMNS = ["fig_index" if name == "index" else name for name in FIGURE_FIELDS]
# figure columns added after migration 0001 ("about": 0006); left out of a batch's insert when no
# figure of it has a value, so that a store held at an older revision (migration tests) still
# takes it; a value for one is never dropped
_LATER_FIGURE_COLUMNS = {"about"}


def _figure_columns(rows: list[tuple]) -> tuple[list[str], list[tuple]]:
    """The figure columns to insert and the rows cut to them: a later column (``_LATER_FIGURE_COLUMNS``)
    is left out only when it is None in every row."""
    columns = ["article_pk", "idx", *_FIGURE_COLUMNS]
    keep = [k for k, name in enumerate(columns)
            if name not in _LATER_FIGURE_COLUMNS or any(row[k] is not None for row in rows)]
    if len(keep) == len(columns):
        return columns, rows
    return [columns[k] for k in keep], [tuple(row[k] for k in keep) for row in rows]


class Writes(Connections):
    """Mixed into ``Store``: ``save_batch`` and what ingest asks before writing."""

    # -- ingest support --------------------------------------------------------------------

    def known_keys(self, keys: Iterable[Key]) -> set[Key]:
        """Which of ``keys`` (source, id) are stored already, returned as given."""
        keys = list(keys)
        if not keys:
            return set()
        with self._read() as conn:
            sids = self._source_ids(conn, (sname(s) for s, _ in keys))
            found = self._pks_for_keys(conn, sids, ((sname(s), str(i)) for s, i in keys))
        return {key for key in keys if (sname(key[0]), str(key[1])) in found}

    def content_hash_owners(self, hashes: Iterable[str]) -> dict[str, Key]:
        """For each stored content hash among ``hashes``: the (source, id) of its earliest article."""
        hashes = sorted(set(hashes))
        out: dict[str, Key] = {}
        with self._read() as conn:
            for chunk in chunks(hashes):
                first = (
                    select(func.min(articles.c.pk))
                    .where(articles.c.content_hash.in_(chunk))
                    .group_by(articles.c.content_hash)
                    .scalar_subquery()
                )
                rows = conn.execute(
                    select(articles.c.content_hash, sources.c.name, articles.c.ext_id)
                    .join(sources, sources.c.id == articles.c.source_id)
                    .where(articles.c.pk.in_(first))
                )
                for digest, name, ext_id in rows:
                    out[digest] = (source_out(name), ext_id)
        return out

    def iter_minhashes(self) -> Iterator[tuple[Key, bytes]]:
        """((source, id), signature bytes) of every article with a MinHash, in ingest order."""
        last = 0
        while True:
            with self._read() as conn:
                rows = conn.execute(
                    select(articles.c.pk, sources.c.name, articles.c.ext_id, articles.c.minhash)
                    .join(sources, sources.c.id == articles.c.source_id)
                    .where(articles.c.pk > last, articles.c.minhash.is_not(None))
                    .order_by(articles.c.pk)
                    .limit(PAGE)
                ).all()
            for pk, name, ext_id, signature in rows:
                yield (source_out(name), ext_id), bytes(signature)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def line_stats(self, sources_: Iterable[str | None], min_count: int = 1) -> dict[str | None, tuple[int, dict[str, int]]]:
        """Per source (as given): (articles stored for it, {line_key: articles containing it}).
        Unknown sources get ``(0, {})``; ``min_count`` leaves out rarer lines."""
        wanted = list(dict.fromkeys(sources_))
        out: dict[str | None, tuple[int, dict[str, int]]] = {s: (0, {}) for s in wanted}
        if not wanted:
            return out
        with self._read() as conn:
            info = {}
            for chunk in chunks(sorted({sname(s) for s in wanted})):
                for sid, name, count in conn.execute(
                    select(sources.c.id, sources.c.name, sources.c.article_count).where(sources.c.name.in_(chunk))
                ):
                    info[name] = (sid, count, {})
            by_id = {sid: lines for sid, _, lines in info.values()}
            for chunk in chunks(sorted(by_id)):
                rows = conn.execute(
                    select(line_stats.c.source_id, line_stats.c.line_key, line_stats.c.count).where(
                        line_stats.c.source_id.in_(chunk), line_stats.c.count >= min_count
                    )
                )
                for sid, key, count in rows:
                    by_id[sid][key] = count
        for s in wanted:
            if sname(s) in info:
                _, count, lines = info[sname(s)]
                out[s] = (count, dict(lines))
        return out

    # -- writing ---------------------------------------------------------------------------

    def save_batch(self, items: list[StoredArticle]) -> int:
        """Save ``items`` in one transaction; those whose (source, id) is stored already (or
        repeated in the batch) are skipped. Returns how many articles were inserted."""
        if not items:
            return 0
        now = datetime.now(UTC)
        with self._write() as conn:
            keyed = [((sname(it.article.source), str(it.article.id)), it) for it in items]
            sids = self._source_ids(conn, {k[0] for k, _ in keyed})
            missing = sorted({k[0] for k, _ in keyed} - sids.keys())
            if missing:
                self._execute_many(
                    conn,
                    self._insert(sources).on_conflict_do_nothing(),
                    [{"name": name, "article_count": 0} for name in missing],
                )
                sids.update(self._source_ids(conn, missing))
            existing = self._pks_for_keys(conn, sids, (k for k, _ in keyed))
            new: list[tuple[tuple[str, str], StoredArticle]] = []
            seen = set(existing)
            for key, item in keyed:
                if key not in seen:
                    seen.add(key)
                    new.append((key, item))
            if not new:
                return 0

            rows = []
            for (name, ext_id), item in new:
                a = item.article
                rows.append(
                    {
                        "source_id": sids[name],
                        "ext_id": ext_id,
                        "title": a.title,
                        "url": a.url,
                        "published": a.published,
                        "language": a.language,
                        "text": a.text,
                        "words": len(a.text.split()),
                        "quote_count": len(a.quotes),
                        "figure_count": len(a.figures),
                        "authors": list(a.authors),
                        "boilerplate_removed": list(a.boilerplate_removed),
                        "notes": list(a.notes),
                        "sourcing_summary": asdict(a.sourcing.summary),
                        "content_hash": item.content_hash,
                        "origin": item.origin or "",
                        "minhash": item.minhash,
                        "ingested_at": now,
                    }
                )
            result = conn.execute(
                insert(articles).returning(articles.c.pk, sort_by_parameter_order=True), self._scrub(rows)
            )
            pks = list(result.scalars())
            pk_of = {key: pk for (key, _), pk in zip(new, pks)}

            self._save_entities(conn, new, pks)
            quote_rows, figure_rows, check_rows, signal_rows = [], [], [], []
            for (_, item), pk in zip(new, pks):
                a = item.article
                for i, q in enumerate(a.quotes):
                    quote_rows.append((pk, i, *_quote_values(q)))
                for i, f in enumerate(a.figures):
                    figure_rows.append((pk, i, *_figure_values(f)))
                for i, c in enumerate(a.figure_checks):
                    check_rows.append(
                        {"article_pk": pk, "idx": i, "kind": c.kind, "figures": list(c.figures), "note": c.note or ""}
                    )
                for kind in ("unsourced", "hedged"):
                    for i, sig in enumerate(getattr(a.sourcing, kind)):
                        signal_rows.append((pk, i, kind, sig.text, sig.start, sig.end, sig.reason))
            self._bulk_insert(conn, quotes, ["article_pk", "idx", *QUOTE_FIELDS], quote_rows)
            self._bulk_insert(conn, figures, *_figure_columns(figure_rows))
            self._execute_many(conn, insert(figure_checks), check_rows)
            self._bulk_insert(conn, signals, ["article_pk", "idx", "kind", "text", "start", "end", "reason"], signal_rows)

            self._save_copies(conn, new, pk_of, sids)

            per_source = Counter(sids[name] for (name, _), _ in new)
            conn.execute(
                update(sources)
                .where(sources.c.id == bindparam("b_sid"))
                .values(article_count=sources.c.article_count + bindparam("b_n")),
                [{"b_sid": sid, "b_n": n} for sid, n in per_source.items()],
            )
            lines = Counter()
            for (name, _), item in new:
                for line_key in set(item.line_keys):
                    lines[(sids[name], line_key)] += 1
            if lines:
                ins = self._insert(line_stats)
                upsert = ins.on_conflict_do_update(
                    index_elements=[line_stats.c.source_id, line_stats.c.line_key],
                    set_={"count": line_stats.c.count + ins.excluded["count"]},
                )
                self._execute_many(
                    conn, upsert, [{"source_id": sid, "line_key": k, "count": n} for (sid, k), n in lines.items()]
                )
        return len(new)

    def _save_entities(self, conn: Connection, new, pks: list[int]) -> None:
        pairs = {(e.canonical or e.text, e.label) for _, item in new for e in item.article.entities}
        if not pairs:
            return
        ids = self._entity_ids(conn, pairs)
        missing = sorted(pairs - ids.keys())
        if missing:
            self._execute_many(
                conn,
                self._insert(entities).on_conflict_do_nothing(),
                [{"canonical": c, "label": label} for c, label in missing],
            )
            ids.update(self._entity_ids(conn, set(missing)))
        rows = []
        for (_, item), pk in zip(new, pks):
            for i, e in enumerate(item.article.entities):
                rows.append((pk, i, ids[(e.canonical or e.text, e.label)], e.text, e.label, e.start, e.end))
        self._bulk_insert(conn, mentions, ["article_pk", "idx", "entity_id", "text", "label", "start", "end"], rows)

    def _entity_ids(self, conn: Connection, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        names = sorted({c for c, _ in pairs})
        if self.dialect == "postgresql":
            names = [n.replace("\x00", "\ufffd") for n in names]
        out = {}
        for chunk in chunks(names):
            rows = conn.execute(
                select(entities.c.canonical, entities.c.label, entities.c.id).where(entities.c.canonical.in_(chunk))
            )
            for canonical, label, eid in rows:
                out[(canonical, label)] = eid
        if self.dialect == "postgresql":  # map back to the caller's spelling
            out = {pair: out[(pair[0].replace("\x00", "\ufffd"), pair[1])] for pair in pairs if (pair[0].replace("\x00", "\ufffd"), pair[1]) in out}
        return out

    def _save_copies(self, conn: Connection, new, pk_of: dict[tuple[str, str], int], sids: dict[str, int]) -> None:
        wanted = {}
        for key, item in new:
            if item.copy_of is not None:
                wanted[key] = (sname(item.copy_of[0]), str(item.copy_of[1]))
        if not wanted:
            return
        outside = {k for k in wanted.values() if k not in pk_of}
        if outside:
            names = {name for name, _ in outside}
            known_sids = dict(sids)
            known_sids.update(self._source_ids(conn, names - sids.keys()))
            pk_of = {**pk_of, **self._pks_for_keys(conn, known_sids, outside)}
        rows = []
        for key, item in new:
            target = wanted.get(key)
            if target is None or target == key or target not in pk_of:
                continue  # an unknown original cannot be linked; the article itself is kept
            kind = item.copy_kind or ("exact" if item.similarity in (None, 1.0) else "near")
            rows.append({"article_pk": pk_of[key], "copy_of_pk": pk_of[target], "kind": kind, "similarity": item.similarity})
        self._execute_many(conn, insert(copies), rows)
