"""The JSON API over a real store holding invented articles (FastAPI's test client).

The store is filled with ``Store.save_batch`` from records built in ``factories.py``, so every expected value
is known; analysis and ingest go through the real spaCy pipeline.
"""

from __future__ import annotations

import time
from dataclasses import asdict, fields

import pytest
from factories import corpus, fill, make_article
from fastapi.testclient import TestClient

from newstrail import views
from newstrail.api import create_app
from newstrail.config import ApiLimits
from newstrail.link import records as link
from newstrail.link.corpus import link_store
from newstrail.records import Article, FigureCheck
from newstrail.store import Store, rows

TOKEN = "s3cret-token-for-tests"


@pytest.fixture
def unlinked_store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'api.db'}") as store:
        fill(store, corpus())
        yield store


@pytest.fixture
def filled_store(unlinked_store):
    link_store(unlinked_store)
    return unlinked_store


@pytest.fixture
def client(filled_store):
    with TestClient(create_app(store=filled_store, token=None)) as c:
        yield c


# --- articles --------------------------------------------------------------------------------------

def test_counts(client):
    body = client.get("/api/counts").json()
    assert body["counts"]["articles"] == 6
    assert body["counts"]["quotes"] == 5
    assert isinstance(body["links"], bool)


@pytest.mark.parametrize("params, expected", [
    ({}, ["ledger-ferry-0301", "post-ferry-0302", "wire-ferry-0302", "ledger-bridge-0410", "gazette-fest-0515",
          "ledger-ferry-0301"]),
    ({"source": "Harbor Ledger"}, ["ledger-ferry-0301", "ledger-bridge-0410"]),
    ({"source": "harbor ledger"}, ["ledger-ferry-0301", "ledger-bridge-0410"]),
    ({"language": "fr"}, ["gazette-fest-0515"]),
    ({"date_from": "2024-03-02", "date_to": "2024-03-02"}, ["post-ferry-0302", "wire-ferry-0302"]),
    ({"date_from": "2024-04-01"}, ["ledger-bridge-0410", "gazette-fest-0515"]),
    ({"q": "ferry"}, ["ledger-ferry-0301", "post-ferry-0302", "wire-ferry-0302", "ledger-ferry-0301"]),
    ({"q": "bridge June"}, ["ledger-bridge-0410"]),
    ({"q": "zeppelin"}, []),
    ({"source": "Nobody Times"}, []),
])
def test_list_articles_filters(client, params, expected):
    response = client.get("/api/articles", params={"order": "pk", **params})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == expected


def test_cursor_pagination_walks_everything_once_and_is_stable(client, filled_store):
    seen, after, pages = [], None, 0
    while True:
        params = {"limit": 2, "order": "pk"} | ({"after": after} if after is not None else {})
        body = client.get("/api/articles", params=params).json()
        seen += [row["pk"] for row in body["items"]]
        pages += 1
        if pages == 1:  # an article arriving while the reader pages through must not shift pages
            fill(filled_store, [make_article("late-0601", "Coastal Post", "2024-06-01", "Late news", "Late text.")])
        after = body["next"]
        if after is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
    assert pages == 4


@pytest.mark.parametrize("path", ["/api/quotes", "/api/figures"])
def test_cursor_pagination_of_quotes_and_figures(client, path):
    first = client.get(path, params={"limit": 2, "order": "id"}).json()
    assert len(first["items"]) == 2 and first["next"] == first["items"][-1]["id"]
    rest = client.get(path, params={"limit": 50, "after": first["next"], "order": "id"}).json()
    ids = [r["id"] for r in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) and rest["next"] is None


@pytest.mark.parametrize("ref, params, title", [
    ("post-ferry-0302", {}, "Dellmoor ferry strike strands travellers"),
    ("2", {}, "Dellmoor ferry strike strands travellers"),
    ("ledger-ferry-0301", {}, "Ferry crews walk out in Dellmoor"),
    ("ledger-ferry-0301", {"source": "Valley Gazette"}, "Valley view on the ferry strike"),
    ("ledger-ferry-0301", {"source": "valley gazette"}, "Valley view on the ferry strike"),
])
def test_get_article(client, ref, params, title):
    response = client.get(f"/api/articles/{ref}", params=params)
    assert response.status_code == 200
    assert response.json()["title"] == title


