"""A store file is data: nothing read from one runs code (issue 12).

Researchers share store files, so whoever wrote one may have crafted its ``link_state`` row.
These tests store pickles whose loading would run a command that writes a marker file --
through ``os.system`` itself, and through a name reachable inside a module the old restricted
unpickler allowed whole -- and check that linking neither runs them nor fails with a
traceback. They also feed the plain-data format malformed states: each one is refused with one
clear line saying where, and how to rebuild.
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
from sqlalchemy import update

from newstrail.cli.main import sample_inputs
from newstrail.ingest import ingest
from newstrail.link.corpus import HEADER, dump_linker, link_store, load_linker
from newstrail.link import LinkStateError, StoryLinker, StoryParams, features_from_text
from newstrail.store import Store
from newstrail.store.link_schema import link_state

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


def _plant(store, data: bytes) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(link_state).values(data=data))


@pytest.mark.parametrize("payload", ["os.system", "os.system through the linker's module", "header then pickle",
                                     "header then compressed pickle"])
def test_a_crafted_link_state_runs_nothing_and_is_refused(linked, tmp_path, payload):
    marker = tmp_path / "ran"
    data = _payloads(marker)[payload]
    _plant(linked, data)
    stories = linked.list_stories(limit=None)
    with pytest.raises(LinkStateError, match=r"not valid: .*`newstrail link --full` rebuilds it"):
        link_store(linked)
    assert not marker.exists()
    assert linked.load_link_state() == data and linked.list_stories(limit=None) == stories  # nothing written
    summary = link_store(linked, full=True)  # the way out the error names
    assert summary.mode == "full" and not marker.exists()
    assert load_linker(linked.load_link_state()).stories()


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


# --- the plain-data format, malformed -------------------------------------------------------


def _state() -> dict:
    """A small linker's state: two dated stories, one member a wire copy, with embeddings."""
    import numpy as np

    linker = StoryLinker(StoryParams())
    texts = [("Harbor Ledger", "k1", "The Kessa ferry pier collapsed on Friday, the port authority said."),
             ("Ridge Herald", "k2", "Part of the Kessa ferry pier gave way on Friday, halting the island ferry."),
             ("Ridge Herald", "m1", "The Brennick council voted to close the old library on Thursday.")]
    for i, (source, aid, text) in enumerate(texts):
        vec = np.zeros(4, dtype=np.float32)
        vec[i % 2] = 1.0
        linker.add(features_from_text((source, aid), text, published="2031-05-02", order=i, embedding=vec,
                                      copy_of=("Harbor Ledger", "k1") if aid == "k2" else None))
    return json.loads(json.dumps(linker.to_state()))


def _blob(state) -> bytes:
    return HEADER + zlib.compress(json.dumps(state).encode())


def _set(path: str, value):
    def change(state):
        *head, last = path.split("/")
        target = state
        for part in head:
            target = target[int(part) if isinstance(target, list) else part]
        if value is KeyError:
            del target[last]
        else:
            target[int(last) if isinstance(target, list) else last] = value
        return state
    return change


def _two_stories_one_article(state):
    state["stories"][1]["members"].append(state["stories"][0]["members"][0])
    return state


def _story_twice(state):
    state["stories"].append(state["stories"][0])
    return state


STATES = [  # (what is wrong, change to a valid state, where the error says it is)
    ("another version", _set("version", 2), "state.version"),
    ("version as text", _set("version", "1"), "state.version"),
    ("another format", _set("format", "pickle"), "state.format"),
    ("a key missing", _set("df", KeyError), "state: missing df"),
    ("an unknown key", _set("code", "os.system"), "unknown key 'code'"),
    ("a count as text", _set("n", "3"), "n: expected an integer"),
    ("a negative count", _set("n", -1), "n: expected a count"),
    ("true for a count", _set("next_id", True), "next_id: expected an integer"),
    ("a document frequency as text", _set("df/w:pier", "2"), "df['w:pier']"),
    ("a negative document frequency", _set("df/w:pier", -4), "df['w:pier']"),
    ("a knob of the wrong type", _set("params/window_days", 7.5), "params.window_days"),
    ("a negative knob", _set("params/posting_cap", -1), "params.posting_cap"),
    ("a knob as text", _set("params/threshold", "0.3"), "params.threshold"),
    ("stories not a list", _set("stories", {"s1": {}}), "stories: expected a list"),
    ("a member's order as text", _set("stories/0/members/0/order", "0"), "stories[0].members[0].order"),
    ("a member without an id", _set("stories/0/members/0/id", KeyError), "stories[0].members[0]: missing id"),
    ("a wire copy of three parts", _set("stories/0/members/1/copy_of", ["a", "b", "c"]), "copy_of"),
    ("a centroid weight as text", _set("stories/0/centroid/w:pier", "1"), "stories[0].centroid['w:pier']"),
    ("an embedding of text", _set("stories/0/emb_sum", ["x", "y"]), "stories[0].emb_sum"),
    ("an embedding of objects", _set("stories/0/emb_dtype", "object"), "stories[0].emb_dtype"),
    ("only a first day", _set("stories/0/last", None), "both days or both null"),
    ("a posting of numbers", _set("index/w:pier", [1, 2]), "index['w:pier']"),
    ("an article in two stories", _two_stories_one_article, "in two stories"),
    ("a story listed twice", _story_twice, "listed twice"),
    ("not an object", lambda state: [state], "state: expected an object"),
]


@pytest.mark.parametrize("change, where", [pytest.param(c, w, id=what) for what, c, w in STATES])
def test_a_malformed_state_is_refused_saying_where(change, where):
    state = _state()
    assert load_linker(_blob(state)).stories()  # the unchanged state loads
    with pytest.raises(LinkStateError) as refused:
        load_linker(_blob(change(state)))
    message = str(refused.value)
    assert where in message and "\n" not in message
    assert message.startswith("the story linker stored in this store is not valid: ")
    assert message.endswith("`newstrail link --full` rebuilds it")


@pytest.mark.parametrize("data, says", [
    (b"", "not in newstrail's link-state format"),
    (b"\x80\x04K\x01.", "not in newstrail's link-state format"),
    (HEADER, "compressed data is damaged"),
    (HEADER + b"not zlib at all", "compressed data is damaged"),
    (dump_linker(StoryLinker())[:-6], "compressed data is damaged"),
    (HEADER + zlib.compress(b'{"format": "newstrail-linker", "version": 1'), "not valid JSON"),
    (HEADER + zlib.compress(b"\xff\xfe{}"), "not valid JSON"),
    (dump_linker(StoryLinker()) + b"more", "compressed data is damaged"),
    (HEADER + zlib.compress(b'{"n": NaN}'), "not valid JSON"),
    (HEADER + zlib.compress(b"[" * 200_000 + b"]" * 200_000), "not valid JSON"),
    (HEADER + zlib.compress(b"{}" + b" " * 20_000_000), "decompresses to more than 100 times its size"),
])
def test_a_damaged_blob_is_refused(data, says):
    with pytest.raises(LinkStateError, match=says):
        load_linker(data)


def test_stored_keys_in_an_error_are_shown_escaped():
    """Keys come from whoever wrote the store: the error shows them cut short, control
    characters escaped, so they cannot drive the terminal it is printed on."""
    state = _state()
    state["df"]["\x1b[2J" + "x" * 100] = "wiped"
    with pytest.raises(LinkStateError) as refused:
        load_linker(_blob(state))
    message = str(refused.value)
    assert "\x1b" not in message and "\\x1b[2J" in message and "x" * 60 not in message
