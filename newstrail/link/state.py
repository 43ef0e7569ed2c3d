"""The story linker's state as rows of the store: plain data, read as a link needs it.

A corpus's linker is millions of document frequencies and postings and a centroid per story,
but a later link of a thousand articles needs only the terms they use and the stories they
could join. So the state is rows (tables in ``store.link_schema``), not one object:

- ``link_state`` row ``stories``: ``HEADER`` then a small JSON object of the linker's knobs
  and numbers (``encode_meta``);
- ``link_terms``: per term, its document frequency and posting (the story ids the blocking
  index lists under it, as JSON), keyed by a 16-byte BLAKE2b digest of the term (``term_key``:
  terms are text of any length, index keys are not);
- ``link_stories``: per story, its members (JSON), first and last day, and as JSON its
  centroid, embedding sum and cached norms.

``load_linker`` reads the knobs and every story's members and days (which story each article
is in, and the time window of each); the linker then reads terms and whole stories through
``StoredRows`` as it needs them, and ``linker_rows`` gives back what a link changed: every row
of a linker built whole (a full link), or the terms and stories a later link read and the new
ones.

Store files are shared between researchers: each row is parsed by ``json.loads`` and checked
when it is read, before the linker uses it -- exact JSON types, this format and version, each
article in one story -- and a row that fails raises ``LinkStateError`` saying which. Nothing a
state holds is ever run.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields

import numpy as np

from newstrail.link.linker import StoryLinker, _StoryState
from newstrail.link.params import StoryParams
from newstrail.link.records import StoryArticle

HEADER = b"newstrail link state\n"  # what the ``stories`` row starts with (migration 0005 drops others)
STATE_FORMAT = "newstrail-linker"
STATE_VERSION = 2  # 1: the whole linker as one zlib-compressed JSON object (migration 0008 drops it)
MAX_META = 1 << 16  # bytes: the knobs and numbers; a longer row is not one a linker wrote
_META_KEYS = ("format", "version", "params", "n", "frozen", "id_prefix", "next_id", "uses_embeddings")
_DATA_KEYS = ("centroid", "emb_sum", "emb_dtype", "emb_n", "norm", "norm_e", "norm_t", "norm_n")
_MEMBER_KEYS = tuple(f.name for f in fields(StoryArticle))
_EMB_DTYPES = frozenset({"float16", "float32", "float64"})
_NONE = type(None)
_KIND_NAMES = {dict: "an object", list: "a list", str: "a string", int: "an integer", float: "a number",
               bool: "true or false", _NONE: "null"}


class LinkStateError(ValueError):
    """A stored linker state that is refused (malformed, of another format or version,
    tampered with); nothing of it has been used."""


def _invalid(reason: str) -> LinkStateError:
    return LinkStateError(f"the story linker stored in this store is not valid: {reason}; "
                          "`newstrail link --full` rebuilds it")


def _shown(text) -> str:
    """A stored key as an error message may show it: cut short, control characters escaped."""
    return repr(text[:40] if isinstance(text, str) else text)


def _typed(value, kinds: tuple[type, ...], where: str):
    """``value`` when its exact type is one of ``kinds`` (``true`` is no integer, ``1`` no
    number where the linker wrote ``1.0``) and, a number, finite."""
    if type(value) not in kinds:
        want = " or ".join(_KIND_NAMES[k] for k in kinds)
        raise LinkStateError(f"{where}: expected {want}, got {_KIND_NAMES.get(type(value), type(value).__name__)}")
    if type(value) is float and not math.isfinite(value):
        raise LinkStateError(f"{where}: expected a finite number")
    return value


def _count(value, where: str) -> int:
    if _typed(value, (int,), where) < 0:
        raise LinkStateError(f"{where}: expected a count, got {value}")
    return value


def _number(value, where: str) -> float:
    """A float, or an integer a caller gave where the linker keeps floats (``StoryParams(entity_weight=2)``)."""
    value = _typed(value, (float, int), where)
    if type(value) is int and abs(value) > 2 ** 53:
        raise LinkStateError(f"{where}: expected a number of float range")
    return float(value)


def _object(value, keys: tuple[str, ...], where: str) -> dict:
    """A JSON object with exactly ``keys``."""
    _typed(value, (dict,), where)
    missing = [k for k in keys if k not in value]
    if missing:
        raise LinkStateError(f"{where}: missing {', '.join(missing)}")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise LinkStateError(f"{where}: unknown key {_shown(unknown[0])}")
    return value


def _is_float(v) -> bool:
    return type(v) is float and math.isfinite(v)


def _not_json_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _json(text, where: str):
    """A column's JSON, parsed by ``json.loads`` (no NaN or Infinity), not yet checked."""
    try:
        return json.loads(text, parse_constant=_not_json_constant)
    except (TypeError, ValueError, RecursionError) as error:  # not text, bad JSON or UTF-8, too deep
        raise LinkStateError(f"{where}: not valid JSON ({str(error)[:200]})") from None