def test_article_json_form_round_trips(client):
    """The article's own fields are its JSON form; the links (views.ArticleDetail) come on top,
    one quote cluster / figure series entry per quote / figure, in their order."""
    body = client.get("/api/articles/ledger-ferry-0301", params={"source": "Harbor Ledger"}).json()
    links = {name: body.pop(name) for name in ("story", "copy_of", "quote_clusters", "figure_series")}
    assert body == corpus()[0].to_dict()
    assert Article.from_dict(body) == corpus()[0]
    assert links["copy_of"] is None
    assert isinstance(links["story"], str)
    assert len(links["quote_clusters"]) == len(body["quotes"])
    assert len(links["figure_series"]) == len(body["figures"])


@pytest.mark.parametrize("ref, params", [
    ("no-such-article", {}),
    ("999", {}),
    ("post-ferry-0302", {"source": "Harbor Ledger"}),
])
def test_unknown_article_is_404(client, ref, params):
    response = client.get(f"/api/articles/{ref}", params=params)
    assert response.status_code == 404
    assert response.json() == {"detail": "no such article"}


@pytest.mark.parametrize("ref", [str(2**63 - 1), str(2**63), str(2**64), "9" * 40])
def test_numbers_beyond_any_store_number_are_404_on_every_backend(store, ref):
    """An all-digit id is tried as a store number first; past 2**63 SQLite refused to bind it and
    past 2**31 PostgreSQL refused to compare it with the INTEGER column (a 500 either way)."""
    fill(store, corpus())
    assert store.get_article(ref) is None and store.get_article(int(ref)) is None
    assert store.article_refs(ref) == []
    with TestClient(create_app(store=store)) as c:
        for path, params in ((f"/api/articles/{ref}", {}), (f"/api/articles/{ref}", {"source": "Harbor Ledger"}),
                             (f"/articles/{ref}", {})):
            assert c.get(path, params=params).status_code == 404, path
        for path in ("/api/articles", "/api/quotes", "/api/figures", "/articles", "/quotes", "/figures"):
            assert c.get(path, params={"after": ref}).status_code in (400, 422), path  # no store number


# --- quotes, figures, speakers, search ----------------------------------------------------------------

@pytest.mark.parametrize("params, texts", [
    ({"speaker": "Brandt"}, ["We will not sail until the contracts are signed,"] * 2),
    ({"speaker": "brandt", "source": "Coastal Post"}, ["We will not sail until the contracts are signed,"]),
    ({"q": "reopen June"}, ["The bridge will reopen in June,"]),
    ({"speaker": "Nobody"}, []),
])
def test_list_quotes(client, params, texts):
    body = client.get("/api/quotes", params=params).json()
    assert [r["text"] for r in body["items"]] == texts


@pytest.mark.parametrize("params, texts", [
    ({"counted": "sailors"}, ["About 300 sailors", "More than 1,000 sailors"]),
    ({"event": "stayed"}, ["12 ferries"]),
    ({"entity": "Dellmoor", "counted": "ferries"}, ["12 ferries"]),
])
def test_list_figures(client, params, texts):
    body = client.get("/api/figures", params={**params, "order": "id"}).json()
    assert [r["text"] for r in body["items"]] == texts
    for row in body["items"]:
        assert "outlet" in row and "source" in row


def test_speakers_are_aggregated_across_outlets(client):
    body = client.get("/api/speakers").json()
    by_name = {s["name"]: s for s in body["items"]}
    assert by_name["Tomas Brandt"]["quotes"] == 2
    assert by_name["Tomas Brandt"]["outlets"] == ["Coastal Post", "Harbor Ledger"]
    assert body["items"][0]["name"] == "Tomas Brandt"  # most quoted first
    page = client.get("/api/speakers", params={"limit": 1}).json()
    assert page["next"] == "2|Tomas Brandt"  # the sort key (quotes) and the name
    following = client.get("/api/speakers", params={"limit": 10, "after": page["next"]}).json()
    assert "Tomas Brandt" not in [s["name"] for s in following["items"]]
    assert len(following["items"]) == len(body["items"]) - 1


