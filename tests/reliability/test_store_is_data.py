"""A store file is data: nothing read from one runs code (issue 12).

Researchers share store files, so whoever wrote one may have crafted the rows of its linker
state (``link_state``, ``link_stories``, ``link_terms``).
These tests store pickles whose loading would run a command that writes a marker file --
through ``os.system`` itself, and through a name reachable inside a module the old restricted
unpickler allowed whole -- and check that linking neither runs them nor fails with a
traceback. They also feed the plain-data rows malformed values: each one is refused with one
clear line saying where, and how to rebuild, when it is read.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import shlex
import subprocess
import sys
import zlib

import pytest
from sqlalchemy import delete, insert, update

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link import LinkStateError, Linked, StoryLinker, StoryParams, features_from_text
from newstrail.link.corpus import link_store
from newstrail.link.state import HEADER, linker_rows, load_linker, term_key
from newstrail.store import Store
from newstrail.store.link_schema import link_state, link_stories, link_terms

# A name the old unpickler let through (it allowed every name of the linker's own module, and
# protocol 4 resolves dotted names attribute by attribute) that is os.system.
VIA_ALLOWED_MODULE = ("newstrail.link.linker", "np._pytesttester.os.system")


def _call(module: str, name: str, argument: str) -> bytes:
    """Pickle opcodes (protocol 4) that call ``module.name(argument)`` when loaded; written by
    hand, since no object here should ever be pickled into a live call."""
    def text(s: str) -> bytes:
        raw = s.encode()
        return b"\x8c" + bytes([len(raw)]) + raw  # SHORT_BINUNICODE

    return b"\x80\x04" + text(module) + text(name) + b"\x93" + text(argument) + b"\x85R."  # STACK_GLOBAL TUPLE1 REDUCE


def _payloads(marker) -> dict[str, bytes]:
    command = f"touch {shlex.quote(str(marker))}"
    os_system = _call("os", "system", command)
    return {
        "os.system": os_system,
        "os.system through the linker's module": _call(*VIA_ALLOWED_MODULE, command),
        "header then pickle": HEADER + os_system,
        "header then compressed pickle": HEADER + zlib.compress(os_system),
    }


def test_the_payload_through_the_linkers_module_is_live():
    """The crafted name really is os.system, so the tests below try something dangerous."""
    module, name = VIA_ALLOWED_MODULE
    assert functools.reduce(getattr, name.split("."), importlib.import_module(module)) is os.system


@pytest.fixture
def linked(store_url):
    with Store(store_url) as store:
        ingest(store=store, items=list(sample_inputs())[:4])
        link_store(store)
        yield store


def _plant(store, data: bytes, where: str = "state") -> None:
    """``data`` in the linker's ``stories`` row, or in the members of every stored story."""
    with store.engine.begin() as conn:
        if where == "state":
            conn.execute(update(link_state).where(link_state.c.name == "stories").values(data=data))
        else:
            # as text (PostgreSQL's text holds no NUL, so a crafted store has none there)
            conn.execute(update(link_stories).values(members=data.decode("latin-1").replace("\x00", "")))


@pytest.mark.parametrize("where", ["state", "story"])
@pytest.mark.parametrize("payload", ["os.system", "os.system through the linker's module", "header then pickle",
                                     "header then compressed pickle"])
def test_a_crafted_link_state_runs_nothing_and_is_refused(linked, tmp_path, payload, where):
    marker = tmp_path / "ran"
    data = _payloads(marker)[payload]
    _plant(linked, data, where)
    ingest(store=linked, items=list(sample_inputs())[4:5])  # so that the link reads the stored linker
    stories = linked.list_stories(limit=None)
    with pytest.raises(LinkStateError, match=r"not valid: .*`newstrail link --full` rebuilds it"):
        link_store(linked)
    assert not marker.exists()
    assert linked.list_stories(limit=None) == stories  # nothing written
    if where == "state":
        assert linked.load_link_state() == data
    summary = link_store(linked, full=True)  # the way out the error names
    assert summary.mode == "full" and not marker.exists()
    assert load_linker(linked).stories()


def _newstrail(*args: str) -> subprocess.CompletedProcess:
    """The command line as a user runs it (wide, so that rich does not wrap the one line)."""
    return subprocess.run([sys.executable, "-m", "newstrail", *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "1000"})


