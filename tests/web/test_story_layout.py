"""The story page in headless Chromium at 1280 px, over one invented story told by seven outlets
(one with a very long name, one a wire copy of another, one dropping the quote's speaker, one
giving a conflicting figure): every outlet column on screen, no badge over another, the rows
that need attention first, the earliest headline as the title, "Figures compared" grouped and
linked, "Only here" short, linked and with speakers, and outlets picked by the reader.

What the page should show is read from the API of the same server."""

from __future__ import annotations


import httpx
import pytest
from factories import make_article, stored
from live import browser_page, serving

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 900}

SIGN = "We will not sail until the contracts are signed,"
LONG_OUTLET = "The Coastal Post and Evening Chronicle of the Northern Provinces"
# outlet, figure as written, low, high, who the figure is credited to
TELLERS = [
    ("Harbor Ledger", "About 300 sailors", 270, 330, "the union"),
    (LONG_OUTLET, "About 300 sailors", 280, 320, None),
    ("Bay Digest", "More than 1,000 sailors", 1000, None, "the harbour office"),
    ("Port Times", "About 300 sailors", 280, 320, "the union"),
    ("Valley Courier", "Some 310 sailors", 300, 320, None),
    ("Northern Wire Service", "About 300 sailors", 270, 330, "the union"),
    ("Ridge Herald", "Nearly 300 sailors", 280, 300, None),
]
SCENES = ["Our bakery lost every morning customer in", "The school buses stopped running to",
          "Fishermen sold their catch at half price in", "Tourists slept in the station hall at",
          "The ambulance boat was kept ready near", "Shopkeepers closed their shutters across",
          "Nobody could reach the island clinic from"]
PLACES = ["Oster Quay", "Marl Point", "Tenby Reach", "Gull Island", "Fenwick Bay", "Salt Row", "Crane Wharf"]
WHEN = ["Friday noon", "Saturday dawn", "Sunday evening", "Monday morning", "the weekend"]
UNSPOKEN = 4  # this outlet carries the union's words as nobody's
COPY = 5  # this outlet's article is a wire copy of the first one
SAME_DAY = 6  # the last two outlets publish on the same day
LONE = 2  # this outlet has more to itself than the story page lists at once
ALONE = ["The lighthouse keeper counted eleven idle hulls from her tower",
         "A choir rehearsed sea shanties on the empty car deck",
         "Gulls took over the ticket office roof within a day",
         "The mayor's own bicycle was the only thing crossing the estuary"]


def ferry_story():
    """Seven outlets on one ferry strike: the union leader's words in all of them, a sailors'
    figure in each, and five local scenes per outlet (more for one), told by one dock worker."""
    out = []
    for i, (outlet, figure, low, high, credited) in enumerate(TELLERS):
        scenes = [f"{SCENES[(i + k) % len(SCENES)]} {PLACES[i]} by {WHEN[k]}" for k in range(5)]
        scenes += ALONE if i == LONE else []
        said = "The words were painted on the gate" if i == UNSPOKEN else "union leader Tomas Brandt said"
        text = ("Ferry crews in Dellmoor walked out on Friday and the harbour fell silent.\n\n"
                f"\u201c{SIGN}\u201d {said}.\n\n"
                f"{figure} joined the strike in Dellmoor{', ' + credited + ' said' if credited else ''}.\n\n"
                + "\n\n".join(f"\u201c{s}\u201d dock worker Pia Lund said." for s in scenes))
        brandt = (SIGN, None, None, None, "direct") if i == UNSPOKEN else (
            SIGN, "union leader Tomas Brandt", "Tomas Brandt", "said", "direct")
        quotes = [brandt] + [(s, "dock worker Pia Lund", "Pia Lund", "said", "direct") for s in scenes]
        out.append(make_article(
            f"ferry-{i}", outlet, f"2024-03-0{min(i + 1, SAME_DAY)}",
            f"Dellmoor ferry crews walk out as the strike spreads along the whole coast, day {i + 1}", text,
            quotes=quotes, figures=[(figure, low, high, "sailors", "joined", "Dellmoor", credited, None)]))
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('story') / 'story.db'}")
    store.save_batch([stored(a, copy_of=(TELLERS[0][0], "ferry-0") if i == COPY else None,
                             kind="wire" if i == COPY else None) for i, a in enumerate(ferry_story())])
    link_store(store)
    with serving(create_app(store=store)) as base:
        yield base
    store.close()


@pytest.fixture
def page(browser, server):
    with browser_page(browser, server, WIDE) as pg:
        yield pg


@pytest.fixture(scope="module")
def detail(server):
    stories = httpx.get(server + "/api/stories", timeout=30).json()["items"]
    assert len(stories) == 1 and len(stories[0]["outlets"]) == len(TELLERS), "the corpus must make one story"
    return httpx.get(f"{server}/api/stories/{stories[0]['id']}", timeout=30).json()


def boxes(page, selector: str) -> list[dict]:
    return page.locator(selector).evaluate_all(
        "els => els.filter(e => e.getClientRects().length).map(e => {"
        " const r = e.getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width, h: r.height,"
        " text: e.innerText}; })")


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["w"] - 0.5 and b["x"] < a["x"] + a["w"] - 0.5
            and a["y"] < b["y"] + b["h"] - 0.5 and b["y"] < a["y"] + a["h"] - 0.5)