@pytest.mark.parametrize("q, limit", [(None, 1), (None, 2), (None, 3), ("a", 1), ("brandt", 1), ("zzz", 2)])
def test_speaker_pages_walk_every_speaker_once(client, q, limit):
    everything = client.get("/api/speakers", params={"limit": 200} | ({"q": q} if q else {})).json()["items"]
    seen, after = [], None
    while True:
        params = {"limit": limit} | ({"q": q} if q else {}) | ({"after": after} if after else {})
        body = client.get("/api/speakers", params=params).json()
        assert len(body["items"]) <= limit
        seen += body["items"]
        after = body["next"]
        if after is None:
            break
        assert after == f"{body['items'][-1]['quotes']}|{body['items'][-1]['name']}"
    assert seen == everything


def test_speaker_quotes(client):
    body = client.get("/api/speakers/Mara Quill/quotes").json()
    assert [r["text"] for r in body["items"]] == ["The bridge will reopen in June,"]


def test_search_spans_articles_quotes_and_speakers(client):
    body = client.get("/api/search", params={"q": "Brandt"}).json()
    assert {r["id"] for r in body["articles"]} == {"ledger-ferry-0301", "post-ferry-0302"}
    assert body["speakers"][0]["name"] == "Tomas Brandt"
    body = client.get("/api/search", params={"q": "contracts"}).json()
    assert len(body["quotes"]) == 2


# --- bad input -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("path, params", [
    ("/api/articles", {"limit": 0}),
    ("/api/articles", {"limit": 100000}),
    ("/api/articles", {"limit": "many"}),
    ("/api/articles", {"after": -1}),
    ("/api/articles", {"after": "x"}),
    ("/api/articles", {"date_from": "2024-13-45"}),
    ("/api/articles", {"date_to": "yesterday"}),
    ("/api/articles", {"language": "en'; drop table articles;--"}),
    ("/api/articles", {"q": "x" * 201}),
    ("/api/quotes", {"speaker": ""}),
    ("/api/figures", {"after": 2**70}),
    ("/api/search", {}),
    ("/api/search", {"q": ""}),
    ("/api/speakers", {"after": ""}),
])
def test_bad_parameters_are_422(client, path, params):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)


@pytest.mark.parametrize("q", ["\"'();--", "NEAR(a b)", "* OR 1=1", "a AND NOT b", "\u202etxet", "%_%", "\\"])
def test_hostile_search_strings_are_harmless(client, q):
    for path in ("/api/articles", "/api/quotes", "/api/speakers"):
        assert client.get(path, params={"q": q}).status_code == 200
    assert client.get("/api/search", params={"q": q}).status_code == 200


def test_corpus_linking_endpoints(client):
    """A small store without linking data is linked on the fly: the same quote in two outlets is
    one cluster, its trail starts at the earliest article."""
    stories = client.get("/api/stories").json()["items"]
    members = [(a["source"], a["id"]) for s in stories for a in s["articles"]]
    assert len(members) == len(set(members)) == 6  # every article in exactly one story
    clusters = client.get("/api/quote-clusters").json()["items"]
    brandt = next(c for c in clusters if "contracts are signed" in c["text"])
    assert brandt["outlets"] == ["Coastal Post", "Harbor Ledger"]
    assert brandt["speakers"] == ["Tomas Brandt"]
    assert client.get(f"/api/quote-clusters/{brandt['id']}").json()["id"] == brandt["id"]
    trail = client.get(f"/api/trail/{brandt['id']}").json()
    assert trail["provenance"]["earliest"]["source"] == "Harbor Ledger"
    assert trail["provenance"]["earliest"]["published"] == "2024-03-01"
    assert [c["title"] for c in trail["carriers"]][:1] == ["Ferry crews walk out in Dellmoor"]
    story_id = next(s["id"] for s in stories if ("Harbor Ledger", "ledger-ferry-0301") in
                    [(a["source"], a["id"]) for a in s["articles"]])
    detail = client.get(f"/api/stories/{story_id}").json()
    assert brandt["id"] in [q["id"] for q in detail["quotes"]]


