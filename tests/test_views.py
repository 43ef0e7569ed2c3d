"""The read model (newstrail/views.py) on SQLite and PostgreSQL: pages and their cursors, linking
results read back as records that give their stored JSON again, a story side by side as typed
records, the article an id and an outlet name, trails; and the API models made from the records.
"""

from __future__ import annotations

import ast
import json
from dataclasses import fields
from pathlib import Path

import pytest
from factories import council_articles, fill, make_article, story_articles

from newstrail import views
from newstrail.api import models
from newstrail.link.corpus import link_store
from newstrail.link.records import FigureSeries, Provenance, QuoteCluster, Story, StoryArticle

PACKAGE = Path(views.__file__).parent


@pytest.fixture
def linked(store):
    twins = [make_article("ferry-brief", outlet, "2024-03-05", f"Brief from {outlet}",
                          f"{outlet} ran a brief on the ferry strike in Dellmoor.")
             for outlet in ("Harbor Ledger", "Coastal Post")]  # one input id in two outlets
    fill(store, story_articles() + council_articles() + twins)
    link_store(store)
    return store


def ferry_story_id(store) -> str:
    return next(s.id for s in views.stories(store, limit=None).items
                if any(a.id == "ledger-ferry-0301" for a in s.articles))


@pytest.mark.parametrize("count, limit, expected, next_", [
    (0, 3, [], None),
    (2, 3, [0, 1], None),
    (3, 3, [0, 1, 2], None),  # exactly a page: nothing follows
    (4, 3, [0, 1, 2], 2),  # the limit + 1st row says another page follows
    (4, None, [0, 1, 2, 3], None),  # no limit: every row, no cursor
])
def test_page_cuts_the_rows_and_names_the_cursor(count, limit, expected, next_):
    rows = [StoryArticle(str(i), None, order=i) for i in range(count)]
    found = views.page(rows, limit, "order")
    assert [r.order for r in found.items] == expected and found.next == next_
    assert found.to_dict()["next"] == next_ and len(found.to_dict()["items"]) == len(expected)


@pytest.mark.parametrize("limit", [1, 2, 50])
def test_story_pages_walk_every_story_once(linked, limit):
    everything = [s.id for s in views.stories(linked, limit=None).items]
    seen, after = [], None
    while True:
        found = views.stories(linked, limit=limit, after=after)
        seen += [s.id for s in found.items]
        if found.next is None:
            break
        after = found.next
    assert seen == everything and len(everything) >= 2


@pytest.mark.parametrize("record, stored, read", [
    (Story, "list_stories", lambda store: views.stories(store, limit=None, order="id").items),
    (QuoteCluster, "list_quote_clusters", lambda store: views.quote_clusters(store, limit=None).items),
    (FigureSeries, "list_figure_series", lambda store: views.figure_series(store, limit=None).items),
])
def test_linking_results_read_back_as_records_give_their_stored_json(linked, record, stored, read):
    records = read(linked)
    assert records and all(isinstance(r, record) for r in records)
    assert [r.to_dict() for r in records] == getattr(linked, stored)(limit=None)


def test_provenance_reads_back_as_a_record(linked):
    cluster = views.quote_clusters(linked, limit=1).items[0]
    found = views.provenance(linked, cluster.id)
    assert isinstance(found, Provenance) and found.to_dict() == linked.get_provenance(cluster.id)
    assert views.provenance(linked, "q999") is None


def test_provenance_of_many_targets_is_read_at_once_in_their_order(linked):
    targets = [t.id for t in views.quote_clusters(linked, limit=None).items + views.figure_series(linked, limit=None).items]
    one_by_one = [p for p in (linked.get_provenance(t) for t in targets) if p]
    assert len(one_by_one) >= 2
    assert linked.list_provenance(targets) == one_by_one
    assert linked.list_provenance(["q999", *reversed(targets), targets[0]]) == one_by_one[::-1]
    detail = views.story_detail(linked, ferry_story_id(linked))
    ids = [t.id for t in detail.quotes + detail.series]
    assert [p.to_dict() for p in detail.provenance] == [p for p in (linked.get_provenance(t) for t in ids) if p]