@pytest.mark.parametrize("payload", ["os.system", "os.system through the linker's module"])
def test_newstrail_link_on_a_crafted_store_prints_one_line_and_runs_nothing(linked, tmp_path, payload):
    marker = tmp_path / "ran"
    _plant(linked, _payloads(marker)[payload])
    done = _newstrail("link", "--db", linked.url)
    assert not marker.exists()
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not valid" in lines[0] and "newstrail link --full" in lines[0], done.stderr
    rebuilt = _newstrail("link", "--full", "--db", linked.url, "--json")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert json.loads(rebuilt.stdout)["mode"] == "full" and not marker.exists()


# --- the plain-data rows, malformed ---------------------------------------------------------


TEXTS = [("Harbor Ledger", "k1", "The Kessa ferry pier collapsed on Friday, the port authority said."),
         ("Ridge Herald", "k2", "Part of the Kessa ferry pier gave way on Friday, halting the island ferry."),
         ("Ridge Herald", "m1", "The Brennick council voted to close the old library on Thursday.")]


def _linker() -> StoryLinker:
    """A small linker: two dated stories, one member a wire copy, with embeddings."""
    import numpy as np

    linker = StoryLinker(StoryParams())
    for i, (source, aid, text) in enumerate(TEXTS):
        vec = np.zeros(4, dtype=np.float32)
        vec[i % 2] = 1.0
        linker.add(features_from_text((source, aid), text, published="2031-05-02", order=i, embedding=vec,
                                      copy_of=("Harbor Ledger", "k1") if aid == "k2" else None))
    return linker


def _rows(linker: StoryLinker) -> dict:
    """The linker's rows as plain values to change: ``state`` (the knobs and numbers),
    ``stories`` by id (first, last, members, data), ``terms`` by term ([df, posting])."""
    rows = linker_rows(linker)
    return {"state": json.loads(rows.meta[len(HEADER):]),
            "stories": {sid: {"first": first, "last": last, "members": json.loads(members), "data": json.loads(data)}
                        for sid, first, last, members, data in rows.stories},
            "terms": {term: [df, posting] for term, df, posting in linker.changed_terms()}}


def _write(store, rows: dict, state: bytes | None = None) -> None:
    """Store ``rows`` as they are, as whoever crafted a store file could."""
    with store.engine.begin() as conn:
        for table in (link_state, link_stories, link_terms):
            conn.execute(delete(table))
        conn.execute(insert(link_state), [{"name": "stories",
                                           "data": state if state is not None else HEADER + json.dumps(rows["state"]).encode()}])
        conn.execute(insert(link_stories), [{"id": sid, "first_day": r["first"], "last_day": r["last"],
                                             "members": json.dumps(r["members"]), "data": json.dumps(r["data"])}
                                            for sid, r in rows["stories"].items()])
        conn.execute(insert(link_terms), [{"key": term_key(t), "df": df, "stories": json.dumps(p) if p else None}
                                          for t, (df, p) in rows["terms"].items()])


def _read_all(store) -> StoryLinker:
    """Load the stored linker and read every row of it, as later links would piece by piece."""
    linker = load_linker(store)
    linker._need_stories(list(linker._stories))
    linker._need_terms(term for _, _, text in TEXTS for term in features_from_text(("", ""), text).counts)
    return linker


@pytest.fixture
def crafted(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'crafted.db'}") as store:
        yield store


def _set(path: str, value):
    def change(rows):
        *head, last = path.split("/")
        target = rows
        for part in head:
            target = target[int(part) if isinstance(target, list) else part]
        if value is KeyError:
            del target[last]
        else:
            target[int(last) if isinstance(target, list) else last] = value
        return rows
    return change


def _two_stories_one_article(rows):
    first, second = rows["stories"].values()
    second["members"].append(first["members"][0])
    return rows


