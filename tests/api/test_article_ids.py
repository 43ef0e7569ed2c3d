"""Links both ways in the JSON API, on SQLite and PostgreSQL: an article's JSON names its story,
the article it is a wire copy of, and the quote cluster and figure series of each of its quotes
and figures; ``/api/stories?article=`` lists the stories holding an article.

Expected ids are read from the linking results themselves (``/api/quote-clusters``,
``/api/series``, ``/api/stories``), so the test checks that the two directions agree whatever
ids the linker hands out.
"""

from __future__ import annotations

import pytest
from factories import SIGN, TALKS, council_articles, fill, make_article, stored, story_articles
from fastapi.testclient import TestClient

from newstrail.api import create_app
from newstrail.link.corpus import link_store

# a wire copy of the Harbor Ledger report, found at ingest, and one input id in two outlets
COPY = make_article(
    "wire-ferry-0301", "Northern Wire", "2024-03-01", "Ferry crews walk out in Dellmoor",
    "Ferry crews in Dellmoor walked out on Friday.\n\n"
    f"\u201c{SIGN}\u201d union leader Tomas Brandt said.",
    quotes=[(SIGN, "union leader Tomas Brandt", "Tomas Brandt", "said", "direct")])
TWINS = [make_article("brief-7", outlet, "2024-05-12", f"Council brief from {outlet}",
                      f"{outlet} ran a brief on the council budget vote in Kettering.")
         for outlet in ("Harbor Ledger", "Kettering Voice")]
SOLO = make_article(
    "gazette-fair-0601", "Valley Gazette", "2024-06-01", "Harvest fair opens in Orvel",
    "The harvest fair in Orvel opened on Saturday.\n\n"
    "\u201cThe pumpkins are bigger than ever,\u201d grower Nell Arden said.",
    quotes=[("The pumpkins are bigger than ever,", "grower Nell Arden", "Nell Arden", "said", "direct")])


def _client(store, link: bool = True) -> TestClient:
    fill(store, story_articles() + council_articles() + TWINS + [SOLO])
    store.save_batch([stored(COPY, copy_of=("Harbor Ledger", "ledger-ferry-0301"), kind="exact", similarity=1.0)])
    if link:
        link_store(store)
    return TestClient(create_app(store=store, token=None))


@pytest.fixture
def client(store):
    with _client(store) as c:
        yield c


def _all(client, path: str, **params) -> list[dict]:
    """Every item of a paged list."""
    items, after = [], None
    while True:
        body = client.get(path, params={**params, "limit": 200, **({"after": after} if after else {})}).json()
        items += body["items"]
        if (after := body["next"]) is None:
            return items


def _id_of(records: list[dict], parts: str, source: str, article: str, index: int) -> str | None:
    """The id of the record whose ``parts`` (members, figures) hold that article's part ``index``."""
    return next((r["id"] for r in records for m in r[parts]
                 if (m["source"], m["article"], m["index"]) == (source, article, index)), None)


@pytest.mark.parametrize("ref, source, quotes", [
    ("ledger-ferry-0301", "Harbor Ledger", [SIGN]),
    ("post-ferry-0302", "Coastal Post", [SIGN, TALKS]),
    ("digest-ferry-0303", "Bay Digest", [SIGN]),
    ("times-ferry-0304", "Port Times", [TALKS]),
    ("wire-ferry-0301", "Northern Wire", [SIGN]),
    ("gazette-fair-0601", "Valley Gazette", [None]),  # a quote no other article carries
])
def test_an_article_names_its_story_and_the_cluster_and_series_of_each_part(client, ref, source, quotes):
    body = client.get(f"/api/articles/{ref}", params={"source": source}).json()
    clusters, series = _all(client, "/api/quote-clusters"), _all(client, "/api/series")
    texts = {c["id"]: c["text"] for c in clusters}
    assert [texts.get(cid) for cid in body["quote_clusters"]] == quotes
    assert body["quote_clusters"] == [_id_of(clusters, "members", source, ref, i) for i in range(len(body["quotes"]))]
    assert body["figure_series"] == [_id_of(series, "figures", source, ref, f["index"]) for f in body["figures"]]
    holding = [s["id"] for s in _all(client, "/api/stories")
               if any((a["source"], a["id"]) == (source, ref) for a in s["articles"])]
    assert [body["story"]] == holding


