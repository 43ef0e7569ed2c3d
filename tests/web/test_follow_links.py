"""Following a claim by clicks in headless Chromium (Debian's package, driven by Playwright): from
an article page to the story, the quote cluster or figure series, the trail and the speaker of
each quote and figure, and on between those pages, over invented ferry-strike reports (one a
wire copy) served by uvicorn on a loopback port.

The ids the links must lead to are read from the API of the same server.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest
from factories import SIGN, fill, make_article, stored, story_articles
from fastapi.testclient import TestClient
from live import browser_page, follow, serving

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser


HEADLINES = {a.id: a.title for a in story_articles()}
COPY = make_article(
    "wire-ferry-0301", "Northern Wire", "2024-03-01", "Dellmoor ferry crews strike, union says",
    "Ferry crews in Dellmoor walked out on Friday.\n\n"
    f"\u201c{SIGN}\u201d union leader Tomas Brandt said.\n\n"
    "About 300 sailors joined the strike, Brandt said.",
    quotes=[(SIGN, "union leader Tomas Brandt", "Tomas Brandt", "said", "direct")],
    figures=[("About 300 sailors", 270, 330, "sailors", "joined", "Dellmoor", "Tomas Brandt", "about")])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('follow') / 'ferry.db'}")
    fill(store, story_articles())
    store.save_batch([stored(COPY, copy_of=("Harbor Ledger", "ledger-ferry-0301"), kind="exact", similarity=1.0)])
    link_store(store)
    with serving(create_app(store=store)) as base:
        yield base
    store.close()


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server) as pg:
        yield pg


def article_json(server, ref: str) -> dict:
    response = httpx.get(f"{server}/api/articles/{ref}", timeout=30)
    assert response.status_code == 200
    return response.json()


def open_article(page, server, ref: str) -> None:
    page.goto(f"{server}/articles/{ref}")
    assert page.locator("h1").first.inner_text() == {**HEADLINES, COPY.id: COPY.title}[ref]


def click(page, where: str, name: str) -> None:
    """Click the link in ``where`` whose accessible name starts with ``name``."""
    follow(page, page.locator(where).get_by_role("link", name=re.compile("^" + re.escape(name))).first)


# --- one click from each quote and figure ------------------------------------------------------------

@pytest.mark.parametrize("ref, part, index, link, path, heading", [
    ("post-ferry-0302", "quote", 0, "cluster", "/quote-clusters/{cluster}", "Quote {cluster} across outlets"),
    ("post-ferry-0302", "quote", 1, "trail", "/trail/{cluster}", "Trail of quote {cluster}"),
    ("times-ferry-0304", "figure", 0, "series", "/series/{series}", "Figure series {series}"),
    ("times-ferry-0304", "figure", 0, "trail", "/trail/{series}", "Trail of figure {series}"),
])
def test_each_quote_and_figure_leads_to_its_cluster_or_series_trail_and_story(page, server, ref, part, index, link,
                                                                              path, heading):
    found = article_json(server, ref)
    ids = {"story": found["story"], "cluster": found["quote_clusters"][index] if part == "quote" else None,
           "series": found["figure_series"][index] if part == "figure" else None}
    open_article(page, server, ref)
    click(page, f"#{part}-{index} td.follow", link)
    assert page.url == server + path.format(**ids)
    if heading:
        assert page.locator("h1").inner_text() == heading.format(**ids)


@pytest.mark.parametrize("ref, row, speaker", [
    ("post-ferry-0302", "#quote-0", "Tomas Brandt"),
    ("times-ferry-0304", "#quote-0", "Ilse Varn"),
])
def test_each_quote_leads_to_its_speaker(page, server, ref, row, speaker):
    open_article(page, server, ref)
    click(page, row, speaker)
    assert page.url == f"{server}/speakers/{quote(speaker)}"
    assert page.locator("h1").inner_text() == speaker


def test_a_figure_leads_to_the_speaker_page_of_a_quoted_source_only(page, server):
    open_article(page, server, COPY.id)
    click(page, "#figure-0", "Tomas Brandt")
    assert page.url == f"{server}/speakers/{quote('Tomas Brandt')}"
    open_article(page, server, "ledger-ferry-0301")  # "the union" is quoted nowhere: no page to lead to
    assert page.locator("#figure-0 td:nth-child(8)").inner_text() == "the union"
    assert page.locator("#figure-0 td:nth-child(8) a").count() == 0


def test_the_story_box_lists_the_other_outlets_headlines_and_leads_to_them(page, server):
    open_article(page, server, "ledger-ferry-0301")
    listed = page.locator(".in-story li a").all_inner_texts()
    assert set(listed) == {HEADLINES["post-ferry-0302"], HEADLINES["digest-ferry-0303"],
                           HEADLINES["times-ferry-0304"], COPY.title}
    click(page, ".in-story li", HEADLINES["digest-ferry-0303"])
    assert page.locator("h1").first.inner_text() == HEADLINES["digest-ferry-0303"]
    click(page, ".in-story h2", "story")
    assert page.url == f"{server}/stories/{article_json(server, 'digest-ferry-0303')['story']}"


def test_a_wire_copy_leads_to_its_original(page, server):
    open_article(page, server, COPY.id)
    assert "wire copy" in page.locator(".copy-of").inner_text()
    click(page, ".copy-of", HEADLINES["ledger-ferry-0301"])
    assert page.url == f"{server}/articles/ledger-ferry-0301?source=Harbor%20Ledger"


# --- walking on: the pages link to each other and to the story ----------------------------------------

def test_from_a_quote_to_cluster_trail_speaker_and_story_by_clicks(page, server):
    found = article_json(server, "ledger-ferry-0301")
    cluster, story = found["quote_clusters"][0], found["story"]
    open_article(page, server, "ledger-ferry-0301")
    click(page, "#quote-0 td.follow", "cluster")
    # the cluster page: every carrier's headline and its own wording, each linking to the quote
    assert set(page.locator("table.rows tbody td:nth-child(3) a").all_inner_texts()) == {
        HEADLINES["ledger-ferry-0301"], HEADLINES["post-ferry-0302"], HEADLINES["digest-ferry-0303"], COPY.title}
    click(page, "nav.follow", "Trail of quote")
    assert page.url == f"{server}/trail/{cluster}"
    # the trail: each carrier by its headline, with its own wording
    carriers = page.locator("ol.trail-carriers > li")
    assert set(page.locator("ol.trail-carriers .carrier-head a[href^='/articles/']").all_inner_texts()) == {
        HEADLINES["ledger-ferry-0301"], HEADLINES["post-ferry-0302"], HEADLINES["digest-ferry-0303"], COPY.title}
    assert carriers.count() == 4 and all(f"\u201c{SIGN}\u201d" in text for text in carriers.all_inner_texts())
    click(page, "main", "Tomas Brandt")
    assert page.url == f"{server}/speakers/{quote('Tomas Brandt')}"
    click(page, ".quote-item", "story")
    assert page.url == f"{server}/stories/{story}"


def test_from_a_figure_to_series_trail_and_story_by_clicks(page, server):
    found = article_json(server, "ledger-ferry-0301")
    series, story = found["figure_series"][0], found["story"]
    open_article(page, server, "ledger-ferry-0301")
    click(page, "#figure-0 td.follow", "series")
    assert page.url == f"{server}/series/{series}"
    # the series table names each article by its headline
    assert {HEADLINES["post-ferry-0302"], HEADLINES["times-ferry-0304"]} <= set(
        page.locator("table.figures tbody td:last-child a").all_inner_texts())
    click(page, "nav.follow", "Trail of series")
    assert page.url == f"{server}/trail/{series}"
    click(page, "nav.follow", "Figure series")
    assert page.url == f"{server}/series/{series}"
    click(page, "nav.follow", "story")
    assert page.url == f"{server}/stories/{story}"


@pytest.mark.parametrize("path, item, link, target", [
    ("/quotes", ".quote-item", "cluster", "/quote-clusters/"),
    ("/quotes", ".quote-item", "trail", "/trail/"),
    ("/figures", "table.figures tbody tr", "series", "/series/"),
    ("/speakers/Ilse%20Varn", ".quote-item", "cluster", "/quote-clusters/"),
])
def test_the_lists_lead_to_clusters_series_and_trails(page, server, path, item, link, target):
    page.goto(server + path)
    click(page, item, link)
    assert page.url.startswith(server + target)
    assert page.url.rsplit("/", 1)[1] in page.locator("h1").inner_text().split()  # the page of that id


def test_before_a_link_the_article_page_claims_no_cluster(tmp_path):
    """A store never linked has no clusters yet: the page leaves the column out rather than
    say each quote is in none."""
    with Store(f"sqlite:///{tmp_path / 'unlinked.db'}") as store:
        fill(store, story_articles())
        with TestClient(create_app(store=store)) as client:
            html = client.get("/articles/post-ferry-0302").text
    assert "Across outlets" not in html and "in no cluster" not in html and 'class="in-story"' not in html


def test_a_series_leads_to_the_speaker_page_of_a_quoted_claimant(page, server):
    series = article_json(server, COPY.id)["figure_series"][0]
    page.goto(f"{server}/series/{series}")
    claimants = page.locator("table.figures tbody td:nth-child(5)")
    assert "the union" in claimants.all_inner_texts()  # quoted nowhere: plain text
    assert page.locator("table.figures tbody td:nth-child(5) a").all_inner_texts() == ["Tomas Brandt"]
    click(page, "table.figures tbody", "Tomas Brandt")
    assert page.url == f"{server}/speakers/{quote('Tomas Brandt')}"