ROWS = [  # (what is wrong, change to valid rows, where the error says it is)
    ("another version", _set("state/version", 1), "state.version"),
    ("version as text", _set("state/version", "2"), "state.version"),
    ("another format", _set("state/format", "pickle"), "state.format"),
    ("a key missing", _set("state/n", KeyError), "state: missing n"),
    ("an unknown key", _set("state/code", "os.system"), "unknown key 'code'"),
    ("a count as text", _set("state/n", "3"), "n: expected an integer"),
    ("a negative count", _set("state/n", -1), "n: expected a count"),
    ("true for a count", _set("state/next_id", True), "next_id: expected an integer"),
    ("a knob of the wrong type", _set("state/params/window_days", 7.5), "params.window_days"),
    ("a negative knob", _set("state/params/posting_cap", -1), "params.posting_cap"),
    ("a knob as text", _set("state/params/threshold", "0.3"), "params.threshold"),
    ("a document frequency as text", _set("terms/w:pier/0", "two"), "link_terms['w:pier'].df"),
    ("a negative document frequency", _set("terms/w:pier/0", -4), "link_terms['w:pier'].df"),
    ("a posting of numbers", _set("terms/w:pier/1", [1, 2]), "link_terms['w:pier'].stories"),
    ("a posting not a list", _set("terms/w:pier/1", {"s1": 1}), "link_terms['w:pier'].stories"),
    ("members not a list", _set("stories/s1/members", {"k1": {}}), "link_stories['s1'].members: expected a list"),
    ("a member's order as text", _set("stories/s1/members/0/order", "0"), "link_stories['s1'].members[0].order"),
    ("a member without an id", _set("stories/s1/members/0/id", KeyError), "members[0]: missing id"),
    ("a wire copy of three parts", _set("stories/s1/members/1/copy_of", ["a", "b", "c"]), "copy_of"),
    ("a centroid weight as text", _set("stories/s1/data/centroid/w:pier", "1"), "data.centroid['w:pier']"),
    ("a centroid weight infinite", _set("stories/s1/data/centroid/w:pier", 1e999), "not valid JSON"),
    ("an embedding of text", _set("stories/s1/data/emb_sum", ["x", "y"]), "link_stories['s1'].data.emb_sum"),
    ("an embedding of objects", _set("stories/s1/data/emb_dtype", "object"), "data.emb_dtype"),
    ("embeddings of two lengths", _set("stories/s1/data/emb_sum", [1.0, 0.0]), "the other stories' embedding sums"),
    ("a norm as text", _set("stories/s1/data/norm", "1.0"), "data.norm"),
    ("data with a key more", _set("stories/s1/data/code", "os.system"), "data: unknown key 'code'"),
    ("only a first day", _set("stories/s1/last", None), "both days or both null"),
    ("a day as text", _set("stories/s1/first", "monday"), "link_stories['s1'].first"),
    ("an article in two stories", _two_stories_one_article, "in two stories"),
]


@pytest.mark.parametrize("change, where", [pytest.param(c, w, id=what) for what, c, w in ROWS])
def test_a_malformed_row_is_refused_saying_where(crafted, change, where):
    rows = _rows(_linker())
    _write(crafted, rows)
    assert _read_all(crafted).stories()  # the rows unchanged load
    _write(crafted, change(rows))
    with pytest.raises(LinkStateError) as refused:
        _read_all(crafted)
    message = str(refused.value)
    assert where in message and "\n" not in message
    assert message.startswith("the story linker stored in this store is not valid: ")
    assert message.endswith("`newstrail link --full` rebuilds it")


@pytest.mark.parametrize("data, says", [
    (b"", "not in newstrail's link-state format"),
    (b"\x80\x04K\x01.", "not in newstrail's link-state format"),
    (HEADER, "not valid JSON"),
    (HEADER + b'{"format": "newstrail-linker", "version": 2', "not valid JSON"),
    (HEADER + b"\xff\xfe{}", "not valid JSON"),
    (HEADER + b'{"n": NaN}', "not valid JSON"),
    (HEADER + b"[" * 20_000 + b"]" * 20_000, "not valid JSON"),
    (HEADER + b"{}" + b" " * 70_000, "longer than 65536 bytes"),
])
def test_a_damaged_state_row_is_refused(crafted, data, says):
    _write(crafted, _rows(_linker()), state=data)
    with pytest.raises(LinkStateError, match=says):
        load_linker(crafted)


def test_stored_keys_in_an_error_are_shown_escaped(crafted):
    """Keys come from whoever wrote the store: the error shows them cut short, control
    characters escaped, so they cannot drive the terminal it is printed on."""
    rows = _rows(_linker())
    rows["stories"]["s1"]["data"]["centroid"]["\x1b[2J" + "x" * 100] = "wiped"
    _write(crafted, rows)
    with pytest.raises(LinkStateError) as refused:
        _read_all(crafted)
    message = str(refused.value)
    assert "\x1b" not in message and "\\x1b[2J" in message and "x" * 60 not in message
