"""Per-article processing: clean, detect language, parse, build the record (newstrail/process.py)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from factories import write_jsonl
from newstrail.nlp.pipeline import shared_nlp
from newstrail.process import analyse, analyse_inputs, prepare
from newstrail.records import InputArticle

ENGLISH = ("The Brenford city council voted on Tuesday to close the old tram depot, "
           "a move opposed by the drivers' union and by Mayor Cal Brant.")
FRENCH = ("Le conseil municipal de Brenford a voté mardi la fermeture de l'ancien dépôt de tramways, "
          "une décision contestée par le syndicat des conducteurs.")
SPANISH = ("El ayuntamiento de Brenford votó el martes el cierre del antiguo depósito de tranvías, "
           "una decisión rechazada por el sindicato de conductores.")


def item(i, text, source="Brenford Bulletin"):
    return InputArticle(id=f"a{i}", text=text, title=f"Story {i}", source=source, published="2024-05-07")


@pytest.mark.parametrize(("text", "language", "parsed"), [(ENGLISH, "en", True), (FRENCH, "fr", False), (SPANISH, "es", False)])
def test_language_decides_whether_extractors_run(text, language, parsed):
    article = next(analyse_inputs([item(0, text)], shared_nlp()))
    assert article.language == language
    assert bool(article.entities) is parsed
    assert any("not English" in n for n in article.notes) is (not parsed)
    assert article.text == text


@pytest.mark.parametrize("workers", [1, 2])
def test_order_is_kept_with_mixed_languages(workers):
    texts = [ENGLISH, FRENCH, ENGLISH.replace("Tuesday", "Friday"), SPANISH, ENGLISH]
    prepared = [prepare(item(i, t)) for i, t in enumerate(texts)]
    out = list(analyse(prepared, shared_nlp(), workers=workers))
    assert [a.id for _, a in out] == [f"a{i}" for i in range(len(texts))]
    assert [a.language for _, a in out] == ["en", "fr", "en", "es", "en"]


QUOTED = [
    "Ferry pilot Mara Lind said 14 crossings were cancelled on Monday. \"The fog came in fast,\" she said.",
    "About 300 dock workers walked out in Port Avel, union leader Ivo Brandt told Radio Kessa.",
    "\"We will reopen the bridge by Friday,\" Mayor Cal Brant said, adding that repairs cost $2 million.",
    FRENCH,
    "Police in Orvel said two men were arrested after a break-in at the old tram depot.",
]


@pytest.mark.parametrize("batch_size", [1, 2, 32])
def test_worker_processes_give_the_records_one_process_gives(batch_size):
    prepared = [prepare(item(i, t)) for i, t in enumerate(QUOTED)]
    alone = [a.to_dict() for _, a in analyse(prepared, shared_nlp(), workers=1)]
    forked = [(p, a.to_dict()) for p, a in analyse(prepared, shared_nlp(), workers=2, batch_size=batch_size)]
    assert all(p is q for (p, _), q in zip(forked, prepared, strict=True))  # each with its own input
    assert [a for _, a in forked] == alone
    assert sum(bool(a["quotes"]) for a in alone) >= 2 and sum(bool(a["figures"]) for a in alone) >= 2


def test_entity_offsets_point_into_cleaned_text():
    raw = "Brenford\u00a0council  votes\n\n\n\n" + ENGLISH + "\n\nSign up for our newsletter\n"
    article = next(analyse_inputs([item(0, raw)], shared_nlp()))
    assert "Sign up for our newsletter" in article.boilerplate_removed
    assert article.entities
    for entity in article.entities:
        assert article.text[entity.start:entity.end] == entity.text
        assert any(c.isalpha() for c in entity.text)


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; the kernel hook is Linux's")
def test_workers_end_when_their_ingest_is_killed(tmp_path):
    """``kill -9`` of an ingest must not leave its workers waiting for work forever."""
    corpus = write_jsonl(tmp_path / "corpus.jsonl", 400)
    command = [sys.executable, "-m", "newstrail", "ingest", str(corpus), "--workers", "2",
               "--db", f"sqlite:///{tmp_path / 'store.db'}", "--no-link"]
    parent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        workers: set[int] = set()
        while time.monotonic() < deadline and parent.poll() is None and len(workers) < 2:
            workers = _children(parent.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "the ingest never started its workers"
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    assert not any(_alive(w) for w in workers)
