"""Links both ways in the read model (newstrail/views.py), on SQLite and PostgreSQL: a trail's
carriers with their headlines, stories and own wording; where a listed quote leads; and one
JSON form per record in the CLI and the API (an article, a speaker).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields

import pytest
from factories import SIGN, TALKS, council_articles, fill, make_article, story_articles
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newstrail import views
from newstrail.api import create_app
from newstrail.cli.main import app
from newstrail.link.corpus import link_store
from newstrail.records import Article

HEADLINES = {a.id: a.title for a in story_articles()}
# the quote as each article words it: the Bay Digest drops the last word
DIGEST = make_article(
    "digest-ferry-0303", "Bay Digest", "2024-03-03", "Dellmoor ferries still idle",
    "Ferry crews in Dellmoor stayed out on Sunday.\n\n"
    f"\u201c{SIGN.replace(' signed,', '')}\u201d the union said in a statement.\n\n"
    "Some 40 ferries were idle in Dellmoor.",
    quotes=[(SIGN.replace(" signed,", ""), None, None, "said", "direct")],
    figures=[("Some 40 ferries", 35, 45, "ferries", "idle", "Dellmoor", None, "some")])


@pytest.fixture
def linked(store):
    fill(store, [DIGEST if a.id == DIGEST.id else a for a in story_articles()] + council_articles())
    link_store(store)
    return store


def _cluster_of(store, text: str):
    return next(c for c in views.quote_clusters(store, limit=None).items if c.text == text)


def test_a_quote_trail_gives_each_carrier_its_headline_story_and_wording(linked):
    cluster = _cluster_of(linked, SIGN)
    trail = views.trail(linked, cluster.id)
    story = views.find_article(linked, "ledger-ferry-0301").story
    assert [c.article for c in trail.carriers] == ["ledger-ferry-0301", "post-ferry-0302", "digest-ferry-0303"]
    assert [c.title for c in trail.carriers] == [HEADLINES[c.article] for c in trail.carriers]
    assert [c.story for c in trail.carriers] == [story] * 3 and trail.stories == [story]
    wording = {c.article: c.wording for c in trail.carriers}
    assert wording["digest-ferry-0303"] == [SIGN.replace(" signed,", "")] and wording["ledger-ferry-0301"] == [SIGN]
    assert [c.attribution for c in trail.carriers][:2] == ["Tomas Brandt", "Tomas Brandt"]


def test_a_series_trail_names_the_series_story_and_the_carriers_figures(linked):
    series = next(s for s in views.figure_series(linked, limit=None).items if s.thing[1] == "joined")
    trail = views.trail(linked, series.id)
    assert trail.kind == "figure" and trail.stories == [series.story]
    assert {c.article: c.wording for c in trail.carriers} == {
        f.article: [f.text] for f in series.figures}


def test_the_trail_json_form_adds_stories_and_carriers(linked):
    data = json.loads(json.dumps(views.trail(linked, _cluster_of(linked, TALKS).id).to_dict()))
    assert list(data) == ["target", "kind", "record", "provenance", "stories", "carriers"]
    assert list(data["carriers"][0]) == ["article", "source", "published", "order", "attribution", "medium", "title",
                                         "story", "wording", "attribution_dropped", "medium_dropped"]
    assert [c["title"] for c in data["carriers"]] == [HEADLINES["post-ferry-0302"], HEADLINES["times-ferry-0304"]]


def test_listed_quotes_lead_to_their_cluster_and_story(linked):
    rows = views.quotes(linked, limit=None).items
    places = views.quote_places(linked, rows)
    sign, talks = _cluster_of(linked, SIGN).id, _cluster_of(linked, TALKS).id
    story = views.find_article(linked, "post-ferry-0302").story
    by_text = {(r.article_id, r.text): places[r.id] for r in rows}
    assert by_text[("post-ferry-0302", SIGN)] == (sign, story)
    assert by_text[("post-ferry-0302", TALKS)] == (talks, story)
    assert set(places) == {r.id for r in rows}


def test_listed_figures_lead_to_their_series_and_story(linked):
    rows = views.figures(linked, limit=None).items
    places = views.figure_places(linked, rows)
    sailors = next(s for s in views.figure_series(linked, limit=None).items if s.thing[1] == "joined")
    story = views.find_article(linked, "times-ferry-0304").story
    by_text = {(r.article_id, r.text): places[r.id] for r in rows}
    assert by_text[("times-ferry-0304", "About 300 sailors")] == (sailors.id, story)
    assert by_text[("digest-ferry-0303", "Some 40 ferries")] == (None, story)  # one outlet's figure: no series


def test_before_a_link_listed_parts_lead_nowhere(store):
    fill(store, story_articles())
    quotes, figures = views.quotes(store, limit=None).items, views.figures(store, limit=None).items
    assert set(views.quote_places(store, quotes).values()) == {(None, None)}
    assert set(views.figure_places(store, figures).values()) == {(None, None)}
    assert views.quote_places(store, []) == {}


def test_article_places_give_headline_and_story_and_leave_out_unknown_keys(linked):
    story = views.find_article(linked, "times-ferry-0304").story
    found = linked.article_places([("Port Times", "times-ferry-0304"), ("Port Times", "nowhere"), (None, "x")])
    assert found == {("Port Times", "times-ferry-0304"): (HEADLINES["times-ferry-0304"], story)}


def test_a_stored_article_is_its_json_form_with_the_link_fields(linked):
    found = views.find_article(linked, "post-ferry-0302")
    assert isinstance(found, views.ArticleDetail) and isinstance(found, Article)
    assert list(found.to_dict()) == [f.name for f in fields(Article)] + [
        "story", "copy_of", "quote_clusters", "figure_series"]
    assert Article.from_dict(found.to_dict()) == next(a for a in story_articles() if a.id == "post-ferry-0302")


# --- one JSON form per record: the CLI and the API print the same ----------------------------------

def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_json_is_the_api_article(linked, store_url):
    with TestClient(create_app(store=linked, token=None)) as client:
        api = client.get("/api/articles/post-ferry-0302").json()
    assert json.loads(_cli("show", "post-ferry-0302", "--db", store_url, "--json")) == api
    assert api["quote_clusters"] == [_cluster_of(linked, SIGN).id, _cluster_of(linked, TALKS).id]


@pytest.mark.parametrize("search", [None, "ortiz"])
def test_a_speaker_has_one_json_form_in_the_cli_and_the_api(linked, store_url, search):
    with TestClient(create_app(store=linked, token=None)) as client:
        api = client.get("/api/speakers", params={"limit": 200, **({"q": search} if search else {})}).json()["items"]
    cli = [json.loads(line) for line in _cli("speakers", "--db", store_url, "--json",
                                             *(["--search", search] if search else [])).splitlines()]
    assert cli == api and cli
    moss = next((s for s in cli if s["name"] == "Ada Moss"), None)
    if search is None:
        assert moss == {"name": "Ada Moss", "quotes": 3, "articles": 3, "outlets": ["Kettering Voice"],
                        "outlet_quotes": {"Kettering Voice": 3}, "aliases": ["Ada Moss"],
                        "first": "2024-05-10", "last": "2024-05-10"}
    else:
        assert {s["name"] for s in cli} == {"Ben Ortiz", "Cara Ortiz"}


def test_the_speakers_csv_gives_outlets_with_their_counts(linked, store_url):
    rows = list(csv.DictReader(io.StringIO(_cli("speakers", "--db", store_url, "--csv"))))
    brandt = next(r for r in rows if r["name"] == "Tomas Brandt")
    assert brandt["outlets"] == "Coastal Post (1), Harbor Ledger (1)" and "outlet_quotes" not in brandt
