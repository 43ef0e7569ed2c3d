"""Parsing a very long article in parts, so it stays one article with offsets into its text.

spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters; error E088) because the
parser and NER need memory in proportion to the text; well below that, one long Doc still
costs far more memory than the same text in parts. ``parse_in_parts`` cuts the text at
paragraph breaks into parts of at most ``max_chars``, runs the model's components on each
part in turn, joins the parts with ``Doc.from_docs`` (the parts concatenate to the text
exactly, so every offset is an offset into the whole text) and then runs newstrail's own
components once on the joined Doc. A paragraph break is a sentence break for the parser anyway
(``newstrail_paragraphs``), so a cut there changes no parse.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newstrail.nlp.guard import ERRORS_KEY, errors
from newstrail.nlp.pipeline import COMPONENTS


def split_parts(text: str, max_chars: int) -> list[str]:
    """Consecutive pieces of ``text``, each at most ``max_chars`` long, that join to ``text``.

    A piece ends after the last paragraph break ("\\n") within the limit, else after the last
    space, else (a run with no space: cleaning breaks those) at the limit itself.
    """
    parts = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        cut = text.rfind("\n", start, limit) + 1 or text.rfind(" ", start, limit) + 1
        if cut <= start:
            cut = limit
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def parse_in_parts(nlp: Language, text: str, max_chars: int, published: str | None = None,
                   title: str | None = None) -> Doc:
    """The Doc of ``text`` parsed part by part (see the module docstring); ``published`` and
    ``title`` are the inputs newstrail's components read from the Doc."""
    own = [name for name in nlp.pipe_names if name in COMPONENTS]
    # one part at a time through the model: memory stays that of one part
    parts = list(nlp.pipe(split_parts(text, max_chars), batch_size=1, disable=own))
    doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["user_data", "tensor"])
    part_errors = [message for part in parts for message in errors(part)]
    if part_errors:
        doc.user_data[ERRORS_KEY] = part_errors
    doc._.published = published
    doc._.title = title
    for name in own:
        doc = nlp.get_pipe(name)(doc)
    return doc
