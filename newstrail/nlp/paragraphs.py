"""Paragraph breaks are sentence breaks.

News text separates paragraphs with newlines, and a statistical parser sometimes runs a
sentence across them ("... 6:50 p.m.\\n\\nWith her husband ..."), which then gives a verb
the wrong subject. ``newstrail_paragraphs`` runs BEFORE the parser and marks the first
non-space token after any whitespace token holding a newline as a sentence start
(``token.is_sent_start = True``); the parser keeps boundaries set before it and decides
the rest. It sets nothing to False. One pass over the tokens, no Python work otherwise.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newstrail.nlp.guard import guarded


@Language.factory("newstrail_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaker:
    return ParagraphBreaker()


class ParagraphBreaker:
    @guarded("newstrail_paragraphs")
    def __call__(self, doc: Doc) -> Doc:
        mark_paragraph_starts(doc)
        return doc


def mark_paragraph_starts(doc: Doc) -> list[int]:
    """Mark the token after each newline as a sentence start; return their indices."""
    marked = []
    after_break = False
    for tok in doc:
        if tok.is_space or not tok.text.strip():
            if "\n" in tok.text:
                after_break = True
            continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
            marked.append(tok.i)
        after_break = False
    return marked
