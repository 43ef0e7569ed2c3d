"""Read access to corpus linking (stories, quote clusters, figure series, provenance, speakers).

The API and the pages ask this adapter, never the store directly, for anything the linker
made; it returns the ``to_dict`` forms of ``newstrail.link.records``. The adapter asks the store
for the reader methods below and says ``available = False`` when the store has none (a store
made before linking existed, or the linker not installed): the pages then say so and the API
answers 501, instead of failing.

Store methods looked for (any subset works; each is optional):

- ``list_stories(limit=, after=)`` → list of ``Story``; ``get_story(id)`` → ``Story`` or None
- ``story_detail(id)`` → dict like ``newstrail story ID --json`` (quotes, figures, provenance)
- ``list_quote_clusters(limit=, after=, story=)`` / ``get_quote_cluster(id)``
- ``list_figure_series(limit=, after=, story=)`` / ``get_figure_series(id)``
- ``list_figure_matches(story=)``, ``get_provenance(target)``, ``list_exclusives(story=)``
- ``list_speakers(search=, limit=, after=)`` → speaker summaries

Speakers fall back to an aggregate over the stored quotes when the store has no
``list_speakers``.
"""

from __future__ import annotations

import inspect
from typing import Any


class NotAvailable(Exception):
    """This store has no corpus-linking data (or this kind of it)."""


def _as_dict(obj: Any) -> Any:
    if obj is None:
        return None
    if isinstance(obj, dict):
        return obj
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return obj