def test_story_detail_is_typed_and_its_json_has_the_documented_keys(linked):
    detail = views.story_detail(linked, ferry_story_id(linked))
    assert isinstance(detail, views.StoryDetail)
    assert all(isinstance(c, QuoteCluster) for c in detail.quotes)
    assert all(isinstance(a, views.SideBySide) for a in detail.side_by_side)
    data = detail.to_dict()
    assert list(data) == ["id", "first_published", "last_published", "outlets", "mode", "articles", "quotes",
                          "figures", "series", "provenance", "exclusive", "conflicts", "side_by_side"]
    assert list(data["side_by_side"][0]) == [f.name for f in fields(StoryArticle)] + [
        "quotes", "figures", "omits", "attribution_dropped", "exclusive"]
    assert data["side_by_side"][0]["omits"].keys() == {"quotes", "figures"}
    assert views.story_detail(linked, "s999") is None


def test_the_api_model_made_from_the_story_detail_record_carries_its_whole_json_form(linked):
    detail = json.loads(json.dumps(views.story_detail(linked, ferry_story_id(linked)).to_dict()))
    assert set(models.StoryDetail.model_fields) == set(detail)
    assert models.StoryDetail.model_validate(detail).model_dump(mode="json") == detail


@pytest.mark.parametrize("ref, source, expected", [
    ("ferry-brief", None, "Harbor Ledger"),  # the first stored of the id
    ("ferry-brief", "coastal post", "Coastal Post"),  # the outlet picks among outlets, case-insensitively
    ("ferry-brief", " Harbor Ledger ", "Harbor Ledger"),
    ("ferry-brief", "Port Times", None),  # the id is not in that outlet
    ("nowhere", None, None),
    ("99999999999999999999", None, None),  # past any store number: no such article, on both backends
])
def test_find_article_by_id_and_outlet(linked, ref, source, expected):
    found = views.find_article(linked, ref, source)
    assert (found.source if found else None) == expected


def test_find_article_by_store_number(linked):
    pk = next(r.pk for r in views.articles(linked, limit=None).items if r.source == "Coastal Post" and r.id == "ferry-brief")
    assert (views.find_article(linked, str(pk)).source, views.find_article(linked, str(pk)).id) == (
        "Coastal Post", "ferry-brief")


def test_a_trail_names_its_kind_and_record(linked):
    cluster = views.quote_clusters(linked, limit=1).items[0]
    series = views.figure_series(linked, limit=1).items[0]
    assert (views.trail(linked, cluster.id).kind, views.trail(linked, cluster.id).record) == ("quote", cluster)
    assert (views.trail(linked, series.id).kind, views.trail(linked, series.id).record) == ("figure", series)
    assert views.trail(linked, "q999") is None
    trail = views.trail(linked, cluster.id).to_dict()
    assert (trail["target"], trail["kind"], trail["record"]) == (cluster.id, "quote", linked.get_quote_cluster(cluster.id))
    assert trail["provenance"] == linked.get_provenance(cluster.id)


def test_speaker_summaries_page_by_name(linked):
    first = views.speakers(linked, limit=1)
    assert [s.name for s in first.items] == ["Ada Moss"] and first.next == "3|Ada Moss"
    assert (first.items[0].quotes, first.items[0].outlets) == (3, ["Kettering Voice"])
    assert [s.name for s in views.speakers(linked, limit=1, after=first.next).items] == ["Ben Ortiz"]


def _imports(module: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


@pytest.mark.parametrize("module, never", [
    ("api/routes.py", "newstrail.web"),
    ("web/pages.py", "newstrail.api.routes"),
    ("views.py", "newstrail.api"),
    ("views.py", "newstrail.web"),
    ("views.py", "newstrail.cli"),
])
def test_the_interfaces_share_the_views_and_never_import_each_other(module, never):
    assert not [name for name in _imports(PACKAGE / module) if name == never or name.startswith(never + ".")]
