"""The Doc/Span extension attributes newstrail's components read and write.

Registered in one place so that any component, and any user pipeline that adds
them, agrees on the names. Inputs (``published``, ``title``) are set on a Doc made with
``nlp.make_doc`` before it goes through ``nlp.pipe``; they survive multiprocessing.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

import srsly.msgpack
from spacy.tokens import Doc, Span

from newstrail import records

DOC_EXTENSIONS = {
    "published": None,  # ISO publication date, for resolving relative times
    "title": None,  # the headline, for headline-vs-body figure checks
    "quotes": None,  # list[records.Quote]
    "figures": None,  # list[records.Figure]
    "figure_checks": None,  # list[records.FigureCheck]
    "sourcing": None,  # records.Sourcing
}
SPAN_EXTENSIONS = {
    "canonical": None,  # an entity's canonical name within its article
}


RECORD_TYPES = {cls.__name__: cls for cls in (
    records.Entity, records.Quote, records.Figure, records.FigureCheck,
    records.Signal, records.SourcingSummary, records.Sourcing,
)}
TAG = "__newstrail_record__"


def encode_record(obj, chain=None):
    """msgpack hook: Docs carry records across ``nlp.pipe(n_process=...)`` as tagged maps."""
    if is_dataclass(obj) and type(obj).__name__ in RECORD_TYPES:
        return {TAG: type(obj).__name__, "fields": {f.name: getattr(obj, f.name) for f in fields(obj)}}
    return obj if chain is None else chain(obj)


def decode_record(obj, chain=None):
    if isinstance(obj, dict) and TAG in obj:
        return RECORD_TYPES[obj[TAG]](**obj["fields"])
    return obj if chain is None else chain(obj)


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if "newstrail_records" not in srsly.msgpack.msgpack_encoders.get_all():
        srsly.msgpack.msgpack_encoders.register("newstrail_records", func=encode_record)
        srsly.msgpack.msgpack_decoders.register("newstrail_records", func=decode_record)


register()