LINKED_RECORDS = [  # (API path, the store's stored JSON form of the same records)
    ("/api/stories?limit=200&order=id", lambda s: s.list_stories(limit=None)),
    ("/api/quote-clusters?limit=200", lambda s: s.list_quote_clusters(limit=None)),
    ("/api/series?limit=200", lambda s: s.list_figure_series(limit=None)),
    ("/api/quote-clusters/q1", lambda s: s.get_quote_cluster("q1")),
    ("/api/series/fs1", lambda s: s.get_figure_series("fs1")),
    ("/api/trail/q1", lambda s: views.trail(s, "q1").to_dict()),
    ("/api/stories/s1", lambda s: views.story_detail(s, "s1").to_dict()),
]


@pytest.mark.parametrize("path, stored", LINKED_RECORDS, ids=[p for p, _ in LINKED_RECORDS])
def test_linking_answers_are_the_records_json_form(client, filled_store, path, stored):
    """The response models come from the records, so nothing a record stores is dropped."""
    body = client.get(path).json()
    assert (body["items"] if "items" in body else body) == stored(filled_store)


def _record_json_forms() -> dict[str, dict]:
    """OpenAPI schema name -> the JSON form of one record of that kind."""
    carrier = link.Carrier("a", "Outlet", None, 0)
    ref = link.FigureRef("a", "Outlet", None, 0, 0, "12", 12.0, 12.0, 12.0, None, None, None, None)
    article = corpus()[0]
    return {
        "Article": article.to_dict(), "Quote": asdict(article.quotes[0]), "Figure": asdict(article.figures[0]),
        "Sourcing": asdict(article.sourcing), "FigureCheck": asdict(FigureCheck("conflict", [0, 1])),
        "ArticleRow": asdict(rows.ArticleRow(1, "a", None, None, None, None, None, 0, 0, 0)),
        "Story": link.Story("s1", [link.StoryArticle("a", "Outlet")]).to_dict(),
        "StoryArticle": asdict(link.StoryArticle("a", "Outlet")),
        "QuoteCluster": link.QuoteCluster("q1", "text").to_dict(),
        "FigureMatch": link.FigureMatch("f1", "agree", ref, ref).to_dict(), "FigureRef": asdict(ref),
        "FigureSeries": link.FigureSeries("fs1", ("a", "b", "c"), [ref]).to_dict(),
        "Provenance": link.Provenance("q1", "quote", carrier).to_dict(), "Carrier": asdict(carrier),
        "ExclusiveDetail": link.ExclusiveDetail("s1", "quote", "a", None, "text").to_dict(),
        "ArticleDetail": views.ArticleDetail(**{f.name: getattr(article, f.name) for f in fields(Article)}).to_dict(),
    }


RECORD_JSON_FORMS = _record_json_forms()


@pytest.mark.parametrize("name", list(RECORD_JSON_FORMS))
def test_openapi_describes_every_field_of_a_record(unlinked_store, name):
    with TestClient(create_app(store=unlinked_store)) as c:
        schema = c.get("/openapi.json").json()["components"]["schemas"][name]
    assert set(schema["properties"]) == set(RECORD_JSON_FORMS[name])


@pytest.mark.parametrize("name, values", [
    ("Quote", ["direct", "partial", "indirect", "according_to"]),
    ("QuoteMember", ["direct", "partial", "indirect", "according_to"]),
    ("FigureCheck", ["consistent", "conflict", "parts_exceed_whole"]),
    ("FigureMatch", ["agree", "conflict", "scope"]),
    ("Provenance", ["quote", "figure"]),
    ("ExclusiveDetail", ["quote", "figure"]),
])
def test_openapi_enumerates_the_fixed_kinds(client, name, values):
    """A client can tell every ``kind`` a record may carry from the schema alone."""
    kind = client.get("/openapi.json").json()["components"]["schemas"][name]["properties"]["kind"]
    assert kind["enum"] == values


