"""The API's reads of corpus linking, in their JSON forms (``newstrail.views`` has the records).

Everything comes from the tables ``newstrail link`` fills; a store that was never linked raises
``NotAvailable``, which one handler in ``newstrail.api.app`` answers with 501 (JSON for the
API, the error page saying to run ``newstrail link`` for pages, which call :meth:`Links.require`
before reading ``views``). Lists come back as a ``views.Page`` of JSON objects.
"""

from __future__ import annotations

from typing import Any

from newstrail import views


class NotAvailable(Exception):
    """This store has not been linked yet."""


def _json(found: Any) -> Any:
    """A record or page in its JSON form; None (not found) stays None."""
    if isinstance(found, views.Page):
        return views.Page([views.to_json(item) for item in found.items], found.next)
    return None if found is None else views.to_json(found)


class Links:
    def __init__(self, store: Any):
        self.store = store

    @property
    def available(self) -> bool:
        return self.store.is_linked()

    def require(self) -> None:
        if not self.available:
            raise NotAvailable("this store has not been linked yet: run `newstrail link`")

    def stories(self, limit: int = 50, after: str | None = None, article: str | None = None) -> views.Page[dict]:
        self.require()
        return _json(views.stories(self.store, limit=limit, after=after, article=article))

    def quote_clusters(self, limit: int = 50, after: str | None = None, story: str | None = None) -> views.Page[dict]:
        self.require()
        return _json(views.quote_clusters(self.store, story=story, limit=limit, after=after))

    def figure_series(self, limit: int = 50, after: str | None = None, story: str | None = None) -> views.Page[dict]:
        self.require()
        return _json(views.figure_series(self.store, story=story, limit=limit, after=after))

    def story(self, story_id: str) -> dict | None:
        self.require()
        return _json(views.story_detail(self.store, story_id))

    def quote_cluster(self, cluster_id: str) -> dict | None:
        self.require()
        return _json(views.quote_cluster(self.store, cluster_id))

    def series(self, series_id: str) -> dict | None:
        self.require()
        return _json(views.series(self.store, series_id))

    def trail(self, target: str) -> dict | None:
        self.require()
        return _json(views.trail(self.store, target))

    def speakers(self, limit: int = 50, after: str | None = None, search: str | None = None) -> views.Page[dict]:
        """Works on a store never linked (no speakers yet), so search needs no linking."""
        return _json(views.speakers(self.store, search=search, limit=limit, after=after))
