"""Writing and reading corpus-linking results (tables in ``link_schema``).

A link run writes its results in one transaction, so readers never see half of one run and
half of another: a full link replaces every result (``save_links``), a later link only the rows
of the stories and quote clusters it changed (``update_links``), so its cost follows what is
new; the linker state is rows too (``link.state``), written whole by a full link and where they
changed by a later one, and read a few at a time (``link_terms``, ``link_story_data``). Beside
it the store keeps a *mark* (``link_state`` row ``corpus``): the articles table as the link saw
it (``corpus_mark``) and a digest of the linker's ``stories`` row it saved, so a later link
finds out with a few small queries that nothing was added, removed or re-ingested since. Records are read back from their stored JSON (``data``); the relational columns serve
the filters ("the quote clusters of story s3").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from collections.abc import Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, delete, func, insert, or_, select, true
from sqlalchemy import table as table_clause

from newstrail.cleaning.normalise import fold
from newstrail.store.base import Connections, Key, chunks, sname, source_out
from newstrail.store.link_schema import (
    exclusive_details,
    figure_matches,
    figure_series,
    figure_series_members,
    link_state,
    link_stories,
    link_terms,
    provenance,
    quote_cluster_members,
    quote_clusters,
    speakers,
    stories,
    story_articles,
    story_features,
)
from newstrail.store.schema import articles, copies, figures, quotes, sources

if TYPE_CHECKING:
    from newstrail.link import Linked
    from newstrail.link.state import LinkerRows

# The mark is a few numbers; a longer ``corpus`` row is not one this module wrote.
MARK_BYTES = 4096
TERM_CHUNK = 2000  # keys per IN (...) list of the linker's rows (a later link reads hundreds of thousands)


def _after(column, after: str | None):
    """Keyset condition for linker ids (``s2`` < ``s10``): by length, then text."""
    if after is None:
        return None
    return or_(func.length(column) > len(after), and_(func.length(column) == len(after), column > after))


def _ordered(query, column, limit: int | None, after: str | None):
    condition = _after(column, after)
    if condition is not None:
        query = query.where(condition)
    query = query.order_by(func.length(column), column)
    return query.limit(limit) if limit else query


class LinkTables(Connections):
    """Mixed into ``Store``: corpus-linking persistence and queries."""

    # -- what linking needs from the store ------------------------------------------------

    def copy_pairs(self) -> dict[Key, Key]:
        """(source, id) of each wire copy -> (source, id) of the article it copies."""
        copy = articles.alias("copy")
        original = articles.alias("original")
        copy_source, original_source = sources.alias("cs"), sources.alias("os")
        query = (
            select(copy_source.c.name, copy.c.ext_id, original_source.c.name, original.c.ext_id)
            .select_from(copies)
            .join(copy, copy.c.pk == copies.c.article_pk)
            .join(copy_source, copy_source.c.id == copy.c.source_id)
            .join(original, original.c.pk == copies.c.copy_of_pk)
            .join(original_source, original_source.c.id == original.c.source_id)
        )
        with self._read() as conn:
            return {(cs or None, cid): (os_ or None, oid) for cs, cid, os_, oid in conn.execute(query)}

    def is_linked(self) -> bool:
        """Whether results of a link are stored: the linker state, or stories (a store whose
        pickled state migration 0005 dropped still shows its stories until the next link)."""
        with self._read() as conn:
            return (conn.execute(select(link_state.c.name).where(link_state.c.name == "stories")).first() is not None
                    or conn.execute(select(stories.c.id).limit(1)).first() is not None)

    def load_link_state(self) -> bytes | None:
        """The stored story linker's knobs and numbers as written (``link.state.encode_meta``):
        bytes, decoded and validated only by ``link.state.load_linker``."""
        with self._read() as conn:
            return conn.execute(select(link_state.c.data).where(link_state.c.name == "stories")).scalar()

    def iter_link_stories(self) -> Iterator[tuple]:
        """(id, first_day, last_day, members JSON) of every story of the stored linker."""
        with self._read() as conn:
            yield from conn.execute(select(link_stories.c.id, link_stories.c.first_day, link_stories.c.last_day,
                                           link_stories.c.members))

    def link_story_data(self, ids: Iterable[str]) -> dict[str, Any]:
        """Story id -> its stored centroid and norms (JSON text) for those of ``ids`` stored."""
        with self._read() as conn:
            return {sid: data for chunk in chunks(sorted(set(ids)), TERM_CHUNK) for sid, data in conn.execute(
                select(link_stories.c.id, link_stories.c.data).where(link_stories.c.id.in_(chunk)))}

    def story_features(self, pks: Iterable[int]) -> dict[int, tuple[str, bytes]]:
        """Article pk -> (digest, data) of the story features stored for it (``link.cache``)."""
        with self._read() as conn:
            return {pk: (digest, data) for chunk in chunks(list(pks), TERM_CHUNK) for pk, digest, data in conn.execute(
                select(story_features.c.article_pk, story_features.c.digest, story_features.c.data)
                .where(story_features.c.article_pk.in_(chunk)))}

    def save_story_features(self, rows: list[tuple[int, str, bytes]]) -> None:
        """Store (article pk, digest, data) rows of story features, replacing those of the same articles."""
        with self._write() as conn:
            for chunk in chunks([pk for pk, _, _ in rows], TERM_CHUNK):
                conn.execute(delete(story_features).where(story_features.c.article_pk.in_(chunk)))
            self._bulk_insert(conn, story_features, ["article_pk", "digest", "data"], rows)

    def link_terms(self, keys: list[bytes], postings: bool = True) -> list[tuple]:
        """(key, df, posting JSON or None) of the stored linker's terms among ``keys``
        (``link.state.term_key``; in key order, they are read fastest); the postings as None
        unless asked for. Through the driver: a later link reads a million of these rows, and
        SQLAlchemy's per-row result handling cost ten times SQLite's own reading."""
        columns = f"SELECT key, df, {'stories' if postings else 'NULL'} FROM link_terms WHERE key"
        with self._read() as conn:
            raw = conn.connection.driver_connection
            if self.dialect == "postgresql":
                with raw.cursor() as cursor:
                    return cursor.execute(f"{columns} = ANY(%s)", [list(keys)]).fetchall()
            return [row for chunk in chunks(keys, TERM_CHUNK)
                    for row in raw.execute(f"{columns} IN ({', '.join('?' * len(chunk))})", chunk).fetchall()]

    def corpus_mark(self) -> dict[str, Any]:
        """The articles table in four numbers that any ingest or removal changes: how many
        articles, the sum and the highest of their pks, and the latest ingest time (an article
        removed and ingested again comes back later, under a new or reused pk). Aggregates
        over one table: a later link compares them with the stored mark instead of loading
        the corpus."""
        with self._read() as conn:
            count, total, last, newest = conn.execute(
                select(func.count(), func.coalesce(func.sum(articles.c.pk), 0), func.max(articles.c.pk),
                       func.max(articles.c.ingested_at))).one()
        return {"articles": count, "pk_sum": int(total), "last_pk": last,
                "last_ingested": None if newest is None else str(newest)}

    def linked_article_pks(self) -> set[int]:
        """The pks of the articles stored in a story: an article removed since the link is
        gone from them (cascade), and one ingested again is back under another pk."""
        with self._read() as conn:
            return set(conn.execute(select(story_articles.c.article_pk)).scalars())

    def load_link_mark(self) -> dict | None:
        """The mark the last link stored (see the module docstring), or None when there is
        none or it is not a small JSON object: then a link does its work."""
        with self._read() as conn:
            data = conn.execute(select(link_state.c.data).where(link_state.c.name == "corpus")).scalar()
        if data is None or len(data) > MARK_BYTES:
            return None
        try:
            mark = json.loads(bytes(data))
        except ValueError:  # not UTF-8 or not JSON
            return None
        return mark if isinstance(mark, dict) else None

    def link_counts(self) -> dict[str, Any]:
        """What the stored links hold, counted in SQL: a link that changed only some rows
        reports the totals of the store, not of what it recomputed."""
        with self._read() as conn:
            def count(table, *where):
                return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()

            kinds = dict(conn.execute(select(figure_matches.c.kind, func.count())
                                      .group_by(figure_matches.c.kind)).all())
            return {"stories": count(stories), "multi_outlet_stories": count(stories, stories.c.outlet_count > 1),
                    "quote_clusters": count(quote_clusters), "figure_matches": kinds,
                    "figure_series": count(figure_series), "exclusive_details": count(exclusive_details),
                    "speakers": count(speakers)}

    def top_link_numbers(self) -> dict[str, int]:
        """The highest number in the stored ids of quote clusters (``q12``), figure series
        (``fs3``) and figure matches (``f40``), 0 when there are none: a later link numbers
        what it adds after them, so every stored id keeps naming the same thing."""
        out = {}
        with self._read() as conn:
            for name, table in (("quote_clusters", quote_clusters), ("figure_series", figure_series),
                                ("figure_matches", figure_matches)):
                top = conn.execute(select(table.c.id).order_by(func.length(table.c.id).desc(), table.c.id.desc())
                                   .limit(1)).scalar()
                digits = re.search(r"\d+$", top or "")
                out[name] = int(digits.group()) if digits else 0
        return out

    def series_ids(self, story_ids: Iterable[str]) -> dict[tuple[str, str, str, str], str]:
        """(story, counted, event, location) -> id of the stored figure series of these
        stories: a series recomputed for the same thing keeps its id."""
        out = {}
        with self._read() as conn:
            for chunk in chunks(sorted(set(story_ids))):
                rows = conn.execute(select(figure_series.c.id, figure_series.c.story_id, figure_series.c.counted,
                                           figure_series.c.event, figure_series.c.location)
                                    .where(figure_series.c.story_id.in_(chunk)))
                out.update({(story, counted, event, location): sid for sid, story, counted, event, location in rows})
        return out

    def save_links(self, linked: Linked, people: list, pk_of: dict[Key, int], state: LinkerRows, mark: dict) -> None:
        """Replace every linking result with ``linked`` (and the speakers), atomically;
        ``mark``: what ``corpus_mark`` said before the link read the articles, with the
        state's digest (see the module docstring)."""
        with self._write() as conn:
            for table in (exclusive_details, provenance, figure_matches, figure_series_members, figure_series,
                          quote_cluster_members, quote_clusters, story_articles, stories, speakers):
                conn.execute(delete(table))
            self._insert_links(conn, linked, pk_of)
            self._insert_speakers(conn, people)
            self._insert_state(conn, state, mark)

    def update_links(self, linked: Linked, people: list, pk_of: dict[Key, int], state: LinkerRows, mark: dict, *,
                     stories_changed: Iterable[str], clusters_changed: Iterable[str]) -> None:
        """Replace the rows of some stories and quote clusters, atomically: ``linked`` holds
        the stories named in ``stories_changed`` with everything found within them (figure
        matches, series, their provenance, exclusive details) and the quote clusters (with
        their provenance) that are still there of ``clusters_changed`` (a name not in
        ``linked`` is a cluster that is gone). Other rows are kept as they are; speakers
        are replaced only where they differ."""
        story_ids, cluster_ids = sorted(set(stories_changed)), sorted(set(clusters_changed))
        member_pks = sorted({pk_of[a.key] for s in linked.stories for a in s.articles})
        with self._write() as conn:
            old_series = [sid for chunk in chunks(story_ids) for sid in conn.execute(
                select(figure_series.c.id).where(figure_series.c.story_id.in_(chunk))).scalars()]
            for column, keys in ((provenance.c.target, old_series + cluster_ids),
                                 (exclusive_details.c.story_id, story_ids),
                                 (figure_matches.c.a_article_pk, member_pks),
                                 (figure_series_members.c.series_id, old_series),
                                 (figure_series.c.id, old_series),
                                 (quote_cluster_members.c.cluster_id, cluster_ids),
                                 (quote_clusters.c.id, cluster_ids),
                                 (story_articles.c.story_id, story_ids),
                                 (stories.c.id, story_ids)):
                for chunk in chunks(keys):
                    conn.execute(delete(column.table).where(column.in_(chunk)))
            self._insert_links(conn, linked, pk_of)
            self._update_speakers(conn, people)
            self._insert_state(conn, state, mark)

    def _insert_state(self, conn, state: LinkerRows, mark: dict) -> None:
        """Write the linker's rows (all of them, or those that changed: ``link.state.LinkerRows``)
        and the mark, the rows in batches as they are made. On SQLite all the terms of a full
        link go through a scratch table and in key order into ``link_terms``: millions of
        inserts at random keys cost several times as much as SQLite's sort and appending."""
        conn.execute(delete(link_state))
        conn.execute(insert(link_state), [{"name": "stories", "data": state.meta},
                                          {"name": "corpus", "data": json.dumps(mark, sort_keys=True).encode()}])
        for table, key, rows in ((link_terms, link_terms.c.key, state.terms), (link_stories, link_stories.c.id,
                                                                               state.stories)):
            target = table
            if state.whole:
                conn.execute(delete(table))
                if table is link_terms and self.dialect == "sqlite":
                    target = table_clause("unsorted_link_terms")
                    conn.exec_driver_sql("CREATE TEMP TABLE unsorted_link_terms (key BLOB, df INTEGER, stories TEXT)")
            rows = iter(rows)
            while batch := list(islice(rows, 20_000)):
                if not state.whole:
                    for chunk in chunks([row[0] for row in batch], TERM_CHUNK):
                        conn.execute(delete(table).where(key.in_(chunk)))
                kept = [row for row in batch if table is link_stories or row[1] or row[2]]  # a term in no article nor posting: gone
                self._bulk_insert(conn, target, [c.name for c in table.columns], kept)
            if target is not table:
                conn.exec_driver_sql("INSERT INTO link_terms (key, df, stories) "
                                     "SELECT key, df, stories FROM unsorted_link_terms ORDER BY key")
                conn.exec_driver_sql("DROP TABLE unsorted_link_terms")

    def _insert_speakers(self, conn, people: list) -> None:
        self._execute_many(conn, insert(speakers), [
            {"name": p.name, "quotes": p.quotes, "articles": p.articles, "data": p.to_dict(),
             "search_key": p.search_key()} for p in people])

    def _update_speakers(self, conn, people: list) -> None:
        """The speaker rows made equal to ``people``, writing only the rows that differ: a
        few new quotes change a few people, not the corpus's index."""
        stored = dict(conn.execute(select(speakers.c.name, speakers.c.data)).all())
        wanted = {p.name: p for p in people}
        stale = {name for name, data in stored.items() if name not in wanted or data != wanted[name].to_dict()}
        for chunk in chunks(sorted(stale)):
            conn.execute(delete(speakers).where(speakers.c.name.in_(chunk)))
        self._insert_speakers(conn, [p for name, p in wanted.items() if name not in stored or name in stale])

    def _insert_links(self, conn, linked: Linked, pk_of: dict[Key, int]) -> None:
        """Insert the rows of ``linked`` (the tables hold none of them yet)."""
        def pk(source, article_id):
            return pk_of[(source, article_id)]

        self._execute_many(conn, insert(stories), [
            {"id": s.id, "mode": s.mode, "first_published": s.first_published,
             "last_published": s.last_published, "article_count": len(s.articles),
             "outlet_count": len(s.outlets), "data": s.to_dict()} for s in linked.stories])
        self._execute_many(conn, insert(story_articles), [
            {"article_pk": pk(a.source, a.id), "story_id": s.id, "similarity": a.similarity,
             "copy_of_pk": pk_of.get(tuple(a.copy_of)) if a.copy_of else None}
            for s in linked.stories for a in s.articles])
        self._execute_many(conn, insert(quote_clusters), [
            {"id": c.id, "text": c.text, "speakers": c.speakers, "speaker_conflict": c.speaker_conflict,
             "data": c.to_dict()} for c in linked.quotes])
        self._execute_many(conn, insert(quote_cluster_members), [
            {"cluster_id": c.id, "article_pk": pk(m.source, m.article), "quote_idx": m.index,
             "partial": m.partial, "similarity": m.similarity} for c in linked.quotes for m in c.members])
        self._execute_many(conn, insert(figure_series), [
            {"id": s.id, "story_id": s.story, "counted": s.thing[0], "event": s.thing[1],
             "location": s.thing[2], "conflict": s.conflict, "scope_related": s.scope_related,
             "data": s.to_dict()} for s in linked.series])
        self._execute_many(conn, insert(figure_series_members), list({
            (s.id, pk(f.source, f.article), f.index): {"series_id": s.id, "article_pk": pk(f.source, f.article),
                                                        "figure_idx": f.index, "medium": f.medium}
            for s in linked.series for f in s.figures}.values()))
        self._execute_many(conn, insert(figure_matches), [
            {"id": m.id, "kind": m.kind, "note": m.note, "thing": list(m.thing),
             "a_article_pk": pk(m.a.source, m.a.article), "a_figure_idx": m.a.index,
             "b_article_pk": pk(m.b.source, m.b.article), "b_figure_idx": m.b.index,
             "data": m.to_dict()} for m in linked.figures])
        self._execute_many(conn, insert(provenance), [
            {"target": p.target, "kind": p.kind, "earliest_article_pk": pk(p.earliest.source, p.earliest.article),
             "origin_medium": p.origin_medium, "attribution": p.attribution,
             "dropped_count": len(p.attribution_dropped), "data": p.to_dict()} for p in linked.provenance])
        self._execute_many(conn, insert(exclusive_details), [
            {"story_id": d.story, "kind": d.kind, "article_pk": pk(d.source, d.article), "target": d.target,
             "text": d.text} for d in linked.exclusive])

    # -- reading --------------------------------------------------------------------------

    def _data(self, query) -> list[dict[str, Any]]:
        with self._read() as conn:
            return [row[0] for row in conn.execute(query)]

    def _story_members(self, story_id: str):
        return select(story_articles.c.article_pk).where(story_articles.c.story_id == story_id)

    def list_stories(self, limit: int | None = 50, after: str | None = None, min_outlets: int = 1,
                     article_pks: list[int] | None = None) -> list[dict]:
        """Stories in id order (``s1`` is the one whose earliest article came first);
        ``article_pks``: only the stories holding one of these articles."""
        query = select(stories.c.data).where(stories.c.outlet_count >= min_outlets)
        if article_pks is not None:
            holding = select(story_articles.c.story_id).where(story_articles.c.article_pk.in_(article_pks))
            query = query.where(stories.c.id.in_(holding))
        return self._data(_ordered(query, stories.c.id, limit, after))

    def get_story(self, story_id: str) -> dict | None:
        return next(iter(self._data(select(stories.c.data).where(stories.c.id == story_id))), None)

    def list_quote_clusters(self, limit: int | None = 50, after: str | None = None, story: str | None = None) -> list[dict]:
        query = select(quote_clusters.c.data)
        if story is not None:
            members = select(quote_cluster_members.c.cluster_id).where(
                quote_cluster_members.c.article_pk.in_(self._story_members(story)))
            query = query.where(quote_clusters.c.id.in_(members))
        return self._data(_ordered(query, quote_clusters.c.id, limit, after))

    def get_quote_cluster(self, cluster_id: str) -> dict | None:
        return next(iter(self._data(select(quote_clusters.c.data).where(quote_clusters.c.id == cluster_id))), None)

    def list_figure_series(self, limit: int | None = 50, after: str | None = None, story: str | None = None) -> list[dict]:
        query = select(figure_series.c.data)
        if story is not None:
            query = query.where(figure_series.c.story_id == story)
        return self._data(_ordered(query, figure_series.c.id, limit, after))

    def get_figure_series(self, series_id: str) -> dict | None:
        return next(iter(self._data(select(figure_series.c.data).where(figure_series.c.id == series_id))), None)

    def list_figure_matches(self, story: str | None = None, kind: str | None = None) -> list[dict]:
        query = select(figure_matches.c.data)
        if story is not None:
            query = query.where(figure_matches.c.a_article_pk.in_(self._story_members(story)))
        if kind is not None:
            query = query.where(figure_matches.c.kind == kind)
        return self._data(_ordered(query, figure_matches.c.id, None, None))

    def get_provenance(self, target: str) -> dict | None:
        return next(iter(self._data(select(provenance.c.data).where(provenance.c.target == target))), None)

    def list_provenance(self, targets: list[str]) -> list[dict]:
        """The provenance of each of ``targets`` (quote cluster and figure series ids) that has
        one, in their order: one query per chunk, not one per target (a large story's page
        has a hundred)."""
        wanted = list(dict.fromkeys(targets))
        found: dict[str, dict] = {}
        with self._read() as conn:
            for chunk in chunks(wanted):
                rows = conn.execute(select(provenance.c.target, provenance.c.data).where(provenance.c.target.in_(chunk)))
                found.update((target, data) for target, data in rows)
        return [found[t] for t in wanted if t in found]

    def list_exclusives(self, story: str | None = None) -> list[dict]:
        query = (select(exclusive_details.c.story_id, exclusive_details.c.kind, exclusive_details.c.target,
                        exclusive_details.c.text, articles.c.ext_id, sources.c.name)
                 .join(articles, articles.c.pk == exclusive_details.c.article_pk)
                 .join(sources, sources.c.id == articles.c.source_id)
                 .order_by(exclusive_details.c.id))
        if story is not None:
            query = query.where(exclusive_details.c.story_id == story)
        with self._read() as conn:
            return [{"story": s, "kind": k, "target": t, "text": text, "article": a, "source": src or None}
                    for s, k, t, text, a, src in conn.execute(query)]

    def list_speakers(self, search: str | None = None, limit: int | None = None, after: str | None = None) -> list[dict]:
        """People quoted across the corpus, most quoted first, then by name; ``search`` is
        looked for in their names and aliases, case and accents folded. ``after`` is the name
        the previous page ended on; a name that is not in the (searched) list gives no rows."""
        matching = speakers.c.search_key.contains(fold(search), autoescape=True) if search else true()
        query = select(speakers.c.data).where(matching).order_by(speakers.c.quotes.desc(), speakers.c.name)
        if after is not None:
            last = select(speakers.c.quotes).where(matching, speakers.c.name == after).scalar_subquery()
            query = query.where(or_(speakers.c.quotes < last, and_(speakers.c.quotes == last, speakers.c.name > after)))
        return self._data(query.limit(limit) if limit else query)

    # -- where an article and its parts were placed -----------------------------------------

    def article_links(self, pk: int) -> dict[str, Any]:
        """Where linking placed the article ``pk``: ``story`` (its id or None), ``copy_of``
        (the (source, id) of the article it is a wire copy of, found at ingest, or None), and
        ``clusters``/``series``: quote index -> quote cluster id, figure index -> series id
        (the lowest id when a part is in several)."""
        original = articles.alias("original")
        with self._read() as conn:
            story = conn.execute(select(story_articles.c.story_id).where(story_articles.c.article_pk == pk)).scalar()
            copy_of = conn.execute(
                select(sources.c.name, original.c.ext_id).select_from(copies)
                .join(original, original.c.pk == copies.c.copy_of_pk)
                .join(sources, sources.c.id == original.c.source_id)
                .where(copies.c.article_pk == pk)).first()
            clusters = conn.execute(
                select(quote_cluster_members.c.quote_idx, quote_cluster_members.c.cluster_id)
                .where(quote_cluster_members.c.article_pk == pk)).all()
            series = conn.execute(
                select(figure_series_members.c.figure_idx, figure_series_members.c.series_id)
                .where(figure_series_members.c.article_pk == pk)).all()
        return {"story": story, "copy_of": (source_out(copy_of[0]), copy_of[1]) if copy_of else None,
                "clusters": _lowest(clusters), "series": _lowest(series)}

    def article_places(self, keys: Iterable[Key]) -> dict[Key, tuple[str | None, str | None]]:
        """(headline, story id or None) of each stored article named by (source, id); keys
        not stored are left out. What a page shows of an article that carries a quote."""
        wanted = {(sname(source), ext_id): (source_out(sname(source)), ext_id) for source, ext_id in keys}
        with self._read() as conn:
            pk_of = self._pks_for_keys(conn, self._source_ids(conn, {name for name, _ in wanted}), wanted)
            found = {}
            for chunk in chunks(sorted(pk_of.values())):
                found.update({pk: (title, story) for pk, title, story in conn.execute(
                    select(articles.c.pk, articles.c.title, story_articles.c.story_id)
                    .outerjoin(story_articles, story_articles.c.article_pk == articles.c.pk)
                    .where(articles.c.pk.in_(chunk)))})
        return {wanted[key]: found[pk] for key, pk in pk_of.items()}

    def quote_places(self, quote_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """(quote cluster id or None, story id or None) of each stored quote, by its store id
        (``QuoteRow.id``): where a quote in a listing leads."""
        return self._places(quotes, quotes.c.idx, quote_cluster_members.c.quote_idx,
                            quote_cluster_members.c.cluster_id, quote_ids)

    def figure_places(self, figure_ids: Iterable[int]) -> dict[int, tuple[str | None, str | None]]:
        """(figure series id or None, story id or None) of each stored figure, by its store id
        (``FigureRow.id``)."""
        return self._places(figures, figures.c.fig_index, figure_series_members.c.figure_idx,
                            figure_series_members.c.series_id, figure_ids)

    def _places(self, parts, index, member_index, member_id, ids: Iterable[int]):
        """Part store id -> (the lowest id of the cluster or series holding it, its article's
        story): ``parts`` (quotes, figures) joined to the members' table by article and
        ``index`` = ``member_index``."""
        members = member_id.table
        linked, story_of = [], {}
        with self._read() as conn:
            for chunk in chunks(sorted(set(ids))):
                for part_id, record_id, story in conn.execute(
                        select(parts.c.id, member_id, story_articles.c.story_id)
                        .outerjoin(members, and_(members.c.article_pk == parts.c.article_pk, member_index == index))
                        .outerjoin(story_articles, story_articles.c.article_pk == parts.c.article_pk)
                        .where(parts.c.id.in_(chunk))):
                    story_of[part_id] = story
                    if record_id is not None:
                        linked.append((part_id, record_id))
        record_of = _lowest(linked)
        return {part_id: (record_of.get(part_id), story) for part_id, story in story_of.items()}


def _lowest(pairs) -> dict[int, str]:
    """Number -> the lowest linker id (``q2`` before ``q10``) paired with it in ``pairs``."""
    out: dict[int, str] = {}
    for index, record_id in sorted(pairs, key=lambda p: (len(p[1]), p[1])):
        out.setdefault(index, record_id)
    return out
