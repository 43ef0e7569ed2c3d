"""The API's reads of corpus linking, in their JSON forms (``newstrail.views`` has the records).

Everything comes from the tables ``newstrail link`` fills; a store that was never linked raises
``NotAvailable``, which one handler in ``newstrail.api.app`` answers with 501 (JSON for the
API, the error page saying to run ``newstrail link`` for pages, which call :meth:`Links.require`
before reading ``views``). The lists are read through ``views`` after ``Links.require``, as the
pages read them.
"""

from __future__ import annotations

from typing import Any

from newstrail import views


class NotAvailable(Exception):
    """This store has not been linked yet."""


def _json(found: Any) -> Any:
    """A record in its JSON form; None (not found) stays None."""
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