def _call(fn, **kwargs):
    """Call ``fn`` with the keyword arguments it accepts."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover
        return fn(**kwargs)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return fn(**kwargs)
    return fn(**{k: v for k, v in kwargs.items() if k in params and v is not None})


def _page_by_id(items: list[dict], limit: int, after: str | None) -> tuple[list[dict], str | None]:
    """Cursor paging over a full list of records with string ids (``s12``): ``after`` is the
    last id seen. Records are kept in the order given, so the cursor stays stable."""
    start = 0
    if after is not None:
        for i, item in enumerate(items):
            if str(item.get("id")) == str(after):
                start = i + 1
                break
        else:
            return [], None
    page = items[start:start + limit]
    more = start + limit < len(items)
    return page, (str(page[-1]["id"]) if page and more else None)


class Links:
    def __init__(self, store: Any, memory_limit: int = 3000):
        self.store = store
        self.memory = MemoryLinks(store, memory_limit)

    def _method(self, name: str):
        fn = getattr(self.store, name, None)
        if fn is None and self.memory.usable():
            fn = getattr(self.memory, name, None)
        return fn

    @property
    def stored(self) -> bool:
        """Whether the store itself reads linking data back (rather than linking on the fly)."""
        return any(getattr(self.store, n, None) for n in ("list_stories", "get_story", "list_figure_series"))

    @property
    def available(self) -> bool:
        return any(self._method(n) for n in ("list_stories", "get_story", "list_figure_series", "list_quote_clusters"))

    def _require(self, name: str):
        fn = self._method(name)
        if fn is None:
            raise NotAvailable(f"this store has no {name.replace('_', ' ')} (run `newstrail link`)")
        return fn

    # --- lists ---------------------------------------------------------------------------

    def _list(self, name: str, limit: int, after: str | None, **filters) -> tuple[list[dict], str | None]:
        fn = self._require(name)
        params = inspect.signature(fn).parameters
        if "after" in params and "limit" in params:
            rows = [_as_dict(r) for r in _call(fn, limit=limit + 1, after=after, **filters)]
            more = len(rows) > limit
            rows = rows[:limit]
            return rows, (str(rows[-1]["id"]) if more and rows else None)
        rows = [_as_dict(r) for r in _call(fn, **filters)]
        return _page_by_id(rows, limit, after)

    def stories(self, limit: int = 50, after: str | None = None, search: str | None = None):
        return self._list("list_stories", limit, after, search=search)

    def quote_clusters(self, limit: int = 50, after: str | None = None, story: str | None = None):
        return self._list("list_quote_clusters", limit, after, story=story)

    def figure_series(self, limit: int = 50, after: str | None = None, story: str | None = None):
        return self._list("list_figure_series", limit, after, story=story)

    # --- one record ----------------------------------------------------------------------

    def story(self, story_id: str) -> dict | None:
        detail = self._method("story_detail")
        if detail is not None:
            return _as_dict(detail(story_id))
        story = _as_dict(self._require("get_story")(story_id))
        if story is None:
            return None
        story = dict(story)
        for key, name in (("quotes", "list_quote_clusters"), ("series", "list_figure_series"),
                          ("figures", "list_figure_matches"), ("exclusives", "list_exclusives")):
            fn = self._method(name)
            story[key] = [_as_dict(x) for x in _call(fn, story=story_id)] if fn else []
        prov = self._method("get_provenance")
        targets = [q["id"] for q in story["quotes"]] + [s["id"] for s in story["series"]]
        story["provenance"] = [p for p in (_as_dict(prov(t)) for t in targets) if p] if prov else []
        return story

    def quote_cluster(self, cluster_id: str) -> dict | None:
        return _as_dict(self._require("get_quote_cluster")(cluster_id))

    def series(self, series_id: str) -> dict | None:
        return _as_dict(self._require("get_figure_series")(series_id))

    def provenance(self, target: str) -> dict | None:
        return _as_dict(self._require("get_provenance")(target))

    # --- speakers ------------------------------------------------------------------------

    def speakers(self, limit: int = 50, after: str | None = None, search: str | None = None):
        fn = self._method("list_speakers")
        if fn is not None:
            rows = [_as_dict(r) for r in _call(fn, search=search)]
            rows = [_speaker_row(r) for r in rows]
            return _page_by_name(rows, limit, after)
        return _page_by_name(speakers_from_quotes(self.store, search), limit, after)


class MemoryLinks:
    """Corpus linking computed on the fly with ``newstrail.link.link_articles`` over every stored
    article, for stores that hold no linking data yet and are small enough (``limit`` articles):
    the built-in sample, a test store. Computed once, reused until ``clear``. Offers the same
    reader methods a linking store offers."""

    def __init__(self, store: Any, limit: int = 3000):
        self.store = store
        self.limit = limit
        self._data: dict | None = None
        self._size: int | None = None

    def usable(self) -> bool:
        if self.limit <= 0 or not hasattr(self.store, "iter_articles"):
            return False
        try:
            import newstrail.link  # noqa: F401
        except ImportError:  # pragma: no cover - the linker ships with newstrail
            return False
        if self._size is None:
            self._size = int(self.store.counts().get("articles", 0))
        return self._size <= self.limit

    def clear(self) -> None:
        self._data, self._size = None, None

    def _copies(self) -> dict:
        engine = getattr(self.store, "engine", None)
        if engine is None:
            return {}
        from sqlalchemy import select

        from newstrail.store.schema import articles, copies, sources

        a, b = articles.alias("a"), articles.alias("b")
        sa, sb = sources.alias("sa"), sources.alias("sb")
        query = (select(sa.c.name, a.c.ext_id, sb.c.name, b.c.ext_id)
                 .select_from(copies.join(a, a.c.pk == copies.c.article_pk).join(sa, sa.c.id == a.c.source_id)
                              .join(b, b.c.pk == copies.c.copy_of_pk).join(sb, sb.c.id == b.c.source_id)))
        with engine.connect() as conn:
            return {((s1 or None), i1): ((s2 or None), i2) for s1, i1, s2, i2 in conn.execute(query)}

    def data(self) -> dict:
        if self._data is None:
            from newstrail.link import link_articles

            articles = [a for _, a in self.store.iter_articles()]
            linked = link_articles(articles, copies=self._copies())
            d = linked.to_dict()
            d["by_id"] = {x["id"]: x for k in ("stories", "quotes", "series", "figures") for x in d[k]}
            d["prov"] = {p["target"]: p for p in d["provenance"]}
            d["story_of"] = {(a["source"], a["id"]): s["id"] for s in d["stories"] for a in s["articles"]}
            self._data = d
        return self._data

    def _in_story(self, story: str | None, source, article) -> bool:
        return story is None or self.data()["story_of"].get((source, article)) == story

    def list_stories(self, search: str | None = None):
        return list(self.data()["stories"])

    def get_story(self, story_id: str):
        s = self.data()["by_id"].get(story_id)
        return s if s is not None and "articles" in s else None

    def list_quote_clusters(self, story: str | None = None):
        return [q for q in self.data()["quotes"]
                if any(self._in_story(story, m["source"], m["article"]) for m in q["members"])]

    def get_quote_cluster(self, cluster_id: str):
        q = self.data()["by_id"].get(cluster_id)
        return q if q is not None and "members" in q else None

    def list_figure_series(self, story: str | None = None):
        return [s for s in self.data()["series"]
                if any(self._in_story(story, f["source"], f["article"]) for f in s["figures"])]

    def get_figure_series(self, series_id: str):
        s = self.data()["by_id"].get(series_id)
        return s if s is not None and "thing" in s and "figures" in s else None

    def list_figure_matches(self, story: str | None = None):
        return [m for m in self.data()["figures"] if self._in_story(story, m["a"]["source"], m["a"]["article"])]

    def list_exclusives(self, story: str | None = None):
        return [e for e in self.data()["exclusive"] if story is None or e["story"] == story]

    def get_provenance(self, target: str):
        return self.data()["prov"].get(target)


def _speaker_row(row: dict) -> dict:
    name = row.get("name") or row.get("speaker") or row.get("canonical") or ""
    quotes = row.get("quotes")
    if isinstance(quotes, list):
        quotes = len(quotes)
    return {
        "name": name,
        "quotes": int(quotes or row.get("count") or 0),
        "outlets": sorted(row.get("outlets") or []),
        "articles": row.get("articles") if isinstance(row.get("articles"), int) else None,
        "first": row.get("first") or row.get("first_published"),
        "last": row.get("last") or row.get("last_published"),
    }


def _page_by_name(rows: list[dict], limit: int, after: str | None):
    rows = sorted(rows, key=lambda r: (-r["quotes"], r["name"]))
    start = 0
    if after:
        for i, row in enumerate(rows):
            if row["name"] == after:
                start = i + 1
                break
        else:
            return [], None
    page = rows[start:start + limit]
    more = start + limit < len(rows)
    return page, (page[-1]["name"] if page and more else None)


def speakers_from_quotes(store: Any, search: str | None = None, cap: int = 5000) -> list[dict]:
    """Who is quoted, how often, by which outlets: one entry per speaker name (the speaker's
    canonical entity, else the resolved name), aggregated over the store's quotes table."""
    engine = getattr(store, "engine", None)
    if engine is None:
        return []
    from sqlalchemy import func, select

    from newstrail.store.schema import articles, quotes, sources

    name = func.coalesce(quotes.c.speaker_entity, quotes.c.speaker_resolved)
    query = (
        select(name.label("name"), func.count().label("n"), func.count(func.distinct(quotes.c.article_pk)).label("a"),
               func.min(articles.c.published), func.max(articles.c.published))
        .select_from(quotes.join(articles, articles.c.pk == quotes.c.article_pk))
        .where(name.is_not(None))
        .group_by(name)
        .order_by(func.count().desc(), name)
        .limit(cap)
    )
    if search:
        query = query.where(name.ilike(f"%{_like_escape(search)}%", escape="\\"))
    outlets_q = (
        select(name.label("name"), sources.c.name)
        .select_from(quotes.join(articles, articles.c.pk == quotes.c.article_pk).join(sources, sources.c.id == articles.c.source_id))
        .where(name.is_not(None))
        .group_by(name, sources.c.name)
    )
    if search:
        outlets_q = outlets_q.where(name.ilike(f"%{_like_escape(search)}%", escape="\\"))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        outlets: dict[str, list[str]] = {}
        for speaker, outlet in conn.execute(outlets_q):
            if outlet:
                outlets.setdefault(speaker, []).append(outlet)
    return [
        {"name": r[0], "quotes": r[1], "articles": r[2], "first": r[3], "last": r[4],
         "outlets": sorted(outlets.get(r[0], []))}
        for r in rows if r[0] and r[0].strip()
    ]


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