def _encode(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def term_key(term: str) -> bytes:
    """The ``link_terms`` key of a term: its 16-byte BLAKE2b digest."""
    return hashlib.blake2b(term.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# ---------------------------------------------------------------- knobs and numbers

def _params_state(params: StoryParams) -> dict:
    """Knobs by name, float knobs as floats whatever a caller gave (``entity_weight=2``)."""
    return {f.name: float(getattr(params, f.name)) if type(f.default) is float else getattr(params, f.name)
            for f in fields(StoryParams)}


def _params_from_state(value, where: str = "params") -> StoryParams:
    """Stored knobs by their default's type; knobs this version does not know are ignored and
    those the state lacks take their defaults, so adding a knob leaves stored states readable."""
    _typed(value, (dict,), where)
    known = {}
    for f in fields(StoryParams):
        if f.name in value:
            at = f"{where}.{f.name}"
            kind = type(f.default)
            known[f.name] = (_number(value[f.name], at) if kind is float else
                             _count(value[f.name], at) if kind is int else _typed(value[f.name], (kind,), at))
    return StoryParams(**known)


def encode_meta(linker: StoryLinker) -> bytes:
    """The ``stories`` row: ``HEADER`` and the linker's knobs and numbers as JSON."""
    return HEADER + _encode({
        "format": STATE_FORMAT, "version": STATE_VERSION, "params": _params_state(linker.params),
        "n": linker.n, "frozen": linker.frozen, "id_prefix": linker._prefix, "next_id": linker._next,
        "uses_embeddings": linker.uses_embeddings}).encode("utf-8")


def _linker_from_meta(data) -> StoryLinker:
    data = bytes(data)
    if not data.startswith(HEADER):
        raise LinkStateError("it is not in newstrail's link-state format (a pickled linker of an older "
                             "newstrail, or something else)")
    if len(data) > MAX_META:
        raise LinkStateError(f"its stories row is longer than {MAX_META} bytes")
    meta = _json(data[len(HEADER):], "state")
    _typed(meta, (dict,), "state")
    if meta.get("format") != STATE_FORMAT:
        raise LinkStateError(f"state.format: expected {STATE_FORMAT!r}, got {_shown(meta.get('format'))}")
    if type(meta.get("version")) is not int or meta["version"] != STATE_VERSION:
        raise LinkStateError(f"state.version: {_shown(meta.get('version'))} is not version {STATE_VERSION}, "
                             "the one this newstrail reads")
    _object(meta, _META_KEYS, "state")
    linker = StoryLinker(_params_from_state(meta["params"]), id_prefix=_typed(meta["id_prefix"], (str,), "id_prefix"))
    linker.n = _count(meta["n"], "n")
    linker.frozen = _typed(meta["frozen"], (bool,), "frozen")
    linker._next = _count(meta["next_id"], "next_id")
    linker.uses_embeddings = _typed(meta["uses_embeddings"], (bool,), "uses_embeddings")
    return linker


# ---------------------------------------------------------------- stories

def _member_state(m: StoryArticle) -> dict:
    state = {name: getattr(m, name) for name in _MEMBER_KEYS}
    state["copy_of"] = None if m.copy_of is None else list(m.copy_of)
    return state


def _member_from_state(value, where: str) -> StoryArticle:
    m = _object(value, _MEMBER_KEYS, where)
    copy_of = _typed(m["copy_of"], (list, _NONE), f"{where}.copy_of")
    if copy_of is not None:
        if len(copy_of) != 2:
            raise LinkStateError(f"{where}.copy_of: expected [source, id]")
        copy_of = (_typed(copy_of[0], (str, _NONE), f"{where}.copy_of[0]"),
                   _typed(copy_of[1], (str,), f"{where}.copy_of[1]"))
    return StoryArticle(_typed(m["id"], (str,), f"{where}.id"), _typed(m["source"], (str, _NONE), f"{where}.source"),
                        _typed(m["title"], (str, _NONE), f"{where}.title"),
                        _typed(m["published"], (str, _NONE), f"{where}.published"),
                        _typed(m["order"], (int,), f"{where}.order"), _number(m["similarity"], f"{where}.similarity"),
                        copy_of)


def _light_story(sid, first, last, members) -> _StoryState:
    """A ``link_stories`` row as the linker first holds it: members and days, ``loaded`` False."""
    where = f"link_stories[{_shown(sid)}]"
    _typed(sid, (str,), f"{where}.id")
    first, last = _typed(first, (int, _NONE), f"{where}.first"), _typed(last, (int, _NONE), f"{where}.last")
    if (first is None) != (last is None):
        raise LinkStateError(f"{where}: first and last are both days or both null")
    listed = _typed(_json(members, f"{where}.members"), (list,), f"{where}.members")
    return _StoryState(sid, [_member_from_state(m, f"{where}.members[{i}]") for i, m in enumerate(listed)],
                       first=first, last=last, loaded=False)


def _story_data(st: _StoryState) -> dict:
    """What a ``link_stories`` row holds as ``data``; the centroid is the linker's own dict."""
    emb = st.emb_sum
    return {"centroid": st.centroid, "emb_sum": None if emb is None else emb.tolist(),
            "emb_dtype": None if emb is None else emb.dtype.name, "emb_n": st.emb_n, "norm": st.norm,
            "norm_e": st.norm_e, "norm_t": st.norm_t, "norm_n": st.norm_n}


def _whole_story(sid: str, data, dims: set) -> _StoryState:
    """A story's ``data`` checked: the linker's ``_StoryState`` without its members and days."""
    where = f"link_stories[{_shown(sid)}].data"
    s = _object(_json(data, where), _DATA_KEYS, where)
    centroid = _typed(s["centroid"], (dict,), f"{where}.centroid")
    if not all(type(k) is str and _is_float(v) for k, v in centroid.items()):
        key = next(k for k, v in centroid.items() if not (type(k) is str and _is_float(v)))
        raise LinkStateError(f"{where}.centroid[{_shown(key)}]: expected a finite number")
    emb = _typed(s["emb_sum"], (list, _NONE), f"{where}.emb_sum")
    if emb is not None:
        if _typed(s["emb_dtype"], (str,), f"{where}.emb_dtype") not in _EMB_DTYPES:
            raise LinkStateError(f"{where}.emb_dtype: expected one of {', '.join(sorted(_EMB_DTYPES))}")
        if not all(_is_float(x) for x in emb):
            raise LinkStateError(f"{where}.emb_sum: expected finite numbers")
        emb = np.array(emb, dtype=s["emb_dtype"])
        dims.add(emb.shape)
        if len(dims) > 1:
            raise LinkStateError(f"{where}.emb_sum: not as long as the other stories' embedding sums")
    return _StoryState(sid, centroid=centroid, emb_sum=emb, emb_n=_count(s["emb_n"], f"{where}.emb_n"),
                       norm=_typed(s["norm"], (float,), f"{where}.norm"),
                       norm_e=_typed(s["norm_e"], (float,), f"{where}.norm_e"),
                       norm_t=_typed(s["norm_t"], (float,), f"{where}.norm_t"),
                       norm_n=_typed(s["norm_n"], (int,), f"{where}.norm_n"))


# ---------------------------------------------------------------- reading and writing

def _bad_term(term: str, df, posting) -> str:
    """What is wrong with a ``link_terms`` row (one that failed ``StoredRows.terms``'s test)."""
    where = f"link_terms[{_shown(term)}]"
    try:
        _count(df, f"{where}.df")
        sids = _typed(_json(posting, f"{where}.stories"), (list,), f"{where}.stories")
    except LinkStateError as error:
        return str(error)
    return f"{where}.stories: expected a list of story ids, got {_shown(sids)}"


class StoredRows:
    """The rest of a stored state, read as a linker asks for it (``StoryLinker.rows``),
    each row checked before the linker uses it."""

    def __init__(self, store) -> None:
        self.store = store
        self.dims: set = set()  # embedding sum shapes met: one length for every story

    def terms(self, terms: list[str], postings: bool = True) -> Iterator[tuple[str, int, list[str]]]:
        """(term, document frequency, posting, or [] when not ``postings``) of the stored ones
        of ``terms``. A later link reads a million of these: rows of the types a linker
        writes pass one quick test, and only one that fails it is looked at again to say
        what is wrong."""
        wanted = {term_key(t): t for t in terms}
        for key, df, posting in self.store.link_terms(sorted(wanted), postings):
            term = wanted.get(key)
            if term is None:
                continue
            try:
                sids = [] if posting is None else json.loads(posting)
                ok = type(df) is int and df >= 0 and type(sids) is list and all(type(sid) is str for sid in sids)
            except (TypeError, ValueError, RecursionError):
                ok = False
            if not ok:
                raise _invalid(_bad_term(term, df, posting))
            yield term, df, sids

    def stories(self, sids: list[str]) -> Iterator[_StoryState]:
        """The whole stored stories ``sids`` (without members and days), in that order."""
        rows = self.store.link_story_data(sids)
        try:
            for sid in sids:
                if sid not in rows:
                    raise LinkStateError(f"link_stories[{_shown(sid)}]: its centroid is missing")
                yield _whole_story(sid, rows[sid], self.dims)
        except LinkStateError as error:
            raise _invalid(str(error)) from None


def load_linker(store) -> StoryLinker | None:
    """The linker the store keeps (None when it keeps none), holding its knobs and every
    story's members and days, reading the rest as it needs it (``StoredRows``). A row not
    valid raises ``LinkStateError`` when it is read, before anything of it is used."""
    data = store.load_link_state()
    if data is None:
        return None
    try:
        linker = _linker_from_meta(data)
        for sid, first, last, members in store.iter_link_stories():
            st = _light_story(sid, first, last, members)
            if st.sid in linker._stories:
                raise LinkStateError(f"link_stories[{_shown(st.sid)}]: listed twice")
            linker._stories[st.sid] = st
            for m in st.members:
                if m.key in linker._by_key:
                    raise LinkStateError(f"link_stories[{_shown(st.sid)}]: article {_shown(m.id)} of "
                                         f"{_shown(m.source)} is in two stories")
                linker._by_key[m.key] = st.sid
    except LinkStateError as error:
        raise _invalid(str(error)) from None
    linker.rows = StoredRows(store)
    return linker


@dataclass
class LinkerRows:
    """What a link writes of its linker (``Store.save_links``, ``Store.update_links``): the
    ``stories`` row, and ``link_terms`` and ``link_stories`` rows -- all of them when
    ``whole`` (the rows stored before are dropped), else those that changed (a term row
    with no document frequency and no posting is one to delete)."""

    meta: bytes
    terms: Iterable[tuple[bytes, int, str | None]]  # (term_key, df, posting JSON or None)
    stories: Iterable[tuple[str, int | None, int | None, str, str]]  # (id, first, last, members, data)
    whole: bool


def linker_rows(linker: StoryLinker) -> LinkerRows:
    """The rows of ``linker`` a link writes, made as they are written (a corpus's terms are
    millions)."""
    return LinkerRows(
        encode_meta(linker),
        ((term_key(t), df, _encode(p) if p else None) for t, df, p in linker.changed_terms()),
        ((st.sid, st.first, st.last, _encode([_member_state(m) for m in st.members]), _encode(_story_data(st)))
         for st in linker.changed_stories()),
        whole=linker.rows is None)