def test_every_kind_the_linked_store_answers_is_enumerated(client):
    """The kinds the extractors and linking write on this corpus are all in the schema's lists."""
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    found: dict[str, set] = {name: set() for name in ("QuoteMember", "FigureMatch", "Provenance", "ExclusiveDetail")}
    for story in client.get("/api/stories").json()["items"]:
        detail = client.get(f"/api/stories/{story['id']}").json()
        found["QuoteMember"] |= {m["kind"] for c in detail["quotes"] for m in c["members"]}
        found["FigureMatch"] |= {m["kind"] for m in detail["figures"]}
        found["Provenance"] |= {p["kind"] for p in detail["provenance"]}
        found["ExclusiveDetail"] |= {e["kind"] for e in detail["exclusive"]}
    assert all(found.values())  # the corpus has each record to check
    for name, kinds in found.items():
        assert kinds <= set(schemas[name]["properties"]["kind"]["enum"]), name


@pytest.mark.parametrize("path", ["/api/stories/s999", "/api/series/fs999", "/api/trail/q999",
                                  "/api/quote-clusters/q999"])
def test_unknown_linking_records_are_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path, json_answer", [
    ("/api/stories", True), ("/api/stories/s1", True), ("/api/quote-clusters", True),
    ("/api/quote-clusters/q1", True), ("/api/series", True), ("/api/series/fs1", True), ("/api/trail/q1", True),
    ("/stories", False), ("/stories/s1", False), ("/series", False), ("/series/fs1", False), ("/trail/q1", False),
])
def test_linking_is_501_until_the_store_is_linked(unlinked_store, path, json_answer):
    """One app-level handler: JSON for the API, the error page for pages."""
    with TestClient(create_app(store=unlinked_store)) as c:
        response = c.get(path)
    assert response.status_code == 501
    if json_answer:
        assert response.json() == {"detail": "this store has not been linked yet: run `newstrail link`"}
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "<h1>501</h1>" in response.text and "newstrail link" in response.text


@pytest.mark.parametrize("path", ["/api/speakers", "/speakers", "/api/search?q=Brandt", "/search?q=Brandt"])
def test_speakers_and_search_need_no_linking(unlinked_store, path):
    with TestClient(create_app(store=unlinked_store)) as c:
        assert c.get(path).status_code == 200


# --- safety: headers and limits ----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/api/articles", "/articles/1", "/static/style.css", "/api/articles/nope",
                                  "/openapi.json", "/nowhere"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_oversized_body_is_413(filled_store):
    with TestClient(create_app(store=filled_store, max_body=1000)) as small:
        response = small.post("/analyze", json={"text": "x" * 5000})
        assert response.status_code == 413

        def chunks():  # a streamed body without Content-Length
            for _ in range(10):
                yield b"y" * 500

        response = small.post("/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert response.status_code == 413


def test_overlong_url_is_414(client):
    assert client.get("/api/articles", params={"q": "a" * 9000}).status_code == 414


def test_openapi_documents_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{ref}", "/api/quotes", "/api/figures", "/api/speakers",
                 "/api/search", "/api/stories", "/api/stories/{story_id}", "/api/series/{series_id}",
                 "/api/trail/{target}", "/analyze", "/analyze/file", "/ingest"):
        assert path in paths, path
    assert not any(p.startswith("/articles") for p in paths)  # web pages stay out of the API document


# --- analysis and ingest (the real pipeline) ------------------------------------------------------------------

ANALYSE_TEXT = ("Floodwater closed the main road into Orlen on Tuesday.\n\n"
                "\u201cWe expect the water to fall by Friday,\u201d said Nadia Petrov, the regional flood officer.\n\n"
                "About 200 homes were evacuated, the fire service said.")


