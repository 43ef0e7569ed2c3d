"""Read access to corpus linking for the API and the pages.

Everything comes from the tables ``newstrail link`` fills (``newstrail.store.links``); a store
that was never linked raises ``NotAvailable``, which one handler in ``newstrail.api.app`` answers
with 501 (JSON for the API, the error page saying to run ``newstrail link`` for pages). Lists
come back as ``(items, next cursor)``.
"""

from __future__ import annotations

from typing import Any


class NotAvailable(Exception):
    """This store has not been linked yet."""


def _page(rows: list[dict], limit: int, key: str = "id") -> tuple[list[dict], str | None]:
    """Rows fetched with ``limit + 1``: the page, and the cursor of its last row when more follow."""
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(rows[-1][key]) if more and rows else None)


def speaker_row(speaker: dict) -> dict:
    """A stored speaker (``link.speakers.Speaker``) as the lists show it."""
    return {"name": speaker["name"], "quotes": speaker["quotes"], "articles": speaker["articles"],
            "outlets": sorted(o for o in speaker["outlets"] if o), "first": speaker["first_quoted"],
            "last": speaker["last_quoted"]}


class Links:
    def __init__(self, store: Any):
        self.store = store

    @property
    def available(self) -> bool:
        return self.store.is_linked()

    def _require(self) -> None:
        if not self.available:
            raise NotAvailable("this store has not been linked yet: run `newstrail link`")

    def stories(self, limit: int = 50, after: str | None = None):
        self._require()
        return _page(self.store.list_stories(limit=limit + 1, after=after), limit)

    def quote_clusters(self, limit: int = 50, after: str | None = None, story: str | None = None):
        self._require()
        return _page(self.store.list_quote_clusters(limit=limit + 1, after=after, story=story), limit)

    def figure_series(self, limit: int = 50, after: str | None = None, story: str | None = None):
        self._require()
        return _page(self.store.list_figure_series(limit=limit + 1, after=after, story=story), limit)

    def story(self, story_id: str) -> dict | None:
        self._require()
        return self.store.story_detail(story_id)

    def quote_cluster(self, cluster_id: str) -> dict | None:
        self._require()
        return self.store.get_quote_cluster(cluster_id)

    def series(self, series_id: str) -> dict | None:
        self._require()
        return self.store.get_figure_series(series_id)

    def provenance(self, target: str) -> dict | None:
        self._require()
        return self.store.get_provenance(target)

    def speakers(self, limit: int = 50, after: str | None = None, search: str | None = None):
        """Most quoted first; the cursor is the last name shown. Works on an unlinked store
        (no speakers yet), so search pages need no linking."""
        rows = self.store.list_speakers(search=search, limit=limit + 1, after=after)
        page, nxt = _page(rows, limit, key="name")
        return [speaker_row(s) for s in page], nxt
