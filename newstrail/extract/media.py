"""Is a channel a news medium? ``news_medium(phrase)`` names the news organisation or channel
in a phrase ("told RIA Novosti", "state media", "his Twitter account"), or None for a channel
that is no medium ("a statement", "a briefing", "a press conference").

Why a test of its own: the quotes component records any channel a statement went through
("in a statement", "at a briefing", "told RIA Novosti"), but only a news organisation or
channel -- an agency, newspaper, broadcaster, "state media", a named outlet, a social-media
account -- passes a statement on to other outlets, so only such a medium can be a statement's
origin, be dropped by a carrier, or be the medium of "Russian media quoted the president as
saying ...". The words are the lexicon ``media``; pure Python, no parse.
"""

from __future__ import annotations

import re

from newstrail import lexicon

_MEDIA = lexicon.load("media")
NAME_ENDS = frozenset(_MEDIA["outlet_name_ends"])
NAME_STARTS = frozenset(_MEDIA["outlet_name_starts"])
MEDIA_HEADS = frozenset(_MEDIA["media_heads"])


def _names(words) -> re.Pattern:
    """Any of ``words`` as a whole word, case-sensitive, longest first."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")


OUTLETS = _names(_MEDIA["outlets"])
PLATFORMS = _names(_MEDIA["platforms"])
WORD = re.compile(r"[\w’'.&-]+")
NAME_LINKS = {"of", "the", "and", "&", "for"}
PHRASE_CUT = re.compile(r"\s(?:of|with|to|by|for|in|on|from|at|about|that|which|who)\s")


def _strip_article(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.IGNORECASE)


def _outlet_name(phrase: str) -> str | None:
    """A capitalised name in ``phrase`` that ends or starts like an outlet's ("the Harbour
    Times", "Fox News", "Syrian Arab News Agency", "Radio Merovia"); "White House Press
    Secretary Sean Spicer" ends in a person's name, so it is none."""
    run: list[str] = []
    for word in WORD.findall(phrase) + [""]:
        if word[:1].isupper() or (run and word in NAME_LINKS):
            run.append(word)
            continue
        while run and run[-1] in NAME_LINKS:
            run.pop()
        if run and (run[-1] in NAME_ENDS or " ".join(run[-2:]) in NAME_ENDS
                    or run[0] in NAME_STARTS and len(run) > 1):
            return _strip_article(" ".join(run))
        run = []
    return None


def news_medium(phrase: str | None) -> str | None:
    """The news medium a channel or source phrase names, or None.

    Why a test of its own: the quotes component records any channel a statement went through
    ("in a statement", "at a briefing", "told RIA Novosti"), but only a news organisation or
    channel -- an agency, newspaper, broadcaster, "state media", a named outlet, a social-media
    account -- passes a statement on to other outlets, so only such a medium can be an origin
    or be dropped. A named outlet is returned by its name ("an interview with CNN" -> "CNN"),
    any other medium as the phrase without its article ("state media")."""
    if not phrase:
        return None
    named = OUTLETS.search(phrase)
    if named:
        return named.group(0)
    name = _outlet_name(phrase)
    if name:
        return name
    if PLATFORMS.search(phrase):
        return _strip_article(phrase)
    words = WORD.findall(PHRASE_CUT.split(phrase)[0])
    if words and words[-1] in MEDIA_HEADS:  # lower case as written: "International Atomic Energy Agency" is a name
        return _strip_article(phrase)
    return None


