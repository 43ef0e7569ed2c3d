"""The `order` parameter of the API's other lists (quotes, figures, stories, quote clusters,
series, speakers): each list's default (newest first, the latest reported story first, the most
quoted speaker first), every order paged through by its own cursors, the orders enumerated in
the OpenAPI document with their default, and a cursor or order that is not one refused as
every bad parameter is (422)."""

from __future__ import annotations

import pytest
from factories import council_articles, corpus, fill, story_articles
from fastapi.testclient import TestClient
from lists import walk

from newstrail import views
from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

# path -> (its orders, its default, the item's id field)
LISTS = {
    "/api/quotes": (views.QUOTE_ORDERS, "-published", "id"),
    "/api/figures": (views.FIGURE_ORDERS, "-published", "id"),
    "/api/stories": (views.STORY_ORDERS, "-last_published", "id"),
    "/api/quote-clusters": (views.CLUSTER_ORDERS, "id", "id"),
    "/api/series": (views.SERIES_ORDERS, "id", "id"),
    "/api/speakers": (views.SPEAKER_ORDERS, "-quotes", "name"),
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with Store(f"sqlite:///{tmp_path_factory.mktemp('orders') / 'orders.db'}") as store:
        fill(store, corpus() + story_articles() + council_articles())
        link_store(store)
        with TestClient(create_app(store=store, token=None)) as c:
            yield c


def newest_first(dates: list) -> bool:
    dated = [d for d in dates if d is not None]
    return dates == dated + [None] * (len(dates) - len(dated)) and dated == sorted(dated, reverse=True)


def test_quotes_and_figures_come_from_the_newest_articles_first(client):
    for path in ("/api/quotes", "/api/figures"):
        items, cursors = walk(client, path)
        assert len(items) >= 5 and newest_first([i["published"] for i in items]), path
        assert cursors[0] == f"{items[1]['published']}|{items[1]['id']}"


def test_stories_come_latest_reported_first(client):
    items, _ = walk(client, "/api/stories")
    assert len(items) >= 3 and newest_first([i["last_published"] for i in items])


def test_speakers_come_most_quoted_first_with_their_count_in_the_cursor(client):
    items, cursors = walk(client, "/api/speakers")
    counts = [i["quotes"] for i in items]
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]
    assert cursors[0] == f"{items[1]['quotes']}|{items[1]['name']}"


@pytest.mark.parametrize("path", LISTS)
def test_every_order_pages_like_the_whole_list(client, path):
    orders, _, key = LISTS[path]
    for order in orders:
        whole = client.get(path, params={"limit": 200, "order": order}).json()
        assert whole["next"] is None and len(whole["items"]) >= 1, order
        items, cursors = walk(client, path, order=order)
        assert [i[key] for i in items] == [i[key] for i in whole["items"]], order
        by_id = order.lstrip("-") in ("id", "name")
        assert all(("|" in str(c)) != by_id for c in cursors), (order, cursors)


@pytest.mark.parametrize("path, order, field", [
    ("/api/stories", "-outlets", lambda s: len(s["outlets"])),
    ("/api/stories", "articles", lambda s: len(s["articles"])),
    ("/api/quote-clusters", "-articles", lambda c: len({(m["source"], m["article"]) for m in c["members"]})),
    ("/api/speakers", "articles", lambda s: s["articles"]),
    ("/api/quotes", "source", lambda q: q["source"] or ""),
    ("/api/figures", "-outlet", lambda f: f["outlet"] or ""),
])
def test_an_order_sorts_by_what_it_names(client, path, order, field):
    items = client.get(path, params={"limit": 200, "order": order}).json()["items"]
    values = [field(i) for i in items]
    assert len(set(values)) >= 2 and values == sorted(values, reverse=order.startswith("-"))


@pytest.mark.parametrize("path", LISTS)
def test_the_orders_are_enumerated_in_the_openapi_document(client, path):
    orders, default, _ = LISTS[path]
    params = {p["name"]: p for p in client.get("/openapi.json").json()["paths"][path]["get"]["parameters"]}
    assert params["order"]["schema"]["enum"] == list(orders)
    assert params["order"]["schema"]["default"] == default and params["order"]["description"]


@pytest.mark.parametrize("path, params", [
    ("/api/stories", {"order": "published"}),
    ("/api/speakers", {"order": "-name "}),
    ("/api/quote-clusters", {"order": "members"}),
    ("/api/stories", {"after": "17"}),  # a store number where the ids are the linker's
    ("/api/stories", {"order": "-outlets", "after": "many|s1"}),
    ("/api/series", {"order": "-figures", "after": "fs1"}),  # no key where the order has one
    ("/api/speakers", {"after": "Ada Moss"}),
    ("/api/speakers", {"order": "name", "after": "x" * 400}),
    ("/api/quotes", {"order": "-source", "after": "x|y"}),
    ("/api/figures", {"order": "ranking"}),
])
def test_a_bad_order_or_cursor_is_a_422_naming_it(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert {tuple(e["loc"]) for e in response.json()["detail"]} <= {("query", "order"), ("query", "after")}


def test_figures_filter_by_outlet(client):
    every = client.get("/api/figures", params={"limit": 200}).json()["items"]
    mine = client.get("/api/figures", params={"limit": 200, "source": "port times"}).json()["items"]
    assert mine and [f["id"] for f in mine] == [f["id"] for f in every if f["outlet"] == "Port Times"]


def test_linking_lists_of_a_store_never_linked_are_501_whatever_the_order(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'bare.db'}") as store:
        fill(store, corpus())
        with TestClient(create_app(store=store, token=None)) as c:
            for path in ("/api/stories", "/api/quote-clusters", "/api/series"):
                assert c.get(path, params={"order": "-id"}).status_code == 501, path
            assert c.get("/api/speakers", params={"order": "name"}).json() == {"items": [], "next": None}