def test_every_outlet_column_is_on_screen(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    heads = boxes(page, "#side-by-side th.outlet")
    assert sorted(h["text"] for h in heads) == sorted(detail["outlets"])
    width = page.evaluate("document.documentElement.clientWidth")
    for head in heads:
        assert head["x"] >= 0 and head["x"] + head["w"] <= width, head
        assert head["w"] >= 150, head  # a column wide enough to read, not squeezed
    # no band of the side-by-side view scrolls or hides a column
    assert page.locator("#side-by-side .grid-wrap").evaluate_all(
        "ws => ws.filter(w => w.scrollWidth > w.clientWidth + 1).length") == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_badges_never_overlap(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    badges = boxes(page, "main .badge")
    assert any("wire copy" in b["text"] for b in badges) and any("dropped" in b["text"] for b in badges)
    for i, a in enumerate(badges):
        for b in badges[i + 1:]:
            assert not overlap(a, b), (a, b)
    # and none runs out of its cell into the next column
    outside = page.locator("#side-by-side .badge").evaluate_all(
        "bs => bs.filter(b => { const c = b.closest('td, th').getBoundingClientRect();"
        " const r = b.getBoundingClientRect(); return r.left < c.left - 0.5 || r.right > c.right + 0.5; }).length")
    assert outside == 0


def test_title_is_the_earliest_headline(page, server, detail):
    first = min(detail["articles"], key=lambda a: (a["published"] or "9999", a["order"]))
    page.goto(f"{server}/stories/{detail['id']}")
    assert page.locator("h1").inner_text() == first["title"]
    assert page.title().startswith(first["title"])


def test_conflicts_and_dropped_attributions_come_first(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    band = page.locator("#side-by-side table.side").first
    rows = band.locator("tr.quote-row, tr.figure-row").evaluate_all(
        "rs => rs.map(r => r.classList.contains('alarm'))")
    assert True in rows and False in rows
    assert rows == sorted(rows, reverse=True)  # every flagged row before every other
    dropped = {p["target"] for p in detail["provenance"] if p["attribution_dropped"]}
    flagged = band.locator("tr.alarm th a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert dropped and all(any(h.endswith("/" + t) for h in flagged) for t in dropped)


def test_figures_compared_are_grouped_linked_and_not_repeated(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    things = {tuple(m["thing"]) for m in detail["figures"]}
    groups = page.locator("#figmatch ~ h3.thing")
    assert groups.count() == len(things)
    series_ids = {s["id"] for s in detail["series"]}
    for i in range(groups.count()):
        href = groups.nth(i).locator("a").get_attribute("href")
        assert href.removeprefix("/series/") in series_ids
        lines = groups.nth(i).locator("xpath=following-sibling::ul[1]/li").all_inner_texts()
        assert len(lines) == len(set(lines))
    assert page.locator("ul.matches li").first.get_attribute("class") == "match-conflict"
    # every figure named links to its place in its article
    for href in page.locator("ul.matches li a").evaluate_all("as => as.map(a => a.getAttribute('href'))"):
        assert href.startswith("/articles/") and "#f" in href


def test_only_here_is_short_linked_and_names_speakers(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    cells = page.locator("#side-by-side tr.exclusive-row td")
    assert cells.count() == len(detail["outlets"])
    for i in range(cells.count()):
        assert cells.nth(i).locator("li.exclusive:visible").count() <= 3
    quotes = [e for e in detail["exclusive"] if e["kind"] == "quote"]
    assert page.locator("#side-by-side li.exclusive").count() == len(detail["exclusive"])
    assert page.locator("#side-by-side li.exclusive a.who").count() == len(quotes)
    # "more" opens the rest; a quote's link leads to that quote in its article
    cell = cells.filter(has=page.locator("details")).first
    cell.locator("summary").click()
    item = cell.locator("li.exclusive").last
    speaker = item.locator("a.who").inner_text()
    item.locator("a").first.click()
    page.wait_for_url("**/articles/**#q*")
    anchor = page.evaluate("location.hash")
    assert speaker in page.locator(anchor).get_attribute("data-tip")


def test_reader_picks_the_outlets_to_compare(page, server, detail):
    page.goto(f"{server}/stories/{detail['id']}")
    page.locator("details.pick summary").click()
    boxes_ = page.locator("form.pick input[name=outlet]")
    for i in range(boxes_.count()):
        if boxes_.nth(i).get_attribute("value") not in ("Bay Digest", LONG_OUTLET):
            boxes_.nth(i).uncheck()
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**outlet=*")
    heads = page.locator("#side-by-side th.outlet").all_inner_texts()
    assert sorted(heads) == sorted(["Bay Digest", LONG_OUTLET])
    assert page.locator("#side-by-side table.side").count() == 1
    page.get_by_role("link", name="all outlets").click()
    assert page.locator("#side-by-side th.outlet").count() == len(detail["outlets"])


def test_series_chart_titles_its_axes_and_keeps_labels_apart(page, server, detail):
    se = detail["series"][0]
    page.goto(f"{server}/series/{se['id']}")
    chart = page.locator("svg.chart").first
    titles = chart.locator("text.axis-title").all_text_contents()
    assert "publication date" in titles and len(titles) == 2
    # the open-ended figure ("more than 1,000") is an open bar with its bound written beside it
    assert chart.locator("line.iv.open").count() == 1
    assert chart.locator("text.bound").all_text_contents() == ["at least 1,000"]
    texts = boxes(page, "svg.chart text")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            assert not overlap(a, b), (a, b)
    # figures published on one day stand apart
    xs = chart.locator("g.pt circle.dot").evaluate_all("cs => cs.map(c => c.getAttribute('cx'))")
    assert len(xs) == len(se["figures"]) and len(set(xs)) == len(xs)