def test_the_ferry_reports_share_one_story_and_the_300_sailors_one_series(client):
    found = {ref: client.get(f"/api/articles/{ref}").json() for ref in (
        "ledger-ferry-0301", "post-ferry-0302", "digest-ferry-0303", "times-ferry-0304")}
    assert len({a["story"] for a in found.values()}) == 1 and None not in {a["story"] for a in found.values()}
    sailors = {a["figure_series"][0] for ref, a in found.items() if ref != "digest-ferry-0303"}
    assert len(sailors) == 1 and None not in sailors


@pytest.mark.parametrize("ref, copy_of", [
    ("wire-ferry-0301", ["Harbor Ledger", "ledger-ferry-0301"]),
    ("ledger-ferry-0301", None),
])
def test_a_wire_copy_names_its_original(client, ref, copy_of):
    assert client.get(f"/api/articles/{ref}").json()["copy_of"] == copy_of


def test_before_a_link_the_ids_are_null_but_the_copy_is_known(store):
    with _client(store, link=False) as c:
        body = c.get("/api/articles/post-ferry-0302").json()
        copy = c.get("/api/articles/wire-ferry-0301").json()
    assert (body["story"], body["quote_clusters"], body["figure_series"]) == (None, [None, None], [None])
    assert copy["copy_of"] == ["Harbor Ledger", "ledger-ferry-0301"]


def test_the_new_fields_are_in_the_openapi_schema(client):
    path = client.get("/openapi.json").json()["paths"]["/api/articles/{ref}"]["get"]
    ref = path["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    schema = client.get("/openapi.json").json()["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert {"story", "copy_of", "quote_clusters", "figure_series"} <= set(schema["properties"])


# --- /api/stories?article= ------------------------------------------------------------------------

def _stories_holding(client, pairs: set[tuple[str, str]]) -> list[str]:
    return [s["id"] for s in _all(client, "/api/stories")
            if any((a["source"], a["id"]) in pairs for a in s["articles"])]


@pytest.mark.parametrize("ref, holds", [
    ("post-ferry-0302", {("Coastal Post", "post-ferry-0302")}),
    ("wire-ferry-0301", {("Northern Wire", "wire-ferry-0301")}),
    ("council-2-1", {("Kettering Voice", "council-2-1")}),
    ("gazette-fair-0601", {("Valley Gazette", "gazette-fair-0601")}),
    ("brief-7", {("Harbor Ledger", "brief-7"), ("Kettering Voice", "brief-7")}),  # every outlet's article of the id
    ("nowhere-9", set()),
])
def test_stories_filter_by_article(client, ref, holds):
    expected = _stories_holding(client, holds)
    assert (len(expected) >= 1) == bool(holds)
    assert [s["id"] for s in _all(client, "/api/stories", article=ref)] == expected


def test_stories_filter_by_store_number(client):
    row = next(r for r in _all(client, "/api/articles") if r["id"] == "times-ferry-0304")
    found = _all(client, "/api/stories", article=str(row["pk"]))
    assert [s["id"] for s in found] == _stories_holding(client, {("Port Times", "times-ferry-0304")})


def test_the_article_filter_pages_like_the_full_list(client):
    expected = [s["id"] for s in _all(client, "/api/stories", article="brief-7")]
    seen, after = [], None
    while True:
        params = {"article": "brief-7", "limit": 1, **({"after": after} if after else {})}
        body = client.get("/api/stories", params=params).json()
        seen += [s["id"] for s in body["items"]]
        if (after := body["next"]) is None:
            break
    assert seen == expected


@pytest.mark.parametrize("value", ["", "x" * 2001])
def test_a_bad_article_filter_is_refused(client, value):
    assert client.get("/api/stories", params={"article": value}).status_code == 422
