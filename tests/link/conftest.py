"""Fixtures of the linking tests: a store holding a story linker's rows (``link.state``)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from newstrail.link import Linked
from newstrail.link.state import linker_rows, load_linker
from newstrail.store import Store
from newstrail.store.link_schema import link_stories, link_terms


class LinkerRows:
    """A store's linker rows as the tests write and read them: ``save`` all of a linker's,
    ``update`` those a linker read from them changed, ``load`` it back, ``rows`` as stored."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def save(self, linker) -> None:
        self.store.save_links(Linked(), [], {}, linker_rows(linker), {})

    def update(self, linker) -> None:
        self.store.update_links(Linked(), [], {}, linker_rows(linker), {}, stories_changed=[], clusters_changed=[])

    def load(self):
        return load_linker(self.store)

    def rows(self) -> tuple[bytes, list, list]:
        with self.store.engine.connect() as conn:
            terms = conn.execute(select(link_terms).order_by(link_terms.c.key)).all()
            stories = conn.execute(select(link_stories).order_by(link_stories.c.id)).all()
        return bytes(self.store.load_link_state()), [tuple(r) for r in terms], [tuple(r) for r in stories]


@pytest.fixture
def linker_rows_of():
    """``LinkerRows`` of a given store."""
    return LinkerRows


@pytest.fixture
def linker_store(tmp_path):
    """``LinkerRows`` of a fresh SQLite store, and a second one to compare with (``.other``)."""
    with Store(f"sqlite:///{tmp_path / 'a.db'}") as a, Store(f"sqlite:///{tmp_path / 'b.db'}") as b:
        rows = LinkerRows(a)
        rows.other = LinkerRows(b)
        yield rows
