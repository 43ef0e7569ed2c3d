"""The built-in sample corpus end to end: ingest, link, and read back from the store what the
corpus was designed to contain (newstrail/sample/README.md lists every designed case).

Runs once per backend (SQLite and PostgreSQL) through ``newstrail demo``.
"""

import json
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from pgadmin import pg_admin_engine
from newstrail.cli.main import app
from newstrail.store import Store
from newstrail import views

MILITIA = ["nws-militia-0217", "ledger-militia-0218", "eastgate-militia-0219", "courier-militia-0220"]
DAM = ["ledger-dam-0310", "nws-dam-0311", "courier-dam-0312"]
PRISON = ["nws-prison-0320", "courier-prison-0320", "eveningpost-prison-0320", "ledger-prison-0321"]
STRIKE = ["ledger-strike-0401", "eastgate-strike-0402", "chronicle-strike-0402", "ledger-strike-0403"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo(request, tmp_path_factory):
    """(store, demo summary) for the sample ingested and linked by ``newstrail demo``."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.db'}"
        yield _run_demo(url)
        return
    admin, base = pg_admin_engine()
    name = f"newstrail_sample_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield _run_demo(make_url(base).set(database=name).render_as_string(hide_password=False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _run_demo(url):
    result = CliRunner().invoke(app, ["demo", "--db", url, "--json"])
    assert result.exit_code == 0, result.output
    return Store(url), json.loads(result.stdout.splitlines()[-1])


def story_of(store, article_id):
    found = [s["id"] for s in store.list_stories(limit=None) if any(a["id"] == article_id for a in s["articles"])]
    assert len(found) == 1, f"{article_id} is in {len(found)} stories"
    return found[0]


def test_demo_ingests_everything_and_flags_the_german_article(demo):
    store, summary = demo
    assert summary["tally"]["ingested"] == 16
    assert summary["tally"]["failed"] == []
    assert summary["tally"]["non_english"] == 1
    german = store.get_article("rundschau-damm-0312")
    assert german.language == "de" and german.quotes == []
    for key in ("articles", "sources", "entities", "quotes", "figures", "speakers"):
        assert summary["counts"][key] > 0
    assert summary["link"]["stories"] >= 4


@pytest.mark.parametrize("members", [MILITIA, DAM, PRISON, STRIKE], ids=["militia", "dam", "prison", "strike"])
def test_each_designed_story_is_one_story(demo, members):
    store, _ = demo
    assert len({story_of(store, a) for a in members}) == 1


def test_same_region_different_events_stay_apart(demo):
    store, _ = demo
    stories = {story_of(store, a) for a in (MILITIA[0], PRISON[0], DAM[0], STRIKE[0])}
    assert len(stories) == 4


@pytest.mark.parametrize(
    ("copy", "original", "kind"),
    [("eveningpost-prison-0320", "nws-prison-0320", "exact"), ("courier-prison-0320", "nws-prison-0320", "near")],
)
def test_wire_copies_are_marked_and_share_the_story(demo, copy, original, kind):
    store, _ = demo
    story = store.get_story(story_of(store, copy))
    entry = next(a for a in story["articles"] if a["id"] == copy)
    assert entry["copy_of"] is not None and entry["copy_of"][1] == original
    assert story_of(store, original) == story["id"]


def cluster_with(store, article_id, words):
    for cluster in store.list_quote_clusters(limit=None):
        if any(m["article"] == article_id for m in cluster["members"]) and words in cluster["text"]:
            return cluster
    raise AssertionError(f"no quote cluster in {article_id} with {words!r}")


@pytest.mark.parametrize(
    ("first", "words", "carriers"),
    [
        # ellipsis, straight marks, trimmed and partial copies of one vow
        ("nws-militia-0217", "recruiters are behind bars", MILITIA),
        # small wording change and a trimmed, unattributed copy
        ("ledger-dam-0310", "faster than any of our models", ["ledger-dam-0310", "nws-dam-0311"]),
        # identical in four outlets, pronoun speaker in the wire copy
        ("nws-prison-0320", "will answer for it", PRISON),
        # straight marks and one word changed
        ("ledger-strike-0401", "asking for charity", ["ledger-strike-0401", "eastgate-strike-0402"]),
    ],
)
def test_the_same_quote_is_matched_across_outlets(demo, first, words, carriers):
    store, _ = demo
    cluster = cluster_with(store, first, words)
    assert set(carriers) <= {m["article"] for m in cluster["members"]}


def test_medium_named_anywhere_is_the_origin_and_the_dropped_attribution_is_found(demo):
    store, _ = demo
    cluster = cluster_with(store, "ledger-dam-0310", "faster than any of our models")
    trail = views.trail(store, cluster["id"]).to_dict()
    assert trail["provenance"]["origin_medium"] == "Radio Meridian"
    assert trail["provenance"]["earliest"]["article"] == "ledger-dam-0310"


def test_one_speaker_across_stories_and_outlets(demo):
    store, _ = demo
    varga = [s for s in store.list_speakers() if "Varga" in s["name"]]
    assert [s["name"] for s in varga] == ["Lena Varga"]
    assert {"Northern Wire Service", "Harbor Ledger", "Eastgate Times", "Valley Courier", "Tamsin Evening Post"} <= set(
        varga[0]["outlets"])


def figure_matches(store, article_id, kind):
    story = story_of(store, article_id)
    return [m for m in store.list_figure_matches(story=story, kind=kind)]


@pytest.mark.parametrize(
    ("kind", "a_text", "b_text"),
    [
        ("agree", "412", "400"),
        ("conflict", "412", "3,000"),
        ("scope", "412", "1,100"),
    ],
)
def test_figure_agreement_conflict_and_scope(demo, kind, a_text, b_text):
    store, _ = demo
    found = [m for m in figure_matches(store, "nws-militia-0217", kind)
             if (a_text in m["a"]["text"] and b_text in m["b"]["text"])
             or (a_text in m["b"]["text"] and b_text in m["a"]["text"])]
    assert found, f"no {kind} between {a_text} and {b_text}"


def test_story_detail_shows_outlets_side_by_side(demo):
    store, _ = demo
    detail = views.story_detail(store, story_of(store, "nws-militia-0217")).to_dict()
    assert {a["id"] for a in detail["side_by_side"]} == set(MILITIA)
    assert detail["conflicts"]
    assert any(a["exclusive"] for a in detail["side_by_side"])
    headlines = {a["title"] for a in detail["side_by_side"]}
    assert len(headlines) == 4


def test_an_unattributed_copy_is_listed_as_dropping_the_attribution(demo):
    store, _ = demo
    dropped = {(p["target"], c["article"]) for s in store.list_stories(limit=None)
               for p in views.story_detail(store, s["id"]).to_dict()["provenance"]
               for c in p["attribution_dropped"]}
    assert any(article in ("courier-militia-0220", "courier-dam-0312") for _, article in dropped)


def test_relinking_adds_nothing_and_keeps_story_ids(demo):
    store, _ = demo
    before = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
    result = CliRunner().invoke(app, ["link", "--db", store.url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 0
    after = {a["id"]: s["id"] for s in store.list_stories(limit=None) for a in s["articles"]}
    assert after == before