def test_analyze_does_not_store(filled_store, nlp):
    with TestClient(create_app(store=filled_store, nlp=nlp)) as c:
        response = c.post("/analyze", json={"text": ANALYSE_TEXT, "title": "Orlen flood", "source": "Test Desk",
                                            "published": "3 March 2024"})
        assert response.status_code == 200
        body = response.json()
        assert body["published"] == "2024-03-03"
        assert any("We expect the water to fall by Friday" in q["text"] for q in body["quotes"])
        assert any("Petrov" in (q["speaker_resolved"] or "") for q in body["quotes"])
        assert c.get("/api/counts").json()["counts"]["articles"] == 6


@pytest.mark.parametrize("body", [
    {},
    {"text": ""},
    {"text": 42},
    {"text": "ok", "colour": "red"},
    {"text": "ok", "authors": "not a list"},
    {"text": "ok", "title": "t" * 3000},
])
def test_analyze_rejects_bad_bodies(client, body):
    assert client.post("/analyze", json=body).status_code == 422


def test_analyze_refuses_more_text_than_its_limit(filled_store, nlp):
    with TestClient(create_app(store=filled_store, nlp=nlp, limits=ApiLimits(analyze_chars=500))) as c:
        assert c.post("/analyze", json={"text": ANALYSE_TEXT}).status_code == 200
        response = c.post("/analyze", json={"text": ANALYSE_TEXT * 3})
        assert response.status_code == 413
        assert "at most 500" in response.json()["detail"] and "NEWSTRAIL_ANALYZE_MAX_CHARS" in response.json()["detail"]
        upload = c.post("/analyze/file", files={"file": ("flood.txt", ("Orlen flood\n\n" + ANALYSE_TEXT * 3).encode())})
        assert upload.status_code == 413


def test_analysis_past_its_time_or_beyond_the_concurrency_is_503(filled_store, nlp):
    app = create_app(store=filled_store, nlp=nlp, limits=ApiLimits(analyze_seconds=0.2, analyze_concurrency=1))
    with TestClient(app) as c:
        with app.state.ctx._nlp_lock:  # as if a long analysis held the parser
            late = c.post("/analyze", json={"text": ANALYSE_TEXT})
            busy = c.post("/analyze", json={"text": ANALYSE_TEXT})  # the late one still holds the only slot
            assert c.get("/api/counts").status_code == 200
        assert late.status_code == 503 and "longer than 0.2 s" in late.json()["detail"]
        assert busy.status_code == 503 and "busy" in busy.json()["detail"]
        assert late.headers["retry-after"] == busy.headers["retry-after"] == "1"
        # the abandoned analysis is skipped once the parser is free, and gives its slot back
        for _ in range(100):
            response = c.post("/analyze", json={"text": ANALYSE_TEXT})
            if response.status_code != 503:
                break
            time.sleep(0.1)
        assert response.status_code == 200


def test_limits_are_read_from_the_environment(filled_store, monkeypatch):
    monkeypatch.setenv("NEWSTRAIL_MAX_BODY", "2000")
    monkeypatch.setenv("NEWSTRAIL_ANALYZE_MAX_CHARS", "100")
    with TestClient(create_app(store=filled_store)) as c:
        assert c.post("/analyze", json={"text": "x" * 3000}).status_code == 413
        response = c.post("/analyze", json={"text": "Ferry crews walked out. " * 10})
        assert response.status_code == 413 and "at most 100 " in response.json()["detail"]


@pytest.mark.parametrize("variable, value", [
    ("NEWSTRAIL_ANALYZE_TIMEOUT", "soon"), ("NEWSTRAIL_ANALYZE_CONCURRENCY", "0"),
    ("NEWSTRAIL_ANALYZE_CONCURRENCY", "1.5"), ("NEWSTRAIL_MAX_BODY", "-5"), ("NEWSTRAIL_ANALYZE_TIMEOUT", "inf"),
    ("NEWSTRAIL_ANALYZE_TIMEOUT", "nan"), ("NEWSTRAIL_ANALYZE_MAX_CHARS", "1e5"),
])
def test_a_bad_limit_setting_is_refused_by_name(filled_store, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ValueError, match=variable):
        create_app(store=filled_store)


