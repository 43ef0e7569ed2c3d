"""Tables on a phone (390 px) and on a desktop (1280 px), in headless Chromium, over invented
articles (the ferry-strike corpus and council reports): on the phone the header row is hidden
and every cell names its column; at both widths no word is broken in the middle and nothing
scrolls sideways."""

from __future__ import annotations


import pytest
from factories import corpus, council_articles, fill
from live import serving

from newstrail.api import create_app
from newstrail.link.corpus import link_store
from newstrail.store import Store

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TABLE_PAGES = ["/", "/articles", "/speakers", "/stories", "/series", "/figures", "/articles/1", "/search?q=Dellmoor", "/api"]

# each cell's label and its column's header (what a screen reader reads of it: a sort arrow is
# aria-hidden), and the text shown before the cell
LABELS = """() => [...document.querySelectorAll('main table.rows')].flatMap(t => {
  const heads = [...t.querySelectorAll('thead th')].map(th => {
    const copy = th.cloneNode(true);
    copy.querySelectorAll('[aria-hidden=true]').forEach(e => e.remove());
    return copy.textContent.trim();
  });
  return [...t.querySelectorAll('tbody tr')].filter(tr => !tr.querySelector('td[colspan]')).flatMap(tr =>
    [...tr.children].map((td, i) => ({head: heads[i], label: td.dataset.label,
      before: getComputedStyle(td, '::before').content, shown: td.getClientRects().length > 0})));
})"""

# words (runs of letters, at most 30 long) drawn on more than one line inside table cells
BROKEN_WORDS = r"""() => {
  const out = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\p{L}{2,30}/gu)) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(m[0]);
      }
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('phone') / 'phone.db'}")
    fill(store, corpus() + council_articles())
    link_store(store)
    with serving(create_app(store=store)) as base:
        yield base
    store.close()


def open_page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_phone_rows_show_their_column_labels(browser, server, path):
    context, page = open_page(browser, PHONE)
    try:
        assert page.goto(server + path).status == 200
        assert page.locator("main table.rows thead").first.is_hidden()
        cells = page.evaluate(LABELS)
        assert cells, "the page shows a table with rows"
        for cell in cells:
            assert cell["shown"]
            assert cell["label"] == cell["head"], cell
            assert cell["before"] == f'"{cell["head"]}"', cell  # the label is drawn before the value
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("path", TABLE_PAGES + ["/stories/s1", "/series/fs1"])
def test_no_word_is_broken_mid_word(browser, server, path, viewport):
    context, page = open_page(browser, viewport)
    try:
        assert page.goto(server + path).status == 200
        assert page.evaluate(BROKEN_WORDS) == []
    finally:
        context.close()


def test_desktop_keeps_the_header_row(browser, server):
    context, page = open_page(browser, DESKTOP)
    try:
        page.goto(server + "/articles")
        assert page.locator("main table.rows thead").first.is_visible()
        assert page.evaluate("getComputedStyle(document.querySelector('main table.rows td'), '::before').content") \
            in ("none", "normal")
    finally:
        context.close()
