"""The `order` parameter of the API's article, quote and figure lists: newest articles first
unless told, each order paged through by its own cursors, the orders enumerated in the
OpenAPI document, and a cursor or order that is not one refused as every bad parameter is."""

from __future__ import annotations

import pytest
from factories import corpus, fill, make_article
from fastapi.testclient import TestClient
from lists import walk

from newstrail import views
from newstrail.api import create_app
from newstrail.store import Store


def undated_notes():
    """Two notes from a harbour desk that give no date."""
    return [make_article(f"note-{i}", "Harbor Ledger", None, f"Harbour note {i}", f"Quay {i} was swept today.")
            for i in (1, 2)]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with Store(f"sqlite:///{tmp_path_factory.mktemp('order') / 'order.db'}") as store:
        fill(store, corpus() + undated_notes())
        with TestClient(create_app(store=store, token=None)) as c:
            yield c


def test_articles_come_newest_first_and_undated_last_unless_told(client):
    items, cursors = walk(client, "/api/articles")
    dates = [i["published"] for i in items]
    assert dates[-2:] == [None, None] and dates[:-2] == sorted(dates[:-2], reverse=True)
    assert [i["id"] for i in items[-2:]] == ["note-2", "note-1"]  # the last stored first
    assert all(isinstance(c, str) for c in cursors) and cursors[0] == f"{dates[1]}|{items[1]['pk']}"
    by_pk, pk_cursors = walk(client, "/api/articles", order="pk")
    assert [i["pk"] for i in by_pk] == sorted(i["pk"] for i in items)
    assert all(isinstance(c, int) for c in pk_cursors)  # in store order the cursor is the store number


@pytest.mark.parametrize("path, orders", [("/api/articles", views.ARTICLE_ORDERS),
                                          ("/api/quotes", views.QUOTE_ORDERS),
                                          ("/api/figures", views.FIGURE_ORDERS)])
def test_every_order_pages_like_the_whole_list(client, path, orders):
    for order in orders:
        whole = client.get(path, params={"limit": 200, "order": order}).json()
        assert whole["next"] is None
        paged, _ = walk(client, path, order=order)
        assert paged == whole["items"], order


@pytest.mark.parametrize("path, filters", [
    ("/api/articles", {"source": "Harbor Ledger"}),
    ("/api/articles", {"q": "ferry"}),
    ("/api/quotes", {"source": "Coastal Post"}),
])
def test_an_order_keeps_the_filters(client, path, filters):
    listed = client.get(path, params={**filters, "limit": 200}).json()["items"]
    by_date = client.get(path, params={**filters, "limit": 200, "order": "published"}).json()["items"]
    assert sorted(map(str, listed)) == sorted(map(str, by_date)) and listed


def test_openapi_enumerates_the_orders(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path, orders in (("/api/articles", views.ARTICLE_ORDERS), ("/api/quotes", views.QUOTE_ORDERS),
                         ("/api/figures", views.FIGURE_ORDERS)):
        order = next(p for p in paths[path]["get"]["parameters"] if p["name"] == "order")
        assert order["schema"]["enum"] == list(orders)
    assert "-published" in views.ARTICLE_ORDERS and views.ARTICLES_ORDER == "-published"


@pytest.mark.parametrize("path, params", [
    ("/api/articles", {"order": "text"}),
    ("/api/articles", {"order": "published; drop table articles"}),
    ("/api/quotes", {"order": "title"}),  # an article order, not a quote one
    ("/api/articles", {"after": "x"}),
    ("/api/articles", {"after": "2024-03-01|"}),
    ("/api/articles", {"after": str(2**63)}),
    ("/api/articles", {"after": "2024-03-01|3", "order": "pk"}),  # a key where the order has none
    ("/api/articles", {"after": "3", "order": "source"}),  # no key where it is never null
    ("/api/figures", {"after": "2024-03-01|" + "9" * 11, "order": "-published"}),
])
def test_a_bad_order_or_cursor_is_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [next(iter(params))]