def test_analyze_rejects_non_json(client):
    response = client.post("/analyze", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert response.status_code == 400


@pytest.mark.parametrize("filename, content, fmt", [
    ("flood.txt", ("Orlen flood\n\n" + ANALYSE_TEXT).encode(), "auto"),
    ("flood.html", f"<html><head><title>Orlen flood</title></head><body><article><h1>Orlen flood</h1>"
                   f"{''.join(f'<p>{p}</p>' for p in ANALYSE_TEXT.split(chr(10) + chr(10)))}</article></body></html>".encode(),
     "auto"),
    ("flood.jsonl", ('{"id": "f1", "title": "Orlen flood", "text": ' + __import__("json").dumps(ANALYSE_TEXT) + "}\n").encode(),
     "auto"),
])
def test_analyze_file(filled_store, nlp, filename, content, fmt):
    with TestClient(create_app(store=filled_store, nlp=nlp)) as c:
        response = c.post("/analyze/file", files={"file": (filename, content)}, data={"format": fmt})
        assert response.status_code == 200, response.text
        articles = response.json()
        assert len(articles) == 1
        assert "Floodwater" in articles[0]["text"]
        assert any("water to fall" in q["text"] for q in articles[0]["quotes"])


@pytest.mark.parametrize("files, data, status", [
    ({"file": ("empty.txt", b"")}, {}, 400),
    ({"file": ("list.txt", b"http://127.0.0.1/secret\n")}, {"format": "urls"}, 422),
    ({}, {}, 422),
])
def test_analyze_file_bad_input(client, files, data, status):
    assert client.post("/analyze/file", files=files or None, data=data).status_code == status


def test_ingest_is_off_without_a_token(client):
    response = client.post("/ingest", json={"articles": [{"text": ANALYSE_TEXT}]})
    assert response.status_code == 403


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"X-Newstrail-Token": "wrong"},
                                     {"Authorization": TOKEN}])
def test_ingest_needs_the_right_token(filled_store, headers):
    with TestClient(create_app(store=filled_store, token=TOKEN)) as c:
        response = c.post("/ingest", json={"articles": [{"text": ANALYSE_TEXT}]}, headers=headers)
        assert response.status_code == 401


