"""Ingest into the store: idempotent, resumable, loses nothing, links copies (newstrail/ingest.py).

Runs against both stores through the ``store_url`` fixture (SQLite and PostgreSQL).
"""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import create_engine, text

from factories import make_item, write_jsonl
from newstrail.ingest import ingest
from newstrail.process import EMPTIED
from newstrail.store import Store

TALL_TALE = (
    "Crews in Orvel worked through the night after the Lowmarch dam spillway cracked, "
    "the regional water board said on Monday.\n\n"
    "“The spillway will hold for now, but we cannot promise anything past Thursday,” "
    "said Ada Moss, who chairs the board. About 1,200 residents of the valley were told to pack.\n\n"
    "Engineers from three provinces were expected to arrive by Tuesday evening to inspect the "
    "concrete, and the army sent sandbags and two pumping trucks to the lower villages."
)


def record(i, **overrides):
    item = make_item(i)
    item.update(overrides)
    return item


def write(path, records, broken_lines=()):
    with open(path, "w", encoding="utf-8") as out:
        for n, rec in enumerate(records):
            if n in broken_lines:
                out.write('{"id": "broken", "text": \n')
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def test_reingest_adds_nothing(store_url, tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 12)
    store = Store(store_url)
    first = ingest([str(corpus)], store=store)
    counts = store.counts()
    second = ingest([str(corpus)], store=store)
    assert (first.ingested, first.duplicates) == (12, 0)
    assert (second.ingested, second.duplicates) == (0, 12)
    assert store.counts() == counts


@pytest.mark.parametrize("broken_at", [0, 3, 7])
def test_broken_line_is_reported_and_rest_kept(store_url, tmp_path, broken_at):
    corpus = write(tmp_path / "corpus.jsonl", [make_item(i) for i in range(8)], broken_lines={broken_at})
    store = Store(store_url)
    tally = ingest([str(corpus)], store=store)
    assert tally.ingested == 8
    assert len(tally.failed) == 1
    assert tally.failed[0].location == f"{corpus}:{broken_at + 1}"


def test_exact_and_near_copies_are_linked_not_dropped(store_url, tmp_path):
    wire = {"id": "wire-1", "source": "Northern Wire Service", "title": "Spillway cracks", "date": "2024-03-04",
            "text": TALL_TALE}
    exact = {**wire, "id": "courier-1", "source": "Valley Courier"}
    near_text = TALL_TALE.replace("About 1,200", "Roughly 1,200")
    near = {**wire, "id": "ledger-1", "source": "Harbor Ledger", "title": "Dam spillway cracks in Orvel",
            "text": near_text}
    other = record(1)
    corpus = write(tmp_path / "corpus.jsonl", [wire, exact, near, other])
    store = Store(store_url)
    tally = ingest([str(corpus)], store=store)
    assert tally.ingested == 4
    assert tally.copies == 2
    assert store.counts()["copies"] == 2
    for ref in ("wire-1", "courier-1", "ledger-1"):
        assert store.get_article(ref) is not None


def test_learned_boilerplate_removed_from_every_article(store_url, tmp_path):
    tail = "The Quillon Gazette is kept going by readers across the Estry coast."
    records = [record(i, source="Quillon Gazette", text=make_item(i)["text"] + "\n\n" + tail) for i in range(10)]
    records += [record(i) for i in range(10, 16)]
    corpus = write(tmp_path / "corpus.jsonl", records)
    store = Store(store_url)
    ingest([str(corpus)], store=store, chunk_size=4)
    for i in range(10):
        article = store.get_article(f"item-{i:05d}")
        assert tail not in article.text
        assert tail in article.boilerplate_removed


def test_briefs_that_differ_only_in_figures_are_stored_whole(store_url, tmp_path):
    """One outlet's templated briefs share a learned (digit-masked) line: it is their body, not boilerplate."""
    figures = [(2.31, 4512, 3), (1.08, 4466, 5), (0.47, 4487, 2), (3.9, 4661, 7), (1.2, 4609, 4), (0.8, 4592, 6)]
    briefs = [
        {"id": f"tarnby-close-{n}", "source": "Tarnby Markets Desk", "title": "Tarnby close", "date": f"2024-05-{n + 6:02d}",
         "text": f"The Tarnby index rose {change}% to {points} points by the close, with {up} of its ten largest "
                 f"companies higher."}
        for n, (change, points, up) in enumerate(figures)
    ]
    corpus = write(tmp_path / "briefs.jsonl", briefs)
    store = Store(store_url)
    tally = ingest([str(corpus)], store=store)
    assert (tally.ingested, tally.copies, tally.non_english, tally.failed) == (6, 0, 0, [])
    for brief in briefs:
        article = store.get_article(brief["id"])
        assert article.text == brief["text"]
        assert article.language == "en"
        assert article.boilerplate_removed == []
        assert article.figures


def test_article_that_is_only_boilerplate_is_an_input_error(store_url, tmp_path):
    furniture = {"id": "ledger-promo", "source": "Harbor Ledger", "title": "Stay informed",
                 "text": "Subscribe to our newsletter\n\nShare this article\n\nAdvertisement"}
    corpus = write(tmp_path / "corpus.jsonl", [make_item(1), furniture, make_item(2)])
    store = Store(store_url)
    tally = ingest([str(corpus)], store=store)
    assert (tally.ingested, tally.non_english) == (2, 0)
    assert [(e.location, e.message) for e in tally.failed] == [(f"{corpus}:2", EMPTIED)]
    assert store.get_article("ledger-promo") is None


def test_non_english_is_stored_flagged_and_not_parsed(store_url, tmp_path):
    german = {"id": "rundschau-1", "source": "Rundschau", "title": "Damm in Orvel beschädigt", "date": "2024-03-05",
              "text": "Die Wasserbehörde hat am Montag mitgeteilt, dass der Überlauf des Damms beschädigt "
                      "wurde. Rund 1.200 Anwohner sollen ihre Sachen packen, sagte die Vorsitzende Ada Moss "
                      "am Abend vor Journalisten in der Stadt."}
    corpus = write(tmp_path / "corpus.jsonl", [german, make_item(1)])
    store = Store(store_url)
    tally = ingest([str(corpus)], store=store)
    article = store.get_article("rundschau-1")
    assert tally.non_english == 1
    assert article.language == "de"
    assert article.entities == [] and article.quotes == []
    assert any("not English" in note for note in article.notes)


def _count(url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("select count(*), count(distinct ext_id) from articles")).one()
    except Exception:  # the table may not exist yet while the child is migrating
        return (0, 0)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_kill_9_mid_ingest_then_resume_gives_every_article_once(store_url, tmp_path):
    n = 5000
    corpus = write_jsonl(tmp_path / "big.jsonl", n)
    command = [sys.executable, "-m", "newstrail", "ingest", str(corpus), "--db", store_url, "--json"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        stored, _ = _count(store_url)
        if stored >= 500 or child.poll() is not None:
            break
        time.sleep(0.2)
    assert child.poll() is None, "the ingest finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    stored_at_kill, _ = _count(store_url)
    assert 0 < stored_at_kill < n

    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    tally = json.loads(done.stdout.strip().splitlines()[-1])
    total, distinct = _count(store_url)
    assert (total, distinct) == (n, n)
    assert tally["duplicates"] == stored_at_kill
    assert tally["ingested"] == n - stored_at_kill