def test_ingest_with_token_stores_and_is_idempotent(filled_store, nlp):
    with TestClient(create_app(store=filled_store, token=TOKEN, nlp=nlp)) as c:
        payload = {"articles": [{"id": "orlen-flood", "source": "Test Desk", "title": "Orlen flood", "text": ANALYSE_TEXT,
                                 "published": "2024-03-03"}]}
        first = c.post("/ingest", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
        assert first.status_code == 200, first.text
        assert first.json()["ingested"] == 1
        again = c.post("/ingest", json=payload, headers={"X-Newstrail-Token": TOKEN})
        assert again.json()["ingested"] == 0 and again.json()["duplicates"] == 1
        stored = c.get("/api/articles/orlen-flood").json()
        assert stored["source"] == "Test Desk" and stored["quotes"]


@pytest.mark.parametrize("method, path", [("put", "/api/articles"), ("delete", "/api/articles/1"),
                                          ("post", "/api/articles"), ("patch", "/api/quotes")])
def test_read_only_methods(client, method, path):
    assert getattr(client, method)(path).status_code == 405


def test_ingest_rejects_lone_surrogates_in_posted_json(filled_store, nlp):
    """A lone surrogate cannot be stored as UTF-8: the record is refused (422 naming each field),
    nothing is stored, and the server goes on."""
    body = ('{"articles": [{"id": "gull-\\ud800", "title": "Gulls \\udc00 return", '
            '"text": "Gulls came back to the pier on Sunday. \\ud800 Ferries ran late."}]}')
    with TestClient(create_app(store=filled_store, token=TOKEN, nlp=nlp)) as c:
        before = c.get("/api/articles").json()["items"]
        response = c.post("/ingest", content=body, headers={"Authorization": f"Bearer {TOKEN}",
                                                              "Content-Type": "application/json"})
        assert response.status_code == 422
        assert {tuple(e["loc"][-1:]) for e in response.json()["detail"]} == {("id",), ("title",), ("text",)}
        assert c.get("/api/articles").json()["items"] == before


def test_ingest_on_a_tampered_link_state_is_a_clear_409(filled_store, nlp):
    from sqlalchemy import update

    from newstrail.store.link_schema import link_state

    with filled_store.engine.begin() as conn:
        conn.execute(update(link_state).values(data=b"not a linker state"))
    payload = {"articles": [{"id": "late-gulls", "text": ANALYSE_TEXT}]}
    with TestClient(create_app(store=filled_store, token=TOKEN, nlp=nlp)) as c:
        response = c.post("/ingest", json=payload, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 409
    assert "newstrail link --full" in response.json()["detail"]


def test_ingest_on_a_read_only_store_is_a_clear_503(tmp_path, nlp):
    path = tmp_path / "ro.db"
    with Store(f"sqlite:///{path}") as store:
        fill(store, corpus())
    with Store(f"sqlite:///file:{path}?mode=ro&uri=true") as store:
        with TestClient(create_app(store=store, token=TOKEN, nlp=nlp)) as c:
            response = c.post("/ingest", json={"articles": [{"text": ANALYSE_TEXT}]},
                              headers={"Authorization": f"Bearer {TOKEN}"})
            assert response.status_code == 503
            assert "read-only" in response.json()["detail"]
            assert c.get("/api/articles").status_code == 200


# -- settings ------------------------------------------------------------------------------

@pytest.mark.parametrize("filename, requested, fmt", [
    ("flood.txt", "auto", "text"), ("FLOOD.HTM", "auto", "html"), ("flood.ndjson.gz", "auto", "jsonl"),
    ("flood.json", "auto", "jsonl"), ("flood.csv", "auto", "csv"), ("crawl.warc.gz", "auto", "warc"),
    ("feeds.urls", "auto", "text"),  # a URL list is never read from an upload: the server would fetch it
    ("flood", "auto", "text"), ("flood.pdf", "auto", "text"), (None, "auto", "text"), ("flood.txt", "html", "html"),
])
def test_an_upload_is_read_by_its_name(filename, requested, fmt):
    from newstrail.api.context import safe_filename, upload_format

    assert upload_format(filename, requested) == fmt
    assert safe_filename(filename, fmt).endswith({"text": ".txt", "html": ".html", "jsonl": ".jsonl", "csv": ".csv",
                                                  "warc": ".warc.gz" if filename == "crawl.warc.gz" else ".warc"}[fmt])


def test_the_settings_file_gives_the_server_its_token_and_limits(filled_store, monkeypatch, tmp_path):
    path = tmp_path / "server.toml"
    path.write_text(f'[api]\ntoken = "{TOKEN}"\nmax_body = 2000\nanalyze_chars = 100\n', encoding="utf-8")
    monkeypatch.setenv("NEWSTRAIL_CONFIG", str(path))
    with TestClient(create_app(store=filled_store)) as c:
        assert c.post("/analyze", json={"text": "x" * 3000}).status_code == 413  # max_body
        response = c.post("/analyze", json={"text": "Ferry crews walked out. " * 10})
        assert response.status_code == 413 and "at most 100 " in response.json()["detail"]
        refused = c.post("/ingest", json={"articles": [{"text": "x"}]}, headers={"Authorization": "Bearer wrong"})
        assert refused.status_code == 401  # on, and wanting the file's token
    with TestClient(create_app(store=filled_store, token="")) as c:  # an argument over the file: off
        assert c.post("/ingest", json={"articles": [{"text": "x"}]}).status_code == 403


def test_settings_given_to_the_app_are_used_as_given(filled_store):
    from newstrail.config import Settings

    settings = Settings(api_token=TOKEN, limits=ApiLimits(analyze_chars=100))
    with TestClient(create_app(store=filled_store, settings=settings)) as c:
        assert c.app.state.ctx.ingest_enabled
        assert c.post("/analyze", json={"text": "Ferry crews walked out. " * 10}).status_code == 413
